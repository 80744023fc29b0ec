"""The proxy's access API on the demo database, over real HTTP with a real proxy key."""

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from conftest import DB, odoo_shell

from hw_proxy.odoo_client import OdooClient, OdooError


@pytest.fixture(scope="module")
def proxy(odoo_url):
    """The demo venue's proxy key, and a demo ticket QR and card UID it can verify."""
    out = odoo_shell(
        "venue = env.ref('sports_venue.venue_csc')\n"
        "user, key = venue._arena_proxy_provision('arena e2e')\n"
        "ticket = env['sports.access.entitlement'].search([('kind', '=', 'ticket'),"
        " ('ticket_kind', '=', 'multi')], limit=1)\n"
        "env.cr.commit()\n"
        "print('KEY=' + key)\n"
        "print('TOKEN=' + ticket.qr_token)\n"
    )
    values = dict(line.split("=", 1) for line in out.splitlines() if "=" in line[:6])
    return {"url": odoo_url, "key": values["KEY"], "token": values["TOKEN"]}


def call(proxy, method, key=None, **params):
    """(HTTP status, answer) of a method of the access API with the proxy's client."""
    client = OdooClient(proxy["url"], DB, key or proxy["key"], timeout=60)
    try:
        return 200, client.call(method, **params)
    except OdooError as error:
        return error.status, str(error)


def test_sync_returns_the_demo_venue_keys_points_and_credentials(proxy):
    status, page = call(proxy, "sync", limit=1000)
    assert status == 200, page
    assert [venue["code"] for venue in page["venues"]] == ["CSC"]
    assert {"pool-in-1", "pool-out-1", "gym-in-1"} <= {p["code"] for p in page["points"]}
    assert page["keys"] and all(len(k["public_key"]) == 64 for k in page["keys"])
    assert any(c["kind"] == "uid" for c in page["credentials"])
    assert "private_key" not in json.dumps(page)


def test_upload_is_idempotent_and_verify_decides_online(proxy):
    moment = datetime.now(UTC) - timedelta(minutes=5)
    event = {
        "uuid": str(uuid.uuid4()),
        "point": "pool-out-1",
        "credential": proxy["token"],
        "direction": "out",
        "decision": "granted",
        "device_time": moment.isoformat(),
    }
    status, result = call(proxy, "upload_events", batch=[event, {"uuid": "bad"}])
    assert status == 200, result
    assert result["accepted"] == [event["uuid"]]
    assert [r["index"] for r in result["rejected"]] == [1]
    status, result = call(proxy, "upload_events", batch=[event])
    assert (result["accepted"], result["duplicates"]) == ([], [event["uuid"]])
    status, answer = call(
        proxy, "verify", credential=proxy["token"][:-4] + "AAAA", point="pool-in-1"
    )
    assert status == 200
    assert (answer["decision"], answer["reason"]) == ("denied", "invalid_signature")


def test_a_bad_key_is_refused(proxy):
    status, _body = call(proxy, "sync", key="0" * 40)
    assert status == 401
