"""What CORE's tests of stalls share: a venue with two food stalls under active contracts,
their products, a product of no stall, and POS orders synced as the POS sends them."""

import uuid

from odoo import fields

from odoo.addons.point_of_sale.tests.common import TestPoSCommon
from odoo.addons.sports_pos.tests.common import ui_order_copy
from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ


def make_stall(env, venue, name, code, merchant_name, rent=1000.0, commission=10.0):
    """A stall with an active contract of a merchant who has a bank account."""
    merchant = env["res.partner"].create({"name": merchant_name, "is_company": True})
    env["res.partner.bank"].create({"acc_number": f"6222{code}0001", "partner_id": merchant.id})
    stall = env["sports.stall"].create(
        {"name": name, "code": code, "venue_id": venue.id, "kind": "food"}
    )
    contract = env["sports.stall.contract"].create(
        {
            "stall_id": stall.id,
            "partner_id": merchant.id,
            "date_start": fields.Date.to_date("2020-01-01"),
            "rent_amount": rent,
            "commission_rate": commission,
        }
    )
    contract.action_activate()
    return stall


class StallPosCase(TestPoSCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.group_ids |= cls.env.ref("sports_venue.group_arena_manager")
        cls.venue = cls.env["sports.venue"].create(
            {"name": "Stall Court Arena", "code": "TSTC", "tz": DEFAULT_TZ}
        )
        cls.noodles = make_stall(cls.env, cls.venue, "Noodle House", "F1-01", "Lanzhou Noodles Co.")
        cls.tea = make_stall(cls.env, cls.venue, "Tea Bar", "F1-02", "Spring Tea Ltd.")
        Product = cls.env["product.product"]
        cls.noodle_bowl = Product.create(
            {
                "name": "Beef noodles",
                "available_in_pos": True,
                "lst_price": 28.0,
                "sports_stall_id": cls.noodles.id,
            }
        )
        cls.milk_tea = Product.create(
            {
                "name": "Milk tea",
                "available_in_pos": True,
                "lst_price": 15.5,
                "sports_stall_id": cls.tea.id,
            }
        )
        cls.towel = cls.create_product("Sports towel", cls.categ_basic, 20.0)

    def open_till(self, stall=None, shared=False):
        self.config = self.basic_config
        self.config.write(
            {
                "sports_venue_id": self.venue.id,
                "sports_stall_id": stall.id if stall else False,
                "sports_stall_shared": shared,
            }
        )
        return self.open_new_session()

    def sell(self, lines, payments=None, uuid_=None):
        """Sync a paid order of ``lines`` (``(product, qty)`` or dicts) as the POS sends it."""
        data = self.create_ui_order_data(
            lines,
            pos_order_ui_args={"state": "paid", "access_token": str(uuid.uuid4())},
            payments=payments,
            uuid=uuid_ or str(uuid.uuid4()),
        )
        self.env["pos.order"].sync_from_ui([ui_order_copy(data)])
        # The answer holds the refunded orders too: find this one by its uuid.
        return self.env["pos.order"].search([("uuid", "=", data["uuid"])])

    def close_session(self):
        session = self.pos_session
        cash = sum(
            session.order_ids.payment_ids.filtered(
                lambda payment: payment.payment_method_id == self.cash_pm1
            ).mapped("amount")
        )
        session.post_closing_cash_details(cash)
        session.close_session_from_ui()
        self.assertEqual(session.state, "closed")
        return session
