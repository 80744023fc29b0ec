"""Issue 13: the unattended court, end to end, against the running Odoo, proxy and broker.

A member books a tennis court on the portal and pays with the demo provider; the pass's
QR is on the booking page and in the confirmation mail; the proxy syncs; a scan at the
court gate opens the relay and checks the booking in; the light comes on before the start,
stays on past the no-show time, and goes off after the booking's end plus the grace period.
A second court runs the same flow with Odoo cut off during the scan: its booking is checked
in once the proxy uploads. A third booking nobody enters is the control: the no-show cron
ends it and its light goes off at once.

Real time, kept short: the venue sells 1-minute slots, a booking lasts 3 minutes, the no-show
time is 1 minute and the lights' grace 1 minute, so the whole story takes about 5 minutes.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
import requests
from conftest import DB, URL, json2, odoo_shell
from proxy_site import running_site

SHANGHAI_OFFSET = timedelta(hours=8)
PASSWORD = "E2e-court-Pass-1"

SETUP = """
from odoo import fields
Command = fields.Command
code = {code!r}
company = env.ref('base.main_company')
hour = {hour}
ranges = sorted({{(hour, min(hour + 2, 24)), (0, 2)}})
calendar = env['resource.calendar'].create({{'name': 'E2E ' + code, 'tz': 'Asia/Shanghai',
    'company_id': company.id, 'attendance_ids': [Command.clear()] + [
        Command.create({{'name': 'd%d' % d, 'dayofweek': str(d), 'hour_from': a, 'hour_to': b,
                        'day_period': 'full_day'}})
        for d in range(7) for a, b in ranges]}})
venue = env['sports.venue'].create({{'name': 'E2E court ' + code, 'code': code,
    'company_id': company.id, 'resource_calendar_id': calendar.id, 'is_published': True,
    'booking_slot_minutes': 1, 'booking_min_minutes': 2, 'booking_max_minutes': 60,
    'booking_window_days': 2, 'booking_lead_minutes': 0, 'booking_daily_limit_minutes': 0,
    'booking_no_show_minutes': 1, 'light_lead_minutes': 3, 'light_grace_minutes': 1}})
tennis = env.ref('sports_venue.sport_tennis')
for n in (1, 2, 3):
    area = env['sports.area'].create({{'name': 'Court %d' % n, 'venue_id': venue.id}})
    space = env['sports.space'].create({{'name': 'Court %d' % n, 'code': '%s-%d' % (code, n),
        'venue_id': venue.id, 'area_id': area.id, 'sport_ids': [Command.set(tennis.ids)]}})
    env['sports.device'].create({{'name': 'Light %d' % n, 'identifier': 'light-c%d' % n,
        'kind': 'light', 'venue_id': venue.id, 'space_id': space.id}})
    env['sports.access.point'].create({{'name': 'Court %d gate' % n, 'code': 'c%d-in' % n,
        'area_id': area.id, 'direction': 'in'}})
    print('SPACE%d=%d' % (n, space.id))
env['sports.price.rule'].create({{'name': 'E2E', 'venue_id': venue.id, 'price_per_hour': 60.0}})
demo = env.ref('payment.payment_provider_demo')
demo.write({{'state': 'test', 'is_published': True}})
user = env['res.users'].with_context(no_reset_password=True).create({{
    'name': 'E2E 网球会员 ' + code, 'login': 'e2e-court-' + code.lower(),
    'password': {password!r}, 'email': 'e2e-court-%s@example.com' % code.lower(),
    'group_ids': [Command.set([env.ref('base.group_portal').id])]}})
proxy_user, key = venue._arena_proxy_provision('e2e')
env.cr.commit()
print('KEY=' + key)
print('VENUE=%d' % venue.id)
print('LOGIN=' + user.login)
print('PARTNER=%d' % user.partner_id.id)
print('PROVIDER=%d' % demo.id)
print('METHOD=%d' % env.ref('payment_demo.payment_method_demo').id)
"""

DEVICES = "".join(
    f"""
