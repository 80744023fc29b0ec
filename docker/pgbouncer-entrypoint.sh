#!/bin/sh
# Writes PgBouncer's userlist from the environment (never from a committed file), then
# runs PgBouncer in the foreground with the configuration given as argument.
#   PGBOUNCER_USER      the PostgreSQL role Odoo logs in as (default odoo)
#   POSTGRES_PASSWORD   its password; PgBouncer checks clients against it and logs in
#                       to PostgreSQL with it (SCRAM both ways)
set -eu
: "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD (docker/.env)}"
user="${PGBOUNCER_USER:-odoo}"
umask 077
mkdir -p /tmp/pgbouncer
# userlist.txt format: "user" "password", with any double quote doubled.
printf '"%s" "%s"\n' "$user" "$(printf '%s' "$POSTGRES_PASSWORD" | sed 's/"/""/g')" \
    >/tmp/pgbouncer/userlist.txt
exec pgbouncer "$@"
