from odoo import api, models
from odoo.fields import Command


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._sync_bureau_companies()
        return users

    def write(self, vals):
        res = super().write(vals)
        if {"company_id", "group_ids"} & set(vals):
            self._sync_bureau_companies()
        return res

    def _sync_bureau_companies(self):
        """A bureau user may use every company supervised by their bureau.

        The bureau group is read-only, so widening the allowed companies gives
        read access to subordinates and nothing more. Sibling bureaus stay
        invisible because only descendants are added.
        """
        group = self.env.ref("sports_venue.group_sports_bureau", raise_if_not_found=False)
        if not group:
            return
        for user in self.filtered(lambda u: group in u.all_group_ids):
            bureau = user.company_id
            if bureau.arena_role not in ("national", "province", "city", "district"):
                continue
            wanted = bureau | bureau._bureau_descendants()
            missing = wanted - user.company_ids
            if missing:
                # sudo: granting companies is done by the system on the user's behalf
                # when their bureau gains a subordinate; the caller may be the bureau itself.
                user.sudo().write({"company_ids": [Command.link(cid) for cid in missing.ids]})
