import random
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models

# Chinese names of the demo's people live in the demo data itself (res_partner names),
# generated from these syllables so that no literal sentence is translatable text.
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
_GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "磊",
    "洋",
    "勇",
    "艳",
    "杰",
    "涛",
    "明",
    "超",
    "霞",
    "平",
    "刚",
]
_CHILD_GIVEN = ["小雨", "子涵", "一诺", "梓萱", "浩然", "宇轩", "欣怡", "思远", "若曦", "俊熙"]


class SportsTrainingDemo(models.AbstractModel):
    """The training demo of 南京市体育中心, made relative to the day the database is
    created: three coaches, five courses of four kinds whose terms run now, enrolments,
    past attendance, a make-up, a waitlist and last month's commission statements.

    It calls the addon's own flows (``course.action_open()``, ``course._enrol()``,
    ``enrolment.action_confirm()``, ``attendance._book_makeup()``,
    ``statement._generate()``) and falls back on plain creates (``sports.training.demo``'s
    ``_fallback_*``) for a flow that is not there."""

    _name = "sports.training.demo"
    _description = "Training Demo Data"

    @api.model
    def _generate(self):
        if self.env["sports.training.course"].search_count([("code", "like", "DEMO-%")], limit=1):
            return  # a module update keeps the demo it made
        self = self.with_context(  # noqa: PLW0642
            tracking_disable=True, mail_create_nolog=True, mail_notrack=True, no_reset_password=True
        )
        venue = self.env.ref("sports_venue.venue_csc")
        rng = random.Random(19)
        today = venue._local_date(fields.Datetime.now())
        coaches = self._demo_coaches(venue, today)
        courses = self._demo_courses(venue, coaches, today)
        for course in courses:
            self._open(course)
        self._demo_close_past(courses)
        enrolments = self._demo_enrolments(courses, rng, today)
        self._demo_attendance(courses, enrolments, rng)
        self._demo_statements(coaches, today)
        return True

    # ------------------------------------------------------------------ coaches
    def _demo_coaches(self, venue, today):
        env = self.env
        ref = env.ref
        company = venue.company_id
        Calendar = env["resource.calendar"]

        def attendances(days, hour_from, hour_to):
            return [
                Command.create(
                    {
                        "name": f"{day} {hour_from:g}-{hour_to:g}",
                        "dayofweek": str(day),
                        "hour_from": hour_from,
                        "hour_to": hour_to,
                        "day_period": "morning" if hour_to <= 12 else "afternoon",
                    }
                )
                for day in days
                for hour_from, hour_to in (
                    (hour_from, min(hour_to, 12)),
                    (max(hour_from, 12), hour_to),
                )
                if hour_to > hour_from
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
                    # Expires in three weeks: the expiry warning's example.
                    "employee_id": li.id,
                    "kind_id": kinds[2].id,
                    "number": "BADM-3201-2021-0088",
                    "date_issued": today - relativedelta(years=5),
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

    # ------------------------------------------------------------------ courses
    def _demo_courses(self, venue, coaches, today):
        env = self.env
        ref = env.ref
        kinds = env["sports.coach.qualification.kind"].browse(coaches.env.context["demo_kinds"])
        zhang, li, wang = coaches
        sport = {
            code: ref(f"sports_venue.sport_{code}")
            for code in ("swimming", "basketball", "badminton", "tennis")
        }
        levels = env["sports.training.level"].create(
            [
                {"name": "游泳·初级（学会蛙泳）", "sequence": 10, "sport_id": sport["swimming"].id},
                {"name": "篮球·青少年基础", "sequence": 20, "sport_id": sport["basketball"].id},
                {"name": "羽毛球·成人入门", "sequence": 30, "sport_id": sport["badminton"].id},
                {"name": "网球·一对一私教", "sequence": 40, "sport_id": sport["tennis"].id},
            ]
        )
        # Terms started on the first day of last month (a few weeks ago), so that last
        # month's statements have sessions, and end some weeks from now.
        start = today.replace(day=1) - relativedelta(months=1)
        end = today + timedelta(weeks=8)
        space = {
            code: ref(f"sports_venue.space_csc_{code}")
            for code in ("lane1", "lane2", "bb1", "bd1", "tn1")
        }

        def slots(days, hour_from, hour_to):
            return [
                Command.create({"weekday": str(day), "hour_from": hour_from, "hour_to": hour_to})
                for day in days
            ]

        common = {"venue_id": venue.id, "date_start": start, "date_end": end}
        # Courts are booked by the public from 8:00 (sports_booking's demo week): the court
        # classes train early in the morning (晨训), the pool classes in the afternoon.
        courses = env["sports.training.course"].create(
            [
                {
                    **common,
                    "name": "少儿游泳冬季班（一、三、五班）",
                    "space_id": space["lane1"].id,
                    "sport_id": sport["swimming"].id,
                    "level_id": levels[0].id,
                    "kind": "group",
                    "age_min": 6,
                    "age_max": 12,
                    "capacity": 12,
                    "price_mode": "term",
                    "price": 1280.0,
                    "qualification_kind_id": kinds[0].id,
                    "coach_id": zhang.id,
                    "slot_ids": slots((0, 2, 4), 17.5, 18.5),
                },
                {
                    **common,
                    "name": "少儿游泳冬季班（二、四、周末班）",
                    "space_id": space["lane2"].id,
                    "sport_id": sport["swimming"].id,
                    "level_id": levels[0].id,
                    "kind": "group",
                    "age_min": 6,
                    "age_max": 12,
                    "capacity": 10,
                    "price_mode": "term",
                    "price": 1280.0,
                    "qualification_kind_id": kinds[0].id,
                    "coach_id": zhang.id,
                    "slot_ids": slots((1, 3, 5, 6), 17.5, 18.5),
                },
                {
                    **common,
                    "name": "青少年篮球周末晨训营",
                    "space_id": space["bb1"].id,
                    "sport_id": sport["basketball"].id,
                    "level_id": levels[1].id,
                    "kind": "group",
                    "age_min": 10,
                    "age_max": 16,
                    "capacity": 16,
                    "price_mode": "term",
                    "price": 1680.0,
                    "qualification_kind_id": kinds[1].id,
                    "coach_id": li.id,
                    "slot_ids": slots((5, 6), 6.5, 8.0),
                },
                {
                    **common,
                    "name": "成人羽毛球晨练课",
                    "space_id": space["bd1"].id,
                    "sport_id": sport["badminton"].id,
                    "level_id": levels[2].id,
                    "kind": "group",
                    "age_min": 16,
                    "capacity": 20,
                    "price_mode": "session",
                    "price": 60.0,
                    "qualification_kind_id": kinds[2].id,
                    "coach_id": li.id,
                    "slot_ids": slots((0, 1, 2, 3, 4), 6.5, 8.0),
                },
                {
                    **common,
                    "name": "网球一对一私教",
                    "space_id": space["tn1"].id,
                    "sport_id": sport["tennis"].id,
                    "level_id": levels[3].id,
                    "kind": "private",
                    "capacity": 1,
                    "price_mode": "term",
                    "price": 4800.0,
                    "qualification_kind_id": kinds[3].id,
                    "coach_id": wang.id,
                    "slot_ids": slots((1, 3), 6.5, 7.5),
                },
            ]
        )
        for index, course in enumerate(courses, start=1):
            course.code = f"DEMO-{index:02d}"
        return courses

    def _open(self, course):
        """Open the course for enrolment: SCHED's ``action_open`` plans its sessions."""
        code = course.code
        if hasattr(course, "action_open"):
            course.action_open()
            course.code = code
        else:
            self._fallback_open(course)
        return course

    def _demo_close_past(self, courses):
        """Sessions that ended before now were taught."""
        now = fields.Datetime.now()
        past = courses.session_ids.filtered(lambda s: s.state == "planned" and s.end_at <= now)
        past.write({"state": "done"})
        courses.filtered(lambda c: c.state == "open").write({"state": "running"})

    # ------------------------------------------------------------------ enrolments
    def _demo_people(self, rng, today, adults, children):
        """``adults`` members and ``children`` children under some of them."""
        Partner = self.env["res.partner"]
        names = set()

        def name(given):
            while True:
                candidate = rng.choice(_SURNAMES) + rng.choice(given) + rng.choice(_GIVEN)
                if candidate not in names:
                    names.add(candidate)
                    return candidate

        parents = Partner.create(
            [
                {
                    "name": name(_GIVEN),
                    "city": "南京",
                    "phone": f"+86 139 {rng.randrange(1000, 9999)} {rng.randrange(1000, 9999)}",
                    "sports_birthdate": today - timedelta(days=365 * rng.randrange(22, 55)),
                }
                for _ in range(adults)
            ]
        )
        kids = Partner.create(
            [
                {
                    "name": parent.name[0] + rng.choice(_CHILD_GIVEN),
                    "parent_id": parent.id,
                    "type": "other",
                    "sports_birthdate": today - timedelta(days=365 * age + rng.randrange(300)),
                }
                for parent, age in (
                    (parents[i % adults], rng.randrange(6, 17)) for i in range(children)
                )
            ]
        )
        return parents, kids

    def _demo_enrolments(self, courses, rng, today):
        ref = self.env.ref
        swim_a, swim_b, basket, badminton, tennis = courses
        chen = ref("sports_booking.partner_member_chen")
        chen_child = self.env["res.partner"].create(
            {
                "name": "陈小雨",
                "parent_id": chen.id,
                "type": "other",
                "sports_birthdate": today - relativedelta(years=9, months=3),
            }
        )
        self.env["ir.model.data"].create(
            {
                "module": "sports_training",
                "name": "partner_demo_chen_child",
                "model": "res.partner",
                "res_id": chen_child.id,
                "noupdate": True,
            }
        )
        parents, kids = self._demo_people(rng, today, 36, 40)
        age = {kid: kid._sports_age(today) if hasattr(kid, "_sports_age") else None for kid in kids}

        def of_age(low, high):
            return [kid for kid in kids if low <= (age[kid] or 0) <= high]

        swimmers = [k for k in of_age(6, 12)]
        ballers = [k for k in of_age(13, 16)] + [k for k in of_age(10, 12)][-4:]
        plan = []  # (course, attendee, payer, channel)
        plan.append((swim_a, chen_child, chen, "portal"))
        for kid in swimmers[:9]:
            plan.append((swim_a, kid, kid.parent_id, "portal"))
        for kid in swimmers[9:15]:
            plan.append((swim_b, kid, kid.parent_id, "backend"))
        for kid in ballers[:12]:
            plan.append((basket, kid, kid.parent_id, "portal"))
        for adult in parents[:14]:
            plan.append((badminton, adult, adult, rng.choice(("portal", "backend"))))
        # The private lesson is taken; two more wait for its place.
        for adult in parents[20:23]:
            plan.append((tennis, adult, adult, "backend"))
        Enrolment = self.env["sports.training.enrolment"]
        enrolments = Enrolment
        for course, attendee, payer, channel in plan:
            enrolment = self._enrol(course, attendee, payer, channel)
            if enrolment.state == "pending":
                self._confirm(enrolment)
            enrolments |= enrolment
        return enrolments

    def _enrol(self, course, attendee, payer, channel):
        if hasattr(course, "_enrol"):
            return course._enrol(attendee, parent=payer, channel=channel)
        return self._fallback_enrol(course, attendee, payer, channel)

    def _confirm(self, enrolment):
        if hasattr(enrolment, "action_confirm"):
            enrolment.action_confirm()
        else:
            enrolment.state = "confirmed"
            self._fallback_seats(enrolment)

    # ------------------------------------------------------------------ attendance
    def _demo_attendance(self, courses, enrolments, rng):
        """Past sessions' seats: mostly present (by the gate, some by the coach), some
        absent; one absence of the first swimming class made up in the second one."""
        Attendance = self.env["sports.training.attendance"]
        confirmed = enrolments.filtered(lambda e: e.state == "confirmed")
        done = courses.session_ids.filtered(lambda s: s.state == "done")
        have = {
            (a.session_id.id, a.enrolment_id.id)
            for a in Attendance.search([("session_id", "in", done.ids)])
        }
        vals_list = []
        for session in done:
            for enrolment in confirmed.filtered(lambda e, s=session: e.course_id == s.course_id):
                if (session.id, enrolment.id) in have:
                    continue
                present = rng.random() < 0.86
                gate = rng.random() < 0.7
                vals_list.append(
                    {
                        "session_id": session.id,
                        "enrolment_id": enrolment.id,
                        "state": "present" if present else "absent",
                        "source": ("gate" if gate else "coach") if present else "coach",
                        "checked_at": session.start_at - timedelta(minutes=rng.randrange(3, 15))
                        if present
                        else False,
                    }
                )
        Attendance.create(vals_list)
        existing = Attendance.search([("session_id", "in", done.ids), ("state", "=", "expected")])
        for seat in existing:
            seat.write({"state": "present", "source": "gate", "checked_at": seat.session_start})
        self._demo_makeup(courses)

    def _demo_makeup(self, courses):
        swim_a, swim_b = courses[:2]
        Attendance = self.env["sports.training.attendance"]
        missed = Attendance.search(
            [("course_id", "=", swim_a.id), ("state", "=", "absent")],
            order="session_start desc",
            limit=1,
        )
        now = fields.Datetime.now()
        target = swim_b.session_ids.filtered(lambda s: s.state == "planned" and s.start_at > now)[
            :1
        ]
        if not missed or not target:
            return
        if hasattr(missed, "_book_makeup"):
            missed._book_makeup(target)
        else:
            Attendance.create(
                {
                    "session_id": target.id,
                    "enrolment_id": missed.enrolment_id.id,
                    "makeup_of_id": missed.id,
                }
            )

    # ------------------------------------------------------------------ statements
    def _demo_statements(self, coaches, today):
        first = today.replace(day=1)
        date_from, date_to = first - relativedelta(months=1), first - timedelta(days=1)
        Statement = self.env["sports.coach.statement"]
        for coach in coaches:
            if hasattr(Statement, "_generate"):
                statement = Statement._generate(coach, date_from, date_to)
            else:
                statement = self._fallback_statement(coach, date_from, date_to)
            if hasattr(statement, "action_confirm"):
                statement.action_confirm()
            else:
                self._fallback_confirm_statement(statement)

    @staticmethod
    def _at(venue, day, hour):
        """The naive UTC datetime of ``hour`` (a float) on the venue's local ``day``."""
        local = datetime.combine(day, time(int(hour), round((hour % 1) * 60)))
        return venue._to_utc(local)

    @staticmethod
    def _days(date_from, date_to):
        day = date_from
        while day <= date_to:
            yield day
            day += timedelta(days=1)
