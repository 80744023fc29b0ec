from odoo import fields, models


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
