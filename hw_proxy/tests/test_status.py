"""The status endpoint keeps serving whatever its callers or snapshots do."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request

import pytest

from hw_proxy.status import StatusServer


def _get(url: str):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, json.loads(response.read())


@pytest.fixture
def server():
    calls = {"n": 0}

    def snapshot():
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("device driver exploded")
        return {"venue": "CSC", "calls": calls["n"]}

    srv = StatusServer("127.0.0.1", 0, snapshot)
    srv.start()
    yield srv
    srv.stop()


def test_failing_snapshot_gives_500_and_server_survives(server):
    with pytest.raises(urllib.error.HTTPError) as err:
        _get(server.url)
    assert err.value.code == 500
    assert json.loads(err.value.read()) == {"error": "internal error"}
    assert _get(server.url) == (200, {"venue": "CSC", "calls": 2})


def test_garbage_request_does_not_kill_server(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(b"\x00\xff garbage \r\n\r\n")
        sock.recv(4096)
    # Half-open connection that disconnects mid-request.
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(b"GET /sta")
    with pytest.raises(urllib.error.HTTPError):
        _get(server.url)  # first snapshot raises
    assert _get(server.url)[0] == 200


def test_unknown_path_is_404(server):
    with pytest.raises(urllib.error.HTTPError) as err:
        _get(server.url.replace("/status", "/admin"))
    assert err.value.code == 404


def test_ipv6_loopback():
    if not socket.has_ipv6:
        pytest.skip("no IPv6 on this machine")
    srv = StatusServer("::1", 0, lambda: {"ok": True})
    try:
        srv.start()
    except OSError as exc:
        pytest.skip(f"cannot bind ::1: {exc}")
    try:
        assert _get(srv.url) == (200, {"ok": True})
    finally:
        srv.stop()


def test_port_in_use_raises_oserror():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        srv = StatusServer("127.0.0.1", sock.getsockname()[1], dict)
        with pytest.raises(OSError):
            srv.start()
