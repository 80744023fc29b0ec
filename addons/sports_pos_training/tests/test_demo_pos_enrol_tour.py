from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon
from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ


@tagged("post_install", "-at_install")
class TestPosEnrolTour(TestPointOfSaleHttpCommon):
    """The cashier enrols a customer's child at the desk: the customer himself is refused
    in words (age), the child is enrolled when the paid order reaches the server."""

    def test_enrol_a_child_at_the_desk(self):
        env = self.env
        env.user.group_ids |= env.ref("sports_venue.group_arena_manager")
        self.pos_user.group_ids |= env.ref("sports_venue.group_arena_user")
        venue = env["sports.venue"].create(
            {"name": "Tour Pool", "code": "TRPOOL", "tz": DEFAULT_TZ, "company_id": env.company.id}
        )
        self.main_pos_config.sports_venue_id = venue
        space = env["sports.space"].create({"name": "Tour Lane", "venue_id": venue.id})
        sport = env["sports.sport"].create({"name": "Tour Swimming", "code": "trswim"})
        product = env["product.product"].create(
            {
                "name": "Tour Kids Swimming",
                "type": "service",
                "available_in_pos": True,
                "list_price": 600.0,
                "taxes_id": [(5, 0, 0)],
            }
        )
        today = fields.Date.today()
        course = env["sports.training.course"].create(
            {
                "name": "Tour Kids Swimming",
                "venue_id": venue.id,
                "space_id": space.id,
                "sport_id": sport.id,
                "age_min": 6,
                "age_max": 12,
                "capacity": 8,
                "price_mode": "term",
                "price": 600.0,
                "date_start": today - timedelta(days=7),
                "date_end": today + timedelta(days=60),
            }
        )
        course.write({"product_id": product.id, "state": "open"})
        parent = env["res.partner"].create(
            {"name": "Tour Parent", "sports_birthdate": today - relativedelta(years=40)}
        )
        child = env["res.partner"].create(
            {
                "name": "Tour Child",
                "parent_id": parent.id,
                "type": "other",
                "sports_birthdate": course.date_start - relativedelta(years=8, days=30),
            }
        )
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("sports_pos_enrol", login="pos_user")
        order = self.main_pos_config.current_session_id.order_ids
        self.assertEqual(order.state, "paid")
        enrolment = order.lines.sports_training_enrolment_id
        self.assertEqual(enrolment.partner_id, child)
        self.assertEqual(enrolment.parent_partner_id, parent)
        self.assertEqual((enrolment.channel, enrolment.state), ("pos", "confirmed"))
        self.assertEqual(course.seats_taken, 1)
