# shellcheck shell=bash
# Shared set-up for scripts/run, scripts/test and scripts/bench. Source it; do not run it.
# Everything here is idempotent: a second call reuses what the first one made.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ODOO_SRC="${ODOO_SRC:-/opt/odoo}"
STATE="${ARENA_STATE_DIR:-$ROOT/.local}"
VENV="${ARENA_VENV:-$ROOT/.venv}"
PGPORT="${ARENA_PG_PORT:-55432}"
PGUSER_ARENA="${ARENA_PG_USER:-arena}"
MQTT_PORT="${ARENA_MQTT_PORT:-1883}"
HTTP_PORT="${ARENA_HTTP_PORT:-8069}"
# The streaming read replica of the cluster on PGPORT (scripts/replica): its port and name.
REPLICA_PORT="${ARENA_REPLICA_PORT:-$((PGPORT + 2))}"
REPLICA_NAME="${ARENA_REPLICA_NAME:-pg-replica}"
PY="$VENV/bin/python"
# The Odoo configuration odoo_bin uses; the end-to-end run of scripts/test points it elsewhere.
ODOO_CONF="$STATE/odoo.conf"
export PGHOST=127.0.0.1 PGPORT PGUSER="$PGUSER_ARENA"
# The threaded Odoo serves at most this many requests at once, so that its request threads
# never need more than its db_maxconn (64) connections: (64 - 1 cron) // 2, see odoo.conf.
export ODOO_MAX_HTTP_THREADS="${ODOO_MAX_HTTP_THREADS:-31}"

# Every addon of ours (sports_* and the generic ones beside them, such as the payment
# providers), in dependency-free order (Odoo sorts them itself).
arena_modules() {
    local mods=()
    for m in "$ROOT"/addons/*/__manifest__.py; do
        [ -f "$m" ] && mods+=("$(basename "$(dirname "$m")")")
    done
    local IFS=,
    echo "${mods[*]}"
}

# What a demo or test database installs next to our addons: Odoo's Chinese chart of
# accounts and cities. No Arena addon depends on them (Arena forces no chart); the demo
# addon sports_demo_cn moves the demo operators onto l10n_cn when it is installed.
demo_extra_modules() {
    echo "l10n_cn,l10n_cn_city"
}

log() { printf '\033[1;34m[arena]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[arena]\033[0m %s\n' "$*" >&2; exit "${2:-1}"; }

check_odoo_src() {
    if [ ! -f "$ODOO_SRC/odoo-bin" ] || [ ! -d "$ODOO_SRC/odoo" ] || [ ! -d "$ODOO_SRC/addons" ]; then
        cat >&2 <<MSG
[arena] Odoo 19 was not found at ODOO_SRC=$ODOO_SRC
[arena] Arena runs on an Odoo 19.0 Community source tree (odoo-bin, odoo/, addons/).
[arena] Get it from https://github.com/odoo/odoo (branch 19.0), then either put it at
[arena] /opt/odoo or point ODOO_SRC at it:   ODOO_SRC=/path/to/odoo scripts/run
MSG
        exit 2
    fi
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

pg_bindir() {
    local d
    for d in /usr/lib/postgresql/*/bin; do
        [ -x "$d/initdb" ] && { echo "$d"; return 0; }
    done
    return 1
}

ensure_system_packages() {
    local missing=()
    pg_bindir >/dev/null || missing+=(postgresql)
    command -v mosquitto >/dev/null || [ -x /usr/sbin/mosquitto ] || missing+=(mosquitto)
    command -v mosquitto_pub >/dev/null || missing+=(mosquitto-clients)
    command -v chromium >/dev/null || missing+=(chromium)
    command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
    command -v socat >/dev/null || missing+=(socat)
    # tests/test_pgbouncer_e2e.py: the compose stack's PgBouncer and nginx, for real.
    command -v pgbouncer >/dev/null || [ -x /usr/sbin/pgbouncer ] || missing+=(pgbouncer)
    command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
    [ "$(fc-list 2>/dev/null | grep -ci "noto.*cjk")" -gt 0 ] || missing+=(fonts-noto-cjk)
    command -v pg_config >/dev/null || missing+=(libpq-dev)
    [ -f /usr/include/ldap.h ] || missing+=(libldap2-dev)
    [ -f /usr/include/sasl/sasl.h ] || missing+=(libsasl2-dev)
    command -v git >/dev/null || missing+=(git)
    python3 -c "import ensurepip, venv" 2>/dev/null || missing+=(python3-venv)
    command -v gcc >/dev/null || missing+=(build-essential)
    python3 -c "import sysconfig, os, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()['include'], 'Python.h')))" \
        || missing+=(python3-dev)
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing Debian packages: ${missing[*]}"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            "${missing[@]}" >/dev/null
    fi
}

