"""A member pays a court booking with WeChat Pay Native on the portal (issue 15).

payment_wechatpay is a generic Odoo payment provider and depends on `payment` only, while the
booking lives in `sports_booking`, which must not depend on WeChat Pay. The tour therefore lives
here and this test skips itself unless `sports_booking` is installed too (as in Arena's
`scripts/test`, which installs every addon together): no bridge addon for one test.
"""

import threading
import time
from datetime import datetime, timedelta

from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import WeChatPayCommon

MEMBER_LOGIN = "wxp_tour_member"


@tagged("post_install", "-at_install")
class TestWeChatPayBookingTour(WeChatPayCommon):
    def _booking_fixture(self):
        """A court open every day, a member and a held booking of tomorrow with its order."""
        from odoo.addons.sports_venue.tests.common import open_every_day  # noqa: PLC0415

        venue = self.env.ref("sports_venue.venue_csc")
        company = venue.company_id
        venue.write(
            {
                "resource_calendar_id": open_every_day(self.env, "Open 6-22", 6, 22, company).id,
                "is_published": True,
                "booking_window_days": 7,
                "booking_lead_minutes": 0,
                "booking_daily_limit_minutes": 240,
            }
        )
        court = self.env["sports.space"].create(
            {
                "name": "WeChat Pay Tour Court",
                "code": "WXTOUR",
                "venue_id": venue.id,
                "sport_ids": [Command.set(self.env.ref("sports_venue.sport_badminton").ids)],
            }
        )
        self.env["sports.price.rule"].search([("venue_id", "=", venue.id)]).active = False
        self.env["sports.price.rule"].create(
            {"name": "Tour", "venue_id": venue.id, "price_per_hour": 60.0, "sequence": 1}
        )
        member = new_test_user(
            self.env,
            login=MEMBER_LOGIN,
            groups="base.group_portal",
            name="Chen Ming",
            email="chen.ming@example.com",
            company_id=company.id,
        )
        today = venue._local_date(datetime.utcnow())
        start = venue._to_utc(datetime.combine(today + timedelta(days=1), datetime.min.time()))
        start += timedelta(hours=10)
        booking = (
            self.env["sports.booking"]
            .with_company(company)
            .book(
                court.id,
                start,
                start + timedelta(hours=2),
                partner_id=member.partner_id.id,
                channel="portal",
            )
        )
        order = self.env["sale.order"]._arena_prepaid_order(
            member.partner_id,
            company,
            booking.name,
            [
                {
                    "product_id": self.env.ref("sports_booking.product_court_booking").id,
                    "name": booking.display_name,
                    "product_uom_qty": 1,
                    "price_unit": booking.amount_total,
                }
            ],
        )
        if order.currency_id != self.currency_cny:
            # Until the demo company keeps its books in CNY: price the order in yuan.
            order.pricelist_id = self.env["product.pricelist"].create(
                {"name": "CNY", "currency_id": self.currency_cny.id, "company_id": company.id}
            )
        booking.sale_line_id = order.order_line
        # WeChat Pay is the only way to pay in the venue's company.
        providers = self.env["payment.provider"].search([("company_id", "=", company.id)])
        (providers - self.wechatpay).filtered(lambda p: p.state != "disabled").state = "disabled"
        self.wechatpay.write({"company_id": company.id, "is_published": True})
        return booking, order

    def _customer_scans_and_pays(self, errors):
        """The customer: wait for the QR code's order at WeChat Pay, scan, pay."""
        server = self.wechatpay_server
        deadline = time.time() + 90
        try:
            while not server.orders and time.time() < deadline:
                time.sleep(0.3)
            if not server.orders:
                errors.append("no WeChat Pay order was placed")
                return
            time.sleep(3.0)  # the QR code is on screen
            reference = next(iter(server.orders))
            response = server.notify(reference)
            if response.status_code != 204:
                errors.append(f"notification answered {response.status_code}")
        except Exception as error:  # noqa: BLE001 - reported to the test thread
            errors.append(repr(error))

    def test_member_pays_a_booking_with_wechat_native(self):
        if self.env["ir.module.module"]._get("sports_booking").state != "installed":
            self.skipTest("sports_booking is not installed: the booking tour needs it")
        booking, order = self._booking_fixture()
        self.assertEqual(booking.state, "held")
        self.env.flush_all()

        errors = []
        customer = threading.Thread(target=self._customer_scans_and_pays, args=(errors,))
        customer.start()
        self.addCleanup(customer.join, 5)
        self.start_tour(order.get_portal_url(), "payment_wechatpay_booking", login=MEMBER_LOGIN)
        customer.join(30)
        self.assertFalse(errors)

        tx = order.transaction_ids
        self.assertEqual(tx.provider_id, self.wechatpay)
        self.assertEqual(tx.state, "done")
        self.assertEqual(tx.wechatpay_trade_type, "native")
        self.assertEqual(self.wechatpay_server.orders[tx.reference]["amount"]["total"], 12000)
        self.assertEqual(order.state, "sale")
        self.assertEqual(booking.state, "confirmed")
