"""What the desk's voucher tests share: a district bureau above the POS company, a
running campaign (¥15 off ¥50) in which the desk's venue takes part, and vouchers."""

import uuid
from datetime import timedelta

from odoo import fields

from odoo.addons.point_of_sale.tests.common import TestPoSCommon
from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ


class VoucherPosCommon(TestPoSCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env.user.group_ids |= env.ref("sports_venue.group_arena_manager")
        cls.bureau = env["res.company"].create(
            {"name": "Desk District Bureau", "arena_role": "district"}
        )
        cls.company.write({"arena_role": "operator", "bureau_parent_id": cls.bureau.id})
        cls.venue = env["sports.venue"].create(
            {
                "name": "Voucher Desk Arena",
                "code": "TVDSK",
                "tz": DEFAULT_TZ,
                "company_id": cls.company.id,
            }
        )
        cls.voucher_product = env.ref("sports_voucher.product_sports_voucher")
        Product = env["product.product"]
        cls.racket = Product.create(
            {
                "name": "Voucher racket",
                "type": "consu",
                "available_in_pos": True,
                "list_price": 60.0,
                "taxes_id": [(5, 0, 0)],
            }
        )
        cls.drink = Product.create(
            {
                "name": "Voucher drink",
                "type": "consu",
                "available_in_pos": True,
                "list_price": 6.0,
                "taxes_id": [(5, 0, 0)],
            }
        )
        cls.customer = env["res.partner"].create({"name": "Voucher Holder", "phone": "13900000001"})
        cls.campaigns = {rule: cls._campaign(rule) for rule in ("restore", "forfeit")}
        cls.campaign = cls.campaigns["restore"]

    @classmethod
    def _campaign(cls, refund_rule):
        today = fields.Date.today()
        # sudo: the bureau is another company than the test user's.
        campaign = (
            cls.env["sports.voucher.campaign"]
            .sudo()
            .create(
                {
                    "name": f"Desk campaign {refund_rule}",
                    "company_id": cls.bureau.id,
                    "date_start": today - timedelta(days=10),
                    "date_end": today + timedelta(days=60),
                    "budget": 10000,
                    "refund_rule": refund_rule,
                    "limit_uses_day": 0,
                    "denomination_ids": [(0, 0, {"face_value": 15, "threshold": 50})],
                    "participation_ids": [(0, 0, {"venue_id": cls.venue.id, "state": "approved"})],
                }
            )
        )
        campaign.action_start()
        campaign.batch_ids = [
            (
                0,
                0,
                {
                    "denomination_id": campaign.denomination_ids.id,
                    "release_at": fields.Datetime.now() - timedelta(days=1),
                    "quantity": 100,
                },
            )
        ]
        return campaign

    @classmethod
    def _voucher(cls, campaign=None, partner=None, **vals):
        campaign = campaign or cls.campaign
        # sudo: vouchers belong to the bureau; claiming is CLAIM's part, not tested here.
        return (
            cls.env["sports.voucher"]
            .sudo()
            .create(
                {
                    "campaign_id": campaign.id,
                    "batch_id": campaign.batch_ids.id,
                    "denomination_id": campaign.denomination_ids.id,
                    "partner_id": (partner or cls.customer).id,
                    "face_value": 15.0,
                    "threshold": 50.0,
                    "claimed_at": fields.Datetime.now() - timedelta(hours=1),
                    "expires_at": fields.Datetime.now() + timedelta(days=7),
                    **vals,
                }
            )
        )

    def setUp(self):
        super().setUp()
        self.config = self.basic_config
        self.config.sports_venue_id = self.venue
        self.open_new_session()

    def voucher_line(self, voucher, discount=15.0, qty=1):
        return {
            "product": self.voucher_product,
            "quantity": qty,
            "price_unit": -discount,
            "price_subtotal": -discount * qty,
            "price_subtotal_incl": -discount * qty,
            "sports_voucher_id": voucher.id,
            "uuid": str(uuid.uuid4()),
        }

    def order_data(self, lines, uuid_=None):
        return self.create_ui_order_data(
            lines,
            customer=self.customer,
            pos_order_ui_args={"state": "paid"},
            uuid=uuid_ or str(uuid.uuid4()),
        )

    def sync(self, data):
        self.env["pos.order"].sync_from_ui([data])
        return self.env["pos.order"].search([("uuid", "=", data["uuid"])])

    def redemptions(self, voucher):
        return (
            self.env["sports.voucher.redemption"].sudo().search([("voucher_id", "=", voucher.id)])
        )
