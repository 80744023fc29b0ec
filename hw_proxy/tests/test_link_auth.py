"""The link to Odoo stops on a refused API key or access and says why; outages are retried."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from hw_proxy.access.link import OdooLink
from hw_proxy.access.store import Store
from hw_proxy.odoo_client import OdooClient


class _Answer(BaseHTTPRequestHandler):
    """Answers every JSON-2 call with the server's fixed status, as Odoo does for a
    refused bearer key (401), an access error (403) or an outage behind a proxy (503)."""

    def do_POST(self):
        self.server.calls += 1
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = json.dumps(self.server.body)
        self.send_response(self.server.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, format, *args):
        pass


# What Odoo's JSON-2 answers: 401 for a refused bearer key, 403 for any AccessError.
BODIES = {
    401: {"name": "werkzeug.exceptions.Unauthorized", "message": "Invalid apikey"},
    403: {
        "name": "odoo.exceptions.AccessError",
        "message": "This proxy user is bound to no venue.",
        "debug": "Traceback ...",
    },
}


@pytest.fixture
def odoo_answering():
    servers = []

    def start(status):
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Answer)
        server.status, server.calls = status, 0
        server.body = BODIES.get(status, {"name": "werkzeug.exceptions.ServiceUnavailable"})
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _link(tmp_path, server):
    client = OdooClient(f"http://127.0.0.1:{server.server_port}", "db", "bad-key", timeout=2)
    return OdooLink(Store(tmp_path / "p.sqlite3"), client, min_backoff=0.01, max_backoff=0.05)


@pytest.mark.parametrize("status", [401, 403])
def test_refused_key_or_access_stops_the_link_and_shows_why(tmp_path, odoo_answering, status):
    server = odoo_answering(status)
    link = _link(tmp_path, server)
    link.tick()
    assert server.calls == 1
    state = link.status()
    assert state["online"] is False
    assert f"HTTP {status}" in state["halted"]
    if status == 401:
        assert "refused the API key" in state["halted"] and "odoo.api_key" in state["halted"]
    else:
        # Not the key's fault: say what Odoo said, not "API key".
        assert "API key" not in state["halted"]
        assert "Odoo refused access" in state["halted"]
        assert "This proxy user is bound to no venue." in state["halted"]
    # No more calls: the thread ends and further ticks do nothing.
    link.tick()
    link.start()
    link._thread.join(2)
    assert not link._thread.is_alive()
    assert server.calls == 1


def test_server_error_is_retried(tmp_path, odoo_answering):
    server = odoo_answering(503)
    link = _link(tmp_path, server)
    link.tick()
    link.tick()
    assert server.calls == 2
    assert link.status()["halted"] is None
    assert "HTTP 503" in link.status()["last_error"]
