import uuid
from datetime import date, timedelta

from odoo.tests import tagged

from .common import AccessCase, local


@tagged("post_install", "-at_install")
class TestDailyStatistics(AccessCase):
    def passage(self, person, point, clock, decision="granted", day="2026-11-25"):
        point = self.points[point]
        return {
            "uuid": str(uuid.uuid4()),
            "point_id": point.id,
            "area_id": point.area_id.id,
            "venue_id": self.venue.id,
            "company_id": self.company.id,
            "person_key": person,
            "direction": point.direction,
            "decision": decision,
            "reason": None if decision == "granted" else "passback",
            "device_time": local(f"{day}T{clock}+08:00"),
            "source": "offline",
        }

    def test_one_person_entering_three_times_counts_once(self):
        rows = [
            self.passage("p1", "pool-in-1", "08:00:00"),
            self.passage("p1", "pool-out-1", "09:00:00"),
            self.passage("p1", "pool-in-1", "12:00:00"),
            self.passage("p1", "pool-out-1", "13:00:00"),
            self.passage("p1", "gym-in-1", "18:00:00"),
            self.passage("p2", "pool-in-1", "08:30:00"),
            self.passage("p3", "pool-in-1", "08:45:00"),
            self.passage("p3", "pool-in-2", "08:46:00", decision="denied"),
            # 23:30 on the 24th in Shanghai is 15:30 UTC: not the 25th.
            self.passage("p4", "pool-in-1", "23:30:00", day="2026-11-24"),
            # 00:30 on the 26th in Shanghai is 16:30 UTC on the 25th: not the 25th either.
            self.passage("p5", "pool-in-1", "00:30:00", day="2026-11-26"),
        ]
        self.Event._insert_rows(rows)
        day = date(2026, 11, 25)
        stats = self.env["sports.access.daily"]._compute_days(day, day, self.venue)
        self.assertEqual(len(stats), 1)
        self.assertEqual(stats.unique_visitors, 3)
        self.assertEqual(stats.entries, 5)
        self.assertEqual(stats.exits, 2)
        self.assertEqual(stats.denied, 1)
        # 08:00 p1, 08:30 p2, 08:45 p3 inside: 3; exits at 09:00 and 13:00.
        self.assertEqual(stats.peak_occupancy, 3)
        self.assertEqual(len(stats.hourly_entries), 24)
        self.assertEqual(stats.hourly_entries[8], 3)
        self.assertEqual(stats.hourly_entries[12], 1)
        self.assertEqual(stats.hourly_entries[18], 1)
        self.assertEqual(sum(stats.hourly_entries), 5)

    def test_recomputing_is_idempotent_and_follows_new_events(self):
        day = date(2026, 11, 25)
        Daily = self.env["sports.access.daily"]
        self.Event._insert_rows([self.passage("p1", "pool-in-1", "10:00:00")])
        first = Daily._compute_days(day - timedelta(days=1), day, self.venue)
        self.assertEqual(len(first), 2, "a day without passages gets a row of zeros")
        again = Daily._compute_days(day - timedelta(days=1), day, self.venue)
        self.assertEqual(again, first)
        self.assertEqual(first.filtered(lambda d: d.date == day).unique_visitors, 1)
        self.Event._insert_rows([self.passage("p2", "pool-in-1", "11:00:00")])
        Daily._compute_days(day, day, self.venue)
        self.assertEqual(first.filtered(lambda d: d.date == day).unique_visitors, 2)
        self.assertEqual(Daily.search_count([("venue_id", "=", self.venue.id)]), 2)

    def test_live_occupancy_is_entries_minus_exits_today(self):
        ticket = self.ticket(counted=False, uses_left=0, valid_from=False, valid_to=False)
        self.venue.resource_calendar_id = False
        from odoo import fields  # noqa: PLC0415

        now = fields.Datetime.now()
        self.verify(ticket.qr_token, "pool-in-1", now - timedelta(seconds=30))
        self.assertEqual(self.pool.occupancy, 1)
        self.assertEqual(self.venue.occupancy, 1)
        self.verify(ticket.qr_token, "pool-out-1", now)
        self.pool.invalidate_recordset(["occupancy"])
        self.venue.invalidate_recordset(["occupancy"])
        self.assertEqual(self.pool.occupancy, 0)
        self.assertEqual(self.venue.occupancy, 0)
