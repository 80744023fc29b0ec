from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

OFFICER_GROUP = "sports_voucher.group_voucher_officer"
# Weeks that Plan Batches plans ahead (the hourly cron plans this week and the next).
PLAN_WEEKS = 4


class SportsVoucherCampaign(models.Model):
    """The administration of a campaign: what its bureau's officers and the operators'
    managers click (smart buttons, planning the weekly batches, applying to take part)."""

    _inherit = "sports.voucher.campaign"  # pylint: disable=consider-merging-classes-inherited

    subsidy_claim_count = fields.Integer(compute="_compute_subsidy_claim_count")
    participation_count = fields.Integer(compute="_compute_subsidy_claim_count")
    is_voucher_officer = fields.Boolean(
        compute="_compute_is_voucher_officer",
        help="Whether the current user runs this campaign (an officer of its bureau).",
    )

    def _compute_subsidy_claim_count(self):
        for model, field in (
            ("sports.voucher.subsidy.claim", "subsidy_claim_count"),
            ("sports.voucher.campaign.venue", "participation_count"),
        ):
            counts = dict(
                self.env[model]._read_group(
                    [("campaign_id", "in", self.ids)], ["campaign_id"], ["__count"]
                )
            )
            for campaign in self:
                campaign[field] = counts.get(campaign, 0)

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_is_voucher_officer(self):
        officer = self.env.user.has_group(OFFICER_GROUP)
        for campaign in self:
            campaign.is_voucher_officer = officer and campaign.company_id in self.env.companies

    # ------------------------------------------------------------------ views
    @api.model
    def _get_view_cache_key(self, view_id=None, view_type="form", **options):
        """The form and list are read-only for whoever is not a voucher officer, so the
        cached view depends on that."""
        key = super()._get_view_cache_key(view_id, view_type, **options)
        return (*key, self.env.user.has_group(OFFICER_GROUP))

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        """Operators and bureaus above read a campaign's rules; only its officers edit."""
        arch, view = super()._get_view(view_id, view_type, **options)
        if view_type in ("form", "list") and not self.env.user.has_group(OFFICER_GROUP):
            for node in arch.xpath("/form | /list"):
                for attribute in ("create", "edit", "delete", "duplicate"):
                    node.set(attribute, "0")
        return arch, view

    # ------------------------------------------------------------------ smart buttons
    def _action_related(self, xmlid, extra_domain=None):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("campaign_id", "=", self.id), *(extra_domain or [])]
        action["context"] = {"default_campaign_id": self.id}
        return action

    def action_view_vouchers(self):
        """The campaign's claimed vouchers."""
        return self._action_related("sports_voucher.sports_voucher_action")

    def action_view_redemptions(self):
        """The campaign's redemptions (核销)."""
        return self._action_related("sports_voucher.sports_voucher_redemption_action")

    def action_view_flags(self):
        """The campaign's fraud flags, the new ones first."""
        return self._action_related("sports_voucher.sports_voucher_flag_action")

    def action_view_subsidy_claims(self):
        """The venues' subsidy claims on the campaign."""
        return self._action_related("sports_voucher.sports_voucher_subsidy_claim_action")

    def action_view_participations(self):
        """The venues that applied or take part."""
        return self._action_related("sports_voucher.sports_voucher_campaign_venue_action")

    # ------------------------------------------------------------------ planning
    def action_plan_batches(self):
        """Plan the weekly claim batches of this week and the coming ones (officers only),
        as the hourly cron plans this week's and the next: each denomination's
        ``quantity_per_batch``, never over the budget, once per release."""
        self.ensure_one()
        self._check_voucher_officer()
        if self.state != "running":
            raise UserError(self.env._("Only a running campaign releases batches."))
        Batch = self.env["sports.voucher.batch"]
        now = fields.Datetime.now()
        batches = Batch.browse()
        # Nothing half-written: a failure undoes the whole plan.
        with self.env.cr.savepoint():
            for week in range(PLAN_WEEKS):
                batches |= Batch._sports_plan_campaign(self, now + timedelta(weeks=week))
        message = (
            self.env._("%(count)s claim batches planned.", count=len(batches))
            if batches
            else self.env._(
                "Nothing to plan: the coming weeks have their batches, or the campaign ends "
                "or has spent its budget."
            )
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": "success" if batches else "warning",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _check_voucher_officer(self):
        """Raise unless the current user is a voucher officer of every campaign's bureau."""
        if not self.env.user.has_group(OFFICER_GROUP):
            raise UserError(self.env._("Only the bureau's voucher officers run a campaign."))
        foreign = self.company_id - self.env.user.company_ids
        if foreign:
            raise UserError(
                self.env._(
                    "Only the voucher officers of %(bureau)s run its campaigns.",
                    bureau=foreign[0].name,
                )
            )

    # ------------------------------------------------------------------ applying
    def action_apply(self):
        """Open the wizard in which an operator's manager applies with their venues."""
        self.ensure_one()
        if not self.env.user.has_group("sports_venue.group_arena_manager"):
            raise UserError(self.env._("Only an operator's manager applies with its venues."))
        if self.state != "running":
            raise UserError(self.env._("Venues apply to a running campaign only."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Apply to %(campaign)s", campaign=self.name),
            "res_model": "sports.voucher.apply",
            "view_mode": "form",
            "target": "new",
            "context": {"default_campaign_id": self.id},
        }
