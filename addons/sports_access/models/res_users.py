from odoo import api, fields, models, tools

# What _arena_proxy_venues reads of a user: writing one of them reaches every worker.
PROXY_FIELDS = {"arena_proxy_venue_ids", "active", "company_ids"}


class ResUsers(models.Model):
    _inherit = "res.users"

    arena_proxy_venue_ids = fields.Many2many(
        comodel_name="sports.venue",
        relation="res_users_arena_proxy_venue_rel",
        string="Proxy for Venues",
        help="An Arena proxy user acts for these venues through the access API only.",
    )

    def write(self, vals):
        result = super().write(vals)
        if PROXY_FIELDS.intersection(vals):
            self.env.registry.clear_cache()  # _arena_proxy_venues
        return result

    @api.model
    @tools.ormcache("user_id")
    def _arena_proxy_venues(self, user_id):
        """The ids of the active venues proxy user ``user_id`` acts for, a sorted tuple;
        remembered by each worker until the user's binding or a venue is written."""
        # sudo: the binding of the calling proxy user, which it may not read itself.
        user = self.sudo().with_context(active_test=True).browse(user_id)
        return tuple(sorted(user.arena_proxy_venue_ids.ids))
