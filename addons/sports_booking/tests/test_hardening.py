"""Issue 12 for bookings: states change through the actions only (7), a member's clash
message names nobody else's booking (9), bad input is refused with a message, and every
public method checks the caller's rights first."""

import math
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import BookingCase

# Values a JSON-2 caller can send where an id is expected.
BAD_IDS = ["abc", "", 1.5, -1, 0, 2**40, [1], {"id": 1}, True, 99999999]
# Values a JSON-2 caller can send where a time is expected.
BAD_TIMES = ["garbage", "9999-12-31 23:00:00", "0001-01-01T00:00:00", 12, [2026], "2026-02-30"]
# Any value a JSON-2 body can carry (Python's json reads NaN and Infinity too).
JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(["2026-12-01T18:00:00+08:00", "9999-12-31 23:00:00", "portal", "1e308"]),
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=4,
)
BOOK_ARGS = ("space_id", "start_at", "end_at", "partner_id", "channel", "expected_amount", "notes")
FIELDS = ("space_id", "start_at", "end_at", "partner_id", "channel", "kind", "notes", "state")


class _Undo(Exception):
    """Rolls a call that succeeded back to its savepoint."""


@tagged("post_install", "-at_install")
class TestBookingStates(BookingCase):
    """Issue 12, item 7: a state is reached through its action, never by a write."""

    def test_staff_cannot_write_a_state(self):
        booking = self.book(self.court2, 1, 10)
        for state in ("done", "cancelled", "checked_in", "held", "no_show"):
            with self.assertRaises(UserError):
                booking.with_user(self.desk).write({"state": state})
        self.assertEqual(booking.state, "confirmed")

    def test_a_cancelled_booking_never_comes_back(self):
        booking = self.book(self.court2, 1, 10)
        booking.with_user(self.desk).action_cancel()
        self.assertEqual(booking.state, "cancelled")
        for state in ("confirmed", "done", "held"):
            with self.assertRaises(UserError):
                booking.with_user(self.desk).write({"state": state})
            # Not even server code running as superuser revives it.
            with self.assertRaises(UserError):
                booking.sudo().write({"state": state})
        with self.assertRaises(UserError):
            booking.with_user(self.desk).action_check_in()
        self.assertEqual(booking.state, "cancelled")

    def test_state_cannot_be_smuggled_in_on_create(self):
        start = self.local(1, 10)
        vals = {
            "space_id": self.court2.id,
            "start_at": start,
            "end_at": start + timedelta(hours=1),
            "partner_id": self.customer.id,
        }
        with self.assertRaises(UserError):
            self.Booking.with_user(self.desk).create(dict(vals, state="done"))
        booking = self.Booking.with_user(self.desk).create(vals)
        self.assertEqual(booking.state, "confirmed")

    def test_the_actions_still_move_a_booking_along(self):
        booking = self.book(self.court2, 1, 10, channel="portal")
        self.assertEqual(booking.state, "held")
        desk_booking = booking.with_user(self.desk)
        desk_booking.action_confirm()
        self.assertEqual(booking.state, "confirmed")
        desk_booking.action_check_in()
        self.assertEqual(booking.state, "checked_in")
        desk_booking.action_checkout()
        self.assertEqual(booking.state, "done")


