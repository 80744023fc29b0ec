from odoo import api, fields, models, tools


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

    @api.model_create_multi
    def create(self, vals_list):
        holidays = super().create(vals_list)
        self.env.registry.clear_cache()  # _holiday_dates
        return holidays

    def write(self, vals):
        res = super().write(vals)
        self.env.registry.clear_cache()  # _holiday_dates
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()  # _holiday_dates
        return res

    @api.model
    @tools.ormcache("company_id")
    def _holiday_dates(self, company_id):
        """The holidays of the company and of every company, as a set of dates: cached
        per worker for pricing, cleared by any change of a holiday."""
        # sudo: pricing runs for portal users too.
        holidays = self.sudo().search_fetch([("company_id", "in", (company_id, False))], ["date"])
        return frozenset(holidays.mapped("date"))

    def _is_holiday(self, company, day):
        return day in self._holiday_dates(company.id)
