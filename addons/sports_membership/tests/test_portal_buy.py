"""Issue 13, item 5: members buy published card types and renew their count and period
cards on the portal, and pay through the same checkout as bookings (the order's portal
page, paid here with the demo provider over real HTTP)."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from lxml import html

from odoo.tests import tagged

from .common import MEMBER_LOGIN, MEMBER_PASSWORD, OTHER_LOGIN, OTHER_PASSWORD, PortalCardCase


class PortalBuyCase(PortalCardCase):
    """A published count card type (with a deposit), a published period card type (with
    a deposit) and an unpublished one, and the demo payment provider."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Type = cls.env["sports.card.type"]
        cls.count_type = Type.create(
            {
                "name": "Portal Swim 10",
                "kind": "count",
                "price": 300.0,
                "deposit": 20.0,
                "uses": 10,
                "validity_days": 90,
                "sold_online": True,
            }
        )
        cls.period_type = Type.create(
            {
                "name": "Portal Month Pass",
                "kind": "period",
                "price": 199.0,
                "deposit": 50.0,
                "validity_months": 1,
                "sold_online": True,
            }
        )
        cls.hidden_type = Type.create(
            {"name": "Portal Staff Only", "kind": "period", "price": 9.0, "validity_months": 1}
        )
        # Card products carry no tax here, so the order total is the price shown.
        (cls.count_type | cls.period_type | cls.hidden_type).product_id.taxes_id = False
        # The demo provider pays the orders, as in the booking portal tests.
        providers = cls.env["payment.provider"].search([("company_id", "=", cls.company.id)])
        cls.provider = providers.filtered(lambda p: p.code == "demo")[:1]
        (providers - cls.provider).filtered(lambda p: p.state != "disabled").state = "disabled"
        cls.provider.write({"state": "test", "is_published": True})
        cls.provider.payment_method_ids.active = True
        cls.today = cls.env["sports.card"]._today()

    def buy(self, card_type):
        """Post the buy form of ``card_type``: the order it opens, or the refusal."""
        response = self.post(f"/my/cards/buy/{card_type.id}")
        return response, self.orders_of(card_type)

    def orders_of(self, card_type):
        return (
            self.env["sale.order.line"]
            .search([("product_id", "=", card_type.product_id.id)])
            .order_id
        )

    def pay(self, order):
        """Pay ``order`` on its portal page with the demo provider, as the browser does:
        create the transaction, let the provider notify it, and poll its status."""
        order = order.sudo()
        result = self.make_jsonrpc_request(
            f"/my/orders/{order.id}/transaction",
            {
                "access_token": order._portal_ensure_token(),
                "provider_id": self.provider.id,
                "payment_method_id": self.provider.payment_method_ids[:1].id,
                "token_id": None,
                "amount": order.amount_total,
                "flow": "direct",
                "tokenization_requested": False,
                "landing_route": order.get_portal_url(),
            },
        )
        notification = {
            "reference": result["reference"],
            "payment_details": "4242",
            "simulated_state": "done",
        }
        self.make_jsonrpc_request("/payment/demo/simulate_payment", notification)
        self.make_jsonrpc_request("/payment/status/poll", {})
        return order.transaction_ids, notification

    def member_cards(self, card_type):
        return self.env["sports.card"].search(
            [("type_id", "=", card_type.id), ("partner_id", "=", self.member.partner_id.id)]
        )

    def renew(self, card):
        response = self.post(f"/my/cards/{card.id}/renew")
        lines = self.env["sale.order.line"].search([("sports_renewed_card_id", "=", card.id)])
        return response, lines.order_id


