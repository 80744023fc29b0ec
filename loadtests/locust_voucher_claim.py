"""voucher-claim: verified members hold a session and look at My vouchers before a batch
is released; in its first second each claims through the Claim button's JSON route.

Names of the requests: ``my vouchers``, ``claim won``, ``claim lost`` (sold out), ``claim
refused`` (another reason, in words)."""

import itertools
import random

from common import OUTCOMES, PLAN, sleep_until, use_session
from locust import HttpUser, constant, task
from locust.exception import StopUser

_members = itertools.count()


class Member(HttpUser):
    wait_time = constant(1)

    def on_start(self):
        index = next(_members)
        if index >= len(PLAN["members"]):
            raise StopUser()
        use_session(self, PLAN["members"][index]["sid"])
        self.client.get("/my/vouchers", name="my vouchers")

    @task
    def claim(self):
        sleep_until(PLAN["release_at"] + random.random())  # the first second
        payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": {}}
        with self.client.post(
            f"/my/vouchers/claim/{PLAN['batch_id']}/json",
            json=payload,
            name="claim",
            catch_response=True,
        ) as response:
            result = (response.json() if response.status_code == 200 else {}).get("result")
            if result and result.get("code"):
                response.request_meta["name"] = "claim won"
                OUTCOMES["claimed"] += 1
                response.success()
            elif result and "sold out" in (result.get("error") or "").lower():
                response.request_meta["name"] = "claim lost"
                OUTCOMES["sold_out"] += 1
                response.success()
            elif result and result.get("error"):
                response.request_meta["name"] = "claim refused"
                OUTCOMES["refused"] += 1
                response.success()
            else:
                OUTCOMES["other"] += 1
                response.failure(f"unexpected answer {response.status_code}")
        raise StopUser()
