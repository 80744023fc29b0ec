"""An answer for callers who lost a race too often: "busy, retry", never a crash.

Odoo replays a request up to five times when PostgreSQL reports a serialisation
failure, a lock timeout or a deadlock. When the last replay fails too (a card charged by
a hundred tills at once), the caller used to get an HTTP 500. It now gets an HTTP 409
with a message that says to try again: nothing was written, and trying again is safe.
"""

from psycopg2 import errors

from odoo import models
from odoo.exceptions import LockError
from odoo.http import request

BUSY_ERRORS = (errors.LockNotAvailable, errors.SerializationFailure, errors.DeadlockDetected)


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _handle_error(cls, exception):
        if isinstance(exception, BUSY_ERRORS):
            busy = LockError(
                request.env._(
                    "This record is busy with other requests right now. Nothing was "
                    "changed; please try again in a moment."
                )
            )
            busy.__cause__ = exception
            return super()._handle_error(busy)
        return super()._handle_error(exception)
