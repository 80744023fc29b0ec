"""Open-hours compliance of subsidised venues (大型体育场馆免费低收费开放), per venue and year.

The duties and how each is judged (``_compute_years``; ``as_of`` is the last day counted):

- 35 h a week: ISO weeks. A week that straddles New Year belongs to the year of its
  Thursday (its ISO week-year), so year Y judges ISO weeks 1..52/53 of Y, which may start on
  29 December of Y-1 and end on 3 January of Y+1. Every complete week must have at least
  35 open hours (``open_hours`` of the daily statistics; a day without statistics counts 0).
  Warning: the running week's hours so far plus the hours its opening hours still give
  (weekly hours less closures) stay below 35, or next week's opening hours give less than 35.
- 330 open days a year (``is_open``), calendar year. Breach: the open days so far plus the
  days still open in the venue's opening hours to 31 December cannot reach 330. Warning:
  they reach it with fewer than ``OPEN_DAYS_MARGIN`` days to spare.
- 8 h on each public holiday (``is_holiday`` of the statistics). Warning: a public holiday
  (``sports.holiday``) in the next 14 days for which the opening hours give less than 8 h.
- Outdoor areas free 12 h a day, only for venues with an active outdoor area: on every open
  day ``outdoor_free_hours`` is at least 12. Warning: an open day in the next 7 days with
  less than 12 opening hours.
- Free on 8 August (National Fitness Day): the venue was open that day and sold no entry
  ticket (``revenue_ticket`` is 0). Warning: 8 August is within 14 days and the opening hours
  keep the venue closed that day.
- Closures announced 7 days ahead: every closure of the venue (a leave of its calendar, or
  of its company with no calendar) starting in the year. Breach: announced less than 7 days
  before its start, or not recorded as announced when it starts in less than 7 days.
  Warning: not yet recorded as announced, but it starts 7 days or more after ``as_of``.

The first warning or breach of each duty schedules one mail activity for the venue's
manager; the duty is remembered (``notified_duties``) so that later nights do not repeat it.
"""

from collections import defaultdict
from datetime import date, datetime, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

DUTY_STATES = [("ok", "Met"), ("warning", "At risk"), ("breach", "Missed")]
STATE_RANK = {False: -1, "ok": 0, "warning": 1, "breach": 2}

MIN_WEEKLY_HOURS = 35.0
MIN_OPEN_DAYS = 330
MIN_HOLIDAY_HOURS = 8.0
MIN_OUTDOOR_FREE_HOURS = 12.0
CLOSURE_NOTICE_DAYS = 7
FITNESS_DAY = (8, 8)  # 8 August, 全民健身日
OPEN_DAYS_MARGIN = 5  # warn when 330 open days can be reached with fewer days to spare
HOLIDAY_LOOKAHEAD = 14
OUTDOOR_LOOKAHEAD = 7
FITNESS_DAY_LOOKAHEAD = 14
DUTIES = (
    "weekly_hours",
    "open_days",
    "holiday_hours",
    "outdoor_free",
    "fitness_day",
    "closure_notice",
)


