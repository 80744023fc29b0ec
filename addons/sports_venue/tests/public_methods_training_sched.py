"""The rights table's rows of sports_training's scheduling and commission (see
``public_methods``)."""

from datetime import date, datetime

from .public_methods_base import Method


def _sched_course(fx):
    """A draft course of the fixture venue, with a coach and a weekly line."""
    env = fx.env
    coach = env["hr.employee"].create({"name": "Fixture Coach", "is_coach": True})
    course = env["sports.training.course"].create(
        {
            "name": "Fixture Course",
            "venue_id": fx.venue.id,
            "space_id": fx.space.id,
            "sport_id": fx.space.sport_ids[:1].id or env["sports.sport"].search([], limit=1).id,
            "coach_id": coach.id,
            "date_start": date(2031, 3, 1),
            "date_end": date(2031, 3, 31),
            "slot_ids": [(0, 0, {"weekday": "0", "hour_from": 9.0, "hour_to": 10.0})],
        }
    )
    return course


def _sched_session(fx):
    course = _sched_course(fx)
    return env_session(fx, course)


def env_session(fx, course):
    return fx.env["sports.training.session"].create(
        {
            "course_id": course.id,
            "space_id": course.space_id.id,
            "coach_id": course.coach_id.id,
            "start_at": datetime(2031, 3, 3, 1),
            "end_at": datetime(2031, 3, 3, 2),
        }
    )


def _sched_statement(fx):
    coach = fx.env["hr.employee"].create({"name": "Fixture Paid Coach", "is_coach": True})
    return fx.env["sports.coach.statement"].create(
        {
            "employee_id": coach.id,
            "company_id": coach.company_id.id,
            "date_from": date(2001, 1, 1),
            "date_to": date(2001, 1, 31),
        }
    )


TRAINING_SCHED_METHODS = [
    Method(
        "sports.training.course",
        "action_open",
        "write",
        valid=lambda fx: (_sched_course(fx), {}),
    ),
    Method(
        "sports.training.course",
        "action_cancel",
        "write",
        valid=lambda fx: (_sched_course(fx), {}),
    ),
    Method(
        "sports.training.session",
        "action_cancel",
        "write",
        args={"reason": "text"},
        valid=lambda fx: (_sched_session(fx), {"reason": "Fixture reason"}),
    ),
    Method(
        "sports.training.session.cancel",
        "action_confirm",
        "write:sports.training.session",
        valid=lambda fx: (
            fx.env["sports.training.session.cancel"].create(
                {"session_ids": [(6, 0, _sched_session(fx).ids)], "reason": "Fixture"}
            ),
            {},
        ),
    ),
    Method(
        "sports.coach.statement",
        "action_confirm",
        "write",
        valid=lambda fx: (_sched_statement(fx), {}),
    ),
    Method(
        "sports.coach.statement",
        "action_cancel",
        "write",
        valid=lambda fx: (_sched_statement(fx), {}),
    ),
    Method(
        "sports.coach.statement.generate",
        "action_generate",
        "create:sports.coach.statement",
        valid=lambda fx: (
            fx.env["sports.coach.statement.generate"].create(
                {"date_from": date(2001, 1, 1), "date_to": date(2001, 1, 31)}
            ),
            {},
        ),
    ),
]
