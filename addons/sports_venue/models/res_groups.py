from odoo import models


class ResGroups(models.Model):
    _inherit = "res.groups"

    def write(self, vals):
        res = super().write(vals)
        # Users added to the bureau group from the group form get their companies too.
        if "user_ids" in vals:
            bureau = self.env.ref("sports_venue.group_sports_bureau", raise_if_not_found=False)
            if bureau and bureau in self:
                bureau.user_ids._sync_bureau_companies()
        return res
