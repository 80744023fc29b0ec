"""``charge()``: the hot path of member cards (POS, stalls, bookings, gates).

A spend is built around the card row lock, which 50 writers on one card take in turn: the
rate they reach is one over the time the lock is held. So the spend works in three steps.

1. Before the lock, everything that does not change under a spend or that the caller
   gave: the arguments, the caller's right to write the card, and one query for what
   the spend needs of the card, its type and its company (``_spend_facts``: company,
   type, kind, the currency's rounding, whether the type limits where it is used). The
   kind and the type's scope are checked here; the type of a card with moves never
   changes, and a scope being edited at this very moment is a configuration race that
   the lock would not order either.
2. The lock (``_lock``: at READ COMMITTED for a JSON-2 call, see ``sports_card_lock.py``)
   reads in the same statement what a spend may change: state, validity and balances.
   Under it: the card must be usable and hold enough; then one statement inserts the
   move with its idempotency key (``ON CONFLICT DO NOTHING``: a retry finds the first
   spend without a lookup on the happy path) and, only if it was inserted, updates the
   balances. Under the lock a spend thus makes two round trips to PostgreSQL: the
   locking read and this write.
3. The caller commits. The journal entry is the batch's (``sports_card_move_batch.py``).

Why SQL and not ``create``/``write`` for the two writes: the move is append-only and has
no Python constraint or override but ``create``'s filling of company and type, which the
facts give; the card write of a spend changes balances only, which no tracking follows and
whose one listener (the gate pass, ``_ledger_balances_moved``) is called explicitly. The
ORM's per-field machinery (defaults, recomputes, mail.thread's write, the flush) was most
of a spend's time. The database still checks what matters: the UNIQUE key, the
non-negative balances, the pending/posted CHECK. ``SPEND_COLUMNS`` and its test keep the
insert in step with the model's stored fields.

Whatever fails after the lock (a frozen card, too little money, a scope refused before
it) first looks the key up: a retry of a spend that went through returns that spend.
"""

from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare, float_round

# The stored fields of sports.card.move that a spend's insert writes; the others stay NULL
# (``SPEND_NULL_COLUMNS``). A test compares both with the model's stored fields.
SPEND_COLUMNS = (
    "card_id",
    "card_type_id",
    "company_id",
    "kind",
    "amount_paid",
    "amount_bonus",
    "amount_total",
    "uses",
    "amount_deposit",
    "fee_amount",
    "idempotency_key",
    "ref",
    "res_model",
    "res_id",
    "counterpart_account_id",
    "revenue_account_id",
    "accounting_pending",
    "user_id",
    "moved_at",
    "date",
    "create_uid",
    "write_uid",
    "create_date",
    "write_date",
)
SPEND_NULL_COLUMNS = ("id", "note", "account_move_id")
# The insert's columns, composed once: the dates are the transaction's, in SQL.
_VALUE_COLUMNS = tuple(name for name in SPEND_COLUMNS if name not in ("create_date", "write_date"))
_INSERT_COLUMNS = SQL(", ").join(SQL.identifier(name) for name in _VALUE_COLUMNS)


def paid_share(amount, paid, bonus, rounding):
    """The paid part of a spend of ``amount`` from balances ``paid`` and ``bonus``: their
    ratio, rounded to ``rounding``. The last cent goes where the balances still allow it,
    so a spend of the whole balance empties both and neither ever goes negative."""
    total = paid + bonus
    if not float_compare(total, 0, precision_rounding=rounding) > 0:
        return 0.0
    share = float_round(amount * paid / total, precision_rounding=rounding)
    return min(paid, max(share, amount - bonus))


