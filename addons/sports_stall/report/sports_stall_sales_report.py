from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ


class SportsStallSalesReport(models.Model):
    """Stall sales by stall, day (in the venue's time zone) and settled flag, read from the
    POS order lines attributed to stalls (a SQL view). A stall's sales in a POS session
    are settled once a run wrote the session's marker for the stall."""

    _name = "sports.stall.sales.report"
    _description = "Stall Sales Analysis"
    _auto = False
    _order = "date desc, stall_id"
    _rec_name = "stall_id"

    date = fields.Date(readonly=True, help="The orders' day in the venue's time zone.")
    stall_id = fields.Many2one(comodel_name="sports.stall", readonly=True)
    venue_id = fields.Many2one(comodel_name="sports.venue", readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    currency_id = fields.Many2one(comodel_name="res.currency", readonly=True)
    contract_id = fields.Many2one(comodel_name="sports.stall.contract", readonly=True)
    partner_id = fields.Many2one(comodel_name="res.partner", string="Merchant", readonly=True)
    settled = fields.Boolean(
        readonly=True, help="A settlement run settled these sales (their session's marker)."
    )
    settlement_state = fields.Selection(
        [("settled", "Settled"), ("unsettled", "Not settled")],
        string="Settlement",
        readonly=True,
    )
    order_count = fields.Integer(string="Orders", readonly=True, aggregator="sum")
    quantity = fields.Float(readonly=True, aggregator="sum")
    amount = fields.Monetary(
        string="Sales", readonly=True, aggregator="sum", help="Net of refunds, tax included."
    )

    @property
    def _table_query(self):
        return SQL(
            """
            WITH line AS (
                SELECT l.id,
                       l.sports_stall_id AS stall_id,
                       o.id AS order_id,
                       l.qty,
                       l.price_subtotal_incl,
                       (o.date_order AT TIME ZONE 'UTC'
                                     AT TIME ZONE COALESCE(v.tz, %(tz)s))::date AS date,
                       st.venue_id,
                       st.company_id,
                       EXISTS (SELECT 1 FROM sports_stall_session_settled m
                                WHERE m.session_id = o.session_id
                                  AND m.stall_id = l.sports_stall_id) AS settled
                  FROM pos_order_line l
                  JOIN pos_order o ON o.id = l.order_id
                  JOIN sports_stall st ON st.id = l.sports_stall_id
                  JOIN sports_venue v ON v.id = st.venue_id
                 WHERE l.sports_stall_id IS NOT NULL
                   AND o.state IN ('paid', 'done')
            )
            SELECT min(line.id) AS id,
                   line.date,
                   line.stall_id,
                   line.venue_id,
                   line.company_id,
                   c.currency_id,
                   k.id AS contract_id,
                   k.partner_id,
                   line.settled,
                   CASE WHEN line.settled THEN 'settled' ELSE 'unsettled' END
                       AS settlement_state,
                   count(DISTINCT line.order_id) AS order_count,
                   sum(line.qty) AS quantity,
                   sum(line.price_subtotal_incl) AS amount
              FROM line
              JOIN res_company c ON c.id = line.company_id
              -- At most one contract of a stall covers a day (the no-overlap constraint).
              LEFT JOIN sports_stall_contract k
                     ON k.stall_id = line.stall_id
                    AND k.date_start <= line.date
                    AND (k.date_end IS NULL OR k.date_end >= line.date)
             GROUP BY line.date, line.stall_id, line.venue_id, line.company_id, c.currency_id,
                      k.id, k.partner_id, line.settled
            """,
            tz=DEFAULT_TZ,
        )
