"""Phone verification by a one-time code, and the throttle's atomic windows."""

import re

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestClaimVerify(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Otp = cls.env["sports.voucher.otp"]
        cls.alice, cls.bob = cls.env["res.partner"].create([{"name": "Alice"}, {"name": "Bob"}])

    def send(self, partner, phone="138 0013 8000"):
        otp = self.Otp._send(partner, phone)
        match = re.search(r"\b(\d{6})\b", otp.sms_id.body)
        self.assertTrue(match, otp.sms_id.body)
        return otp, match.group(1)

    def test_code_is_sent_by_sms_and_only_its_hash_is_kept(self):
        otp, code = self.send(self.alice)
        self.assertEqual(otp.phone, "+8613800138000")
        self.assertEqual(otp.sms_id.number, "+8613800138000")
        self.assertEqual(otp.sms_id.state, "outgoing")
        self.assertNotIn(code, otp.code_hash)
        self.assertEqual(len(otp.code_hash), 64)
        self.assertFalse(self.alice._sports_voucher_verified())
        self.Otp._verify(self.alice, code, "  王  小明 ")
        self.assertTrue(self.alice._sports_voucher_verified())
        self.assertEqual(self.alice.sports_real_name, "王 小明")
        self.assertEqual(self.alice.sports_verified_phone, "+8613800138000")
        self.assertTrue(self.alice.sports_phone_verified_at)

    def test_bad_phone_numbers_are_refused(self):
        for phone in ("", "12345", "+1 415 555 0100", "010 6552 9988", "1" * 40, "a\x00b"):
            with self.assertRaises(UserError), self.cr.savepoint():
                self.Otp._send(self.alice, phone)
        self.assertFalse(self.Otp.search([("partner_id", "=", self.alice.id)]))

    def test_wrong_codes_count_and_five_attempts_end_the_code(self):
        otp, code = self.send(self.alice)
        wrong = "000000" if code != "000000" else "111111"
        with self.assertRaisesRegex(UserError, "Wrong code: 4 attempts left"):
            self.Otp._verify(self.alice, wrong, "王小明")
        self.assertEqual(otp.attempts, 1)  # counted although it raised
        for _i in range(3):
            # assertRaisesRegex: Odoo's assertRaises would roll the attempt back.
            with self.assertRaisesRegex(UserError, "Wrong code"):
                self.Otp._verify(self.alice, "abc", "王小明")
        with self.assertRaisesRegex(UserError, "no attempt left"):
            self.Otp._verify(self.alice, wrong, "王小明")
        with self.assertRaisesRegex(UserError, "Too many wrong codes"):
            self.Otp._verify(self.alice, code, "王小明")  # even the right one now
        self.assertEqual(otp.attempts, 5)
        self.assertFalse(self.alice._sports_voucher_verified())

    def test_code_expires_after_ten_minutes(self):
        with freeze_time("2026-06-01 08:00:00"):
            _otp, code = self.send(self.alice)
        with freeze_time("2026-06-01 08:10:01"), self.assertRaisesRegex(UserError, "expired"):
            self.Otp._verify(self.alice, code, "王小明")
        self.assertFalse(self.alice._sports_voucher_verified())

    def test_code_is_used_once_and_resend_waits_a_minute(self):
        with freeze_time("2026-06-01 08:00:00"):
            first, code = self.send(self.alice)
            with self.assertRaisesRegex(UserError, "ask again in 60 s"):
                self.Otp._send(self.alice, "13800138000")
        with freeze_time("2026-06-01 08:01:01"):
            _second, new_code = self.send(self.alice)
            self.assertTrue(first.used)
            if code != new_code:  # the first code stopped working
                with self.assertRaises(UserError):
                    self.Otp._verify(self.alice, code, "王小明")
            self.Otp._verify(self.alice, new_code, "王小明")
            with self.assertRaisesRegex(UserError, "expired or was never sent"):
                self.Otp._verify(self.alice, new_code, "王小明")

    def test_real_name_is_required(self):
        _otp, code = self.send(self.alice)
        for name in ("", "   ", "x" * 65):
            with self.assertRaisesRegex(UserError, "real name"):
                self.Otp._verify(self.alice, code, name)

    def test_a_phone_verified_by_someone_is_refused_to_another(self):
        _otp, code = self.send(self.alice)
        _otp_bob, code_bob = self.send(self.bob)  # both asked before either verified
        self.Otp._verify(self.alice, code, "王小明")
        with self.assertRaisesRegex(UserError, "another person"):
            self.Otp._verify(self.bob, code_bob, "鲍勃")
        self.assertFalse(self.bob.sports_verified_phone)
        with self.assertRaisesRegex(UserError, "another person"):
            self.Otp._send(self.bob, "+86 138 0013 8000")
        # The database refuses it too, whatever writes it.
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.bob.write({"sports_verified_phone": "+8613800138000"})
            self.bob.flush_recordset()


@tagged("post_install", "-at_install")
class TestClaimThrottle(TransactionCase):
    def test_hits_over_the_limit_are_refused_per_key_and_window(self):
        Throttle = self.env["sports.voucher.throttle"]
        with freeze_time("2026-06-01 08:00:05"):
            self.assertEqual([Throttle._hit("k:a", 3, 60) for _i in range(3)], [1, 2, 3])
            with self.assertRaisesRegex(UserError, r"Too many attempts, try again in 55 s"):
                Throttle._hit("k:a", 3, 60)
            with self.assertRaisesRegex(UserError, "Too many"):  # counted: a script stays out
                Throttle._hit("k:a", 3, 60)
            self.assertEqual(Throttle._hit("k:b", 3, 60), 1)  # another key
            self.assertEqual(Throttle._hit("k:a", 0, 60), 0)  # no limit
        with freeze_time("2026-06-01 08:01:00"):
            self.assertEqual(Throttle._hit("k:a", 3, 60), 1)  # the next window
        rows = Throttle.search([("key", "=", "k:a")])
        self.assertEqual(sorted(rows.mapped("count")), [1, 5])
        with freeze_time("2026-06-03 08:00:00"):
            Throttle._gc_windows()
        self.assertFalse(Throttle.search([("key", "=", "k:a")]))
