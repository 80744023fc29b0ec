from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, models


class SportsTrainingDemo(models.AbstractModel):
    """The demo's coaches: their calendars, certificates and the coach login."""

    _inherit = "sports.training.demo"

    # ------------------------------------------------------------------ coaches
    def _demo_coaches(self, venue, today):
        env = self.env
        ref = env.ref
        company = venue.company_id
        Calendar = env["resource.calendar"]

        def attendances(days, start, stop):
            """Each day's hours, split at noon into the morning and afternoon periods."""
            periods = [
                (low, high, period)
                for low, high, period in (
                    (start, min(stop, 12), "morning"),
                    (max(start, 12), stop, "afternoon"),
                )
                if high > low
            ]
            return [
                Command.create(
                    {
                        "name": f"{day} {low:g}-{high:g}",
                        "dayofweek": str(day),
                        "hour_from": low,
                        "hour_to": high,
                        "day_period": period,
                    }
                )
                for day in days
                for low, high, period in periods
            ]

        full, external = Calendar.create(
            [
                {
                    "name": "全职教练可排课时间（每日 6:00–21:00）",
                    "company_id": company.id,
                    "tz": venue._tz_name(),
                    "attendance_ids": attendances(range(7), 6, 21),
                },
                {
                    "name": "外聘教练可排课时间（周二、四、六 6:00–12:00）",
                    "company_id": company.id,
                    "tz": venue._tz_name(),
                    "attendance_ids": attendances((1, 3, 5), 6, 12),
                },
            ]
        )
        swim, basket, badminton, tennis = (
            ref(f"sports_venue.sport_{code}")
            for code in ("swimming", "basketball", "badminton", "tennis")
        )
        kinds = env["sports.coach.qualification.kind"].create(
            [
                {"name": "游泳社会体育指导员（国家职业资格）", "code": "SWIM", "sport_id": swim.id},
                {"name": "篮球教练员等级证书", "code": "BASKET", "sport_id": basket.id},
                {"name": "羽毛球社会体育指导员", "code": "BADMINTON", "sport_id": badminton.id},
                {"name": "网球教练员资格证书", "code": "TENNIS", "sport_id": tennis.id},
                {"name": "游泳救生员国家职业资格证书", "code": "LIFEGUARD", "sport_id": swim.id},
            ]
        )
        studio = env["res.partner"].create(
            {
                "name": "南京强力网球工作室",
                "is_company": True,
                "city": "南京",
                "phone": "+86 25 8451 2200",
                "email": "wangqiang.tennis@example.com",
            }
        )
        coaches = env["hr.employee"].create(
            [
                {
                    "name": "周海涛",
                    "company_id": company.id,
                    "is_coach": True,
                    "coach_kind": "employee",
                    "coach_sport_ids": [Command.set(swim.ids)],
                    "commission_mode": "attendee",
                    "commission_rate": 15.0,
                    "resource_calendar_id": full.id,
                    "job_title": "游泳教练",
                },
                {
                    "name": "李娜",
                    "company_id": company.id,
                    "is_coach": True,
                    "coach_kind": "employee",
                    "coach_sport_ids": [Command.set((basket | badminton).ids)],
                    "commission_mode": "session",
                    "commission_rate": 120.0,
                    "resource_calendar_id": full.id,
                    "job_title": "篮球、羽毛球教练",
                },
                {
                    "name": "王强",
                    "company_id": company.id,
                    "is_coach": True,
                    "coach_kind": "external",
                    "coach_partner_id": studio.id,
                    "coach_sport_ids": [Command.set(tennis.ids)],
                    "commission_mode": "percent",
                    "commission_rate": 60.0,
                    "resource_calendar_id": external.id,
                    "job_title": "外聘网球教练",
                },
            ]
        )
        zhang, li, wang = coaches
        env["sports.coach.qualification"].create(
            [
                {
                    "employee_id": zhang.id,
                    "kind_id": kinds[0].id,
                    "number": "SWIM-3201-2023-0457",
                    "date_issued": today - relativedelta(years=3),
                    "date_expiry": today + relativedelta(years=2),
                },
                {
                    "employee_id": li.id,
                    "kind_id": kinds[1].id,
                    "number": "BASKET-3201-2022-0193",
                    "date_issued": today - relativedelta(years=4),
                    "date_expiry": today + relativedelta(years=1),
                },
                {
                    "employee_id": li.id,
                    "kind_id": kinds[2].id,
                    "number": "BADM-3201-2021-0088",
                    "date_issued": today - relativedelta(years=5),
                    "date_expiry": today + relativedelta(years=2),
                },
                {
                    # Expires in three weeks: the expiry warning's example. No course
                    # requires it, so the terms' sessions stay schedulable.
                    "employee_id": zhang.id,
                    "kind_id": kinds[4].id,
                    "number": "LG-3201-2023-1175",
                    "date_issued": today - relativedelta(years=3),
                    "date_expiry": today + timedelta(days=21),
                },
                {
                    "employee_id": wang.id,
                    "kind_id": kinds[3].id,
                    "number": "TENNIS-3200-2020-0012",
                    "date_issued": today - relativedelta(years=6),
                    "date_expiry": today + relativedelta(years=3),
                },
            ]
        )
        # The coach login of the demo: 周海涛 teaches a swimming session every day.
        user = env["res.users"].create(
            {
                "name": "周海涛",
                "login": "coach",
                "password": "coach",
                "company_id": company.id,
                "company_ids": [Command.set(company.ids)],
                "tz": venue._tz_name(),
                "group_ids": [Command.set([ref("sports_training.group_training_coach").id])],
            }
        )
        env["ir.model.data"].create(
            {
                "module": "sports_training",
                "name": "user_demo_coach",
                "model": "res.users",
                "res_id": user.id,
                "noupdate": True,
            }
        )
        zhang.user_id = user
        return coaches.with_context(demo_kinds=kinds.ids)
