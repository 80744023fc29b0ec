import json

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCardApiOverJson2(HttpCase):
    """A till calls the card API as readme/USAGE.md shows: methods of the card's id,
    with its idempotency keys, over JSON-2; the ledger stays closed to it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company._arena_card_accounting()
        cls.cashier = new_test_user(
            cls.env, "card_api_cashier", groups="sports_venue.group_arena_user"
        )
        # sudo: an API key is generated for the user as they would in their preferences.
        cls.api_key = (
            cls.env["res.users.apikeys"].with_user(cls.cashier).sudo()._generate(None, "till", None)
        )
        card_type = cls.env["sports.card.type"].create(
            {"name": "API Stored Value", "kind": "stored_value"}
        )
        holder = cls.env["res.partner"].create({"name": "Api Holder", "phone": "13700137001"})
        cls.card = cls.env["sports.card"].create({"type_id": card_type.id, "partner_id": holder.id})

    def call(self, model, method, **params):
        response = self.url_open(
            f"/json/2/{model}/{method}",
            data=json.dumps(params),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"bearer {self.api_key}",
            },
        )
        return response.status_code, response.json()

    def test_a_till_tops_up_charges_and_retries_with_its_keys(self):
        ids = [self.card.id]
        status, topup = self.call(
            "sports.card", "topup", ids=ids, amount=100.0, idempotency_key="till-1", ref="cash"
        )
        self.assertEqual(status, 200, topup)
        spend_params = {"ids": ids, "amount": 30.0, "idempotency_key": "till-2", "ref": "POS/1"}
        status, spend = self.call("sports.card", "charge", **spend_params)
        self.assertEqual(status, 200, spend)
        # A retry after a lost answer returns the first spend and debits nothing.
        status, again = self.call("sports.card", "charge", **spend_params)
        self.assertEqual((status, again), (200, spend))
        self.card.invalidate_recordset()
        self.assertEqual(self.card.balance_paid, 70.0)
        moves = self.env["sports.card.move"].browse(topup + spend)
        self.assertEqual(moves.mapped("kind"), ["topup", "spend"])
        self.assertEqual(moves.user_id, self.cashier)

    def test_the_ledger_and_the_balances_are_closed_to_the_till(self):
        status, _body = self.call(
            "sports.card.move",
            "create",
            vals_list=[{"card_id": self.card.id, "kind": "topup", "amount_paid": 500.0}],
        )
        self.assertEqual(status, 403)
        status, _body = self.call(
            "sports.card", "write", ids=[self.card.id], vals={"balance_paid": 500.0}
        )
        self.assertEqual(status, 403)
        # Record methods need the card's id; the private ledger core is not callable.
        status, _body = self.call("sports.card", "_ledger", ids=[self.card.id], kind="topup")
        self.assertNotEqual(status, 200)
        self.card.invalidate_recordset()
        self.assertEqual(self.card.balance_paid, 0.0)
        self.assertFalse(self.card.move_ids)
