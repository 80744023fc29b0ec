from odoo import models
from odoo.tools import SQL


class SportsVenueStat(models.Model):
    """Revenue of a venue's days, by category, in the company currency.

    sports_regulatory depends on sports_access, sports_booking and account only, so it
    reads two sources, and a bridge may add more through :meth:`_sports_revenue_sources`:

    - posted customer invoices and credit notes (``account.move.line`` of a posted move,
      product lines, by accounting date), through the sale order lines they invoice:
      ``booking`` when the sale line carries a booking of the venue, ``ticket`` when its
      product is the product of one of the venue's ticket types, ``other`` for the other
      lines of an order that holds a booking of the venue (equipment, extras). Amounts are
      ``-balance``: revenue net of tax, credit notes negative;
    - when sports_pos is installed, paid and posted POS orders of the venue's points of
      sale (``pos.config.sports_venue_id``), by the order's local day, net of tax:
      ``stall`` for the lines of a merchant stall (sports_stall: the stalls' gross sales),
      ``ticket`` for ticket products, ``goods`` for everything else. POS orders are read
      from the orders, never from their invoices, so nothing is counted twice.

    Member cards are sold through sale orders and POS too; sports_regulatory_membership
    counts them as ``card``.
    """

    _inherit = "sports.venue.stat"

    def _sports_revenue(self, venue, date_from, date_to, start, end):
        """``{day: {category: amount}}`` of the venue."""
        revenue = {}
        for query in self._sports_revenue_sources(venue, date_from, date_to, start, end):
            self.env.cr.execute(query)
            for day, category, amount in self.env.cr.fetchall():
                money = revenue.setdefault(day, {})
                money[category] = money.get(category, 0.0) + float(amount or 0.0)
        currency = venue.company_id.currency_id
        return {
            day: {category: currency.round(amount) for category, amount in money.items()}
            for day, money in revenue.items()
        }

    def _sports_revenue_sources(self, venue, date_from, date_to, start, end):
        """The queries that return ``(day, category, amount)`` rows of the venue."""
        for model in (
            "account.move.line",
            "account.move",
            "sale.order.line",
            "sports.ticket.type",
        ):
            self.env[model].flush_model()
        queries = [self._sports_revenue_invoices_sql(venue, date_from, date_to)]
        if "pos.config" in self.env and "sports_venue_id" in self.env["pos.config"]._fields:
            for model in ("pos.order", "pos.order.line"):
                self.env[model].flush_model()
            queries.append(self._sports_revenue_pos_sql(venue, start, end))
        return queries

    def _sports_revenue_card_venue_sql(self, product):
        """SQL of the venue a member card sold as ``product`` (a product id column) is
        counted for, NULL when the product is no card's; always NULL here, the membership
        bridge overrides it."""
        return SQL("NULL::int")

    def _sports_revenue_invoices_sql(self, venue, date_from, date_to):
        return SQL(
            """SELECT aml.date,
                      CASE WHEN booking.venue_id IS NOT NULL THEN 'booking'
                           WHEN ticket.venue_id IS NOT NULL THEN 'ticket'
                           WHEN %(card_venue)s IS NOT NULL THEN 'card'
                           ELSE 'other' END,
                      SUM(-aml.balance)
                 FROM account_move_line aml
                 JOIN account_move move ON move.id = aml.move_id AND move.state = 'posted'
                 JOIN sale_order_line_invoice_rel rel ON rel.invoice_line_id = aml.id
                 JOIN sale_order_line sol ON sol.id = rel.order_line_id
                 LEFT JOIN LATERAL (SELECT b.venue_id FROM sports_booking b
                                     WHERE b.sale_line_id = sol.id LIMIT 1) booking ON TRUE
                 LEFT JOIN LATERAL (SELECT t.venue_id FROM sports_ticket_type t
                                     WHERE t.product_id = sol.product_id
                                     ORDER BY t.venue_id = %(venue)s DESC LIMIT 1) ticket
                      ON TRUE
                 LEFT JOIN LATERAL (SELECT b.venue_id FROM sports_booking b
                                     WHERE b.sale_order_id = sol.order_id
                                       AND b.venue_id = %(venue)s LIMIT 1) order_booking
                      ON TRUE
                WHERE aml.company_id = %(company)s AND aml.display_type = 'product'
                  AND aml.date >= %(date_from)s AND aml.date <= %(date_to)s
                  AND move.move_type IN ('out_invoice', 'out_refund', 'out_receipt')
                  AND COALESCE(booking.venue_id, ticket.venue_id, %(card_venue)s,
                               order_booking.venue_id) = %(venue)s
                GROUP BY 1, 2""",
            venue=venue.id,
            card_venue=self._sports_revenue_card_venue_sql(SQL("sol.product_id")),
            company=venue.company_id.id,
            date_from=date_from,
            date_to=date_to,
        )

    def _sports_revenue_pos_sql(self, venue, start, end):
        stall = (
            SQL("pol.sports_stall_id IS NOT NULL")
            if "sports_stall_id" in self.env["pos.order.line"]._fields
            else SQL("FALSE")
        )
        return SQL(
            """SELECT (po.date_order AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date,
                      CASE WHEN %(stall)s THEN 'stall'
                           WHEN %(card_venue)s IS NOT NULL THEN 'card'
                           WHEN EXISTS (SELECT 1 FROM sports_ticket_type t
                                         WHERE t.product_id = pol.product_id) THEN 'ticket'
                           ELSE 'goods' END,
                      SUM(pol.price_subtotal)
                 FROM pos_order_line pol
                 JOIN pos_order po ON po.id = pol.order_id
                 JOIN pos_config pc ON pc.id = po.config_id
                WHERE pc.sports_venue_id = %(venue)s AND po.state IN ('paid', 'done')
                  AND po.date_order >= %(start)s AND po.date_order < %(end)s
                GROUP BY 1, 2""",
            tz=venue._tz_name(),
            stall=stall,
            card_venue=self._sports_revenue_card_venue_sql(SQL("pol.product_id")),
            venue=venue.id,
            start=start,
            end=end,
        )
