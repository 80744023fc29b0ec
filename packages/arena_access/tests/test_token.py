from __future__ import annotations

import pytest

from arena_access import token


def _keys(seed):
    public = token.public_raw(token.private_key_from_seed(seed))
    return {token.key_id_of(public): public}


def test_signed_token_reads_back(seed):
    text = token.sign(seed, 42, 7, "card", 1_700_000_000, 1_700_086_400, "00" * 8)
    assert len(text) == 131 and token.looks_like_token(text)
    claims = token.verify(text, _keys(seed))
    assert claims == token.Claims(
        next(iter(_keys(seed))), 42, 7, "card", 1_700_000_000, 1_700_086_400, "00" * 8
    )


@pytest.mark.parametrize("index", [0, 9, 40, 97])
def test_any_flipped_byte_is_refused(seed, index):
    raw = bytearray(token.unb64url(token.sign(seed, 1, 1, "ticket", 1, 2, "11" * 8)))
    raw[index] ^= 1
    with pytest.raises(token.TokenError) as caught:
        token.verify(token.b64url(bytes(raw)), _keys(seed))
    assert caught.value.reason in ("malformed", "invalid_signature")


def test_unknown_key_is_an_invalid_signature(seed):
    text = token.sign(seed, 1, 1, "ticket", 1, 2, "11" * 8)
    with pytest.raises(token.TokenError) as caught:
        token.verify(text, {})
    assert caught.value.reason == "invalid_signature"


@pytest.mark.parametrize("text", ["", "!!" + "x" * 140, "abc", None, "A" * 400])
def test_garbage_is_malformed(text):
    with pytest.raises(token.TokenError) as caught:
        token.peek(text)
    assert caught.value.reason == "malformed"


def test_training_and_event_passes_sign_and_verify_with_their_kind():
    from arena_access import token as qr

    seed = "11" * 32
    public = qr.public_raw(qr.private_key_from_seed(seed))
    keys = {qr.key_id_of(public): public}
    for kind in ("training", "event"):
        text = qr.sign(seed, 42, 7, kind, 1_900_000_000, 1_900_003_600, "22" * 8)
        claims = qr.verify(text, keys)
        assert (claims.kind, claims.venue_id, claims.code) == (kind, 7, 42)
        assert kind in qr.SCHEDULED_KINDS
    assert "ticket" not in qr.SCHEDULED_KINDS and "card" not in qr.SCHEDULED_KINDS
