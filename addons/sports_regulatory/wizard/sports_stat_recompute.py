from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError


class SportsStatRecompute(models.TransientModel):
    """Recompute the statistics of some venues over a date range, on demand (after a
    correction of the calendar, of a region, or of data that arrived late)."""

    _name = "sports.stat.recompute"
    _description = "Recompute Statistics"

    venue_ids = fields.Many2many(
        comodel_name="sports.venue",
        string="Venues",
        help="Leave empty for every venue of the companies you work in.",
    )
    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: fields.Date.context_today(self) - timedelta(days=1),
    )
    date_to = fields.Date(
        string="To",
        required=True,
        default=lambda self: fields.Date.context_today(self) - timedelta(days=1),
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "sports.venue" and "venue_ids" in fields_list:
            values["venue_ids"] = [fields.Command.set(self.env.context.get("active_ids") or [])]
        return values

    def action_recompute(self):
        """Recompute the chosen days and show the venues' statistics of those days."""
        self.ensure_one()
        # The statistics are written in SQL, which no access right guards: managers only.
        if not self.env.user.has_group("sports_venue.group_arena_manager"):
            raise AccessError(self.env._("Only venue managers may recompute statistics."))
        venues = self.venue_ids or self.env["sports.venue"].search(
            [("company_id", "in", self.env.companies.ids)]
        )
        stats = self.env["sports.venue.stat"]._compute_days(self.date_from, self.date_to, venues)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sports_regulatory.sports_venue_stat_action"
        )
        action["domain"] = [("id", "in", stats.ids)]
        action["view_mode"] = "list,pivot,graph"
        action["views"] = [(False, "list"), (False, "pivot"), (False, "graph")]
        return action
