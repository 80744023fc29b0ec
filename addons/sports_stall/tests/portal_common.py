"""Two merchants, their stalls, settlements and POS sales: what the portal and statement
tests share."""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user

PASSWORD = "Stall-Portal-Pass-1"


def portal_user(env, login, name, partner=None):
    user = new_test_user(
        env,
        login=login,
        password=PASSWORD,
        groups="base.group_portal",
        name=name,
        email=f"{login}@example.com",
        company_id=env.company.id,
    )
    if partner:
        user.partner_id.parent_id = partner
    return user


class StallPortalFixture:
    """Merchant A (甜品屋 company, stall 甜品档) and merchant B (another company, stall
    Noodles), a portal user of each, a settlement of each with daily lines, and POS sales
    of both stalls today, bought by a named customer."""

    @classmethod
    def setUpStallFixture(cls):
        env = cls.env
        cls.company = env.company
        cls.venue = env["sports.venue"].create(
            {"name": "Stall Portal Arena", "code": "STPORTAL", "company_id": cls.company.id}
        )
        Partner = env["res.partner"]
        cls.merchant_a = Partner.create({"name": "甜品屋有限公司", "is_company": True})
        cls.merchant_b = Partner.create({"name": "Noodle King Ltd", "is_company": True})
        Stall = env["sports.stall"]
        cls.stall_a = Stall.create(
            {"name": "甜品档", "code": "SP-A", "venue_id": cls.venue.id, "kind": "food"}
        )
        cls.stall_b = Stall.create(
            {"name": "Noodle Corner", "code": "SP-B", "venue_id": cls.venue.id, "kind": "food"}
        )
        Contract = env["sports.stall.contract"]
        cls.contract_a, cls.contract_b = (
            Contract.create(
                {
                    "stall_id": stall.id,
                    "partner_id": partner.id,
                    "date_start": "2025-01-01",
                    "commission_rate": 10.0,
                }
            )
            for stall, partner in ((cls.stall_a, cls.merchant_a), (cls.stall_b, cls.merchant_b))
        )
        # Activation checks the bank account (CORE's action_activate); the state is all
        # the portal needs.
        (cls.contract_a | cls.contract_b).write({"state": "active"})
        cls.user_a = portal_user(env, "stall_merchant_a", "Li Na", cls.merchant_a)
        cls.user_b = portal_user(env, "stall_merchant_b", "Zhang Wei", cls.merchant_b)
        cls.user_c = portal_user(env, "stall_visitor_c", "Wang Fang")
        cls.period_end = cls.venue._local_date(fields.Datetime.now())
        cls.period_start = cls.period_end.replace(day=1)
        cls.stall_run = env["sports.stall.settlement.run"].create(
            {
                "venue_id": cls.venue.id,
                "company_id": cls.company.id,
                "date_from": cls.period_start,
                "date_to": cls.period_end,
            }
        )
        cls.categ = env["product.category"].create({"name": "Stall food"})
        cls.cash = env["pos.payment.method"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.settlement_a = cls._settlement(cls.stall_a, cls.contract_a, 1234.5, "SP-A-0001")
        cls.settlement_b = cls._settlement(cls.stall_b, cls.contract_b, 987.65, "SP-B-0001")
        cls._pos_sales()

    @classmethod
    def _settlement(cls, stall, contract, gross, name):
        commission = round(gross * 0.1, 2)
        return cls.env["sports.stall.settlement"].create(
            {
                "name": name,
                "run_id": cls.stall_run.id,
                "stall_id": stall.id,
                "contract_id": contract.id,
                "partner_id": contract.partner_id.id,
                "company_id": cls.company.id,
                "date_from": cls.period_start,
                "date_to": cls.period_end,
                "state": "posted",
                "gross_amount": gross,
                "commission_amount": commission,
                "rent_amount": 500.0,
                "charges_tax": 30.0,
                "charges_total": commission + 530.0,
                "net_amount": round(gross - commission - 530.0, 2),
                "line_ids": [
                    Command.create(
                        {
                            "date": cls.period_start + timedelta(days=day),
                            "categ_id": cls.categ.id,
                            "payment_method_id": cls.cash.id,
                            "order_count": 3,
                            "gross_amount": amount,
                            "commission_amount": round(amount * 0.1, 2),
                            "fee_amount": 0.0,
                        }
                    )
                    for day, amount in ((0, gross - 234.5), (1, 234.5))
                ],
            }
        )

    @classmethod
    def _pos_sales(cls):
        """Paid POS orders of today: two for stall A (88.00 in all), one for stall B
        (66.60), all bought by 赵客人."""
        env = cls.env
        cls.customer = env["res.partner"].create({"name": "赵客人"})
        Product = env["product.product"]
        cls.product_a = Product.create(
            {
                "name": "芒果冰",
                "list_price": 22.0,
                "available_in_pos": True,
                "company_id": cls.company.id,
                "categ_id": cls.categ.id,
                "taxes_id": [Command.clear()],
                "sports_stall_id": cls.stall_a.id,
            }
        )
        cls.product_b = Product.create(
            {
                "name": "Beef noodles",
                "list_price": 33.3,
                "available_in_pos": True,
                "company_id": cls.company.id,
                "categ_id": cls.categ.id,
                "taxes_id": [Command.clear()],
                "sports_stall_id": cls.stall_b.id,
            }
        )
        config = env["pos.config"].create(
            {"name": "Stall Portal Food Court", "sports_stall_shared": True}
        )
        session = env["pos.session"].create({"config_id": config.id})
        cls.pos_session = session
        for product, qty in ((cls.product_a, 2), (cls.product_a, 2), (cls.product_b, 2)):
            amount = round(product.list_price * qty, 2)
            env["pos.order"].create(
                {
                    "session_id": session.id,
                    "company_id": cls.company.id,
                    "partner_id": cls.customer.id,
                    "amount_tax": 0.0,
                    "amount_total": amount,
                    "amount_paid": amount,
                    "amount_return": 0.0,
                    "state": "paid",
                    "lines": [
                        Command.create(
                            {
                                "name": product.name,
                                "product_id": product.id,
                                "qty": qty,
                                "price_unit": product.list_price,
                                "price_subtotal": amount,
                                "price_subtotal_incl": amount,
                                "sports_stall_id": product.sports_stall_id.id,
                            }
                        )
                    ],
                }
            )
        env.flush_all()
