"""Stored-value cards at a priced gate, end to end (issue 13, item 4): the real Odoo,
the real proxy and the real broker that scripts/test starts.

A venue of its own charges 30.00 an entry in its hall (the area's price). Each test
uses its own stored-value card:

- online, ``verify`` charges the card once per event uuid;
- with Odoo cut off, the proxy admits what its synced balance covers, lowers its copy
  and refuses the entry it no longer covers; on upload Odoo charges each entry once;
- an offline entry the card can no longer pay (spent at the till meanwhile) is stored as
  granted, invoiced to the member, and blocks the card at the gate until it is paid.
"""

from __future__ import annotations

import os
import uuid

import pytest
from conftest import json2, odoo_shell
from proxy_site import running_site

URL = os.environ.get("ARENA_E2E_URL", "http://127.0.0.1:8269")

SETUP = """
from odoo import fields
Command = fields.Command
code = {code!r}
company = env.ref('base.main_company')
company._arena_card_accounting()
venue = env['sports.venue'].create({{'name': 'SV ' + code, 'code': code,
    'company_id': company.id}})
area = env['sports.area'].create({{'name': 'SV hall', 'venue_id': venue.id,
    'access_anti_passback': True, 'access_sharing_minutes': 0, 'entry_price': 30.0}})
Point = env['sports.access.point']
for pcode, direction in (('e2e-in', 'in'), ('e2e-out', 'out')):
    Point.create({{'name': pcode, 'code': pcode, 'area_id': area.id, 'direction': direction}})
card_type = env['sports.card.type'].create({{'name': 'SV 储值卡', 'kind': 'stored_value',
    'company_id': company.id, 'venue_ids': [Command.set(venue.ids)]}})
partner = env['res.partner'].create({{'name': 'SV 会员', 'phone': '13800138124'}})
for name, balance in (('ONLINE', 70.0), ('OFFLINE', 60.0), ('ARREAR', 30.0)):
    card = env['sports.card'].create({{'type_id': card_type.id, 'partner_id': partner.id,
        'uid': name + code}})
    card.topup(balance, 'e2e-topup-' + name + code, ref='e2e')
    print('%s=%d' % (name, card.id))
user, key = venue._arena_proxy_provision('e2e')
env.cr.commit()
print('KEY=' + key)
"""


@pytest.fixture(scope="module")
def site(odoo_url, tmp_path_factory):
    code = "SV" + uuid.uuid4().hex[:5].upper()

    def exit_opens_the_gate(text):
        # The exit reader opens the gate too, so that every granted passage is counted.
        return text + (
            '\n[[devices]]\nid = "reader-out"\nkind = "reader"\npoint = "e2e-out"\n'
            'opens = "gate-e2e"\n'
        )

    with running_site(
        odoo_url,
        tmp_path_factory.mktemp("proxy"),
        code,
        SETUP.format(code=code),
        edit_config=exit_opens_the_gate,
    ) as values:
        yield values


def card_state(card_id):
    """``(balance, [keys of gate spends], [(arrear state, amount, invoice state, payment
    state)], owes)`` of a card, read in Odoo."""
    out = odoo_shell(
        f"card = env['sports.card'].browse({card_id})\n"
        "spends = card.move_ids.filtered(lambda m: m.kind == 'spend'"
        " and m.idempotency_key.startswith('access-'))\n"
        "arrears = env['sports.card.arrear'].search([('card_id', '=', card.id)])\n"
        "print('BALANCE=%s' % card.balance_total)\n"
        "print('SPENDS=' + ','.join(sorted(spends.mapped('idempotency_key'))))\n"
        "print('ARREARS=' + ';'.join('%s,%s,%s,%s' % (a.state, a.amount, a.invoice_id.state,"
        " a.invoice_id.payment_state) for a in arrears))\n"
        "print('OWES=%s' % card.access_entitlement_id.owes)\n"
    )
    values = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
    return (
        float(values["BALANCE"]),
        [key for key in values["SPENDS"].split(",") if key],
        [tuple(item.split(",")) for item in values["ARREARS"].split(";") if item],
        values["OWES"] == "True",
    )


def passage(site, reader, value):
    """One read at ``reader``; whether the proxy granted it."""
    proxy = site["proxy"]
    before = proxy.status()["access"]
    site["probe"].read(reader, value)
    after = proxy.wait(
        lambda s: s["access"]["decisions"] > before["decisions"], what="a decision", timeout=20
    )
    return after["access"]["granted"] > before["granted"]


def synced(site):
    """Wait for the proxy's next full sync after now: a sync that was under way may have
    read Odoo before the change, so wait for two sync ends, each after the one before."""
    proxy = site["proxy"]
    for _sync in range(2):
        last = proxy.status()["access"]["odoo"]["last_sync_at"]
        proxy.wait(
            lambda s, last=last: s["access"]["odoo"]["last_sync_at"] != last,
            what="a sync",
            timeout=30,
        )


