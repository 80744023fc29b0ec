from odoo import api, models
from odoo.tools import SQL


class SportsStallDemo(models.AbstractModel):
    """The demo's sessions stand for days past: their journal entries (and the member card
    spends of their orders) are dated back to those days."""

    _inherit = "sports.stall.demo"

    @api.model
    def _date_back(self, venue, sessions, first):
        """Date the journal entries of ``sessions`` (and of their member card spends) on
        the local day each session closed, renumbered in their journal's sequence for
        that month; the demo top-ups of the cards on ``first``.

        The POS dates a session's entries on the day it closes; these sessions stand for
        days past, and a settled month must be a month of the general ledger too.
        """
        self.env.flush_all()
        dates = {}
        for session in sessions:
            day = venue._local_date(session.stop_at)
            for move in session._get_related_account_moves():
                dates[move.id] = day
        if "sports.card.move" in self.env and sessions:
            start = venue._day_bounds(first)[0]
            rows = self.env.execute_query(
                SQL(
                    """
                    UPDATE sports_card_move cm
                       SET moved_at = COALESCE(p.payment_date, %(start)s)
                      FROM sports_card_move m
                 LEFT JOIN pos_payment p
                        ON p.session_id = ANY(%(sessions)s)
                       AND m.idempotency_key LIKE 'pos-payment-' || p.uuid || '%%'
                     WHERE cm.id = m.id
                       AND (p.id IS NOT NULL OR m.idempotency_key LIKE 'demo-stall-topup-%%')
                 RETURNING cm.id, cm.moved_at, cm.account_move_id
                    """,
                    start=start,
                    sessions=sessions.ids,
                )
            )
            for card_move_id, moved_at, move_id in rows:
                day = venue._local_date(moved_at)
                self.env.execute_query(
                    SQL("UPDATE sports_card_move SET date = %s WHERE id = %s", day, card_move_id)
                )
                if move_id:
                    dates[move_id] = day
        self._renumber(dates)
        self.env.invalidate_all()

    @api.model
    def _renumber(self, dates):
        """Move the posted entries ``{move id: date}`` to their date, each named anew in
        its journal's sequence for that date (after the numbers already taken there)."""
        if not dates:
            return
        moves = self.env["account.move"].browse(sorted(dates, key=lambda i: (dates[i], i)))
        names = {move.id: move.name for move in moves}
        ids = list(names)
        # Free the old names first: a new name may be an old one of another entry.
        self.env.execute_query(
            SQL("UPDATE account_move SET name = name || '~' || id WHERE id = ANY(%s)", ids)
        )
        taken = {}
        for move in moves:
            day = dates[move.id]
            template, values = move._get_sequence_format_param(names[move.id])
            values.update(year=day.year % 10 ** values["year_length"], month=day.month)
            if values.get("year_end"):
                values["year_end"] = (day.year + 1) % 10 ** values["year_end_length"]
            prefix = template.format(**{**values, "seq": 0})[: -values["seq_length"] or None]
            key = (move.journal_id.id, prefix)
            if key not in taken:
                taken[key] = self.env.execute_query(
                    SQL(
                        """
                        SELECT COALESCE(MAX(sequence_number), 0) FROM account_move
                         WHERE journal_id = %s AND sequence_prefix = %s AND NOT id = ANY(%s)
                        """,
                        key[0],
                        prefix,
                        ids,
                    )
                )[0][0]
            taken[key] += 1
            name = template.format(**{**values, "seq": taken[key]})
            self.env.execute_query(
                SQL(
                    """
                    UPDATE account_move
                       SET date = %(day)s, name = %(name)s,
                           sequence_prefix = %(prefix)s, sequence_number = %(number)s
                     WHERE id = %(id)s
                    """,
                    day=day,
                    name=name,
                    prefix=prefix,
                    number=taken[key],
                    id=move.id,
                )
            )
        self.env.execute_query(
            SQL(
                """
                UPDATE account_move_line l SET date = m.date
                  FROM account_move m WHERE m.id = l.move_id AND m.id = ANY(%(ids)s);
                UPDATE account_payment p SET date = m.date
                  FROM account_move m WHERE m.id = p.move_id AND m.id = ANY(%(ids)s);
                UPDATE account_partial_reconcile r SET max_date = GREATEST(d.date, c.date)
                  FROM account_move_line d, account_move_line c
                 WHERE d.id = r.debit_move_id AND c.id = r.credit_move_id
                   AND (d.move_id = ANY(%(ids)s) OR c.move_id = ANY(%(ids)s))
                """,
                ids=ids,
            )
        )
        # Odoo keeps the last number of each sequence for the transaction.
        self.env.cr.cache.pop("sequence.mixin", None)
