"""The rights table's rows of sports_training's enrolment (see ``public_methods``)."""

from datetime import timedelta

from odoo import fields

from .public_methods_base import Method


def _enrol_course(fx):
    """An open paid course at the fixture space: a new one each time, since the fuzz calls
    ``valid`` again for every example and keeps what it made (seats, enrolments)."""
    today = fields.Date.context_today(fx.venue)
    sport = fx.space.sport_ids[:1] or fx.env["sports.sport"].search([], limit=1)
    return fx.env["sports.training.course"].create(
        {
            "name": "Fixture Course",
            "venue_id": fx.venue.id,
            "space_id": fx.space.id,
            "sport_id": sport.id,
            "capacity": 5,
            "price": 100.0,
            "date_start": today + timedelta(days=1),
            "date_end": today + timedelta(days=30),
            "state": "open",
        }
    )


def _pupil(fx):
    return fx.env["res.partner"].create({"name": "Fixture Pupil"})


def _pending_enrolment(fx):
    return _enrol_course(fx)._enrol(_pupil(fx)), {}


def _confirmed_enrolment(fx):
    enrolment = _enrol_course(fx)._enrol(_pupil(fx))
    enrolment.action_confirm()
    return enrolment, {}


def _enrol_wizard(fx):
    wizard = fx.env["sports.training.enrol.wizard"].create(
        {"course_id": _enrol_course(fx).id, "partner_id": _pupil(fx).id}
    )
    return wizard, {}


TRAINING_ENROL_METHODS = [
    Method("sports.training.enrolment", "action_confirm", "write", valid=_pending_enrolment),
    Method("sports.training.enrolment", "action_cancel", "write", valid=_confirmed_enrolment),
    Method(
        "sports.training.enrol.wizard",
        "action_enrol",
        "create:sports.training.enrolment",
        valid=_enrol_wizard,
    ),
]
