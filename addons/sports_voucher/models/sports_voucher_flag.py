from odoo import _, fields, models
from odoo.exceptions import UserError

FLAG_KINDS = [
    ("no_entry", "No Gate Entry"),
    ("refund_repeat", "Repeated Redeem and Refund"),
    ("claim_cluster", "Many Claims from One Device, IP or Phone Prefix"),
    ("venue_ratio", "Redemptions Abnormal against Passenger Flow"),
    ("group_double", "Group Voucher Twice in One Slot"),
]


class SportsVoucherFlag(models.Model):
    """A suspicion for the bureau's review queue. Accepted: the fraud is confirmed and the
    redemption is left out of the subsidy; rejected: no fraud."""

    _name = "sports.voucher.flag"
    _description = "Sports Voucher Fraud Flag"
    _inherit = ["mail.thread"]
    _order = "create_date desc, id desc"

    name = fields.Char(compute="_compute_name")
    kind = fields.Selection(FLAG_KINDS, required=True, index=True)
    key = fields.Char(
        required=True, readonly=True, help="What was flagged: one flag per kind and key."
    )
    campaign_id = fields.Many2one(
        "sports.voucher.campaign", required=True, ondelete="cascade", index=True
    )
    bureau_company_id = fields.Many2one(
        related="campaign_id.company_id", store=True, index=True, string="Bureau"
    )
    venue_id = fields.Many2one("sports.venue", ondelete="cascade", index=True)
    company_id = fields.Many2one(
        "res.company", index=True, string="Operator", help="The venue's operator, if any."
    )
    redemption_id = fields.Many2one(
        "sports.voucher.redemption", ondelete="cascade", index="btree_not_null"
    )
    voucher_id = fields.Many2one("sports.voucher", ondelete="cascade", index="btree_not_null")
    partner_id = fields.Many2one("res.partner", ondelete="set null", index="btree_not_null")
    detail = fields.Text(readonly=True)
    state = fields.Selection(
        [
            ("new", "To Review"),
            ("accepted", "Accepted (fraud)"),
            ("rejected", "Rejected (no fraud)"),
        ],
        default="new",
        required=True,
        tracking=True,
        index=True,
    )
    reason = fields.Text(tracking=True)
    reviewer_id = fields.Many2one("res.users", readonly=True)
    reviewed_at = fields.Datetime(readonly=True)

    _kind_key_unique = models.Constraint(
        "UNIQUE(campaign_id, kind, key)", "This suspicion is flagged already."
    )

    def _compute_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for flag in self:
            flag.name = labels.get(flag.kind, "")

    def _review(self, state):
        if not self.env.user.has_group("sports_voucher.group_voucher_officer"):
            raise UserError(_("Only the bureau's voucher officers review flags."))
        for flag in self:
            if flag.state != "new":
                raise UserError(_("This flag was reviewed already."))
            if not (flag.reason or "").strip():
                raise UserError(_("Give the reason for your decision first."))
        self.write(
            {"state": state, "reviewer_id": self.env.uid, "reviewed_at": fields.Datetime.now()}
        )

    def action_accept(self):
        self._review("accepted")

    def action_reject(self):
        self._review("rejected")

    def _cron_detect(self):
        """Run every anti-fraud check over running campaigns."""
        return True
