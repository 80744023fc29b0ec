"""Print the comma-separated modules of MODULES not installed in database DB.

Usage: missing_modules.py DB MODULES  (connects with the PG* environment variables).
"""

import sys

import psycopg2


def main(db, modules):
    wanted = [m for m in modules.split(",") if m]
    with psycopg2.connect(dbname=db) as conn, conn.cursor() as cr:
        cr.execute(
            "SELECT name FROM ir_module_module WHERE state = 'installed' AND name = ANY(%s)",
            (wanted,),
        )
        installed = {row[0] for row in cr.fetchall()}
    print(",".join(m for m in wanted if m not in installed))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
