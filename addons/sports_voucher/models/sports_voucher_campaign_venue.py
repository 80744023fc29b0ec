from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


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

    @api.model_create_multi
    def create(self, vals_list):
        """An operator applies for its own venues only, and only to a running campaign; the
        bureau decides. Whoever is not an officer of the campaign's bureau creates
        participations in the state 'applied' and nothing else."""
        records = super().create(vals_list)
        for record in records:
            if record._is_decider():
                continue
            if record.state != "applied":
                raise ValidationError(
                    _("A venue applies to a campaign; only the bureau approves it.")
                )
            if record.venue_id.company_id not in self.env.user.company_ids:
                raise ValidationError(
                    _(
                        "%(venue)s is not a venue of your company: an operator applies for "
                        "its own venues only.",
                        venue=record.venue_id.display_name,
                    )
                )
            if record.campaign_id.state != "running":
                raise ValidationError(
                    _(
                        "%(campaign)s is not running: venues apply to a running campaign.",
                        campaign=record.campaign_id.display_name,
                    )
                )
        return records

    def write(self, vals):
        """Only the campaign's bureau moves a participation, or moves it elsewhere; the
        operator may change its note."""
        if set(vals) - {"note"}:
            for record in self:
                if not record._is_decider():
                    raise ValidationError(
                        _("Only the bureau's voucher officers decide on participation.")
                    )
        return super().write(vals)

    def _is_decider(self):
        """Whether the current user decides on this participation: a voucher officer of the
        campaign's bureau, or the superuser (data files, crons)."""
        self.ensure_one()
        if self.env.su:
            return True
        return (
            self.env.user.has_group("sports_voucher.group_voucher_officer")
            and self.campaign_id.company_id in self.env.user.company_ids
        )

    def _is_redeemable(self):
        """Whether vouchers may be redeemed at this venue now (approved or only warned)."""
        return self.state in ("approved", "warned")

    def _check_bureau_officer(self):
        for record in self:
            if not record._is_decider():
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
