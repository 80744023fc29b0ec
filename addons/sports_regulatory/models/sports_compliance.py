from odoo import fields, models

DUTY_STATES = [("ok", "Met"), ("warning", "At risk"), ("breach", "Missed")]


class SportsCompliance(models.Model):
    """A venue's open-hours duties for one year (大型体育场馆免费低收费开放), checked
    against its daily statistics and closures. One row per venue and year, recomputed."""

    _name = "sports.compliance"
    _description = "Open-hours Compliance"
    _order = "year desc, venue_id"
    _rec_name = "venue_id"

    venue_id = fields.Many2one(
        comodel_name="sports.venue", required=True, readonly=True, index=True
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, index=True
    )
    region_id = fields.Many2one(comodel_name="sports.region", readonly=True, index=True)
    year = fields.Integer(required=True, readonly=True)
    as_of = fields.Date(readonly=True, help="The last day counted.")
    # What was measured.
    open_days = fields.Integer(readonly=True)
    min_weekly_hours = fields.Float(readonly=True, digits=(6, 2))
    min_holiday_hours = fields.Float(readonly=True, digits=(6, 2))
    min_outdoor_free_hours = fields.Float(readonly=True, digits=(6, 2))
    fitness_day_free = fields.Boolean(string="Free on 8 August", readonly=True)
    late_closures = fields.Integer(
        string="Closures Announced Late", readonly=True, help="Announced less than 7 days ahead."
    )
    # One state per duty.
    weekly_hours_state = fields.Selection(DUTY_STATES, string="35 h a Week", readonly=True)
    open_days_state = fields.Selection(DUTY_STATES, string="330 Days a Year", readonly=True)
    holiday_hours_state = fields.Selection(
        DUTY_STATES, string="8 h on Public Holidays", readonly=True
    )
    outdoor_free_state = fields.Selection(
        DUTY_STATES, string="Outdoor Free 12 h a Day", readonly=True
    )
    fitness_day_state = fields.Selection(DUTY_STATES, string="Free on Fitness Day", readonly=True)
    closure_notice_state = fields.Selection(
        DUTY_STATES, string="Closures Announced 7 Days Ahead", readonly=True
    )
    state = fields.Selection(DUTY_STATES, string="Overall", readonly=True, index=True)
    warning_message = fields.Text(readonly=True)
    computed_at = fields.Datetime(readonly=True)

    _venue_year_unique = models.Constraint(
        "UNIQUE(venue_id, year)", "One compliance row per venue and year."
    )
