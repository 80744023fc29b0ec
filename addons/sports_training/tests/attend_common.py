from datetime import date, datetime, timedelta

from odoo.tests import TransactionCase, new_test_user


class AttendCase(TransactionCase):
    """A pool with an access point, a level, a coach with a user, two courses of the same
    level (capacity 2) and one of another level, and a few sessions from now on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.venue = env["sports.venue"].create({"name": "Attend Pool", "code": "ATPOOL"})
        cls.area = env["sports.area"].create({"name": "Pool hall", "venue_id": cls.venue.id})
        cls.other_area = env["sports.area"].create({"name": "Gym", "venue_id": cls.venue.id})
        cls.lane = env["sports.space"].create(
            {"name": "Lane 1", "venue_id": cls.venue.id, "area_id": cls.area.id}
        )
        cls.gym = env["sports.space"].create(
            {"name": "Gym floor", "venue_id": cls.venue.id, "area_id": cls.other_area.id}
        )
        Point = env["sports.access.point"]
        Point.create({"name": "Pool", "code": "atpool-in", "area_id": cls.area.id})
        Point.create({"name": "Gym", "code": "atgym-in", "area_id": cls.other_area.id})
        cls.sport = env["sports.sport"].create({"name": "Attend Swimming", "code": "atswim"})
        Level = env["sports.training.level"]
        cls.level = Level.create({"name": "Attend Beginners"})
        cls.level2 = Level.create({"name": "Attend Advanced"})
        cls.coach_user = new_test_user(
            env, login="attend_coach", groups="sports_training.group_training_coach"
        )
        cls.other_coach_user = new_test_user(
            env, login="attend_coach2", groups="sports_training.group_training_coach"
        )
        Employee = env["hr.employee"]
        cls.coach = Employee.create(
            {
                "name": "Coach Wang",
                "is_coach": True,
                "user_id": cls.coach_user.id,
                "resource_calendar_id": False,
            }
        )
        cls.other_coach = Employee.create(
            {"name": "Coach Zhao", "is_coach": True, "user_id": cls.other_coach_user.id}
        )
        today = date.today()
        Course = env["sports.training.course"]
        common = {
            "venue_id": cls.venue.id,
            "space_id": cls.lane.id,
            "sport_id": cls.sport.id,
            "capacity": 2,
            "date_start": today - timedelta(days=30),
            "date_end": today + timedelta(days=30),
        }
        cls.course = Course.create(dict(common, name="Beginners A", level_id=cls.level.id))
        cls.course_b = Course.create(dict(common, name="Beginners B", level_id=cls.level.id))
        cls.course_adv = Course.create(dict(common, name="Advanced", level_id=cls.level2.id))
        Partner = env["res.partner"]
        cls.parent = Partner.create({"name": "Parent Li", "email": "li@example.com"})
        cls.child = Partner.create({"name": "Child Li", "parent_id": cls.parent.id})
        cls.member = Partner.create({"name": "Member Sun"})
        cls.member2 = Partner.create({"name": "Member Qian"})
        cls.parent_user = new_test_user(
            env, login="attend_parent", groups="base.group_portal", partner_id=cls.parent.id
        )
        cls.stranger_user = new_test_user(env, login="attend_stranger", groups="base.group_portal")

    @classmethod
    def at(cls, hours):
        """A naive UTC datetime ``hours`` from now, on the minute."""
        return datetime.utcnow().replace(second=0, microsecond=0) + timedelta(hours=hours)

    @classmethod
    def new_session(cls, course, hours, length=1, coach=None, space=None):
        return cls.env["sports.training.session"].create(
            {
                "course_id": course.id,
                "space_id": (space or cls.lane).id,
                "coach_id": (coach or cls.coach).id,
                "start_at": cls.at(hours),
                "end_at": cls.at(hours + length),
            }
        )

    @classmethod
    def enrol(cls, course, partner, parent=None):
        return cls.env["sports.training.enrolment"].create(
            {
                "course_id": course.id,
                "partner_id": partner.id,
                "parent_partner_id": (parent or partner).id,
                "state": "confirmed",
            }
        )

    @classmethod
    def seat(cls, session, enrolment, **vals):
        return cls.env["sports.training.attendance"].create(
            dict({"session_id": session.id, "enrolment_id": enrolment.id}, **vals)
        )

    def pass_of(self, seat, state="active"):
        return self.env["sports.access.entitlement"].search(
            [("training_attendance_id", "=", seat.id), ("state", "=", state)]
        )

    def verify(self, token, point, at, direction=None):
        return self.env["sports.access.gate"]._verify(
            token, point, self.venue, direction=direction, at=at
        )
