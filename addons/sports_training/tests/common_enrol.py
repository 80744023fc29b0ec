"""Fixtures of the enrolment tests: a pool, a children's course with sessions to come."""

from datetime import date, timedelta

from odoo import fields


def enrol_fixture(env, tag, capacity=2, price=0.0, age_min=0, age_max=0, price_mode="term"):
    """A venue, a space, a sport and an open course with three planned sessions, the first
    in three days. :returns: a dict of the records"""
    venue = env["sports.venue"].create({"name": f"Enrol Pool {tag}", "code": f"ENR{tag}"})
    space = env["sports.space"].create({"name": "Lane 1", "venue_id": venue.id})
    sport = env["sports.sport"].create({"name": f"Enrol Swimming {tag}", "code": f"enr{tag}"})
    today = fields.Date.context_today(venue)
    course = env["sports.training.course"].create(
        {
            "name": f"Children's Swimming {tag}",
            "venue_id": venue.id,
            "space_id": space.id,
            "sport_id": sport.id,
            "capacity": capacity,
            "price": price,
            "price_mode": price_mode,
            "age_min": age_min,
            "age_max": age_max,
            "date_start": today + timedelta(days=3),
            "date_end": today + timedelta(days=60),
            "state": "open",
        }
    )
    now = fields.Datetime.now().replace(microsecond=0)
    sessions = env["sports.training.session"].create(
        [
            {
                "course_id": course.id,
                "space_id": space.id,
                "start_at": now + timedelta(days=3 + 7 * week),
                "end_at": now + timedelta(days=3 + 7 * week, hours=1),
            }
            for week in range(3)
        ]
    )
    return {"venue": venue, "space": space, "sport": sport, "course": course, "sessions": sessions}


def born_years_ago(years, on=None):
    """A birth date ``years`` years before ``on`` (default today), minus a day."""
    on = on or date.today()
    return on.replace(year=on.year - years) - timedelta(days=1)
