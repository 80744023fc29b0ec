"""booking-rush: members hold a session and load the grid of the last day of the window
before it opens; at the release each reloads the grid and books its slot (several members
per slot) with the portal's form POST; staff load the bookings list over JSON-RPC meanwhile.

Names of the requests: ``grid before release``, ``grid at release``, ``book won`` (303 to
the order), ``book lost`` (422, the page with its error), ``backend list``, ``login``."""

import itertools
import random
import re
import time

from common import OUTCOMES, PLAN, csrf_token, login, sleep_until, use_session
from locust import HttpUser, constant, task
from locust.exception import StopUser

FREE_SLOT_RE = re.compile(r'name="slot"[^>]*?value="([^"]+)"')
_members = itertools.count()
_staff = itertools.count()


class Member(HttpUser):
    wait_time = constant(1)
    weight = 100

    def on_start(self):
        index = next(_members)
        members = PLAN["members"]
        if index >= len(members):
            raise StopUser()
        me = members[index]
        if me["sid"]:
            use_session(self, me["sid"])
        else:
            login(self, me["login"], me["password"])
        slots = PLAN["slots"]
        self.target = slots[index % len(slots)]
        self.grid_url = f"/venues/{PLAN['venue_id']}?date={PLAN['date']}"
        page = self.client.get(self.grid_url, name="grid before release")
        if time.time() < PLAN["release_at"] and any(
            value.rsplit("|", 1)[0] in PLAN["slots"] for value in FREE_SLOT_RE.findall(page.text)
        ):
            OUTCOMES["open_before_release"] += 1  # the release did not hold them back

    @task
    def race(self):
        # People click within a second or so of the opening.
        sleep_until(PLAN["release_at"] + random.random())
        page = self.client.get(self.grid_url, name="grid at release")
        if page.status_code != 200:  # the member saw an error page or none at all
            OUTCOMES["grid_failed"] += 1
            raise StopUser()
        free = {value.rsplit("|", 1)[0]: value for value in FREE_SLOT_RE.findall(page.text)}
        hot = [free[key] for key in PLAN["slots"] if key in free]
        choice = free.get(self.target) or (random.choice(hot) if hot else None)
        if choice is None:
            OUTCOMES["sold_out"] += 1
            raise StopUser()
        with self.client.post(
            f"/venues/{PLAN['venue_id']}/book",
            data={"slot": choice, "csrf_token": csrf_token(page.text), "date": PLAN["date"]},
            allow_redirects=False,
            name="book",
            catch_response=True,
        ) as response:
            if response.status_code == 303 and "/my/orders/" in response.headers.get(
                "Location", ""
            ):
                response.request_meta["name"] = "book won"
                OUTCOMES["won"] += 1
                response.success()
            elif response.status_code == 422:
                response.request_meta["name"] = "book lost"
                OUTCOMES["lost"] += 1
                response.success()
            else:
                OUTCOMES["other"] += 1
                response.failure(f"unexpected answer {response.status_code}")
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
        if time.time() > self.end:
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
