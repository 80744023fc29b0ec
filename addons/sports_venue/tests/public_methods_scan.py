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


def fingerprint(cr):
    """Row count and a checksum of the row versions (``ctid``) of every Arena table.

    Any insert, update or delete changes a table's digest (an update writes a new row
    version), and a rolled-back one leaves it as it was: comparing two fingerprints
    tells whether anything was written in between.
    """
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
    tables = [row[0] for row in cr.fetchall()]
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


def fingerprint_diff(before, after):
    return sorted(t for t in set(before) | set(after) if before.get(t) != after.get(t))