class SportsCompliance(models.Model):
    """A venue's open-hours duties for one year (大型体育场馆免费低收费开放), checked
    against its daily statistics and closures. One row per venue and year, recomputed."""

    _name = "sports.compliance"
    _description = "Open-hours Compliance"
    _inherit = ["mail.thread", "mail.activity.mixin"]
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
        DUTY_STATES,
        string="Outdoor Free 12 h a Day",
        readonly=True,
        help="Empty for a venue without outdoor areas.",
    )
    fitness_day_state = fields.Selection(DUTY_STATES, string="Free on Fitness Day", readonly=True)
    closure_notice_state = fields.Selection(
        DUTY_STATES, string="Closures Announced 7 Days Ahead", readonly=True
    )
    state = fields.Selection(DUTY_STATES, string="Overall", readonly=True, index=True)
    warning_message = fields.Text(readonly=True)
    notified_duties = fields.Char(
        readonly=True,
        help="The duty states (duty:state) the venue's manager was already told about this "
        "year, so that each is told once.",
    )
    computed_at = fields.Datetime(readonly=True)

    _venue_year_unique = models.Constraint(
        "UNIQUE(venue_id, year)", "One compliance row per venue and year."
    )

    # ------------------------------------------------------------------------------------
    # Computation
    # ------------------------------------------------------------------------------------
    @api.model
    def _compute_years(self, year, venues=None, as_of=None):
        """Recompute the compliance rows of ``year`` for ``venues`` (default: every active
        venue), counting days up to ``as_of`` (default: today). Idempotent: one row per
        venue and year is created or rewritten. Returns the rows."""
        year = int(year)
        first, last = date(year, 1, 1), date(year, 12, 31)
        week_first = date.fromisocalendar(year, 1, 1)
        week_last = date.fromisocalendar(year, date(year, 12, 28).isocalendar()[1], 7)
        as_of = as_of or fields.Date.context_today(self)
        if isinstance(as_of, datetime):
            as_of = as_of.date()
        if as_of < week_first and as_of < first:
            raise UserError(
                self.env._(
                    "Compliance for %(year)s cannot be computed as of %(day)s: the year has "
                    "not started yet.",
                    year=year,
                    day=as_of,
                )
            )
        if venues is None:
            venues = self.env["sports.venue"].search([])
        if not venues:
            return self.browse()
        day_as_of = min(as_of, last)
        week_as_of = min(as_of, week_last)
        rows = self._sports_fetch_stats(venues, min(first, week_first), max(day_as_of, week_as_of))
        closures = self._sports_fetch_closures(venues, year)
        holidays = self._sports_fetch_holidays(venues, as_of, as_of + timedelta(HOLIDAY_LOOKAHEAD))
        outdoor_venue_ids = set(
            self.env["sports.area"]
            .search([("venue_id", "in", venues.ids), ("environment", "=", "outdoor")])
            .venue_id.ids
        )
        existing = {
            row.venue_id.id: row
            for row in self.search([("venue_id", "in", venues.ids), ("year", "=", year)])
        }
        now = fields.Datetime.now()
        result = self.browse()
        for venue in venues:
            ctx = _Context(
                venue=venue,
                year=year,
                day_as_of=day_as_of,
                week_as_of=week_as_of,
                week_first=week_first,
                week_last=week_last,
                stats=rows.get(venue.id, {}),
                planned=self._sports_planned_hours(
                    venue, as_of + timedelta(1), max(last, week_last, as_of + timedelta(14))
                ),
            )
            vals, messages = self._sports_evaluate(
                ctx,
                closures.get(venue.id, []),
                holidays.get(venue.company_id.id, []) + holidays.get(False, []),
                venue.id in outdoor_venue_ids,
            )
            vals.update(
                company_id=venue.company_id.id,
                region_id=venue.region_id.id,
                as_of=day_as_of,
                warning_message="\n".join(messages) or False,
                computed_at=now,
            )
            row = existing.get(venue.id)
            if row:
                row.write(vals)
            else:
                row = self.with_context(
                    tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
                ).create(dict(vals, venue_id=venue.id, year=year))
            result |= row
        result._sports_notify_managers()
        return result

    def _sports_fetch_stats(self, venues, date_from, date_to):
        """{venue_id: {date: (is_open, open_hours, is_holiday, outdoor_free_hours,
        revenue_ticket)}} of the daily statistics, in one query."""
        self.env["sports.venue.stat"].flush_model()
        self.env.cr.execute(
            SQL(
                """SELECT venue_id, date, COALESCE(is_open, FALSE), COALESCE(open_hours, 0),
                          COALESCE(is_holiday, FALSE), COALESCE(outdoor_free_hours, 0),
                          COALESCE(revenue_ticket, 0)
                     FROM sports_venue_stat
                    WHERE venue_id = ANY(%s) AND date BETWEEN %s AND %s""",
                venues.ids,
                date_from,
                date_to,
            )
        )
        rows = defaultdict(dict)
        for venue_id, day, *values in self.env.cr.fetchall():
            rows[venue_id][day] = values
        return rows

    def _sports_fetch_closures(self, venues, year):
        """{venue_id: [leave]}: closures of each venue that start (local day) in ``year``:
        leaves of its calendar, or of its company without a calendar. A venue without opening
        hours is always open, so nothing closes it."""
        with_calendar = venues.filtered("resource_calendar_id")
        if not with_calendar:
            return {}
        # sudo: closures are public facts of a venue, and a bureau's or nightly recompute
        # may run for users without rights on resource calendars.
        leaves = (
            self.env["resource.calendar.leaves"]
            .sudo()
            .search(
                [
                    ("resource_id", "=", False),
                    ("time_type", "=", "leave"),
                    ("date_from", ">=", datetime(year - 1, 12, 30)),
                    ("date_from", "<", datetime(year + 1, 1, 2)),
                    "|",
                    ("calendar_id", "in", with_calendar.resource_calendar_id.ids),
                    "&",
                    ("calendar_id", "=", False),
                    ("company_id", "in", with_calendar.company_id.ids),
                ]
            )
        )
        result = defaultdict(list)
        for leave in leaves:
            start = leave._sports_local_start_date()
            if not start or start.year != year:
                continue
            for venue in with_calendar:
                if (leave.calendar_id and leave.calendar_id == venue.resource_calendar_id) or (
                    not leave.calendar_id and leave.company_id == venue.company_id
                ):
                    result[venue.id].append(leave)
        return result

    def _sports_fetch_holidays(self, venues, date_from, date_to):
        """{company_id or False: [date]} of public holidays in ``(date_from, date_to]``."""
        if "sports.holiday" not in self.env:
            return {}
        # sudo: public holidays are public; the pricing model restricts them to staff.
        holidays = (
            self.env["sports.holiday"]
            .sudo()
            .search(
                [
                    ("date", ">", date_from),
                    ("date", "<=", date_to),
                    ("company_id", "in", venues.company_id.ids + [False]),
                ]
            )
        )
        result = defaultdict(list)
        for holiday in holidays:
            result[holiday.company_id.id].append(holiday.date)
        return result

    def _sports_planned_hours(self, venue, date_from, date_to):
        """{date: hours} the venue's opening hours (weekly hours less closures) give on each
        local day from ``date_from`` to ``date_to``; days it stays shut are absent."""
        if date_to < date_from:
            return {}
        start = venue._day_bounds(date_from)[0]
        end = venue._day_bounds(date_to)[1]
        hours = defaultdict(float)
        for i_start, i_stop in venue._open_intervals(start, end):
            cursor = i_start
            while cursor < i_stop:
                day = venue._local_date(cursor)
                cut = min(i_stop, venue._day_bounds(day)[1])
                hours[day] += (cut - cursor).total_seconds() / 3600
                cursor = cut
        return dict(hours)

    # ------------------------------------------------------------------------------------
    # Telling the venue's manager, once per duty and state
    # ------------------------------------------------------------------------------------
    def _sports_notify_managers(self):
        labels = {
            duty: self._fields[f"{duty}_state"]._description_string(self.env) for duty in DUTIES
        }
        group = self.env.ref("sports_venue.group_arena_manager", raise_if_not_found=False)
        managers = group.all_user_ids.filtered(lambda u: u.active and not u.share) if group else []
        for row in self:
            told = set(filter(None, (row.notified_duties or "").split(",")))
            new = [
                (duty, row[f"{duty}_state"])
                for duty in DUTIES
                if row[f"{duty}_state"] in ("warning", "breach")
                and f"{duty}:{row[f'{duty}_state']}" not in told
            ]
            if not new:
                continue
            users = row._sports_managers(managers)
            summary = self.env._(
                "Open-hours compliance %(year)s: %(duties)s",
                year=row.year,
                duties=", ".join(labels[duty] for duty, _state in new),
            )
            for user in users:
                row.activity_schedule(
                    "mail.mail_activity_data_warning",
                    summary=summary,
                    note=row.warning_message or "",
                    user_id=user.id,
                )
            told.update(f"{duty}:{state}" for duty, state in new)
            row.notified_duties = ",".join(sorted(told))

    def _sports_managers(self, managers):
        """Who is told about this row: the venue's responsible user if it has one, else the
        Arena managers of the venue's company."""
        self.ensure_one()
        venue = self.venue_id
        if "user_id" in venue._fields and venue.user_id:
            return venue.user_id
        return managers.filtered(lambda u: venue.company_id in u.company_ids) if managers else []


_NO_STAT = (False, 0.0, False, 0.0, 0.0)


class _Context:
    """What ``_sports_evaluate`` knows of one venue and year."""

    __slots__ = (
        "day_as_of",
        "planned",
        "stats",
        "venue",
        "week_as_of",
        "week_first",
        "week_last",
        "year",
    )

    def __init__(self, **values):
        for key, value in values.items():
            setattr(self, key, value)
