from odoo import api, fields, models


class SportsAccessEntitlement(models.Model):
    _inherit = "sports.access.entitlement"

    kind = fields.Selection(selection_add=[("event", "Event")], ondelete={"event": "cascade"})
    event_registration_id = fields.Many2one(
        comodel_name="event.registration",
        readonly=True,
        index="btree_not_null",
        ondelete="cascade",
    )

    @api.model
    def _gate_fields(self):
        # Read with the gate's lock: the registration an entry marks attended.
        return [*super()._gate_fields(), "event_registration_id"]
