from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common_enrol import born_years_ago, enrol_fixture


@tagged("post_install", "-at_install")
class TestEnrolService(TransactionCase):
    """course._enrol(): seats, waitlist, age range, duplicates; cancellation and promotion;
    paying confirms."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        fx = enrol_fixture(cls.env, "S", capacity=2, age_min=6, age_max=10)
        cls.course, cls.sessions = fx["course"], fx["sessions"]
        cls.parent = cls.env["res.partner"].create({"name": "Parent Wang", "email": "w@x.cn"})
        start = cls.course.date_start
        cls.kids = cls.env["res.partner"].create(
            [
                {
                    "name": f"Kid {i}",
                    "parent_id": cls.parent.id,
                    "sports_birthdate": born_years_ago(8, start),
                }
                for i in range(5)
            ]
        )
        paid = enrol_fixture(cls.env, "P", capacity=1, price=600.0)
        cls.paid_course = paid["course"]
        cls.adults = cls.env["res.partner"].create(
            [{"name": f"Adult {i}", "email": f"a{i}@x.cn"} for i in range(3)]
        )

    def _enrol(self, kid, course=None):
        return (course or self.course)._enrol(kid, parent=self.parent)

    def test_free_course_confirms_with_seats_then_waitlists_with_position(self):
        first, second = self._enrol(self.kids[0]), self._enrol(self.kids[1])
        self.assertEqual((first.state, second.state), ("confirmed", "confirmed"))
        self.assertEqual(self.course.seats_taken, 2)
        self.assertEqual(len(first.attendance_ids), 3)
        self.assertEqual(set(first.attendance_ids.mapped("state")), {"expected"})
        self.assertEqual(first.parent_partner_id, self.parent)
        self.assertTrue(first.name.startswith("ENR/"))
        third, fourth = self._enrol(self.kids[2]), self._enrol(self.kids[3])
        self.assertEqual((third.state, fourth.state), ("waitlist", "waitlist"))
        self.assertEqual((third.waitlist_position, fourth.waitlist_position), (1, 2))
        self.assertIn("number 2 on the waitlist", fourth._waitlist_message())
        self.assertFalse(third.attendance_ids)
        self.assertEqual(self.course.seats_taken, 2)
        # _create_seats is idempotent: the seats are not doubled.
        self.assertFalse(first._create_seats())
        self.assertEqual(len(first.attendance_ids), 3)

    def test_age_range_and_birth_date(self):
        young = self.env["res.partner"].create(
            {
                "name": "Too Young",
                "parent_id": self.parent.id,
                "sports_birthdate": born_years_ago(4),
            }
        )
        with self.assertRaisesRegex(UserError, "outside its age range \\(6 to 10\\)"):
            self._enrol(young)
        nobirth = self.env["res.partner"].create({"name": "No Date", "parent_id": self.parent.id})
        with self.assertRaisesRegex(UserError, "date of birth"):
            self._enrol(nobirth)
        # The age counts on the term's first day: 10 then is fine, 11 is not.
        start = self.course.date_start
        ten = self.env["res.partner"].create(
            {"name": "Ten", "sports_birthdate": start.replace(year=start.year - 10)}
        )
        self.assertEqual(ten._sports_age(start), 10)
        self.assertEqual(ten._sports_age(start - timedelta(days=1)), 9)
        self.assertEqual(self._enrol(ten).state, "confirmed")
        eleven = self.env["res.partner"].create(
            {"name": "Eleven", "sports_birthdate": start.replace(year=start.year - 11)}
        )
        with self.assertRaises(UserError):
            self._enrol(eleven)
        self.assertEqual(self.course.seats_taken, 1)

    def test_duplicate_and_closed_course(self):
        self._enrol(self.kids[0])
        with self.assertRaisesRegex(UserError, "already enrolled"):
            self._enrol(self.kids[0])
        self.assertEqual(self.course.seats_taken, 1)
        self.paid_course.state = "draft"
        with self.assertRaisesRegex(UserError, "not open for enrolment"):
            self.paid_course._enrol(self.adults[0])

    def test_cancel_frees_the_seat_and_promotes_the_first_waitlisted(self):
        first, _second = self._enrol(self.kids[0]), self._enrol(self.kids[1])
        third, fourth = self._enrol(self.kids[2]), self._enrol(self.kids[3])
        first.action_cancel()
        self.assertEqual(first.state, "cancelled")
        self.assertEqual(set(first.attendance_ids.mapped("state")), {"cancelled"})
        self.assertEqual(third.state, "confirmed")  # free course: confirmed at once
        self.assertTrue(third.promoted_at)
        self.assertEqual(len(third.attendance_ids), 3)
        self.assertEqual(fourth.state, "waitlist")
        self.assertEqual(fourth.waitlist_position, 1)
        self.assertEqual(self.course.seats_taken, 2)
        self.assertIn(self.parent, third.message_ids.partner_ids)
        # A second cancellation of the same enrolment frees nothing more.
        first.action_cancel()
        self.assertEqual(self.course.seats_taken, 2)
        self.assertEqual(fourth.state, "waitlist")

    def test_no_promotion_within_the_cutoff(self):
        self._enrol(self.kids[0])
        second = self._enrol(self.kids[1])
        third = self._enrol(self.kids[2])
        # The next session starts in 3 days: a cutoff of 4 days stops the promotion.
        self.course.company_id.training_waitlist_cutoff_hours = 96
        second.action_cancel()
        self.assertEqual(third.state, "waitlist")
        self.assertEqual(self.course.seats_taken, 1)
        # Back to 2 hours: the next cancellation (or a run) promotes.
        self.course.company_id.training_waitlist_cutoff_hours = 2
        self.assertEqual(self.course._promote_waitlist(), third)
        self.assertEqual(third.state, "confirmed")
        self.assertEqual(self.course.seats_taken, 2)

    def test_paid_course_pending_until_the_order_is_paid(self):
        enrolment = self.paid_course._enrol(self.adults[0], channel="portal")
        self.assertEqual(enrolment.state, "pending")
        self.assertEqual(enrolment.amount, 600.0)
        self.assertTrue(enrolment.hold_expires_at)
        self.assertFalse(enrolment.attendance_ids)
        order = enrolment._make_order()
        self.assertEqual(order.partner_id, self.adults[0])
        self.assertEqual(order.amount_untaxed, 600.0)
        self.assertEqual(enrolment.sale_order_id, order)
        waiting = self.paid_course._enrol(self.adults[1])
        self.assertEqual(waiting.state, "waitlist")
        order.action_confirm()
        self.assertEqual(enrolment.state, "confirmed")
        self.assertFalse(enrolment.hold_expires_at)
        self.assertEqual(len(enrolment.attendance_ids), 3)

    def test_promotion_on_a_paid_course_makes_an_order_and_expiry_gives_back(self):
        first = self.paid_course._enrol(self.adults[0], channel="portal")
        order = first._make_order()
        second = self.paid_course._enrol(self.adults[1])
        # The checkout hold runs out: the cron gives the seat to the waitlist.
        first.hold_expires_at = fields.Datetime.now() - timedelta(minutes=1)
        self.env["sports.training.enrolment"]._cron_expire_pending()
        self.assertEqual(first.state, "cancelled")
        self.assertEqual(order.state, "cancel")
        self.assertEqual(second.state, "pending")
        self.assertTrue(second.promoted_at)
        self.assertTrue(second.sale_order_id)
        self.assertIn(second.sale_order_id.get_portal_url(), second.message_ids[0].body)
        self.assertEqual(self.paid_course.seats_taken, 1)
        # Cancelling the promoted order gives the seat back.
        second.sale_order_id._action_cancel()
        self.assertEqual(second.state, "cancelled")
        self.assertEqual(self.paid_course.seats_taken, 0)

    def test_per_session_price_counts_the_sessions_left(self):
        fx = enrol_fixture(self.env, "Q", capacity=3, price=80.0, price_mode="session")
        enrolment = fx["course"]._enrol(self.adults[2])
        self.assertEqual(enrolment.amount, 240.0)
        fx["sessions"][0].state = "cancelled"
        self.assertEqual(fx["course"]._enrol_amount(), 160.0)

    def test_backend_wizard_and_confirm_cancel_buttons(self):
        wizard = self.env["sports.training.enrol.wizard"].create(
            {"course_id": self.paid_course.id, "partner_id": self.adults[0].id}
        )
        action = wizard.action_enrol()
        enrolment = self.env["sports.training.enrolment"].browse(action["res_id"])
        self.assertEqual((enrolment.state, enrolment.channel), ("pending", "backend"))
        self.assertFalse(enrolment.hold_expires_at)  # paid at the desk: no hold
        enrolment.action_confirm()
        self.assertEqual(enrolment.state, "confirmed")
        self.assertEqual(self.paid_course.enrolment_count, 1)
        waiting = self.paid_course._enrol(self.adults[1])
        self.assertEqual(self.paid_course.waitlist_count, 1)
        with self.assertRaisesRegex(UserError, "is full"):
            waiting.action_confirm()
        enrolment.action_cancel()
        self.assertEqual(waiting.state, "pending")
        self.assertEqual(self.adults[0].training_enrolment_count, 1)