@tagged("post_install", "-at_install")
class TestPortalBuyCard(PortalBuyCase):
    def test_buy_page_lists_published_types_only(self):
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        doc = html.fromstring(self.url_open("/my/cards").content)
        self.assertTrue(doc.xpath("//a[@href='/my/cards/buy']"), "My cards links to the buy page")
        response = self.url_open("/my/cards/buy")
        self.assertEqual(response.status_code, 200)
        doc = html.fromstring(response.content)
        rows = {
            row.get("data-type-id"): row.text_content()
            for row in doc.xpath("//*[contains(@class, 'o_sm_buy_type')]")
        }
        published = self.env["sports.card.type"].search([("sold_online", "=", True)])
        self.assertEqual(set(rows), {str(i) for i in published.ids})
        self.assertLessEqual({str(self.count_type.id), str(self.period_type.id)}, set(rows))
        self.assertNotIn(str(self.hidden_type.id), rows)
        count_text = rows[str(self.count_type.id)]
        for part in ("Portal Swim 10", "300.00", "20.00", "10", "90"):
            self.assertIn(part, count_text)
        self.assertNotIn("Portal Staff Only", response.text)

    def test_buy_page_says_when_nothing_is_sold_online(self):
        self.env["sports.card.type"].search([]).sold_online = False
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        response = self.url_open("/my/cards/buy")
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_sm_no_type", response.text)

    def test_member_buys_a_count_card_pays_and_finds_it_in_my_cards(self):
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        response, order = self.buy(self.count_type)
        self.assertEqual(response.status_code, 303)
        self.assertIn(order.get_portal_url().split("?")[0], response.headers["Location"])
        self.assertEqual(order.partner_id, self.member.partner_id)
        self.assertTrue(order.require_payment)
        deposit_product = self.env.ref("sports_membership.product_card_deposit")
        deposit_line = order.order_line.filtered(lambda ln: ln.product_id == deposit_product)
        self.assertEqual(deposit_line.price_unit, 20.0)
        self.assertEqual(deposit_line.sports_deposit_type_id, self.count_type)
        self.assertEqual(order.amount_total, 320.0)
        self.assertFalse(self.member_cards(self.count_type), "no card before the payment")

        tx, _notification = self.pay(order)
        self.assertEqual(tx.state, "done")
        self.assertEqual(order.state, "sale")
        card = self.member_cards(self.count_type)
        self.assertEqual(len(card), 1)
        self.assertEqual(card.state, "active")
        self.assertEqual(card.remaining_uses, 10)
        self.assertEqual(card.valid_to, self.today + timedelta(days=89))
        # The deposit paid with the order is held on the card, booked against the
        # receivable that the order's payment settled, so the cash is not counted twice.
        self.assertEqual(card.deposit_balance, 20.0)
        deposit_move = card.move_ids.filtered(lambda m: m.kind == "deposit_in")
        self.assertEqual(len(deposit_move), 1)
        receivable = self.member.partner_id.property_account_receivable_id
        debit = deposit_move.account_move_id.line_ids.filtered(lambda ln: ln.debit)
        self.assertEqual(debit.account_id, receivable)
        self.assertEqual(card._check_balance_integrity(), [])

        # At once in My cards, and its page shows the number and the QR.
        self.assertIn(card.name, self.url_open("/my/cards").text)
        doc = html.fromstring(self.url_open(f"/my/cards/{card.id}").content)
        self.assertTrue(doc.xpath("//img[contains(@class, 'o_sm_card_qr')]/@src"))
        self.assertIn(card.name, doc.text_content())
        # The paid order links to its card.
        doc = html.fromstring(self.url_open(order.get_portal_url()).content)
        self.assertTrue(
            doc.xpath(f"//a[contains(@class, 'o_sm_order_card')][@href='/my/cards/{card.id}']")
        )

    def test_a_free_card_is_issued_at_once(self):
        free_type = self.env["sports.card.type"].create(
            {"name": "Portal Free Wallet", "kind": "stored_value", "sold_online": True}
        )
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        response, order = self.buy(free_type)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(order.amount_total, 0.0)
        self.assertEqual(order.state, "sale", "nothing to pay: confirmed at once")
        card = self.member_cards(free_type)
        self.assertEqual(len(card), 1)
        self.assertEqual(card.deposit_balance, 0.0)

    def test_unpublished_type_is_refused(self):
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        response, order = self.buy(self.hidden_type)
        self.assertEqual(response.status_code, 422)
        self.assertIn("o_sm_buy_error", response.text)
        self.assertIn("not sold online", response.text)
        self.assertFalse(order)
        self.count_type.active = False
        response, order = self.buy(self.count_type)
        self.assertEqual(response.status_code, 422)
        self.assertFalse(order)

    def test_member_without_a_phone_is_told_to_add_one(self):
        self.member.partner_id.phone = False
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        response, order = self.buy(self.period_type)
        self.assertEqual(response.status_code, 422)
        self.assertIn("o_sm_buy_error", response.text)
        self.assertIn("/my/account", response.text)
        self.assertFalse(order)

    def test_member_buys_a_card_in_the_browser(self):
        # The browser logs in with the login as password.
        self.member.password = MEMBER_LOGIN
        self.start_tour("/my/cards", "sports_membership_portal_buy_card", login=MEMBER_LOGIN)
        card = self.member_cards(self.count_type)
        self.assertEqual(len(card), 1)
        self.assertEqual((card.remaining_uses, card.deposit_balance), (10, 20.0))
        self.assertEqual(self.orders_of(self.count_type).state, "sale")

    def test_payment_processed_twice_issues_one_card(self):
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        _response, order = self.buy(self.period_type)
        tx, notification = self.pay(order)
        # The provider notifies again, the status is polled again, and the post-processing
        # and the confirmation hooks run again.
        self.make_jsonrpc_request("/payment/demo/simulate_payment", notification)
        self.make_jsonrpc_request("/payment/status/poll", {})
        tx.is_post_processed = False
        tx._post_process()
        order._sports_card_issue()
        order._sports_card_renew()
        card = self.member_cards(self.period_type)
        self.assertEqual(len(card), 1)
        self.assertEqual(card.deposit_balance, 50.0)
        self.assertEqual(len(card.move_ids.filtered(lambda m: m.kind == "deposit_in")), 1)


