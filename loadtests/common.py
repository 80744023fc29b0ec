"""What the locust files share (they run in the load venv, without Odoo): the run's plan
written by ``driver.py``, Odoo's session cookie and CSRF token, and the raw results
(response times by request name, status codes, outcomes) that ``driver.py`` summarises."""

import json
import os
import re
import time
from collections import Counter, defaultdict

import gevent
from locust import events

PLAN = {}
if os.environ.get("LOAD_PLAN"):
    with open(os.environ["LOAD_PLAN"], encoding="utf-8") as _fp:
        PLAN = json.load(_fp)

CSRF_RE = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')
TIMES = defaultdict(list)
STATUSES = Counter()
OUTCOMES = Counter()
ERRORS = []


@events.request.add_listener
def _record(name, response_time, response=None, exception=None, **_kwargs):
    TIMES[name].append(response_time)
    if response is not None and getattr(response, "status_code", 0):
        STATUSES[str(response.status_code)] += 1
    if exception is not None:
        ERRORS.append(f"{name}: {exception}"[:300])


@events.quitting.add_listener
def _write(**_kwargs):
    path = os.environ.get("LOAD_RESULT")
    if not path:
        return
    with open(path, "w", encoding="utf-8") as fp:
        json.dump(
            {"times": TIMES, "statuses": STATUSES, "outcomes": OUTCOMES, "errors": ERRORS[:50]},
            fp,
        )


@events.test_start.add_listener
def _quit_when_everyone_is_done(environment, **_kwargs):
    """End the run once every user has finished after the release (-t is only the bound)."""

    def watch():
        sleep_until(PLAN.get("release_at", 0) + 2)
        while environment.runner.user_count:
            gevent.sleep(0.5)
        environment.runner.quit()

    gevent.spawn(watch)


def use_session(user, sid):
    """Browse as the Odoo session ``sid`` (issued by prepare, as a login leaves it)."""
    host = user.host.split("://", 1)[1].split(":")[0]
    user.client.cookies.set("session_id", sid, domain=host, path="/")


def csrf_token(html):
    match = CSRF_RE.search(html or "")
    return match.group(1) if match else None


def login(user, login_name, password):
    """A real login on /web/login (CSRF token from the form), as a browser does it."""
    page = user.client.get("/web/login", name="login form")
    with user.client.post(
        "/web/login",
        data={"login": login_name, "password": password, "csrf_token": csrf_token(page.text)},
        allow_redirects=False,
        name="login",
        catch_response=True,
    ) as response:
        if response.status_code != 303:
            response.failure(f"login refused: {response.status_code}")


def sleep_until(epoch):
    delay = epoch - time.time()
    if delay > 0:
        gevent.sleep(delay)
