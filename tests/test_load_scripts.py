"""scripts/load lists its scenarios; the multi-worker configuration that scripts/lib.sh writes
(ARENA_WORKERS) is what its comment documents and what Odoo reads; and, with
ARENA_LOAD_SMOKE=1, a small real booking rush (20 members over HTTP against prefork
workers) ends with every member answered, no double booking and no HTTP 5xx."""

import configparser
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ODOO_SRC = os.environ.get("ODOO_SRC", "/opt/odoo")


def listed_scenarios():
    text = (ROOT / "scripts" / "load").read_text(encoding="utf-8")
    table = re.search(r'^SCENARIOS="\n(.*?)^"', text, re.S | re.M).group(1)
    return [line.split()[0] for line in table.splitlines() if line.strip()]


def test_load_without_a_known_name_lists_the_scenarios_and_exits_2():
    assert "booking-rush" in listed_scenarios()
    for args in ([], ["no-such-scenario"], ["--help"]):
        result = subprocess.run(
            [str(ROOT / "scripts" / "load"), *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 2
        for name in listed_scenarios():
            assert f"  {name} " in result.stderr
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", listed_scenarios())
def test_every_scenario_has_its_files_and_options(name):
    module = name.replace("-", "_")
    assert (ROOT / "loadtests" / f"locust_{module}.py").is_file()
    assert (ROOT / "loadtests" / f"prepare_{module}.py").is_file()
    if not Path(ODOO_SRC, "odoo").is_dir():
        pytest.skip(f"no Odoo source tree at {ODOO_SRC}")
    result = subprocess.run(
        [sys.executable, str(ROOT / "loadtests" / "driver.py"), name, "--help"],
        env=dict(os.environ, PYTHONPATH=ODOO_SRC),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for option in ("--users", "--workers", "--smoke", "--no-baseline"):
        assert option in result.stdout


def write_conf(tmp_path, **env):
    """The configuration write_local_conf writes with ``env``, as text, and its exit code."""
    result = subprocess.run(
        ["bash", "-c", 'source scripts/lib.sh && cat "$(write_local_conf)"'],
        cwd=ROOT,
        env=dict(
            os.environ,
            ARENA_STATE_DIR=str(tmp_path),
            ARENA_HTTP_PORT="8074",
            ARENA_PG_PORT="55999",
            **env,
        ),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return result


def options(text):
    # strict=True, as Odoo reads it: a key written twice would be an error.
    parser = configparser.RawConfigParser(strict=True)
    parser.read_string(text)
    return dict(parser["options"])


def test_threaded_configuration_by_default(tmp_path):
    result = write_conf(tmp_path, ARENA_WORKERS="0")
    assert result.returncode == 0, result.stderr
    conf = options(result.stdout)
    assert conf["workers"] == "0"
    assert conf["db_maxconn"] == "64"
    assert conf["http_port"] == "8074"


@pytest.mark.parametrize("workers", [1, 5, 16])
def test_workers_configuration_fits_in_the_connections(tmp_path, workers):
    result = write_conf(tmp_path, ARENA_WORKERS=str(workers))
    assert result.returncode == 0, result.stderr
    conf = options(result.stdout)
    assert int(conf["workers"]) == workers
    assert conf["gevent_port"] == "8077"  # HTTP port + 3
    cron, maxconn = int(conf["max_cron_threads"]), int(conf["db_maxconn"])
    assert 2 <= maxconn <= 8
    processes = workers + cron  # each with a pool of db_maxconn
    # Under max_connections 200 with 20 in reserve, the gevent process included.
    assert processes * maxconn + int(conf["db_maxconn_gevent"]) <= 180
    assert int(conf["db_maxconn_gevent"]) >= maxconn
    assert int(conf["limit_memory_hard"]) > int(conf["limit_memory_soft"]) > 0
    assert int(conf["limit_time_real"]) > int(conf["limit_time_cpu"]) > 0


def test_gevent_port_and_bad_worker_counts(tmp_path):
    conf = options(write_conf(tmp_path, ARENA_WORKERS="3", ARENA_GEVENT_PORT="9100").stdout)
    assert conf["gevent_port"] == "9100"
    for bad in ("three", "-1", "200"):
        result = write_conf(tmp_path, ARENA_WORKERS=bad)
        assert result.returncode != 0
        assert "ARENA_WORKERS" in result.stderr


def test_odoo_reads_the_workers_configuration(tmp_path):
    if not Path(ODOO_SRC, "odoo").is_dir():
        pytest.skip(f"no Odoo source tree at {ODOO_SRC}")
    path = tmp_path / "odoo.conf"
    path.write_text(write_conf(tmp_path, ARENA_WORKERS="5").stdout, encoding="utf-8")
    probe = (
        "import sys, odoo.tools; c = odoo.tools.config; c.parse_config(['-c', sys.argv[1]]); "
        "print(c['workers'], c['gevent_port'], c['db_maxconn'], c['db_maxconn_gevent'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(path)],
        env=dict(os.environ, PYTHONPATH=ODOO_SRC),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    workers, gevent_port, maxconn, maxconn_gevent = result.stdout.split()[-4:]
    assert (workers, gevent_port) == ("5", "8077")
    assert (5 + 1) * int(maxconn) + int(maxconn_gevent) <= 180  # 5 workers, 1 cron


@pytest.mark.skipif(
    os.environ.get("ARENA_LOAD_SMOKE") != "1", reason="a real load run: ARENA_LOAD_SMOKE=1"
)
def test_booking_rush_smoke_run():
    result = subprocess.run(
        [str(ROOT / "scripts" / "load"), "booking-rush", "--smoke"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    state = Path(os.environ.get("ARENA_STATE_DIR", ROOT / ".local"))
    summary = json.loads((state / "load" / "booking-rush" / "summary.json").read_text())
    run = summary["runs"]["ours"]
    assert run["double_bookings"] == 0 and run["http_5xx"] == 0
    # 20 members for 4 slots: every slot taken once, everyone else told so.
    assert run["successes"] == run["won"] == run["hot_slots"] == 4
    assert run["won"] + run["lost"] + run["sold_out_at_grid"] == run["members"]
    assert (state / "load" / "booking-rush" / "report.html").is_file()
    # The run ends once every member has an answer (the staff's list stops with them),
    # not at its bound (--rush, 60 s in the smoke run), and says where its time went.
    phases = run["phases_s"]
    assert phases["after release"] < 60, phases
    assert {"server start", "warm-up", "lead", "locust CPU", "server stop"} <= set(phases)


def test_gate_day_has_its_options():
    assert "gate-day" in listed_scenarios()
    if not Path(ODOO_SRC, "odoo").is_dir():
        pytest.skip(f"no Odoo source tree at {ODOO_SRC}")
    result = subprocess.run(
        [sys.executable, str(ROOT / "loadtests" / "driver.py"), "gate-day", "--help"],
        env=dict(os.environ, PYTHONPATH=ODOO_SRC),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for option in ("--proxies", "--events", "--batch"):
        assert option in result.stdout


@pytest.mark.skipif(
    os.environ.get("ARENA_LOAD_SMOKE") != "1", reason="a real load run: ARENA_LOAD_SMOKE=1"
)
def test_gate_day_smoke_run():
    result = subprocess.run(
        [str(ROOT / "scripts" / "load"), "gate-day", "--smoke"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    state = Path(os.environ.get("ARENA_STATE_DIR", ROOT / ".local"))
    summary = json.loads((state / "load" / "gate-day" / "summary.json").read_text())
    run = summary["runs"]["ours"]
    assert run["http_5xx"] == 0
    # 3 proxies of 300 events each (and a verify each): every event sent is stored once, and the batches
    # resent on purpose came back as duplicates only.
    assert run["proxies"] == 3
    assert run["events_sent"] == run["events_stored"] >= 900 - run["unsent"]
    assert run["lost"] == run["duplicated"] == run["rejected"] == 0
    assert run["resent_batches"] >= 3
    assert run["resent_duplicates"] == run["resent_events"] > 0
    # 6 batches of 50 a proxy: one resent, one followed by a verify, one by a sync.
    for request in ("sync (full)", "upload", "upload (resent)", "verify", "sync", "portal"):
        assert run["requests"][request]["count"] > 0, request
    assert (state / "load" / "gate-day" / "report.html").is_file()
