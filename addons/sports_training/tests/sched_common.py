from datetime import date, datetime

from odoo.fields import Command
from odoo.tests import TransactionCase, new_test_user

from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ
from odoo.addons.sports_venue.tests.common import open_every_day


class SchedCase(TransactionCase):
    """A venue open 06:00-22:00 every day with a pool and a court, two coaches and a
    Monday 09:00-10:00 course over March 2030 (Mondays 4, 11, 18, 25)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.tz = DEFAULT_TZ
        cls.calendar = open_every_day(cls.env, "Sched open 6-22", 6, 22)
        cls.venue = cls.env["sports.venue"].create(
            {"name": "Sched Pool", "code": "SCHEDP", "resource_calendar_id": cls.calendar.id}
        )
        cls.pool, cls.court = cls.env["sports.space"].create(
            [
                {"name": "Sched Lane", "venue_id": cls.venue.id},
                {"name": "Sched Court", "venue_id": cls.venue.id},
            ]
        )
        cls.sport = cls.env["sports.sport"].create({"name": "Sched Swimming", "code": "schedsw"})
        cls.kind = cls.env["sports.coach.qualification.kind"].create(
            {"name": "Sched Lifeguard", "warn_days": 30}
        )
        cls.coach, cls.coach2 = cls.env["hr.employee"].create(
            [
                {"name": "Coach Wang", "is_coach": True, "resource_calendar_id": False},
                {"name": "Coach Li", "is_coach": True, "resource_calendar_id": False},
            ]
        )
        cls.manager = new_test_user(
            cls.env,
            login="sched_manager",
            groups="sports_venue.group_arena_manager,base.group_user",
        )
        cls.parent = cls.env["res.partner"].create(
            {"name": "Parent Zhao", "email": "zhao@example.com"}
        )
        cls.child = cls.env["res.partner"].create(
            {"name": "Child Zhao", "parent_id": cls.parent.id, "type": "other"}
        )

    @classmethod
    def make_course(cls, name, space=None, coach=None, weekday="0", hours=(9.0, 10.0), **vals):
        values = {
            "name": name,
            "venue_id": cls.venue.id,
            "space_id": (space or cls.pool).id,
            "sport_id": cls.sport.id,
            "coach_id": (coach or cls.coach).id,
            "capacity": 10,
            "price": 800.0,
            "date_start": date(2030, 3, 1),
            "date_end": date(2030, 3, 31),
            "slot_ids": [
                Command.create({"weekday": weekday, "hour_from": hours[0], "hour_to": hours[1]})
            ],
        }
        values.update(vals)
        return cls.env["sports.training.course"].create(values)

    @classmethod
    def at(cls, day, hour):
        """Naive UTC of the venue's local ``day`` at ``hour``."""
        return cls.venue._to_utc(datetime.combine(day, datetime.min.time()).replace(hour=hour))
