from odoo import fields, models


class SportsAccessEntitlement(models.Model):
    _inherit = "sports.access.entitlement"

    kind = fields.Selection(selection_add=[("event", "Event")], ondelete={"event": "cascade"})
    event_registration_id = fields.Many2one(
        comodel_name="event.registration",
        readonly=True,
        index="btree_not_null",
        ondelete="cascade",
    )
