import base64
import uuid
from datetime import timedelta

from lxml import html

from odoo import fields
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.sports_access.tests.common import AccessCase

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def iso(value):
    return value.isoformat() + "+00:00"


@tagged("post_install", "-at_install")
class TestCardAccess(AccessCase):
    """Count and period cards at the gates: their UID and QR, the daily cap of their type,
    entries recorded on the card's ledger once, and loss, replacement and freezing."""

    def event(self, credential, point="pool-in-1", minutes=0):
        """An entry the proxy decided offline an hour ago, as it uploads it."""
        moment = fields.Datetime.now() - timedelta(hours=1) + timedelta(minutes=minutes)
        return {
            "uuid": str(uuid.uuid4()),
            "point": point,
            "credential": credential,
            "direction": self.points[point].direction,
            "decision": "granted",
            "device_time": iso(moment),
        }

    def test_count_card_entries_are_counted_once_and_capped_daily(self):
        card_type = self.env["sports.card.type"].create(
            {
                "name": "Swim 3 Entries",
                "kind": "count",
                "uses": 3,
                "validity_days": 365,
                "daily_cap": 2,
                "sport_ids": [Command.set(self.swimming.ids)],
            }
        )
        card = self.env["sports.card"].create(
            {"type_id": card_type.id, "partner_id": self.holder.id, "uid": "04:a1:b2:c3"}
        )
        entitlement = card.access_entitlement_id
        self.assertIn(self.pool, entitlement.area_ids)
        self.assertNotIn(self.gym, entitlement.area_ids)
        self.assertEqual(sorted(entitlement.credential_ids.mapped("kind")), ["qr", "uid"])
        self.assertIn("04A1B2C3", entitlement.credential_ids.mapped("value"))
        now = fields.Datetime.now()
        self.venue.resource_calendar_id = False  # open around the clock for a real-time test
        self.assertDecision(self.verify("04A1B2C3", "pool-in-1", now), "granted")
        self.assertEqual(card.remaining_uses, 2)
        self.assertEqual(entitlement.uses_left, 2)
        self.verify("04A1B2C3", "pool-out-1", now + timedelta(minutes=1))
        self.assertDecision(
            self.verify("04A1B2C3", "pool-in-1", now + timedelta(minutes=2)), "granted"
        )
        self.verify("04A1B2C3", "pool-out-1", now + timedelta(minutes=3))
        self.assertDecision(
            self.verify("04A1B2C3", "pool-in-1", now + timedelta(minutes=4)), "denied", "daily_cap"
        )
        self.assertEqual(card.remaining_uses, 1)
        uses = card.move_ids.filtered(lambda m: m.kind == "use")
        self.assertEqual(len(uses), 2)
        self.assertTrue(all(key.startswith("access-") for key in uses.mapped("idempotency_key")))
        # Not valid in the gym: the card type is for swimming.
        self.assertDecision(
            self.verify("04A1B2C3", "gym-in-1", now + timedelta(minutes=5)), "denied", "wrong_area"
        )

    def test_lost_card_revokes_its_uid_and_the_replacement_opens(self):
        card_type = self.env["sports.card.type"].create(
            {"name": "Monthly", "kind": "period", "price": 99.0, "validity_months": 1}
        )
        card = self.env["sports.card"].create(
            {"type_id": card_type.id, "partner_id": self.holder.id, "uid": "AA11"}
        )
        self.venue.resource_calendar_id = False
        now = fields.Datetime.now()
        self.assertDecision(self.verify("AA11", "gym-in-1", now), "granted")
        new = card.replace("BB22")
        self.assertDecision(
            self.verify("AA11", "gym-in-1", now + timedelta(minutes=5)), "denied", "revoked"
        )
        self.assertDecision(self.verify("BB22", "gym-in-1", now + timedelta(minutes=6)), "granted")
        new.freeze()
        self.assertDecision(
            self.verify("BB22", "gym-in-1", now + timedelta(minutes=9)), "denied", "frozen"
        )

    def test_count_card_offline_use_is_recorded_on_the_card_once(self):
        card_type = self.env["sports.card.type"].create(
            {
                "name": "Swim 5 Entries",
                "kind": "count",
                "uses": 5,
                "validity_days": 30,
                "sport_ids": [Command.set(self.swimming.ids)],
            }
        )
        card = self.env["sports.card"].create(
            {"type_id": card_type.id, "partner_id": self.holder.id, "uid": "C0FFEE01"}
        )
        item = self.event({"kind": "uid", "value": "c0:ff:ee:01"})
        self.Upload._upload_events([item], self.venue)
        self.Upload._upload_events([item], self.venue)
        self.assertEqual(card.remaining_uses, 4)
        use = card.move_ids.filtered(lambda m: m.kind == "use")
        self.assertEqual(use.idempotency_key, f"access-{item['uuid']}")
        self.assertEqual(use.res_id, self.lane.id)


@tagged("post_install", "-at_install")
class TestCardPortalQr(HttpCase):
    """The portal page of an entry card shows its signed gate QR, inside the page."""

    def test_card_page_embeds_the_gate_qr_and_no_token(self):
        member = new_test_user(
            self.env,
            login="sam_member",
            password="sam-member-Pass-1",
            groups="base.group_portal",
            name="Gao Yan",
        )
        member.partner_id.phone = "13800138009"
        card_type = self.env["sports.card.type"].create(
            {"name": "Swim 10", "kind": "count", "uses": 10, "validity_days": 90}
        )
        card = self.env["sports.card"].create(
            {"type_id": card_type.id, "partner_id": member.partner_id.id}
        )
        token = card.access_entitlement_id.qr_token
        self.assertTrue(token)
        self.authenticate("sam_member", "sam-member-Pass-1")
        response = self.url_open(f"/my/cards/{card.id}")
        self.assertEqual(response.status_code, 200)
        src = html.fromstring(response.content).xpath(
            "//img[contains(@class, 'o_sm_card_qr')]/@src"
        )[0]
        prefix = "data:image/png;base64,"
        self.assertTrue(src.startswith(prefix), src[:40])
        self.assertTrue(base64.b64decode(src[len(prefix) :]).startswith(PNG_MAGIC))
        self.assertNotIn(token, response.text)
