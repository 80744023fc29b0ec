from datetime import datetime, time, timedelta

from odoo import fields, models
from odoo.exceptions import UserError

# How far past the term's end make-up sessions are looked for.
MAKEUP_HORIZON_DAYS = 366


class SportsTrainingCourse(models.Model):
    """Opening a course: its code, its product and its sessions planned over the term,
    skipping holidays and closures and making them up after the term's end."""

    _inherit = "sports.training.course"

    # ------------------------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------------------------
    def action_open(self):
        """Draft -> open: give the course its code and product and plan its sessions."""
        self.check_access("write")
        env = self.env
        for course in self:
            if course.state != "draft":
                raise UserError(
                    env._("%(course)s is not a draft and is already open.", course=course.name)
                )
            if not course.slot_ids:
                raise UserError(
                    env._(
                        "Give %(course)s a weekly schedule before opening it.", course=course.name
                    )
                )
            if not course.coach_id and not all(course.slot_ids.mapped("coach_id")):
                raise UserError(
                    env._("Give %(course)s a coach before opening it.", course=course.name)
                )
        with env.cr.savepoint():
            for course in self:
                vals = {"state": "open"}
                if not course.code or course.code == "/":
                    vals["code"] = env["ir.sequence"].next_by_code("sports.training.course")
                if not course.product_id:
                    vals["product_id"] = course._create_product().id
                course.write(vals)
            self._plan_sessions()
        return True

    def action_cancel(self):
        """Cancel the course and its future sessions (their bookings free the spaces)."""
        self.check_access("write")
        for course in self:
            if course.state in ("done", "cancelled"):
                raise UserError(
                    self.env._("%(course)s is finished or cancelled already.", course=course.name)
                )
        now = fields.Datetime.now()
        with self.env.cr.savepoint():
            future = self.session_ids.filtered(lambda s: s.state == "planned" and s.start_at > now)
            future.action_cancel(reason=self.env._("The course was cancelled."))
            self.write({"state": "cancelled"})
        return True

    def _create_product(self):
        """The course's service product: sold only through enrolments."""
        self.ensure_one()
        category = self.env.ref(
            "sports_training.product_category_training", raise_if_not_found=False
        )
        # sudo: course managers need no rights on products to open a course.
        return (
            self.env["product.product"]
            .sudo()
            .create(
                {
                    "name": self.name,
                    "type": "service",
                    "categ_id": category.id if category else False,
                    "list_price": self.price,
                    "company_id": self.company_id.id,
                    "sale_ok": False,
                    "purchase_ok": False,
                    "default_code": self.code if self.code != "/" else False,
                }
            )
        )

    # ------------------------------------------------------------------------------------
    # Planning
    # ------------------------------------------------------------------------------------
    def _plan_sessions(self):
        """Plan the sessions of the term from the weekly schedule; return the new ones.

        Walks the term day by day in the venue's zone: one session per schedule line of
        the weekday, from now on. A holiday of the company, a day the venue is closed, or
        a closure of the space (a ``block`` booking) skips the session; as many make-up
        sessions are added on the schedule's weekdays after the term's end. A clash with a
        customer's booking is refused with its name. Sessions already planned (or cancelled)
        stay as they are."""
        Session = self.env["sports.training.session"]
        new = Session.browse()
        for course in self:
            new |= course._plan_term()
        return new

    def _plan_term(self):
        self.ensure_one()
        env = self.env
        venue = self.venue_id
        Session = env["sports.training.session"]
        slots_by_weekday = {}
        for slot in self.slot_ids:
            slots_by_weekday.setdefault(int(slot.weekday), []).append(slot)
        if not slots_by_weekday:
            return Session.browse()
        horizon = self.date_end + timedelta(days=MAKEUP_HORIZON_DAYS)
        closed = set(venue._closure_dates(self.date_start, horizon))
        # Sessions already planned, or cancelled on purpose, are not planned again.
        taken = {(s.start_at, s.space_id.id) for s in self.session_ids}
        now = fields.Datetime.now()
        vals_list, skipped = [], 0
        day = self.date_start
        while day <= self.date_end:
            for slot in slots_by_weekday.get(day.weekday(), []):
                vals = self._slot_session_vals(slot, day)
                if vals["start_at"] <= now or (vals["start_at"], vals["space_id"]) in taken:
                    continue
                if self._is_skipped(vals, day, closed):
                    skipped += 1
                    continue
                vals_list.append(vals)
            day += timedelta(days=1)
        makeups = 0
        day = self.date_end + timedelta(days=1)
        while makeups < skipped and day <= horizon:
            for slot in slots_by_weekday.get(day.weekday(), []):
                if makeups >= skipped:
                    break
                vals = self._slot_session_vals(slot, day)
                if (vals["start_at"], vals["space_id"]) in taken:
                    makeups += 1  # planned before
                    continue
                if vals["start_at"] <= now or self._is_skipped(vals, day, closed):
                    continue
                vals["is_makeup"] = True
                vals_list.append(vals)
                makeups += 1
            day += timedelta(days=1)
        if makeups != self.makeup_count:
            self.makeup_count = makeups
        if not vals_list:
            return Session.browse()
        sessions = Session._create_checked(vals_list)
        sessions._check_coach()
        sessions._book_space()
        enrolments = self.enrolment_ids.filtered(lambda e: e.state == "confirmed")
        if enrolments:
            enrolments._create_seats(sessions)
        return sessions

    def _slot_session_vals(self, slot, day):
        venue = self.venue_id
        start = datetime.combine(day, time.min) + timedelta(hours=slot.hour_from)
        end = datetime.combine(day, time.min) + timedelta(hours=slot.hour_to)
        return {
            "course_id": self.id,
            "space_id": (slot.space_id or self.space_id).id,
            "coach_id": (slot.coach_id or self.coach_id).id,
            "start_at": venue._to_utc(start.replace(second=0, microsecond=0)),
            "end_at": venue._to_utc(end.replace(second=0, microsecond=0)),
        }

    def _is_skipped(self, vals, day, closed):
        """Whether the session of ``vals`` falls on a holiday or a closure. A clash with a
        customer's booking is no closure: it is refused with the booking's name."""
        env = self.env
        if day in closed or env["sports.holiday"]._is_holiday(self.company_id, day):
            return True
        Booking = env["sports.booking"]
        space = env["sports.space"].browse(vals["space_id"])
        clashes = Booking._find_clashes(space, vals["start_at"], vals["end_at"])
        if not clashes:
            return False
        if all(booking.kind == "block" for booking in clashes):
            return True
        raise UserError(Booking._clash_message(space, clashes))
