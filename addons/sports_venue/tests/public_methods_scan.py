"""Finding Arena's public methods, and telling whether a call wrote anything.

What ``test_public_methods`` and ``test_fuzz_json2`` need besides the table of
:mod:`public_methods`.
"""

from .arena_addons import is_arena_module


def arena_public_methods(env):
    """``{(model, method): module}`` for every method JSON-2 can call that Arena defines.

    A method counts when a class of an Arena addon (any addon of this repository's
    ``addons/`` folder, the payment providers included) defines it on
    an installed model, its name has no leading underscore, it is not ``@api.private``,
    not a class or static method, and it is not a compute, onchange or constraint method
    nor an override of a method every model has (``create``, ``write``, ``name_search``...).
    """
    from odoo import models  # noqa: PLC0415 (only when the test runs)

    found = {}
    for model_name in env.registry:
        cls = type(env[model_name])
        for klass in cls.__mro__:
            module = getattr(klass, "__module__", "") or ""
            if not is_arena_module(module):
                continue
            for name, value in vars(klass).items():
                if name.startswith("_") or hasattr(models.BaseModel, name):
                    continue
                if isinstance(value, (staticmethod, classmethod)) or not callable(value):
                    continue
                if any(getattr(getattr(k, name, None), "_api_private", False) for k in cls.__mro__):
                    continue
                if any(
                    getattr(value, marker, None)
                    for marker in ("_depends", "_constrains", "_onchange", "_ondelete")
                ):
                    continue
                found.setdefault((model_name, name), module.split(".")[2])
    return found


# Tables whose rows a refused call must leave alone.
FINGERPRINT_EXTRA = (
    "account_move",
    "account_move_line",
    "sale_order",
    "sale_order_line",
    "pos_payment_code_trade",
)


def _arena_tables(cr):
    from odoo.tools import SQL  # noqa: PLC0415 (only when the test runs)

    cr.execute(
        SQL(
            """SELECT tablename FROM pg_tables
                WHERE schemaname = current_schema()
                  AND (tablename LIKE %s OR tablename = ANY(%s))
             ORDER BY tablename""",
            "sports\\_%",
            list(FINGERPRINT_EXTRA),
        )
    )
    return [row[0] for row in cr.fetchall()]


def _digests(cr, tables):
    from odoo.tools import SQL  # noqa: PLC0415 (only when the test runs)

    if not tables:
        return {}
    cr.execute(
        SQL(" UNION ALL ").join(
            SQL(
                # An order-free sum of the versions' hashes: no sort and no long string
                # per table, and any new row version still changes it (bar a 1 in 2**32
                # collision).
                "SELECT %s, COUNT(*), SUM(hashtext(ctid::text)::bigint) FROM %s",
                table,
                SQL.identifier(table),
            )
            for table in tables
        )
    )
    return {name: (count, digest) for name, count, digest in cr.fetchall()}


class WriteProbe:
    """Whether a call made after it was created wrote to Arena's tables, cheaply.

    A fingerprint scans every Arena table twice per call. The probe first reads the
    transaction's own write counters (``pg_stat_xact_user_tables``: rows inserted, updated
    and deleted, attempts included, so they only grow), which cost no scan; only the
    tables whose counters moved are then compared by their row versions, once as the call
    left them and once after the savepoint is rolled back, that is as they were before.
    A write that the call itself undid (a savepoint of its own) is therefore no write.
    """

    _tables = None

    def __init__(self, cr):
        self.cr = cr
        if WriteProbe._tables is None:
            WriteProbe._tables = _arena_tables(cr)
        self.counts = self._counts()

    def _counts(self):
        from odoo.tools import SQL  # noqa: PLC0415 (only when the test runs)

        self.cr.execute(
            SQL(
                """SELECT relname, n_tup_ins + n_tup_upd + n_tup_del
                     FROM pg_stat_xact_user_tables
                    WHERE schemaname = current_schema() AND relname = ANY(%s)""",
                self._tables,
            )
        )
        return dict(self.cr.fetchall())

    def written(self, savepoint):
        """The tables whose rows differ; rolls ``savepoint`` back (it stays open)."""
        try:
            counts = self._counts()
            touched = [t for t, n in counts.items() if n != self.counts.get(t, 0)]
            after = _digests(self.cr, touched)
        finally:
            savepoint.rollback()
        before = _digests(self.cr, touched)
        return sorted(t for t in touched if before.get(t) != after.get(t))
