"""One event with a broken clock never blocks a proxy's outbox (issue 12).

The proxy starts with 500 good events and one whose ``device_time`` Odoo cannot represent
in its outbox, and 50 good readings and one poisoned one in its reading queue. Against an
Odoo that fails the whole batch (HTTP 500, as before issue 12) or one that rejects the item
alone, all good items arrive in Odoo, the poisoned ones sit in the proxy's dead letters,
both queues end empty, and ``status`` and ``dead-letters`` show them.
"""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
from conftest import json2, odoo_shell
from proxy_site import ROOT, ProxyRun, Relay, _shell_values, odoo_events

from hw_proxy.access.store import Store

SETUP = """
from odoo import fields
code = {code!r}
company = env.ref('base.main_company')
venue = env['sports.venue'].create({{'name': 'E2E dead letters ' + code, 'code': code,
    'company_id': company.id}})
area = env['sports.area'].create({{'name': 'E2E hall', 'venue_id': venue.id,
    'access_anti_passback': False, 'access_sharing_minutes': 0}})
for pcode, direction in (('e2e-in', 'in'), ('e2e-out', 'out'), ('e2e-shower', 'in')):
    env['sports.access.point'].create({{'name': pcode, 'code': pcode, 'area_id': area.id,
        'direction': direction}})
env['sports.device'].create({{'name': 'E2E counter', 'identifier': 'counter-e2e',
    'kind': 'counter', 'venue_id': venue.id}})
ticket_type = env['sports.ticket.type'].create({{'name': 'E2E day', 'venue_id': venue.id,
    'kind': 'day', 'price': 1.0}})
partner = env['res.partner'].create({{'name': 'E2E dead letters visitor'}})
ticket = env['sports.access.entitlement']._issue([ticket_type._entitlement_vals(partner,
    fields.Datetime.now())])
user, key = venue._arena_proxy_provision('e2e-dead')
env.cr.commit()
print('KEY=' + key)
print('TOKEN=' + ticket.qr_token)
print('VENUE=%d' % venue.id)
"""

GOOD_EVENTS = 500
GOOD_READINGS = 50


@pytest.fixture(scope="module")
def venue(odoo_url):
    code = "DL" + uuid.uuid4().hex[:6].upper()
    return {"code": code, **_shell_values(odoo_shell(SETUP.format(code=code)))}


def _queue(store_path, token, poison):
    """The outbox and reading queue a proxy could hold after its clock jumped once."""
    store = Store(store_path)
    now = datetime.now(UTC).isoformat()
    events = [
        {
            "uuid": str(uuid.uuid4()),
            "point": "e2e-in",
            "credential": token,
            "direction": "in",
            "decision": "denied",
            "reason": "expired",
            "device_time": now,
        }
        for _n in range(GOOD_EVENTS + 1)
    ]
    events[GOOD_EVENTS // 3]["device_time"] = poison
    readings = [
        {
            "uuid": str(uuid.uuid4()),
            "device": "counter-e2e",
            "metric": "people_in",
            "value": n,
            "measured_at": now,
        }
        for n in range(GOOD_READINGS + 1)
    ]
    readings[-1]["measured_at"] = poison
    for n, event in enumerate(events):
        store.outbox_add(event, 1000.0 + n)
    for n, reading in enumerate(readings):
        store.reading_add(reading, 1000.0 + n)
    store.close()
    return events, readings


@pytest.mark.parametrize("poison", [1e20, "9999-12-31T23:59:59+00:00"])
def test_one_poisoned_event_among_500_is_kept_aside_and_all_500_arrive(
    venue, admin_api_key, odoo_url, tmp_path, poison
):
    target = urlsplit(odoo_url)
    relay = Relay(target.hostname, target.port)
    relay.up()
    proxy = ProxyRun(tmp_path, venue["code"], venue["KEY"], relay.port)
    events, readings = _queue(proxy.store, venue["TOKEN"], poison)
    bad_event = events[GOOD_EVENTS // 3]["uuid"]
    good_events = [e["uuid"] for e in events if e["uuid"] != bad_event]
    proxy.start()
    try:
        state = proxy.wait(
            lambda s: (
                s["access"]["odoo"]["outbox_depth"] == 0
                and s["access"]["odoo"]["readings_depth"] == 0
                and s["access"]["odoo"]["last_sync_at"]
            ),
            timeout=120,
            what="both queues empty",
        )["access"]["odoo"]
        assert (state["dead_letters"], state["dead_readings"]) == (1, 1), state
        assert state["online"] is True and state["halted"] is None, state
    finally:
        proxy.stop()
        relay.down()
    log = proxy.log.read_text()
    assert "Traceback" not in log, log[-3000:]

    assert len(good_events) == GOOD_EVENTS
    assert odoo_events(admin_api_key, good_events) == GOOD_EVENTS
    assert odoo_events(admin_api_key, [bad_event]) == 0
    status, rows = json2(
        odoo_url,
        admin_api_key,
        "sports.device.reading",
        "search_read",
        domain=[("uuid", "in", [r["uuid"] for r in readings])],
        fields=["uuid"],
    )
    assert status == 200, rows
    assert {r["uuid"] for r in rows} == {r["uuid"] for r in readings[:-1]}

    # The proxy's own database: the poisoned items are the dead letters, the queues empty.
    store = Store(proxy.store)
    try:
        dead = {(d["kind"], d["uuid"]): d for d in store.dead_list()}
        assert set(dead) == {("event", bad_event), ("reading", readings[-1]["uuid"])}
        assert dead["event", bad_event]["payload"]["device_time"] == poison
        assert (store.outbox_depth(), store.readings_depth()) == (0, 0)
    finally:
        store.close()

    # And a person can list them from the command line.
    listed = subprocess.run(
        [sys.executable, "-m", "hw_proxy", "dead-letters", "--config", str(proxy.config)],
        cwd=ROOT / "hw_proxy",
        env=proxy.env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    lines = [json.loads(line) for line in listed.stdout.splitlines()]
    assert {(d["kind"], d["uuid"]) for d in lines} == set(dead)
    assert all(d["error"] for d in lines)
