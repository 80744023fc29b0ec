from __future__ import annotations

import pytest

from arena_access import normalize, parse_read


def test_uid_and_plate_lose_separators_and_case():
    assert normalize("uid", " 04:a1 b2 ") == "04A1B2"
    assert normalize("plate", "沪a 12345") == "沪A12345"
    assert normalize("face", " Face-1 ") == "Face-1"


def test_empty_value_is_refused():
    with pytest.raises(ValueError):
        normalize("uid", "  ")


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        ("04:a1:b2", ("uid", "04A1B2")),
        ({"kind": "plate", "value": "ab 1"}, ("plate", "AB1")),
        ({"kind": "face", "value": "f1"}, ("face", "f1")),
        ("x" * 131, ("qr", "x" * 131)),
        ({"kind": "iris", "value": "x"}, None),
        ("", None),
        (42, None),
        ("x" * 513, None),
    ],
)
def test_parse_read(read, expected):
    assert parse_read(read) == expected
