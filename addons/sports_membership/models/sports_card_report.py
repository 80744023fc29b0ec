"""Reporting on member cards in SQL: balances against the ledger, money held on cards."""

from odoo import _, api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .sports_card import BALANCE_FIELDS


class SportsCard(models.Model):
    # sports.card is split by concern (sports_card.py, sports_card_ledger.py, this file).
    _inherit = "sports.card"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------ integrity

    def _check_balance_integrity(self, companies=None):
        """Cards whose stored balances differ from the sum of their moves.

        Scans these cards, or with none every card (of ``companies`` when given).
        Returns a list of ``(card id, field, stored, sum of moves)``; empty when sound.
        """
        self.env.flush_all()
        where = SQL("c.id IN %s", tuple(self.ids)) if self else SQL("TRUE")
        if companies is not None:
            where = SQL("%s AND c.company_id IN %s", where, tuple(companies.ids) or (None,))
        self.env.cr.execute(
            SQL(
                """
            SELECT c.id, COALESCE(c.balance_paid, 0), COALESCE(SUM(m.amount_paid), 0),
                   COALESCE(c.balance_bonus, 0), COALESCE(SUM(m.amount_bonus), 0),
                   COALESCE(c.remaining_uses, 0), COALESCE(SUM(m.uses), 0),
                   COALESCE(c.deposit_balance, 0), COALESCE(SUM(m.amount_deposit), 0)
              FROM sports_card c
              LEFT JOIN sports_card_move m ON m.card_id = c.id
             WHERE %s
          GROUP BY c.id
            """,
                where,
            )
        )
        problems = []
        for row in self.env.cr.fetchall():
            for index, field in enumerate(BALANCE_FIELDS):
                stored, summed = row[1 + 2 * index], row[2 + 2 * index]
                if round(float(stored) - float(summed), 2):
                    problems.append((row[0], field, stored, summed))
        return problems

    def action_check_balance_integrity(self):
        """A manager's check of these cards, or of every card of their companies."""
        if not (self.env.su or self.env.user.has_group("sports_venue.group_arena_manager")):
            raise AccessError(_("Only an Arena manager can check card balances."))
        self.check_access("read")
        problems = self._check_balance_integrity(companies=self.env.companies)
        if problems:
            cards = self.browse({p[0] for p in problems})
            raise UserError(
                _(
                    "These cards do not match their ledger: %(cards)s.",
                    cards=", ".join(cards.mapped("name")),
                )
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _("Every card balance equals the sum of its moves."),
            },
        }

    @api.model
    def _liability_by_type(self, date, company=None):
        """Paid money held on cards at the end of ``date``, per card type (SQL)."""
        company = company or self.env.company
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            SELECT card_type_id, SUM(amount_paid)
              FROM sports_card_move
             WHERE company_id = %s AND date <= %s
          GROUP BY card_type_id
            """,
                company.id,
                date,
            )
        )
        types = dict(self.env.cr.fetchall())
        return {self.env["sports.card.type"].browse(k): float(v) for k, v in types.items()}
