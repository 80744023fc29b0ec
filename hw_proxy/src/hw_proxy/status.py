"""Loopback-only HTTP status endpoint: ``GET /status`` returns the proxy's state as JSON."""

from __future__ import annotations

import ipaddress
import json
import logging
import socket
import socketserver
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_logger = logging.getLogger(__name__)

Snapshot = Callable[[], dict[str, Any]]


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "arena-hw-proxy"

    def do_GET(self) -> None:
        try:
            path = self.path.split("?", 1)[0]
            if path != "/status":
                self._send(404, {"error": "not found", "path": path})
                return
            self._send(200, self.server.snapshot())
        except Exception:
            _logger.exception("status request failed")
            self._send(500, {"error": "internal error"})

    def _send(self, code: int, body: dict[str, Any]) -> None:
        data = json.dumps(body, ensure_ascii=False, default=str).encode("utf-8")
        try:
            self.send_response(code)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            pass  # client went away

    def log_message(self, format: str, *args: Any) -> None:
        _logger.debug("http " + format % args, extra={"client": self.client_address[0]})


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, bind: str, port: int, snapshot: Snapshot):
        self.address_family = (
            socket.AF_INET6 if ipaddress.ip_address(bind).version == 6 else socket.AF_INET
        )
        self.snapshot = snapshot
        super().__init__((bind, port), _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls getfqdn(), which can stall on DNS; we need no name.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request: Any, client_address: Any) -> None:
        _logger.exception("status connection error", extra={"client": str(client_address)})


class StatusServer:
    """Serves ``snapshot()`` on ``http://bind:port/status`` from a background thread."""

    def __init__(self, bind: str, port: int, snapshot: Snapshot):
        self.bind = bind
        self.port = port
        self._snapshot = snapshot
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()

    @property
    def url(self) -> str:
        host = f"[{self.bind}]" if ":" in self.bind else self.bind
        return f"http://{host}:{self.port}/status"

    def start(self) -> None:
        """Bind the socket (raises OSError if the port is taken) and serve in a thread."""
        try:
            self._server = _Server(self.bind, self.port, self._snapshot)
        except OSError as exc:
            raise OSError(
                exc.errno, f"status endpoint {self.bind}:{self.port}: {exc.strerror or exc}"
            ) from None
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._serve, name="status-http", daemon=True)
        self._thread.start()
        _logger.info("status endpoint listening", extra={"url": self.url})

    def _serve(self) -> None:
        assert self._server is not None
        while not self._stopping.is_set():
            try:
                self._server.serve_forever(poll_interval=0.2)
            except Exception:
                # Keep serving: a status endpoint that died silently is worse than none.
                _logger.exception("status server loop failed; restarting")
                time.sleep(1.0)

    def stop(self) -> None:
        if self._server is None:
            return
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
