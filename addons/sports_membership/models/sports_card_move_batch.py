"""Card accounting in batches: spends are posted a batch at a time, not one by one.

``charge()`` writes only its ledger row, flagged ``accounting_pending``. The batch (the
cron "Member cards: post accounting", every 5 minutes, the manager's menu *Post Card
Accounting*, and a POS session's close for its own spends) posts ONE journal entry per
company, card type, day, kind, clearing account and revenue account, and links the moves it
covered. It is idempotent and crash-safe: it locks the moves it takes with ``FOR UPDATE
SKIP LOCKED`` (a batch running at the same time takes the others), and links each entry
and clears the flag in the same transaction, guarded by a CHECK constraint: a move is
posted once, or, when the batch dies half-way, not at all and by the next run.
"""

from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, clean_context

from .sports_card_checks import MANAGER_GROUP
from .sports_card_move import BATCHED_KINDS


class SportsCardMove(models.Model):
    _inherit = "sports.card.move"

    @api.model
    def _money_moved(self, kind, paid=0.0, bonus=0.0, deposit=0.0, counterpart_account=None):
        """Whether a move of ``kind`` with these amounts has a journal entry to post."""
        clearing = counterpart_account if kind in BATCHED_KINDS else None
        return bool(paid or deposit or (clearing and bonus))

    @api.model
    def _cron_post_card_accounting(self):
        self._post_pending_accounting()

    @api.model
    def _action_post_card_accounting(self):
        """The manager's *Post Card Accounting*: the batch, now, for the current companies."""
        if not (self.env.su or self.env.user.has_group(MANAGER_GROUP)):
            raise AccessError(_("Only an Arena manager can post card accounting."))
        entries = self._post_pending_accounting(companies=self.env.companies)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _("%(count)s card journal entries posted.", count=len(entries)),
            },
        }

    def _post_pending_accounting(self, companies=None):
        """Post the pending moves among these (or, with none, all of ``companies``, or all).

        Returns the journal entries posted. The moves it takes stay locked until the
        caller's commit; moves locked by another batch are left to it.
        """
        self.env.flush_all()
        where = [SQL("accounting_pending")]
        if self:
            where.append(SQL("id IN %s", tuple(self.ids)))
        if companies is not None:
            where.append(SQL("company_id IN %s", tuple(companies.ids) or (None,)))
        self.env.cr.execute(
            SQL(
                "SELECT id FROM sports_card_move WHERE %s ORDER BY id FOR UPDATE SKIP LOCKED",
                SQL(" AND ").join(where),
            )
        )
        # sudo: the batch posts for the cashiers who charged the cards; they have no
        # accounting rights, and the moves were validated by the ledger under the card lock.
        moves = self.sudo().browse([row[0] for row in self.env.cr.fetchall()])
        moves.invalidate_recordset()
        groups = defaultdict(lambda: self.sudo().browse())
        for move in moves:
            key = (
                move.company_id,
                move.card_type_id,
                move.date,
                move.kind,
                move.counterpart_account_id,
                move.revenue_account_id,
            )
            groups[key] |= move
        entries = self.env["account.move"].sudo()
        for key, group in groups.items():
            entries |= group._post_batch_entry(*key)
        return entries.sudo(False)

    def _post_batch_entry(self, company, card_type, day, kind, counterpart, revenue):
        """Post one entry for these moves (one group of the batch) and link them to it."""
        totals = defaultdict(float)
        for move in self:
            for account, balance in move._accounting_lines(revenue or None, counterpart or None):
                totals[account] += balance
        company = company._arena_card_accounting()
        round_ = company.currency_id.round
        lines = [(account, round_(balance)) for account, balance in totals.items()]
        lines = [(account, balance) for account, balance in lines if balance]
        entry = self.env["account.move"]
        if lines:
            kinds = dict(self._fields["kind"]._description_selection(self.env))
            entry = (
                self.env["account.move"]
                .with_context(clean_context(self.env.context))
                .sudo()
                .with_company(company)
                .create(
                    {
                        "move_type": "entry",
                        "journal_id": company.card_journal_id.id,
                        "date": day,
                        "ref": _(
                            "%(type)s: %(kind)s of %(date)s (%(count)s moves)",
                            type=card_type.name,
                            kind=kinds[kind],
                            date=day,
                            count=len(self),
                        ),
                        "line_ids": [
                            fields.Command.create(
                                {
                                    "account_id": account.id,
                                    "name": card_type.name,
                                    "debit": balance if balance > 0 else 0.0,
                                    "credit": -balance if balance < 0 else 0.0,
                                }
                            )
                            for account, balance in lines
                        ],
                    }
                )
            )
            entry.action_post()
        self.env.cr.execute(
            SQL(
                """
            UPDATE sports_card_move SET account_move_id = %s, accounting_pending = FALSE
             WHERE id IN %s AND accounting_pending
                """,
                entry.id or None,
                tuple(self.ids),
            )
        )
        if self.env.cr.rowcount != len(self):
            # Only a batch that did not lock its moves could get here: post nothing.
            raise UserError(_("These card moves were posted by another batch: run it again."))
        self.invalidate_recordset(["account_move_id", "accounting_pending"])
        return entry
