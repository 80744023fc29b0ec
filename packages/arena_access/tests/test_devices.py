from arena_access import devices


def test_default_topic_and_reserved_proxy_topic():
    assert devices.default_topic("V1", "gate-01") == "arena/V1/gate-01"
    assert devices.proxy_topic("V1") == "arena/V1/proxy"
    assert devices.TOPIC_RE.match(devices.default_topic("V1", "gate-01"))


def test_identifiers():
    assert devices.IDENTIFIER_RE.match("gate-01")
    assert not devices.IDENTIFIER_RE.match("Gate 01")
    assert set(devices.OPENABLE_KINDS) <= set(devices.KIND_CODES)
    assert set(devices.DEFAULT_OPEN_SECONDS) == set(devices.OPENABLE_KINDS)


def test_venue_codes_are_capitals_as_in_topics():
    for code in ("CSC", "V1", "A-B_2", "X" * 16):
        assert devices.is_venue_code(code), code
    for code in ("csc", "Csc", "X", "X" * 17, "-AB", "A B", "A/B", "", None):
        assert not devices.is_venue_code(code), code
