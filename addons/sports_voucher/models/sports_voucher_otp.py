import datetime
import secrets

import phonenumbers
import psycopg2.errors

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, consteq
from odoo.tools.misc import hmac

CODE_MINUTES = 10
MAX_ATTEMPTS = 5
RESEND_SECONDS = 60


class SportsVoucherOtp(models.Model):
    """A one-time code sent to verify a member's phone before they may claim. Only its
    hash is kept; the SMS carries the code."""

    _name = "sports.voucher.otp"
    _description = "Sports Voucher Phone Verification Code"
    _order = "id desc"

    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade", index=True)
    phone = fields.Char(required=True, help="E.164, +86...")
    code_hash = fields.Char(required=True)
    expires_at = fields.Datetime(required=True)
    attempts = fields.Integer(default=0)
    used = fields.Boolean(default=False)
    sms_id = fields.Many2one("sms.sms", ondelete="set null")

    # ------------------------------------------------------------------ helpers

    @api.model
    def _normalize_phone(self, raw):
        """``raw`` as an E.164 mainland China mobile number (+861...), or a UserError."""
        _ = self.env._
        text = (raw or "").strip()
        if not text or len(text) > 32 or "\x00" in text:
            raise UserError(_("Enter your mobile number, for example 138 0013 8000."))
        try:
            number = phonenumbers.parse(text, "CN")
        except phonenumbers.NumberParseException:
            number = None
        if (
            number is None
            or not phonenumbers.is_valid_number(number)
            or phonenumbers.region_code_for_number(number) != "CN"
            or phonenumbers.number_type(number)
            not in (
                phonenumbers.PhoneNumberType.MOBILE,
                phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
            )
        ):
            raise UserError(
                _("%(phone)s is not a mainland China mobile number (+86 1...).", phone=text[:32])
            )
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def _hash(self, partner, phone, code):
        # sudo: reads the database secret, which keys the hash.
        return hmac(self.env(su=True), "sports_voucher_otp", (partner.id, phone, code))

    @api.model
    def _check_phone_free(self, partner, phone):
        # sudo: whether another person verified this number is not the member's to read,
        # only the answer is.
        taken = (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .search_count(
                [("sports_verified_phone", "=", phone), ("id", "!=", partner.id)], limit=1
            )
        )
        if taken:
            raise UserError(
                self.env._(
                    "This number is verified for another person already: each person claims "
                    "with a phone of their own."
                )
            )

    # ------------------------------------------------------------------ send and check

    @api.model
    def _send(self, partner, raw_phone):
        """Send a fresh 6-digit code to ``raw_phone`` by SMS for ``partner``; at most one
        send per minute per person. Returns the new code record."""
        partner.ensure_one()
        phone = self._normalize_phone(raw_phone)
        self._check_phone_free(partner, phone)
        now = fields.Datetime.now()
        # sudo: codes are kept from everyone (system only); this is the member's own.
        Otp = self.sudo()
        last = Otp.search([("partner_id", "=", partner.id)], limit=1)
        sent_at = last and last.expires_at - datetime.timedelta(minutes=CODE_MINUTES)
        if last and sent_at > now - datetime.timedelta(seconds=RESEND_SECONDS):
            wait = RESEND_SECONDS - int((now - sent_at).total_seconds())
            raise UserError(
                self.env._(
                    "A code was sent just now: ask again in %(seconds)s s.", seconds=max(1, wait)
                )
            )
        # The check above reads a snapshot; the atomic counter stops two sends at once.
        self.env["sports.voucher.throttle"]._hit(f"otp:{partner.id}", 1, RESEND_SECONDS)
        code = f"{secrets.randbelow(10**6):06d}"
        # The older codes of this person stop working.
        self.env.cr.execute(
            SQL(
                "UPDATE sports_voucher_otp SET used = TRUE WHERE partner_id = %s AND NOT used",
                partner.id,
            )
        )
        Otp.invalidate_model(["used"])
        # sudo: members cannot create SMS records; the text and number are ours.
        sms = (
            self.env["sms.sms"]
            .sudo()
            .create(
                {
                    "number": phone,
                    "partner_id": partner.id,
                    "body": self.env._(
                        "Your Arena verification code is %(code)s. It is valid for %(minutes)s "
                        "minutes; do not share it.",
                        code=code,
                        minutes=CODE_MINUTES,
                    ),
                    "state": "outgoing",
                }
            )
        )
        otp = Otp.create(
            {
                "partner_id": partner.id,
                "phone": phone,
                "code_hash": self._hash(partner, phone, code),
                "expires_at": now + datetime.timedelta(minutes=CODE_MINUTES),
                "sms_id": sms.id,
            }
        )
        # The SMS queue sends it (through IAP) after this transaction commits.
        sms_cron = self.env.ref("sms.ir_cron_sms_scheduler_action", raise_if_not_found=False)
        if sms_cron:
            sms_cron.sudo()._trigger()
        return otp

    @api.model
    def _verify(self, partner, code, real_name):
        """Check ``code`` against the person's latest code and, when it matches, record
        their real name and verified phone; a UserError says why not. The check runs in a
        transaction of its own, so that a wrong code stays counted as an attempt although
        this raises."""
        partner.ensure_one()
        with self.env["sports.voucher"]._short_transaction() as env:
            error = env["sports.voucher.otp"]._verify_attempt(
                env["res.partner"].browse(partner.id), code, real_name
            )
        partner.invalidate_recordset(
            ["sports_real_name", "sports_verified_phone", "sports_phone_verified_at"]
        )
        self.invalidate_model(["attempts", "used"])
        if error:
            raise UserError(error)
        return True

    @api.model
    def _verify_attempt(self, partner, code, real_name):
        """The body of ``_verify``: returns the message of a refused attempt (its attempt
        counted), or None once the person is verified."""
        _ = self.env._
        real_name = " ".join((real_name or "").split())
        if not real_name or len(real_name) > 64 or "\x00" in real_name:
            return _("Give your real name, as on your ID card (at most 64 characters).")
        code = (code or "").strip()
        now = fields.Datetime.now()
        # sudo: codes are kept from everyone (system only); this is the member's own.
        otp = self.sudo().search([("partner_id", "=", partner.id), ("used", "=", False)], limit=1)
        if not otp or otp.expires_at <= now:
            return _("The code expired or was never sent: ask for a new one.")
        self.env.cr.execute(
            SQL(
                "UPDATE sports_voucher_otp SET attempts = attempts + 1 "
                "WHERE id = %s AND NOT used AND attempts < %s RETURNING attempts",
                otp.id,
                MAX_ATTEMPTS,
            )
        )
        counted = self.env.cr.fetchone()
        otp.invalidate_recordset(["attempts"])
        if not counted:
            return _("Too many wrong codes: ask for a new one.")
        if not (len(code) == 6 and code.isdigit()) or not consteq(
            otp.code_hash, self._hash(partner, otp.phone, code)
        ):
            left = MAX_ATTEMPTS - counted[0]
            if not left:
                return _("Wrong code, and no attempt left: ask for a new one.")
            return _("Wrong code: %(left)s attempts left.", left=left)
        self._check_phone_free(partner, otp.phone)
        # Used once: a guarded UPDATE, so that two submits of one code verify once.
        self.env.cr.execute(
            SQL(
                "UPDATE sports_voucher_otp SET used = TRUE WHERE id = %s AND NOT used RETURNING id",
                otp.id,
            )
        )
        if not self.env.cr.fetchone():
            return _("This code was used already: ask for a new one.")
        otp.invalidate_recordset(["used"])
        try:
            with self.env.cr.savepoint():
                # sudo: the verified phone is read-only for the member; it is set here,
                # by the code they received on it.
                partner.sudo().write(
                    {
                        "sports_real_name": real_name,
                        "sports_verified_phone": otp.phone,
                        "sports_phone_verified_at": now,
                    }
                )
        except psycopg2.errors.UniqueViolation:
            raise UserError(_("This number is verified for another person already.")) from None
        return None

    @api.autovacuum
    def _gc_codes(self):
        """Codes are useless a day after they expire."""
        self.env.cr.execute(
            SQL(
                "DELETE FROM sports_voucher_otp WHERE expires_at < %s",
                fields.Datetime.now() - datetime.timedelta(days=1),
            )
        )
