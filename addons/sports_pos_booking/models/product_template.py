from odoo import api, fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    sports_court_booking = fields.Boolean(
        string="Court Booking",
        help="Sold by the Book court button of the POS: each line books a space from a "
        "start to an end, priced by the venue's price rules.",
    )

    @api.depends("sports_court_booking")
    def _compute_sports_pos_needs_server(self):
        """Court bookings need the server: it books the slot when it accepts the order."""
        result = super()._compute_sports_pos_needs_server()
        for template in self.filtered("sports_court_booking"):
            template.sports_pos_needs_server = True
        return result

    @api.model
    def _load_pos_data_fields(self, config_id):
        return [*super()._load_pos_data_fields(config_id), "sports_court_booking"]
