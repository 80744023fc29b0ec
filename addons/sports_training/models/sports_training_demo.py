import logging
import random
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

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


# The demo's courses, in the order _demo_courses creates them.
COURSE_XMLIDS = (
    "course_demo_swim_a",
    "course_demo_swim_b",
    "course_demo_basketball",
    "course_demo_badminton",
    "course_demo_tennis",
)


class SportsTrainingDemo(models.AbstractModel):
    """The training demo of 南京市体育中心, made relative to the day the database is
    created: three coaches, five courses of four kinds whose terms run now, enrolments,
    past attendance, a make-up, a waitlist and last month's commission statements.

    It calls the addon's own flows (``course.action_open()``, ``course._enrol()``,
    ``enrolment.action_confirm()``, ``attendance._book_makeup()``,
    ``statement._generate()``); only the term's past sessions, which planning leaves out,
    are created directly (``_demo_sessions``)."""

    _name = "sports.training.demo"
    _description = "Training Demo Data"

    @api.model
    def _generate(self):
        if self.env.ref(f"sports_training.{COURSE_XMLIDS[0]}", raise_if_not_found=False):
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
        end = today + timedelta(weeks=6)
        space = {
            code: ref(f"sports_venue.space_csc_{code}")
            for code in ("lane1", "lane2", "bb1", "bd1", "tn2")
        }

        def slots(days, hour_from, hour_to):
            return [
                Command.create({"weekday": str(day), "hour_from": hour_from, "hour_to": hour_to})
                for day in days
            ]

        common = {"venue_id": venue.id, "date_start": start, "date_end": end}
        # Courts are booked by the public from 8:00 (sports_booking's demo week): the court
        # classes train early in the morning (晨训), the pool classes in the afternoon; all
        # on the spaces' hour grid.
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
                    "slot_ids": slots((0, 2, 4), 17.0, 18.0),
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
                    "slot_ids": slots((1, 3, 5, 6), 17.0, 18.0),
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
                    "slot_ids": slots((5, 6), 6.0, 8.0),
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
                    "slot_ids": slots((0, 2, 4), 7.0, 8.0),
                },
                {
                    **common,
                    "name": "网球一对一私教",
                    "space_id": space["tn2"].id,
                    "sport_id": sport["tennis"].id,
                    "level_id": levels[3].id,
                    "kind": "private",
                    "capacity": 1,
                    "price_mode": "term",
                    "price": 4800.0,
                    "qualification_kind_id": kinds[3].id,
                    "coach_id": wang.id,
                    "slot_ids": slots((1, 3), 7.0, 8.0),
                },
            ]
        )
        self._demo_xmlids(courses, COURSE_XMLIDS)
        return courses

    def _open(self, course):
        """Open the course for enrolment: SCHED's ``action_open`` plans its sessions."""
        course.action_open()  # plans the sessions from now on
        self._demo_sessions(course, past_only=True)
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
        age = {kid: self._age(kid, today) for kid in kids}

        def of_age(low, high):
            return [kid for kid in kids if low <= (age[kid] or 0) <= high]

        # Ages well inside the ranges, on any day of the term.
        swimmers = of_age(7, 11)
        ballers = of_age(12, 15) + of_age(11, 11)
        plan = []  # (course, attendee, payer, channel)
        plan.append((swim_a, chen_child, chen, "backend"))
        for kid in swimmers[:9]:
            plan.append((swim_a, kid, kid.parent_id, "backend"))
        for kid in swimmers[9:15]:
            plan.append((swim_b, kid, kid.parent_id, "backend"))
        for kid in ballers[:12]:
            plan.append((basket, kid, kid.parent_id, "backend"))
        for adult in parents[:12]:
            plan.append((badminton, adult, adult, "backend"))
        # The private lesson is taken; two more wait for its place.
        for adult in parents[20:23]:
            plan.append((tennis, adult, adult, "backend"))
        Enrolment = self.env["sports.training.enrolment"]
        enrolments = Enrolment
        for course, attendee, payer, channel in plan:
            try:
                with self.env.cr.savepoint():
                    enrolment = self._enrol(course, attendee, payer, channel)
                    if enrolment.state in ("draft", "pending"):
                        self._confirm(enrolment)
            except UserError as error:
                _logger.warning("Demo enrolment of %s skipped: %s", attendee.name, error)
                continue
            enrolments |= enrolment
        return enrolments

    def _enrol(self, course, attendee, payer, channel):
        return course._enrol(attendee, parent=payer, channel=channel)

    def _confirm(self, enrolment):
        enrolment.action_confirm()

    # ------------------------------------------------------------------ attendance
    def _demo_attendance(self, courses, enrolments, rng):
        """Past sessions' seats: mostly present (by the gate, some by the coach), some
        absent; one absence of the first swimming class made up in the second one. A
        session under way at install time (planning seats only sessions to come) gets its
        seats too: those who came are in, the others still expected."""
        Attendance = self.env["sports.training.attendance"]
        confirmed = enrolments.filtered(lambda e: e.state == "confirmed")
        done = courses.session_ids.filtered(lambda s: s.state == "done")
        now = fields.Datetime.now()
        ongoing = courses.session_ids.filtered(
            lambda s: s.state == "planned" and s.start_at <= now < s.end_at
        )
        have = {
            (a.session_id.id, a.enrolment_id.id)
            for a in Attendance.search([("session_id", "in", (done | ongoing).ids)])
        }
        vals_list = []
        for session in done | ongoing:
            for enrolment in confirmed.filtered(lambda e, s=session: e.course_id == s.course_id):
                if (session.id, enrolment.id) in have:
                    continue
                present = rng.random() < 0.86
                gate = rng.random() < 0.7
                if session in ongoing and not present:
                    vals_list.append({"session_id": session.id, "enrolment_id": enrolment.id})
                    continue
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
        missed._book_makeup(target)

    # ------------------------------------------------------------------ statements
    def _demo_statements(self, coaches, today):
        first = today.replace(day=1)
        date_from, date_to = first - relativedelta(months=1), first - timedelta(days=1)
        Statement = self.env["sports.coach.statement"]
        for coach in coaches:
            Statement._generate(coach, date_from, date_to).action_confirm()

    @api.model
    def _demo_xmlids(self, records, names):
        self.env["ir.model.data"].create(
            [
                {
                    "module": "sports_training",
                    "name": name,
                    "model": record._name,
                    "res_id": record.id,
                    "noupdate": True,
                }
                for record, name in zip(records, names, strict=True)
            ]
        )

    @staticmethod
    def _age(partner, on_date):
        birth = partner.sports_birthdate
        if not birth:
            return None
        return on_date.year - birth.year - ((on_date.month, on_date.day) < (birth.month, birth.day))

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
