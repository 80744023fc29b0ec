import uuid
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.point_of_sale.tests.common import TestPoSCommon
from odoo.addons.sports_pos.tests.common import ui_order_copy
from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ


@tagged("post_install", "-at_install")
class TestPosEnrol(TestPoSCommon):
    """The desk enrols a customer's child when the server saves the paid order, once
    per line however often the POS syncs it, and a refund of the line cancels it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env.user.group_ids |= env.ref("sports_venue.group_arena_manager")
        cls.venue = env["sports.venue"].create(
            {"name": "Desk Pool", "code": "TDPOOL", "tz": DEFAULT_TZ, "company_id": cls.company.id}
        )
        cls.other_venue = env["sports.venue"].create(
            {
                "name": "Other Pool",
                "code": "TDPOOL2",
                "tz": DEFAULT_TZ,
                "company_id": cls.company.id,
            }
        )
        spaces = env["sports.space"].create(
            [
                {"name": "Desk Lane", "venue_id": cls.venue.id},
                {"name": "Other Lane", "venue_id": cls.other_venue.id},
            ]
        )
        sport = env["sports.sport"].create({"name": "Desk Swimming", "code": "tdswim"})
        products = env["product.product"].create(
            [
                {
                    "name": name,
                    "type": "service",
                    "available_in_pos": True,
                    "list_price": price,
                    "taxes_id": [(5, 0, 0)],
                }
                for name, price in (("Kids term", 600.0), ("Private term", 900.0), ("Away", 1.0))
            ]
        )
        today = fields.Date.today()
        common = {
            "sport_id": sport.id,
            "date_start": today - timedelta(days=7),
            "date_end": today + timedelta(days=60),
            "price_mode": "term",
        }
        cls.kids, cls.private, cls.away = env["sports.training.course"].create(
            [
                {
                    **common,
                    "name": "Desk kids swimming",
                    "venue_id": cls.venue.id,
                    "space_id": spaces[0].id,
                    "age_min": 6,
                    "age_max": 12,
                    "capacity": 5,
                    "price": 600.0,
                },
                {
                    **common,
                    "name": "Desk private lesson",
                    "venue_id": cls.venue.id,
                    "space_id": spaces[0].id,
                    "kind": "private",
                    "capacity": 1,
                    "price": 900.0,
                },
                {
                    **common,
                    "name": "Away course",
                    "venue_id": cls.other_venue.id,
                    "space_id": spaces[1].id,
                    "capacity": 5,
                    "price": 1.0,
                },
            ]
        )
        for course, product in zip(cls.kids | cls.private | cls.away, products, strict=True):
            course.write({"product_id": product.id, "state": "open"})
        cls.customer = env["res.partner"].create(
            {"name": "Desk Parent", "sports_birthdate": today - relativedelta(years=38)}
        )
        cls.child = env["res.partner"].create(
            {
                "name": "Desk Child",
                "parent_id": cls.customer.id,
                "type": "other",
                "sports_birthdate": today - relativedelta(years=8),
            }
        )
        cls.stranger = env["res.partner"].create({"name": "Desk Stranger"})

    def setUp(self):
        super().setUp()
        self.config = self.basic_config
        self.config.sports_venue_id = self.venue
        self.open_new_session()

    def _line(self, course, attendee, price=None, qty=1):
        price = course.product_id.list_price if price is None else price
        return {
            "product": course.product_id,
            "quantity": qty,
            "price_unit": price,
            "price_subtotal": price * qty,
            "price_subtotal_incl": price * qty,
            "sports_training_course_id": course.id,
            "sports_training_partner_id": attendee.id,
            "uuid": str(uuid.uuid4()),
        }

    def _data(self, lines, customer=None):
        return self.create_ui_order_data(
            lines,
            customer=customer or self.customer,
            pos_order_ui_args={"state": "paid"},
            uuid=str(uuid.uuid4()),
        )

    def _sync(self, data):
        self.env["pos.order"].sync_from_ui([ui_order_copy(data)])
        return self.env["pos.order"].search([("uuid", "=", data["uuid"])])

    def _enrolments(self, courses):
        return self.env["sports.training.enrolment"].search([("course_id", "in", courses.ids)])

    def test_a_paid_order_enrols_the_child_and_a_retried_sync_enrols_once(self):
        data = self._data([self._line(self.kids, self.child)])
        order = self._sync(data)
        enrolment = order.lines.sports_training_enrolment_id
        self.assertEqual(len(enrolment), 1)
        self.assertEqual(enrolment.partner_id, self.child)
        self.assertEqual(enrolment.parent_partner_id, self.customer)
        self.assertEqual(enrolment.channel, "pos")
        self.assertEqual(enrolment.state, "confirmed")
        self.assertEqual(enrolment.pos_order_line_id, order.lines)
        self.assertEqual(self.kids.seats_taken, 1)
        # The POS lost the answer and sends the same order again.
        again = self._sync(data)
        self.assertEqual(again, order)
        self.assertEqual(self._enrolments(self.kids), enrolment)
        self.assertEqual(self.kids.seats_taken, 1)
        self.assertEqual(order.lines.sports_training_enrolment_id, enrolment)

    def test_a_refund_of_the_line_cancels_the_enrolment(self):
        order = self._sync(self._data([self._line(self.kids, self.child)]))
        enrolment = order.lines.sports_training_enrolment_id
        line = order.lines
        refund = self._data(
            [
                {
                    "product": line.product_id,
                    "quantity": -1,
                    "price_unit": line.price_unit,
                    "price_subtotal": -line.price_subtotal,
                    "price_subtotal_incl": -line.price_subtotal_incl,
                    "refunded_orderline_id": line.id,
                }
            ]
        )
        self._sync(refund)
        self.assertEqual(enrolment.state, "cancelled")
        self.assertEqual(self.kids.seats_taken, 0)
        self._sync(refund)  # a retried refund changes nothing more
        self.assertEqual(enrolment.state, "cancelled")
        self.assertEqual(self.kids.seats_taken, 0)

    def _refused(self, data, message):
        with (
            mute_logger("odoo.http", "odoo.addons.point_of_sale.models.pos_order"),
            self.assertRaisesRegex(UserError, message),
            self.cr.savepoint(),
        ):
            self.env["pos.order"].sync_from_ui([ui_order_copy(data)])
        self.assertFalse(self.env["pos.order"].search([("uuid", "=", data["uuid"])]))

    def test_bad_enrolments_are_refused_in_words_and_nothing_is_written(self):
        self._refused(self._data([self._line(self.kids, self.child, price=1.0)]), "costs")
        self._refused(self._data([self._line(self.kids, self.customer)]), "ages 6 to 12")
        self._refused(self._data([self._line(self.kids, self.stranger)]), "nor a child")
        self._refused(self._data([self._line(self.away, self.customer)]), "not taught")
        self._refused(self._data([self._line(self.kids, self.child, qty=2)]), "quantity")
        self.assertFalse(self._enrolments(self.kids | self.away))
        self.assertEqual(self.kids.seats_taken, 0)

    def test_a_full_course_sends_to_the_waitlist_without_payment(self):
        self._sync(self._data([self._line(self.private, self.customer)]))
        self.assertEqual(self.private.seats_left, 0)
        other = self.env["res.partner"].create({"name": "Desk Late"})
        options = self.config.sports_training_enrol_options(other.id)
        private = next(c for c in options["courses"] if c["id"] == self.private.id)
        self.assertIn("waitlist", private["refusals"][other.id])
        self._refused(self._data([self._line(self.private, other)], customer=other), "full")
        self.assertEqual(len(self._enrolments(self.private)), 1)

    def test_the_enrol_button_offers_the_desks_courses_and_the_children(self):
        options = self.config.sports_training_enrol_options(self.customer.id)
        self.assertEqual({a["id"] for a in options["attendees"]}, {self.customer.id, self.child.id})
        courses = {c["id"]: c for c in options["courses"]}
        self.assertEqual(set(courses), {self.kids.id, self.private.id})
        kids = courses[self.kids.id]
        self.assertEqual(kids["price"], 600.0)
        self.assertEqual(kids["product_id"], self.kids.product_id.id)
        self.assertNotIn(self.child.id, kids["refusals"])
        self.assertIn("ages 6 to 12", kids["refusals"][self.customer.id])
