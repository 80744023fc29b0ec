"""A small JSON-2 client for the access API (``docs/proxy-api.md``)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any


class OdooError(Exception):
    """Odoo could not be reached or refused the call.

    ``retry`` says whether the same call may succeed later (an outage, a 5xx, a 408 or 429);
    ``authentication`` whether Odoo refused the API key (401) or the access (403, any
    ``AccessError``, e.g. a proxy user bound to no venue): retrying cannot help until
    someone fixes the configuration.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        retry: bool = True,
        odoo_message: str | None = None,
    ):
        super().__init__(message)
        self.status = status
        self.retry = retry
        # Odoo's own error message (the ``message`` of a JSON-2 error body), if any.
        self.odoo_message = odoo_message

    @property
    def authentication(self) -> bool:
        return self.status in (401, 403)


def _error_message(raw: bytes) -> str | None:
    """The ``message`` of a JSON-2 error body, or ``None`` when it has none."""
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None
    message = data.get("message") if isinstance(data, dict) else None
    return message[:300] if isinstance(message, str) and message else None


class OdooClient:
    def __init__(self, url: str, db: str, api_key: str, timeout: float = 10.0):
        self.base = url.rstrip("/")
        self.db = db
        self.api_key = api_key
        self.timeout = timeout

    def call(self, method: str, **params: Any) -> Any:
        """A method of the access API (``sports.access.api``)."""
        return self.execute("sports.access.api", method, **params)

    def execute(self, model: str, method: str, **params: Any) -> Any:
        """Any JSON-2 call: ``POST /json/2/<model>/<method>`` with ``params`` as its body."""
        request = urllib.request.Request(
            f"{self.base}/json/2/{model}/{method}",
            data=json.dumps(params).encode(),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"bearer {self.api_key}",
                "X-Odoo-Database": self.db,
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            raw = error.read()
            body = raw[:500].decode("utf-8", "replace")
            # 4xx other than 408/429 will fail again the same way: do not hammer Odoo.
            retry = error.code >= 500 or error.code in (408, 429)
            raise OdooError(
                f"HTTP {error.code}: {body}",
                status=error.code,
                retry=retry,
                odoo_message=_error_message(raw),
            ) from error
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as error:
            raise OdooError(f"unreachable: {error}") from error
        except json.JSONDecodeError as error:
            raise OdooError(f"bad answer: {error}") from error

    def sync(self, cursor: str | None, limit: int = 500) -> dict[str, Any]:
        return self.call("sync", cursor=cursor, limit=limit)

    def upload_events(self, batch: list[dict[str, Any]]) -> dict[str, Any]:
        return self.call("upload_events", batch=batch)

    def upload_readings(self, batch: list[dict[str, Any]]) -> dict[str, Any]:
        return self.call("upload_readings", batch=batch)

    def verify(self, credential: Any, point: str, uuid: str | None = None) -> dict[str, Any]:
        return self.call("verify", credential=credential, point=point, uuid=uuid)
