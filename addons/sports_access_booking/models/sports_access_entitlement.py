from datetime import timedelta

from odoo import api, fields, models

# How long before its start a booking opens its area.
BOOKING_LEAD = timedelta(minutes=15)


class SportsAccessEntitlement(models.Model):
    _inherit = "sports.access.entitlement"

    booking_id = fields.Many2one(
        comodel_name="sports.booking",
        readonly=True,
        index="btree_not_null",
        ondelete="cascade",
        help="The court booking whose confirmation opened this pass.",
    )

    @api.model
    def _gate_fields(self):
        # Read with the gate's lock: the booking an entry checks in.
        return [*super()._gate_fields(), "booking_id"]