[[devices]]
id = "gate-c{n}"
kind = "gate"
[[devices]]
id = "reader-c{n}"
kind = "reader"
point = "c{n}-in"
opens = "gate-c{n}"
[[devices]]
id = "light-c{n}"
kind = "light"
"""
    for n in (1, 2, 3)
)


class Member:
    """A member's browser without script: a session cookie, forms and JSON-RPC calls."""

    def __init__(self, login):
        self.http = requests.Session()
        reply = self.rpc(
            "/web/session/authenticate", {"db": DB, "login": login, "password": PASSWORD}
        )
        assert reply["uid"], reply

    def rpc(self, path, params):
        body = {"jsonrpc": "2.0", "method": "call", "params": params, "id": uuid.uuid4().hex}
        response = self.http.post(URL + path, json=body, timeout=60)
        response.raise_for_status()
        reply = response.json()
        assert "error" not in reply, reply
        return reply.get("result")

    def get(self, path, **params):
        response = self.http.get(URL + path, params=params, timeout=60)
        response.raise_for_status()
        return response

    def book(self, venue_id, space_id, start, minutes):
        """Tick the free slots of ``space_id`` from ``start`` on the venue page and book."""
        local_day = (start + SHANGHAI_OFFSET).date().isoformat()
        page = self.get(f"/venues/{venue_id}", date=local_day).text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        wanted = {start + timedelta(minutes=m) for m in range(minutes)}
        slots = []
        for value in re.findall(r'name="slot"[^>]*?value="([^"]+)"', page, re.S):
            space, slot_start, _price = value.split("|")
            when = datetime.fromisoformat(slot_start)
            if when.tzinfo:
                when = when.astimezone(UTC).replace(tzinfo=None)
            if int(space) == space_id and when in wanted:
                slots.append(value)
        assert len(slots) == minutes, f"free slots found: {slots}"
        response = self.http.post(
            f"{URL}/venues/{venue_id}/book",
            data={"csrf_token": csrf, "date": local_day, "slot": slots},
            timeout=60,
        )
        response.raise_for_status()
        order_url = urlsplit(response.url)
        order_id = int(re.match(r"/my/orders/(\d+)", order_url.path).group(1))
        token = re.search(r"access_token=([^&]+)", order_url.query).group(1)
        return order_id, token

    def pay(self, order_id, token, amount, provider_id, method_id):
        """Pay the order on its portal page with the demo provider, as its form would."""
        tx = self.rpc(
            f"/my/orders/{order_id}/transaction",
            {
                "access_token": token,
                "provider_id": provider_id,
                "payment_method_id": method_id,
                "token_id": None,
                "amount": amount,
                "flow": "direct",
                "tokenization_requested": False,
                "landing_route": f"/my/orders/{order_id}?access_token={token}",
                "is_validation": False,
            },
        )
        self.rpc(
            "/payment/demo/simulate_payment",
            {"reference": tx["reference"], "payment_details": "4242", "simulated_state": "done"},
        )
        # The payment status page's poll finishes the post-processing: the order confirms.
        self.rpc("/payment/status/poll", {})


def _first_minute_after(at):
    """The first whole minute at least 40 seconds after ``at``: time to book and pay."""
    return (at + timedelta(seconds=100)).replace(second=0, microsecond=0)


def _read(admin_api_key, model, ids, fields):
    status, rows = json2(URL, admin_api_key, model, "read", ids=ids, fields=fields)
    assert status == 200, rows
    return {row["id"]: row for row in rows}


def _wait(predicate, what, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.5)
    raise AssertionError(f"{what} not reached in {timeout}s")


def _last_command(probe, device):
    topic = f"arena/{probe.code}/{device}/cmd"
    with probe.cond:
        actions = [json.loads(p).get("action") for t, p in probe.messages if t == topic]
    return actions[-1] if actions else None


@pytest.fixture(scope="module")
def court(odoo_url, tmp_path_factory):
    code = "CT" + uuid.uuid4().hex[:5].upper()
    hour = (datetime.now(UTC) + SHANGHAI_OFFSET).hour
    with running_site(
        odoo_url,
        tmp_path_factory.mktemp("court"),
        code,
        SETUP.format(code=code, hour=hour, password=PASSWORD),
        # The three courts' gates, readers and lights instead of the default devices.
        edit_config=lambda text: text.split("[[devices]]", 1)[0] + DEVICES,
    ) as values:
        yield values


