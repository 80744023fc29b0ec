"""The member's pages over real HTTP: verification by SMS code, My vouchers, claiming,
the refusals shown on the page, the throttle, and the public user sent to log in."""

import re

from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged

from .claim_common import ClaimFixture

PASSWORD = "Voucher-Portal-Pass-1"


@tagged("post_install", "-at_install")
class TestClaimPortal(ClaimFixture, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpClaimFixture(cls.env, quantity=2)
        cls.user = new_test_user(
            cls.env,
            login="voucher_member",
            password=PASSWORD,
            groups="base.group_portal",
            name="Voucher Member",
            email="voucher_member@example.com",
        )
        cls.partner = cls.user.partner_id
        cls.partner.write(
            {"sports_resident_region_id": cls.region_xuanwu.id, "sports_birthdate": "1990-01-01"}
        )

    def post(self, url, data=None):
        data = dict(data or {}, csrf_token=http.Request.csrf_token(self))
        return self.url_open(url, data=data, allow_redirects=False, timeout=60)

    def verify(self):
        response = self.post("/my/vouchers/verify/send", {"phone": "13900139000"})
        self.assertEqual(response.status_code, 200, response.text[-800:])
        self.assertIn("We sent a code to +8613900139000", response.text)
        sms = self.env["sms.sms"].search([("number", "=", "+8613900139000")], limit=1)
        code = re.search(r"\b(\d{6})\b", sms.body).group(1)
        response = self.post(
            "/my/vouchers/verify",
            {"phone": "+8613900139000", "real_name": "王小明", "code": code},
        )
        self.assertEqual(response.status_code, 303, response.text[-800:])
        self.assertTrue(response.headers["Location"].endswith("/my/vouchers"))

    def test_member_verifies_then_claims_and_sees_the_qr(self):
        self.authenticate(self.user.login, PASSWORD)
        page = self.url_open("/my/vouchers")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_voucher_unverified", page.text)
        self.assertIn("arena_device", page.headers.get("Set-Cookie", ""))
        # Unverified: the claim is refused with the reason on the page.
        response = self.post(f"/my/vouchers/claim/{self.batch.id}")
        self.assertEqual(response.status_code, 422)
        self.assertIn("verify your phone", response.text)
        # A wrong code says so and counts.
        self.post("/my/vouchers/verify/send", {"phone": "139 0013 9000"})
        response = self.post(
            "/my/vouchers/verify", {"real_name": "王小明", "code": "12345x", "phone": ""}
        )
        self.assertEqual(response.status_code, 422)
        self.assertIn("Wrong code", response.text)
        otp = self.env["sports.voucher.otp"].search([("partner_id", "=", self.partner.id)])
        self.assertEqual(otp.attempts, 1)
        # A minute later (without waiting): the next code may be sent.
        otp.unlink()
        self.env["sports.voucher.throttle"].search([("key", "like", "otp:%")]).unlink()
        self.verify()
        self.assertTrue(self.partner._sports_voucher_verified())
        self.assertEqual(self.partner.sports_real_name, "王小明")
        page = self.url_open("/my/vouchers")
        self.assertIn(f'action="/my/vouchers/claim/{self.batch.id}"', page.text)
        self.assertIn("2 of 2 left", page.text)
        response = self.post(f"/my/vouchers/claim/{self.batch.id}")
        self.assertEqual(response.status_code, 303, response.text[-800:])
        voucher = self.env["sports.voucher"].search([("partner_id", "=", self.partner.id)])
        self.assertEqual(len(voucher), 1)
        self.assertIn(f"claimed={voucher.code}", response.headers["Location"])
        self.assertEqual(voucher.claim_ip, "127.0.0.1")
        self.assertTrue(voucher.claim_device)  # the cookie the page set
        page = self.url_open(f"/my/vouchers?claimed={voucher.code}")
        self.assertIn("o_voucher_claimed", page.text)
        self.assertIn(f"/report/barcode/QR/{voucher.code}", page.text)
        self.assertIn("1 of 2 left", page.text)
        qr = self.url_open(f"/report/barcode/QR/{voucher.code}?width=140&height=140")
        self.assertEqual(qr.headers["Content-Type"], "image/png")
        # Another member's code is not announced on my page.
        other = self.make_voucher(self.member, "2026-01-01 00:00:00")
        page = self.url_open(f"/my/vouchers?claimed={other.code}")
        self.assertNotIn("o_voucher_claimed", page.text)
        self.assertNotIn(other.code, page.text)
        # The home page counts the held vouchers.
        counters = self.url_open(
            "/my/counters",
            data='{"params": {"counters": ["sports_voucher_held_count"]}}',
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(counters.json()["result"]["sports_voucher_held_count"], 1)

    def test_sold_out_and_limits_are_shown_on_the_page(self):
        self.partner.write({"sports_real_name": "李雷", "sports_verified_phone": "+8613700137001"})
        self.campaign.limit_claims_week = 1
        self.batch.claimed_count = 2  # sold out (written by hand: no vouchers behind it)
        self.authenticate(self.user.login, PASSWORD)
        response = self.post(f"/my/vouchers/claim/{self.batch.id}")
        self.assertEqual(response.status_code, 422)
        self.assertIn("Sold out", response.text)
        self.assertEqual(self.post(f"/my/vouchers/claim/{self.large_batch.id}").status_code, 303)
        response = self.post(f"/my/vouchers/claim/{self.large_batch.id}")
        self.assertEqual(response.status_code, 422)
        self.assertIn("1 vouchers of this campaign this week", response.text)
        for missing in (0, 2147483647, 2147483648):
            self.assertEqual(self.post(f"/my/vouchers/claim/{missing}").status_code, 404)

    def claim_json(self, batch_id):
        response = self.url_open(
            f"/my/vouchers/claim/{batch_id}/json",
            data='{"jsonrpc": "2.0", "method": "call", "id": 1, "params": {}}',
            headers={"Content-Type": "application/json"},
            timeout=60,
        )
        self.assertEqual(response.status_code, 200, response.text[-800:])
        return response.json()

    def test_the_claim_button_answers_in_a_few_words(self):
        """The button's JSON route: the same claim and refusals as the form, as a small
        answer (no page), which the script shows in place."""
        self.partner.write({"sports_real_name": "李雷", "sports_verified_phone": "+8613700137003"})
        self.campaign.limit_claims_week = 1
        self.authenticate(self.user.login, PASSWORD)
        page = self.url_open("/my/vouchers")
        self.assertIn(f'data-batch-id="{self.batch.id}"', page.text)
        self.assertIn("o_voucher_claim_error", page.text)
        result = self.claim_json(self.batch.id)["result"]
        voucher = self.env["sports.voucher"].search([("partner_id", "=", self.partner.id)])
        self.assertEqual(len(voucher), 1)
        self.assertEqual(
            result, {"code": voucher.code, "redirect": f"/my/vouchers?claimed={voucher.code}"}
        )
        self.assertEqual(self.batch.claimed_count, 1)
        result = self.claim_json(self.large_batch.id)["result"]
        self.assertIn("1 vouchers of this campaign this week", result["error"])
        self.batch.claimed_count = 2
        self.assertIn("Sold out", self.claim_json(self.batch.id)["result"]["error"])
        for missing in (0, 2147483647, 2147483648):
            answer = self.claim_json(missing)
            self.assertEqual(
                answer["result"], {"error": "This release of vouchers does not exist."}
            )
        self.assertEqual(
            self.env["sports.voucher"].search_count([("partner_id", "=", self.partner.id)]), 1
        )

    def test_claims_are_throttled_per_account(self):
        self.partner.write(
            {"sports_real_name": "韩梅梅", "sports_verified_phone": "+8613700137002"}
        )
        self.campaign.write({"throttle_account": 2, "throttle_window": 600, "limit_claims_week": 0})
        self.authenticate(self.user.login, PASSWORD)
        self.batch.claimed_count = 2
        for _i in range(2):
            self.assertIn("Sold out", self.post(f"/my/vouchers/claim/{self.batch.id}").text)
        response = self.post(f"/my/vouchers/claim/{self.large_batch.id}")
        self.assertEqual(response.status_code, 422)
        self.assertIn("Too many attempts, try again in", response.text)
        self.assertFalse(self.env["sports.voucher"].search([("partner_id", "=", self.partner.id)]))

    def test_public_user_is_sent_to_log_in(self):
        response = self.url_open("/my/vouchers", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])
        response = self.url_open(
            f"/my/vouchers/claim/{self.batch.id}", data={"x": "1"}, allow_redirects=False
        )
        self.assertIn(response.status_code, (302, 303, 400, 403))
        self.assertEqual(self.batch.claimed_count, 0)
