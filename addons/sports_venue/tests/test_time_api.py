from datetime import date, datetime

from odoo.fields import Command
from odoo.tests import TransactionCase

from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ


class TestVenueTimeApi(TransactionCase):
    """The venue time API: zones, day bounds, opening hours minus closures."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "T Time Operator"})
        # Open 08:00-22:00 Monday to Saturday, 00:00-24:00 on Sunday, in Shanghai (UTC+8).
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "T Hours",
                "tz": DEFAULT_TZ,
                "company_id": cls.company.id,
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"d{d}",
                            "dayofweek": str(d),
                            "hour_from": 0 if d == 6 else 8,
                            "hour_to": 24 if d == 6 else 22,
                            "day_period": "full_day",
                        }
                    )
                    for d in range(7)
                ],
            }
        )
        Venue = cls.env["sports.venue"].with_company(cls.company)
        cls.venue = Venue.create(
            {
                "name": "T Time Hall",
                "code": "TTH",
                "company_id": cls.company.id,
                "resource_calendar_id": cls.calendar.id,
            }
        )
        cls.always = Venue.create(
            {"name": "T Always Open", "code": "TAO", "company_id": cls.company.id}
        )
        cls.paris = Venue.create(
            {"name": "T Paris", "code": "TPA", "company_id": cls.company.id, "tz": "Europe/Paris"}
        )

    def _closure(self, date_from, date_to, **vals):
        return self.env["resource.calendar.leaves"].create(
            {
                "name": "T Closure",
                "calendar_id": self.calendar.id,
                "date_from": date_from,
                "date_to": date_to,
                **vals,
            }
        )

    def test_default_zone_and_conversions(self):
        self.assertEqual(self.venue.tz, DEFAULT_TZ)
        self.assertEqual(self.env["sports.venue"]._tz_name(), DEFAULT_TZ)
        at = datetime(2026, 6, 1, 17, 30)  # UTC
        local = self.venue._localize(at)
        self.assertEqual((local.day, local.hour, local.minute), (2, 1, 30))
        self.assertEqual(self.venue._local_date(at), date(2026, 6, 2))
        self.assertEqual(self.venue._to_utc(datetime(2026, 6, 2, 1, 30)), at)
        self.assertEqual(self.venue._to_utc(local), at)

    def test_day_bounds_cross_utc_midnight(self):
        self.assertEqual(
            self.venue._day_bounds(date(2026, 6, 2)),
            (datetime(2026, 6, 1, 16, 0), datetime(2026, 6, 2, 16, 0)),
        )
        # Paris springs forward on 2026-03-29: that local day lasts 23 hours.
        start, end = self.paris._day_bounds(date(2026, 3, 29))
        self.assertEqual((start, end), (datetime(2026, 3, 28, 23, 0), datetime(2026, 3, 29, 22, 0)))

    def test_open_intervals_follow_weekly_hours(self):
        # 2026-06-02 is a Tuesday: open 08:00-22:00 local = 00:00-14:00 UTC.
        start, end = self.venue._day_bounds(date(2026, 6, 2))
        self.assertEqual(
            self.venue._open_intervals(start, end),
            [(datetime(2026, 6, 2, 0, 0), datetime(2026, 6, 2, 14, 0))],
        )
        self.assertTrue(self.venue._is_open(datetime(2026, 6, 2, 0, 0)))
        self.assertFalse(self.venue._is_open(datetime(2026, 6, 2, 14, 0)))
        self.assertFalse(self.venue._is_open(datetime(2026, 6, 1, 23, 59)))

    def test_open_until_midnight_has_no_gap(self):
        # Sunday 2026-06-07 is open 00:00-24:00: one interval, ending exactly at midnight,
        # merged with Monday's 08:00 only if adjacent (it is not).
        start, end = self.venue._day_bounds(date(2026, 6, 7))
        self.assertEqual(self.venue._open_intervals(start, end), [(start, end)])
        self.assertTrue(self.venue._is_open(end - (end - start) / 1440))

    def test_closure_leave_closes_a_normally_open_day(self):
        day = date(2026, 6, 3)  # a Wednesday
        start, end = self.venue._day_bounds(day)
        self.assertTrue(self.venue._open_intervals(start, end))
        self._closure(start, end)
        self.assertEqual(self.venue._open_intervals(start, end), [])
        self.assertFalse(self.venue._is_open(datetime(2026, 6, 3, 4, 0)))
        self.assertEqual(
            self.venue._closure_dates(date(2026, 6, 1), date(2026, 6, 7)), [date(2026, 6, 3)]
        )

    def test_partial_closure_is_not_a_closure_date(self):
        # Closed 12:00-14:00 local on Thursday 2026-06-04: open before and after.
        self._closure(datetime(2026, 6, 4, 4, 0), datetime(2026, 6, 4, 6, 0))
        start, end = self.venue._day_bounds(date(2026, 6, 4))
        self.assertEqual(
            self.venue._open_intervals(start, end),
            [
                (datetime(2026, 6, 4, 0, 0), datetime(2026, 6, 4, 4, 0)),
                (datetime(2026, 6, 4, 6, 0), datetime(2026, 6, 4, 14, 0)),
            ],
        )
        self.assertFalse(self.venue._is_open(datetime(2026, 6, 4, 5, 0)))
        self.assertEqual(self.venue._closure_dates(date(2026, 6, 4), date(2026, 6, 4)), [])

    def test_company_closure_without_calendar_applies(self):
        # A public holiday of the venue's company, not tied to a calendar.
        start, end = self.venue._day_bounds(date(2026, 6, 5))
        # Leaves without a calendar take the company the user works in.
        self.env.user.company_ids |= self.company
        holiday = (
            self.env["resource.calendar.leaves"]
            .with_company(self.company)
            .create({"name": "T Holiday", "date_from": start, "date_to": end})
        )
        self.assertEqual(holiday.company_id, self.company)
        self.assertEqual(self.venue._open_intervals(start, end), [])
        # The same kind of closure of another company leaves the venue open.
        other = self.env["res.company"].create({"name": "T Other Operator"})
        start, end = self.venue._day_bounds(date(2026, 6, 6))
        self.env.user.company_ids |= other
        elsewhere = (
            self.env["resource.calendar.leaves"]
            .with_company(other)
            .create({"name": "T Elsewhere", "date_from": start, "date_to": end})
        )
        self.assertEqual(elsewhere.company_id, other)
        self.assertTrue(self.venue._open_intervals(start, end))

    def test_no_calendar_is_always_open(self):
        start, end = self.always._day_bounds(date(2026, 6, 3))
        self.assertEqual(self.always._open_intervals(start, end), [(start, end)])
        self.assertTrue(self.always._is_open(datetime(2026, 6, 3, 20, 0)))
        self.assertEqual(self.always._closure_dates(date(2026, 6, 1), date(2026, 6, 30)), [])

    def test_time_off_of_another_calendar_of_the_company_leaves_the_venue_open(self):
        other_calendar = self.calendar.copy({"name": "T Office Hours"})
        start, end = self.venue._day_bounds(date(2026, 6, 10))
        self.env["resource.calendar.leaves"].create(
            {
                "name": "T Office Closed",
                "calendar_id": other_calendar.id,
                "date_from": start,
                "date_to": end,
            }
        )
        self.assertEqual(other_calendar.company_id, self.venue.company_id)
        self.assertTrue(self.venue._open_intervals(start, end))
        self.assertTrue(self.venue._is_open(datetime(2026, 6, 10, 4, 0)))

    def test_is_open_follows_a_closure_added_after_it_was_asked(self):
        at = datetime(2026, 6, 11, 4, 0)  # Thursday 12:00 in Shanghai
        self.assertTrue(self.venue._is_open(at))
        closure = self._closure(*self.venue._day_bounds(date(2026, 6, 11)))
        self.assertFalse(self.venue._is_open(at))
        closure.unlink()
        self.assertTrue(self.venue._is_open(at))
        # Changing the weekly hours counts too: Thursday now closes at 10:00 local.
        self.calendar.attendance_ids.filtered(lambda a: a.dayofweek == "3").hour_to = 10
        self.assertFalse(self.venue._is_open(at))
        self.calendar.attendance_ids.filtered(lambda a: a.dayofweek == "3").hour_to = 22
        self.assertTrue(self.venue._is_open(at))
        # And so does moving the venue to another zone (12:00 UTC+8 is 06:00 in Paris).
        self.venue.tz = "Europe/Paris"
        self.assertFalse(self.venue._is_open(at))

    def test_only_changes_that_can_touch_a_venue_clear_the_opening_cache(self):
        office = self.calendar.copy({"name": "T Office Hours"})
        self.assertTrue(self.calendar._sports_opening_relevant())
        self.assertFalse(office._sports_opening_relevant())
        self.assertTrue(self.calendar.attendance_ids[:1]._sports_opening_relevant())
        self.assertFalse(office.attendance_ids[:1]._sports_opening_relevant())
        Leave = self.env["resource.calendar.leaves"]
        start, end = self.venue._day_bounds(date(2026, 6, 12))
        closure = self._closure(start, end)
        holiday = Leave.create({"name": "T Holiday", "date_from": start, "date_to": end})
        office_off = Leave.create(
            {"name": "T Off", "calendar_id": office.id, "date_from": start, "date_to": end}
        )
        person = self.env["resource.resource"].create(
            {"name": "T Coach", "calendar_id": self.calendar.id}
        )
        time_off = Leave.create(
            {
                "name": "T Coach Off",
                "calendar_id": self.calendar.id,
                "resource_id": person.id,
                "date_from": start,
                "date_to": end,
            }
        )
        self.assertTrue(closure._sports_opening_relevant())
        self.assertTrue(holiday._sports_opening_relevant())
        self.assertFalse(office_off._sports_opening_relevant())
        self.assertFalse(time_off._sports_opening_relevant())
        # A coach's time off does not close the venue either.
        self.assertFalse(self.venue._open_intervals(start, end))  # the closure does
        closure.unlink()
        holiday.unlink()
        self.assertTrue(self.venue._is_open(datetime(2026, 6, 12, 4, 0)))
