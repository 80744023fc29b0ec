from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged

from odoo.addons.sports_training.models.sports_training_demo import COURSE_XMLIDS
from odoo.addons.sports_training.models.sports_training_enrolment import SEAT_STATES


@tagged("post_install", "-at_install")
class TestDemoTraining(TransactionCase):
    """The training demo of 南京市体育中心 is there and coherent (with demo data only)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.venue = cls.env.ref("sports_venue.venue_csc", raise_if_not_found=False)
        Course = cls.env["sports.training.course"]
        for xmlid in COURSE_XMLIDS:
            Course |= cls.env.ref(f"sports_training.{xmlid}", raise_if_not_found=False) or Course
        cls.courses = Course
        cls.today = cls.venue._local_date(fields.Datetime.now()) if cls.venue else None

    def setUp(self):
        super().setUp()
        if not self.courses:
            self.skipTest("No training demo in this database.")

    def test_three_coaches_with_certificates_and_calendars(self):
        coaches = self.courses.coach_id
        self.assertEqual(len(coaches), 3)
        self.assertTrue(all(coaches.mapped("is_coach")))
        self.assertTrue(all(coaches.mapped("resource_calendar_id")))
        external = coaches.filtered(lambda c: c.coach_kind == "external")
        self.assertEqual(len(external), 1)
        self.assertTrue(external.coach_partner_id)
        states = coaches.coach_qualification_ids.mapped("state")
        self.assertIn("expiring", states)
        self.assertNotIn("expired", states)
        for course in self.courses:
            self.assertIn(
                course.qualification_kind_id, course.coach_id.coach_qualification_ids.kind_id
            )

    def test_four_kinds_of_course_running_now(self):
        self.assertEqual(len(self.courses), 5)
        sports = self.courses.mapped("sport_id.code")
        self.assertEqual(set(sports), {"swimming", "basketball", "badminton", "tennis"}, sports)
        swim = self.courses.filtered(lambda c: c.sport_id.code == "swimming")
        self.assertEqual(set(swim.mapped("age_min")), {6})
        self.assertEqual(set(swim.mapped("age_max")), {12})
        self.assertEqual(set(swim.mapped("price_mode")), {"term"})
        basket = self.courses.filtered(lambda c: c.sport_id.code == "basketball")
        self.assertEqual((basket.age_min, basket.age_max), (10, 16))
        badminton = self.courses.filtered(lambda c: c.sport_id.code == "badminton")
        self.assertEqual(badminton.price_mode, "session")
        tennis = self.courses.filtered(lambda c: c.sport_id.code == "tennis")
        self.assertEqual((tennis.kind, tennis.capacity), ("private", 1))
        for course in self.courses:
            self.assertIn(course.state, ("open", "running"))
            self.assertLess(course.date_start, self.today)
            self.assertGreater(course.date_end, self.today)
            self.assertTrue(course.product_id)

    def test_sessions_book_their_space_and_the_past_ones_were_taught(self):
        sessions = self.courses.session_ids
        now = fields.Datetime.now()
        self.assertTrue(sessions.filtered(lambda s: s.end_at <= now))
        self.assertTrue(sessions.filtered(lambda s: s.start_at > now))
        self.assertFalse(sessions.filtered(lambda s: s.end_at <= now and s.state == "planned"))
        live = sessions.filtered(lambda s: s.state != "cancelled")
        self.assertTrue(all(live.mapped("booking_id")))
        self.assertEqual(set(live.booking_id.mapped("channel")), {"training"})
        self.assertEqual(live.booking_id.mapped("space_id"), live.mapped("space_id"))

    def test_seats_taken_counts_the_live_enrolments(self):
        groups = self.env["sports.training.enrolment"]._read_group(
            [("course_id", "in", self.courses.ids), ("state", "in", SEAT_STATES)],
            ["course_id"],
            ["__count"],
        )
        counts = {course: count for course, count in groups}
        for course in self.courses:
            self.assertEqual(course.seats_taken, counts.get(course, 0), course.name)
            self.assertLessEqual(course.seats_taken, course.capacity)
        self.assertGreaterEqual(sum(counts.values()), 30)

    def test_a_full_private_lesson_with_a_waitlist_of_two(self):
        tennis = self.courses.filtered(lambda c: c.sport_id.code == "tennis")
        self.assertEqual(tennis.seats_left, 0)
        waitlist = tennis.enrolment_ids.filtered(lambda e: e.state == "waitlist")
        self.assertEqual(len(waitlist), 2)
        self.assertTrue(all(waitlist.mapped("waitlist_at")))

    def test_the_member_enrolled_a_child(self):
        chen = self.env.ref("sports_booking.partner_member_chen")
        child = self.env.ref("sports_training.partner_demo_chen_child")
        self.assertEqual(child.parent_id, chen)
        enrolment = self.env["sports.training.enrolment"].search([("partner_id", "=", child.id)])
        self.assertEqual(len(enrolment), 1)
        self.assertEqual(enrolment.parent_partner_id, chen)
        self.assertEqual(enrolment.state, "confirmed")
        self.assertTrue(enrolment.attendance_ids.filtered(lambda a: a.state == "expected"))
        age = self.today.year - child.sports_birthdate.year
        self.assertTrue(enrolment.course_id.age_min <= age <= enrolment.course_id.age_max)
        # Children are contacts under their parents, not members of their own.
        children = self.courses.enrolment_ids.partner_id.filtered("parent_id")
        self.assertGreaterEqual(len(children), 15)

    def test_past_attendance_from_the_gate_and_the_coach_and_a_makeup(self):
        Attendance = self.env["sports.training.attendance"]
        past = Attendance.search(
            [("course_id", "in", self.courses.ids), ("session_id.state", "=", "done")]
        )
        self.assertFalse(past.filtered(lambda a: a.state == "expected"))
        present = past.filtered(lambda a: a.state == "present")
        self.assertTrue(past.filtered(lambda a: a.state == "absent"))
        self.assertEqual(set(present.mapped("source")), {"gate", "coach"})
        self.assertTrue(all(present.mapped("checked_at")))
        makeup = Attendance.search(
            [("course_id", "in", self.courses.ids), ("makeup_of_id", "!=", False)]
        )
        self.assertEqual(len(makeup), 1)
        self.assertEqual(makeup.makeup_of_id.state, "absent")
        self.assertEqual(makeup.course_id.level_id, makeup.makeup_of_id.course_id.level_id)
        self.assertNotEqual(makeup.course_id, makeup.makeup_of_id.course_id)
        self.assertGreater(makeup.session_start, fields.Datetime.now())

    def test_last_months_statements_are_confirmed(self):
        first = self.today.replace(day=1)
        statements = self.env["sports.coach.statement"].search(
            [
                ("employee_id", "in", self.courses.coach_id.ids),
                ("date_from", "=", first - relativedelta(months=1)),
                ("date_to", "=", first - timedelta(days=1)),
            ]
        )
        self.assertEqual(len(statements), 3)
        self.assertEqual(set(statements.mapped("state")), {"confirmed"})
        billed = statements.filtered("move_id")
        self.assertEqual(len(billed), 1)
        self.assertEqual(billed.employee_id.coach_kind, "external")
        self.assertEqual(billed.move_id.move_type, "in_invoice")
        self.assertEqual(billed.move_id.partner_id, billed.employee_id.coach_partner_id)
        self.assertEqual(billed.move_id.amount_untaxed, billed.amount)
        payroll = statements.filtered("payroll_input_id")
        self.assertEqual(len(payroll), 2)
        for statement in payroll:
            self.assertEqual(statement.payroll_input_id.amount, statement.amount)
        for statement in statements:
            self.assertGreater(statement.session_count, 0)
            self.assertGreater(statement.amount, 0)
            self.assertAlmostEqual(statement.amount, sum(statement.line_ids.mapped("amount")))

    def test_the_coach_login_teaches_today(self):
        user = self.env.ref("sports_training.user_demo_coach")
        self.assertTrue(user.has_group("sports_training.group_training_coach"))
        self.assertFalse(user.share)
        employee = self.courses.coach_id.filtered(lambda c: c.user_id == user)
        self.assertEqual(len(employee), 1)
        start, end = self.venue._day_bounds(self.today)
        today = self.env["sports.training.session"].search(
            [
                ("coach_id", "=", employee.id),
                ("start_at", ">=", start),
                ("start_at", "<", end),
                ("state", "!=", "cancelled"),
            ]
        )
        self.assertTrue(today)
        self.assertTrue(today.attendance_ids)
