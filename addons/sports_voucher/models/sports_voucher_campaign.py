from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

BUREAU_ROLES = ("national", "province", "city", "district")


class SportsVoucherCampaign(models.Model):
    """A bureau's voucher campaign (体育消费券活动): budget, denominations, claim batches,
    per-person limits, eligibility and the city's stacking and refund rules."""

    _name = "sports.voucher.campaign"
    _description = "Sports Voucher Campaign"
    _inherit = ["mail.thread"]
    _order = "date_start desc, id desc"

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Bureau",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        domain=[("arena_role", "in", BUREAU_ROLES)],
        help="The sports bureau that issues and subsidises the vouchers.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("closed", "Closed")],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    date_start = fields.Date(required=True, tracking=True)
    date_end = fields.Date(required=True, tracking=True)
    budget = fields.Monetary(
        required=True,
        tracking=True,
        help="The most the bureau pays: the face value of all batches together never exceeds it.",
    )
    budget_allocated = fields.Monetary(
        compute="_compute_budget", help="Face value of all claim batches released or planned."
    )
    budget_claimed = fields.Monetary(compute="_compute_budget", help="Face value claimed.")
    budget_redeemed = fields.Monetary(
        compute="_compute_budget", help="Discounts granted by valid redemptions."
    )
    validity_days = fields.Integer(
        default=7, required=True, help="Days a voucher stays valid after its claim."
    )
    denomination_ids = fields.One2many(
        "sports.voucher.denomination", "campaign_id", string="Denominations", copy=True
    )
    batch_ids = fields.One2many("sports.voucher.batch", "campaign_id", string="Claim Batches")
    participation_ids = fields.One2many(
        "sports.voucher.campaign.venue", "campaign_id", string="Venues"
    )
    voucher_ids = fields.One2many("sports.voucher", "campaign_id", string="Vouchers")

    # Weekly releases: every release_weekday at release_time, each denomination's
    # quantity_per_batch (the cron _cron_release_batches plans them).
    release_weekday = fields.Selection(
        [
            ("0", "Monday"),
            ("1", "Tuesday"),
            ("2", "Wednesday"),
            ("3", "Thursday"),
            ("4", "Friday"),
            ("5", "Saturday"),
            ("6", "Sunday"),
        ],
        default="0",
    )
    release_time = fields.Float(default=10.0, help="Local time of the weekly release.")

    # Per-person limits (0 = no limit).
    limit_claims_week = fields.Integer(string="Claims per Week", default=3)
    limit_claims_month = fields.Integer(string="Claims per Month")
    limit_claims_campaign = fields.Integer(string="Claims per Campaign")
    limit_held = fields.Integer(string="Held at Once", default=3)
    limit_uses_day = fields.Integer(string="Uses per Day", default=1)
    limit_large_week = fields.Integer(string="Large Vouchers per Week")
    large_face_value = fields.Monetary(
        string="Large from", help="A voucher of this face value or more counts as large."
    )

    # Eligibility.
    sport_ids = fields.Many2many("sports.sport", string="Eligible Sports")
    product_categ_ids = fields.Many2many("product.category", string="Eligible Product Categories")
    channel_online = fields.Boolean(string="Online Booking", default=True)
    channel_desk = fields.Boolean(string="Front Desk", default=True)
    region_id = fields.Many2one(
        "sports.region",
        string="Residents of",
        help="Only residents of this region (GB/T 2260) or below may claim.",
    )
    age_min = fields.Integer(string="Minimum Age")
    age_max = fields.Integer(string="Maximum Age")
    weekday_only = fields.Boolean(string="Weekdays Only")
    hour_from = fields.Float(string="Usable from")
    hour_to = fields.Float(string="Usable until", default=24.0)

    # Stacking and refunds (cities differ).
    one_per_order = fields.Boolean(default=True)
    refund_rule = fields.Selection(
        [
            ("restore", "Full refund restores, partial refund voids"),
            ("forfeit", "Any refund forfeits"),
        ],
        default="restore",
        required=True,
    )

    # Scripted grabbing (抢券): attempts per window, per account, device and IP.
    throttle_window = fields.Integer(string="Throttle Window (s)", default=60)
    throttle_account = fields.Integer(string="Attempts per Account", default=10)
    throttle_device = fields.Integer(string="Attempts per Device", default=20)
    throttle_ip = fields.Integer(string="Attempts per IP", default=60)

    # Anti-fraud thresholds.
    fraud_entry_hours = fields.Float(
        string="Entry Window (h)",
        default=2.0,
        help="A redemption with no gate entry of the member within this many hours after "
        "the booked start is flagged.",
    )
    fraud_refund_count = fields.Integer(
        string="Redeem-and-Refund Count", default=3, help="Refunds in 30 days that flag."
    )
    fraud_claims_per_device = fields.Integer(default=5)
    fraud_claims_per_ip = fields.Integer(default=20)
    fraud_claims_per_prefix = fields.Integer(
        default=30, help="Claims from one 7-digit phone prefix (号段) that flag."
    )
    fraud_venue_ratio = fields.Float(
        default=0.5,
        help="Redemptions of a day above this share of the venue's unique visitors flag it.",
    )
    warn_after = fields.Integer(default=2, help="Accepted flags that warn a venue.")
    suspend_after = fields.Integer(default=4, help="Accepted flags that suspend a venue.")

    voucher_count = fields.Integer(compute="_compute_counts")
    redemption_count = fields.Integer(compute="_compute_counts")
    flag_count = fields.Integer(compute="_compute_counts")

    _date_order = models.Constraint(
        "CHECK(date_end >= date_start)", "A campaign ends on or after its start."
    )
    _budget_positive = models.Constraint(
        "CHECK(budget >= 0)", "A campaign's budget cannot be negative."
    )

    @api.constrains("company_id")
    def _check_bureau(self):
        for campaign in self:
            if campaign.company_id.arena_role not in BUREAU_ROLES:
                raise ValidationError(
                    _(
                        "%(company)s is not a sports bureau: only bureaus issue vouchers.",
                        company=campaign.company_id.name,
                    )
                )

    @api.constrains("validity_days", "hour_from", "hour_to", "age_min", "age_max")
    def _check_settings(self):
        for campaign in self:
            if campaign.validity_days <= 0:
                raise ValidationError(_("A voucher must stay valid at least one day."))
            if not 0 <= campaign.hour_from < campaign.hour_to <= 24:
                raise ValidationError(
                    _("The usable hours must lie within one day, from before until.")
                )
            if campaign.age_max and campaign.age_min > campaign.age_max:
                raise ValidationError(_("The minimum age is above the maximum age."))

    def _compute_budget(self):
        batches = dict(
            (campaign, total)
            for campaign, total in self.env["sports.voucher.batch"]._read_group(
                [("campaign_id", "in", self.ids)], ["campaign_id"], ["face_total:sum"]
            )
        )
        claimed = dict(
            self.env["sports.voucher"]._read_group(
                [("campaign_id", "in", self.ids)], ["campaign_id"], ["face_value:sum"]
            )
        )
        redeemed = dict(
            self.env["sports.voucher.redemption"]._read_group(
                [("campaign_id", "in", self.ids), ("state", "=", "valid")],
                ["campaign_id"],
                ["discount:sum"],
            )
        )
        for campaign in self:
            campaign.budget_allocated = batches.get(campaign, 0.0)
            campaign.budget_claimed = claimed.get(campaign, 0.0)
            campaign.budget_redeemed = redeemed.get(campaign, 0.0)

    def _compute_counts(self):
        for model, field in (
            ("sports.voucher", "voucher_count"),
            ("sports.voucher.redemption", "redemption_count"),
            ("sports.voucher.flag", "flag_count"),
        ):
            counts = dict(
                self.env[model]._read_group(
                    [("campaign_id", "in", self.ids)], ["campaign_id"], ["__count"]
                )
            )
            for campaign in self:
                campaign[field] = counts.get(campaign, 0)

    def action_start(self):
        for campaign in self:
            if not campaign.denomination_ids:
                raise UserError(_("Add at least one denomination before starting the campaign."))
        self.write({"state": "running"})

    def action_close(self):
        self.write({"state": "closed"})

    def action_draft(self):
        if self.voucher_ids:
            raise UserError(_("Vouchers were claimed already: the campaign can only be closed."))
        self.write({"state": "draft"})