ensure_venv() {
    local stamp="$VENV/.arena-requirements" want
    want="$(cat "$ODOO_SRC/requirements.txt" "$ROOT/requirements.txt" "$ROOT/hw_proxy/pyproject.toml" \
        "$ROOT/packages/arena_access/pyproject.toml" \
        | sha256sum | cut -c1-16)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$PY" ]; then
        return 0
    fi
    log "preparing the Python environment in $VENV (first run takes a few minutes)"
    [ -x "$PY" ] || python3 -m venv "$VENV"
    "$PY" -m pip install -q -U pip wheel "setuptools<81"
    "$PY" -m pip install -q -r "$ODOO_SRC/requirements.txt"
    "$PY" -m pip install -q -r "$ROOT/requirements.txt"
    # The shared access package first: Odoo's sports_access imports it, and hw_proxy
    # depends on it by name (arena-access), which pip then finds installed.
    "$PY" -m pip install -q -e "$ROOT/packages/arena_access[test]"
    "$PY" -m pip install -q -e "$ROOT/hw_proxy[test]"
    echo "$want" >"$stamp"
}

pg_run() {
    # PostgreSQL refuses to run as root: use the postgres system account then.
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The cluster lives in .local/pg, unless we run as root and the postgres account cannot
# reach that folder (a checkout under /root): then under /var/lib/arena.
# pg_datadir [NAME]: the folder of the cluster NAME (default "pg").
pg_datadir() {
    local name="${1:-pg}"
    mkdir -p "$STATE"
    if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$STATE" 2>/dev/null; then
        echo "/var/lib/arena/$name-$(echo "$ROOT" | sha1sum | cut -c1-8)"
    else
        echo "$STATE/$name"
    fi
}

# ensure_postgres [NAME]: create and start the cluster NAME (default "pg") on $PGPORT.
ensure_postgres() {
    local bindir data
    bindir="$(pg_bindir)" || die "PostgreSQL binaries not found"
    data="$(pg_datadir "${1:-pg}")"
    if [ ! -f "$data/PG_VERSION" ]; then
        log "creating a PostgreSQL cluster in $data"
        mkdir -p "$data"
        [ "$(id -u)" -eq 0 ] && chown postgres: "$data" && chmod 700 "$data"
        pg_run "$bindir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
        cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PGPORT
unix_socket_directories = '$data'
fsync = on
max_connections = 200
shared_buffers = 256MB
# A source for streaming replicas (scripts/replica); a forgotten slot keeps at most 2 GB.
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
max_slot_wal_keep_size = 2GB
CONF
    fi
    if ! pg_run "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        log "starting PostgreSQL on 127.0.0.1:$PGPORT"
        pg_run "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 start >/dev/null
    fi
    if ! psql -U postgres -d postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname='$PGUSER_ARENA'" | grep -q 1; then
        psql -U postgres -d postgres -qc "CREATE ROLE \"$PGUSER_ARENA\" LOGIN SUPERUSER"
    fi
    ensure_replication_source
}

# ensure_replication_source: let the running cluster on $PGPORT feed streaming replicas.
# Clusters made before scripts/replica existed are patched here, once: a replication line
# for 127.0.0.1 in pg_hba.conf, a cap on the WAL a slot may hold back, and (a restart, only
# when someone lowered them) wal_level and max_wal_senders.
ensure_replication_source() {
    local q="psql -U postgres -d postgres -tAq -c" hba restart=0
    if ! $q "SELECT 1 FROM pg_hba_file_rules WHERE 'replication' = ANY(database)
               AND type = 'host' AND address = '127.0.0.1' AND error IS NULL" | grep -q 1; then
        hba="$($q "SHOW hba_file")"
        log "allowing replication connections from 127.0.0.1 in $hba"
        echo "host    replication     all             127.0.0.1/32            trust" \
            | pg_run tee -a "$hba" >/dev/null
        $q "SELECT pg_reload_conf()" >/dev/null
    fi
    if [ "$($q "SHOW max_slot_wal_keep_size")" = "-1" ]; then
        $q "ALTER SYSTEM SET max_slot_wal_keep_size = '2GB'" && $q "SELECT pg_reload_conf()" >/dev/null
    fi
    if [ "$($q "SHOW wal_level")" = minimal ]; then
        $q "ALTER SYSTEM SET wal_level = 'replica'"; restart=1
    fi
    if [ "$($q "SHOW max_wal_senders")" -lt 2 ]; then
        $q "ALTER SYSTEM SET max_wal_senders = 10"; restart=1
    fi
    if [ "$restart" = 1 ]; then
        log "restarting PostgreSQL on $PGPORT for streaming replication"
        pg_run "$(pg_bindir)/pg_ctl" -D "$($q "SHOW data_directory")" -w -t 60 -m fast restart >/dev/null
    fi
}

# replica_slot: the primary's replication slot of the replica $REPLICA_NAME.
replica_slot() {
    echo "arena_$REPLICA_NAME" | tr -c 'a-z0-9_\n' '_'
}

# ensure_replica: a hot standby of the cluster on $PGPORT in $STATE/$REPLICA_NAME, on
# $REPLICA_PORT, streaming through its own slot (pg_basebackup -R -X stream). Idempotent:
# an existing replica is started if it is not running.
ensure_replica() {
    local bindir data slot
    bindir="$(pg_bindir)" || die "PostgreSQL binaries not found"
    data="$(pg_datadir "$REPLICA_NAME")"
    slot="$(replica_slot)"
    ensure_replication_source
    if [ ! -f "$data/PG_VERSION" ]; then
        log "making a streaming replica of 127.0.0.1:$PGPORT in $data (slot $slot)"
        psql -U postgres -d postgres -tAq -c "SELECT pg_create_physical_replication_slot('$slot', true)
            WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = '$slot')" >/dev/null
        rm -rf "$data" && mkdir -p "$data"
        [ "$(id -u)" -eq 0 ] && chown postgres: "$data" && chmod 700 "$data"
        # (It warns about the primary's socket in its data folder, which it rightly skips.)
        pg_run "$bindir/pg_basebackup" -h 127.0.0.1 -p "$PGPORT" -U postgres -D "$data" \
            -R -X stream -S "$slot" -c fast 2>"$STATE/$REPLICA_NAME.basebackup.log" \
            || { cat "$STATE/$REPLICA_NAME.basebackup.log" >&2; rm -rf "$data"
                 die "pg_basebackup from 127.0.0.1:$PGPORT failed"; }
        # The copy carries the primary's settings: the replica's own come last and win.
        # hot_standby_feedback: the primary's vacuum spares rows a report still reads, so
        # long reports are not cancelled by replay (they hold back its cleanup instead).
        pg_run tee -a "$data/postgresql.conf" >/dev/null <<CONF
# --- streaming replica of 127.0.0.1:$PGPORT (scripts/replica) ---
port = $REPLICA_PORT
unix_socket_directories = '$data'
cluster_name = '$REPLICA_NAME'
hot_standby = on
hot_standby_feedback = on
CONF
        pg_run truncate -s 0 "$data/server.log" 2>/dev/null || true
    fi
    if ! pg_run "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        log "starting the read replica on 127.0.0.1:$REPLICA_PORT"
        pg_run "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w -t 120 start >/dev/null
    fi
}

