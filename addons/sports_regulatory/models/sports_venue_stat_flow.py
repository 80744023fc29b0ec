from odoo import models
from odoo.tools import SQL


class SportsVenueStat(models.Model):
    """Passenger flow, visitors, peak occupancy, energy and water of a venue's days.

    How people are counted:

    - entries and exits (人次) are the sums of the hourly flow rows: granted events of
      gate-counted areas, and people-counter increments of counter-counted areas, never
      both for one area;
    - unique visitors are the distinct ``person_key`` of the granted entries of
      gate-counted areas: one person entering three times counts once. People counters
      are anonymous, so a counter zone adds entries but no unique visitors;
    - free and low-fee visitors are unique visitors whose entitlement's type (ticket
      type here, card type with sports_regulatory_membership) has that fee level; the
      audiences (students, seniors, the disabled) count such free or low-fee visitors
      only; public-benefit visitors are the entries (人次) into core free areas;
    - peak occupancy is the highest running total of entries minus exits, minute by
      minute (UTC minutes, so the repeated hour of a DST change stays in order), of
      gates and counters together;
    - energy and water are the sums of the meters' increments (``energy_kwh``,
      ``water_m3``): a meter in an area counts for that area and the venue, a meter
      without an area for the venue only.
    """

    _inherit = "sports.venue.stat"

    def _sports_stat_profile_sql(self):
        """How an event's entitlement gives a fee level and an audience: ``(joins,
        fee_level, audience)`` SQL over the alias ``ent`` of the entitlement. Bridges add
        their types (sports_regulatory_membership: card types) with COALESCE."""
        return (
            SQL(
                """LEFT JOIN sports_access_entitlement ent ON ent.id = ev.entitlement_id
                   LEFT JOIN sports_ticket_type tt ON tt.id = ent.ticket_type_id"""
            ),
            SQL("tt.sports_fee_level"),
            SQL("tt.sports_audience"),
        )

    def _sports_flow(self, venue, start, end):
        """``{(day, area_id): values}`` and ``{(day, None): values}`` for the venue."""
        cr = self.env.cr
        flow = {}
        cr.execute(
            SQL(
                """SELECT date, area_id, GROUPING(area_id), SUM(entries), SUM(exits),
                          COALESCE(SUM(entries) FILTER (WHERE is_core_free_area), 0)
                     FROM sports_flow_hourly
                    WHERE venue_id = %s AND hour >= %s AND hour < %s
                    GROUP BY GROUPING SETS ((date), (date, area_id))""",
                venue.id,
                start,
                end,
            )
        )
        for day, area, total, entries, exits, benefit in cr.fetchall():
            flow[(day, None if total else area)] = {
                "entries": int(entries or 0),
                "exits": int(exits or 0),
                "benefit_entries": int(benefit or 0),
            }
        joins, fee, audience = self._sports_stat_profile_sql()
        cr.execute(
            SQL(
                """SELECT day, area_id, GROUPING(area_id),
                          COUNT(DISTINCT person_key),
                          COUNT(DISTINCT person_key) FILTER (WHERE fee = 'free'),
                          COUNT(DISTINCT person_key) FILTER (WHERE fee = 'low'),
                          COUNT(DISTINCT person_key) FILTER (WHERE fee IN ('free', 'low')
                                                             AND audience = 'student'),
                          COUNT(DISTINCT person_key) FILTER (WHERE fee IN ('free', 'low')
                                                             AND audience = 'senior'),
                          COUNT(DISTINCT person_key) FILTER (WHERE fee IN ('free', 'low')
                                                             AND audience = 'disabled')
                     FROM (SELECT (ev.device_time AT TIME ZONE 'UTC' AT TIME ZONE %s)::date
                                      AS day,
                                  ev.area_id, ev.person_key, %s AS fee, %s AS audience
                             FROM sports_access_event ev
                             JOIN sports_area ga ON ga.id = ev.area_id
                                  AND ga.flow_counting = 'gate'
                             %s
                            WHERE ev.venue_id = %s AND ev.device_time >= %s
                              AND ev.device_time < %s AND ev.decision = 'granted'
                              AND ev.direction = 'in') visits
                    GROUP BY GROUPING SETS ((day), (day, area_id))""",
                venue._tz_name(),
                fee,
                audience,
                joins,
                venue.id,
                start,
                end,
            )
        )
        for day, area, total, visitors, free, low, student, senior, disabled in cr.fetchall():
            flow.setdefault((day, None if total else area), {}).update(
                visitors=visitors,
                free=free,
                low=low,
                student=student,
                senior=senior,
                disabled=disabled,
            )
        return flow

    def _sports_peaks(self, venue, start, end):
        """``{day: peak}``: the most people inside at the end of any minute of the day."""
        tz = venue._tz_name()
        self.env.cr.execute(
            SQL(
                """SELECT day, GREATEST(MAX(inside), 0)::int FROM (
                       SELECT day, SUM(delta) OVER (PARTITION BY day ORDER BY minute) AS inside
                         FROM (SELECT (minute AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date
                                          AS day, minute, SUM(delta) AS delta
                                 FROM (SELECT date_trunc('minute', ev.device_time) AS minute,
                                              CASE WHEN ev.direction = 'in' THEN 1 ELSE -1 END
                                                  AS delta
                                         FROM sports_access_event ev
                                         JOIN sports_area ga ON ga.id = ev.area_id
                                              AND ga.flow_counting = 'gate'
                                        WHERE ev.venue_id = %(venue)s
                                          AND ev.device_time >= %(start)s
                                          AND ev.device_time < %(end)s
                                          AND ev.decision = 'granted'
                                       UNION ALL
                                       SELECT date_trunc('minute', rd.measured_at),
                                              CASE WHEN rd.metric = 'people_in' THEN rd.value
                                                   ELSE -rd.value END
                                         FROM sports_device_reading rd
                                         JOIN sports_device dev ON dev.id = rd.device_id
                                              AND dev.kind = 'counter'
                                         JOIN sports_area ca ON ca.id = dev.area_id
                                              AND ca.flow_counting = 'counter'
                                        WHERE rd.venue_id = %(venue)s
                                          AND rd.measured_at >= %(start)s
                                          AND rd.measured_at < %(end)s
                                          AND rd.metric IN ('people_in', 'people_out')
                                      ) deltas
                                GROUP BY 1, 2) per_minute
                   ) running GROUP BY day""",
                tz=tz,
                venue=venue.id,
                start=start,
                end=end,
            )
        )
        return dict(self.env.cr.fetchall())

    def _sports_meters(self, venue, start, end):
        """``{(day, area_id): {"energy", "water"}}`` and the venue totals under
        ``(day, None)``, from the meters' increments."""
        self.env.cr.execute(
            SQL(
                """SELECT day, area_id, GROUPING(area_id),
                          COALESCE(SUM(value) FILTER (WHERE metric = 'energy_kwh'), 0),
                          COALESCE(SUM(value) FILTER (WHERE metric = 'water_m3'), 0)
                     FROM (SELECT (rd.measured_at AT TIME ZONE 'UTC' AT TIME ZONE %s)::date
                                      AS day,
                                  dev.area_id, rd.metric, rd.value
                             FROM sports_device_reading rd
                             JOIN sports_device dev ON dev.id = rd.device_id
                            WHERE rd.venue_id = %s AND rd.measured_at >= %s
                              AND rd.measured_at < %s
                              AND rd.metric IN ('energy_kwh', 'water_m3')) metered
                    GROUP BY GROUPING SETS ((day), (day, area_id))""",
                venue._tz_name(),
                venue.id,
                start,
                end,
            )
        )
        meters = {}
        for day, area, total, energy, water in self.env.cr.fetchall():
            if not total and not area:
                continue  # venue-level meters: in the venue total only
            meters[(day, None if total else area)] = {
                "energy": float(energy),
                "water": float(water),
            }
        return meters
