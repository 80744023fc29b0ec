from odoo import models


class SportsVoucherCampaign(models.Model):
    """Which venues a campaign's vouchers are redeemed at."""

    _inherit = "sports.voucher.campaign"  # pylint: disable=consider-merging-classes-inherited

    def _participation(self, venue):
        """The participation of ``venue`` in this campaign, whatever its state, or an empty
        recordset when its operator never applied."""
        self.ensure_one()
        # sudo: the participation is the bureau's record; a cashier or a member only needs
        # to know whether the venue may redeem.
        return (
            self.env["sports.voucher.campaign.venue"]
            .sudo()
            .search([("campaign_id", "=", self.id), ("venue_id", "=", venue.id)], limit=1)
        )
