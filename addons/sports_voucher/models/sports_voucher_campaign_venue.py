from odoo import _, fields, models
from odoo.exceptions import UserError


class SportsVoucherCampaignVenue(models.Model):
    """A venue's participation in a campaign: its operator applies, the bureau approves;
    accepted fraud flags warn, then suspend it."""

    _name = "sports.voucher.campaign.venue"
    _description = "Sports Voucher Campaign Venue"
    _inherit = ["mail.thread"]
    _order = "campaign_id, venue_id"
    _rec_name = "venue_id"

    campaign_id = fields.Many2one(
        "sports.voucher.campaign", required=True, ondelete="cascade", index=True
    )
    bureau_company_id = fields.Many2one(
        related="campaign_id.company_id", store=True, index=True, string="Bureau"
    )
    venue_id = fields.Many2one("sports.venue", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(
        related="venue_id.company_id", store=True, index=True, string="Operator"
    )
    state = fields.Selection(
        [
            ("applied", "Applied"),
            ("approved", "Approved"),
            ("warned", "Warned"),
            ("suspended", "Suspended"),
            ("rejected", "Rejected"),
        ],
        default="applied",
        required=True,
        tracking=True,
        index=True,
    )
    note = fields.Text()

    _one_per_venue = models.Constraint(
        "UNIQUE(campaign_id, venue_id)", "A venue takes part in a campaign once."
    )

    def _is_redeemable(self):
        """Whether vouchers may be redeemed at this venue now (approved or only warned)."""
        return self.state in ("approved", "warned")

    def _check_bureau_officer(self):
        if not self.env.user.has_group("sports_voucher.group_voucher_officer"):
            raise UserError(_("Only the bureau's voucher officers decide on participation."))

    def action_approve(self):
        self._check_bureau_officer()
        self.write({"state": "approved"})

    def action_reject(self):
        self._check_bureau_officer()
        self.write({"state": "rejected"})

    def action_suspend(self):
        self._check_bureau_officer()
        self.write({"state": "suspended"})
