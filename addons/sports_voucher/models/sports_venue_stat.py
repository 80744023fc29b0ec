from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ


class SportsVenueStat(models.Model):
    """The daily statistics count the vouchers redeemed at each venue."""

    _inherit = "sports.venue.stat"

    @api.model
    def _sports_stat_voucher_counts(self, venues, date_from, date_to):
        """``{(venue_id, date): (count, amount)}``: the valid redemptions of ``venues`` on
        their local days ``[date_from, date_to]``, and the sum of their discounts."""
        result = super()._sports_stat_voucher_counts(venues, date_from, date_to)
        if not venues:
            return result
        date_from = fields.Date.to_date(date_from)
        date_to = fields.Date.to_date(date_to)
        self.env["sports.voucher.redemption"].flush_model(["venue_id", "redeemed_at", "state"])
        self.env.cr.execute(
            SQL(
                """
                SELECT r.venue_id,
                       (r.redeemed_at AT TIME ZONE 'UTC'
                            AT TIME ZONE COALESCE(v.tz, %(tz)s))::date AS day,
                       count(*), COALESCE(sum(r.discount), 0)
                  FROM sports_voucher_redemption r
                  JOIN sports_venue v ON v.id = r.venue_id
                 WHERE r.venue_id IN %(venues)s
                   AND r.state = 'valid'
                   AND r.redeemed_at >= %(start)s AND r.redeemed_at < %(end)s
              GROUP BY 1, 2
                """,
                tz=DEFAULT_TZ,
                venues=tuple(venues.ids),
                # One day of margin either side; the local day filters exactly below.
                start=min(v._day_bounds(date_from)[0] for v in venues),
                end=max(v._day_bounds(date_to)[1] for v in venues),
            )
        )
        for venue_id, day, count, amount in self.env.cr.fetchall():
            if date_from <= day <= date_to:
                result[venue_id, day] = (count, float(amount))
        return result
