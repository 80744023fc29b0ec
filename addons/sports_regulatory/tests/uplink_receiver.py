"""A fake national platform (or bureau) for the uplink tests: a real HTTP server on
loopback that speaks the uplink protocol on its own (it shares no code with the sender):

- a request must carry ``X-Arena-Key-Id``, ``X-Arena-Timestamp``, ``X-Arena-Nonce`` and
  ``X-Arena-Signature`` = hex HMAC-SHA256(key, timestamp + "\\n" + nonce + "\\n" + body);
  a wrong signature, an unknown key, a stale timestamp or a reused nonce get a 401;
- the body must follow ``data/national_platform_schema.json``, else a 400;
- an accepted message is answered ``{"message_id": ..., "status": "accepted"}``, signed
  the same way.

It can fail on purpose, from a seeded random generator: 500s, answers that come after
the client's timeout, dropped connections, and 200s with a wrong answer signature. It
counts what it stored and, per message id, the acceptances it answered properly.
"""

import hashlib
import hmac
import json
import random
import threading
import time
import uuid
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jsonschema

from odoo.tools import file_path

SCHEMA = json.load(
    open(file_path("sports_regulatory/data/national_platform_schema.json"), encoding="utf-8")
)
FAULTS = ("ok", "error_500", "slow", "drop", "bad_answer_signature")


def _sign(key, timestamp, nonce, body):
    return hmac.new(
        key.encode(), f"{timestamp}\n{nonce}\n".encode() + body, hashlib.sha256
    ).hexdigest()


class FakePlatform:
    def __init__(self, keys, seed=17, fault_weights=None, slow_seconds=1.0):
        self.keys = dict(keys)  # key id -> secret
        self.rng = random.Random(seed)
        self.fault_weights = fault_weights or {"ok": 1}
        self.slow_seconds = slow_seconds
        self.lock = threading.Lock()
        self.nonces = set()
        self.stored = {}  # message id -> body, the last stored
        self.stored_count = Counter()  # message id -> times stored (duplicates included)
        self.acks = Counter()  # message id -> properly signed acceptances answered
        self.requests = Counter()  # message id -> requests received with a valid signature
        self.faults = Counter()
        self.refusals = []  # (status, error)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/arena/uplink/v1/messages"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def next_fault(self):
        with self.lock:
            names = list(self.fault_weights)
            return self.rng.choices(names, [self.fault_weights[n] for n in names])[0]

    def _handler(self):
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def answer(self, status, payload, key=None, corrupt=False):
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                if key:
                    timestamp, nonce = str(int(time.time())), uuid.uuid4().hex
                    signature = _sign(key, timestamp, nonce, body)
                    if corrupt:
                        signature = _sign(key + "x", timestamp, nonce, body)
                    self.send_header("X-Arena-Key-Id", self.headers.get("X-Arena-Key-Id", ""))
                    self.send_header("X-Arena-Timestamp", timestamp)
                    self.send_header("X-Arena-Nonce", nonce)
                    self.send_header("X-Arena-Signature", signature)
                self.end_headers()
                self.wfile.write(body)

            def refuse(self, status, error, key=None):
                with platform.lock:
                    platform.refusals.append((status, error))
                self.answer(status, {"status": "rejected", "error": error}, key)

            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                key_id = self.headers.get("X-Arena-Key-Id")
                key = platform.keys.get(key_id)
                timestamp = self.headers.get("X-Arena-Timestamp", "")
                nonce = self.headers.get("X-Arena-Nonce", "")
                signature = self.headers.get("X-Arena-Signature", "")
                if not key:
                    return self.refuse(401, "unknown key id")
                if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > 300:
                    return self.refuse(401, "stale or missing timestamp", key)
                if not hmac.compare_digest(_sign(key, timestamp, nonce, body), signature):
                    return self.refuse(401, "the signature does not verify", key)
                with platform.lock:
                    if nonce in platform.nonces:
                        return self.refuse(401, "replayed nonce", key)
                    platform.nonces.add(nonce)
                try:
                    envelope = json.loads(body)
                    jsonschema.validate(envelope, SCHEMA, cls=jsonschema.Draft202012Validator)
                except (ValueError, jsonschema.ValidationError) as error:
                    return self.refuse(400, f"malformed: {str(error)[:200]}", key)
                uid = envelope["message_id"]
                fault = platform.next_fault()
                with platform.lock:
                    platform.requests[uid] += 1
                    platform.faults[fault] += 1
                if fault == "error_500":
                    return self.answer(500, {"error": "internal error"}, key)
                if fault == "drop":
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return None
                # The message is stored (idempotently: a repeat replaces it) before answering.
                with platform.lock:
                    platform.stored[uid] = envelope["body"]
                    platform.stored_count[uid] += 1
                if fault == "slow":
                    time.sleep(platform.slow_seconds)  # the client has given up by now
                    return None
                answer = {"message_id": uid, "status": "accepted"}
                if fault == "bad_answer_signature":
                    return self.answer(200, answer, key, corrupt=True)
                with platform.lock:
                    platform.acks[uid] += 1
                return self.answer(200, answer, key)

        return Handler
