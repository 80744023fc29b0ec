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
        participations in the state 'applied' and nothing else. Checked before anything
        is written, so that the user reads why rather than an access error."""
        # sudo: to name the campaign and venue in the message even when the user may not
        # read them; nothing is written with it.
        Campaign = self.env["sports.voucher.campaign"].sudo()
        Venue = self.env["sports.venue"].sudo()
        for vals in vals_list:
            campaign = Campaign.browse(vals.get("campaign_id")).exists()
            if not campaign or self._is_decider(campaign):
                continue
            venue = Venue.browse(vals.get("venue_id")).exists()
            if vals.get("state", "applied") != "applied":
                raise ValidationError(
                    _("A venue applies to a campaign; only the bureau approves it.")
                )
            if venue and venue.company_id not in self.env.user.company_ids:
                raise ValidationError(
                    _(
                        "%(venue)s is not a venue of your company: an operator applies for "
                        "its own venues only.",
                        venue=venue.display_name,
                    )
                )
            if campaign.state != "running":
                raise ValidationError(
                    _(
                        "%(campaign)s is not running: venues apply to a running campaign.",
                        campaign=campaign.display_name,
                    )
                )
        return super().create(vals_list)

    def write(self, vals):
        """Only the campaign's bureau moves a participation, or moves it elsewhere; the
        operator may change its note."""
        if set(vals) - {"note"}:
            for record in self:
                if not self._is_decider(record.campaign_id):
                    raise ValidationError(
                        _("Only the bureau's voucher officers decide on participation.")
                    )
        return super().write(vals)

    @api.model
    def _is_decider(self, campaign):
        """Whether the current user decides on participations in ``campaign``: a voucher
        officer of its bureau, or the superuser (data files, crons)."""
        if self.env.su:
            return True
        return (
            self.env.user.has_group("sports_voucher.group_voucher_officer")
            and campaign.sudo().company_id in self.env.user.company_ids
        )

    def _is_redeemable(self):
        """Whether vouchers may be redeemed at this venue now (approved or only warned)."""
        return self.state in ("approved", "warned")

    def _check_bureau_officer(self):
        for record in self:
            if not self._is_decider(record.campaign_id):
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
