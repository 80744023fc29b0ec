from odoo import fields, models


class SportsVoucherRedemption(models.Model):
    """The verification record (核销) of one voucher used on one order: what the venue
    claims back from the bureau."""

    _name = "sports.voucher.redemption"
    _description = "Sports Voucher Redemption (核销)"
    _order = "redeemed_at desc, id desc"

    name = fields.Char(related="voucher_id.code", string="Voucher Code")
    voucher_id = fields.Many2one("sports.voucher", required=True, ondelete="restrict", index=True)
    campaign_id = fields.Many2one(
        "sports.voucher.campaign", required=True, ondelete="restrict", index=True
    )
    bureau_company_id = fields.Many2one(
        related="campaign_id.company_id", store=True, index=True, string="Bureau"
    )
    partner_id = fields.Many2one(related="voucher_id.partner_id", store=True, index=True)
    venue_id = fields.Many2one("sports.venue", required=True, ondelete="restrict", index=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        string="Operator",
        help="The venue's operator, who is reimbursed.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    channel = fields.Selection(
        [("online", "Online Booking"), ("desk", "Front Desk")], required=True, index=True
    )
    sale_order_id = fields.Many2one("sale.order", index="btree_not_null", ondelete="restrict")
    pos_order_id = fields.Many2one("pos.order", index="btree_not_null", ondelete="restrict")
    pos_order_line_id = fields.Many2one(
        "pos.order.line",
        index="btree_not_null",
        ondelete="restrict",
        help="The POS discount line; its uuid makes a re-synced order redeem once.",
    )
    pos_line_uuid = fields.Char(index="btree_not_null", readonly=True)
    booking_id = fields.Many2one("sports.booking", index="btree_not_null", ondelete="set null")
    slot_start = fields.Datetime(help="The booked start, for the gate-entry check.")
    order_amount = fields.Monetary(help="The eligible amount the threshold was checked on.")
    discount = fields.Monetary(required=True)
    redeemed_at = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    user_id = fields.Many2one("res.users", string="Cashier", default=lambda self: self.env.user)
    state = fields.Selection(
        [("valid", "Verified"), ("refunded", "Refunded")],
        default="valid",
        required=True,
        index=True,
    )
    refunded_at = fields.Datetime(readonly=True)
    flag_ids = fields.One2many("sports.voucher.flag", "redemption_id", string="Flags")
    claim_id = fields.Many2one(
        "sports.voucher.subsidy.claim",
        index="btree_not_null",
        ondelete="set null",
        string="Subsidy Claim",
    )

    _one_valid_per_voucher = models.UniqueIndex(
        "(voucher_id) WHERE state = 'valid'", "A voucher is redeemed once."
    )
    _pos_line_once = models.UniqueIndex(
        "(pos_line_uuid) WHERE pos_line_uuid IS NOT NULL",
        "A POS order line redeems its voucher once.",
    )
    _discount_positive = models.Constraint(
        "CHECK(discount > 0)", "A redemption grants a positive discount."
    )
