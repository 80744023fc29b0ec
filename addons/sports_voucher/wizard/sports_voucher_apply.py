from odoo import api, fields, models
from odoo.exceptions import UserError


class SportsVoucherApply(models.TransientModel):
    """An operator's manager applies with some of their venues to a running campaign."""

    _name = "sports.voucher.apply"
    _description = "Apply to a Voucher Campaign"

    campaign_id = fields.Many2one(
        "sports.voucher.campaign",
        required=True,
        ondelete="cascade",
        domain=[("state", "=", "running")],
    )
    venue_ids = fields.Many2many(
        "sports.venue",
        string="Venues",
        domain="[('id', 'in', allowed_venue_ids)]",
        help="Your venues that take part, once the bureau approves them.",
    )
    allowed_venue_ids = fields.Many2many("sports.venue", compute="_compute_allowed_venue_ids")
    note = fields.Text(help="What the bureau should know about your application.")

    @api.depends("campaign_id")
    @api.depends_context("uid")
    def _compute_allowed_venue_ids(self):
        """The user's companies' venues that have not applied to the campaign yet."""
        for wizard in self:
            applied = wizard.campaign_id.participation_ids.venue_id
            venues = self.env["sports.venue"].search(
                [("company_id", "in", self.env.user.company_ids.ids)]
            )
            wizard.allowed_venue_ids = venues - applied

    def action_apply(self):
        """Create the participations, in the state 'applied', for the bureau to decide."""
        self.ensure_one()
        if not self.venue_ids:
            raise UserError(self.env._("Choose the venues that apply."))
        already = self.venue_ids & self.campaign_id.participation_ids.venue_id
        if already:
            raise UserError(
                self.env._(
                    "%(venues)s applied to this campaign already.",
                    venues=", ".join(already.mapped("display_name")),
                )
            )
        participations = self.env["sports.voucher.campaign.venue"].create(
            [
                {
                    "campaign_id": self.campaign_id.id,
                    "venue_id": venue.id,
                    "state": "applied",
                    "note": self.note,
                }
                for venue in self.venue_ids
            ]
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Applications"),
            "res_model": "sports.voucher.campaign.venue",
            "view_mode": "list,form",
            "domain": [("id", "in", participations.ids)],
        }
