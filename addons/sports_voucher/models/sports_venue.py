from odoo import fields, models


class SportsVenue(models.Model):
    _inherit = "sports.venue"

    sports_voucher_participation_ids = fields.One2many(
        comodel_name="sports.voucher.campaign.venue",
        inverse_name="venue_id",
        string="Voucher Campaigns",
    )
    sports_voucher_participation_count = fields.Integer(
        string="Voucher Campaigns", compute="_compute_sports_voucher_participation_count"
    )

    def _compute_sports_voucher_participation_count(self):
        counts = dict(
            self.env["sports.voucher.campaign.venue"]._read_group(
                [("venue_id", "in", self.ids)], ["venue_id"], ["__count"]
            )
        )
        for venue in self:
            venue.sports_voucher_participation_count = counts.get(venue, 0)

    def action_view_sports_voucher_participations(self):
        """The voucher campaigns the venue applied to or takes part in."""
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sports_voucher.sports_voucher_campaign_venue_action"
        )
        action["domain"] = [("venue_id", "=", self.id)]
        action["context"] = {"default_venue_id": self.id}
        return action
