from odoo import Command, api, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.model
    def _arena_prepaid_order(self, partner, company, origin, line_vals_list):
        """A quotation of ``partner`` in ``company``, to be paid in full online.

        This is how the portal and the website sell what Arena prices on the server
        (bookings, tickets, card top-ups): the caller checks that the buyer may buy and
        passes the order lines with their server-computed ``price_unit``. Amounts are in the
        company currency, so no pricelist applies, and no signature is asked.

        :param partner: the buyer (``res.partner``), usually the portal user's own partner
        :param company: the selling company (``res.company``)
        :param origin: the source document shown on the order (a booking or card name...)
        :param line_vals_list: ``sale.order.line`` values, one dict per line
        :returns: the new order, in sudo mode like the portal pages that show it
        """
        # sudo: portal users may not create orders. The buyer is the caller's checked
        # partner and every price comes from the server, never from the browser.
        return (
            self.sudo()
            .with_company(company)
            .create(
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "pricelist_id": False,
                    "require_signature": False,
                    "require_payment": True,
                    "prepayment_percent": 1.0,
                    "origin": origin,
                    "order_line": [Command.create(dict(vals)) for vals in line_vals_list],
                }
            )
        )
