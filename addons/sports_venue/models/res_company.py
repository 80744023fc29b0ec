from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

ARENA_ROLES = [
    ("national", "National Sports Bureau"),
    ("province", "Province Sports Bureau"),
    ("city", "City Sports Bureau"),
    ("district", "District Sports Bureau"),
    ("operator", "Venue Operator"),
]
# The role a company's supervising bureau must have.
PARENT_ROLE = {
    "national": False,
    "province": "national",
    "city": "province",
    "district": "city",
    "operator": "district",
}
# The region level a company of each role is registered at.
REGION_LEVEL = {"province": "province", "city": "city", "district": "district"}
BUREAU_ROLES = ("national", "province", "city", "district")


class ResCompany(models.Model):
    """Companies are either venue operators or sports bureaus of a level.

    The bureau hierarchy is kept apart from Odoo's ``parent_id``: a parent
    company in Odoo makes its children *branches* that share its accounting,
    while a venue operator is a legal entity of its own that a bureau merely
    supervises.
    """

    _inherit = "res.company"

    arena_role = fields.Selection(
        ARENA_ROLES,
        help="Sports bureaus supervise the level below; venue operators run venues.",
    )
    bureau_parent_id = fields.Many2one(
        comodel_name="res.company",
        string="Supervising Bureau",
        index=True,
        ondelete="restrict",
        domain="[('arena_role', 'in', ('national', 'province', 'city', 'district'))]",
        help="The sports bureau one level up: national > province > city > district > operator.",
    )
    bureau_child_ids = fields.One2many(
        comodel_name="res.company", inverse_name="bureau_parent_id", string="Supervised"
    )
    region_id = fields.Many2one(
        comodel_name="sports.region", string="Region (GB/T 2260)", ondelete="restrict"
    )
    venue_ids = fields.One2many(comodel_name="sports.venue", inverse_name="company_id")

    @api.constrains("arena_role", "bureau_parent_id")
    def _check_bureau_parent(self):
        labels = dict(self._fields["arena_role"]._description_selection(self.env))
        for company in self.filtered("arena_role"):
            expected = PARENT_ROLE[company.arena_role]
            parent = company.bureau_parent_id
            if not expected and parent:
                raise ValidationError(
                    _(
                        "%(company)s is the national bureau and has no supervising bureau.",
                        company=company.name,
                    )
                )
            if expected and parent and parent.arena_role != expected:
                raise ValidationError(
                    _(
                        "%(company)s is a %(role)s: its supervising bureau must be a "
                        "%(expected)s, but %(parent)s is not.",
                        company=company.name,
                        role=labels[company.arena_role],
                        expected=labels[expected],
                        parent=parent.name,
                    )
                )
        if self._has_cycle("bureau_parent_id"):
            raise ValidationError(_("A bureau cannot supervise itself."))
        for company in self.filtered(lambda c: c.bureau_parent_id and not c.arena_role):
            raise ValidationError(
                _(
                    "Give %(company)s an Arena role before choosing its supervising bureau.",
                    company=company.name,
                )
            )

    @api.constrains("arena_role", "region_id", "bureau_parent_id")
    def _check_region(self):
        for company in self.filtered("region_id"):
            level = REGION_LEVEL.get(company.arena_role)
            if level and company.region_id.level != level:
                raise ValidationError(
                    _(
                        "%(company)s is a bureau at %(level)s level: its region code must be a "
                        "%(level)s code, not %(region)s.",
                        company=company.name,
                        level=level,
                        region=company.region_id.display_name,
                    )
                )
            parent_region = company.bureau_parent_id.region_id
            if parent_region and not company.region_id._is_within(parent_region):
                raise ValidationError(
                    _(
                        "The region %(region)s of %(company)s lies outside %(parent_region)s, "
                        "the region of its supervising bureau.",
                        region=company.region_id.display_name,
                        company=company.name,
                        parent_region=parent_region.display_name,
                    )
                )

    def _bureau_descendants(self):
        """Return every company supervised by ``self``, directly or below (not ``self``)."""
        result = self.browse()
        level = self
        # The hierarchy has at most five levels; one query per level. sudo: the
        # subordinates are what we are computing access for, so the caller may not
        # be allowed to read them yet.
        while level:
            level = self.sudo().search([("bureau_parent_id", "in", level.ids)]) - result - self
            result |= level
        return result.sudo(False)

    def _bureau_ancestors(self):
        result = self.browse()
        # sudo: a venue operator's user may not read the bureaus above it.
        company = self.sudo().bureau_parent_id
        while company and company not in result:
            result |= company
            company = company.bureau_parent_id
        return result.sudo(False)

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies.filtered("bureau_parent_id")._sync_bureau_users()
        if companies.filtered("bureau_parent_id"):
            self._bureau_hierarchy_changed()
        return companies

    def write(self, vals):
        if "bureau_parent_id" not in vals:
            return super().write(vals)
        former = self.browse()
        for company in self:
            former |= company._bureau_ancestors()
        res = super().write(vals)
        self._sync_bureau_users(extra_bureaus=former)
        self._bureau_hierarchy_changed()
        return res

    def _bureau_hierarchy_changed(self):
        """Bureau users' record rules read ``res.users.sports_stat_company_ids``, which
        follows the hierarchy: drop the cached rule domains and computed subtrees."""
        self.env["res.users"].invalidate_model(["sports_stat_company_ids"])
        self.env.registry.clear_cache()

    def _sync_bureau_users(self, extra_bureaus=None):
        """Re-sync the bureau users of every bureau above ``self`` (and of
        ``extra_bureaus``, the former ancestors after a move)."""
        ancestors = extra_bureaus or self.browse()
        for company in self:
            ancestors |= company._bureau_ancestors()
        if ancestors:
            # sudo: the user changing the hierarchy may not read the bureau users.
            users = (
                self.env["res.users"]
                .sudo()
                .search(
                    [
                        ("company_id", "in", ancestors.ids),
                        (
                            "all_group_ids",
                            "in",
                            self.env.ref("sports_venue.group_sports_bureau").ids,
                        ),
                    ]
                )
            )
            users._sync_bureau_companies()