# replica_wait [SECONDS]: wait until the replica has replayed all the primary has written
# up to now; fails after SECONDS (default 30).
replica_wait() {
    local target deadline=$((SECONDS + ${1:-30}))
    target="$(psql -U postgres -d postgres -tAq -c "SELECT pg_current_wal_lsn()")"
    until [ "$(psql -U postgres -p "$REPLICA_PORT" -d postgres -tAq -c \
        "SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '$target') >= 0")" = t ]; do
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.2
    done
}

# replica_status: the replication as the primary and the replica see it, and the lag.
replica_status() {
    echo "primary 127.0.0.1:$PGPORT (pg_stat_replication):"
    psql -U postgres -d postgres -P pager=off -c "SELECT application_name, state, sync_state,
        sent_lsn, replay_lsn, pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) AS lag_bytes,
        replay_lag FROM pg_stat_replication"
    psql -U postgres -d postgres -P pager=off -c "SELECT slot_name, active,
        pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn) AS retained_bytes, wal_status
        FROM pg_replication_slots"
    echo "replica 127.0.0.1:$REPLICA_PORT:"
    psql -U postgres -p "$REPLICA_PORT" -d postgres -P pager=off -c "SELECT pg_is_in_recovery()
        AS in_recovery, pg_last_wal_receive_lsn() AS received, pg_last_wal_replay_lsn() AS
        replayed, now() - pg_last_xact_replay_timestamp() AS since_last_replayed_commit"
}

