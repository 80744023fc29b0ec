from datetime import timedelta

from psycopg2 import errors

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .sports_training_enrolment import PORTAL_HOLD, PROMOTION_HOLD


class SportsTrainingCourse(models.Model):
    """Enrolment and the waitlist: seats are taken and given back with guarded UPDATEs of
    ``seats_taken``, so that concurrent enrolments never overfill a course."""

    _inherit = "sports.training.course"  # pylint: disable=consider-merging-classes-inherited

    enrolment_count = fields.Integer(compute="_compute_enrolment_counts")
    waitlist_count = fields.Integer(compute="_compute_enrolment_counts")

    def _compute_enrolment_counts(self):
        groups = self.env["sports.training.enrolment"]._read_group(
            [("course_id", "in", self.ids), ("state", "not in", ("cancelled", "draft"))],
            ["course_id", "state"],
            ["__count"],
        )
        live, waiting = {}, {}
        for course, state, count in groups:
            if state == "waitlist":
                waiting[course.id] = count
            else:
                live[course.id] = live.get(course.id, 0) + count
        for course in self:
            course.enrolment_count = live.get(course.id, 0)
            course.waitlist_count = waiting.get(course.id, 0)

    # ------------------------------------------------------------------------------------
    # Seats
    # ------------------------------------------------------------------------------------
    def _take_seat(self):
        """Take one seat if one is free, in one guarded UPDATE. :returns: True if taken"""
        self.ensure_one()
        self.flush_recordset(["capacity"])
        self.env.cr.execute(
            SQL(
                "UPDATE sports_training_course SET seats_taken = seats_taken + 1 "
                "WHERE id = %s AND seats_taken < capacity RETURNING seats_taken",
                self.id,
            )
        )
        taken = bool(self.env.cr.fetchone())
        self.invalidate_recordset(["seats_taken", "seats_left"])
        return taken

    def _release_seat(self):
        """Give one seat back, never below zero."""
        self.ensure_one()
        self.env.cr.execute(
            SQL(
                "UPDATE sports_training_course SET seats_taken = seats_taken - 1 "
                "WHERE id = %s AND seats_taken > 0",
                self.id,
            )
        )
        self.invalidate_recordset(["seats_taken", "seats_left"])

    # ------------------------------------------------------------------------------------
    # Enrolment
    # ------------------------------------------------------------------------------------
    def _enrol_amount(self):
        """What one enrolment costs: the term price for a term course; for a per-session
        course, the price of each planned session that has not started yet (someone who
        enrols mid-term pays for the sessions left)."""
        self.ensure_one()
        if self.price_mode == "term":
            return self.price
        now = fields.Datetime.now()
        left = self.session_ids.filtered(lambda s: s.state == "planned" and s.start_at > now)
        if not left and self.price:
            raise UserError(
                self.env._("%(course)s has no sessions left to enrol in.", course=self.name)
            )
        return self.price * len(left)

    def _enrol_product(self):
        """The service product enrolments are sold with (made once when missing)."""
        self.ensure_one()
        if not self.product_id:
            # sudo: the product is technical; whoever opens the sale may need it created.
            product = (
                self.env["product.product"]
                .sudo()
                .create(
                    {
                        "name": self.name,
                        "type": "service",
                        "list_price": self.price,
                        "sale_ok": True,
                        "purchase_ok": False,
                        "company_id": self.company_id.id,
                        "categ_id": self.env.ref("sports_training.product_category_training").id,
                    }
                )
            )
            self.sudo().product_id = product
        return self.product_id

    def _check_enrol_age(self, partner):
        """Refuse an attendee outside the course's age range, on the term's first day."""
        self.ensure_one()
        if not (self.age_min or self.age_max):
            return
        age = partner._sports_age(self.date_start)
        if age is None:
            raise UserError(
                self.env._(
                    "%(course)s is for ages %(range)s: enter %(attendee)s's date of birth first.",
                    course=self.name,
                    range=self._age_range_label(),
                    attendee=partner.name,
                )
            )
        if age < self.age_min or (self.age_max and age > self.age_max):
            raise UserError(
                self.env._(
                    "%(attendee)s will be %(age)s when %(course)s starts, outside its age "
                    "range (%(range)s).",
                    attendee=partner.name,
                    age=age,
                    course=self.name,
                    range=self._age_range_label(),
                )
            )

    def _age_range_label(self):
        self.ensure_one()
        if self.age_max:
            return self.env._("%(min)s to %(max)s", min=self.age_min, max=self.age_max)
        return self.env._("%(min)s and over", min=self.age_min)

    def _enrol(self, partner, parent=None, channel="backend"):
        """Enrol ``partner`` (a member, or a child whose ``parent_id`` is ``parent``).

        A free seat is taken at once (one guarded UPDATE); a free course is then confirmed,
        a paid one waits for its payment (``pending``, ``amount`` from
        :meth:`_enrol_amount`). With no seat left the attendee goes on the waitlist.

        :param partner: the attendee (``res.partner``)
        :param parent: who enrols and pays (default: the attendee)
        :param channel: ``portal``, ``backend`` or ``pos``
        :returns: the new ``sports.training.enrolment``
        :raises UserError: a course not open for enrolment, an attendee outside the age
            range, an attendee already enrolled or waitlisted
        """
        self.ensure_one()
        partner = partner.exists() if partner else partner
        if not partner:
            raise UserError(self.env._("Choose who attends the course."))
        parent = parent or partner
        if self.state not in ("open", "running"):
            raise UserError(self.env._("%(course)s is not open for enrolment.", course=self.name))
        if self.date_end < fields.Date.context_today(self):
            raise UserError(self.env._("%(course)s has ended.", course=self.name))
        self._check_enrol_age(partner)
        Enrolment = self.env["sports.training.enrolment"]
        duplicate_message = self.env._(
            "%(attendee)s is already enrolled in (or waitlisted for) %(course)s.",
            attendee=partner.name,
            course=self.name,
        )
        if Enrolment.search_count(
            [
                ("course_id", "=", self.id),
                ("partner_id", "=", partner.id),
                ("state", "not in", ("cancelled", "done")),
            ]
        ):
            raise UserError(duplicate_message)
        amount = self._enrol_amount()
        now = fields.Datetime.now()
        try:
            with self.env.cr.savepoint():
                seated = self._take_seat()
                vals = {
                    "course_id": self.id,
                    "partner_id": partner.id,
                    "parent_partner_id": parent.id,
                    "channel": channel,
                    "amount": amount,
                }
                if not seated:
                    vals.update(state="waitlist", waitlist_at=now)
                elif not self.price:
                    vals.update(state="pending")
                else:
                    vals.update(
                        state="pending",
                        hold_expires_at=now + PORTAL_HOLD if channel == "portal" else False,
                    )
                enrolment = Enrolment.create(vals)
                enrolment.flush_recordset()
        except errors.UniqueViolation:
            # A concurrent enrolment of the same attendee committed first.
            raise UserError(duplicate_message) from None
        if seated and not self.price:
            enrolment.action_confirm()
        if not seated:
            enrolment.message_post(body=enrolment._waitlist_message())
        return enrolment

    # ------------------------------------------------------------------------------------
    # Waitlist
    # ------------------------------------------------------------------------------------
    def _promotion_open(self):
        """Whether a place may still be offered: the next session starts later than the
        company's cutoff (a course with no session planned yet is open)."""
        self.ensure_one()
        now = fields.Datetime.now()
        sessions = self.session_ids.filtered(lambda s: s.state == "planned")
        if not sessions:
            return self.date_end >= fields.Date.context_today(self)
        upcoming = sessions.filtered(lambda s: s.start_at > now).sorted("start_at")
        if not upcoming:
            return False
        cutoff = timedelta(hours=self.company_id.training_waitlist_cutoff_hours)
        return upcoming[0].start_at > now + cutoff

    def _promote_waitlist(self):
        """Offer the free seats to the waitlist, first come first served, until the cutoff
        before the next session. The course row is locked first, so two cancellations
        never promote the same attendee twice.

        :returns: the promoted enrolments
        """
        promoted = self.env["sports.training.enrolment"]
        for course in self.filtered(lambda c: c.state in ("open", "running")):
            self.env.cr.execute(
                SQL("SELECT id FROM sports_training_course WHERE id = %s FOR UPDATE", course.id)
            )
            course.invalidate_recordset(["seats_taken", "seats_left"])
            if not course._promotion_open():
                continue
            while True:
                self.env["sports.training.enrolment"].flush_model(["state", "waitlist_at"])
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM sports_training_enrolment "
                        "WHERE course_id = %s AND state = 'waitlist' "
                        "ORDER BY waitlist_at, id LIMIT 1 FOR UPDATE",
                        course.id,
                    )
                )
                row = self.env.cr.fetchone()
                if not row or not course._take_seat():
                    break
                enrolment = promoted.browse(row[0])
                enrolment.invalidate_recordset()
                now = fields.Datetime.now()
                try:
                    amount = course._enrol_amount()
                except UserError:
                    amount = enrolment.amount
                enrolment.write(
                    {
                        "state": "pending",
                        "promoted_at": now,
                        "amount": amount,
                        "hold_expires_at": now + PROMOTION_HOLD if course.price else False,
                    }
                )
                if course.price:
                    enrolment._make_order()
                else:
                    enrolment.action_confirm()
                enrolment._notify_promoted()
                promoted |= enrolment
        return promoted
