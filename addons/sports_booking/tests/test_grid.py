from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ

from .common import BookingCase, open_every_day


@tagged("post_install", "-at_install")
class TestBookingGrid(BookingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Grid = cls.env["sports.booking.grid"]
        cls.day = cls.venue._local_date(datetime.utcnow()) + timedelta(days=2)
        cls.date = fields.Date.to_string(cls.day)

    def grid(self, venue=None, date=None):
        return self.Grid.get_grid((venue or self.venue).id, date or self.date)

    def cells(self, grid, space):
        """``{"bookings": [...], "blocks": [...]}`` of ``space`` in ``grid``."""
        return {
            "bookings": [b for b in grid["bookings"] if b["space_id"] == space.id],
            "blocks": [b for b in grid["blocks"] if b["space_id"] == space.id],
        }

    def test_full_court_booking_blocks_both_halves(self):
        booking = self.book(self.full, 2, 10)
        grid = self.grid()
        full = self.cells(grid, self.full)
        self.assertEqual([b["id"] for b in full["bookings"]], booking.ids)
        self.assertFalse(full["blocks"])
        for half in self.half_a | self.half_b:
            cells = self.cells(grid, half)
            self.assertFalse(cells["bookings"])
            self.assertEqual([b["booking_id"] for b in cells["blocks"]], booking.ids)
            block = cells["blocks"][0]
            self.assertEqual((block["start"], block["end"]), ("10:00", "11:00"))
            self.assertEqual(block["booking_space_id"], self.full.id)
            self.assertIn(booking.name, block["label"])
        self.assertFalse(self.cells(grid, self.court2)["blocks"])

    def test_half_court_booking_blocks_the_full_court_only(self):
        booking = self.book(self.half_a, 2, 14, hours=2)
        grid = self.grid()
        self.assertEqual([b["id"] for b in self.cells(grid, self.half_a)["bookings"]], booking.ids)
        full = self.cells(grid, self.full)
        self.assertFalse(full["bookings"])
        # One block although the full court has two units: the booking occupies only one.
        self.assertEqual([b["booking_id"] for b in full["blocks"]], booking.ids)
        self.assertEqual(
            (full["blocks"][0]["from_minute"], full["blocks"][0]["to_minute"]),
            (
                14 * 60,
                16 * 60,
            ),
        )
        self.assertEqual(self.cells(grid, self.half_b), {"bookings": [], "blocks": []})

    def test_cancelled_booking_neither_shows_nor_blocks(self):
        booking = self.book(self.half_a, 2, 9)
        booking.action_cancel()
        self.assertEqual(booking.state, "cancelled")
        grid = self.grid()
        self.assertFalse(grid["bookings"])
        self.assertFalse(grid["blocks"])

    def test_times_are_venue_local_and_utc(self):
        booking = self.book(self.court2, 2, 10, hours=2, partner=self.customer2)
        grid = self.grid()
        self.assertEqual(grid["date"], self.date)
        self.assertEqual(grid["venue"]["id"], self.venue.id)
        # The default zone (Shanghai) is UTC+8: local 10:00 is 02:00 UTC, local midnight 16:00 UTC before.
        self.assertEqual(grid["day_start_utc"], f"{self.day - timedelta(days=1)} 16:00:00")
        (item,) = grid["bookings"]
        self.assertEqual((item["start"], item["end"]), ("10:00", "12:00"))
        self.assertEqual(item["start_utc"], f"{self.date} 02:00:00")
        self.assertEqual(item["end_utc"], f"{self.date} 04:00:00")
        self.assertEqual(item["start_utc"], fields.Datetime.to_string(booking.start_at))
        self.assertEqual((item["from_minute"], item["to_minute"]), (600, 720))
        self.assertEqual(item["name"], booking.name)
        self.assertEqual(item["partner_name"], "Li Si")
        self.assertEqual(item["state"], "confirmed")
        self.assertEqual(item["kind"], "booking")
        self.assertEqual(item["amount"], 200.0)
        # Opening hours 06:00-22:00, one column per 60-minute slot.
        slots = grid["slots"]
        self.assertEqual(len(slots), 16)
        self.assertEqual((slots[0]["start"], slots[-1]["end"]), ("06:00", "22:00"))
        self.assertEqual(slots[0]["start_utc"], f"{self.day - timedelta(days=1)} 22:00:00")
        self.assertTrue(all(slot["open"] for slot in slots))

    def test_spaces_are_ordered_by_area_then_sequence(self):
        Area = self.env["sports.area"]
        area_1 = Area.create({"name": "Hall 1", "venue_id": self.venue.id, "sequence": 1})
        area_2 = Area.create({"name": "Hall 2", "venue_id": self.venue.id, "sequence": 2})
        self.court2.write({"area_id": area_1.id, "sequence": 50})
        (self.half_a | self.half_b | self.full).write({"area_id": area_2.id})
        self.half_b.sequence = 1
        self.full.bookable = False
        ids = [space["id"] for space in self.grid()["spaces"]]
        self.assertEqual(ids, [self.court2.id, self.half_b.id, self.half_a.id])

    def test_split_opening_hours_close_the_gap(self):
        calendar = self.env["resource.calendar"].create(
            {
                "name": "Split",
                "tz": DEFAULT_TZ,
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"{period}{d}",
                            "dayofweek": str(d),
                            "hour_from": hours[0],
                            "hour_to": hours[1],
                            "day_period": period,
                        }
                    )
                    for d in range(7)
                    for period, hours in (("morning", (8.5, 12)), ("afternoon", (14, 20)))
                ],
            }
        )
        self.venue.resource_calendar_id = calendar
        slots = self.grid()["slots"]
        self.assertEqual((slots[0]["start"], slots[-1]["end"]), ("08:00", "20:00"))
        closed = [slot["start"] for slot in slots if not slot["open"]]
        self.assertEqual(closed, ["08:00", "12:00", "13:00"])

    def test_no_opening_hours_fall_back_to_six_to_ten(self):
        self.venue.resource_calendar_id = False
        grid = self.grid()
        self.assertTrue(grid["open"])
        self.assertEqual((grid["slots"][0]["start"], grid["slots"][-1]["end"]), ("06:00", "22:00"))

    def test_closure_outside_opening_hours_stays_visible(self):
        start = self.local(2, 22)
        closure = self.Booking.create(
            {
                "kind": "block",
                "space_id": self.full.id,
                "start_at": start,
                "end_at": start + timedelta(hours=1),
            }
        )
        grid = self.grid()
        self.assertEqual(grid["slots"][-1]["end"], "23:00")
        self.assertFalse(grid["slots"][-1]["open"])
        self.assertEqual([b["id"] for b in grid["bookings"]], closure.ids)
        self.assertEqual({b["space_id"] for b in grid["blocks"]}, {self.half_a.id, self.half_b.id})

    def test_thirty_minute_space_halves_the_columns(self):
        self.court2.booking_slot_minutes = 30
        grid = self.grid()
        self.assertEqual(grid["step_minutes"], 30)
        self.assertEqual(len(grid["slots"]), 32)
        court2 = next(s for s in grid["spaces"] if s["id"] == self.court2.id)
        self.assertEqual((court2["slot_minutes"], court2["min_minutes"]), (30, 60))

    def test_venue_without_bookable_spaces_is_empty(self):
        empty = self.env["sports.venue"].create({"name": "Empty Hall", "code": "EMPTY"})
        grid = self.grid(venue=empty)
        self.assertEqual(grid["venue"]["id"], empty.id)
        self.assertEqual((grid["spaces"], grid["bookings"], grid["blocks"]), ([], [], []))
        self.assertTrue(grid["slots"])

    def test_defaults_to_a_venue_and_today(self):
        grid = self.Grid.get_grid(False, False)
        self.assertTrue(grid["venue"])
        self.assertEqual(grid["date"], grid["today"])
        self.assertIn(self.venue.id, [v["id"] for v in grid["venues"]])

    def test_bad_input_gives_a_user_error(self):
        with self.assertRaisesRegex(UserError, "not a date"):
            self.Grid.get_grid(self.venue.id, "2025-13-45")
        with self.assertRaisesRegex(UserError, "not a date"):
            self.Grid.get_grid(self.venue.id, "tomorrow")
        with self.assertRaisesRegex(UserError, "does not exist"):
            self.Grid.get_grid(999999999, self.date)
        with self.assertRaisesRegex(UserError, "Choose a venue"):
            self.Grid.get_grid("abc", self.date)

    def test_arena_user_reads_own_venue_not_another_company(self):
        staff = new_test_user(
            self.env, login="grid_staff_tc", groups="sports_venue.group_arena_user"
        )
        self.book(self.full, 2, 10)
        grid = self.Grid.with_user(staff).get_grid(self.venue.id, self.date)
        self.assertEqual(len(grid["bookings"]), 1)
        self.assertEqual(len(grid["blocks"]), 2)
        other = self.env["res.company"].create({"name": "Other Operator"})
        foreign = self.env["sports.venue"].create(
            {"name": "Foreign", "code": "FRN", "company_id": other.id}
        )
        with self.assertRaises(AccessError):
            self.Grid.with_user(staff).get_grid(foreign.id, self.date)
        self.assertNotIn(foreign.id, [v["id"] for v in grid["venues"]])
        outsider = new_test_user(self.env, login="grid_outsider", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.Grid.with_user(outsider).get_grid(self.venue.id, self.date)

    def test_query_count_does_not_grow_with_bookings(self):
        courts = self.env["sports.space"].create(
            [{"name": f"Q{i}", "venue_id": self.venue.id} for i in range(5)]
        )
        full_day = self.local(2, 6)

        def add_bookings(hours):
            self.Booking.create(
                [
                    {
                        "space_id": court.id,
                        "partner_id": self.customer.id,
                        "start_at": full_day + timedelta(hours=hour),
                        "end_at": full_day + timedelta(hours=hour + 1),
                    }
                    for court in courts
                    for hour in hours
                ]
                + [
                    {
                        "space_id": space.id,
                        "partner_id": self.customer2.id,
                        "start_at": full_day + timedelta(hours=hour),
                        "end_at": full_day + timedelta(hours=hour + 1),
                    }
                    for space, hour in zip(
                        [self.full, self.half_a], hours[: len(hours) // 2], strict=False
                    )
                ]
            )

        def count_queries():
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            grid = self.grid()
            return self.env.cr.sql_log_count - before, grid

        add_bookings([0])
        self.grid()  # warm the caches (ir.rule, translations)
        few, grid = count_queries()
        self.assertEqual(len(grid["bookings"]), 5)
        add_bookings(range(1, 10))
        many, grid = count_queries()
        self.assertEqual(len(grid["bookings"]), 5 + 45 + 2)
        self.assertEqual(len(grid["blocks"]), 2 + 1)
        self.assertEqual(many, few)


@tagged("post_install", "-at_install")
class TestBookingGridTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        calendar = open_every_day(cls.env, "Grid tour 6-22", 6, 22)
        cls.venue = cls.env["sports.venue"].create(
            {"name": "Grid Tour Hall", "code": "GTOUR", "resource_calendar_id": calendar.id}
        )
        Space = cls.env["sports.space"]
        cls.half_a = Space.create({"name": "Tour Half A", "venue_id": cls.venue.id, "sequence": 1})
        cls.half_b = Space.create({"name": "Tour Half B", "venue_id": cls.venue.id, "sequence": 2})
        cls.full = Space.create(
            {
                "name": "Tour Full Court",
                "venue_id": cls.venue.id,
                "sequence": 3,
                "component_ids": [Command.set((cls.half_a | cls.half_b).ids)],
            }
        )
        cls.court = Space.create({"name": "Tour Court 2", "venue_id": cls.venue.id, "sequence": 4})
        cls.env["sports.price.rule"].create(
            {"name": "Tour price", "venue_id": cls.venue.id, "price_per_hour": 80.0}
        )
        cls.customer = cls.env["res.partner"].create({"name": "Grid Tour Customer"})
        cls.staff = new_test_user(
            cls.env,
            login="grid_tour_staff",
            groups="sports_venue.group_arena_user",
            tz=DEFAULT_TZ,
        )
        Booking = cls.env["sports.booking"]
        today = cls.venue._local_date(datetime.utcnow())
        cls.day = today + timedelta(days=3)
        cls.full_booking = Booking.book(
            cls.full.id,
            cls.local(8),
            cls.local(9),
            cls.env["res.partner"].create({"name": "Full Court Club"}).id,
        )

    @classmethod
    def local(cls, hour):
        return cls.venue._to_utc(
            datetime.combine(cls.day, datetime.min.time()) + timedelta(hours=hour)
        )

    def test_staff_books_a_free_cell_and_extends_it(self):
        self.start_tour(
            f"/odoo/action-sports_booking.action_sports_booking_grid"
            f"?venue_id={self.venue.id}&date={self.day}",
            "sports_booking_grid_staff_book",
            login=self.staff.login,
        )
        booking = self.env["sports.booking"].search(
            [("partner_id", "=", self.customer.id), ("venue_id", "=", self.venue.id)]
        )
        self.assertEqual(len(booking), 1)
        self.assertEqual(booking.space_id, self.court)
        self.assertEqual(booking.start_at, self.local(10))
        # One slot by default, one more with the "+" button, one more by dragging.
        self.assertEqual(booking.end_at, self.local(13))
        self.assertEqual(booking.state, "confirmed")
        self.assertEqual(booking.channel, "backend")
        self.assertEqual(booking.amount_total, 240.0)
        self.assertEqual(booking.create_uid, self.staff)
        # The full-court booking was shown as blocking the halves; it is unchanged.
        self.assertEqual(self.full_booking.end_at, self.local(9))