@tagged("post_install", "-at_install")
class TestPortalRenewCard(PortalBuyCase):
    def new_card(self, card_type, **vals):
        return self.env["sports.card"].create(
            {"type_id": card_type.id, "partner_id": self.member.partner_id.id, **vals}
        )

    def test_renewing_a_count_card_adds_its_entries_and_takes_no_deposit(self):
        card = self.new_card(self.count_type)
        card.use(
            self.env["sports.space"].create(
                {
                    "name": "Renew Lane",
                    "venue_id": self.env["sports.venue"]
                    .create({"name": "Renew Arena", "code": "TRENEW"})
                    .id,
                }
            ),
            "renew-use-1",
        )
        self.assertEqual(card.remaining_uses, 9)
        old_end = card.valid_to
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        doc = html.fromstring(self.url_open(f"/my/cards/{card.id}").content)
        self.assertTrue(doc.xpath(f"//form[@action='/my/cards/{card.id}/renew']//button"))
        response, order = self.renew(card)
        self.assertEqual(response.status_code, 303)
        self.assertIn(order.get_portal_url().split("?")[0], response.headers["Location"])
        # A renewal sells the card type again, without its deposit.
        self.assertEqual(order.order_line.product_id, self.count_type.product_id)
        self.assertEqual(order.order_line.sports_renewed_card_id, card)
        self.assertFalse(order.order_line.sports_deposit_type_id)
        self.assertNotIn(
            self.env.ref("sports_membership.product_card_deposit"), order.order_line.product_id
        )
        self.assertEqual(order.amount_total, 300.0)
        self.assertEqual(card.remaining_uses, 9, "nothing before the payment")

        self.pay(order)
        self.assertEqual(order.state, "sale")
        self.assertEqual(card.remaining_uses, 19)
        self.assertEqual(card.valid_to, old_end + timedelta(days=90))
        # The deposit taken when the desk issued the card is not taken again.
        self.assertEqual(card.deposit_balance, 20.0)
        self.assertEqual(len(card.move_ids.filtered(lambda m: m.kind == "deposit_in")), 1)
        self.assertEqual(len(self.member_cards(self.count_type)), 1, "no new card issued")
        self.assertEqual(card._check_balance_integrity(), [])

    def test_renewing_a_period_card_extends_it_from_its_end(self):
        card = self.new_card(self.period_type, valid_to=self.today + timedelta(days=10))
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        _response, order = self.renew(card)
        self.assertEqual(order.amount_total, 199.0)
        self.pay(order)
        self.assertEqual(
            card.valid_to, self.today + timedelta(days=11) + relativedelta(months=1, days=-1)
        )

    def test_renewing_an_expired_period_card_starts_today(self):
        card = self.new_card(
            self.period_type,
            valid_from=self.today - timedelta(days=40),
            valid_to=self.today - timedelta(days=5),
        )
        self.env["sports.card"]._cron_expire()
        self.assertEqual(card.state, "expired")
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        _response, order = self.renew(card)
        self.pay(order)
        self.assertEqual(card.valid_to, self.today + relativedelta(months=1, days=-1))
        self.assertEqual(card.state, "active")

    def test_payment_processed_twice_renews_once(self):
        card = self.new_card(self.count_type)
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        _response, order = self.renew(card)
        tx, notification = self.pay(order)
        self.make_jsonrpc_request("/payment/demo/simulate_payment", notification)
        self.make_jsonrpc_request("/payment/status/poll", {})
        tx.is_post_processed = False
        tx._post_process()
        order._sports_card_renew()
        order._sports_card_issue()
        self.assertEqual(card.remaining_uses, 20)
        self.assertEqual(len(card.move_ids.filtered(lambda m: m.kind == "renewal")), 1)
        self.assertEqual(len(self.member_cards(self.count_type)), 1)

    def test_renewal_is_refused_for_lost_refunded_unpublished_or_stored_value(self):
        refunded = self.new_card(self.count_type)
        refunded.refund()
        lost = self.new_card(self.period_type)
        lost.replace("04A1B2C3")
        unpublished = self.new_card(self.hidden_type)
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        for card, message in (
            (refunded, "refunded"),
            (lost, "lost"),
            (unpublished, "not sold online"),
            (self.card, "Only count and period cards"),
        ):
            with self.subTest(card=card.name):
                response, order = self.renew(card)
                self.assertEqual(response.status_code, 422)
                self.assertIn("o_sm_renew_error", response.text)
                self.assertIn(message, response.text)
                self.assertFalse(order)

    def test_only_the_holder_may_renew(self):
        card = self.new_card(self.count_type)
        self.authenticate(OTHER_LOGIN, OTHER_PASSWORD)
        response, order = self.renew(card)
        self.assertEqual(response.status_code, 404)
        self.assertFalse(order)
        card.partner_ids = self.other.partner_id
        response, order = self.renew(card)
        self.assertEqual(response.status_code, 403)
        self.assertFalse(order)
