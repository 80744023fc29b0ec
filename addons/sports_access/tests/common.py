import json
import uuid
from datetime import datetime
from pathlib import Path

import pytz

from odoo.fields import Command
from odoo.tests import TransactionCase
from odoo.tools.misc import file_path

from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ
from odoo.addons.sports_venue.tests.common import open_every_day  # noqa: F401 (shared)

TZ = pytz.timezone(DEFAULT_TZ)


def local(text):
    """Naive UTC datetime of an ISO time with offset, or of a Shanghai wall-clock text."""
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = TZ.localize(value)
    return value.astimezone(pytz.utc).replace(tzinfo=None)


def load_vectors():
    """``data/access_vectors.json`` of the repository that holds this addon.

    The vectors live at the repository root, shared with hw_proxy: look for them in the
    addon's parent folders, wherever the repository is checked out.
    """
    folder = Path(file_path("sports_access/__manifest__.py")).resolve().parent
    for parent in folder.parents:
        candidate = parent / "data" / "access_vectors.json"
        if candidate.is_file():
            return json.loads(candidate.read_text(encoding="utf-8"))
    raise FileNotFoundError("data/access_vectors.json not found above " + str(folder))


class AccessCase(TransactionCase):
    """A venue open 06:00-22:00 with a pool (anti-passback, 3 min sharing window), a gym
    (no rules) and a court (anti-passback with a 120 min timeout), and their gates."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.calendar = open_every_day(cls.env, "Access 06-22", 6, 22)
        cls.venue = cls.env["sports.venue"].create(
            {
                "name": "Access Arena",
                "code": "TACC",
                "tz": DEFAULT_TZ,
                "resource_calendar_id": cls.calendar.id,
            }
        )
        Area = cls.env["sports.area"]
        cls.pool = Area.create(
            {
                "name": "Pool",
                "venue_id": cls.venue.id,
                "access_anti_passback": True,
                "access_sharing_minutes": 3,
            }
        )
        cls.gym = Area.create(
            {"name": "Gym", "venue_id": cls.venue.id, "access_sharing_minutes": 0}
        )
        cls.court = Area.create(
            {
                "name": "Court",
                "venue_id": cls.venue.id,
                "access_anti_passback": True,
                "access_passback_timeout": 120,
                "access_sharing_minutes": 0,
            }
        )
        cls.swimming = cls.env.ref("sports_venue.sport_swimming")
        cls.lane = cls.env["sports.space"].create(
            {
                "name": "Lane A",
                "venue_id": cls.venue.id,
                "area_id": cls.pool.id,
                "sport_ids": [Command.set(cls.swimming.ids)],
            }
        )
        Point = cls.env["sports.access.point"]
        cls.points = {}
        for code, area, direction in (
            ("pool-in-1", cls.pool, "in"),
            ("pool-in-2", cls.pool, "in"),
            ("pool-out-1", cls.pool, "out"),
            ("gym-in-1", cls.gym, "in"),
            ("court-in-1", cls.court, "in"),
            ("court-1", cls.court, "both"),
        ):
            cls.points[code] = Point.create(
                {"name": code, "code": code, "area_id": area.id, "direction": direction}
            )
        cls.areas = {"pool": cls.pool, "gym": cls.gym, "court": cls.court}
        cls.Api = cls.env["sports.access.api"]
        cls.Gate = cls.env["sports.access.gate"]
        cls.Upload = cls.env["sports.access.upload"]
        cls.Entitlement = cls.env["sports.access.entitlement"]
        cls.Event = cls.env["sports.access.event"]
        cls.holder = cls.env["res.partner"].create({"name": "Li Na", "phone": "13800138001"})

    def ticket(self, **vals):
        """An active single-area ticket entitlement with its QR."""
        base = {
            "name": "Test ticket",
            "kind": "ticket",
            "ticket_kind": "single",
            "company_id": self.company.id,
            "venue_ids": [Command.set(self.venue.ids)],
            "area_ids": [Command.set(self.pool.ids)],
            "partner_id": self.holder.id,
            "valid_from": local("2026-11-25T00:00:00+08:00"),
            "valid_to": local("2026-11-26T00:00:00+08:00"),
            "counted": True,
            "uses_total": 1,
            "uses_left": 1,
            "opening_hours": True,
        }
        base.update(vals)
        return self.Entitlement._issue([base])

    def verify(self, credential, point, at, direction=None):
        return self.Gate._verify(
            credential, point, self.venue, uuid=str(uuid.uuid4()), direction=direction, at=at
        )

    def assertDecision(self, answer, decision, reason=None):
        self.assertEqual((answer["decision"], answer["reason"]), (decision, reason), answer)


def sync_all(env, venues, cursor=None, limit=1000):
    """Every change the proxy of ``venues`` gets after ``cursor``, page after page (a demo
    database holds more passes than one page): the entitlements and credentials of all
    pages, and the last page's cursor."""
    sync = env["sports.access.sync"]
    merged = {"entitlements": [], "credentials": []}
    while True:
        page = sync._page(cursor, limit, venues)
        merged["entitlements"] += page["entitlements"]
        merged["credentials"] += page["credentials"]
        cursor = page["cursor"]
        if not page["more"]:
            return dict(merged, cursor=cursor)
