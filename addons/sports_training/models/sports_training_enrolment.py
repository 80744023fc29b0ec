from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

ENROLMENT_STATES = [
    ("draft", "Draft"),
    ("pending", "Awaiting Payment"),
    ("confirmed", "Confirmed"),
    ("waitlist", "Waitlisted"),
    ("done", "Completed"),
    ("cancelled", "Cancelled"),
]
# States that hold one of the course's seats (counted in seats_taken).
SEAT_STATES = ("pending", "confirmed")
# How long an unpaid enrolment keeps its seat: a portal checkout (like a portal booking's
# hold), and a place offered from the waitlist (the parent is told by mail).
PORTAL_HOLD = timedelta(minutes=30)
PROMOTION_HOLD = timedelta(hours=24)


class SportsTrainingEnrolment(models.Model):
    """One attendee (a member, or a parent's child) in one course. A confirmed enrolment
    expects its attendee at each of the course's sessions (``sports.training.attendance``
    rows, each with its gate pass)."""

    _name = "sports.training.enrolment"
    _description = "Training Enrolment"
    _inherit = ["mail.thread", "portal.mixin"]
    _order = "create_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(readonly=True, copy=False, default="/", index=True)
    course_id = fields.Many2one(
        comodel_name="sports.training.course",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(related="course_id.company_id", store=True, index=True)
    venue_id = fields.Many2one(related="course_id.venue_id", store=True)
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Attendee",
        required=True,
        index=True,
        help="Who attends: the member, or a child (a contact under the parent).",
    )
    parent_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Enrolled By",
        index=True,
        help="The parent or member who enrolled and pays; the attendee's parent for a child.",
    )
    state = fields.Selection(
        ENROLMENT_STATES, required=True, default="draft", index=True, tracking=True, copy=False
    )
    channel = fields.Selection(
        [("portal", "Portal"), ("backend", "Backend"), ("pos", "Point of Sale")],
        required=True,
        default="backend",
    )
    waitlist_at = fields.Datetime(
        readonly=True, copy=False, index=True, help="Waitlist order: first come, first promoted."
    )
    promoted_at = fields.Datetime(readonly=True, copy=False)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(readonly=True, help="What the enrolment costs, from the course.")
    sale_line_id = fields.Many2one(
        comodel_name="sale.order.line", readonly=True, copy=False, index="btree_not_null"
    )
    sale_order_id = fields.Many2one(related="sale_line_id.order_id", store=True)
    hold_expires_at = fields.Datetime(
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="An unpaid enrolment gives its seat back at this time.",
    )
    waitlist_position = fields.Integer(compute="_compute_waitlist_position")
    next_session_at = fields.Datetime(string="Next Session", compute="_compute_next_session_at")
    attendance_ids = fields.One2many(
        comodel_name="sports.training.attendance", inverse_name="enrolment_id"
    )
    attended_count = fields.Integer(compute="_compute_attendance_counts")
    missed_count = fields.Integer(compute="_compute_attendance_counts")

    _one_live_enrolment = models.UniqueIndex(
        "(course_id, partner_id) WHERE state NOT IN ('cancelled', 'done')",
        "This attendee is already enrolled in (or waitlisted for) this course.",
    )

    def _compute_attendance_counts(self):
        groups = self.env["sports.training.attendance"]._read_group(
            [("enrolment_id", "in", self.ids), ("state", "in", ("present", "absent"))],
            ["enrolment_id", "state"],
            ["__count"],
        )
        counts = {(enrolment.id, state): count for enrolment, state, count in groups}
        for enrolment in self:
            enrolment.attended_count = counts.get((enrolment.id, "present"), 0)
            enrolment.missed_count = counts.get((enrolment.id, "absent"), 0)

    def _compute_next_session_at(self):
        now = fields.Datetime.now()
        for enrolment in self:
            starts = enrolment.attendance_ids.filtered(
                lambda a: a.state == "expected" and a.session_start and a.session_start > now
            ).mapped("session_start")
            enrolment.next_session_at = min(starts) if starts else False

    @api.depends("state", "waitlist_at", "course_id.enrolment_ids.state")
    def _compute_waitlist_position(self):
        waiting = self.filtered(lambda e: e.state == "waitlist" and e.id)
        ranks = {}
        if waiting:
            self.flush_model(["course_id", "state", "waitlist_at"])
            self.env.cr.execute(
                SQL(
                    "SELECT id, row_number() OVER (PARTITION BY course_id "
                    "ORDER BY waitlist_at, id) FROM sports_training_enrolment "
                    "WHERE state = 'waitlist' AND course_id IN %s",
                    tuple(waiting.course_id.ids),
                )
            )
            ranks = dict(self.env.cr.fetchall())
        for enrolment in self:
            enrolment.waitlist_position = ranks.get(enrolment.id, 0)

    def _waitlist_rank(self):
        """1 for the first on the course's waitlist; 0 when not waitlisted."""
        self.ensure_one()
        self.invalidate_recordset(["waitlist_position"])
        return self.waitlist_position

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                # sudo: the sequence is technical; portal and desk enrolments number too.
                vals["name"] = (
                    self.env["ir.sequence"].sudo().next_by_code("sports.training.enrolment") or "/"
                )
        return super().create(vals_list)

    # ------------------------------------------------------------------------------------
    # Seats of the course
    # ------------------------------------------------------------------------------------
    def _lock_rows(self):
        """Lock these enrolments and return ``{id: state}`` as committed: two cancellations
        of one enrolment never free its seat twice."""
        if not self:
            return {}
        self.flush_model(["state"])
        self.env.cr.execute(
            SQL(
                "SELECT id, state FROM sports_training_enrolment WHERE id IN %s "
                "ORDER BY id FOR UPDATE",
                tuple(self.ids),
            )
        )
        states = dict(self.env.cr.fetchall())
        self.invalidate_recordset(["state"])
        return states

    def action_confirm(self):
        """Confirm: the seat is kept (taken now for a draft or waitlisted enrolment when
        one is free) and the attendee expects a place in each planned session."""
        self.check_access("write")
        states = self._lock_rows()
        for enrolment in self:
            state = states.get(enrolment.id)
            if state == "confirmed":
                continue
            if state not in ("draft", "pending", "waitlist"):
                raise UserError(
                    self.env._(
                        "Enrolment %(name)s is %(state)s and cannot be confirmed.",
                        name=enrolment.name,
                        state=dict(ENROLMENT_STATES)[state],
                    )
                )
            if state != "pending" and not enrolment.course_id._take_seat():
                raise UserError(
                    self.env._(
                        "%(course)s is full: cancel another enrolment first, or leave "
                        "%(attendee)s on the waitlist.",
                        course=enrolment.course_id.name,
                        attendee=enrolment.partner_id.name,
                    )
                )
            enrolment.write({"state": "confirmed", "hold_expires_at": False})
        self._create_seats()
        return True

    def action_cancel(self):
        """Cancel: the seat goes back to the course (one guarded decrement per enrolment
        that held one), the future expected seats are cancelled, an unpaid order is
        cancelled, and the course's waitlist is promoted."""
        self.check_access("write")
        states = self._lock_rows()
        live = self.filtered(lambda e: states.get(e.id) not in ("cancelled", "done"))
        if not live:
            return True
        held = live.filtered(lambda e: states[e.id] in SEAT_STATES)
        live.write({"state": "cancelled", "hold_expires_at": False})
        for enrolment in held:
            enrolment.course_id._release_seat()
        now = fields.Datetime.now()
        live.attendance_ids.filtered(
            lambda a: a.state == "expected" and a.session_id.start_at > now
        ).write({"state": "cancelled"})
        # sudo: an unpaid order goes with the enrolment whoever cancels it (the parent on
        # the portal may not write orders); a paid one stays for the refund.
        orders = live.sudo().sale_order_id.filtered(lambda o: o.state in ("draft", "sent"))
        if orders:
            orders.with_context(sports_training_enrolment_cancel=True)._action_cancel()
        live.course_id._promote_waitlist()
        return True

    def _create_seats(self, sessions=None):
        """One expected seat per planned future session (of ``sessions``, default all of
        the course's) for each confirmed enrolment; existing seats are kept.

        :returns: the new ``sports.training.attendance`` rows
        """
        Attendance = self.env["sports.training.attendance"]
        now = fields.Datetime.now()
        vals_list = []
        for enrolment in self.filtered(lambda e: e.state == "confirmed"):
            candidates = enrolment.course_id.session_ids if sessions is None else sessions
            candidates = candidates.filtered(
                lambda s, e=enrolment: (
                    s.course_id == e.course_id and s.state == "planned" and s.start_at > now
                )
            )
            taken = enrolment.attendance_ids.filtered(lambda a: a.state != "cancelled").session_id
            vals_list += [
                {"session_id": session.id, "enrolment_id": enrolment.id}
                for session in candidates - taken
            ]
        return Attendance.create(vals_list) if vals_list else Attendance

    # ------------------------------------------------------------------------------------
    # Payment
    # ------------------------------------------------------------------------------------
    def _make_order(self):
        """The prepaid sale order of this pending enrolment, for the parent who pays.

        :returns: the order, in sudo mode like the portal page that takes the payment
        """
        self.ensure_one()
        if self.sale_line_id:
            return self.sudo().sale_order_id
        course = self.course_id
        payer = self.parent_partner_id or self.partner_id
        order = self.env["sale.order"]._arena_prepaid_order(
            payer,
            course.company_id,
            self.name,
            [
                {
                    "product_id": course._enrol_product().id,
                    "name": self.env._(
                        "%(course)s: %(attendee)s",
                        course=course.display_name,
                        attendee=self.partner_id.name,
                    ),
                    "product_uom_qty": 1,
                    "price_unit": self.amount,
                }
            ],
        )
        # sudo: the order is the system's (see _arena_prepaid_order); the link is technical.
        self.sudo().sale_line_id = order.order_line[:1]
        return order

    def _confirm_paid(self):
        """The order of these enrolments is paid: confirm them. One whose hold ran out
        before the payment came gets its seat back when one is still free; otherwise its
        order says to refund."""
        for enrolment in self:
            if enrolment.state in ("pending", "draft"):
                enrolment.action_confirm()
            elif enrolment.state in ("cancelled", "waitlist"):
                try:
                    with self.env.cr.savepoint():
                        enrolment._revive_paid()
                except UserError:
                    enrolment.sale_order_id.message_post(
                        body=self.env._(
                            "Enrolment %(name)s was paid after its place had gone: refund "
                            "%(amount)s to the customer.",
                            name=enrolment.name,
                            amount=enrolment.amount,
                        )
                    )

    def _revive_paid(self):
        self.ensure_one()
        duplicate = self.search_count(
            [
                ("course_id", "=", self.course_id.id),
                ("partner_id", "=", self.partner_id.id),
                ("state", "not in", ("cancelled", "done")),
                ("id", "!=", self.id),
            ]
        )
        if duplicate or not self.course_id._take_seat():
            raise UserError(self.env._("The place is gone."))
        self.write({"state": "pending"})
        self.action_confirm()

    @api.model
    def _cron_expire_pending(self):
        """Unpaid enrolments past their hold give their seat back (a payment under way
        keeps the hold)."""
        expired = self.search(
            [("state", "=", "pending"), ("hold_expires_at", "<", fields.Datetime.now())]
        )
        # sudo: the cron reads the orders' transactions whatever its user.
        expired = expired.filtered(
            lambda e: (
                not e.sudo().sale_order_id.transaction_ids.filtered(
                    lambda t: t.state in ("pending", "authorized", "done")
                )
            )
        )
        for enrolment in expired:
            enrolment.action_cancel()
            enrolment.message_post(body=self.env._("Not paid in time: the place was given back."))
        return True

    def _waitlist_message(self):
        self.ensure_one()
        return self.env._(
            "%(course)s is full: %(attendee)s is number %(position)s on the waitlist. We "
            "write as soon as a place comes free.",
            course=self.course_id.name,
            attendee=self.partner_id.name,
            position=self._waitlist_rank(),
        )

    def _notify_promoted(self):
        """Tell the parent (or the member) that a place came free."""
        for enrolment in self:
            recipient = enrolment.parent_partner_id or enrolment.partner_id
            if enrolment.state == "pending":
                body = self.env._(
                    "A place came free in %(course)s: %(attendee)s moves up from the "
                    "waitlist. Pay %(amount)s %(currency)s before %(deadline)s to keep it: "
                    "%(url)s",
                    course=enrolment.course_id.name,
                    attendee=enrolment.partner_id.name,
                    amount=enrolment.amount,
                    currency=enrolment.currency_id.name or "",
                    deadline=fields.Datetime.to_string(enrolment.hold_expires_at),
                    url=enrolment.sudo().sale_order_id.get_portal_url(),
                )
            else:
                body = self.env._(
                    "A place came free in %(course)s: %(attendee)s is enrolled.",
                    course=enrolment.course_id.name,
                    attendee=enrolment.partner_id.name,
                )
            enrolment.message_post(
                body=body,
                partner_ids=recipient.ids,
                subtype_xmlid="mail.mt_comment",
                message_type="comment",
            )

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for enrolment in self:
            enrolment.access_url = f"/my/training/{enrolment.id}"
        return result
