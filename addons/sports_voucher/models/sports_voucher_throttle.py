import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


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

    @api.model
    def _hit(self, key, limit, window_seconds):
        """Count one attempt of ``key`` in the current fixed window of ``window_seconds``;
        raise a UserError once the window holds more than ``limit`` attempts. A ``limit``
        or window of 0 switches the throttle off. Attempts over the limit still count, so
        a script that keeps hammering stays out until the window ends."""
        if not limit or not window_seconds or limit <= 0 or window_seconds <= 0:
            return 0
        now = fields.Datetime.now()
        epoch = int(now.replace(tzinfo=datetime.UTC).timestamp())
        start = epoch - epoch % window_seconds
        window_start = datetime.datetime(1970, 1, 1) + datetime.timedelta(seconds=start)
        self.env.cr.execute(
            SQL(
                "INSERT INTO sports_voucher_throttle AS t (key, window_start, count) "
                "VALUES (%(key)s, %(start)s, 1) ON CONFLICT (key, window_start) "
                "DO UPDATE SET count = t.count + 1 RETURNING count",
                key=key[:200],
                start=window_start,
            )
        )
        count = self.env.cr.fetchone()[0]
        if count > limit:
            wait = max(1, start + window_seconds - epoch)
            raise UserError(
                self.env._("Too many attempts, try again in %(seconds)s s.", seconds=wait)
            )
        return count

    @api.model
    def _hit_claim(self, campaign, user, device, ip):
        """One claim attempt against the campaign's limits per account, device and IP,
        counted in a transaction of its own (an attempt stays counted when the claim
        fails). Raises the first limit exceeded."""
        keys = [
            (f"claim:{campaign.id}:user:{user.id}", campaign.throttle_account),
            (f"claim:{campaign.id}:device:{device}", campaign.throttle_device if device else 0),
            (f"claim:{campaign.id}:ip:{ip}", campaign.throttle_ip if ip else 0),
        ]
        refused = []
        with self.env["sports.voucher"]._short_transaction() as env:
            for key, limit in keys:
                try:
                    env["sports.voucher.throttle"]._hit(key, limit, campaign.throttle_window)
                except UserError as error:
                    refused.append(error)
        if refused:
            raise refused[0]

    @api.autovacuum
    def _gc_windows(self):
        """Forget the windows older than a day (no throttle window is that long)."""
        self.env.cr.execute(
            SQL(
                "DELETE FROM sports_voucher_throttle WHERE window_start < %s",
                fields.Datetime.now() - datetime.timedelta(days=1),
            )
        )
