from datetime import date, datetime

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from odoo.addons.sports_venue.tools import inputs


@tagged("post_install", "-at_install")
class TestInputs(TransactionCase):
    def test_amount(self):
        env = self.env
        self.assertEqual(inputs.amount(env, 50, "Amount"), 50.0)
        self.assertEqual(inputs.amount(env, "12.5", "Amount"), 12.5)
        for bad in (float("nan"), float("inf"), -float("inf"), 1e308, True, None, [], "x", -1):
            with self.subTest(bad=bad), self.assertRaises(ValidationError):
                inputs.amount(env, bad, "Amount")
        with self.assertRaises(ValidationError):
            inputs.amount(env, 0, "Amount", strict=True)
        with self.assertRaises(ValidationError):
            inputs.amount(env, 101, "Amount", maximum=100)

    def test_text_and_key(self):
        env = self.env
        self.assertEqual(inputs.key(env, " k-1 "), "k-1")
        self.assertIsNone(inputs.text(env, "", "Note"))
        for bad in ("a\x00b", "x" * 129, 5, b"k", ""):
            with self.subTest(bad=bad), self.assertRaises(ValidationError):
                inputs.key(env, bad)
        self.assertEqual(inputs.text(env, "line\nnext", "Note"), "line\nnext")

    def test_moment(self):
        env = self.env
        self.assertEqual(
            inputs.moment(env, "2026-12-01T18:00:00+08:00", "Start"), datetime(2026, 12, 1, 10, 0)
        )
        self.assertEqual(
            inputs.moment(env, "2026-12-01 10:00:00", "Start"), datetime(2026, 12, 1, 10)
        )
        self.assertEqual(inputs.moment(env, date(2026, 12, 1), "Start"), datetime(2026, 12, 1))
        for bad in (
            "9999-12-31T23:59:59-23:59",
            "0001-01-01",
            "tomorrow",
            12,
            "2026-12-01\x00",
            None,
        ):
            with self.subTest(bad=bad), self.assertRaises(ValidationError):
                inputs.moment(env, bad, "Start")

    def test_day(self):
        env = self.env
        self.assertEqual(inputs.day(env, "2026-12-01", "Day"), date(2026, 12, 1))
        for bad in ("9999-12-31", "2026-13-01", 3, None):
            with self.subTest(bad=bad), self.assertRaises(ValidationError):
                inputs.day(env, bad, "Day")

    def test_record(self):
        env = self.env
        partner = env["res.partner"].create({"name": "Input check"})
        self.assertEqual(inputs.record(env, "res.partner", partner.id, "Partner"), partner)
        self.assertEqual(inputs.record(env, "res.partner", partner, "Partner"), partner)
        self.assertFalse(inputs.record(env, "res.partner", None, "Partner"))
        for bad in (True, "1", 1.5, [partner.id], 2**40, env.user, 999_999_999):
            with self.subTest(bad=bad), self.assertRaises(ValidationError):
                inputs.record(env, "res.partner", bad, "Partner")
        with self.assertRaises(ValidationError):
            inputs.record(env, "res.partner", None, "Partner", required=True)

    def test_choice(self):
        self.assertEqual(inputs.choice(self.env, "web", "Channel", ["web", "desk"]), "web")
        with self.assertRaises(ValidationError):
            inputs.choice(self.env, ["web"], "Channel", ["web", "desk"])
