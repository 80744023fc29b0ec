from odoo import api, fields, models


class PosConfig(models.Model):
    _inherit = "pos.config"

    sports_venue_id = fields.Many2one(
        comodel_name="sports.venue",
        string="Venue",
        check_company=True,
        index="btree_not_null",
        help="The venue this desk sells for.",
    )

    @api.model
    def _sports_pos_demo_products(self, venue):
        """Offer the ticket products of ``venue`` in the POS (demo data)."""
        venue = self.env["sports.venue"].browse(venue)
        types = self.env["sports.ticket.type"].search([("venue_id", "=", venue.id)])
        # sudo: demo data loaded by the installer; the products belong to the ticket types.
        types.product_id.sudo().write({"available_in_pos": True})
