from datetime import date, timedelta

from odoo.exceptions import UserError
from odoo.tests import tagged

from .sched_common import SchedCase


@tagged("post_install", "-at_install")
class TestSchedPlanning(SchedCase):
    """Courses become sessions through the booking engine; the coach checks hold."""

    def test_holiday_and_closure_are_skipped_and_made_up_after_the_term(self):
        course = self.make_course("Sched Planning")
        self.env["sports.holiday"].create(
            {"name": "Sched holiday", "date": date(2030, 3, 11), "company_id": course.company_id.id}
        )
        closure = self.env["sports.booking"].create(
            {
                "kind": "block",
                "space_id": self.pool.id,
                "start_at": self.at(date(2030, 3, 18), 8),
                "end_at": self.at(date(2030, 3, 18), 12),
            }
        )
        self.assertEqual(closure.kind, "block")
        course.with_user(self.manager).action_open()
        self.assertEqual(course.state, "open")
        self.assertTrue(course.code.startswith("CRS/"))
        self.assertEqual(course.product_id.type, "service")
        self.assertEqual(course.product_id.lst_price, 800.0)
        self.assertEqual(course.product_id.company_id, course.company_id)
        sessions = course.session_ids.sorted("start_at")
        days = [self.venue._local_date(s.start_at) for s in sessions]
        self.assertEqual(
            days, [date(2030, 3, 4), date(2030, 3, 25), date(2030, 4, 1), date(2030, 4, 8)]
        )
        self.assertEqual(sessions.mapped("is_makeup"), [False, False, True, True])
        self.assertEqual(course.makeup_count, 2)
        self.assertEqual(self.venue._localize(sessions[0].start_at).hour, 9)
        for session in sessions:
            booking = session.booking_id
            self.assertEqual(booking.channel, "training")
            self.assertEqual(booking.training_session_id, session)
            self.assertEqual(booking.state, "confirmed")
            self.assertEqual(booking.amount_total, 0.0)
            self.assertEqual(booking.partner_id, course.company_id.partner_id)
            self.assertEqual((booking.start_at, booking.end_at), (session.start_at, session.end_at))
        # The class's booking holds the space against the public.
        with self.assertRaises(UserError), self.cr.savepoint():
            self.env["sports.booking"].book(
                self.pool.id, sessions[0].start_at, sessions[0].end_at, channel="backend"
            )
        # Opening twice plans nothing twice.
        self.assertFalse(course._plan_sessions())
        self.assertEqual(len(course.session_ids), 4)

    def test_clash_with_a_public_booking_names_the_booking_and_writes_nothing(self):
        customer = self.env["res.partner"].create({"name": "Sched Customer"})
        # sudo: a booking made elsewhere (portal, desk), price irrelevant here.
        public = (
            self.env["sports.booking"]
            .sudo()
            .create(
                {
                    "space_id": self.pool.id,
                    "start_at": self.at(date(2030, 3, 25), 9),
                    "end_at": self.at(date(2030, 3, 25), 11),
                    "partner_id": customer.id,
                    "state": "confirmed",
                }
            )
        )
        course = self.make_course("Sched Clash")
        with self.assertRaises(UserError) as caught, self.cr.savepoint():
            course.with_user(self.manager).action_open()
        self.assertIn(public.name, str(caught.exception))
        course.invalidate_recordset()
        self.assertEqual(course.state, "draft")
        self.assertFalse(
            self.env["sports.training.session"].search([("course_id", "=", course.id)])
        )

    def test_coach_is_never_booked_twice_planning_or_moving(self):
        first = self.make_course("Sched Morning")
        first.action_open()
        # Same coach, same hour, another space: the database refuses, with a message.
        second = self.make_course("Sched Court Class", space=self.court)
        with self.assertRaises(UserError) as caught, self.cr.savepoint():
            second.action_open()
        self.assertIn("Coach Wang already teaches", str(caught.exception))
        self.assertIn("Sched Morning", str(caught.exception))
        # Another hour is fine; moving onto the first class is not.
        third = self.make_course("Sched Later", space=self.court, hours=(11.0, 12.0))
        third.action_open()
        session = third.session_ids.sorted("start_at")[0]
        target = first.session_ids.sorted("start_at")[0]
        with self.assertRaises(UserError) as caught, self.cr.savepoint():
            session.write({"start_at": target.start_at, "end_at": target.end_at})
        self.assertIn("Coach Wang already teaches", str(caught.exception))
        session.invalidate_recordset()
        self.assertEqual(self.venue._localize(session.start_at).hour, 11)
        # Another coach may take that hour: the session and its booking move.
        session.write(
            {"start_at": target.start_at, "end_at": target.end_at, "coach_id": self.coach2.id}
        )
        self.assertEqual(session.booking_id.start_at, target.start_at)
        self.assertEqual(session.booking_id.space_id, self.court)

    def test_expired_certificate_blocks_scheduling(self):
        self.env["sports.coach.qualification"].create(
            {
                "employee_id": self.coach.id,
                "kind_id": self.kind.id,
                "number": "SCHED-001",
                "date_expiry": date(2030, 3, 10),
            }
        )
        course = self.make_course("Sched Qualified", qualification_kind_id=self.kind.id)
        with self.assertRaises(UserError) as caught, self.cr.savepoint():
            course.action_open()
        message = str(caught.exception)
        self.assertIn("SCHED-001", message)
        self.assertIn("Coach Wang", message)
        self.assertIn("expired on", message)
        # Without any certificate of the kind, the other coach is refused too.
        session = self.env["sports.training.session"].new(
            {
                "course_id": course.id,
                "space_id": self.pool.id,
                "start_at": self.at(date(2030, 3, 4), 9),
                "end_at": self.at(date(2030, 3, 4), 10),
            }
        )
        with self.assertRaises(UserError):
            session._check_coach(self.coach2)
        # A term that ends before the expiry is fine.
        course.write({"date_end": date(2030, 3, 9)})
        course.action_open()
        self.assertEqual(len(course.session_ids), 1)

    def test_coach_outside_working_hours_is_refused(self):
        self.coach2.resource_calendar_id = self.env["resource.calendar"].create(
            {
                "name": "Sched afternoons",
                "tz": "Asia/Shanghai",
                "attendance_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "mon",
                            "dayofweek": "0",
                            "hour_from": 13,
                            "hour_to": 18,
                            "day_period": "afternoon",
                        },
                    )
                ],
            }
        )
        course = self.make_course("Sched Hours", coach=self.coach2)
        with self.assertRaises(UserError) as caught, self.cr.savepoint():
            course.action_open()
        self.assertIn("does not work", str(caught.exception))

    def test_moving_and_cancelling_notify_the_parent(self):
        course = self.make_course("Sched Notices")
        course.action_open()
        enrolment = self.env["sports.training.enrolment"].create(
            {
                "course_id": course.id,
                "partner_id": self.child.id,
                "parent_partner_id": self.parent.id,
                "state": "confirmed",
                "amount": 800.0,
            }
        )
        session = course.session_ids.sorted("start_at")[0]
        seat = self.env["sports.training.attendance"].create(
            {"session_id": session.id, "enrolment_id": enrolment.id}
        )
        Message = self.env["mail.message"]
        domain = [
            ("model", "=", "sports.training.session"),
            ("res_id", "=", session.id),
            ("partner_ids", "in", self.parent.ids),
        ]
        self.assertFalse(Message.search(domain))
        new_start = session.start_at + timedelta(hours=2)
        session.with_user(self.manager).write(
            {"start_at": new_start, "end_at": new_start + timedelta(hours=1)}
        )
        self.assertEqual(session.booking_id.start_at, new_start)
        moved = Message.search(domain)
        self.assertEqual(len(moved), 1)
        self.assertIn("11:00", moved.body)
        notification = self.env["mail.notification"].search(
            [("mail_message_id", "=", moved.id), ("res_partner_id", "=", self.parent.id)]
        )
        self.assertEqual(notification.notification_type, "email", "the parent gets an email")
        wizard = (
            self.env["sports.training.session.cancel"]
            .with_user(self.manager)
            .with_context(active_model="sports.training.session", active_ids=session.ids)
            .create({"reason": "Pool maintenance"})
        )
        wizard.action_confirm()
        self.assertEqual(session.state, "cancelled")
        self.assertEqual(session.cancel_reason, "Pool maintenance")
        self.assertTrue(session.cancelled_at)
        self.assertEqual(session.booking_id.state, "cancelled")
        self.assertEqual(seat.state, "cancelled")
        cancelled = Message.search(domain) - moved
        self.assertEqual(len(cancelled), 1)
        self.assertIn("Pool maintenance", cancelled.body)
        with self.assertRaises(UserError), self.cr.savepoint():
            session.action_cancel()
        # The freed slot can be booked by the public again.
        self.assertTrue(
            self.env["sports.booking"]
            .sudo()
            ._check_free(session.space_id, session.start_at, session.end_at)
            is None
        )

    def test_cancelling_the_course_cancels_future_sessions(self):
        course = self.make_course("Sched Cancel")
        course.action_open()
        course.action_cancel()
        self.assertEqual(course.state, "cancelled")
        self.assertEqual(set(course.session_ids.mapped("state")), {"cancelled"})
        self.assertEqual(set(course.session_ids.booking_id.mapped("state")), {"cancelled"})
