from odoo import fields, models


class SportsEventTeam(models.Model):
    """A team registered for a tournament: its captain and its members' registrations."""

    _name = "sports.event.team"
    _description = "Event Team"
    _order = "event_id, name"
    _check_company_auto = True

    name = fields.Char(required=True)
    event_id = fields.Many2one(
        comodel_name="event.event", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="event_id.company_id", store=True, index=True)
    captain_partner_id = fields.Many2one(comodel_name="res.partner", string="Captain")
    registration_ids = fields.One2many(
        comodel_name="event.registration", inverse_name="sports_team_id", string="Members"
    )
    member_count = fields.Integer(compute="_compute_member_count")

    _name_unique = models.UniqueIndex(
        "(event_id, lower(name))", "A team of this name is already registered for this event."
    )

    def _compute_member_count(self):
        groups = self.env["event.registration"]._read_group(
            [("sports_team_id", "in", self.ids), ("state", "!=", "cancel")],
            ["sports_team_id"],
            ["__count"],
        )
        counts = {team.id: count for team, count in groups}
        for team in self:
            team.member_count = counts.get(team.id, 0)
