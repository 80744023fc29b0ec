from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.sports_venue.models.res_company import BUREAU_ROLES

# The duties of sports.compliance, in the report's column order.
DUTY_FIELDS = (
    "weekly_hours_state",
    "open_days_state",
    "holiday_hours_state",
    "outdoor_free_state",
    "fitness_day_state",
    "closure_notice_state",
)
# The worst of several years wins.
DUTY_RANK = {"ok": 0, "warning": 1, "breach": 2}
# Summed from sports.venue.stat per venue (open_days counts the open days).
SUM_FIELDS = (
    "open_hours",
    "public_benefit_hours",
    "entries",
    "free_visitors",
    "low_fee_visitors",
    "student_visitors",
    "senior_visitors",
    "disabled_visitors",
    "event_count",
    "free_event_count",
    "training_visitors",
)
NUMBER_KEYS = ("open_days",) + SUM_FIELDS


class SportsRegulatoryReport(models.TransientModel):
    """The subsidy application (大型体育场馆免费低收费开放补助) of a bureau's region or an
    operator's venues for a period, as XLSX or PDF. One row per venue, subtotals per
    district and city, a grand total. The rows are what the user may read."""

    _name = "sports.regulatory.report"
    _description = "Subsidy Report"

    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Bureau or Operator",
        required=True,
        default=lambda self: self.env.company,
        help="A bureau reports every venue below it; an operator reports its own venues.",
    )
    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: date(fields.Date.context_today(self).year - 1, 1, 1),
    )
    date_to = fields.Date(
        string="To",
        required=True,
        default=lambda self: date(fields.Date.context_today(self).year - 1, 12, 31),
    )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(
                    self.env._("The report's start date must not be after its end date.")
                )

    @api.constrains("company_id")
    def _check_company(self):
        for wizard in self:
            if wizard.company_id not in self.env.user.company_ids:
                raise ValidationError(
                    self.env._(
                        "You may not report on %(company)s: choose your bureau or one of "
                        "your companies.",
                        company=wizard.company_id.name,
                    )
                )

    def action_export_xlsx(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/sports_regulatory/report/{self.id}/xlsx",
            "target": "download",
        }

    def action_print_pdf(self):
        self.ensure_one()
        return self.env.ref("sports_regulatory.sports_regulatory_report_pdf").report_action(self)

    # ------------------------------------------------------------------ data
    def _report_companies(self):
        """A bureau and every company below it, or an operator alone."""
        self.ensure_one()
        company = self.company_id
        if company.arena_role in BUREAU_ROLES:
            return company | company._bureau_descendants()
        return company

    def _report_columns(self):
        """(key, header) of the report's columns, in the user's language."""
        _ = self.env._
        compliance = self.env["sports.compliance"]._fields
        return [
            ("venue", _("Venue")),
            ("region_code", _("Region Code")),
            ("open_days", _("Open Days")),
            ("open_hours", _("Open Hours")),
            ("public_benefit_hours", _("Public-benefit Hours")),
            ("entries", _("Visitors (人次)")),
            ("free_visitors", _("Free Visitors")),
            ("low_fee_visitors", _("Low-fee Visitors")),
            ("student_visitors", _("Students")),
            ("senior_visitors", _("Seniors")),
            ("disabled_visitors", _("People with Disabilities")),
            ("event_count", _("Events")),
            ("free_event_count", _("Free Events")),
            ("training_visitors", _("Training and Fitness Guidance (人次)")),
        ] + [(duty, compliance[duty]._description_string(self.env)) for duty in DUTY_FIELDS]

    def _report_data(self):
        """The report's content: ``{"columns", "cities": [{"name", "code", "label",
        "districts": [{"name", "code", "label", "rows", "totals"}], "totals"}], "totals",
        "total_label", "missing_region"}`` (labels name the subtotal rows).
        Rows are dicts keyed by the column keys; numbers are summed over the period."""
        self.ensure_one()
        _ = self.env._
        venues = self.env["sports.venue"].search(
            [("company_id", "in", self._report_companies().ids)], order="name, id"
        )
        period = [
            ("venue_id", "in", venues.ids),
            ("date", ">=", self.date_from),
            ("date", "<=", self.date_to),
        ]
        Stat = self.env["sports.venue.stat"]
        sums = {
            venue: values
            for venue, *values in Stat._read_group(
                period, ["venue_id"], [f"{name}:sum" for name in SUM_FIELDS]
            )
        }
        open_days = dict(Stat._read_group(period + [("is_open", "=", True)], ["venue_id"], ["__count"]))
        duties = self._report_duties(venues)
        states = dict(
            self.env["sports.compliance"]._fields["state"]._description_selection(self.env)
        )

        cities = {}
        for venue in venues:
            row = {"venue": venue.name, "region_code": venue.region_id.code or ""}
            row["open_days"] = open_days.get(venue, 0)
            for name, value in zip(SUM_FIELDS, sums.get(venue, [0] * len(SUM_FIELDS))):
                row[name] = value or 0
            for duty in DUTY_FIELDS:
                row[duty] = states.get(duties.get((venue.id, duty)), "")
            district, city = self._report_district_city(venue.region_id)
            city_group = cities.setdefault(
                city.id, {"name": city.name or "", "code": city.code or "", "districts": {}}
            )
            city_group["districts"].setdefault(
                district.id, {"name": district.name or "", "code": district.code or "", "rows": []}
            )["rows"].append(row)

        result = []
        for city_group in sorted(cities.values(), key=lambda c: (not c["code"], c["code"])):
            districts = sorted(
                city_group["districts"].values(), key=lambda d: (not d["code"], d["code"])
            )
            for district in districts:
                district["totals"] = _totals(district["rows"])
                district["label"] = (
                    _("Subtotal %(district)s", district=district["name"])
                    if district["code"]
                    else _("Subtotal: no district")
                )
            city_group["districts"] = districts
            city_group["totals"] = _totals([d["totals"] for d in districts])
            city_group["label"] = (
                _("Subtotal %(city)s", city=city_group["name"])
                if city_group["code"]
                else _("Subtotal: no city")
            )
            result.append(city_group)
        return {
            "total_label": _("Total"),
            "columns": self._report_columns(),
            "cities": result,
            "totals": _totals([c["totals"] for c in result]),
            "missing_region": venues.filtered(lambda v: not v.region_id).mapped("name"),
        }

    def _report_duties(self, venues):
        """{(venue id, duty field): worst state} over the period's years."""
        rows = self.env["sports.compliance"].search_fetch(
            [
                ("venue_id", "in", venues.ids),
                ("year", ">=", self.date_from.year),
                ("year", "<=", self.date_to.year),
            ],
            ["venue_id", *DUTY_FIELDS],
        )
        worst = {}
        for row in rows:
            for duty in DUTY_FIELDS:
                state = row[duty]
                key = (row.venue_id.id, duty)
                if state and DUTY_RANK[state] >= DUTY_RANK.get(worst.get(key), -1):
                    worst[key] = state
        return worst

    def _report_district_city(self, region):
        """The district and city a venue's region lies in (either may be empty)."""
        district = region if region.level == "district" else region.browse()
        city = region if region.level == "city" else district.parent_id
        return district, city.filtered(lambda r: r.level == "city")


def _totals(rows):
    return {key: sum(row[key] for row in rows) for key in NUMBER_KEYS}