def test_an_online_entry_is_charged_once_per_event(site):
    card = int(site["ONLINE"])
    event_uuid = str(uuid.uuid4())
    uid = "ONLINE" + site["code"]
    for _attempt in range(2):
        status, answer = json2(
            URL,
            site["KEY"],
            "sports.access.api",
            "verify",
            credential=uid,
            point="e2e-in",
            uuid=event_uuid,
        )
        assert status == 200, answer
        assert (answer["decision"], answer["reason"]) == ("granted", None)
    balance, spends, arrears, owes = card_state(card)
    assert (balance, spends, arrears, owes) == (40.0, [f"access-{event_uuid}"], [], False)


def test_offline_entries_lower_the_proxys_balance_and_are_charged_on_upload(site, admin_api_key):
    proxy, relay = site["proxy"], site["relay"]
    card, uid = int(site["OFFLINE"]), "OFFLINE" + site["code"]
    relay.down()
    proxy.wait(lambda s: s["access"]["odoo"]["online"] is False, what="offline", timeout=30)
    # 60.00 synced: two swims of 30.00, and the third is not covered.
    assert passage(site, "reader-e2e", uid)
    assert passage(site, "reader-out", uid)
    assert passage(site, "reader-e2e", uid)
    assert passage(site, "reader-out", uid)
    assert not passage(site, "reader-e2e", uid)
    assert card_state(card)[0] == 60.0, "nothing reached Odoo yet"
    uuids = set(proxy.outbox_uuids())
    relay.up()
    proxy.wait(lambda s: s["access"]["outbox_depth"] == 0, timeout=60, what="upload")
    balance, spends, arrears, _owes = card_state(card)
    assert (balance, arrears) == (0.0, [])
    assert len(spends) == 2 and {key.removeprefix("access-") for key in spends} <= uuids
    status, denied = json2(
        URL,
        admin_api_key,
        "sports.access.event",
        "search_read",
        domain=[("uuid", "in", sorted(uuids)), ("decision", "=", "denied")],
        fields=["reason", "source"],
    )
    assert status == 200, denied
    assert [(e["reason"], e["source"]) for e in denied] == [("insufficient_balance", "offline")]


def test_an_entry_the_card_can_no_longer_pay_is_owed_until_paid(site, admin_api_key):
    proxy, relay = site["proxy"], site["relay"]
    card, uid = int(site["ARREAR"]), "ARREAR" + site["code"]
    relay.down()
    proxy.wait(lambda s: s["access"]["odoo"]["online"] is False, what="offline", timeout=30)
    assert passage(site, "reader-e2e", uid), "30.00 synced covers one swim"
    assert passage(site, "reader-out", uid)
    # Meanwhile the member spends 20.00 of the card at the café till.
    odoo_shell(
        f"card = env['sports.card'].browse({card})\n"
        f"card.charge(20.0, 'e2e-cafe-{card}', ref='cafe', venue=card.type_id.venue_ids[:1])\n"
        "env.cr.commit()\n"
    )
    relay.up()
    proxy.wait(lambda s: s["access"]["outbox_depth"] == 0, timeout=60, what="upload")
    balance, spends, arrears, owes = card_state(card)
    assert (balance, spends) == (10.0, []), "never below zero, nothing charged"
    assert arrears == [("open", "30.0", "posted", "not_paid")]
    assert owes
    status, granted = json2(
        URL,
        admin_api_key,
        "sports.access.event",
        "search_count",
        domain=[("credential_ref", "=", f"uid:{uid}"), ("decision", "=", "granted")],
    )
    assert (status, granted) == (200, 2), "the entry happened: stored as granted"
    # The card owes: the proxy learns it at its next sync and refuses the next entry.
    odoo_shell(
        f"env['sports.card'].browse({card}).topup(100.0, 'e2e-topup2-{card}', ref='e2e')\n"
        "env.cr.commit()\n"
    )
    synced(site)
    assert not passage(site, "reader-e2e", uid)
    # The member pays the invoice at the desk: the next sync opens the gate again.
    odoo_shell(
        "invoice = env['sports.card.arrear'].search("
        f"[('card_id', '=', {card})]).invoice_id\n"
        "env['account.payment.register'].with_context(active_model='account.move',"
        " active_ids=invoice.ids).create({})._create_payments()\n"
        "env.cr.commit()\n"
    )
    assert card_state(card)[2][0][0] == "paid"
    synced(site)
    assert passage(site, "reader-e2e", uid)
    proxy.wait(lambda s: s["access"]["outbox_depth"] == 0, timeout=60, what="upload")
    balance, spends, _arrears, owes = card_state(card)
    assert (balance, len(spends), owes) == (80.0, 1, False)
