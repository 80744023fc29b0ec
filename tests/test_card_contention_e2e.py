"""A hundred tills charge one member card at once over JSON-2 (issue 12, item 12).

Against the running e2e server (threaded, as scripts/run and docker compose start it):
every caller gets an answer, HTTP 200 or a 409 "busy, try again" with a message, never a
500 (a lost race, or "Connection Pool Is Full"); callers wait for the card in turn, so
nearly all are charged at the first call; a busy caller retrying with its key is charged
once; the ledger is exact.
"""

import logging
import threading
import uuid

from conftest import json2

CALLERS = 100
_logger = logging.getLogger(__name__)


def _make_card(url, key):
    tag = uuid.uuid4().hex[:8]
    status, type_ids = json2(
        url,
        key,
        "sports.card.type",
        "create",
        vals_list=[{"name": f"Contention {tag}", "kind": "stored_value"}],
    )
    assert status == 200, type_ids
    status, partner_ids = json2(
        url,
        key,
        "res.partner",
        "create",
        vals_list=[{"name": f"Contention {tag}", "phone": "13900139000"}],
    )
    assert status == 200, partner_ids
    status, card_ids = json2(
        url,
        key,
        "sports.card",
        "create",
        vals_list=[{"type_id": type_ids[0], "partner_id": partner_ids[0]}],
    )
    assert status == 200, card_ids
    status, topup = json2(
        url,
        key,
        "sports.card",
        "topup",
        ids=card_ids,
        amount=1000.0,
        idempotency_key=f"contention-topup-{tag}",
    )
    assert status == 200, topup
    return card_ids[0], tag


def test_a_hundred_tills_charging_one_card_get_200_or_409_and_the_ledger_is_exact(
    odoo_url, admin_api_key
):
    card_id, tag = _make_card(odoo_url, admin_api_key)
    barrier = threading.Barrier(CALLERS)
    answers, lock = {}, threading.Lock()

    def charge(index):
        key = f"contention-{tag}-{index}"
        try:
            barrier.wait(timeout=60)
            answer = json2(
                odoo_url,
                admin_api_key,
                "sports.card",
                "charge",
                ids=[card_id],
                amount=1.0,
                idempotency_key=key,
                ref=f"till {index}",
            )
        except Exception as exc:  # a crashed caller must fail the test, not hang it
            answer = (None, repr(exc))
        with lock:
            answers[key] = answer

    threads = [threading.Thread(target=charge, args=(i,)) for i in range(CALLERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert len(answers) == CALLERS
    statuses = sorted({status for status, _body in answers.values()}, key=str)
    unexpected = {k: v for k, v in answers.items() if v[0] not in (200, 409)}
    assert not unexpected, f"statuses {statuses}: {list(unexpected.values())[:3]}"
    busy = [key for key, (status, _body) in answers.items() if status == 409]
    # Callers wait on the card's lock instead of failing when the one ahead commits.
    assert len(busy) <= CALLERS // 10, f"{len(busy)} of {CALLERS} callers were told to retry"
    for key in busy:
        assert "try again" in answers[key][1], answers[key][1]
    # Busy callers try again with the same key; each is charged once, like the others.
    for key in busy:
        status, body = json2(
            odoo_url,
            admin_api_key,
            "sports.card",
            "charge",
            ids=[card_id],
            amount=1.0,
            idempotency_key=key,
            ref="retry",
        )
        assert status == 200, body
    status, cards = json2(
        odoo_url,
        admin_api_key,
        "sports.card",
        "read",
        ids=[card_id],
        fields=["balance_paid", "balance_bonus"],
    )
    assert status == 200, cards
    assert (cards[0]["balance_paid"], cards[0]["balance_bonus"]) == (1000.0 - CALLERS, 0.0)
    status, moves = json2(
        odoo_url,
        admin_api_key,
        "sports.card.move",
        "search_count",
        domain=[["card_id", "=", card_id], ["kind", "=", "spend"]],
    )
    assert (status, moves) == (200, CALLERS)
    status, checked = json2(
        odoo_url, admin_api_key, "sports.card", "action_check_balance_integrity", ids=[card_id]
    )
    assert status == 200, checked
    _logger.warning(
        "%s callers: %s charged at once, %s told to retry", CALLERS, CALLERS - len(busy), len(busy)
    )
