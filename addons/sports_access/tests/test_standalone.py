from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged

# Everything sports_access may depend on: booking and member cards come through bridges.
ALLOWED_DEPENDS = {"sports_venue", "sports_sale", "sale", "portal", "mail"}


@tagged("post_install", "-at_install", "arena_standalone")
class TestStandalone(TransactionCase):
    """A swimming hall that only sells tickets: sports_venue and sports_access, nothing of
    court booking or member cards. Runs the same whether those are installed or not."""

    def test_access_depends_on_venue_and_sales_only(self):
        module = self.env["ir.module.module"].search([("name", "=", "sports_access")])
        self.assertEqual(set(module.dependencies_id.mapped("name")), ALLOWED_DEPENDS)

    def test_a_ticket_sold_by_order_passes_the_gate(self):
        venue = self.env["sports.venue"].create({"name": "Swim Hall", "code": "TSWIM"})
        area = self.env["sports.area"].create({"name": "Pool", "venue_id": venue.id})
        Point = self.env["sports.access.point"]
        Point.create({"name": "In", "code": "swim-in", "area_id": area.id, "direction": "in"})
        Point.create({"name": "Out", "code": "swim-out", "area_id": area.id, "direction": "out"})
        ticket_type = self.env["sports.ticket.type"].create(
            {"name": "Swim", "venue_id": venue.id, "kind": "single", "price": 30.0}
        )
        swimmer = self.env["res.partner"].create({"name": "Swimmer"})
        order = self.env["sale.order"].create(
            {
                "partner_id": swimmer.id,
                "order_line": [
                    fields.Command.create(
                        {"product_id": ticket_type.product_id.id, "product_uom_qty": 1}
                    )
                ],
            }
        )
        order.action_confirm()
        ticket = order.order_line.sports_ticket_ids
        self.assertEqual((ticket.kind, ticket.partner_id), ("ticket", swimmer))
        self.assertTrue(ticket.qr_token)

        # The venue's proxy asks the gate, as it does over JSON-2.
        proxy, _key = venue._arena_proxy_provision("standalone")
        Api = self.env["sports.access.api"].with_user(proxy)
        entry = Api.verify(ticket.qr_token, "swim-in")
        self.assertEqual((entry["decision"], entry["reason"]), ("granted", None), entry)
        self.assertEqual(entry["partner"], "Swimmer")
        self.assertEqual(ticket.uses_left, 0)
        self.assertEqual(Api.verify(ticket.qr_token, "swim-out")["decision"], "granted")
        again = Api.verify(ticket.qr_token, "swim-in")
        self.assertEqual((again["decision"], again["reason"]), ("denied", "no_uses_left"))
        events = self.env["sports.access.event"].search([("entitlement_id", "=", ticket.id)])
        self.assertEqual(len(events), 3)
        self.assertLess(abs(events[0].device_time - fields.Datetime.now()), timedelta(minutes=1))
