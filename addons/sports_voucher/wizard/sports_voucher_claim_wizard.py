from datetime import timedelta

from odoo import fields, models


def _last_month(today):
    last = today.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


class SportsVoucherClaimWizard(models.TransientModel):
    """An operator's manager claims a period's subsidy of a campaign for their venues."""

    _name = "sports.voucher.claim.wizard"
    _description = "Claim Voucher Subsidy"

    campaign_id = fields.Many2one(
        "sports.voucher.campaign", required=True, domain=[("state", "!=", "draft")]
    )
    date_from = fields.Date(
        required=True, default=lambda self: _last_month(fields.Date.context_today(self))[0]
    )
    date_to = fields.Date(
        required=True, default=lambda self: _last_month(fields.Date.context_today(self))[1]
    )
    venue_ids = fields.Many2many(
        "sports.venue",
        string="Venues",
        help="Your venues to claim for; all of them when empty.",
    )

    def action_generate(self):
        """Generate (or find again) the claims and show them."""
        self.ensure_one()
        claims = self.env["sports.voucher.subsidy.claim"]._generate(
            self.campaign_id, self.date_from, self.date_to, self.venue_ids or None
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sports_voucher.sports_voucher_subsidy_claim_action"
        )
        action["domain"] = [("id", "in", claims.ids)]
        return action
