from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ


class SportsVoucherCampaignReport(models.Model):
    """A campaign's figures in the shape of the Wuhan voucher dashboard, per batch and
    per venue (a SQL view). Each batch has one row without a venue for what was sent and
    claimed, and one row per venue for what was used there: summing by batch gives the
    batch's funnel, by venue the venues' use."""

    _name = "sports.voucher.campaign.report"
    _description = "Sports Voucher Campaign Report"
    _auto = False
    _order = "release_at desc, batch_id, venue_id"
    _rec_name = "batch_id"

    campaign_id = fields.Many2one("sports.voucher.campaign", readonly=True)
    company_id = fields.Many2one("res.company", string="Bureau", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    batch_id = fields.Many2one("sports.voucher.batch", readonly=True)
    denomination_id = fields.Many2one("sports.voucher.denomination", readonly=True)
    release_at = fields.Datetime(readonly=True)
    venue_id = fields.Many2one("sports.venue", readonly=True)
    operator_company_id = fields.Many2one("res.company", string="Operator", readonly=True)
    quantity_sent = fields.Integer(string="Sent", readonly=True, aggregator="sum")
    quantity_claimed = fields.Integer(string="Claimed", readonly=True, aggregator="sum")
    quantity_used = fields.Integer(string="Used", readonly=True, aggregator="sum")
    amount_used = fields.Monetary(
        string="Voucher Amount Used", readonly=True, aggregator="sum", help="Discounts granted."
    )
    order_amount = fields.Monetary(
        readonly=True, aggregator="sum", help="What the orders the vouchers were used on came to."
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT b.id * 2 AS id, b.campaign_id, c.company_id, co.currency_id,
                   b.id AS batch_id, b.denomination_id, b.release_at,
                   NULL::integer AS venue_id, NULL::integer AS operator_company_id,
                   b.quantity AS quantity_sent,
                   (SELECT count(*) FROM sports_voucher sv WHERE sv.batch_id = b.id)
                       AS quantity_claimed,
                   0 AS quantity_used, 0::numeric AS amount_used, 0::numeric AS order_amount
              FROM sports_voucher_batch b
              JOIN sports_voucher_campaign c ON c.id = b.campaign_id
              JOIN res_company co ON co.id = c.company_id
            UNION ALL
            SELECT (row_number() OVER (ORDER BY v.batch_id, r.venue_id)) * 2 + 1 AS id,
                   b.campaign_id, c.company_id, co.currency_id,
                   b.id, b.denomination_id, b.release_at,
                   r.venue_id, min(r.company_id),
                   0, 0,
                   count(DISTINCT r.voucher_id), sum(r.discount), sum(r.order_amount)
              FROM sports_voucher_redemption r
              JOIN sports_voucher v ON v.id = r.voucher_id
              JOIN sports_voucher_batch b ON b.id = v.batch_id
              JOIN sports_voucher_campaign c ON c.id = b.campaign_id
              JOIN res_company co ON co.id = c.company_id
             WHERE r.state = 'valid'
          GROUP BY b.id, b.campaign_id, c.company_id, co.currency_id, b.denomination_id,
                   b.release_at, r.venue_id, v.batch_id
            """
        )

    def _sports_figures(self, campaign, by):
        """``[{key, sent, claimed, used, used_ratio, amount_used, order_amount,
        pull_ratio}]`` of ``campaign`` grouped ``by`` 'batch_id' or 'venue_id'."""
        groups = self._read_group(
            [("campaign_id", "=", campaign.id)],
            [by],
            [
                "quantity_sent:sum",
                "quantity_claimed:sum",
                "quantity_used:sum",
                "amount_used:sum",
                "order_amount:sum",
            ],
        )
        rows = []
        for key, sent, claimed, used, amount_used, order_amount in groups:
            if by == "venue_id" and not key:
                continue
            rows.append(
                {
                    "key": key,
                    "sent": sent,
                    "claimed": claimed,
                    "used": used,
                    "used_ratio": used / claimed if claimed else 0.0,
                    "amount_used": amount_used,
                    "order_amount": order_amount,
                    "pull_ratio": order_amount / amount_used if amount_used else 0.0,
                }
            )
        return rows

    def _sports_label(self, key):
        """How a batch or a venue is named in the report: a batch by its denomination and
        its local release time."""
        if key._name == "sports.voucher.batch":
            zone = key.campaign_id.company_id.partner_id.tz or DEFAULT_TZ
            local = fields.Datetime.context_timestamp(key.with_context(tz=zone), key.release_at)
            return f"{key.denomination_id.name} {local:%Y-%m-%d %H:%M}"
        return key.display_name or ""
