"""Bad input on the voucher checkout route: malformed ids, other members' orders and
vouchers, unknown operations get the order page back (or /my), never a crash, and write
nothing."""

from hypothesis import given
from hypothesis import strategies as st

from odoo.tests import new_test_user, tagged

from odoo.addons.sports_venue.tests.portal_fuzz import (
    FUZZ_SETTINGS,
    PortalFuzzCase,
    bad_id,
    bad_text,
)

from .common_redeem import RedeemCase

REDEEM_ROUTES = {"/my/orders/<int:order_id>/voucher"}


@tagged("post_install", "-at_install")
class TestFuzzRedeem(RedeemCase, PortalFuzzCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member = new_test_user(
            cls.env, login="sv_fuzz_member", password="sv_fuzz_member", groups="base.group_portal"
        )
        cls.other = new_test_user(
            cls.env, login="sv_fuzz_other", password="sv_fuzz_other", groups="base.group_portal"
        )
        booking = cls.Booking.book(
            cls.full.id,
            cls.local(1, 10),
            cls.local(1, 11),
            cls.member.partner_id.id,
            channel="portal",
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.member.partner_id.id,
                "order_line": [
                    (
                        0,
                        0,
                        {
                            "product_id": cls.env.ref("sports_booking.product_court_booking").id,
                            "price_unit": booking.amount_total,
                            "product_uom_qty": 1,
                        },
                    )
                ],
            }
        )
        booking.sale_line_id = cls.order.order_line
        cls.mine = cls.voucher(partner=cls.member.partner_id)
        cls.theirs = cls.voucher(partner=cls.other.partner_id)
        cls.order._portal_ensure_token()  # the page's link has it; the route never writes
        cls.url = f"/my/orders/{cls.order.id}/voucher"

    def setUp(self):
        super().setUp()
        self.authenticate("sv_fuzz_member", "sv_fuzz_member")
        self.before = self.fingerprint()

    def test_apply_and_remove_through_the_page(self):
        page = self.url_open(self.order.get_portal_url())
        self.assertIn("o_sv_apply", page.text)
        response = self.send(
            "POST", self.url, {"voucher_id": self.mine.id, "op": "apply", "access_token": ""}
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.mine.state, "reserved")
        self.assertEqual(self.order.order_line.filtered("sports_voucher_id").price_unit, -15)
        page = self.url_open(self.order.get_portal_url())
        self.assertIn("o_sv_remove", page.text)
        self.send("POST", self.url, {"voucher_id": self.mine.id, "op": "remove"})
        self.assertEqual(self.mine.state, "held")
        self.assertFalse(self.order.order_line.filtered("sports_voucher_id"))

    def test_another_members_voucher_writes_nothing_and_says_why(self):
        before = self.fingerprint()
        response = self.send("POST", self.url, {"voucher_id": self.theirs.id, "op": "apply"})
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.fingerprint(), before)
        page = self.url_open(self.order.get_portal_url())
        self.assertIn("This voucher is not yours", page.text)

    def test_another_members_order_is_not_reached(self):
        self.authenticate("sv_fuzz_other", "sv_fuzz_other")
        before = self.fingerprint()
        response = self.send("POST", self.url, {"voucher_id": self.theirs.id, "op": "apply"})
        self.assertIn(response.status_code, (302, 303))
        self.assertTrue(response.headers["Location"].endswith("/my"))
        self.assertEqual(self.fingerprint(), before)
        self.assertEqual(self.theirs.state, "held")

    @FUZZ_SETTINGS
    @given(
        voucher_id=bad_id(),
        op=st.one_of(st.sampled_from(["apply", "remove"]), bad_text()),
        order=st.sampled_from(["mine", "0", "2147483647", "9" * 12]),
    )
    def test_fuzz_checkout(self, voucher_id, op, order):
        before = self.before
        url = self.url if order == "mine" else f"/my/orders/{order}/voucher"
        response = self.send("POST", url, {"voucher_id": voucher_id, "op": op})
        self.assertNotCrashed(response)
        self.assertEqual(self.fingerprint(), before, self._fuzz_sent)
