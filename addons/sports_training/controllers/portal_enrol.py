"""Training on the portal: the course list, a course's page with its enrol form, and
the family's enrolments under My Training."""

from datetime import date
from urllib.parse import urlencode

from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

LIVE_STATES = ("pending", "confirmed", "waitlist")
MAX_NAME = 128
MAX_ID = 2**31 - 1


class SportsTrainingPortal(CustomerPortal):
    # ------------------------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------------------------
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "sports_training_count" in counters:
            Enrolment = request.env["sports.training.enrolment"]
            values["sports_training_count"] = (
                Enrolment.search_count(self._training_family_domain())
                if Enrolment.has_access("read")
                else 0
            )
        return values

    def _training_family(self):
        """The user's partner and their children (contacts under it)."""
        partner = request.env.user.partner_id
        # sudo: a portal user may not search contacts; only their own children are read.
        children = (
            request.env["res.partner"]
            .sudo()
            .search(
                [
                    ("parent_id", "=", partner.id),
                    ("is_company", "=", False),
                    ("type", "in", ("contact", "other")),
                ],
                order="name",
            )
        )
        return partner, children

    def _training_family_domain(self):
        partner, children = self._training_family()
        family = (partner | children).ids
        return ["|", ("partner_id", "in", family), ("parent_partner_id", "in", family)]

    def _training_courses(self, sport_id=None):
        domain = [
            ("state", "in", ("open", "running")),
            ("website_published", "=", True),
            ("date_end", ">=", fields.Date.context_today(request.env.user)),
            ("company_id", "in", request.env.companies.ids),
        ]
        if sport_id:
            domain.append(("sport_id", "=", sport_id))
        # sudo: visitors may not read courses; only published open ones are listed.
        return request.env["sports.training.course"].sudo().search(domain, order="date_start, name")

    def _training_course(self, course_id):
        course = self._training_courses().filtered(lambda c: c.id == course_id)
        if not course:
            raise NotFound()
        return course

    @staticmethod
    def _int(value):
        try:
            return int(value) if value not in (None, "") else None
        except (TypeError, ValueError):
            return None

    # ------------------------------------------------------------------------------------
    # Courses
    # ------------------------------------------------------------------------------------
    @http.route("/training", type="http", auth="public", website=True, readonly=True)
    def training_courses(self, sport=None, **kwargs):
        sport_id = self._int(sport)
        all_courses = self._training_courses()
        courses = (
            all_courses.filtered(lambda c: c.sport_id.id == sport_id) if sport_id else all_courses
        )
        return request.render(
            "sports_training.training_courses",
            {"courses": courses, "sports": all_courses.sport_id, "sport_id": sport_id},
        )

    @http.route("/training/<int:course_id>", type="http", auth="public", website=True)
    def training_course(self, course_id, **kwargs):
        return self._render_course(self._training_course(course_id))

    def _render_course(self, course, error=None, values=None):
        children = request.env["res.partner"]
        if not request.env.user._is_public():
            _partner, children = self._training_family()
        now = fields.Datetime.now()
        sessions = course.session_ids.filtered(
            lambda s: s.state == "planned" and s.start_at > now
        ).sorted("start_at")
        return request.render(
            "sports_training.training_course",
            {
                "course": course,
                "children": children,
                "sessions": sessions[:10],
                "session_count": len(sessions),
                "error": error,
                "form": values or {},
            },
            status=422 if error else 200,
        )

    @http.route(
        "/training/<int:course_id>/enrol",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def training_enrol(self, course_id, who="me", name=None, birthdate=None, **kwargs):
        course = self._training_course(course_id)
        form = {"who": who, "name": name, "birthdate": birthdate}
        try:
            with request.env.cr.savepoint():
                attendee = self._training_attendee(who, name, birthdate)
                parent = request.env.user.partner_id
                # sudo: portal users may not create enrolments; the attendee is the user or
                # one of their own children (checked above), and _enrol checks the rest.
                enrolment = course.with_company(course.company_id)._enrol(
                    attendee.sudo(), parent=parent.sudo(), channel="portal"
                )
                order = None
                if enrolment.state == "pending" and enrolment.amount:
                    order = enrolment._make_order()
        except (UserError, ValidationError) as error:
            return self._render_course(course, error=error.args[0], values=form)
        if order:
            return request.redirect(order.get_portal_url())
        return request.redirect(f"/my/training/{enrolment.id}")

    def _training_attendee(self, who, name, birthdate):
        """The attendee the form names: the user, one of the user's children, or a new
        child (a contact under the user's partner)."""
        partner, children = self._training_family()
        if who == "me":
            return partner
        if who == "new":
            name = (name or "").strip()
            if not name or len(name) > MAX_NAME or "\x00" in name:
                raise UserError(request.env._("Enter the child's name (up to 128 characters)."))
            try:
                born = date.fromisoformat(birthdate) if birthdate and len(birthdate) == 10 else None
            except ValueError:
                born = None
            if not born or born > fields.Date.context_today(request.env.user) or born.year < 1900:
                raise UserError(request.env._("Enter the child's date of birth (YYYY-MM-DD)."))
            # sudo: portal users may not create contacts; the child goes under their partner.
            return (
                request.env["res.partner"]
                .sudo()
                .create(
                    {
                        "name": name,
                        "parent_id": partner.id,
                        "type": "contact",
                        "sports_birthdate": born,
                    }
                )
            )
        child = children.filtered(lambda c: c.id == self._int(who))
        if not child:
            raise UserError(request.env._("Choose yourself or one of your children."))
        return child

    # ------------------------------------------------------------------------------------
    # My Training
    # ------------------------------------------------------------------------------------
    @http.route("/my/training", type="http", auth="user", website=True, readonly=True)
    def portal_my_training(self, **kwargs):
        enrolments = request.env["sports.training.enrolment"].search(
            self._training_family_domain(), order="create_date desc, id desc"
        )
        # sudo: the family's own enrolments (found under the portal rules); their course,
        # sessions and seats are shown even once the course is no longer published.
        return request.render(
            "sports_training.portal_my_training",
            {"page_name": "sports_training", "enrolments": enrolments.sudo()},
        )

    def _training_enrolment(self, enrolment_id):
        if not 0 < enrolment_id <= MAX_ID:
            raise NotFound()
        enrolment = request.env["sports.training.enrolment"].search(
            [("id", "=", enrolment_id), *self._training_family_domain()]
        )
        if not enrolment:
            raise NotFound()
        # sudo: found under the portal rules; see portal_my_training.
        return enrolment.sudo()

    def _training_can_cancel(self, enrolment):
        return enrolment.state in LIVE_STATES and (
            enrolment.state != "confirmed"
            or enrolment.course_id.date_start > fields.Date.context_today(enrolment)
        )

    @http.route("/my/training/<int:enrolment_id>", type="http", auth="user", website=True)
    def portal_my_enrolment(self, enrolment_id, message=None, **kwargs):
        return self._render_enrolment(self._training_enrolment(enrolment_id), message=message)

    def _render_enrolment(self, enrolment, message=None, error=None):
        now = fields.Datetime.now()
        seats = enrolment.attendance_ids.sorted(lambda a: (a.session_start, a.id))
        return request.render(
            "sports_training.portal_my_enrolment",
            {
                "page_name": "sports_training",
                "enrolment": enrolment,
                "seats": seats,
                "next_seat": seats.filtered(
                    lambda a: a.state == "expected" and a.session_start > now
                )[:1],
                "can_cancel": self._training_can_cancel(enrolment),
                "message": message if message in ("cancelled",) else None,
                "error": error,
                "order": enrolment.sale_order_id,
            },
            status=422 if error else 200,
        )

    @http.route(
        "/my/training/<int:enrolment_id>/cancel",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_my_enrolment_cancel(self, enrolment_id, **kwargs):
        enrolment = self._training_enrolment(enrolment_id)
        if not self._training_can_cancel(enrolment):
            return self._render_enrolment(
                enrolment,
                error=request.env._(
                    "This enrolment can no longer be cancelled online: ask the front desk."
                ),
            )
        try:
            with request.env.cr.savepoint():
                # sudo (from _training_enrolment): portal users may not write enrolments;
                # this one is their family's.
                enrolment.action_cancel()
        except UserError as error:
            return self._render_enrolment(enrolment, error=error.args[0])
        return request.redirect(
            f"/my/training/{enrolment.id}?{urlencode({'message': 'cancelled'})}"
        )
