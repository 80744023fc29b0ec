from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class SportsArea(models.Model):
    """A facility area of a venue, e.g. the gymnasium or the natatorium.

    Areas are what gates guard and what regulators count passenger flow for.
    """

    _name = "sports.area"
    _description = "Venue Facility Area"
    _order = "venue_id, sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    venue_id = fields.Many2one(
        comodel_name="sports.venue",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        related="venue_id.company_id",
        store=True,
        index=True,
        precompute=True,
    )
    environment = fields.Selection(
        [("indoor", "Indoor"), ("outdoor", "Outdoor")], required=True, default="indoor"
    )
    is_core_free_area = fields.Boolean(
        string="Core Free/Low-fee Area",
        help="Counted by regulators as a core free or low-fee public fitness area.",
    )
    space_ids = fields.One2many(comodel_name="sports.space", inverse_name="area_id")
    space_count = fields.Integer(compute="_compute_space_count")
    active = fields.Boolean(default=True)

    @api.depends("space_ids")
    def _compute_space_count(self):
        counts = dict(
            self.env["sports.space"]._read_group(
                [("area_id", "in", self.ids)], ["area_id"], ["__count"]
            )
        )
        for area in self:
            area.space_count = counts.get(area, 0)

    @api.constrains("venue_id")
    def _check_spaces_same_venue(self):
        for area in self:
            if area.space_ids.filtered(lambda s: s.venue_id != area.venue_id):
                raise ValidationError(
                    _("Area %(area)s still holds spaces of another venue.", area=area.name)
                )
