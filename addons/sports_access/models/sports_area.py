from odoo import fields, models

# What sports.access.point._gate_config reads of an area: writing one of them reaches the
# gates of every worker at once.
GATE_FIELDS = {
    "venue_id",
    "company_id",
    "access_anti_passback",
    "access_passback_timeout",
    "access_sharing_minutes",
    "entry_price",
}


class SportsArea(models.Model):
    _inherit = "sports.area"

    access_point_ids = fields.One2many(
        comodel_name="sports.access.point", inverse_name="area_id", string="Access Points"
    )
    access_anti_passback = fields.Boolean(
        string="Anti-passback",
        help="No second entry into this area without an exit in between.",
    )
    access_passback_timeout = fields.Integer(
        string="Passback Timeout (min)",
        help="After this many minutes a missed exit no longer blocks re-entry; 0 = never.",
    )
    access_sharing_minutes = fields.Integer(
        string="Anti-sharing Window (min)",
        default=2,
        help="A credential seen at another point of the venue within this many minutes "
        "is refused; 0 turns the check off.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    entry_price = fields.Monetary(
        help="What a stored-value card pays for an entry through the access points of this "
        "area that have no price of their own; empty means none.",
    )
    occupancy = fields.Integer(
        compute="_compute_occupancy",
        help="Granted entries minus exits since the start of the venue's day.",
    )

    _access_minutes_positive = models.Constraint(
        "CHECK(access_passback_timeout >= 0 AND access_sharing_minutes >= 0)",
        "Access time windows cannot be negative.",
    )
    _entry_price_not_negative = models.Constraint(
        "CHECK(entry_price IS NULL OR entry_price >= 0)", "An entry price cannot be negative."
    )

    def write(self, vals):
        result = super().write(vals)
        if GATE_FIELDS.intersection(vals):
            self.env.registry.clear_cache()  # sports.access.point._gate_config
        return result

    def _compute_occupancy(self):
        counts = self.env["sports.access.event"]._occupancy(self.venue_id)
        for area in self:
            area.occupancy = counts.get(area.id, 0)
