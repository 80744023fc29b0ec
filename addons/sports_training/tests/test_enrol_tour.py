from datetime import date

from odoo.tests import HttpCase, new_test_user, tagged

from .common_enrol import enrol_fixture


@tagged("post_install", "-at_install")
class TestEnrolTour(HttpCase):
    """A parent enrols a new child on the portal and pays with the demo provider."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        fx = enrol_fixture(cls.env, "T", capacity=6, price=880.0, age_min=6, age_max=10)
        cls.course = fx["course"]
        cls.user = new_test_user(
            cls.env,
            login="enrol_tour_parent",
            password="enrol_tour_parent",
            groups="base.group_portal",
            name="Parent Li",
            email="parent.li@example.com",
        )
        company = cls.course.company_id
        providers = cls.env["payment.provider"].search([("company_id", "=", company.id)])
        cls.demo = providers.filtered(lambda p: p.code == "demo")[:1]
        (providers - cls.demo).filtered(lambda p: p.state != "disabled").state = "disabled"
        if cls.demo:
            cls.demo.write({"state": "test", "is_published": True})
            cls.demo.payment_method_ids.active = True

    def test_parent_enrols_a_new_child_and_pays(self):
        if not self.demo:
            self.skipTest("payment_demo is not installed")
        # The child is born on 2018-06-01: 6 to 10 years old when the term starts.
        age = (
            self.env["res.partner"]
            .new({"sports_birthdate": date(2018, 6, 1)})
            ._sports_age(self.course.date_start)
        )
        self.assertTrue(6 <= age <= 10)
        self.start_tour(
            f"/training/{self.course.id}",
            "sports_training_parent_enrols_child",
            login="enrol_tour_parent",
        )
        enrolment = self.course.enrolment_ids
        self.assertEqual(len(enrolment), 1)
        self.assertEqual(enrolment.state, "confirmed")
        self.assertEqual(enrolment.partner_id.name, "Xiao Hong")
        self.assertEqual(enrolment.partner_id.parent_id, self.user.partner_id)
        self.assertEqual(enrolment.sale_order_id.state, "sale")
        self.assertEqual(len(enrolment.attendance_ids), 3)
        self.assertEqual(self.course.seats_taken, 1)
