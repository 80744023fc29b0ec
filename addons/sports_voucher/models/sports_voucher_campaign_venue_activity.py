from odoo import models


class SportsVoucherCampaignVenue(models.Model):
    """Participations carry activities: a warned or suspended venue's managers get one."""

    _name = "sports.voucher.campaign.venue"
    _inherit = ["sports.voucher.campaign.venue", "mail.activity.mixin"]
