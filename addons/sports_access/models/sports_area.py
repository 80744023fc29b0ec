from odoo import fields, models


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
    occupancy = fields.Integer(
        compute="_compute_occupancy",
        help="Granted entries minus exits since the start of the venue's day.",
    )

    _access_minutes_positive = models.Constraint(
        "CHECK(access_passback_timeout >= 0 AND access_sharing_minutes >= 0)",
        "Access time windows cannot be negative.",
    )

    def _compute_occupancy(self):
        counts = self.env["sports.access.event"]._occupancy(self.venue_id)
        for area in self:
            area.occupancy = counts.get(area.id, 0)
