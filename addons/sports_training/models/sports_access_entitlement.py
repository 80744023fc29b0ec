from odoo import api, fields, models


class SportsAccessEntitlement(models.Model):
    """An enrolment is a credential for its sessions' time windows: each expected
    attendance (one enrolment in one session, or a make-up) gets a pass of kind
    ``training``, valid from shortly before the session to its end."""

    _inherit = "sports.access.entitlement"

    kind = fields.Selection(
        selection_add=[("training", "Training")], ondelete={"training": "cascade"}
    )
    training_attendance_id = fields.Many2one(
        comodel_name="sports.training.attendance",
        readonly=True,
        index="btree_not_null",
        ondelete="cascade",
    )

    @api.model
    def _gate_fields(self):
        # Read with the gate's lock: the seat an entry marks present.
        return [*super()._gate_fields(), "training_attendance_id"]
