"""gate-day: each proxy (one venue, its own API key) syncs its venue in full, then uploads a
busy day's gate events in batches from the day's start on, with an incremental sync every
few batches, a few online verifies, and every tenth batch sent twice on purpose (a proxy
that lost Odoo's answer); portal members browse the venue pages and their own pages
meanwhile, until every proxy is done.

The calls are the proxy's own JSON-2 protocol (``hw_proxy.odoo_client``, docs/proxy-api.md):
``POST /json/2/sports.access.api/<method>`` with ``Authorization: bearer <key>`` and
``X-Odoo-Database``, the parameters as the JSON body.

Names of the requests: ``sync (full)``, ``sync``, ``upload``, ``upload (resent)``, ``verify``,
``portal``. Besides locust's results it writes ``sent.json`` (every uuid sent, how many Odoo
accepted, when the uploads started and ended) for ``prepare_gate_day.check_run``."""

import itertools
import json
import random
import time
import uuid
from datetime import UTC, datetime

from common import OUTCOMES, PLAN, sleep_until, use_session
from locust import HttpUser, between, constant, events, task
from locust.exception import StopUser

_proxies = itertools.count()
_members = itertools.count()
SENT = {"uuids": [], "uploaded": 0, "accepted": 0, "started": 0.0, "ended": 0.0}
RUNNING = {"proxies": len(PLAN.get("proxies", []))}
SYNC_EVERY = 5  # batches
VERIFY_EVERY = 4
RESEND_EVERY = 10


@events.quitting.add_listener
def _write_sent(**_kwargs):
    if PLAN.get("sent_path"):
        with open(PLAN["sent_path"], "w", encoding="utf-8") as fp:
            json.dump(SENT, fp)


def day_events(proxy, count, rng):
    """``count`` events of one venue's day, from the day's start (at most 12 hours ago) to
    now, in time order: day passes in and out of the gym (QR code id, or the wristband's
    uid), pool tickets in (once each; refused after) and out, a few passbacks, and unknown
    cards refused."""
    now = time.time()
    start = max(proxy["day_start"], now - 12 * 3600)
    times = sorted(start + rng.random() * (now - 60 - start) for _i in range(count))
    out, used = [], set()
    for at in times:
        roll = rng.random()
        reason = None
        if roll < 0.40:
            credential = {"kind": "qr", "code": rng.choice(proxy["passes"])}
            point = rng.choice(("gym-in-1", "gym-out-1"))
        elif roll < 0.60:
            credential = rng.choice(proxy["wristbands"])
            point = rng.choice(("gym-in-1", "gym-out-1"))
        elif roll < 0.85:  # one entry a ticket: the gate refuses it once used, exits are free
            code = rng.choice(proxy["tickets"])
            credential = {"kind": "qr", "code": code}
            point = rng.choice(("pool-in-1", "pool-out-1"))
            if point == "pool-in-1" and code in used:
                reason = "no_uses_left"
            elif point == "pool-in-1":
                used.add(code)
        elif roll < 0.92:
            credential = {"kind": "qr", "code": rng.choice(proxy["tickets"])}
            point, reason = "pool-in-1", "passback"
        else:
            credential = f"04{rng.getrandbits(48):012X}"
            point, reason = "pool-in-1", "unknown_credential"
        out.append(
            {
                "uuid": str(uuid.uuid4()),
                "point": point,
                "credential": credential,
                "direction": point.split("-")[1],
                "decision": "denied" if reason else "granted",
                "reason": reason,
                "device_time": datetime.fromtimestamp(at, UTC).isoformat(),
            }
        )
    return out


class Proxy(HttpUser):
    """One venue's hardware proxy, catching up with a busy day."""

    wait_time = constant(0)
    fixed_count = len(PLAN.get("proxies", []))

    def on_start(self):
        index = next(_proxies)
        self.me = PLAN["proxies"][index]
        self.rng = random.Random(index)
        self.headers = {
            "Authorization": f"bearer {self.me['key']}",
            "X-Odoo-Database": self.me["db"],
        }
        self.cursor = None
        self.sync("sync (full)")
        sleep_until(PLAN["release_at"])
        self.todo = day_events(self.me, PLAN["events"], self.rng)
        self.batches = 0

    def call(self, method, name, **params):
        """One JSON-2 call; its result, or None when Odoo refused it."""
        with self.client.post(
            f"/json/2/sports.access.api/{method}",
            json=params,
            headers=self.headers,
            name=name,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}: {response.text[:200]}")
                return None
            return response.json()

    def sync(self, name):
        while True:
            page = self.call("sync", name, cursor=self.cursor, limit=500)
            if page is None:
                return
            self.cursor = page["cursor"]
            if not page["more"]:
                return

    @task
    def day(self):
        if not self.todo or time.time() > PLAN["release_at"] + PLAN["rush"]:
            RUNNING["proxies"] -= 1
            raise StopUser()
        batch, self.todo = self.todo[: PLAN["batch"]], self.todo[PLAN["batch"] :]
        SENT["started"] = SENT["started"] or time.time()
        SENT["uuids"] += [event["uuid"] for event in batch]
        SENT["uploaded"] += len(batch)
        answer = self.call("upload_events", "upload", batch=batch)
        for _retry in range(3):  # no answer: the proxy keeps the batch and sends it again
            if answer is not None:
                break
            answer = self.call("upload_events", "upload (retry)", batch=batch)
        SENT["ended"] = time.time()
        if answer is not None:
            SENT["accepted"] += len(answer["accepted"])
            OUTCOMES["rejected"] += len(answer["rejected"])
        self.batches += 1
        if self.batches % RESEND_EVERY == 1:  # the answer "lost": the proxy sends it again
            again = self.call("upload_events", "upload (resent)", batch=batch)
            OUTCOMES["resent_batches"] += 1
            OUTCOMES["resent_events"] += len(batch)
            if again is not None:
                OUTCOMES["resent_duplicates"] += len(again["duplicates"])
                SENT["accepted"] += len(again["accepted"])
        if self.batches % VERIFY_EVERY == 0:  # someone at a gate while the proxy is online
            credential = self.rng.choice(self.me["wristbands"] + self.me["pass_tokens"])
            event_uuid = str(uuid.uuid4())
            SENT["uuids"].append(event_uuid)
            if self.call(
                "verify", "verify", credential=credential, point="gym-in-1", uuid=event_uuid
            ):
                SENT["accepted"] += 1
        if self.batches % SYNC_EVERY == 0:
            self.sync("sync")


class Member(HttpUser):
    """A portal member browsing the venues and their own pages."""

    wait_time = between(1, 3)
    weight = 100

    def on_start(self):
        index = next(_members)
        if index >= len(PLAN["members"]):
            raise StopUser()
        use_session(self, PLAN["members"][index]["sid"])
        proxies = PLAN["proxies"]
        venue_id = proxies[index % len(proxies)]["venue_id"]
        self.pages = ["/venues", f"/venues/{venue_id}", "/my", "/my/tickets", "/my/bookings"]
        sleep_until(PLAN["release_at"])

    @task
    def browse(self):
        if RUNNING["proxies"] <= 0:
            raise StopUser()
        with self.client.get(
            random.choice(self.pages), name="portal", catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
