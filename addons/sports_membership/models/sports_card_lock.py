"""The card lock every card operation takes, and the isolation it runs under."""

from odoo import models, sql_db
from odoo.http import request
from odoo.tools import SQL


class SportsCard(models.Model):
    _inherit = "sports.card"  # pylint: disable=consider-merging-classes-inherited

    def _lock(self):
        """Lock the card rows for the rest of the transaction.

        Every operation calls this right after checking its arguments and the caller's
        rights, before it reads the card's balances, moves or keys. Under Odoo's
        REPEATABLE READ, a caller that waits for the lock while another commits a change
        of the card fails with a serialisation failure: its snapshot is older than that
        change, and no lock on another row can help, since the balance it then reads would
        be that stale snapshot's. The isolation choice: the hot entry point (a card call of
        the API, e.g. a spend over JSON-2) runs its critical section as the first work of
        a READ COMMITTED transaction (``_wait_in_line``), where ``FOR UPDATE`` waits for
        the holder's commit and then reads the row as committed, so 50 writers on one card
        queue instead of failing; the balance check, the move and the balance update run
        under the lock, and the spend's journal entry is left to the batch
        (``sports_card_move_batch.py``), which keeps the lock short. READ COMMITTED is
        sound here because everything the operation decides on (balances, state, the
        idempotency key's move) is read after the lock, from a row nobody else may change
        until we commit, and the idempotency key is UNIQUE. It is not used inside a larger
        transaction (a POS order, a booking), whose earlier reads rely on one snapshot:
        there the caller keeps REPEATABLE READ. Any other caller that loses the race is replayed by Odoo's RPC layer, and one that loses its
        last replay is answered HTTP 409 "busy, try again"
        (``sports_venue/models/ir_http.py``): nothing was written, and the same call with
        the same key is safe to send again.
        """
        if not self:
            return self
        self.env.flush_all()
        self._wait_in_line()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM sports_card WHERE id IN %s ORDER BY id FOR UPDATE",
                tuple(self.ids),
            )
        )
        self.invalidate_recordset()
        return self

    def _wait_in_line(self):
        """Start the transaction of a card API call again, at READ COMMITTED.

        Only for a JSON-2 call of a ``sports.card`` method whose transaction has written
        and locked nothing yet (PostgreSQL gave it no transaction id): what it read so far
        were the checks of its own arguments and rights, and it may start again. At READ
        COMMITTED the lock below waits for the callers ahead and then reads the card as
        they left it; each later statement sees what was committed before it, and the
        card row stays locked to us until we commit. Everywhere else (inside a larger
        transaction, in tests, in crons) the transaction is left as it is.
        """
        cr = self.env.cr
        if not (isinstance(cr, sql_db.Cursor) and request and request.httprequest):
            return
        if not request.httprequest.path.startswith(f"/json/2/{self._name}/"):
            return
        cr.execute(SQL("SELECT pg_current_xact_id_if_assigned() IS NULL"))
        if not cr.fetchone()[0]:
            return
        cr.rollback()
        cr.execute(SQL("SET TRANSACTION ISOLATION LEVEL READ COMMITTED"))
        self.env.invalidate_all()
