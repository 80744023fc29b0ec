from odoo import api, fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    sports_pos_needs_server = fields.Boolean(
        compute="_compute_sports_pos_needs_server",
        string="Sold Only Online in the POS",
        help="The POS sells this product only while it reaches the server: the sale issues "
        "a ticket, books a court or moves a member card, which the server must accept.",
    )

    def _compute_sports_pos_needs_server(self):
        """Ticket products; bridge addons add their own (bookings, cards, top-ups)."""
        # sudo: the cashier may not read ticket types; only which products they sell matters.
        types = (
            self.env["sports.ticket.type"]
            .sudo()
            .with_context(active_test=False)
            .search([("product_id.product_tmpl_id", "in", self.ids)])
        )
        ticket_templates = types.product_id.product_tmpl_id
        for template in self:
            template.sports_pos_needs_server = template in ticket_templates

    @api.model
    def _load_pos_data_fields(self, config_id):
        return [*super()._load_pos_data_fields(config_id), "sports_pos_needs_server"]
