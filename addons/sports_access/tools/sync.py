"""Change stamps that the proxy's ``sync(cursor)`` pages through.

A trigger stamps every inserted or updated row with the id of its transaction
(``sync_xid``) and a global sequence number (``sync_seq``). ``sync`` only hands out rows of
transactions older than every transaction still running, ordered by ``(sync_xid,
sync_seq)``, so no row can commit later below a cursor already returned.
"""

from odoo.tools import SQL

SEQUENCE = "sports_access_sync_seq"


def install(cr, table):
    cr.execute(SQL("CREATE SEQUENCE IF NOT EXISTS %s", SQL.identifier(SEQUENCE)))
    cr.execute(
        SQL(
            "ALTER TABLE %s ADD COLUMN IF NOT EXISTS sync_xid bigint, "
            "ADD COLUMN IF NOT EXISTS sync_seq bigint",
            SQL.identifier(table),
        )
    )
    cr.execute(
        SQL(
            """CREATE OR REPLACE FUNCTION sports_access_sync_stamp() RETURNS trigger AS $$
               BEGIN
                   NEW.sync_xid := pg_current_xact_id()::text::bigint;
                   NEW.sync_seq := nextval(%s);
                   RETURN NEW;
               END $$ LANGUAGE plpgsql""",
            SEQUENCE,
        )
    )
    trigger = f"{table}_sync_stamp"
    cr.execute(
        SQL(
            "DROP TRIGGER IF EXISTS %s ON %s",
            SQL.identifier(trigger),
            SQL.identifier(table),
        )
    )
    cr.execute(
        SQL(
            "CREATE TRIGGER %s BEFORE INSERT OR UPDATE ON %s "
            "FOR EACH ROW EXECUTE FUNCTION sports_access_sync_stamp()",
            SQL.identifier(trigger),
            SQL.identifier(table),
        )
    )
    cr.execute(
        SQL(
            "CREATE INDEX IF NOT EXISTS %s ON %s (company_id, sync_xid, sync_seq)",
            SQL.identifier(f"{table}_sync_idx"),
            SQL.identifier(table),
        )
    )
