from odoo import api, fields, models
from odoo.fields import Command

from .res_company import BUREAU_ROLES


class ResUsers(models.Model):
    _inherit = "res.users"

    sports_stat_company_ids = fields.Many2many(
        comodel_name="res.company",
        compute="_compute_sports_stat_company_ids",
        string="Statistics Companies",
        help="The companies whose venues and statistics a bureau user reads without "
        "ticking them in the company switcher: the bureau and every company below it. "
        "Empty for everybody else. Record rules use it.",
    )

    @api.depends("company_id", "company_ids", "all_group_ids")
    def _compute_sports_stat_company_ids(self):
        group = self.env.ref("sports_venue.group_sports_bureau", raise_if_not_found=False)
        for user in self:
            company = user.company_id
            if group and group in user.all_group_ids and company.arena_role in BUREAU_ROLES:
                user.sports_stat_company_ids = company | company._bureau_descendants()
            else:
                user.sports_stat_company_ids = False

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
