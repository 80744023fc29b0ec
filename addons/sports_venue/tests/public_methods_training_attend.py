"""The rights table's rows of sports_training's attendance and make-ups (see
``public_methods``)."""

from datetime import datetime, timedelta

from .public_methods_base import Method


def _attend_fixture(fx):
    """A course at the fixture venue with a seat missed yesterday, a seat in a session
    going on now, and a session tomorrow to make the missed one up in (built once)."""
    cached = getattr(fx, "_attend_cached", None)
    if cached:
        return cached
    env = fx.env
    today = datetime.utcnow().date()
    level = env["sports.training.level"].create({"name": "Fixture Level"})
    course = env["sports.training.course"].create(
        {
            "name": "Fixture Course",
            "venue_id": fx.venue.id,
            "space_id": fx.space.id,
            "sport_id": fx.space.sport_ids[:1].id,
            "level_id": level.id,
            "capacity": 5,
            "date_start": today - timedelta(days=10),
            "date_end": today + timedelta(days=10),
        }
    )
    now = datetime.utcnow().replace(second=0, microsecond=0)
    Session = env["sports.training.session"]
    sessions = Session.create(
        [
            {
                "course_id": course.id,
                "space_id": fx.space.id,
                "start_at": now + timedelta(days=days),
                "end_at": now + timedelta(days=days, hours=1),
            }
            for days in (-1, 0, 1)
        ]
    )
    enrolment = env["sports.training.enrolment"].create(
        {"course_id": course.id, "partner_id": fx.partner.id, "state": "confirmed"}
    )
    Seat = env["sports.training.attendance"]
    missed = Seat.create(
        {"session_id": sessions[0].id, "enrolment_id": enrolment.id, "state": "absent"}
    )
    current = Seat.create({"session_id": sessions[1].id, "enrolment_id": enrolment.id})
    wizard = env["sports.training.makeup.wizard"].create(
        {"attendance_id": missed.id, "session_id": sessions[2].id}
    )
    fx._attend_cached = {"current": current, "wizard": wizard}
    return fx._attend_cached


def _card_pay(fx):
    """A pending per-session enrolment and a class pack of its course in the wizard of
    sports_training_membership (built once)."""
    cached = getattr(fx, "_card_pay_cached", None)
    if cached:
        return cached, {}
    env = fx.env
    course = _attend_fixture(fx)["current"].course_id
    course.price_mode = "session"
    pack_type = env["sports.card.type"].create(
        {
            "name": "Fixture Pack",
            "kind": "count",
            "uses": 5,
            "training_course_ids": [(6, 0, course.ids)],
        }
    )
    card = env["sports.card"].create({"type_id": pack_type.id, "partner_id": fx.partner.id})
    enrolment = env["sports.training.enrolment"].create(
        {"course_id": course.id, "partner_id": fx.other_partner.id, "state": "pending"}
    )
    card.partner_ids = [(4, fx.other_partner.id)]
    fx._card_pay_cached = env["sports.training.card.pay"].create(
        {"enrolment_id": enrolment.id, "card_id": card.id}
    )
    return fx._card_pay_cached, {}


TRAINING_ATTEND_METHODS = [
    Method(
        "sports.training.attendance",
        "action_mark",
        "write",
        args={"state": "choice:present|absent|excused"},
        valid=lambda fx: (_attend_fixture(fx)["current"], {"state": "present"}),
    ),
    Method(
        "sports.training.makeup.wizard",
        "action_book",
        "write:sports.training.attendance",
        valid=lambda fx: (_attend_fixture(fx)["wizard"], {}),
    ),
    Method(
        "sports.training.card.pay",
        "action_pay",
        "write:sports.card",
        valid=_card_pay,
    ),
]
