"""The six open-hours duties, judged for one venue and year (see ``sports_compliance``'s
module docstring for the rules)."""

from datetime import date, timedelta

from odoo import models

from .sports_compliance import (
    _NO_STAT,
    CLOSURE_NOTICE_DAYS,
    DUTIES,
    FITNESS_DAY,
    FITNESS_DAY_LOOKAHEAD,
    MIN_HOLIDAY_HOURS,
    MIN_OPEN_DAYS,
    MIN_OUTDOOR_FREE_HOURS,
    MIN_WEEKLY_HOURS,
    OPEN_DAYS_MARGIN,
    OUTDOOR_LOOKAHEAD,
    STATE_RANK,
)


class SportsCompliance(models.Model):
    _inherit = "sports.compliance"  # pylint: disable=consider-merging-classes-inherited

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
