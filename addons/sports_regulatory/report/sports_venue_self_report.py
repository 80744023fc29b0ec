from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..wizard.sports_regulatory_report import DUTY_FIELDS

# Summed over the year from sports.venue.stat.
YEAR_SUMS = (
    "open_hours",
    "public_benefit_hours",
    "entries",
    "unique_visitors",
    "public_benefit_visitors",
    "free_visitors",
    "low_fee_visitors",
    "student_visitors",
    "senior_visitors",
    "disabled_visitors",
    "event_count",
    "free_event_count",
    "training_visitors",
    "booking_count",
    "booked_hours",
    "revenue_total",
    "energy_kwh",
    "water_m3",
)


class SportsVenueSelfReport(models.AbstractModel):
    """The yearly venue self-report in the shape of the 2014 subsidy rules
    (财教〔2014〕54号): opening, visitors, free and low-fee access by group, events,
    training and the open-hours duties, from the daily statistics and the compliance row."""

    _name = "report.sports_regulatory.report_venue_self_report"
    _description = "Venue Self-report (Subsidy)"

    @api.model
    def _get_report_values(self, docids, data=None):
        venues = self.env["sports.venue"].browse(docids)
        venues.check_access("read")
        year = (data or {}).get("year") or fields.Date.context_today(self).year - 1
        try:
            year = int(year)
        except (TypeError, ValueError):
            year = 0
        if not 2000 <= year <= 2100:
            raise UserError(self.env._("Choose a year between 2000 and 2100 for the self-report."))
        return {
            "doc_ids": venues.ids,
            "doc_model": "sports.venue",
            "docs": venues,
            "year": year,
            "reports": {venue.id: values for venue, values in self._self_report(venues, year)},
        }

    @api.model
    def _self_report(self, venues, year):
        """[(venue, values)]: the year's sums, open days and compliance of each venue."""
        period = [
            ("venue_id", "in", venues.ids),
            ("date", ">=", date(year, 1, 1)),
            ("date", "<=", date(year, 12, 31)),
        ]
        Stat = self.env["sports.venue.stat"]
        sums = {
            venue: dict(zip(YEAR_SUMS, values, strict=True))
            for venue, *values in Stat._read_group(
                period, ["venue_id"], [f"{name}:sum" for name in YEAR_SUMS]
            )
        }
        open_days = dict(
            Stat._read_group(period + [("is_open", "=", True)], ["venue_id"], ["__count"])
        )
        compliance = {
            row.venue_id: row
            for row in self.env["sports.compliance"].search(
                [("venue_id", "in", venues.ids), ("year", "=", year)]
            )
        }
        Compliance = self.env["sports.compliance"]
        states = dict(Compliance._fields["state"]._description_selection(self.env))
        result = []
        for venue in venues:
            values = {name: 0 for name in YEAR_SUMS}
            values.update({k: v or 0 for k, v in sums.get(venue, {}).items()})
            values["open_days"] = open_days.get(venue, 0)
            values["weekly_hours"] = values["open_hours"] / 52.0
            row = compliance.get(venue, Compliance)
            values["compliance"] = row
            values["duties"] = [
                (
                    Compliance._fields[duty]._description_string(self.env),
                    states.get(row[duty], "") if row else "",
                )
                for duty in DUTY_FIELDS
            ]
            values["overall"] = states.get(row.state, "") if row else ""
            result.append((venue, values))
        return result
