import uuid
from datetime import datetime, timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]


class SportsBookingRecurrence(models.TransientModel):
    """Weekly bookings for clubs and schools: preview every date, then book the free ones."""

    _name = "sports.booking.recurrence"
    _description = "Recurring Booking Wizard"

    space_id = fields.Many2one(comodel_name="sports.space", required=True)
    partner_id = fields.Many2one(comodel_name="res.partner", string="Customer", required=True)
    weekday = fields.Selection(WEEKDAYS, required=True, default="0")
    first_date = fields.Date(required=True, default=fields.Date.context_today)
    time_from = fields.Float(string="From", required=True, default=18.0, help="Local time.")
    time_to = fields.Float(string="To", required=True, default=20.0, help="Local time.")
    end_mode = fields.Selection(
        [("count", "Number of weeks"), ("until", "Until a date")], required=True, default="count"
    )
    weeks = fields.Integer(default=8)
    until_date = fields.Date()
    line_ids = fields.One2many(
        comodel_name="sports.booking.recurrence.line", inverse_name="wizard_id"
    )
    clash_count = fields.Integer(compute="_compute_counts")
    free_count = fields.Integer(compute="_compute_counts")
    notes = fields.Text()

    @api.depends("line_ids.status")
    def _compute_counts(self):
        for wizard in self:
            wizard.clash_count = len(wizard.line_ids.filtered(lambda ln: ln.status != "free"))
            wizard.free_count = len(wizard.line_ids.filtered(lambda ln: ln.status == "free"))

    def _occurrence_dates(self):
        self.ensure_one()
        if self.time_to <= self.time_from:
            raise ValidationError(_("The booking must end after it starts."))
        first = self.first_date + timedelta(
            days=(int(self.weekday) - self.first_date.weekday()) % 7
        )
        if self.end_mode == "count":
            if not 1 <= self.weeks <= 104:
                raise ValidationError(_("Book between 1 and 104 weeks at a time."))
            return [first + timedelta(weeks=i) for i in range(self.weeks)]
        if not self.until_date or self.until_date < first:
            raise ValidationError(_("Choose an end date after the first occurrence."))
        count = (self.until_date - first).days // 7 + 1
        if count > 104:
            raise ValidationError(_("Book between 1 and 104 weeks at a time."))
        return [first + timedelta(weeks=i) for i in range(count)]

    def _utc_range(self, day):
        venue = self.space_id.venue_id

        def at(hours):
            return venue._to_utc(
                datetime.combine(day, datetime.min.time()) + timedelta(hours=hours)
            )

        return at(self.time_from), at(self.time_to)

    def action_preview(self):
        """Check every occurrence and list it as free or with the reason it cannot be booked."""
        self.ensure_one()
        self.check_access("write")
        Booking = self.env["sports.booking"]
        lines = [fields.Command.clear()]
        for day in self._occurrence_dates():
            start, end = self._utc_range(day)
            status, reason, amount = "free", False, 0.0
            try:
                Booking._check_rules(self.space_id, start, end, self.partner_id, "backend")
                amount = self.env["sports.price.rule"]._compute_price(
                    self.space_id, start, end, self.partner_id
                )
            except (ValidationError, UserError) as exc:
                clashes = Booking._find_clashes(self.space_id, start, end)
                status = "clash" if clashes else "invalid"
                reason = exc.args[0]
            lines.append(
                fields.Command.create(
                    {
                        "date": day,
                        "start_at": start,
                        "end_at": end,
                        "status": status,
                        "reason": reason,
                        "amount": amount,
                    }
                )
            )
        self.line_ids = lines
        return self._reopen()

    def action_confirm(self):
        """Book every free occurrence; clashing dates are skipped and listed on the bookings."""
        self.ensure_one()
        self.env["sports.booking"].check_access("create")
        if not self.line_ids:
            self.action_preview()
        free = self.line_ids.filtered(lambda ln: ln.status == "free")
        if not free:
            raise UserError(_("No date is free: nothing to book."))
        key = uuid.uuid4().hex
        skipped = ", ".join(
            str(d) for d in self.line_ids.filtered(lambda ln: ln.status != "free").mapped("date")
        )
        bookings = self.env["sports.booking"]
        for line in free:
            bookings |= self.env["sports.booking"].book(
                self.space_id.id,
                line.start_at,
                line.end_at,
                self.partner_id.id,
                "backend",
                notes=self.notes,
            )
        bookings.write({"recurrence_key": key})
        if skipped:
            for booking in bookings:
                booking.message_post(
                    body=_("Recurring booking: dates not booked: %(dates)s", dates=skipped)
                )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sports_booking.sports_booking_action"
        )
        action.update(
            {
                "domain": [("recurrence_key", "=", key)],
                "view_mode": "list,form",
                "views": [(False, "list"), (False, "form")],
            }
        )
        return action

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": _("Recurring Booking"),
        }
