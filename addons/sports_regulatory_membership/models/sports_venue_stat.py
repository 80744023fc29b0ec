from odoo import models
from odoo.tools import SQL


class SportsVenueStat(models.Model):
    """Cards in the daily statistics: an entry with a card counts with its card type's fee
    level and audience (a ticket type's wins when an entitlement has both), and card sales
    are ``card`` revenue of the venue when the card type is valid at that venue only (a
    card of several venues is not split: it stays out of each venue's revenue)."""

    _inherit = "sports.venue.stat"

    def _sports_stat_profile_sql(self):
        joins, fee, audience = super()._sports_stat_profile_sql()
        return (
            SQL(
                """%s
                   LEFT JOIN sports_card card ON card.id = ent.card_id
                   LEFT JOIN sports_card_type ctype ON ctype.id = card.type_id""",
                joins,
            ),
            SQL("COALESCE(%s, ctype.sports_fee_level)", fee),
            SQL("COALESCE(%s, ctype.sports_audience)", audience),
        )

    def _sports_revenue_card_venue_sql(self, product):
        rel = self.env["sports.card.type"]._fields["venue_ids"]
        return SQL(
            """(SELECT MIN(rel.%s) FROM sports_card_type ctype
                  JOIN %s rel ON rel.%s = ctype.id
                 WHERE ctype.product_id = %s
                HAVING COUNT(*) = 1)""",
            SQL.identifier(rel.column2),
            SQL.identifier(rel.relation),
            SQL.identifier(rel.column1),
            product,
        )