@tagged("post_install", "-at_install")
class TestClashMessages(BookingCase):
    """Issue 12, item 9: a member learns that the slot is taken, not by whom."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member = new_test_user(cls.env, login="clash_member", groups="base.group_portal")

    def member_book(self, space, days, hour):
        start = self.local(days, hour)
        # As the website does: superuser mode for the member's own partner.
        return (
            self.Booking.with_user(self.member)
            .sudo()
            .book(
                space.id,
                start,
                start + timedelta(hours=1),
                partner_id=self.member.partner_id.id,
                channel="portal",
            )
        )

    def test_member_clash_message_names_no_booking(self):
        taken = self.book(self.full, 2, 10)
        for space in (self.full, self.half_a):
            with self.assertRaises(ValidationError) as caught:
                self.member_book(space, 2, 10)
            message = str(caught.exception)
            self.assertNotIn(taken.name, message)
            self.assertNotIn(taken.partner_id.name, message)
            self.assertIn(space.name, message)

    def test_member_clash_found_by_the_constraint_names_no_booking(self):
        taken = self.book(self.court2, 2, 10)
        mine = self.member_book(self.court2, 2, 12)
        # Moved onto the taken slot past the friendly check: the constraint answers.
        self.env.cr.execute(
            "UPDATE sports_booking SET start_at = %s, end_at = %s WHERE id = %s",
            (taken.start_at, taken.end_at, mine.id),
        )
        mine.invalidate_recordset()
        with self.assertRaises(ValidationError) as caught:
            mine.with_user(self.member).sudo()._sync_occupancy()
        self.assertNotIn(taken.name, str(caught.exception))

    def test_staff_still_see_the_clashing_reference(self):
        taken = self.book(self.full, 2, 10)
        start = self.local(2, 10)
        with self.assertRaisesRegex(ValidationError, taken.name):
            self.Booking.with_user(self.desk).book(
                self.half_b.id, start, start + timedelta(hours=1), self.customer2.id
            )


@tagged("post_install", "-at_install")
class TestBadInput(BookingCase):
    """Issue 12, bad input: every malformed argument is a UserError (HTTP 422) with a
    message, never a TypeError, OverflowError or a database error, and nothing is written."""

    def assertRefused(self, call, *args, **kwargs):
        count = self.Booking.sudo().search_count([])
        with self.assertRaises(UserError) as caught:
            with self.env.cr.savepoint():
                call(*args, **kwargs)
        self.assertTrue(str(caught.exception))
        self.assertEqual(self.Booking.sudo().search_count([]), count)

    def assertAnswered(self, call, *args, **kwargs):
        """The call succeeds or raises a UserError with a message; nothing else."""
        try:
            with self.env.cr.savepoint():
                call(*args, **kwargs)
                raise _Undo
        except _Undo:
            pass
        except UserError as error:
            self.assertTrue(str(error))

    @settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
    @given(name=st.sampled_from(BOOK_ARGS), value=JSON_VALUES)
    def test_book_answers_any_json_argument_with_a_message(self, name, value):
        self.assertAnswered(self.desk_book, **{name: value})

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(name=st.sampled_from(FIELDS), value=JSON_VALUES)
    def test_create_and_write_answer_any_json_value_with_a_message(self, name, value):
        start = self.local(1, 10)
        vals = {
            "space_id": self.court2.id,
            "start_at": start,
            "end_at": start + timedelta(hours=1),
            "partner_id": self.customer.id,
        }
        Desk = self.Booking.with_user(self.desk)
        self.assertAnswered(Desk.create, dict(vals, **{name: value}))
        try:
            with self.env.cr.savepoint():
                booking = Desk.create(vals)
                self.assertAnswered(booking.write, {name: value})
                raise _Undo
        except _Undo:
            pass

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(venue=JSON_VALUES, date_str=JSON_VALUES)
    def test_grid_answers_any_json_argument_with_a_message(self, venue, date_str):
        Grid = self.env["sports.booking.grid"].with_user(self.desk)
        self.assertAnswered(Grid.get_grid, venue, date_str)

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(venue=JSON_VALUES, date_from=JSON_VALUES, date_to=JSON_VALUES)
    def test_light_schedule_answers_any_json_argument_with_a_message(
        self, venue, date_from, date_to
    ):
        Space = self.env["sports.space"].with_user(self.desk)
        self.assertAnswered(Space.light_schedule, venue, date_from, date_to)

    def desk_book(self, **overrides):
        start = self.local(1, 10)
        args = {
            "space_id": self.court2.id,
            "start_at": start,
            "end_at": start + timedelta(hours=1),
            "partner_id": self.customer.id,
        }
        args.update(overrides)
        return self.Booking.with_user(self.desk).book(**args)

    def test_book_refuses_malformed_spaces(self):
        for value in [*BAD_IDS, None, False]:
            with self.subTest(space_id=value):
                self.assertRefused(self.desk_book, space_id=value)

    def test_book_refuses_malformed_times(self):
        for value in [*BAD_TIMES, None]:
            with self.subTest(start_at=value):
                self.assertRefused(self.desk_book, start_at=value)
            with self.subTest(end_at=value):
                self.assertRefused(self.desk_book, end_at=value)

    def test_book_takes_iso_times_with_an_offset(self):
        local = self.venue._localize(self.local(1, 10))
        start = local.replace(tzinfo=None).isoformat() + "+08:00"
        end = (local + timedelta(hours=1)).replace(tzinfo=None).isoformat() + "+08:00"
        booking = self.desk_book(start_at=start, end_at=end)
        self.assertEqual(booking.start_at, self.local(1, 10))
        self.assertEqual(booking.end_at, self.local(1, 11))

    def test_book_refuses_malformed_partners_and_channels(self):
        for value in ["abc", 1.5, -1, 2**40, [1], 99999999]:
            with self.subTest(partner_id=value):
                self.assertRefused(self.desk_book, partner_id=value)
        for value in ["bogus", 5, None, ["portal"], "portal\x00"]:
            with self.subTest(channel=value):
                self.assertRefused(self.desk_book, channel=value)
        self.assertRefused(self.desk_book, notes="x\x00y")

    def test_book_refuses_amounts_that_are_not_finite(self):
        for value in [math.nan, math.inf, -math.inf, 1e308, "nan", "abc", [100], -100]:
            with self.subTest(expected_amount=value):
                self.assertRefused(self.desk_book, expected_amount=value)
        self.assertEqual(self.desk_book(expected_amount="100").amount_total, 100.0)

    def test_create_and_write_refuse_wrong_types(self):
        start = self.local(1, 10)
        good = {
            "space_id": self.court2.id,
            "start_at": start,
            "end_at": start + timedelta(hours=1),
            "partner_id": self.customer.id,
        }
        Desk = self.Booking.with_user(self.desk)
        for field, value in [
            ("space_id", "abc"),
            ("space_id", 2**40),
            ("space_id", [1]),
            ("start_at", "garbage"),
            ("start_at", "9999-12-31 23:00:00"),
            ("end_at", 12),
            ("partner_id", "abc"),
            ("channel", "bogus"),
            ("kind", "bogus"),
        ]:
            with self.subTest(field=field, value=value):
                self.assertRefused(Desk.create, dict(good, **{field: value}))
        booking = Desk.create(good)
        for field, value in [
            ("start_at", "garbage"),
            ("start_at", "9999-12-31 23:00:00"),
            ("end_at", [1]),
            ("space_id", "abc"),
            ("space_id", 2**40),
        ]:
            with self.subTest(write=field, value=value), self.assertRaises(UserError):
                with self.env.cr.savepoint():
                    booking.write({field: value})
        booking.invalidate_recordset()
        self.assertEqual(booking.start_at, start)

    def test_grid_refuses_dates_out_of_range(self):
        Grid = self.env["sports.booking.grid"].with_user(self.desk)
        for value in ["9999-12-31", "0001-01-01", "2026-13-45", 12, [2026], "x\x00"]:
            with self.subTest(date_str=value), self.assertRaises(UserError):
                Grid.get_grid(self.venue.id, value)
        for value in ["abc", 1.5, [1], 2**40, -1]:
            with self.subTest(venue_id=value), self.assertRaises(UserError):
                Grid.get_grid(value, "2026-12-01")

    def test_light_schedule_refuses_dates_out_of_range(self):
        Space = self.env["sports.space"].with_user(self.desk)
        start = self.local(1, 0)
        for value in ["9999-12-31T00:00:00", "garbage", 12, [1], None]:
            with self.subTest(date_from=value), self.assertRaises(UserError):
                Space.light_schedule(self.venue.id, value, start)
            with self.subTest(date_to=value), self.assertRaises(UserError):
                Space.light_schedule(self.venue.id, start, value)
        for value in [1.5, [1], True, 2**40, "x\x00"]:
            with self.subTest(venue=value), self.assertRaises(UserError):
                Space.light_schedule(value, start, start + timedelta(days=1))


@tagged("post_install", "-at_install")
class TestBookingRights(BookingCase):
    """Every public method of a booking that writes checks the caller's rights first."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bureau = new_test_user(
            cls.env, login="booking_bureau", groups="sports_venue.group_sports_bureau"
        )
        cls.member = new_test_user(cls.env, login="booking_member", groups="base.group_portal")

    def test_read_only_users_cannot_book_or_change_bookings(self):
        booking = self.book(self.court2, 1, 10, channel="portal", partner=self.member.partner_id)
        confirmed = self.book(self.court2, 1, 11, partner=self.member.partner_id)
        start = self.local(1, 12)
        for user in (self.bureau, self.member):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.Booking.with_user(user).book(
                        self.court2.id, start, start + timedelta(hours=1), self.customer.id
                    )
                for action in ("action_confirm", "action_check_in", "action_checkout"):
                    with self.assertRaises(AccessError):
                        getattr(booking.with_user(user), action)()
                with self.assertRaises(AccessError):
                    booking.with_user(user).action_cancel()
                with self.assertRaises(AccessError):
                    confirmed.with_user(user).unlink()
        self.assertEqual(booking.state, "held")

    def test_read_only_users_cannot_book_a_series(self):
        with self.assertRaises(AccessError):
            self.env["sports.booking.recurrence"].with_user(self.bureau).create(
                {"space_id": self.court2.id, "partner_id": self.customer.id}
            )
