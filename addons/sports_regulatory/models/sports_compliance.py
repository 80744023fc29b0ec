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

    def _sports_evaluate(self, ctx, closures, holiday_dates, has_outdoor):
        """(values, messages) of one venue's duties; see the module docstring."""
        _ = self.env._
        vals, messages = {}, []

        # 35 h every ISO week.
        weekly_state, min_week = "ok", None
        monday = ctx.week_first
        while monday <= ctx.week_as_of:
            sunday = monday + timedelta(6)
            days = [monday + timedelta(i) for i in range(7)]
            so_far = sum(ctx.stats.get(d, _NO_STAT)[1] for d in days if d <= ctx.week_as_of)
            if sunday <= ctx.week_as_of:
                min_week = so_far if min_week is None else min(min_week, so_far)
                if so_far < MIN_WEEKLY_HOURS:
                    weekly_state = "breach"
            else:
                projected = so_far + sum(
                    ctx.planned.get(d, 0.0) for d in days if d > ctx.week_as_of
                )
                if projected < MIN_WEEKLY_HOURS and weekly_state == "ok":
                    weekly_state = "warning"
                    messages.append(
                        _(
                            "This week the venue will be open %(hours).1f h, less than the 35 h "
                            "a week the subsidy requires: extend its opening hours.",
                            hours=projected,
                        )
                    )
            monday += timedelta(7)
        next_monday = monday if monday > ctx.week_as_of else monday + timedelta(7)
        if weekly_state == "ok" and next_monday + timedelta(6) <= ctx.week_last:
            planned = sum(ctx.planned.get(next_monday + timedelta(i), 0.0) for i in range(7))
            if planned < MIN_WEEKLY_HOURS:
                weekly_state = "warning"
                messages.append(
                    _(
                        "The week of %(monday)s is planned with %(hours).1f opening hours, less "
                        "than the 35 h a week the subsidy requires.",
                        monday=next_monday,
                        hours=planned,
                    )
                )
        if weekly_state == "breach":
            messages.append(
                _(
                    "A week of %(year)s had only %(hours).1f open hours: the duty of 35 h a "
                    "week is missed.",
                    year=ctx.year,
                    hours=min_week,
                )
            )
        vals.update(weekly_hours_state=weekly_state, min_weekly_hours=min_week or 0.0)

        # 330 open days in the calendar year.
        first = date(ctx.year, 1, 1)
        last = date(ctx.year, 12, 31)
        open_days = sum(1 for d, s in ctx.stats.items() if first <= d <= ctx.day_as_of and s[0])
        left = sum(1 for d, h in ctx.planned.items() if ctx.day_as_of < d <= last and h >= 1.0)
        reachable = open_days + left
        if reachable < MIN_OPEN_DAYS:
            days_state = "breach"
            messages.append(
                _(
                    "Open %(open)s days so far and at most %(left)s more as planned: the "
                    "venue cannot reach 330 open days in %(year)s.",
                    open=open_days,
                    left=left,
                    year=ctx.year,
                )
            )
        elif reachable < MIN_OPEN_DAYS + OPEN_DAYS_MARGIN and ctx.day_as_of < last:
            days_state = "warning"
            messages.append(
                _(
                    "Open %(open)s days so far and %(left)s more as planned: only %(spare)s "
                    "more closed days keep the venue above 330 open days in %(year)s.",
                    open=open_days,
                    left=left,
                    spare=reachable - MIN_OPEN_DAYS,
                    year=ctx.year,
                )
            )
        else:
            days_state = "ok"
        vals.update(open_days_state=days_state, open_days=open_days)

        # 8 h on public holidays.
        holiday_hours = [s[1] for d, s in ctx.stats.items() if first <= d <= ctx.day_as_of and s[2]]
        min_holiday = min(holiday_hours) if holiday_hours else 0.0
        holiday_state = "ok"
        if holiday_hours and min_holiday < MIN_HOLIDAY_HOURS:
            holiday_state = "breach"
            messages.append(
                _(
                    "A public holiday of %(year)s had only %(hours).1f open hours: the duty of "
                    "8 h on public holidays is missed.",
                    year=ctx.year,
                    hours=min_holiday,
                )
            )
        else:
            short = sorted(
                d
                for d in holiday_dates
                if d <= last and ctx.planned.get(d, 0.0) < MIN_HOLIDAY_HOURS
            )
            if short:
                holiday_state = "warning"
                messages.append(
                    _(
                        "The public holiday of %(day)s is planned with %(hours).1f opening "
                        "hours: open at least 8 h.",
                        day=short[0],
                        hours=ctx.planned.get(short[0], 0.0),
                    )
                )
        vals.update(holiday_hours_state=holiday_state, min_holiday_hours=min_holiday)

        # Outdoor areas free 12 h a day (venues with outdoor areas only).
        if has_outdoor:
            outdoor = [s[3] for d, s in ctx.stats.items() if first <= d <= ctx.day_as_of and s[0]]
            min_outdoor = min(outdoor) if outdoor else 0.0
            outdoor_state = "ok"
            if outdoor and min_outdoor < MIN_OUTDOOR_FREE_HOURS:
                outdoor_state = "breach"
                messages.append(
                    _(
                        "On an open day of %(year)s the outdoor areas were free only "
                        "%(hours).1f h: the duty of 12 free hours a day is missed.",
                        year=ctx.year,
                        hours=min_outdoor,
                    )
                )
            else:
                horizon = ctx.day_as_of + timedelta(OUTDOOR_LOOKAHEAD)
                short = sorted(
                    d
                    for d, h in ctx.planned.items()
                    if ctx.day_as_of < d <= min(horizon, last) and 0 < h < MIN_OUTDOOR_FREE_HOURS
                )
                if short:
                    outdoor_state = "warning"
                    messages.append(
                        _(
                            "On %(day)s the venue is planned open %(hours).1f h: its outdoor "
                            "areas must be free at least 12 h a day.",
                            day=short[0],
                            hours=ctx.planned[short[0]],
                        )
                    )
            vals.update(outdoor_free_state=outdoor_state, min_outdoor_free_hours=min_outdoor)
        else:
            vals.update(outdoor_free_state=False, min_outdoor_free_hours=0.0)

        # Free on 8 August.
        fitness_day = date(ctx.year, *FITNESS_DAY)
        fitness_free = False
        if ctx.day_as_of >= fitness_day:
            stat = ctx.stats.get(fitness_day, _NO_STAT)
            fitness_free = bool(stat[0] and not stat[4])
            fitness_state = "ok" if fitness_free else "breach"
            if not fitness_free:
                messages.append(
                    _(
                        "On 8 August %(year)s (National Fitness Day) the venue was closed or "
                        "sold entry tickets: the duty to open for free is missed.",
                        year=ctx.year,
                    )
                )
        elif (fitness_day - ctx.day_as_of).days <= FITNESS_DAY_LOOKAHEAD and not ctx.planned.get(
            fitness_day
        ):
            fitness_state = "warning"
            messages.append(
                _(
                    "The venue is planned closed on 8 August, National Fitness Day, when it "
                    "must open for free."
                )
            )
        else:
            fitness_state = "ok"
        vals.update(fitness_day_state=fitness_state, fitness_day_free=fitness_free)

        # Closures announced 7 days ahead.
        late, unannounced = [], []
        for leave in closures:
            start = leave._sports_local_start_date()
            if leave.sports_announced_on:
                if (start - leave.sports_announced_on).days < CLOSURE_NOTICE_DAYS:
                    late.append(leave)
            elif (start - ctx.day_as_of).days < CLOSURE_NOTICE_DAYS:
                late.append(leave)
            else:
                unannounced.append(leave)
        if late:
            closure_state = "breach"
            messages.append(
                _(
                    "%(count)s closures of %(year)s were not announced 7 days ahead (first: "
                    "%(name)s).",
                    count=len(late),
                    year=ctx.year,
                    name=late[0].name or "",
                )
            )
        elif unannounced:
            closure_state = "warning"
            messages.append(
                _(
                    "The closure %(name)s starting %(day)s has no announcement date: announce it "
                    "at least 7 days ahead and record the date.",
                    name=unannounced[0].name or "",
                    day=unannounced[0]._sports_local_start_date(),
                )
            )
        else:
            closure_state = "ok"
        vals.update(closure_notice_state=closure_state, late_closures=len(late))

        vals["state"] = max((vals[f"{duty}_state"] for duty in DUTIES), key=lambda s: STATE_RANK[s])
        return vals, messages

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
