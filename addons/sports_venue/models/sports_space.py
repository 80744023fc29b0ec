from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class SportsSpace(models.Model):
    """A bookable space: a court, field, lane or room.

    A space may be *composite*: a full basketball court is made of two half
    courts. The atomic spaces below a space are its ``unit_ids``; two spaces
    conflict exactly when their units intersect, so a booking of a full court
    blocks its halves and a booking of a half blocks the full court. The
    booking engine writes one occupancy row per unit under an exclusion
    constraint.
    """

    _name = "sports.space"
    _description = "Sports Space (Court, Field, Lane, Room)"
    _order = "venue_id, sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Short code printed on signs and tickets, e.g. B1-A.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
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
    area_id = fields.Many2one(
        comodel_name="sports.area",
        index=True,
        ondelete="restrict",
        domain="[('venue_id', '=', venue_id)]",
        check_company=True,
    )
    kind = fields.Selection(
        [
            ("court", "Court"),
            ("field", "Field"),
            ("lane", "Lane"),
            ("room", "Room"),
            ("table", "Table"),
            ("other", "Other"),
        ],
        required=True,
        default="court",
    )
    sport_ids = fields.Many2many(comodel_name="sports.sport", string="Sports")
    capacity = fields.Integer(default=1, help="How many people may use the space at once.")
    environment = fields.Selection(
        [("indoor", "Indoor"), ("outdoor", "Outdoor")], required=True, default="indoor"
    )
    unattended = fields.Boolean(
        help="Runs without staff on site: entry by QR or card, lights switched by the schedule."
    )
    description = fields.Text(translate=True)
    component_ids = fields.Many2many(
        comodel_name="sports.space",
        relation="sports_space_component_rel",
        column1="composite_id",
        column2="component_id",
        string="Made Of",
        check_company=True,
        help="Smaller spaces that together form this one, e.g. the two halves of a full court.",
    )
    composite_ids = fields.Many2many(
        comodel_name="sports.space",
        relation="sports_space_component_rel",
        column1="component_id",
        column2="composite_id",
        string="Part Of",
        help="Bigger spaces this one belongs to.",
    )
    unit_ids = fields.Many2many(
        comodel_name="sports.space",
        relation="sports_space_unit_rel",
        column1="space_id",
        column2="unit_id",
        string="Atomic Units",
        compute="_compute_unit_ids",
        store=True,
        recursive=True,
        help="The smallest spaces this space occupies; itself when it has no components.",
    )
    is_composite = fields.Boolean(compute="_compute_is_composite", search="_search_is_composite")

    _capacity_positive = models.Constraint(
        "CHECK(capacity >= 0)", "The capacity of a space cannot be negative."
    )

    @api.depends("component_ids", "component_ids.unit_ids")
    def _compute_unit_ids(self):
        for space in self:
            if space.component_ids:
                space.unit_ids = space.component_ids.unit_ids
            else:
                space.unit_ids = space._origin or space

    @api.depends("component_ids")
    def _compute_is_composite(self):
        for space in self:
            space.is_composite = bool(space.component_ids)

    def _search_is_composite(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        positive = (operator == "=") == value
        return [("component_ids", "!=" if positive else "=", False)]

    @api.constrains("component_ids")
    def _check_components(self):
        if self._has_cycle("component_ids"):
            raise ValidationError(
                _("A space cannot contain itself, directly or through its components.")
            )
        for space in self:
            foreign = space.component_ids.filtered(lambda c: c.venue_id != space.venue_id)
            if foreign:
                raise ValidationError(
                    _(
                        "%(space)s can only be made of spaces of its own venue %(venue)s, "
                        "not %(others)s.",
                        space=space.name,
                        venue=space.venue_id.name,
                        others=", ".join(foreign.mapped("display_name")),
                    )
                )

    @api.constrains("venue_id")
    def _check_venue_with_composites(self):
        for space in self:
            if (space.composite_ids | space.component_ids).filtered(
                lambda s: s.venue_id != space.venue_id
            ):
                raise ValidationError(
                    _(
                        "%(space)s is combined with spaces of another venue; uncombine it first.",
                        space=space.name,
                    )
                )

    @api.constrains("area_id", "venue_id")
    def _check_area_venue(self):
        for space in self.filtered("area_id"):
            if space.area_id.venue_id != space.venue_id:
                raise ValidationError(
                    _(
                        "The area of %(space)s must belong to the venue %(venue)s.",
                        space=space.name,
                        venue=space.venue_id.name,
                    )
                )

    def _conflicting_spaces(self):
        """Spaces that cannot be used at the same time as any space in ``self``."""
        units = self.unit_ids
        return self.search([("unit_ids", "in", units.ids)])

    @api.depends("venue_id.code", "code", "name")
    def _compute_display_name(self):
        for space in self:
            space.display_name = f"{space.name} [{space.code}]" if space.code else space.name