class SportsCard(models.Model):
    _inherit = "sports.card"  # pylint: disable=consider-merging-classes-inherited

    def charge(
        self,
        amount,
        idempotency_key,
        ref=None,
        source=None,
        space=None,
        venue=None,
        revenue_account=None,
        counterpart_account=None,
    ):
        """Spend ``amount`` from a stored-value card; the one entry point for POS and stalls.

        Paid money and bonus are spent in proportion to the card's balances, so each spend
        recognises as revenue only its paid share (see readme/DESCRIPTION.md). A retry with
        the same ``idempotency_key`` returns the first spend and debits nothing.

        ``space`` (a court, a lane) or ``venue`` (a stall's or a till's), records or ids,
        is checked against the card type's scope. ``source`` is the record paid for (a
        record, or ``"model,id"``), ``revenue_account`` a record or an id; the caller
        must be allowed to read each of them. ``counterpart_account`` (the POS's clearing
        account) books the whole amount against it instead of revenue, with the bonus
        share on the company's card bonus discount account.
        """
        # 1. Before the lock.
        card = self._check_operable()
        facts = card._spend_facts()
        rounding = facts["rounding"]
        amount = card._check_amount(amount, rounding=rounding)
        key, ref = card._check_key(idempotency_key), card._check_ref(ref)
        source = card._check_source(source)
        space = card._check_record("sports.space", space, _("The space"))
        venue = card._check_record("sports.venue", venue, _("The venue"))
        revenue_account = card._check_account(revenue_account, _("The revenue account"))
        counterpart_account = card._check_account(counterpart_account, _("The clearing account"))
        refusal = None
        if facts["kind"] != "stored_value":
            refusal = UserError(_("Card %(card)s holds no money to pay with.", card=facts["name"]))
        elif space or venue or facts["scoped"]:
            try:
                card._check_scope(space=space, venue=venue)
            except UserError as error:
                refusal = error

        # 2. Under the lock: what a spend may change, read by the locking statement itself.
        state = card._lock_for_spend()
        # In the order of the checks of every card operation: usable, then the rest.
        refusal = card._usable_refusal(state, facts["name"]) or refusal
        if not refusal and float_compare(amount, state["total"], precision_rounding=rounding) > 0:
            refusal = UserError(
                _(
                    "Card %(card)s holds %(balance).2f, less than %(amount).2f. Top it up first.",
                    card=facts["name"],
                    balance=state["total"],
                    amount=amount,
                )
            )
        expected = {
            "source": source,
            "amount_total": -amount,
            "counterpart_account_id": counterpart_account or self.env["account.account"],
        }
        if refusal:
            existing = card._existing_move(key, "spend", **expected)
            if existing:
                return existing
            raise refusal
        from_paid = paid_share(amount, state["paid"], state["bonus"], rounding)
        paid = float_round(-from_paid, precision_rounding=rounding)
        bonus = float_round(-(amount - from_paid), precision_rounding=rounding)
        Move = self.env["sports.card.move"]
        move_id = card._spend_write(
            facts,
            {
                "kind": "spend",
                "amount_paid": paid,
                "amount_bonus": bonus,
                "amount_total": float_round(paid + bonus, precision_rounding=rounding),
                "idempotency_key": key,
                "ref": ref,
                "res_model": source._name if source else None,
                "res_id": source.id if source else None,
                "counterpart_account_id": counterpart_account.id if counterpart_account else None,
                "revenue_account_id": revenue_account.id if revenue_account else None,
                "accounting_pending": Move._money_moved(
                    "spend", paid, bonus, 0.0, counterpart_account
                ),
            },
            float_round(state["paid"] + paid, precision_rounding=rounding),
            float_round(state["bonus"] + bonus, precision_rounding=rounding),
            rounding,
        )
        if not move_id:  # the key is taken: a retry of a spend that went through
            return card._existing_move(key, "spend", **expected)
        return Move.browse(move_id)

    # ------------------------------------------------------------------ its steps

    def _spend_facts(self):
        """What a spend needs of the card, its type and its company, in one query: the
        company and type ids, the kind, the number, the currency's rounding and whether
        the type limits where it is used (venues, spaces or sports)."""
        self.ensure_one()
        self.env.flush_all()
        Type = self.env["sports.card.type"]
        scopes = [
            SQL(
                "EXISTS (SELECT 1 FROM %s WHERE %s = c.type_id)",
                SQL.identifier(Type._fields[name].relation),
                SQL.identifier(Type._fields[name].column1),
            )
            for name in ("venue_ids", "space_ids", "sport_ids")
        ]
        self.env.cr.execute(
            SQL(
                """
            SELECT c.company_id, c.type_id, c.kind, c.name, cur.rounding, %s
              FROM sports_card c
              JOIN res_company co ON co.id = c.company_id
              JOIN res_currency cur ON cur.id = co.currency_id
             WHERE c.id = %s
                """,
                SQL(" OR ").join(scopes),
                self.id,
            )
        )
        company_id, type_id, kind, name, rounding, scoped = self.env.cr.fetchone()
        return {
            "company_id": company_id,
            "type_id": type_id,
            "kind": kind,
            "name": name,
            "rounding": rounding,
            "scoped": scoped,
        }

    def _lock_for_spend(self):
        """``_lock`` for one card, returning what a spend may change (state, validity,
        balances) as read by the locking statement: under READ COMMITTED that is the row
        as the previous holder committed it."""
        self.ensure_one()
        self.env.flush_all()
        self._wait_in_line()
        self.env.cr.execute(
            SQL(
                """
            SELECT state, valid_from, valid_to, balance_paid, balance_bonus
              FROM sports_card WHERE id = %s FOR UPDATE
                """,
                self.id,
            )
        )
        state, valid_from, valid_to, paid, bonus = self.env.cr.fetchone()
        self.invalidate_recordset()
        paid, bonus = float(paid or 0.0), float(bonus or 0.0)
        return {
            "state": state,
            "valid_from": valid_from,
            "valid_to": valid_to,
            "paid": paid,
            "bonus": bonus,
            "total": paid + bonus,
        }

    def _usable_refusal(self, state, name):
        """The UserError ``_check_usable`` would raise for the locked ``state``, or None."""
        try:
            self._check_usable_values(name, state["state"], state["valid_from"], state["valid_to"])
        except UserError as error:
            return error
        return None

    def _spend_write(self, facts, vals, balance_paid, balance_bonus, rounding):
        """Insert the spend's move and store the balances it left, in one statement (one
        round trip under the lock), then tell the listeners (the gate pass).

        Returns the move's id, or None when its key is already taken: then nothing was
        written, since the card's update only runs for an inserted move."""
        uid = self.env.uid
        vals = dict(
            vals,
            card_id=self.id,
            card_type_id=facts["type_id"],
            company_id=facts["company_id"],
            uses=0,
            amount_deposit=0.0,
            fee_amount=0.0,
            user_id=uid,
            moved_at=fields.Datetime.now(),
            date=self._today(),
            create_uid=uid,
            write_uid=uid,
        )
        self.env.cr.execute(
            SQL(
                """
            WITH move AS (
                INSERT INTO sports_card_move (%s, create_date, write_date)
                VALUES (%s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')
                ON CONFLICT (company_id, idempotency_key) DO NOTHING
                RETURNING id
            ), card AS (
                UPDATE sports_card
                   SET balance_paid = %s, balance_bonus = %s, balance_total = %s,
                       write_uid = %s, write_date = now() AT TIME ZONE 'UTC'
                 WHERE id = %s AND EXISTS (SELECT FROM move)
            )
            SELECT id FROM move
                """,
                _INSERT_COLUMNS,
                SQL(", ".join(["%s"] * len(_VALUE_COLUMNS)), *(vals[n] for n in _VALUE_COLUMNS)),
                balance_paid,
                balance_bonus,
                float_round(balance_paid + balance_bonus, precision_rounding=rounding),
                uid,
                self.id,
            )
        )
        row = self.env.cr.fetchone()
        if not row:
            return None
        # What the ORM's write would do after the UPDATE: drop the card's cached values and
        # what depends on the balances elsewhere (a POS receipt's card balance). The stored
        # total was written with them: no recompute.
        self.invalidate_recordset()
        self.modified(["balance_paid", "balance_bonus", "balance_total"])
        self.env.remove_to_compute(self._fields["balance_total"], self)
        self._ledger_balances_moved()
        return row[0]

    def _ledger_balances_moved(self):
        """Hook: the balances of these cards were changed in SQL by a spend."""

    def _paid_share(self, amount):
        """The paid part of a spend of ``amount`` from this card (``paid_share``)."""
        self.ensure_one()
        return paid_share(amount, self.balance_paid, self.balance_bonus, self.currency_id.rounding)
