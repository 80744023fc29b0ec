"""What a reader read: a QR token, a card UID, a licence plate or a face id."""

from __future__ import annotations

from typing import Any

from arena_access.token import looks_like_token

KINDS = ("qr", "uid", "face", "plate")
# Longest value a reader may send; anything longer is malformed.
MAX_LENGTH = 512


def normalize(kind: str, value: str) -> str:
    """The stored form of a credential value: card UIDs and plates without spaces or
    colons, in upper case (``04:a1:b2`` reads as ``04A1B2``). Raises ``ValueError`` when
    there is no value."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("a credential needs a value")
    value = value.strip()
    if kind in ("uid", "plate"):
        value = value.upper().replace(" ", "").replace(":", "")
    return value


def parse_read(read: Any) -> tuple[str, str] | None:
    """``(kind, value)`` of what a reader read, or ``None`` when it is malformed.

    ``read`` is the text itself (a long text is a QR token, a short one a card UID) or
    ``{"kind": ..., "value": ...}``. The value of a UID or plate comes back normalised; a
    QR token comes back stripped, to be checked with ``arena_access.token``.
    """
    kind, value = None, read
    if isinstance(read, dict):
        kind, value = read.get("kind"), read.get("value")
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_LENGTH:
        return None
    value = value.strip()
    if kind is None:
        kind = "qr" if looks_like_token(value) else "uid"
    if kind not in KINDS:
        return None
    return kind, (value if kind == "qr" else normalize(kind, value))
