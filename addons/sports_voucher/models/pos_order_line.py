from odoo import api, fields, models


class PosOrderLine(models.Model):
    _inherit = "pos.order.line"

    sports_voucher_id = fields.Many2one(
        comodel_name="sports.voucher",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
        help="On the discount line of a voucher: the voucher redeemed. The server checks "
        "the voucher and the discount again when it accepts the order.",
    )

    @api.model
    def _load_pos_data_fields(self, config):
        return [*super()._load_pos_data_fields(config), "sports_voucher_id"]

    def _sports_voucher_amount(self):
        """What the customer pays for this line, taxes included, computed again from its
        unit price, discount and taxes: the POS's own total of the line is not trusted."""
        self.ensure_one()
        order = self.order_id
        taxes = order.fiscal_position_id.map_tax(self.tax_ids)
        price = self.price_unit * (1 - (self.discount or 0.0) / 100.0)
        if not taxes:
            return order.currency_id.round(price * self.qty)
        result = taxes.compute_all(
            price, order.currency_id, self.qty, product=self.product_id, partner=order.partner_id
        )
        return result["total_included"]

    def _sports_voucher_lines(self):
        """The lines of ``self`` as REDEEM's eligibility engine reads them (see
        ``sports.voucher._check_redeemable``): what the customer pays for each, its product
        category, and its sport when it sells a booking or a ticket of one sport."""
        info = self._sports_voucher_product_info(self.product_id)
        result = []
        for line in self:
            categ_id, sport_id = info.get(line.product_id.id, (False, False))
            vals = {
                "amount": line._sports_voucher_amount(),
                "sport_id": sport_id,
                "categ_id": categ_id,
                "booking_id": False,
                "whole_court": False,
                "start": False,
            }
            # A court booked at the desk (sports_pos_booking's line fields, when it is
            # installed): the sport of the booked court and its start.
            # A group voucher needs the booking itself, which exists only once the order is
            # accepted: group vouchers are redeemed online, not at the desk.
            space = line["sports_space_id"] if "sports_space_id" in line._fields else False
            if space:
                vals.update(self._sports_voucher_space_vals(space))
                vals["start"] = line["sports_start_at"] or False
            result.append(vals)
        return result

    @api.model
    def _sports_voucher_space_vals(self, space):
        """What a court booked at the desk tells the eligibility engine: its sports (a
        court may serve several) and whether it is a whole court (part of no bigger
        space)."""
        # sudo: the cashier may not read spaces; only their sports and layout are used.
        space = space.sudo()
        return {"sport_ids": space.sport_ids.ids, "whole_court": not space.composite_ids}

    @api.model
    def _sports_voucher_product_info(self, products):
        """``{product id: (category id, sport id)}``: the sport a product sells is the one
        sport of the spaces its ticket type opens (none when several or none)."""
        # sudo: the cashier may not read ticket types or spaces; only their sport is used.
        types = (
            self.env["sports.ticket.type"]
            .sudo()
            .with_context(active_test=False)
            .search([("product_id", "in", products.ids)])
        )
        sport_by_product = {}
        for ticket_type in types:
            areas = ticket_type.area_ids
            spaces = areas.space_ids if areas else ticket_type.venue_id.space_ids
            sports = spaces.sport_ids
            if len(sports) == 1:
                sport_by_product[ticket_type.product_id.id] = sports.id
        return {
            product.id: (product.categ_id.id, sport_by_product.get(product.id, False))
            for product in products.sudo()
        }
