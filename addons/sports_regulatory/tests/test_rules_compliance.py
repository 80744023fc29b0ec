from datetime import date, datetime

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .rules_common import RulesCase, days

YEAR = 2025
ISO_START = date(2024, 12, 30)  # Monday of ISO week 1 of 2025
LAST = date(2025, 12, 31)
FITNESS_DAY = date(2025, 8, 8)
MAY_DAY = date(2025, 5, 1)
NATIONAL_DAY = date(2025, 10, 1)


@tagged("post_install", "-at_install")
class TestRulesCompliance(RulesCase):
    """One test per duty: ``good`` meets every duty of 2025, ``bad`` misses every one, and
    ``watch`` is at risk on every duty as of 28 July 2025 without having missed any."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cal_good = cls._calendar(cls.o1, "Rules good")
        cls.cal_bad = cls._calendar(cls.o1, "Rules bad")
        hours = {weekday: (8.0, 20.0) for weekday in range(6)}
        hours[6] = (8.0, 18.0)  # 10 h on Sundays: too short for outdoor areas
        cls.cal_watch = cls._calendar(cls.o1, "Rules watch", hours)
        cls.good, cls.bad, cls.watch, cls.bare = cls.env["sports.venue"].create(
            [
                {
                    "name": "Good",
                    "code": "RGOOD",
                    "company_id": cls.o1.id,
                    "region_id": cls.d1.id,
                    "resource_calendar_id": cls.cal_good.id,
                },
                {
                    "name": "Bad",
                    "code": "RBAD",
                    "company_id": cls.o1.id,
                    "region_id": cls.d1.id,
                    "resource_calendar_id": cls.cal_bad.id,
                },
                {
                    "name": "Watch",
                    "code": "RWATCH",
                    "company_id": cls.o1.id,
                    "region_id": cls.d1.id,
                    "resource_calendar_id": cls.cal_watch.id,
                },
                {"name": "Bare", "code": "RBARE", "company_id": cls.o3.id, "region_id": cls.d4.id},
            ]
        )
        cls.env["sports.area"].create(
            [
                {"name": "Good pitch", "venue_id": cls.good.id, "environment": "outdoor"},
                {"name": "Bad pitch", "venue_id": cls.bad.id, "environment": "outdoor"},
                {"name": "Watch pitch", "venue_id": cls.watch.id, "environment": "outdoor"},
                {"name": "Bare hall", "venue_id": cls.bare.id, "environment": "indoor"},
            ]
        )
        cls.manager = cls.env["res.users"].create(
            {
                "name": "Rules Manager",
                "login": "rules.manager",
                "company_id": cls.o1.id,
                "company_ids": [(6, 0, cls.o1.ids)],
                "group_ids": [(6, 0, [cls.env.ref("sports_venue.group_arena_manager").id])],
            }
        )
        rows = []
        holidays = {MAY_DAY, NATIONAL_DAY}
        for day in days(ISO_START, LAST):
            rows.append(
                {
                    "venue": cls.good,
                    "date": day,
                    "open_hours": 12.0,
                    "outdoor_free_hours": 12.0,
                    "is_holiday": day in holidays,
                    "revenue_ticket": 0.0 if day == FITNESS_DAY else 100.0,
                }
            )
            closed = date(2025, 1, 6) <= day <= date(2025, 2, 14)  # 40 days
            rows.append(
                {
                    "venue": cls.bad,
                    "date": day,
                    "is_open": not closed,
                    "open_hours": 0.0 if closed else (6.0 if day == MAY_DAY else 12.0),
                    "outdoor_free_hours": 10.0 if day == date(2025, 3, 3) else 12.0,
                    "is_holiday": day in holidays,
                    "revenue_ticket": 50.0,
                }
            )
        # Watch: closed on the first 26 Mondays of 2025 (6 January to 30 June).
        for day in days(ISO_START, date(2025, 7, 28)):
            closed = date(2025, 1, 6) <= day <= date(2025, 6, 30) and day.weekday() == 0
            rows.append(
                {
                    "venue": cls.watch,
                    "date": day,
                    "is_open": not closed,
                    "open_hours": 0.0 if closed else 12.0,
                    "outdoor_free_hours": 12.0,
                    "is_holiday": day == MAY_DAY,
                    "revenue_ticket": 100.0,
                }
            )
        cls._insert_stats(rows)
        Leave = cls.env["resource.calendar.leaves"]
        Leave.create(
            [
                # Good: announced 9 days ahead (local 10 June 2025 from 00:00).
                {
                    "name": "Good repairs",
                    "calendar_id": cls.cal_good.id,
                    "date_from": datetime(2025, 6, 9, 16),
                    "date_to": datetime(2025, 6, 10, 15),
                    "sports_announced_on": date(2025, 6, 1),
                },
                # Bad: 3 days ahead, and one never recorded as announced.
                {
                    "name": "Bad repairs",
                    "calendar_id": cls.cal_bad.id,
                    "date_from": datetime(2025, 6, 9, 16),
                    "date_to": datetime(2025, 6, 10, 15),
                    "sports_announced_on": date(2025, 6, 7),
                },
                {
                    "name": "Bad tournament",
                    "calendar_id": cls.cal_bad.id,
                    "date_from": datetime(2025, 8, 31, 16),
                    "date_to": datetime(2025, 9, 1, 15),
                },
                # Watch: 5 to 10 August, not announced yet on 28 July.
                {
                    "name": "Watch floor works",
                    "calendar_id": cls.cal_watch.id,
                    "date_from": datetime(2025, 8, 4, 16),
                    "date_to": datetime(2025, 8, 10, 15, 59),
                },
            ]
        )
        cls.env["sports.holiday"].create(
            {"name": "Rules holiday", "date": date(2025, 8, 6), "company_id": cls.o1.id}
        )
        Compliance = cls.env["sports.compliance"]
        cls.year_rows = Compliance._compute_years(
            YEAR, venues=cls.good | cls.bad | cls.bare, as_of=LAST
        )
        cls.row = {row.venue_id: row for row in cls.year_rows}

    # -- one test per duty ---------------------------------------------------------------
    def test_weekly_hours(self):
        good, bad = self.row[self.good], self.row[self.bad]
        self.assertEqual(good.weekly_hours_state, "ok")
        self.assertEqual(good.min_weekly_hours, 84.0)
        self.assertEqual(bad.weekly_hours_state, "breach")
        self.assertEqual(bad.min_weekly_hours, 0.0)
        self.assertIn("35 h", bad.warning_message)

    def test_open_days(self):
        good, bad = self.row[self.good], self.row[self.bad]
        self.assertEqual((good.open_days, good.open_days_state), (365, "ok"))
        self.assertEqual((bad.open_days, bad.open_days_state), (325, "breach"))

    def test_holiday_hours(self):
        good, bad = self.row[self.good], self.row[self.bad]
        self.assertEqual((good.holiday_hours_state, good.min_holiday_hours), ("ok", 12.0))
        self.assertEqual((bad.holiday_hours_state, bad.min_holiday_hours), ("breach", 6.0))

    def test_outdoor_free_hours(self):
        good, bad = self.row[self.good], self.row[self.bad]
        self.assertEqual((good.outdoor_free_state, good.min_outdoor_free_hours), ("ok", 12.0))
        self.assertEqual((bad.outdoor_free_state, bad.min_outdoor_free_hours), ("breach", 10.0))
        # A venue without outdoor areas has no such duty.
        self.assertFalse(self.row[self.bare].outdoor_free_state)

    def test_fitness_day(self):
        good, bad = self.row[self.good], self.row[self.bad]
        self.assertEqual((good.fitness_day_state, good.fitness_day_free), ("ok", True))
        self.assertEqual((bad.fitness_day_state, bad.fitness_day_free), ("breach", False))
        # No statistics that day (closed) is a miss too.
        self.assertEqual(self.row[self.bare].fitness_day_state, "breach")

    def test_closure_notice(self):
        good, bad = self.row[self.good], self.row[self.bad]
        self.assertEqual((good.closure_notice_state, good.late_closures), ("ok", 0))
        self.assertEqual((bad.closure_notice_state, bad.late_closures), ("breach", 2))
        self.assertEqual(self.row[self.bare].closure_notice_state, "ok")  # no closures

    def test_announcement_after_the_start_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot have been announced later"):
            self.env["resource.calendar.leaves"].create(
                {
                    "name": "Too late",
                    "calendar_id": self.cal_good.id,
                    "date_from": datetime(2025, 11, 2, 16),
                    "date_to": datetime(2025, 11, 3, 15),
                    "sports_announced_on": date(2025, 11, 4),
                }
            )
        # The local start day itself is allowed (00:00 local is 16:00 UTC the day before).
        leave = self.env["resource.calendar.leaves"].create(
            {
                "name": "Same day",
                "calendar_id": self.cal_good.id,
                "date_from": datetime(2025, 11, 2, 16),
                "date_to": datetime(2025, 11, 3, 15),
                "sports_announced_on": date(2025, 11, 3),
            }
        )
        self.assertEqual(leave.sports_start_date, date(2025, 11, 3))
        self.assertTrue(leave.sports_announced_late)

    def test_overall_state_and_idempotence(self):
        self.assertEqual(self.row[self.good].state, "ok")
        self.assertEqual(self.row[self.bad].state, "breach")
        again = self.env["sports.compliance"]._compute_years(
            YEAR, venues=self.good | self.bad, as_of=LAST
        )
        self.assertEqual(again, self.row[self.good] | self.row[self.bad])
        self.assertEqual(
            self.env["sports.compliance"].search_count(
                [("venue_id", "in", (self.good | self.bad).ids), ("year", "=", YEAR)]
            ),
            2,
        )

    def test_a_year_not_started_is_refused(self):
        with self.assertRaisesRegex(UserError, "has not started"):
            self.env["sports.compliance"]._compute_years(2030, self.good, as_of=date(2029, 6, 1))

    # -- warnings before a duty is missed ------------------------------------------------
    def test_warning_before_breach_and_one_activity_per_state(self):
        Compliance = self.env["sports.compliance"]
        row = Compliance._compute_years(YEAR, venues=self.watch, as_of=date(2025, 7, 28))
        self.assertEqual(
            {
                duty: row[f"{duty}_state"]
                for duty in (
                    "weekly_hours",
                    "open_days",
                    "holiday_hours",
                    "outdoor_free",
                    "fitness_day",
                    "closure_notice",
                )
            },
            dict.fromkeys(
                (
                    "weekly_hours",
                    "open_days",
                    "holiday_hours",
                    "outdoor_free",
                    "fitness_day",
                    "closure_notice",
                ),
                "warning",
            ),
            row.warning_message,
        )
        self.assertEqual(row.state, "warning")
        self.assertEqual(row.open_days, 183)
        # The manager gets one activity naming the duties at risk.
        mine = row.activity_ids.filtered(lambda a: a.user_id == self.manager)
        self.assertEqual(len(mine), 1)
        self.assertIn("35 h a Week", mine.summary)
        # The venue form shows the same warnings.
        warnings = self.watch._sports_compliance_warnings(year=YEAR)
        self.assertEqual(len(warnings), 6)
        self.assertFalse(self.good._sports_compliance_warnings(year=YEAR))
        # Next night, still at risk: nobody is told again.
        activities = row.activity_ids
        Compliance._compute_years(YEAR, venues=self.watch, as_of=date(2025, 7, 28))
        self.assertEqual(row.activity_ids, activities)
        # Ten days later without a single open day: missed, and told once more.
        Compliance._compute_years(YEAR, venues=self.watch, as_of=date(2025, 8, 9))
        self.assertEqual(row.weekly_hours_state, "breach")
        self.assertEqual(row.fitness_day_state, "breach")
        self.assertEqual(row.closure_notice_state, "breach")  # started unannounced
        new = row.activity_ids.filtered(lambda a: a.user_id == self.manager) - mine
        self.assertEqual(len(new), 1)
        self.assertIn("weekly_hours:breach", row.notified_duties)
        self.assertIn("weekly_hours:warning", row.notified_duties)

    def test_nightly_hook_recomputes_the_year_and_in_january_the_last(self):
        self.env["sports.venue.stat"]._sports_after_nightly(date(2026, 1, 3))
        rows = self.env["sports.compliance"].search([("venue_id", "=", self.good.id)])
        self.assertEqual(
            sorted((r.year, r.as_of) for r in rows),
            [(2025, LAST), (2026, date(2026, 1, 3))],
        )
        # ISO week 1 of 2026 (29 December to 4 January) is not over: nothing is judged yet.
        row_2026 = rows.filtered(lambda r: r.year == 2026)
        self.assertEqual(row_2026.min_weekly_hours, 0.0)
        self.assertNotEqual(row_2026.weekly_hours_state, "breach")

    def test_venue_form_smart_button(self):
        action = self.good.action_view_sports_compliance()
        self.assertEqual(action["domain"], [("venue_id", "=", self.good.id)])
        self.assertEqual(self.good.sports_compliance_count, 1)
        self.assertEqual(
            self.env["sports.compliance"].search(action["domain"]), self.row[self.good]
        )
        self.assertEqual(self.row[self.good].as_of, LAST)
