from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    arena_proxy_venue_ids = fields.Many2many(
        comodel_name="sports.venue",
        relation="res_users_arena_proxy_venue_rel",
        string="Proxy for Venues",
        help="An Arena proxy user acts for these venues through the access API only.",
    )
