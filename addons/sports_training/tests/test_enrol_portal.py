from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged

from .common_enrol import born_years_ago, enrol_fixture

PASSWORD = "Enrol-Portal-Pass-1"


@tagged("post_install", "-at_install")
class TestEnrolPortal(HttpCase):
    """The training pages over real HTTP: courses, the enrol form for me, my children or a
    new child, the family's enrolments, and refusals shown on the page."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        fx = enrol_fixture(cls.env, "W", capacity=1, age_min=6, age_max=10)
        cls.kids_course, cls.sport = fx["course"], fx["sport"]
        cls.paid_course = enrol_fixture(cls.env, "X", capacity=5, price=300.0)["course"]
        cls.draft_course = enrol_fixture(cls.env, "Y")["course"]
        cls.draft_course.state = "draft"
        cls.user = new_test_user(
            cls.env, login="enrol_parent", password=PASSWORD, groups="base.group_portal"
        )
        cls.other = new_test_user(
            cls.env, login="enrol_other", password=PASSWORD, groups="base.group_portal"
        )
        cls.parent = cls.user.partner_id
        cls.kid = cls.env["res.partner"].create(
            {
                "name": "Xiao Ming",
                "parent_id": cls.parent.id,
                "sports_birthdate": born_years_ago(7, cls.kids_course.date_start),
            }
        )
        cls.other_kid = cls.env["res.partner"].create(
            {
                "name": "Not Yours",
                "parent_id": cls.other.partner_id.id,
                "sports_birthdate": born_years_ago(7, cls.kids_course.date_start),
            }
        )

    def setUp(self):
        super().setUp()
        self.authenticate(self.user.login, PASSWORD)

    def _post(self, url, data):
        data = dict(data, csrf_token=http.Request.csrf_token(self))
        return self.url_open(url, data=data, allow_redirects=False)

    def _enrolments(self, course):
        return self.env["sports.training.enrolment"].search([("course_id", "=", course.id)])

    def test_course_list_filters_and_details(self):
        self.authenticate(None, None)  # visitors see the courses too
        page = self.url_open("/training")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.kids_course.name, page.text)
        self.assertIn(self.paid_course.name, page.text)
        self.assertNotIn(self.draft_course.name, page.text)
        page = self.url_open(f"/training?sport={self.sport.id}")
        self.assertIn(self.kids_course.name, page.text)
        self.assertNotIn(self.paid_course.name, page.text)
        page = self.url_open("/training?sport=abc")
        self.assertEqual(page.status_code, 200)
        page = self.url_open(f"/training/{self.kids_course.id}")
        self.assertIn("Ages 6-10", page.text)
        self.assertIn("Sign in to enrol", page.text)
        self.assertEqual(self.url_open(f"/training/{self.draft_course.id}").status_code, 404)

    def test_enrol_a_new_child_then_refusals_on_the_page(self):
        page = self.url_open(f"/training/{self.kids_course.id}")
        self.assertIn("Xiao Ming", page.text)
        self.assertNotIn("Not Yours", page.text)
        response = self._post(
            f"/training/{self.kids_course.id}/enrol",
            {"who": "new", "name": "Xiao Hong", "birthdate": str(born_years_ago(8))},
        )
        self.assertEqual(response.status_code, 303, response.text[-500:])
        enrolment = self._enrolments(self.kids_course)
        self.assertTrue(response.headers["Location"].endswith(f"/my/training/{enrolment.id}"))
        self.assertEqual(enrolment.state, "confirmed")
        self.assertEqual(enrolment.partner_id.parent_id, self.parent)
        self.assertEqual(enrolment.parent_partner_id, self.parent)
        self.assertEqual(enrolment.channel, "portal")
        # The same child again: refused in words.
        response = self._post(
            f"/training/{self.kids_course.id}/enrol", {"who": str(enrolment.partner_id.id)}
        )
        self.assertEqual(response.status_code, 422)
        self.assertIn("already enrolled", response.text)
        # Another family's child: refused, nothing written.
        response = self._post(
            f"/training/{self.kids_course.id}/enrol", {"who": str(self.other_kid.id)}
        )
        self.assertEqual(response.status_code, 422)
        self.assertIn("one of your children", response.text)
        # Myself, with no birth date, in a children's course.
        response = self._post(f"/training/{self.kids_course.id}/enrol", {"who": "me"})
        self.assertEqual(response.status_code, 422)
        self.assertIn("date of birth", response.text)
        # A child too old.
        response = self._post(
            f"/training/{self.kids_course.id}/enrol",
            {"who": "new", "name": "Big Brother", "birthdate": str(born_years_ago(14))},
        )
        self.assertEqual(response.status_code, 422)
        self.assertIn("outside its age range", response.text)
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Big Brother")]))
        # The course is full now: the next child goes on the waitlist, told its place.
        response = self._post(f"/training/{self.kids_course.id}/enrol", {"who": str(self.kid.id)})
        self.assertEqual(response.status_code, 303)
        waiting = self._enrolments(self.kids_course).filtered(lambda e: e.state == "waitlist")
        self.assertEqual(waiting.partner_id, self.kid)
        page = self.url_open(f"/my/training/{waiting.id}")
        self.assertIn("number", page.text)
        self.assertIn("1</strong> on the waitlist", page.text)
        self.assertEqual(len(self._enrolments(self.kids_course)), 2)

    def test_paid_course_goes_to_the_order_and_my_training(self):
        response = self._post(f"/training/{self.paid_course.id}/enrol", {"who": "me"})
        self.assertEqual(response.status_code, 303)
        enrolment = self._enrolments(self.paid_course)
        self.assertEqual(enrolment.state, "pending")
        order = enrolment.sale_order_id
        self.assertTrue(order)
        self.assertEqual(order.partner_id, self.parent)
        self.assertEqual(order.amount_untaxed, 300.0)
        self.assertIn(f"/my/orders/{order.id}", response.headers["Location"])
        home = self.url_open("/my/home")
        self.assertIn("/my/training", home.text)
        page = self.url_open("/my/training")
        self.assertIn(self.paid_course.name, page.text)
        page = self.url_open(f"/my/training/{enrolment.id}")
        self.assertIn(f"/my/orders/{order.id}", page.text)
        # Cancel before the term: the seat and the unpaid order go.
        response = self._post(f"/my/training/{enrolment.id}/cancel", {})
        self.assertEqual(response.status_code, 303)
        self.assertEqual(enrolment.state, "cancelled")
        self.assertEqual(order.state, "cancel")
        self.assertEqual(self.paid_course.seats_taken, 0)

    def test_another_familys_enrolment_is_not_found(self):
        theirs = self.kids_course._enrol(self.other_kid, parent=self.other.partner_id)
        self.assertEqual(self.url_open(f"/my/training/{theirs.id}").status_code, 404)
        response = self._post(f"/my/training/{theirs.id}/cancel", {})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(theirs.state, "confirmed")
        page = self.url_open("/my/training")
        self.assertNotIn("Not Yours", page.text)
