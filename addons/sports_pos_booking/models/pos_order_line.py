from odoo import api, fields, models


class PosOrderLine(models.Model):
    _inherit = "pos.order.line"

    sports_space_id = fields.Many2one(
        comodel_name="sports.space",
        string="Booked Space",
        index="btree_not_null",
        ondelete="restrict",
        help="The court this line books; set by the Book court dialog of the POS.",
    )
    sports_start_at = fields.Datetime(string="Booking Start")
    sports_end_at = fields.Datetime(string="Booking End")
    sports_booking_ids = fields.One2many(
        comodel_name="sports.booking",
        inverse_name="pos_order_line_id",
        string="Court Bookings",
        help="The booking this line made when the server accepted the order.",
    )

    @api.model
    def _load_pos_data_fields(self, config):
        return [
            *super()._load_pos_data_fields(config),
            "sports_space_id",
            "sports_start_at",
            "sports_end_at",
        ]

    def _sports_card_charge_scope(self):
        """A member card pays for a booking line only if it may book the line's space."""
        scope = super()._sports_card_charge_scope()
        if self.sports_space_id:
            scope["space"] = self.sports_space_id
        return scope
