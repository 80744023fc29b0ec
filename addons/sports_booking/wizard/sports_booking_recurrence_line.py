from odoo import fields, models


class SportsBookingRecurrenceLine(models.TransientModel):
    _name = "sports.booking.recurrence.line"
    _description = "Recurring Booking Occurrence"
    _order = "date"

    wizard_id = fields.Many2one(
        comodel_name="sports.booking.recurrence", required=True, ondelete="cascade"
    )
    date = fields.Date(required=True)
    start_at = fields.Datetime(required=True)
    end_at = fields.Datetime(required=True)
    status = fields.Selection(
        [("free", "Free"), ("clash", "Already Booked"), ("invalid", "Not Bookable")],
        required=True,
    )
    reason = fields.Char()
    currency_id = fields.Many2one(related="wizard_id.space_id.company_id.currency_id")
    amount = fields.Monetary()
