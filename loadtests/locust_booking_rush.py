"""booking-rush: members hold a session and load the grid of the last day of the window
before it opens; at the release each does what the grid page's script does: reads the
day's slots as JSON and books its slot (several members per slot) over the JSON booking
route; staff load the bookings list over JSON-RPC meanwhile.

Names of the requests: ``grid before release`` (the page), ``slots at release`` (the
JSON availability), ``book won`` (the order to pay), ``book lost`` (the refusal in words),
``backend list``, ``login``."""

import itertools
import random
import re
import time

from common import OUTCOMES, PLAN, login, sleep_until, use_session
from locust import HttpUser, constant, task
from locust.exception import StopUser

FREE_SLOT_RE = re.compile(r'name="slot"[^>]*?value="([^"]+)"')
_members = itertools.count()
_staff = itertools.count()
# Members still racing: staff stop reloading their list once every member has an answer,
# so that the run ends with the rush (not at a fixed time after the release).
_racing = {"members": len(PLAN.get("members", []))}


def _done():
    _racing["members"] -= 1


class Member(HttpUser):
    wait_time = constant(1)
    weight = 100

    def on_start(self):
        index = next(_members)
        members = PLAN["members"]
        if index >= len(members):
            raise StopUser()
        self.done = False
        me = members[index]
        if me["sid"]:
            use_session(self, me["sid"])
        else:
            login(self, me["login"], me["password"])
        slots = PLAN["slots"]
        self.target = slots[index % len(slots)]
        self.grid_url = f"/venues/{PLAN['venue_id']}?date={PLAN['date']}"
        self.slots_url = f"/venues/{PLAN['venue_id']}/slots?date={PLAN['date']}"
        page = self.client.get(self.grid_url, name="grid before release")
        if time.time() > PLAN["release_at"]:
            # The page came after the release: the run's lead was too short for this crowd.
            OUTCOMES["grid_after_release"] += 1
        elif any(
            value.rsplit("|", 1)[0] in PLAN["slots"] for value in FREE_SLOT_RE.findall(page.text)
        ):
            OUTCOMES["open_before_release"] += 1  # the release did not hold them back

    @task
    def race(self):
        try:
            self._race()
        finally:
            if not self.done:
                self.done = True
                _done()

    def on_stop(self):
        # A member stopped before its race (no session, the run's time up): no answer.
        if getattr(self, "done", True) is False:
            self.done = True
            _done()

    def _race(self):
        # People click within a second or so of the opening; the page's script then reads
        # the slots (as JSON, not the page) and books over JSON-RPC.
        sleep_until(PLAN["release_at"] + random.random())
        answer = self.client.get(self.slots_url, name="slots at release")
        if answer.status_code != 200:  # the member saw no slots at all
            OUTCOMES["grid_failed"] += 1
            raise StopUser()
        free = {
            slot["value"].rsplit("|", 1)[0]: slot["value"]
            for slot in answer.json()["slots"]
            if slot["free"]
        }
        hot = [free[key] for key in PLAN["slots"] if key in free]
        choice = free.get(self.target) or (random.choice(hot) if hot else None)
        if choice is None:
            OUTCOMES["sold_out"] += 1
            raise StopUser()
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {"slots": [choice], "expected_amount": choice.rsplit("|", 1)[1]},
        }
        with self.client.post(
            f"/venues/{PLAN['venue_id']}/book/json",
            json=payload,
            name="book",
            catch_response=True,
        ) as response:
            body = response.json() if response.status_code == 200 else {}
            result = body.get("result") or {}
            if "/my/orders/" in (result.get("redirect") or ""):
                response.request_meta["name"] = "book won"
                OUTCOMES["won"] += 1
                response.success()
            elif result.get("error"):
                response.request_meta["name"] = "book lost"
                OUTCOMES["lost"] += 1
                response.success()
            else:
                OUTCOMES["other"] += 1
                response.failure(f"unexpected answer {response.status_code}: {body}"[:300])
        raise StopUser()


class Staff(HttpUser):
    """Staff with the backend's bookings list open, reloading it through the rush."""

    wait_time = constant(0.5)
    fixed_count = len(PLAN.get("staff", []))

    def on_start(self):
        index = next(_staff)
        use_session(self, PLAN["staff"][index]["sid"])
        self.ids = itertools.count(1)
        self.end = PLAN["release_at"] + 20
        sleep_until(PLAN["release_at"] - 2)

    @task
    def bookings_list(self):
        # Through the rush: until every member has an answer, 20 s after the release at most.
        now = time.time()
        if now > self.end or (now > PLAN["release_at"] and _racing["members"] <= 0):
            raise StopUser()
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": next(self.ids),
            "params": {
                "model": "sports.booking",
                "method": "web_search_read",
                "args": [],
                "kwargs": {
                    "domain": [("venue_id", "=", PLAN["venue_id"])],
                    "specification": {
                        "name": {},
                        "start_at": {},
                        "end_at": {},
                        "state": {},
                        "space_id": {"fields": {"display_name": {}}},
                        "partner_id": {"fields": {"display_name": {}}},
                        "amount_total": {},
                    },
                    "limit": 80,
                    "order": "start_at desc",
                    "count_limit": 10001,
                },
            },
        }
        with self.client.post(
            "/web/dataset/call_kw/sports.booking/web_search_read",
            json=payload,
            name="backend list",
            catch_response=True,
        ) as response:
            body = response.json() if response.status_code == 200 else {}
            if "error" in body or "result" not in body:
                response.failure(str(body.get("error", response.status_code))[:200])
