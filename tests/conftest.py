"""End-to-end fixtures: a real Odoo started by scripts/test, the real broker, real processes.

Environment (set by scripts/test): ARENA_E2E_URL, ARENA_E2E_DB, ARENA_MQTT_PORT, ODOO_SRC.
"""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import pytest

from hw_proxy.odoo_client import OdooClient, OdooError

URL = os.environ.get("ARENA_E2E_URL", "http://127.0.0.1:8269")
DB = os.environ.get("ARENA_E2E_DB", "arena_test")
MQTT_PORT = int(os.environ.get("ARENA_MQTT_PORT", "1883"))


class JsonRpc:
    """A minimal JSON-RPC web client with its own session cookie."""

    def __init__(self, url):
        self.url = url
        self.cookie = None

    def call(self, path, params):
        body = json.dumps(
            {"jsonrpc": "2.0", "method": "call", "params": params, "id": uuid.uuid4().hex}
        ).encode()
        req = urllib.request.Request(
            self.url + path, data=body, headers={"Content-Type": "application/json"}
        )
        if self.cookie:
            req.add_header("Cookie", self.cookie)
        with urllib.request.urlopen(req, timeout=60) as resp:
            cookie = resp.headers.get("Set-Cookie")
            if cookie:
                self.cookie = cookie.split(";", 1)[0]
            return json.loads(resp.read())

    def login(self, login, password):
        reply = self.call(
            "/web/session/authenticate", {"db": DB, "login": login, "password": password}
        )
        assert "error" not in reply, reply
        return reply["result"]

    def call_kw(self, model, method, args, kwargs=None):
        return self.call(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )


@pytest.fixture(scope="session")
def odoo_url():
    deadline = time.monotonic() + 120
    last = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(URL + "/web/health", timeout=5) as resp:
                if resp.status == 200:
                    return URL
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            last = exc
        time.sleep(1)
    pytest.fail(f"Odoo did not answer on {URL}: {last}")


@pytest.fixture
def rpc(odoo_url):
    return JsonRpc(odoo_url)


def odoo_shell(code):
    """Run ``code`` in ``odoo-bin shell`` on the e2e database; return its stdout."""
    conf = os.environ.get("ARENA_ODOO_CONF")
    odoo_src = os.environ.get("ODOO_SRC", "/opt/odoo")
    if not conf:
        pytest.skip("ARENA_ODOO_CONF is not set: run through scripts/test")
    result = subprocess.run(
        [
            sys.executable,
            f"{odoo_src}/odoo-bin",
            "shell",
            "-c",
            conf,
            "-d",
            DB,
            "--log-level=warn",
            "--no-http",
        ],
        input=code,
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    return result.stdout


@pytest.fixture(scope="session")
def admin_api_key(odoo_url):
    """A real API key of the admin, made the way Odoo makes them."""
    out = odoo_shell(
        "import datetime\n"
        "key = env['res.users.apikeys'].with_user(env.ref('base.user_admin'))"
        "._generate(None, 'arena e2e', datetime.datetime.now() + datetime.timedelta(days=1))\n"
        "env.cr.commit()\n"
        "print('KEY=' + key)\n"
    )
    return next(line[4:] for line in out.splitlines() if line.startswith("KEY="))


def json2(url, key, model, method, **params):
    """Call the JSON-2 API with the proxy's client (the repository's one JSON-2 client);
    return (HTTP status, decoded result), or on an error (status, the error's text)."""
    try:
        return 200, OdooClient(url, DB, key, timeout=60).execute(model, method, **params)
    except OdooError as exc:
        return exc.status, str(exc)
