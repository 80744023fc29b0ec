"""The hardware proxy against the real Odoo and broker that scripts/test starts.

A venue of its own (always open, no anti-passback) is created in the e2e database with
its access points, a day ticket, a count card and a light; the proxy syncs it with the
venue's real proxy API key. Odoo outages are real: the proxy talks to Odoo through a TCP
relay that the tests cut and restore.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
import uuid
from urllib.parse import urlsplit

import pytest
from conftest import json2, odoo_shell
from proxy_site import ProxyRun, _shell_values, odoo_events, running_site

SETUP = """
from datetime import timedelta
from odoo import fields
Command = fields.Command
code = {code!r}
company = env.ref('base.main_company')
venue = env['sports.venue'].create({{'name': 'E2E ' + code, 'code': code, 'company_id': company.id,
    'light_lead_minutes': 90, 'light_grace_minutes': 0}})
area = env['sports.area'].create({{'name': 'E2E hall', 'venue_id': venue.id,
    'access_anti_passback': False, 'access_sharing_minutes': 0}})
swim = env.ref('sports_venue.sport_swimming')
space = env['sports.space'].create({{'name': 'E2E lane', 'venue_id': venue.id, 'area_id': area.id,
    'sport_ids': [Command.set(swim.ids)]}})
env['sports.price.rule'].create({{'name': 'E2E', 'venue_id': venue.id, 'price_per_hour': 50.0}})
env['sports.device'].create({{'name': 'E2E light', 'identifier': 'light-e2e', 'kind': 'light',
    'venue_id': venue.id, 'space_id': space.id}})
env['sports.device'].create({{'name': 'E2E counter', 'identifier': 'counter-e2e',
    'kind': 'counter', 'venue_id': venue.id}})
Point = env['sports.access.point']
for pcode, direction in (('e2e-in', 'in'), ('e2e-out', 'out'), ('e2e-shower', 'in')):
    Point.create({{'name': pcode, 'code': pcode, 'area_id': area.id, 'direction': direction,
        'space_id': space.id}})
ticket_type = env['sports.ticket.type'].create({{'name': 'E2E day', 'venue_id': venue.id,
    'kind': 'day', 'price': 1.0}})
partner = env['res.partner'].create({{'name': 'E2E 会员', 'phone': '13800138123'}})
ticket = env['sports.access.entitlement']._issue([ticket_type._entitlement_vals(partner,
    fields.Datetime.now())])
card_type = env['sports.card.type'].create({{'name': 'E2E 次卡', 'kind': 'count', 'uses': 10,
    'validity_days': 30, 'company_id': company.id, 'venue_ids': [Command.set(venue.ids)]}})
card = env['sports.card'].create({{'type_id': card_type.id, 'partner_id': partner.id,
    'uid': 'E2E' + code}})
