from odoo import api, fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    sports_stat_company_ids = fields.Many2many(
        comodel_name="res.company",
        compute="_compute_sports_stat_company_ids",
        string="Statistics Companies",
        help="The companies whose statistics a bureau user reads without ticking them: "
        "the bureau and every company below it. Empty for everybody else.",
    )

    @api.depends("company_id", "company_ids", "all_group_ids")
    def _compute_sports_stat_company_ids(self):
        group = self.env.ref("sports_venue.group_sports_bureau", raise_if_not_found=False)
        for user in self:
            if group and group in user.all_group_ids and user.company_id.arena_role in (
                "national",
                "province",
                "city",
                "district",
            ):
                user.sports_stat_company_ids = user.company_id | user.company_id._bureau_descendants()
            else:
                user.sports_stat_company_ids = False
