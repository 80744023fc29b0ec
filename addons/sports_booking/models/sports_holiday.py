from odoo import fields, models


class SportsHoliday(models.Model):
    """A public holiday: holiday prices apply and weekday/weekend prices do not."""

    _name = "sports.holiday"
    _description = "Public Holiday (pricing)"
    _order = "date desc"

    name = fields.Char(required=True, translate=True)
    date = fields.Date(required=True, index=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        index=True,
        help="Leave empty for a holiday of every company.",
    )

    _date_company_unique = models.Constraint(
        "UNIQUE NULLS NOT DISTINCT (date, company_id)", "This date is already a holiday."
    )

    def _is_holiday(self, company, day):
        return bool(
            self.sudo().search_count(  # sudo: pricing runs for portal users too
                [("date", "=", day), ("company_id", "in", (company.id, False))], limit=1
            )
        )