# stop_replica: stop the replica (its slot keeps the WAL it has not yet replayed).
stop_replica() {
    local data
    data="$(pg_datadir "$REPLICA_NAME")"
    [ -f "$data/PG_VERSION" ] || return 0
    pg_run "$(pg_bindir)/pg_ctl" -D "$data" status >/dev/null 2>&1 || return 0
    log "stopping the read replica on 127.0.0.1:$REPLICA_PORT"
    pg_run "$(pg_bindir)/pg_ctl" -D "$data" -w -m fast stop >/dev/null
}

# drop_replica: stop the replica, delete it and drop its slot on the primary.
drop_replica() {
    stop_replica
    rm -rf "$(pg_datadir "$REPLICA_NAME")"
    psql -U postgres -d postgres -tAq -c "SELECT pg_drop_replication_slot(slot_name)
        FROM pg_replication_slots WHERE slot_name = '$(replica_slot)'" >/dev/null
}

ensure_mosquitto() {
    local conf="$STATE/mosquitto.conf" bin
    bin="$(command -v mosquitto || echo /usr/sbin/mosquitto)"
    mkdir -p "$STATE"
    cat >"$conf" <<CONF
listener $MQTT_PORT 127.0.0.1
allow_anonymous true
persistence false
pid_file $STATE/mosquitto.pid
log_dest file $STATE/mosquitto.log
CONF
    # As root, mosquitto would drop to its own account, which cannot write here.
    [ "$(id -u)" -eq 0 ] && echo "user root" >>"$conf"
    if "$PY" - "$MQTT_PORT" <<'PYEOF'
import socket, sys
s = socket.socket()
s.settimeout(0.5)
sys.exit(0 if s.connect_ex(("127.0.0.1", int(sys.argv[1]))) == 0 else 1)
PYEOF
    then
        return 0
    fi
    log "starting mosquitto on 127.0.0.1:$MQTT_PORT"
    "$bin" -d -c "$conf"
    sleep 0.3
}

# The Odoo configuration for this machine: the repository's odoo.conf (what containers use)
# with paths, database and interface set for the local cluster.
write_local_conf() {
    local conf="$ODOO_CONF"
    mkdir -p "$STATE"
    local keys="addons_path|data_dir|db_host|db_port|db_user|db_password|http_interface|http_port"
    # With workers, workers_conf sets these instead (a key twice is an error for Odoo).
    [ "${ARENA_WORKERS:-0}" = 0 ] \
        || keys="$keys|workers|gevent_port|max_cron_threads|db_maxconn|limit_time_cpu|limit_time_real"
    {
        grep -vE "^($keys)[[:space:]]*=" "$ROOT/odoo.conf"
        cat <<CONF
addons_path = $ODOO_SRC/addons,$ROOT/addons
data_dir = $STATE/filestore
db_host = 127.0.0.1
db_port = $PGPORT
db_user = $PGUSER_ARENA
http_interface = 127.0.0.1
http_port = $HTTP_PORT
CONF
        workers_conf
        # ARENA_REPLICA=1: read-only requests read from the replica (scripts/replica).
        if [ "${ARENA_REPLICA:-0}" = 1 ]; then
            printf 'db_replica_host = 127.0.0.1\ndb_replica_port = %s\n' "$REPLICA_PORT"
        fi
    } >"$conf"
    echo "$conf"
}

