from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class SportsVoucherRedemption(models.Model):
    """Group vouchers (one per booked slot) and refunds of a redemption by the campaign's
    rule."""

    _inherit = "sports.voucher.redemption"

    is_group = fields.Boolean(
        string="Group Voucher",
        readonly=True,
        help="A whole-court group voucher: a booking carries one valid group redemption.",
    )

    _one_group_per_booking = models.UniqueIndex(
        "(booking_id) WHERE is_group AND state = 'valid' AND booking_id IS NOT NULL",
        "A booked slot carries one group voucher.",
    )

    def _refund(self, full=True):
        """Refund this redemption by its campaign's rule:

        - 'restore': a full refund gives the voucher back (held, or expired when its date
          passed), a partial refund voids it;
        - 'forfeit': any refund forfeits it.

        The redemption becomes 'refunded'. Refunding a refunded redemption does nothing."""
        now = fields.Datetime.now()
        # sudo: refunds run for the member cancelling a booking or the cashier refunding an
        # order; neither may write vouchers or redemptions, which change only here.
        for redemption in self.sudo():
            voucher = redemption.voucher_id
            voucher._redeem_lock()
            self.env.cr.execute(
                SQL(
                    "UPDATE sports_voucher_redemption SET state = 'refunded', refunded_at = %s, "
                    "write_date = now() AT TIME ZONE 'UTC' WHERE id = %s AND state = 'valid' "
                    "RETURNING id",
                    now,
                    redemption.id,
                )
            )
            if not self.env.cr.fetchone():
                continue
            rule = redemption.campaign_id.refund_rule
            if rule == "restore" and full:
                state = "held" if voucher.expires_at > now else "expired"
            elif rule == "restore":
                state = "voided"
            else:
                state = "forfeited"
            self.env.cr.execute(
                SQL(
                    "UPDATE sports_voucher SET state = %s, used_at = NULL, sale_order_id = NULL, "
                    "write_date = now() AT TIME ZONE 'UTC' WHERE id = %s AND state = 'used'",
                    state,
                    voucher.id,
                )
            )
            if not self.env.cr.rowcount:
                raise UserError(
                    _("Voucher %(code)s is not in use and cannot be refunded.", code=voucher.code)
                )
        self.invalidate_model(["state", "refunded_at"])
        self.env["sports.voucher"].invalidate_model(["state", "used_at", "sale_order_id"])
        return True
