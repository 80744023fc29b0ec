from odoo import fields, models


class SportsVoucherSubsidyClaim(models.Model):
    """A venue's claim on the bureau for one period: its verified redemptions, minus the
    ones whose fraud flag the bureau accepted. Approval books the bureau's vendor bill and
    the operator's customer invoice, each in its own company, linked to each other."""

    _name = "sports.voucher.subsidy.claim"
    _description = "Sports Voucher Subsidy Claim"
    _inherit = ["mail.thread"]
    _order = "date_to desc, id desc"

    name = fields.Char(required=True, readonly=True, copy=False, default="/")
    campaign_id = fields.Many2one(
        "sports.voucher.campaign", required=True, ondelete="restrict", index=True
    )
    bureau_company_id = fields.Many2one(
        related="campaign_id.company_id", store=True, index=True, string="Bureau"
    )
    venue_id = fields.Many2one("sports.venue", required=True, ondelete="restrict", index=True)
    company_id = fields.Many2one("res.company", required=True, index=True, string="Operator")
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("refused", "Refused"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    redemption_ids = fields.One2many("sports.voucher.redemption", "claim_id", readonly=True)
    redemption_count = fields.Integer(readonly=True)
    amount_claimed = fields.Monetary(readonly=True, help="Discounts of verified redemptions.")
    amount_rejected = fields.Monetary(
        readonly=True, help="Discounts whose fraud flag was accepted."
    )
    amount_approved = fields.Monetary(tracking=True)
    approval_note = fields.Text()
    vendor_bill_id = fields.Many2one(
        "account.move", readonly=True, copy=False, help="The bureau's bill, in its books."
    )
    invoice_id = fields.Many2one(
        "account.move", readonly=True, copy=False, help="The operator's receivable, in its books."
    )

    _period_unique = models.Constraint(
        "UNIQUE(campaign_id, venue_id, date_from)", "A venue claims a period once."
    )
    _period_order = models.Constraint(
        "CHECK(date_to >= date_from)", "A claim's period ends on or after its start."
    )
