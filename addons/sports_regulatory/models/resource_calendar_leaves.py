from odoo import fields, models


class ResourceCalendarLeaves(models.Model):
    _inherit = "resource.calendar.leaves"

    sports_announced_on = fields.Date(
        string="Announced On",
        help="When the closure was announced to the public. Subsidised venues announce "
        "closures at least 7 days ahead.",
    )