user, key = venue._arena_proxy_provision('e2e')
env.cr.commit()
print('KEY=' + key)
print('TOKEN=' + ticket.qr_token)
print('TICKET=%d' % ticket.id)
print('CARD=%d' % card.id)
print('SPACE=%d' % space.id)
print('VENUE=%d' % venue.id)
"""


@pytest.fixture(scope="module")
def site(odoo_url, tmp_path_factory):
    code = "E2E" + uuid.uuid4().hex[:5].upper()
    with running_site(
        odoo_url, tmp_path_factory.mktemp("proxy"), code, SETUP.format(code=code)
    ) as values:
        yield values


def scan(proxy, probe, value, count, burst=100):
    """``count`` reads at the entry reader, in bursts a real queue of people could make."""
    decided = proxy.status()["access"]["decisions"]
    for start in range(0, count, burst):
        for _n in range(min(burst, count - start)):
            probe.read("reader-e2e", value)
        target = decided + min(start + burst, count)
        proxy.wait(lambda s, t=target: s["access"]["decisions"] >= t, what=f"{target} decisions")


def test_a_scanned_qr_opens_the_gate_and_reaches_odoo_once(site, admin_api_key):
    site["probe"].read("reader-e2e", site["TOKEN"])
    command = site["probe"].wait_for(
        "gate-e2e/cmd", lambda m: m.get("action") == "open", timeout=15
    )
    event_uuid = command["uuid"]
    site["proxy"].wait(lambda s: s["access"]["outbox_depth"] == 0, what="upload")
    assert odoo_events(admin_api_key, [event_uuid]) == 1
    status, rows = json2(
        os.environ.get("ARENA_E2E_URL", "http://127.0.0.1:8269"),
        admin_api_key,
        "sports.access.event",
        "search_read",
        domain=[("uuid", "=", event_uuid)],
        fields=["decision", "source", "entitlement_id"],
    )
    assert rows[0]["decision"] == "granted" and rows[0]["source"] == "offline"
    assert rows[0]["entitlement_id"][0] == int(site["TICKET"])


def test_a_thousand_scans_during_an_outage_arrive_exactly_once(site, admin_api_key):
    proxy, relay, probe = site["proxy"], site["relay"], site["probe"]
    relay.down()
    proxy.wait(lambda s: s["access"]["odoo"]["online"] is False, what="offline", timeout=30)
    before = set(proxy.outbox_uuids())
    for _n in range(1000):
        probe.read("reader-e2e", site["TOKEN"])
    proxy.wait(lambda s: s["access"]["outbox_depth"] >= len(before) + 1000, what="1000 decisions")
    uuids = sorted(set(proxy.outbox_uuids()) - before)
    assert len(uuids) == 1000
    assert odoo_events(admin_api_key, uuids) == 0
    relay.up()
    proxy.wait(lambda s: s["access"]["outbox_depth"] == 0, timeout=120, what="upload")
    assert odoo_events(admin_api_key, uuids) == 1000


def test_kill_9_during_upload_loses_and_duplicates_nothing(site, admin_api_key):
    proxy, relay, probe = site["proxy"], site["relay"], site["probe"]
    relay.down()
    proxy.wait(lambda s: s["access"]["odoo"]["online"] is False, what="offline", timeout=30)
    scan(proxy, probe, site["TOKEN"], 2000)
    uuids = sorted(proxy.outbox_uuids())
    relay.up()
    proxy.wait(lambda s: s["access"]["outbox_depth"] < 2000, timeout=60, what="upload started")
    proxy.kill9()
    proxy.start()
    proxy.wait(lambda s: s["access"]["outbox_depth"] == 0, timeout=120, what="upload after restart")
    assert odoo_events(admin_api_key, uuids) == 2000


def test_lights_follow_a_booking_created_in_odoo(site):
    probe = site["probe"]
    odoo_shell(
        "from datetime import timedelta\n"
        "from odoo import fields\n"
        "now = fields.Datetime.now()\n"
        "start = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)\n"
        f"b = env['sports.booking'].book({site['SPACE']}, start, start + timedelta(hours=1),"
        " partner_id=env.ref('base.partner_admin').id)\n"
        "b.state == 'held' and b.action_confirm()\n"
        "env.cr.commit()\n"
    )
    command = probe.wait_for("light-e2e/cmd", lambda m: m.get("action") == "on", timeout=60)
    assert command["id"].startswith("light-light-e2e-")


def test_a_shower_opens_for_a_count_card_entry_and_the_use_is_recorded(site, admin_api_key):
    probe, proxy = site["probe"], site["proxy"]
    probe.read("reader-shower", f"E2E{site['code']}")
    command = probe.wait_for("shower-e2e/cmd", lambda m: m.get("action") == "open", timeout=15)
    assert command["seconds"] == 60
    proxy.wait(lambda s: s["access"]["outbox_depth"] == 0, what="upload")
    status, cards = json2(
        os.environ.get("ARENA_E2E_URL", "http://127.0.0.1:8269"),
        admin_api_key,
        "sports.card",
        "read",
        ids=[int(site["CARD"])],
        fields=["remaining_uses"],
    )
    assert cards[0]["remaining_uses"] == 9
    status, moves = json2(
        os.environ.get("ARENA_E2E_URL", "http://127.0.0.1:8269"),
        admin_api_key,
        "sports.card.move",
        "search_read",
        domain=[("card_id", "=", int(site["CARD"])), ("kind", "=", "use")],
        fields=["idempotency_key"],
    )
    assert [m["idempotency_key"] for m in moves] == [f"access-{command['uuid']}"]


def test_people_counter_readings_reach_odoo_once(site, admin_api_key):
    probe, proxy = site["probe"], site["proxy"]
    message_id = uuid.uuid4().hex
    for _n in range(2):  # a redelivered message is one reading
        payload = json.dumps({"id": message_id, "metric": "people_in", "value": 42})
        probe.client.publish(f"arena/{site['code']}/counter-e2e/event", payload, qos=1)
    time.sleep(1)
    proxy.wait(lambda s: s["access"]["odoo"]["readings_depth"] == 0, what="readings upload")
    status, rows = json2(
        os.environ.get("ARENA_E2E_URL", "http://127.0.0.1:8269"),
        admin_api_key,
        "sports.device.reading",
        "search_read",
        domain=[
            ("device_id.identifier", "=", "counter-e2e"),
            ("venue_id", "=", int(site["VENUE"])),
        ],
        fields=["metric", "value"],
    )
    assert status == 200, rows
    assert [(r["metric"], r["value"]) for r in rows] == [("people_in", 42.0)]


CLOSURE_SETUP = """
from odoo import fields
Command = fields.Command
code = {code!r}
# A company of its own: the closure added below must not close the other tests' venues.
company = env['res.company'].create({{'name': 'E2E closure ' + code}})
calendar = env['resource.calendar'].create({{'name': 'E2E all day ' + code,
    'company_id': company.id, 'tz': 'Asia/Shanghai', 'attendance_ids': [Command.clear()] + [
    Command.create({{'name': 'd%d' % d, 'dayofweek': str(d), 'hour_from': 0.0, 'hour_to': 24.0,
        'day_period': 'full_day'}}) for d in range(7)]}})
