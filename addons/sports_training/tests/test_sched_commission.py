from datetime import date, timedelta

from odoo.exceptions import UserError
from odoo.tests import tagged

from .sched_common import SchedCase


@tagged("post_install", "-at_install")
class TestSchedCommission(SchedCase):
    """A coach's January 2025: a term course of 800 (two confirmed enrolments) with three
    taught sessions (2, 1 and 0 present), one cancelled 2 hours ahead and one cancelled 3
    days ahead; and a per-session course of 50 with one taught session (3 present).
    The term course's revenue per session: 1600 / 3 sessions held = 533.33."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.venue.company_id
        term = cls.make_course(
            "Sched Term", date_start=date(2025, 1, 1), date_end=date(2025, 1, 31)
        )
        per_session = cls.make_course(
            "Sched Drop-in",
            space=cls.court,
            price_mode="session",
            price=50.0,
            date_start=date(2025, 1, 1),
            date_end=date(2025, 1, 31),
        )
        cls.term, cls.per_session = term, per_session
        Partner = cls.env["res.partner"]
        kids = Partner.create(
            [{"name": f"Sched kid {i}", "parent_id": cls.parent.id} for i in range(3)]
        )
        Enrolment = cls.env["sports.training.enrolment"]
        term_enrolments = Enrolment.create(
            [
                {"course_id": term.id, "partner_id": kid.id, "state": "confirmed", "amount": 800.0}
                for kid in kids[:2]
            ]
            + [
                {
                    "course_id": term.id,
                    "partner_id": kids[2].id,
                    "state": "cancelled",
                    "amount": 800.0,
                }
            ]
        )
        drop_enrolments = Enrolment.create(
            [
                {
                    "course_id": per_session.id,
                    "partner_id": kid.id,
                    "state": "confirmed",
                    "amount": 50.0,
                }
                for kid in kids
            ]
        )
        Session = cls.env["sports.training.session"]
        days = [date(2025, 1, d) for d in (6, 13, 20, 27, 29)]
        cls.sessions = Session.create(
            [
                {
                    "course_id": term.id,
                    "space_id": cls.pool.id,
                    "coach_id": cls.coach.id,
                    "start_at": cls.at(day, 9),
                    "end_at": cls.at(day, 10),
                    "state": "done" if i < 3 else "cancelled",
                }
                for i, day in enumerate(days)
            ]
        )
        cls.sessions[3].cancelled_at = cls.sessions[3].start_at - timedelta(hours=2)
        cls.sessions[4].cancelled_at = cls.sessions[4].start_at - timedelta(days=3)
        cls.drop = Session.create(
            {
                "course_id": per_session.id,
                "space_id": cls.court.id,
                "coach_id": cls.coach.id,
                "start_at": cls.at(date(2025, 1, 8), 9),
                "end_at": cls.at(date(2025, 1, 8), 10),
                "state": "done",
            }
        )
        # Not the coach's month: February, and another coach.
        Session.create(
            [
                {
                    "course_id": term.id,
                    "space_id": cls.pool.id,
                    "coach_id": cls.coach.id,
                    "start_at": cls.at(date(2025, 2, 3), 9),
                    "end_at": cls.at(date(2025, 2, 3), 10),
                    "state": "done",
                },
                {
                    "course_id": per_session.id,
                    "space_id": cls.court.id,
                    "coach_id": cls.coach2.id,
                    "start_at": cls.at(date(2025, 1, 15), 9),
                    "end_at": cls.at(date(2025, 1, 15), 10),
                    "state": "done",
                },
            ]
        )
        Attendance = cls.env["sports.training.attendance"]
        present = [
            (cls.sessions[0], term_enrolments[0]),
            (cls.sessions[0], term_enrolments[1]),
            (cls.sessions[1], term_enrolments[0]),
            (cls.drop, drop_enrolments[0]),
            (cls.drop, drop_enrolments[1]),
            (cls.drop, drop_enrolments[2]),
        ]
        Attendance.create(
            [{"session_id": s.id, "enrolment_id": e.id, "state": "present"} for s, e in present]
            + [
                {
                    "session_id": cls.sessions[2].id,
                    "enrolment_id": term_enrolments[0].id,
                    "state": "absent",
                }
            ]
        )
        # February has one more held session of the term course: 4 held in all.
        cls.revenue_share = 400.0  # 1600 / 4 sessions held

    def generate(self, mode, rate, cancelled="late"):
        self.company.training_commission_cancelled = cancelled
        self.coach.write({"commission_mode": mode, "commission_rate": rate})
        return self.env["sports.coach.statement"]._generate(
            self.coach, date(2025, 1, 1), date(2025, 1, 31)
        )

    def test_per_session_rule_and_the_cancelled_setting(self):
        statement = self.generate("session", 150.0, "late")
        # 3 taught + the drop-in + the late cancellation.
        self.assertEqual(statement.session_count, 5)
        self.assertEqual(statement.amount, 750.0)
        self.assertIn(self.sessions[3], statement.line_ids.session_id)
        self.assertNotIn(self.sessions[4], statement.line_ids.session_id)
        statement = self.generate("session", 150.0, "none")
        self.assertEqual(statement.session_count, 4)
        self.assertEqual(statement.amount, 600.0)
        statement = self.generate("session", 150.0, "full")
        self.assertEqual(statement.session_count, 6)
        self.assertEqual(statement.amount, 900.0)
        self.assertEqual(
            len(self.env["sports.coach.statement"].search([("employee_id", "=", self.coach.id)])), 1
        )

    def test_per_attendee_rule(self):
        statement = self.generate("attendee", 30.0, "none")
        # Present: 2 + 1 + 0 + 3 on the drop-in.
        self.assertEqual(statement.attendee_count, 6)
        self.assertEqual(statement.amount, 180.0)
        statement = self.generate("attendee", 30.0, "late")
        # The late cancellation counts the 2 attendees who expected it.
        self.assertEqual(statement.attendee_count, 8)
        self.assertEqual(statement.amount, 240.0)

    def test_percent_of_revenue_rule_rounds_per_line(self):
        self.term.price = 700.0  # the enrolments' amounts count, not today's price
        statement = self.generate("percent", 12.5, "none")
        lines = statement.line_ids.sorted("session_start")
        # Term: 1600 / 4 held = 400 per session; drop-in: 50 x 3 present = 150.
        self.assertEqual(lines.mapped("revenue"), [400.0, 150.0, 400.0, 400.0])
        self.assertEqual(statement.revenue, 1350.0)
        # 12.5% of 150 = 18.75; of 400 = 50.
        self.assertEqual(lines.mapped("amount"), [50.0, 18.75, 50.0, 50.0])
        self.assertEqual(statement.amount, 168.75)
        self.coach.commission_rate = 33.3333
        statement = self.generate("percent", 33.33, "none")
        # 400 x 33.33% = 133.32; 150 x 33.33% = 49.995 -> 50.00 (half up).
        self.assertEqual(
            statement.line_ids.sorted("session_start").mapped("amount"),
            [133.32, 50.0, 133.32, 133.32],
        )
        self.assertEqual(statement.amount, 449.96)

    def test_employed_coach_gets_a_payroll_input(self):
        statement = self.generate("session", 100.0, "none")
        statement.action_confirm()
        self.assertEqual(statement.state, "confirmed")
        self.assertEqual(statement.payroll_input_id.amount, 400.0)
        self.assertEqual(statement.payroll_input_id.employee_id, self.coach)
        self.assertFalse(statement.move_id)
        # Confirmed: generating again leaves it as it is.
        self.assertEqual(self.generate("session", 999.0, "none"), statement)
        self.assertEqual(statement.amount, 400.0)
        statement.action_cancel()
        self.assertEqual(statement.state, "cancelled")
        self.assertFalse(statement.payroll_input_id)

    def test_external_coach_gets_a_draft_vendor_bill(self):
        vendor = self.env["res.partner"].create({"name": "Sched Coaching Studio"})
        self.coach.coach_kind = "external"
        statement = self.generate("session", 100.0, "none")
        with self.assertRaises(UserError), self.cr.savepoint():
            statement.action_confirm()
        self.coach.coach_partner_id = vendor
        statement.action_confirm()
        bill = statement.move_id
        self.assertEqual(bill.move_type, "in_invoice")
        self.assertEqual(bill.state, "draft")
        self.assertEqual(bill.partner_id, vendor)
        self.assertEqual(bill.amount_total, 400.0)
        self.assertEqual(len(bill.invoice_line_ids), 1)
        self.assertEqual(bill.invoice_line_ids.account_id.internal_group, "expense")
        statement.action_cancel()
        self.assertEqual(bill.state, "cancel")

    def test_monthly_cron_is_idempotent(self):
        Statement = self.env["sports.coach.statement"]
        first = Statement._cron_monthly_statements(today=date(2025, 2, 3))
        self.assertEqual(first.employee_id, self.coach | self.coach2)
        self.assertEqual(first.mapped("date_from"), [date(2025, 1, 1)] * 2)
        again = Statement._cron_monthly_statements(today=date(2025, 2, 4))
        self.assertFalse(again)
        self.assertEqual(
            Statement.search_count(
                [
                    ("date_from", "=", date(2025, 1, 1)),
                    ("employee_id", "in", (self.coach | self.coach2).ids),
                ]
            ),
            2,
        )
