from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ


class SportsDashboardVenueLive(models.Model):
    """Today's passenger flow of each venue, live: a view over the access log since the
    venue's local midnight (its own time zone), evaluated when the dashboard reads it."""

    _name = "sports.dashboard.venue.live"
    _description = "Venue Flow Today"
    _auto = False
    _order = "venue_id"
    _rec_name = "venue_id"

    venue_id = fields.Many2one(comodel_name="sports.venue", readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    visitors_today = fields.Integer(readonly=True, help="Distinct people let in since midnight.")
    entries_today = fields.Integer(readonly=True)
    occupancy = fields.Integer(
        string="Inside Now", readonly=True, help="Granted entries minus exits since midnight."
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """CREATE VIEW %s AS (
                   SELECT v.id AS id, v.id AS venue_id, v.company_id,
                          COALESCE(flow.visitors, 0) AS visitors_today,
                          COALESCE(flow.entries, 0) AS entries_today,
                          GREATEST(COALESCE(flow.entries, 0) - COALESCE(flow.exits, 0), 0)
                              AS occupancy
                     FROM sports_venue v
                     LEFT JOIN LATERAL (
                          SELECT COUNT(DISTINCT e.person_key)
                                     FILTER (WHERE e.direction = 'in') AS visitors,
                                 COUNT(*) FILTER (WHERE e.direction = 'in') AS entries,
                                 COUNT(*) FILTER (WHERE e.direction = 'out') AS exits
                            FROM sports_access_event e
                           WHERE e.venue_id = v.id AND e.decision = 'granted'
                             AND e.device_time >= (date_trunc('day',
                                     now() AT TIME ZONE COALESCE(v.tz, %s))
                                     AT TIME ZONE COALESCE(v.tz, %s)) AT TIME ZONE 'UTC'
                     ) flow ON TRUE
                    WHERE v.active)""",
                SQL.identifier(self._table),
                DEFAULT_TZ,
                DEFAULT_TZ,
            )
        )