def test_an_unattended_court_from_booking_to_lights_off(court, admin_api_key):
    proxy, relay, probe = court["proxy"], court["relay"], court["probe"]
    venue_id = int(court["VENUE"])
    spaces = [int(court[f"SPACE{n}"]) for n in (1, 2, 3)]
    start = _first_minute_after(datetime.now(UTC).replace(tzinfo=None))
    end = start + timedelta(minutes=3)

    # 1. The member books courts 1 and 2 on the portal and pays; court 3 is booked at the
    # desk for somebody who will not come.
    member = Member(court["LOGIN"])
    for space in spaces[:2]:
        order_id, token = member.book(venue_id, space, start, 3)
        amount = _read(admin_api_key, "sale.order", [order_id], ["amount_total"])[order_id]
        assert amount["amount_total"] == 3.0  # 3 minutes at 60 an hour
        member.pay(order_id, token, 3.0, int(court["PROVIDER"]), int(court["METHOD"]))
    status, absent = json2(
        URL,
        admin_api_key,
        "sports.booking",
        "book",
        space_id=spaces[2],
        start_at=start.isoformat(),
        end_at=end.isoformat(),
        partner_id=int(court["PARTNER"]),
    )
    assert status == 200, absent
    status, booking_ids = json2(
        URL,
        admin_api_key,
        "sports.booking",
        "search",
        domain=[("venue_id", "=", venue_id), ("space_id", "in", spaces[:2])],
        order="space_id",
    )
    assert status == 200 and len(booking_ids) == 2, booking_ids
    bookings = _read(admin_api_key, "sports.booking", booking_ids + absent, ["state"])
    assert {b["state"] for b in bookings.values()} == {"confirmed"}, bookings

    # 2. The QR is on the booking page and in the confirmation mail.
    tokens = {}
    for booking_id in booking_ids:
        page = member.get(f"/my/bookings/{booking_id}").text
        assert "o_sab_pass_qr" in page, page[-2000:]
        status, passes = json2(
            URL,
            admin_api_key,
            "sports.access.entitlement",
            "search_read",
            domain=[("booking_id", "=", booking_id)],
            fields=["qr_token"],
        )
        tokens[booking_id] = passes[0]["qr_token"]
        assert tokens[booking_id] not in member.get(f"/my/bookings/{booking_id}/ics").text
        status, mails = json2(
            URL,
            admin_api_key,
            "mail.mail",
            "search_read",
            domain=[("model", "=", "sports.booking"), ("res_id", "=", booking_id)],
            fields=["attachment_ids", "body_html", "email_to", "recipient_ids"],
        )
        assert status == 200, mails
        assert len(mails) == 1, f"one pass mail for booking {booking_id}: {mails}"
        assert "cid:" in mails[0]["body_html"]
        assert tokens[booking_id] not in mails[0]["body_html"]
        (png,) = _read(
            admin_api_key, "ir.attachment", mails[0]["attachment_ids"], ["mimetype"]
        ).values()
        assert png["mimetype"] == "image/png"

    # 3. The proxy syncs the passes and the light schedule: the lights come on, since the
    # start is less than their 3 minutes' lead away.
    for n in (1, 2, 3):
        _wait(lambda n=n: _last_command(probe, f"light-c{n}") == "on", f"light {n} on")

    # 4. Court 1: a scan opens the gate; the upload checks the booking in.
    first, second = booking_ids
    probe.read("reader-c1", tokens[first])
    probe.wait_for("gate-c1/cmd", lambda m: m.get("action") == "open", timeout=30)
    _wait(
        lambda: (
            _read(admin_api_key, "sports.booking", [first], ["state"])[first]["state"]
            == "checked_in"
        ),
        "court 1 checked in",
    )

    # Court 2: Odoo is cut off during the scan; the gate still opens, and the booking is
    # checked in once the proxy uploads.
    relay.down()
    proxy.wait(lambda s: s["access"]["odoo"]["online"] is False, what="offline", timeout=30)
    probe.read("reader-c2", tokens[second])
    probe.wait_for("gate-c2/cmd", lambda m: m.get("action") == "open", timeout=30)
    time.sleep(2)
    assert _read(admin_api_key, "sports.booking", [second], ["state"])[second]["state"] == (
        "confirmed"
    )
    relay.up()
    proxy.wait(lambda s: s["access"]["outbox_depth"] == 0, timeout=120, what="upload")
    assert _read(admin_api_key, "sports.booking", [second], ["state"])[second]["state"] == (
        "checked_in"
    )

    # 5. Past the no-show time, the cron ends only the booking nobody entered: its light
    # goes off at once; the entered courts' lights stay on.
    _wait(
        lambda: datetime.now(UTC).replace(tzinfo=None) > start + timedelta(minutes=1, seconds=5),
        "the no-show time",
        timeout=240,
    )
    odoo_shell("env['sports.booking']._cron_expire_and_no_show()\nenv.cr.commit()\n")
    states = _read(admin_api_key, "sports.booking", [first, second, absent[0]], ["state"])
    assert [states[i]["state"] for i in (first, second, absent[0])] == [
        "checked_in",
        "checked_in",
        "no_show",
    ]
    _wait(lambda: _last_command(probe, "light-c3") == "off", "light 3 off after the no-show")
    time.sleep(3)  # more than a sync and a light check
    assert _last_command(probe, "light-c1") == "on"
    assert _last_command(probe, "light-c2") == "on"
    assert datetime.now(UTC).replace(tzinfo=None) < end - timedelta(seconds=30)

    # 6. The bookings end; the lights go off after the grace period, not before.
    grace_end = end + timedelta(minutes=1)
    for n in (1, 2):
        _wait(lambda n=n: _last_command(probe, f"light-c{n}") == "off", f"light {n} off", 360)
        assert datetime.now(UTC).replace(tzinfo=None) >= grace_end - timedelta(seconds=1)
