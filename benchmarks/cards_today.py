"""Today's path of a card spend (before issue 20), the baseline of ``scripts/bench cards``:
the spend through the ORM ledger with its own journal entry under the card lock, and 50
such spends at REPEATABLE READ retrying their serialisation failures."""

import time
import uuid

import psycopg2.errors
from harness import user_env

from odoo.exceptions import UserError

# A spend of today's path that loses the race for the card row gets a serialisation
# failure; it is retried after a short random pause, as Odoo's RPC layer does (with more
# tries here: 50 threads queue on one row, and a spend only gives up on a business refusal
# or the time limit). A JSON-2 spend answered 409 "busy" is retried the same way.
RETRY_PAUSE = 0.02


def today_charge(Card, card, amount, ref, key):
    """Today's path (before issue 20): the spend through the ORM ledger (the checks read
    field by field, the key looked up, ``create`` of the move and ``write`` of the card
    under the lock), then its own journal entry, posted in the same transaction while the
    card row is still locked."""
    card = Card.browse(card if isinstance(card, int) else card.id)._check_operable()
    amount = card._check_amount(amount)
    key, ref = card._check_key(key), card._check_ref(ref)
    card._lock()
    existing = card._existing_move(key, "spend", amount_total=-amount)
    if existing:
        return
    card._check_usable()
    card._check_scope()
    if card.currency_id.compare_amounts(amount, card.balance_total) > 0:
        raise UserError(f"card {card.name} holds less than {amount:.2f}")
    from_paid = card._paid_share(amount)
    move = card._ledger("spend", paid=-from_paid, bonus=-(amount - from_paid), key=key, ref=ref)
    move._post_pending_accounting()


def rr_attempts(uid, company_id, card_id, amount, run_key, max_seconds):
    """Today's path under REPEATABLE READ: one spend, retried after serialisation failures
    until accepted or refused."""

    def make_attempt(cr):
        Card = user_env(cr, uid, company_id)["sports.card"]
        key = f"{run_key}-{uuid.uuid4()}"

        def attempt(rng):
            deadline = time.perf_counter() + max_seconds
            tries = 0
            while True:
                tries += 1
                try:
                    today_charge(Card, card_id, amount, "bench spend", key)
                    cr.commit()
                    return ("accepted", tries)
                except UserError:
                    cr.rollback()
                    return ("rejected", tries)
                except psycopg2.errors.SerializationFailure:
                    cr.rollback()
                    if time.perf_counter() > deadline:
                        return ("gave_up", tries)
                    time.sleep(rng.uniform(0, RETRY_PAUSE))

        return attempt

    return make_attempt
