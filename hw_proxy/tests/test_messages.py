"""Message envelope validation, the seen-id LRU, and the JSON log format."""

from __future__ import annotations

import io
import json
import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hw_proxy.jsonlog import JsonFormatter, setup_logging
from hw_proxy.mqtt import InvalidMessage, decode_message, encode_message
from hw_proxy.service import SeenIds

LIMIT = 65536

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@given(st.binary(max_size=4096))
def test_any_bytes_decode_or_raise_invalid_message(payload):
    try:
        data = decode_message(payload, LIMIT)
    except InvalidMessage:
        return
    assert isinstance(data, dict)
    assert isinstance(data["id"], str) and data["id"].strip()


@given(
    st.dictionaries(st.text(max_size=8), json_values, max_size=5), st.text(min_size=1, max_size=40)
)
def test_objects_with_id_round_trip(body, msg_id):
    body = {**body, "id": msg_id}
    if not msg_id.strip():
        with pytest.raises(InvalidMessage):
            decode_message(encode_message(body), LIMIT)
    else:
        assert decode_message(encode_message(body), LIMIT) == body


@given(json_values.filter(lambda v: not isinstance(v, dict)))
def test_non_objects_are_refused(value):
    with pytest.raises(InvalidMessage, match="JSON object"):
        decode_message(json.dumps(value).encode(), LIMIT)


def test_size_limit_is_checked_before_parsing():
    payload = encode_message({"id": "a", "blob": "x" * 100})
    assert decode_message(payload, len(payload))["id"] == "a"
    with pytest.raises(InvalidMessage, match="too large"):
        decode_message(payload, len(payload) - 1)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_non_standard_numbers_are_neither_sent_nor_accepted(value):
    with pytest.raises(ValueError):
        encode_message({"id": "a", "v": value})
    payload = json.dumps({"id": "a", "v": value}).encode()
    with pytest.raises(InvalidMessage, match="constant"):
        decode_message(payload, LIMIT)


def test_deep_nesting_is_refused_not_crashing():
    payload = b'{"id": "d", "a": ' + b"[" * 30000 + b"]" * 30000 + b"}"
    with pytest.raises(InvalidMessage, match="nested"):
        decode_message(payload, LIMIT)


def test_long_id_is_refused():
    with pytest.raises(InvalidMessage, match="longer"):
        decode_message(encode_message({"id": "x" * 129}), LIMIT)


def test_seen_ids_evicts_least_recently_used():
    seen = SeenIds(capacity=3)
    for key in ("a", "b", "c"):
        seen.add(key)
    assert "a" in seen  # touching "a" makes "b" the oldest
    seen.add("d")
    assert len(seen) == 3
    assert "b" not in seen
    assert all(key in seen for key in ("a", "c", "d"))


def test_seen_ids_rejects_zero_capacity():
    with pytest.raises(ValueError):
        SeenIds(0)


def test_log_lines_are_json_with_extras_and_exceptions():
    stream = io.StringIO()
    setup_logging("DEBUG", stream)
    log = logging.getLogger("hw_proxy.test")
    log.info("hello %s", "世界", extra={"device": "gate-01"})
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        log.exception("failed")
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["msg"] == "hello 世界"
    assert first["level"] == "INFO"
    assert first["device"] == "gate-01"
    assert first["logger"] == "hw_proxy.test"
    assert "RuntimeError: boom" in second["exc"]
    logging.getLogger().handlers.clear()


def test_formatter_survives_unserialisable_extra():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "m", None, None)
    record.obj = object()
    assert json.loads(JsonFormatter().format(record))["obj"].startswith("<object")
