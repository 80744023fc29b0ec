"""Ten simultaneous online scans of one pass at two entry gates (issue 12, item 10).

Each thread has its own connection and transaction, as two gate requests do; a thread whose
wait for the pass's lock ends in a serialisation failure starts again with a new
snapshot, as Odoo replays a request.
"""

import random
import threading
import time
import uuid

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.fields import Command
from odoo.modules.registry import Registry
from odoo.orm.environments import Transaction
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestConcurrentScans(BaseCase):
    THREADS = 10

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        tag = uuid.uuid4().hex[:6].upper()
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            venue = env["sports.venue"].create({"name": f"Race {tag}", "code": f"R{tag}"})
            area = env["sports.area"].create(
                {
                    "name": "Race pool",
                    "venue_id": venue.id,
                    "access_anti_passback": True,
                    "access_sharing_minutes": 3,
                }
            )
            points = env["sports.access.point"].create(
                [
                    {"name": code, "code": code, "area_id": area.id, "direction": "in"}
                    for code in ("race-in-1", "race-in-2")
                ]
            )
            partner = env["res.partner"].create({"name": "Racer"})
            base = {
                "kind": "ticket",
                "company_id": venue.company_id.id,
                "venue_ids": [Command.set(venue.ids)],
                "partner_id": partner.id,
                "opening_hours": False,
            }
            day, single = env["sports.access.entitlement"]._issue(
                [
                    dict(base, name="Race day pass", ticket_kind="day"),
                    dict(
                        base,
                        name="Race single",
                        ticket_kind="single",
                        counted=True,
                        uses_total=1,
                        uses_left=1,
                    ),
                ]
            )
            cls.venue_id, cls.area_id, cls.point_ids = venue.id, area.id, points.ids
            cls.partner_id = partner.id
            cls.tokens = {"day": day.qr_token, "single": single.qr_token}
            cls.entitlement_ids = (day | single).ids
            cr.commit()  # pylint: disable=invalid-commit
        cls.addClassCleanup(cls._cleanup)

    @classmethod
    def _cleanup(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            # The access log is append-only; only this fixture's own rows go, by SQL.
            cr.execute("DELETE FROM sports_access_event WHERE venue_id = %s", [cls.venue_id])
            env["sports.access.entitlement"].browse(cls.entitlement_ids).unlink()
            env["sports.access.point"].browse(cls.point_ids).unlink()
            env["sports.area"].browse(cls.area_id).unlink()
            env["sports.venue"].browse(cls.venue_id).unlink()
            env["res.partner"].browse(cls.partner_id).unlink()
            cr.commit()  # pylint: disable=invalid-commit

    def scan_all_at_once(self, token):
        barrier = threading.Barrier(self.THREADS)
        outcomes, lock = [], threading.Lock()
        retries = [0]

        def scan(index):
            point = ("race-in-1", "race-in-2")[index % 2]
            event_uuid = str(uuid.uuid4())
            barrier.wait(timeout=60)
            for _attempt in range(200):
                with self.registry.cursor() as cr:
                    cr.transaction = Transaction(self.registry)
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    # A request reads (its API key, its user) before it decides: the
                    # snapshot is taken before the gate's work starts.
                    venues = env["sports.venue"].browse(self.venue_id)
                    venues.read(["name"])
                    try:
                        answer = env["sports.access.gate"]._verify(
                            token, point, venues, uuid=event_uuid
                        )
                        cr.commit()  # pylint: disable=invalid-commit
                        return answer["decision"], answer["reason"]
                    except SerializationFailure:
                        cr.rollback()
                        with lock:
                            retries[0] += 1
                time.sleep(random.uniform(0, 0.02))
            return "gave up", None

        def guarded(index):
            try:
                result = scan(index)
            except Exception as exc:  # a crashed worker must fail the test, not hang it
                result = (f"error: {exc!r}", None)
            with lock:
                outcomes.append(result)

        threads = [threading.Thread(target=guarded, args=(i,)) for i in range(self.THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        self.assertEqual(len(outcomes), self.THREADS, outcomes)
        return outcomes

    @mute_logger("odoo.sql_db")
    def test_ten_scans_of_a_day_pass_at_two_gates_admit_one(self):
        outcomes = self.scan_all_at_once(self.tokens["day"])
        granted = [o for o in outcomes if o[0] == "granted"]
        self.assertEqual(len(granted), 1, outcomes)
        self.assertTrue(
            all(
                o[0] == "denied" and o[1] in ("passback", "sharing")
                for o in outcomes
                if o[0] != "granted"
            ),
            outcomes,
        )
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM sports_access_event "
                "WHERE entitlement_id = %s AND decision = 'granted'",
                [self.entitlement_ids[0]],
            )
            self.assertEqual(cr.fetchone()[0], 1)

    @mute_logger("odoo.sql_db")
    def test_ten_scans_of_a_single_entry_ticket_admit_one(self):
        outcomes = self.scan_all_at_once(self.tokens["single"])
        self.assertEqual([o[0] for o in outcomes].count("granted"), 1, outcomes)
