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
        """A bureau user may use exactly the companies their bureau supervises.

        The bureau group is read-only, so the allowed companies give read access to the
        subordinates and nothing more. Arena companies (bureaus and operators) that are
        no longer below the bureau are taken away again, e.g. when an operator moves to
        another district; other companies are left as the administrator set them.
        """
        group = self.env.ref("sports_venue.group_sports_bureau", raise_if_not_found=False)
        if not group:
            return
        for user in self.filtered(lambda u: group in u.all_group_ids):
            bureau = user.company_id
            if bureau.arena_role not in ("national", "province", "city", "district"):
                continue
            wanted = bureau | bureau._bureau_descendants()
            stale = user.company_ids.filtered(lambda c: c.arena_role) - wanted
            missing = wanted - user.company_ids
            if missing or stale:
                # sudo: companies are granted by the system on the user's behalf when the
                # hierarchy changes; whoever changed it may not manage users.
                user.sudo().write(
                    {
                        "company_ids": [Command.link(cid) for cid in missing.ids]
                        + [Command.unlink(cid) for cid in stale.ids]
                    }
                )
