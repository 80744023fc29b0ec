from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.sports_venue.tools import inputs


class PosConfig(models.Model):
    _inherit = "pos.config"

    def sports_training_enrol_options(self, partner_id):
        """What the desk's "Enrol" button offers ``partner_id``: the open courses of the
        desk's venue with seats left, with their price, and the attendees (the customer
        and their children), with, per course, why an attendee cannot enrol."""
        self.ensure_one()
        self.check_access("read")
        if not self.env.user.has_group("sports_venue.group_arena_user"):
            raise AccessError(self.env._("Only venue staff can enrol at the desk."))
        partner = inputs.record(
            self.env, "res.partner", partner_id, self.env._("The customer"), required=True
        )
        partner.check_access("read")
        # sudo: the cashier may not read courses; the list is the desk venue's open ones.
        courses = (
            self.env["sports.training.course"]
            .sudo()
            .search(
                [
                    ("venue_id", "=", self.sports_venue_id.id),
                    ("state", "in", ("open", "running")),
                    ("product_id", "!=", False),
                ],
                order="date_start, name",
            )
        )
        attendees = partner | partner.child_ids.filtered(lambda c: c.type != "invoice")
        today = fields.Date.context_today(self)
        result = {"attendees": [], "courses": []}
        for attendee in attendees:
            result["attendees"].append(
                {"id": attendee.id, "name": attendee.name, "age": attendee._sports_age(today)}
            )
        for course in courses:
            refusals = {}
            try:
                price = course._sports_pos_price()
            except UserError:
                continue  # nothing left to enrol in
            for attendee in attendees:
                try:
                    self._sports_training_check(course, attendee, partner)
                except UserError as error:
                    refusals[attendee.id] = error.args[0]
            result["courses"].append(
                {
                    "id": course.id,
                    "name": course.name,
                    "product_id": course.product_id.id,
                    "product_tmpl_id": course.product_id.product_tmpl_id.id,
                    "price": price,
                    "seats_left": course.seats_left,
                    "refusals": refusals,
                }
            )
        return result

    @api.model
    def _sports_training_demo_products(self):
        """Demo: the courses' products are sold at their venues' desks, in a category of
        their own that the desks show."""
        # sudo: demo data loaded by the installer; the products belong to the courses.
        courses = self.env["sports.training.course"].sudo().search([("product_id", "!=", False)])
        xmlid = "sports_pos_training.pos_category_courses"
        if not courses or self.env.ref(xmlid, raise_if_not_found=False):
            return  # a module update keeps the demo it made
        category = self.env["pos.category"].create({"name": "课程报名"})
        self.env["ir.model.data"].create(
            {
                "module": "sports_pos_training",
                "name": "pos_category_courses",
                "model": "pos.category",
                "res_id": category.id,
                "noupdate": True,
            }
        )
        courses.product_id.write(
            {
                "available_in_pos": True,
                "sale_ok": True,
                "pos_categ_ids": [Command.link(category.id)],
            }
        )
        desks = self.search([("sports_venue_id", "in", courses.venue_id.ids)])
        desks.filtered("limit_categories").write(
            {"iface_available_categ_ids": [Command.link(category.id)]}
        )

    def _sports_training_check(self, course, attendee, customer):
        """Refuse, in words, an enrolment the desk cannot take: a course of another venue
        or not open, an attendee who is neither the customer nor their child, a full
        course (the waitlist is joined without paying), an age outside the range, or an
        attendee already enrolled."""
        self.ensure_one()
        course = course.sudo()
        if not customer:
            raise UserError(self.env._("Choose the customer who enrols first."))
        if course.venue_id != self.sports_venue_id:
            raise UserError(
                self.env._("%(course)s is not taught at this desk's venue.", course=course.name)
            )
        if course.state not in ("open", "running"):
            raise UserError(self.env._("%(course)s is not open for enrolment.", course=course.name))
        if attendee != customer and attendee.parent_id != customer:
            raise UserError(
                self.env._(
                    "%(attendee)s is neither %(customer)s nor a child of theirs.",
                    attendee=attendee.name,
                    customer=customer.name,
                )
            )
        if course.seats_left <= 0:
            raise UserError(
                self.env._(
                    "%(course)s is full: enrol %(attendee)s on its waitlist from the "
                    "backend (no payment until a place frees up).",
                    course=course.name,
                    attendee=attendee.name,
                )
            )
        age = attendee._sports_age(course.date_start)
        if course.age_min or course.age_max:
            if age is None:
                raise UserError(
                    self.env._(
                        "%(course)s is for ages %(low)s to %(high)s: record the date of "
                        "birth of %(attendee)s first.",
                        course=course.name,
                        low=course.age_min,
                        high=course.age_max or "∞",
                        attendee=attendee.name,
                    )
                )
            if age < course.age_min or (course.age_max and age > course.age_max):
                raise UserError(
                    self.env._(
                        "%(attendee)s is %(age)s: %(course)s is for ages %(low)s to %(high)s.",
                        attendee=attendee.name,
                        age=age,
                        course=course.name,
                        low=course.age_min,
                        high=course.age_max or "∞",
                    )
                )
        if (
            self.env["sports.training.enrolment"]
            .sudo()
            .search_count(
                [
                    ("course_id", "=", course.id),
                    ("partner_id", "=", attendee.id),
                    ("state", "not in", ("cancelled", "done")),
                ],
                limit=1,
            )
        ):
            raise UserError(
                self.env._(
                    "%(attendee)s is already enrolled in %(course)s.",
                    attendee=attendee.name,
                    course=course.name,
                )
            )
