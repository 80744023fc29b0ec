"""Operator-to-bureau reporting with two databases on one machine (issue 17).

The e2e database (ARENA_E2E_DB, with demo data) is the venue operator's Arena. A second
database, the district bureau's own Arena, is created here with ``sports_regulatory``
only, without demo data, and served by a second Odoo process on its own port. The
operator's outbox sends a registration and an hour of passenger flow through the signed
uplink; the bureau's database then holds the venue and the flow rows, filed under the
operator company below the bureau, and a second send finds nothing left to send.
"""

import configparser
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import psycopg2
import pytest
from conftest import DB, odoo_shell
from psycopg2 import sql as pg_sql

BUREAU_DB = f"{DB}_bureau"
BUREAU_PORT = int(os.environ.get("ARENA_BUREAU_HTTP_PORT", "8273"))
KEY_ID = "e2e-xuanwu-operator"
SECRET = "e2e-two-databases-shared-key"


def _conf():
    path = os.environ.get("ARENA_ODOO_CONF")
    if not path:
        pytest.skip("ARENA_ODOO_CONF is not set: run through scripts/test")
    parser = configparser.ConfigParser()
    parser.read(path)
    return path, parser["options"]


def _pg(options, dbname):
    return psycopg2.connect(
        dbname=dbname,
        host=options.get("db_host") or None,
        port=options.get("db_port") or None,
        user=options.get("db_user") or None,
        password=options.get("db_password") or None,
    )


def _drop(options):
    conn = _pg(options, "postgres")
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute(
            pg_sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                pg_sql.Identifier(BUREAU_DB)
            )
        )
    conn.close()


def _run(conf_path, args, code=None, timeout=900):
    odoo_src = os.environ.get("ODOO_SRC", "/opt/odoo")
    sub = args[:1] if args[0] == "shell" else []
    cmd = [sys.executable, f"{odoo_src}/odoo-bin", *sub, "-c", conf_path, *args[len(sub) :]]
    result = subprocess.run(
        cmd, input=code, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture(scope="module")
def bureau():
    """The bureau's Arena: its database, an inbound connection, and its Odoo process."""
    conf_path, options = _conf()
    _drop(options)
    _run(
        conf_path,
        [
            "-d",
            BUREAU_DB,
            "-i",
            "sports_regulatory",
            "--without-demo",
            "--stop-after-init",
            "--no-http",
            "--log-level=warn",
            "--max-cron-threads=0",
        ],
    )
    _run(
        conf_path,
        ["shell", "-d", BUREAU_DB, "--no-http", "--log-level=warn"],
        code=(
            "bureau = env['res.company'].create({'name': 'Xuanwu Sports Bureau', "
            "'arena_role': 'district', 'region_id': env.ref('sports_venue.region_320102').id})\n"
            "operator = env['res.company'].create({'name': 'Reporting Operator', "
            "'arena_role': 'operator', 'bureau_parent_id': bureau.id})\n"
            "env['sports.uplink.connection'].create({'name': 'Operator uplink', "
            f"'direction': 'inbound', 'key_id': '{KEY_ID}', 'secret': '{SECRET}', "
            "'company_id': bureau.id, 'receiving_company_id': operator.id})\n"
            "env.cr.commit()\n"
        ),
        timeout=300,
    )
    odoo_src = os.environ.get("ODOO_SRC", "/opt/odoo")
    server = subprocess.Popen(
        [
            sys.executable,
            f"{odoo_src}/odoo-bin",
            "-c",
            conf_path,
            "-d",
            BUREAU_DB,
            f"--db-filter=^{BUREAU_DB}$",
            f"--http-port={BUREAU_PORT}",
            "--max-cron-threads=0",
            "--log-level=warn",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{BUREAU_PORT}"
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(url + "/web/health", timeout=5) as resp:
                if resp.status == 200:
                    break
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            pytest.fail(f"the bureau's Odoo did not start: {server.stderr.read()[-2000:]}")
        time.sleep(1)
    yield url, options
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
    _drop(options)


SENDER = """
import datetime, json
venue = env.ref('sports_venue.venue_xwfit')
# A rerun on the same operator database starts from an empty outbox: the bureau is new.
old = env['sports.uplink.connection'].with_context(active_test=False).search(
    [('key_id', '=', '{key_id}')])
env['sports.uplink.message'].search([('connection_id', 'in', old.ids)]).unlink()
old.unlink()
connection = env['sports.uplink.connection'].create({{
    'name': 'Xuanwu bureau (e2e)', 'direction': 'outbound', 'url': '{url}',
    'key_id': '{key_id}', 'secret': '{secret}', 'company_id': venue.company_id.id,
    'venue_ids': [(6, 0, venue.ids)], 'timeout': 10}})
hour = datetime.datetime(2026, 3, 2, 1)
flows = env['sports.flow.hourly']
flows.search([('venue_id', '=', venue.id), ('hour', '=', hour)]).unlink()
devices = venue.device_ids[:2]
flows.create([{{
    'venue_id': venue.id, 'company_id': venue.company_id.id, 'device_id': device.id,
    'area_id': device.area_id.id, 'source': 'gate', 'hour': hour,
    'hour_end': hour + datetime.timedelta(hours=1), 'date': datetime.date(2026, 3, 2),
    'entries': 30 + n, 'exits': 20 + n, 'is_core_free_area': True,
    'region_id': venue.region_id.id, 'province_code': '320000', 'city_code': '320100',
    'district_code': '320102'}} for n, device in enumerate(devices)])
flows._sports_after_hours(hour, hour + datetime.timedelta(hours=1), venue)
env.cr.commit()
first = env['sports.uplink.message']._cron_send()
env.cr.commit()
second = env['sports.uplink.message']._cron_send()
env.cr.commit()
messages = env['sports.uplink.message'].search([('connection_id', '=', connection.id)])
print('RESULT=' + json.dumps({{
    'first': first, 'second': second, 'devices': len(devices), 'venue': venue.id,
    'states': messages.mapped('state'), 'errors': messages.mapped('last_error'),
    'entries': sum(30 + n for n in range(len(devices)))}}))
"""


def test_an_operator_reports_to_its_bureau_arena(bureau):
    url, options = bureau
    out = odoo_shell(
        SENDER.format(key_id=KEY_ID, secret=SECRET, url=f"{url}/arena/uplink/v1/messages")
    )
    result = json.loads(next(line[7:] for line in out.splitlines() if line.startswith("RESULT=")))
    assert result["states"] == ["acked", "acked"], result
    assert result["first"] == 2 and result["second"] == 0, result
    conn = _pg(options, BUREAU_DB)
    try:
        with conn.cursor() as cr:
            cr.execute(
                """SELECT v.id, v.code, c.name, r.code FROM sports_venue v
                   JOIN res_company c ON c.id = v.company_id
                   LEFT JOIN sports_region r ON r.id = v.region_id
                   WHERE v.uplink_remote_ref = %s""",
                [str(result["venue"])],
            )
            venues = cr.fetchall()
            assert [row[1:] for row in venues] == [("XWFIT", "Reporting Operator", "320102")]
            cr.execute(
                """SELECT count(*), sum(entries), min(hour)::text, min(district_code)
                     FROM sports_flow_hourly WHERE venue_id = %s""",
                [venues[0][0]],
            )
            assert cr.fetchone() == (
                result["devices"],
                result["entries"],
                "2026-03-02 01:00:00",
                "320102",
            )
            cr.execute(
                "SELECT count(*), count(*) FILTER (WHERE duplicate) FROM sports_uplink_inbox"
            )
            assert cr.fetchone() == (2, 0)
    finally:
        conn.close()