venue = env['sports.venue'].create({{'name': 'E2E closure ' + code, 'code': code,
    'company_id': company.id, 'resource_calendar_id': calendar.id}})
area = env['sports.area'].create({{'name': 'E2E hall', 'venue_id': venue.id,
    'access_anti_passback': False, 'access_sharing_minutes': 0}})
for pcode, direction in (('e2e-in', 'in'), ('e2e-out', 'out'), ('e2e-shower', 'in')):
    env['sports.access.point'].create({{'name': pcode, 'code': pcode, 'area_id': area.id,
        'direction': direction}})
ticket_type = env['sports.ticket.type'].create({{'name': 'E2E day', 'venue_id': venue.id,
    'kind': 'day', 'price': 1.0}})
partner = env['res.partner'].create({{'name': 'E2E closure visitor'}})
ticket = env['sports.access.entitlement']._issue([ticket_type._entitlement_vals(partner,
    fields.Datetime.now())])
user, key = venue._arena_proxy_provision('e2e-closure')
env.cr.commit()
print('KEY=' + key)
print('TOKEN=' + ticket.qr_token)
print('VENUE=%d' % venue.id)
print('CALENDAR=%d' % calendar.id)
"""

CLOSE_TODAY = """
from odoo import fields
venue = env['sports.venue'].browse({venue})
start, end = venue._day_bounds(venue._local_date(fields.Datetime.now()))
leave = env['resource.calendar.leaves'].create({{'name': 'E2E closure today',
    'calendar_id': {calendar}, 'date_from': start, 'date_to': end}})
env.cr.commit()
# Opening hours are cached in the server: a script in another process tells it, as the web
# client and crons do after every transaction.
env.registry.signal_changes()
print('OPEN=%s' % venue._is_open(fields.Datetime.now()))
"""


def test_a_closure_added_today_makes_the_offline_proxy_refuse_a_valid_ticket(odoo_url, tmp_path):
    code = "CL" + uuid.uuid4().hex[:6].upper()
    with running_site(odoo_url, tmp_path, code, CLOSURE_SETUP.format(code=code)) as values:
        proxy, relay, probe = values["proxy"], values["relay"], values["probe"]
        # Open all day: the ticket is let in.
        probe.read("reader-e2e", values["TOKEN"])
        proxy.wait(lambda s: s["access"]["granted"] == 1, what="a granted entry")

        closed = _shell_values(
            odoo_shell(CLOSE_TODAY.format(venue=values["VENUE"], calendar=values["CALENDAR"]))
        )
        assert closed["OPEN"] == "False"
        # Online, Odoo refuses it at once.
        status, answer = json2(
            odoo_url,
            values["KEY"],
            "sports.access.api",
            "verify",
            credential=values["TOKEN"],
            point="e2e-in",
        )
        assert status == 200, answer
        assert (answer["decision"], answer["reason"]) == ("denied", "closed")

        # The proxy learns the closure at its next sync, then loses Odoo.
        since = time.time()
        proxy.wait(lambda s: (s["access"]["odoo"]["last_sync_at"] or 0) > since, what="sync")
        relay.down()
        proxy.wait(lambda s: s["access"]["odoo"]["online"] is False, what="offline", timeout=30)
        decided = proxy.status()["access"]["decisions"]
        probe.read("reader-e2e", values["TOKEN"])
        state = proxy.wait(lambda s: s["access"]["decisions"] > decided, what="an offline decision")
        assert state["access"]["granted"] == 1
        db = sqlite3.connect(f"file:{proxy.store}?mode=ro", uri=True)
        try:
            reasons = [
                json.loads(row[0])["reason"]
                for row in db.execute("SELECT payload FROM outbox ORDER BY created_at")
            ]
        finally:
            db.close()
        assert reasons[-1] == "closed", reasons


def test_a_refused_api_key_stops_the_link_and_status_says_why(odoo_url, tmp_path):
    target = urlsplit(odoo_url)
    proxy = ProxyRun(tmp_path, "BADKEY", "not-a-valid-key", target.port).start()
    try:
        state = proxy.wait(
            lambda s: s["access"]["odoo"]["halted"], what="the link to stop", timeout=30
        )
        assert "HTTP 401" in state["access"]["odoo"]["halted"]
        assert state["access"]["odoo"]["online"] is False
        time.sleep(3)  # no retry: the sync interval is 1 s
        log = proxy.log.read_text()
        assert log.count('"odoo link stopped"') == 1, log[-2000:]
        assert '"odoo link failed"' not in log
    finally:
        proxy.stop()
