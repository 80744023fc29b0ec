from odoo import api, fields, models

LEVELS = [("province", "Province"), ("city", "City"), ("district", "District")]


class SportsRegion(models.Model):
    """An administrative division of China, coded per GB/T 2260."""

    _name = "sports.region"
    _description = "Administrative Region (GB/T 2260)"
    _order = "code"
    _parent_store = True
    _rec_names_search = ["code", "name"]

    code = fields.Char(required=True, size=6, index=True, help="Six-digit GB/T 2260 code.")
    name = fields.Char(required=True, translate=False)
    level = fields.Selection(LEVELS, required=True)
    parent_id = fields.Many2one(
        comodel_name="sports.region", string="Parent Region", index=True, ondelete="restrict"
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many(comodel_name="sports.region", inverse_name="parent_id")
    complete_name = fields.Char(compute="_compute_complete_name", recursive=True, store=True)

    _code_unique = models.Constraint("UNIQUE(code)", "A region code must be unique.")
    _code_six_digits = models.Constraint(
        "CHECK(code ~ '^[1-9][0-9]{5}$')",
        "A region code has exactly six digits (GB/T 2260).",
    )

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for region in self:
            if region.parent_id:
                region.complete_name = f"{region.parent_id.complete_name} / {region.name}"
            else:
                region.complete_name = region.name

    @api.depends("code", "complete_name")
    def _compute_display_name(self):
        for region in self:
            region.display_name = f"{region.code} {region.complete_name or region.name or ''}"

    def _is_within(self, other):
        """Whether this region is ``other`` or lies inside it."""
        self.ensure_one()
        return other.parent_path and (self.parent_path or "").startswith(other.parent_path)
