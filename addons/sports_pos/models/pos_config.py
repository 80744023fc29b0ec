from odoo import Command, api, fields, models


class PosConfig(models.Model):
    _inherit = "pos.config"

    sports_venue_id = fields.Many2one(
        comodel_name="sports.venue",
        string="Venue",
        check_company=True,
        index="btree_not_null",
        help="The venue this desk sells for.",
    )

    @api.onchange("sports_venue_id")
    def _onchange_sports_venue_id(self):
        """A desk picks its goods from its venue's warehouse."""
        picking_type = self.sports_venue_id.warehouse_id.pos_type_id
        if picking_type:
            self.picking_type_id = picking_type

    @api.model
    def _sports_pos_demo_products(self, venue, category=False):
        """Offer the ticket products of ``venue`` in the POS, in ``category`` (demo data)."""
        venue = self.env["sports.venue"].browse(venue)
        types = self.env["sports.ticket.type"].search([("venue_id", "=", venue.id)])
        vals = {"available_in_pos": True}
        if category:
            vals["pos_categ_ids"] = [Command.link(category)]
        # sudo: demo data loaded by the installer; the products belong to the ticket types.
        types.product_id.sudo().write(vals)

    @api.model
    def _sports_pos_demo_desk(self, config, warehouse, stock, rentals):
        """Demo: the desk ``config`` picks from ``warehouse``, which holds ``stock``
        (``{product id: quantity}``); ``rentals`` maps each rented item (a template id) to
        its deposit product (a template id), which gets the rental deposits account."""
        config = self.browse(config)
        warehouse = self.env["stock.warehouse"].browse(warehouse)
        config.sports_venue_id.warehouse_id = warehouse
        config.picking_type_id = warehouse.pos_type_id
        Quant = self.env["stock.quant"].with_context(inventory_mode=True)
        quants = Quant.create(
            [
                {
                    "product_id": product_id,
                    "location_id": warehouse.lot_stock_id.id,
                    "inventory_quantity": quantity,
                }
                for product_id, quantity in stock.items()
            ]
        )
        quants.action_apply_inventory()
        account = config.company_id._sports_rental_deposit_account()
        Template = self.env["product.template"]
        for item_id, deposit_id in rentals.items():
            deposit = Template.browse(deposit_id)
            deposit.write({"property_account_income_id": account.id, "taxes_id": [(5, 0, 0)]})
            Template.browse(item_id).write(
                {
                    "sports_rental_ok": True,
                    "sports_rental_deposit_product_id": deposit.product_variant_id.id,
                }
            )
        return True
