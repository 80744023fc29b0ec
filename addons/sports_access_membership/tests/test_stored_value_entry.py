import uuid
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.sports_access.tests.common import AccessCase, sync_all


def iso(value):
    return value.isoformat() + "+00:00"


@tagged("post_install", "-at_install")
class TestStoredValueEntry(AccessCase):
    """Stored-value cards pay each entry at a priced point (issue 13, item 4): online and
    on upload, charged once per event, and an entry the card can no longer pay becomes
    an invoice the member owes, which blocks the card until it is paid."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company._arena_card_accounting()
        cls.venue.resource_calendar_id = False  # open around the clock: real-time tests
        cls.value_type = cls.env["sports.card.type"].create(
            {"name": "Swim Wallet", "kind": "stored_value"}
        )
        cls.pool.entry_price = 30.0
        cls.Arrear = cls.env["sports.card.arrear"]

    def card(self, balance, uid="5A5A0001"):
        card = self.env["sports.card"].create(
            {"type_id": self.value_type.id, "partner_id": self.holder.id, "uid": uid}
        )
        if balance:
            card.topup(balance, str(uuid.uuid4()), ref="test")
        return card

    def upload(self, uid, point="pool-in-1", minutes=0, event_uuid=None):
        """An entry the proxy granted offline an hour ago, as it uploads it."""
        moment = fields.Datetime.now() - timedelta(hours=1) + timedelta(minutes=minutes)
        item = {
            "uuid": event_uuid or str(uuid.uuid4()),
            "point": point,
            "credential": {"kind": "uid", "value": uid},
            "direction": self.points[point].direction,
            "decision": "granted",
            "device_time": iso(moment),
        }
        return item, self.Upload._upload_events([item], self.venue)

    def spends(self, card):
        return card.move_ids.filtered(lambda m: m.kind == "spend")

    def test_the_price_of_an_entry_is_the_points_else_its_areas(self):
        point, gym = self.points["pool-in-1"], self.points["gym-in-1"]
        self.assertEqual(point._entry_price(), 30.0)
        self.assertEqual(point._facts()["price"], 30.0)
        point.entry_price = 45.0
        self.assertEqual(point._facts()["price"], 45.0)
        self.assertEqual(gym._entry_price(), 0.0)
        self.assertIsNone(gym._facts()["price"])
        page = self.env["sports.access.sync"]._page(None, 100, self.venue)
        prices = {item["code"]: item["price"] for item in page["points"]}
        self.assertEqual(
            (prices["pool-in-1"], prices["pool-in-2"], prices["gym-in-1"]), (45, 30, None)
        )

    def test_the_card_pass_carries_its_balance_to_the_proxy(self):
        card = self.card(100.0)
        entitlement = card.access_entitlement_id
        self.assertTrue(entitlement.pays_per_entry)
        self.assertEqual(entitlement.balance, 100.0)
        self.assertEqual(
            entitlement.credential_ids.filtered(lambda c: c.kind == "uid").value, "5A5A0001"
        )
        card.charge(25.0, str(uuid.uuid4()), ref="cafe")
        self.assertEqual(entitlement.balance, 75.0)
        page = sync_all(self.env, self.venue)
        data = next(e for e in page["entitlements"] if e["id"] == entitlement.id)
        self.assertEqual((data["balance"], data["owes"]), (75.0, False))

    def test_a_spend_on_a_card_without_its_pass_makes_the_pass(self):
        card = self.card(100.0)
        card.access_entitlement_id.credential_ids.sudo().unlink()
        card.access_entitlement_id.sudo().unlink()
        card.invalidate_recordset(["access_entitlement_id"])
        self.assertFalse(card.access_entitlement_id)
        card.charge(25.0, str(uuid.uuid4()), ref="cafe")
        card.invalidate_recordset(["access_entitlement_id"])
        self.assertEqual(card.access_entitlement_id.balance, 75.0)
        self.assertTrue(card.access_entitlement_id.pays_per_entry)

    def test_an_online_entry_is_charged_once(self):
        card = self.card(70.0)
        now = fields.Datetime.now()
        event_uuid = str(uuid.uuid4())
        answer = self.Gate._verify("5A5A0001", "pool-in-1", self.venue, uuid=event_uuid, at=now)
        self.assertDecision(answer, "granted")
        again = self.Gate._verify("5A5A0001", "pool-in-1", self.venue, uuid=event_uuid, at=now)
        self.assertDecision(again, "granted")
        spend = self.spends(card)
        self.assertEqual(len(spend), 1, "a retried event is charged once")
        self.assertEqual(spend.idempotency_key, f"access-{event_uuid}")
        self.assertEqual(spend.amount_total, -30.0)
        self.assertEqual((card.balance_total, card.access_entitlement_id.balance), (40.0, 40.0))
        self.verify("5A5A0001", "pool-out-1", now + timedelta(minutes=1))
        self.assertDecision(
            self.verify("5A5A0001", "pool-in-1", now + timedelta(minutes=2)), "granted"
        )
        self.verify("5A5A0001", "pool-out-1", now + timedelta(minutes=3))
        # 10 left: not enough for a swim, and nothing is charged.
        self.assertDecision(
            self.verify("5A5A0001", "pool-in-1", now + timedelta(minutes=4)),
            "denied",
            "insufficient_balance",
        )
        self.assertDecision(
            self.verify("5A5A0001", "gym-in-1", now + timedelta(minutes=5)), "denied", "no_price"
        )
        self.assertEqual(len(self.spends(card)), 2)
        self.assertEqual(card.balance_total, 10.0)

    def test_an_uploaded_offline_entry_is_charged_once(self):
        card = self.card(100.0)
        item, answer = self.upload("5A5A0001")
        self.assertEqual(answer["accepted"], [item["uuid"]])
        _item, again = self.upload("5A5A0001", event_uuid=item["uuid"])
        self.assertEqual(again["duplicates"], [item["uuid"]])
        spend = self.spends(card)
        self.assertEqual(len(spend), 1)
        self.assertEqual(spend.idempotency_key, f"access-{item['uuid']}")
        self.assertEqual(spend.res_model, "sports.access.event")
        self.assertEqual(card.balance_total, 70.0)
        self.assertFalse(self.Arrear.search([("card_id", "=", card.id)]))

    def test_an_entry_the_card_cannot_pay_is_invoiced_and_blocks_the_card_until_paid(self):
        card = self.card(40.0)
        # Two offline entries, each admitted by a proxy that saw 40: the second finds 10.
        first, _answer = self.upload("5A5A0001", minutes=0)
        self.upload("5A5A0001", point="pool-out-1", minutes=1)
        second, answer = self.upload("5A5A0001", minutes=2)
        self.upload("5A5A0001", point="pool-out-1", minutes=3)
        self.assertEqual(answer["accepted"], [second["uuid"]], "the entry happened: stored")
        event = self.Event.search([("uuid", "=", second["uuid"])])
        self.assertEqual(event.decision, "granted")
        self.assertIn("could not pay", event.note)
        self.assertEqual(card.balance_total, 10.0, "never below zero")
        self.assertEqual(len(self.spends(card)), 1)
        arrear = self.Arrear.search([("card_id", "=", card.id)])
        self.assertEqual((arrear.state, arrear.amount, arrear.event_id), ("open", 30.0, event))
        invoice = arrear.invoice_id
        self.assertEqual((invoice.move_type, invoice.state), ("out_invoice", "posted"))
        self.assertEqual((invoice.partner_id, invoice.amount_total), (self.holder, 30.0))
        self.assertEqual(invoice.amount_residual, 30.0, "a receivable on the member")
        entitlement = card.access_entitlement_id
        self.assertTrue(entitlement.owes)
        page = sync_all(self.env, self.venue)
        self.assertTrue(next(e for e in page["entitlements"] if e["id"] == entitlement.id)["owes"])
        card.topup(100.0, str(uuid.uuid4()), ref="desk")
        now = fields.Datetime.now()
        self.assertDecision(self.verify("5A5A0001", "pool-in-1", now), "denied", "card_owes")
        # The member pays the invoice at the desk: the card opens the gates again.
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(arrear.state, "paid")
        self.assertFalse(entitlement.owes)
        self.assertDecision(
            self.verify("5A5A0001", "pool-in-1", now + timedelta(minutes=1)), "granted"
        )
        self.assertEqual(card.balance_total, 80.0)
        self.assertEqual(len(self.spends(card)), 2)
        self.assertNotEqual(first["uuid"], second["uuid"])

    def test_a_cancelled_arrear_invoice_forgives_and_an_unreconciled_payment_blocks_again(self):
        card = self.card(10.0)
        self.upload("5A5A0001")
        arrear = self.Arrear.search([("card_id", "=", card.id)])
        entitlement = card.access_entitlement_id
        self.assertTrue(entitlement.owes)
        # Cancelled: the entry is forgiven and the card pays at the gates again.
        arrear.invoice_id.button_draft()
        self.assertTrue(entitlement.owes, "a draft invoice is still owed")
        arrear.invoice_id.button_cancel()
        self.assertEqual(arrear.state, "cancelled")
        self.assertFalse(entitlement.owes)

        # Paid, then the payment is taken back: the card owes again.
        self.upload("5A5A0001", minutes=10)
        second = self.Arrear.search([("card_id", "=", card.id), ("state", "=", "open")])
        self.assertTrue(entitlement.owes)
        invoice = second.invoice_id
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self.assertFalse(entitlement.owes)
        receivable = invoice.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        receivable.remove_move_reconcile()
        self.assertEqual(second.state, "open")
        self.assertTrue(entitlement.owes)

        # A credit note reversing the invoice forgives it too.
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "goodwill"})
        )
        reversal.refund_moves()
        credit_note = invoice.reversal_move_ids
        credit_note.action_post()
        (credit_note.line_ids | invoice.line_ids).filtered(
            lambda line: line.account_id.account_type == "asset_receivable" and not line.reconciled
        ).reconcile()
        self.assertEqual(second.state, "cancelled")
        self.assertFalse(entitlement.owes)

    def test_arrears_are_read_only_and_stay_in_their_company(self):
        card = self.card(10.0)
        self.upload("5A5A0001")
        arrear = self.Arrear.search([("card_id", "=", card.id)])
        self.assertEqual(arrear.state, "open")
        manager = new_test_user(
            self.env, login="arrear_manager", groups="sports_venue.group_arena_manager"
        )
        self.assertEqual(self.Arrear.with_user(manager).search([("id", "=", arrear.id)]), arrear)
        with self.assertRaises(AccessError):
            arrear.with_user(manager).write({"amount": 1.0})
        other = self.env["res.company"].create({"name": "Other Arena Operator"})
        stranger = new_test_user(
            self.env,
            login="arrear_stranger",
            groups="sports_venue.group_arena_manager",
            company_id=other.id,
            company_ids=[other.id],
        )
        self.assertFalse(self.Arrear.with_user(stranger).search([("id", "=", arrear.id)]))
