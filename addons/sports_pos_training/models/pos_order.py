from odoo import models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL


class PosOrder(models.Model):
    _inherit = "pos.order"

    def _process_saved_order(self, draft):
        """Enrol the attendees of a paid order's course lines, and cancel the enrolments
        its refund lines give back. A course line that cannot enrol refuses the whole
        order with a message, so that nothing of it is written."""
        self.ensure_one()
        paying = not draft and self.state != "cancel"
        if paying:
            self._sports_training_refund()
        result = super()._process_saved_order(draft)
        if paying and self.state in ("paid", "done", "invoiced"):
            self._sports_training_enrol()
        return result

    def _sports_training_lines(self):
        self.lines._sports_training_resolve()
        return self.lines.filtered(lambda line: line.qty > 0 and line.sports_training_course_id)

    def _sports_training_enrol(self):
        """Enrol and confirm one attendee per course line, keyed by the line's uuid: a
        retried sync finds the enrolment and makes nothing twice."""
        lines = self._sports_training_lines()
        if not lines:
            return
        if not self.env.user.has_group("sports_venue.group_arena_user"):
            raise AccessError(
                self.env._(
                    "Only venue staff can enrol at the desk: ask a manager to add you to the "
                    "Arena user group."
                )
            )
        # Two syncs of one order at once: the second waits here, then finds the enrolments.
        self.env.cr.execute(
            SQL(
                "SELECT id FROM pos_order_line WHERE id IN %s ORDER BY id FOR UPDATE",
                tuple(lines.ids),
            )
        )
        # sudo: the cashier has no rights on enrolments; the course and the attendee are
        # checked against the desk and the order's customer before anything is written.
        Enrolment = self.env["sports.training.enrolment"].sudo()
        done = {
            enrolment.pos_line_uuid: enrolment
            for enrolment in Enrolment.search([("pos_line_uuid", "in", lines.mapped("uuid"))])
        }
        for line in lines:
            enrolment = done.get(line.uuid)
            if not enrolment:
                enrolment = self._sports_training_enrol_line(line)
            line.sports_training_enrolment_id = enrolment

    def _sports_training_enrol_line(self, line):
        course = line.sports_training_course_id.sudo()
        attendee = line.sports_training_partner_id or self.partner_id
        self.config_id._sports_training_check(course, attendee, self.partner_id)
        if line.qty != 1:
            raise UserError(
                self.env._(
                    "A course line enrols one attendee: set the quantity of %(course)s to 1.",
                    course=course.name,
                )
            )
        # sudo: see _sports_training_enrol; the enrolment is the desk's record of this sale.
        enrolment = course._enrol(attendee.sudo(), parent=self.partner_id.sudo(), channel="pos")
        if enrolment.state == "waitlist":
            raise UserError(
                self.env._(
                    "%(course)s is full: %(attendee)s would only join its waitlist. Remove "
                    "the line; the waitlist is joined without paying.",
                    course=course.name,
                    attendee=attendee.name,
                )
            )
        currency = self.currency_id
        if currency.compare_amounts(line.price_subtotal_incl, enrolment.amount):
            raise UserError(
                self.env._(
                    "Enrolling %(attendee)s in %(course)s costs %(amount)s, not %(price)s: "
                    "remove the line and enrol again.",
                    attendee=attendee.name,
                    course=course.name,
                    amount=currency.format(enrolment.amount),
                    price=currency.format(line.price_subtotal_incl),
                )
            )
        enrolment.write({"pos_line_uuid": line.uuid, "pos_order_line_id": line.id})
        if enrolment.state in ("draft", "pending"):
            enrolment.action_confirm()
        return enrolment

    def _sports_training_refund(self):
        """A refund line of a course line cancels its enrolment (its seat is freed and the
        waitlist promoted by ``action_cancel``); a cancelled one stays cancelled."""
        refunds = self.lines.filtered(
            lambda line: line.qty < 0 and line.refunded_orderline_id.sports_training_enrolment_id
        )
        if not refunds:
            return
        if not self.env.user.has_group("sports_venue.group_arena_user"):
            raise AccessError(self.env._("Only venue staff can refund an enrolment at the desk."))
        # sudo: the cashier refunds at the desk; the enrolments are those the refunded
        # lines of this desk's orders made.
        enrolments = refunds.refunded_orderline_id.sports_training_enrolment_id.sudo()
        live = enrolments.filtered(lambda e: e.state not in ("cancelled", "done"))
        if live:
            live.action_cancel()
