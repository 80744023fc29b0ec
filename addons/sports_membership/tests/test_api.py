from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.sports_venue.tests.json2 import post_json2


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
        return post_json2(self, model, method, self.api_key, **params)

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

    def test_a_till_charges_a_venue_scoped_card_by_ids(self):
        venue = self.env["sports.venue"].create({"name": "Till Arena", "code": "TTILL"})
        court = self.env["sports.space"].create({"name": "Till Court", "venue_id": venue.id})
        scoped = self.card.type_id.copy({"name": "Venue Only", "venue_ids": [(6, 0, venue.ids)]})
        card = self.env["sports.card"].create(
            {"type_id": scoped.id, "partner_id": self.card.partner_id.id}
        )
        ids = [card.id]
        status, body = self.call(
            "sports.card", "topup", ids=ids, amount=100.0, idempotency_key="till-v1"
        )
        self.assertEqual(status, 200, body)
        status, spend = self.call(
            "sports.card",
            "charge",
            ids=ids,
            amount=30.0,
            idempotency_key="till-v2",
            venue=venue.id,
            source=f"sports.space,{court.id}",
        )
        self.assertEqual(status, 200, spend)
        status, spend2 = self.call(
            "sports.card", "charge", ids=ids, amount=5.0, idempotency_key="till-v3", space=court.id
        )
        self.assertEqual(status, 200, spend2)
        move = self.env["sports.card.move"].browse(spend)
        self.assertEqual((move.res_model, move.res_id), ("sports.space", court.id))
        card.invalidate_recordset()
        self.assertEqual(card.balance_paid, 65.0)

    def test_bad_input_over_json2_is_a_422_and_writes_nothing(self):
        ids = [self.card.id]
        money = (
            {"amount": float("nan")},
            {"amount": float("inf")},
            {"amount": 1e308},
            {"amount": -5},
            {"amount": "lots"},
            {"amount": 5.0, "idempotency_key": "x" * 100_000},
            {"amount": 5.0, "idempotency_key": "a\u0000b"},
            {"amount": 5.0, "ref": "a\u0000b"},
        )
        calls = [("charge", p) for p in money] + [("topup", p) for p in money]
        calls += [
            ("charge", {"amount": 5.0, "venue": "abc"}),
            ("charge", {"amount": 5.0, "space": [1, 2]}),
            ("charge", {"amount": 5.0, "source": {"id": 1}}),
            ("charge", {"amount": 5.0, "revenue_account": "x"}),
            ("topup", {"amount": 5.0, "counterpart_account": 2**40}),
            ("use", {"space": "court"}),
            ("transfer", {"partner": "someone"}),
        ]
        for method, params in calls:
            params = {"idempotency_key": "bad-1", **params}
            if method == "transfer":
                params.pop("idempotency_key")
            status, body = self.call("sports.card", method, ids=ids, **params)
            self.assertEqual(status, 422, (method, params, body))
            self.assertTrue(body.get("message"), body)
            self.assertNotIn("x" * 200, body["message"])
        self.card.invalidate_recordset()
        self.assertEqual(self.card.balance_paid, 0.0)
        self.assertFalse(self.card.move_ids)
