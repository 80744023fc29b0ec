from odoo import fields, models


class SportsRegion(models.Model):
    _inherit = "sports.region"

    population = fields.Integer(
        help="Resident population, for visitors per 1,000 residents on the bureau dashboard."
    )