# Multi-worker Odoo (ARENA_WORKERS=N, N > 0): prefork HTTP workers plus the gevent process
# that serves the bus websocket on ARENA_GEVENT_PORT (default HTTP port + 3). Nothing is
# written with ARENA_WORKERS=0 (the default): the threaded server of odoo.conf, with
# ODOO_MAX_HTTP_THREADS above.
# Sizing: Odoo's deployment guide takes workers = 2 * cores + 1 (HTTP requests are
# CPU-bound), plus the cron threads and one gevent process. Each of these processes opens up
# to db_maxconn connections of its own, so connections = (workers + cron threads + 1 gevent)
# * db_maxconn, which must stay under PostgreSQL's max_connections (200, ensure_postgres)
# less a reserve of 20 for psql, scripts and the benchmarks. A prefork worker serves one
# request at a time and borrows one or two connections; the gevent process holds one per
# open bus poll, so it keeps the larger db_maxconn_gevent.
# Memory: limit_memory_soft recycles a worker after its request when it grew past it,
# limit_memory_hard kills it at once; limit_time_cpu/real end a runaway request
# (limit_time_real_cron likewise a cron job).
workers_conf() {
    local workers="${ARENA_WORKERS:-0}" cron="${ARENA_CRON_THREADS:-1}" maxconn
    case "$workers" in '' | *[!0-9]*) die "ARENA_WORKERS must be a number of workers (0 = threaded), not '$workers'" ;; esac
    [ "$workers" -gt 0 ] || return 0
    maxconn=$(((200 - 20) / (workers + cron + 1)))
    [ "$maxconn" -le 8 ] || maxconn=8
    [ "$maxconn" -ge 2 ] || die "ARENA_WORKERS=$workers is too many for max_connections 200: at most $((180 / 2 - cron - 1))"
    cat <<CONF
; ARENA_WORKERS=$workers (scripts/lib.sh workers_conf): prefork workers and the gevent bus
workers = $workers
gevent_port = ${ARENA_GEVENT_PORT:-$((HTTP_PORT + 3))}
max_cron_threads = $cron
db_maxconn = $maxconn
db_maxconn_gevent = $((180 - (workers + cron) * maxconn))
limit_memory_soft = ${ARENA_LIMIT_MEMORY_SOFT:-$((2048 * 1024 * 1024))}
limit_memory_hard = ${ARENA_LIMIT_MEMORY_HARD:-$((2560 * 1024 * 1024))}
limit_time_cpu = 600
limit_time_real = 1200
limit_time_real_cron = 1800
CONF
}

# odoo_bin [SUBCOMMAND] ARGS...: run Odoo against our cluster with our addons.
odoo_bin() {
    local sub=()
    if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then sub=("$1"); shift; fi
    # Subcommands such as "i18n loadlang" take their own positional words first.
    while [ ${#sub[@]} -gt 0 ] && [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; do sub+=("$1"); shift; done
    "$PY" "$ODOO_SRC/odoo-bin" "${sub[@]}" -c "$ODOO_CONF" "$@"
}

db_exists() {
    psql -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$1'" | grep -q 1
}

# db_stamp DB: the database's oid, which changes when the database is recreated.
db_stamp() {
    psql -U postgres -d postgres -tAc "SELECT oid FROM pg_database WHERE datname='$1'"
}

setup_all() {
    check_odoo_src
    ensure_system_packages
    ensure_venv
    ensure_postgres
    ensure_mosquitto
    write_local_conf >/dev/null
}
