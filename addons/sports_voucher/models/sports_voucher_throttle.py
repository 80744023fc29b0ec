from odoo import fields, models


class SportsVoucherThrottle(models.Model):
    """Claim attempts per key (account, device or IP) and time window: an atomic counter
    (INSERT ... ON CONFLICT DO UPDATE), so scripted grabbing (抢券) is cut off the same way
    on every worker."""

    _name = "sports.voucher.throttle"
    _description = "Sports Voucher Claim Throttle"
    _log_access = False

    key = fields.Char(required=True)
    window_start = fields.Datetime(required=True, index=True)
    count = fields.Integer(required=True, default=0)

    _key_window_unique = models.Constraint(
        "UNIQUE(key, window_start)", "One counter per key and window."
    )
