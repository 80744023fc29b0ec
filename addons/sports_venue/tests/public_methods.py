"""The public methods of Arena and the right each one needs (issue 12, item 4).

``test_public_methods`` lists, at runtime, every method an Arena addon defines that
JSON-2 can call (``odoo.service.model.get_public_method``: a name without a leading
underscore, not ``@api.private``) and fails when one is missing from :data:`METHODS`:
a new public method must come with the right it needs, and the test then proves that a
caller without that right is refused before anything is written.
``test_fuzz_json2`` posts malformed arguments to the same methods over real HTTP.

A right is one of:

- ``"read"``, ``"write"``, ``"create"``: that access right on the method's model, or on
  another model with ``"write:sports.card"``;
- a group xmlid, e.g. ``"sports_venue.group_arena_manager"``;
- ``"proxy"``: an *Arena proxy* user, or venue staff (``sports.access.api``).

An argument kind is one of ``amount``, ``key``, ``text``, ``moment``, ``day``,
``id:<model>``, ``choice:<a>|<b>``, ``int`` (a count, at least 1), ``signed_amount`` and
``signed_int`` (corrections, negative allowed), ``cursor``, ``credential``, ``point``,
``venue``, ``batch`` and ``readings``. ``test_fuzz_json2`` draws malformed values for
each kind.

``valid(fx)`` returns ``(records, kwargs)``: the records to call the method on (``None``
for a model method) and valid arguments, from the fixture ``fx`` (``PublicMethodsFixture``
in ``test_public_methods``). The fuzz replaces one argument at a time.
"""

from .public_methods_base import Method, _no_args
from .public_methods_event import EVENT_METHODS
from .public_methods_pos import POS_METHODS
from .public_methods_regulatory import REGULATORY_METHODS
from .public_methods_rules import RULES_METHODS
from .public_methods_scale_replica import SCALE_REPLICA_METHODS
from .public_methods_stall import STALL_METHODS
from .public_methods_training_attend import TRAINING_ATTEND_METHODS
from .public_methods_training_demo import TRAINING_DEMO_METHODS
from .public_methods_training_enrol import TRAINING_ENROL_METHODS
from .public_methods_training_sched import TRAINING_SCHED_METHODS
from .public_methods_uplink import UPLINK_METHODS
from .public_methods_voucher_demo import VOUCHER_DEMO_METHODS
from .public_methods_voucher_pos import VOUCHER_POS_METHODS
from .public_methods_voucher_settle import VOUCHER_SETTLE_METHODS

# Methods that are public by name but that JSON-2 never serves as Arena API: none yet.
# Compute, inverse, search, onchange and constraint methods, and every method that
# ``models.BaseModel`` (CRUD, ``name_search``...) or ``portal.mixin``/``mail.thread``
# define, are left out by ``public_methods_scan.arena_public_methods`` itself.
NOT_API = set()


def _booking_qr(fx):
    """The QR of the fixture's confirmed booking (sports_access_booking's pass)."""
    entitlements = fx.env["sports.access.entitlement"].search([("booking_id", "=", fx.booking.id)])
    return entitlements.qr_token


METHODS = [
    # ---------------------------------------------------------------- sports_venue
    Method("sports.venue", "action_view_spaces", "read", valid=_no_args("venue"), writes=False),
    Method("sports.venue", "action_view_devices", "read", valid=_no_args("venue"), writes=False),
    # ---------------------------------------------------------------- sports_access
    Method(
        "sports.venue",
        "action_new_proxy_key",
        "sports_venue.group_arena_manager",
        valid=_no_args("venue"),
    ),
    Method(
        "sports.access.api",
        "verify",
        "proxy",
        args={
            "credential": "credential",
            "point": "point",
            "uuid": "key",
            "direction": "choice:in|out",
        },
        valid=lambda fx: (
            None,
            {
                "credential": fx.ticket_qr,
                "point": fx.point.code,
                "uuid": fx.new_uuid(),
                "direction": "in",
            },
        ),
    ),
    Method(
        "sports.access.api",
        "upload_events",
        "proxy",
        args={"batch": "batch"},
        valid=lambda fx: (None, {"batch": [fx.event(fx.ticket_qr)]}),
    ),
    Method(
        "sports.access.api",
        "upload_readings",
        "proxy",
        args={"batch": "readings"},
        valid=lambda fx: (None, {"batch": [fx.reading()]}),
    ),
    Method(
        "sports.access.api",
        "sync",
        "proxy",
        args={"cursor": "cursor", "limit": "int"},
        valid=lambda fx: (None, {"cursor": None, "limit": 5}),
        writes=False,
    ),
    Method(
        "sports.access.daily",
        "action_recompute",
        "write",
        valid=_no_args("daily"),
    ),
    Method(
        "sports.access.key",
        "action_rotate",
        "sports_venue.group_arena_manager",
        valid=_no_args("signing_key"),
    ),
    Method(
        "sports.ticket.type",
        "sell",
        "sports_venue.group_arena_manager",
        args={
            "ticket_type": "id:sports.ticket.type",
            "quantity": "int",
            "partner": "id:res.partner",
            "ref": "key",
            "sale_line": "id:sale.order.line",
            "reason": "text",
        },
        valid=lambda fx: (
            None,
            {
                "ticket_type": fx.ticket_type.id,
                "quantity": 1,
                "partner": fx.partner.id,
                "reason": "Complimentary",
            },
        ),
    ),
    Method(
        "sale.order",
        "action_confirm",
        "write",
        valid=_no_args("sale_order"),
    ),
    # ---------------------------------------------------------------- sports_booking
    Method(
        "sports.booking",
        "book",
        "create",
        args={
            "space_id": "id:sports.space",
            "start_at": "moment",
            "end_at": "moment",
            "partner_id": "id:res.partner",
            "channel": "choice:backend|portal|pos",
            "expected_amount": "amount",
            "notes": "text",
        },
        valid=lambda fx: (
            None,
            {
                "space_id": fx.space.id,
                "start_at": fx.free_start,
                "end_at": fx.free_end,
                "partner_id": fx.partner.id,
                "channel": "backend",
            },
        ),
    ),
    Method(
        "sports.booking",
        "quote",
        "read",
        args={
            "space_id": "id:sports.space",
            "start_at": "moment",
            "end_at": "moment",
            "partner_id": "id:res.partner",
        },
        valid=lambda fx: (
            None,
            {
                "space_id": fx.space.id,
                "start_at": fx.free_start,
                "end_at": fx.free_end,
                "partner_id": fx.partner.id,
            },
        ),
        writes=False,
    ),
    Method("sports.booking", "action_confirm", "write", valid=_no_args("held_booking")),
    Method("sports.booking", "action_check_in", "write", valid=_no_args("booking")),
    Method("sports.booking", "action_checkout", "write", valid=_no_args("booking")),
    Method("sports.booking", "action_cancel", "write", valid=_no_args("booking")),
    Method(
        "sports.booking.grid",
        "get_grid",
        "read:sports.booking",
        args={"venue_id": "id:sports.venue", "date_str": "day"},
        valid=lambda fx: (None, {"venue_id": fx.venue.id, "date_str": fx.day}),
        writes=False,
    ),
    Method(
        "sports.space",
        "light_schedule",
        "read:sports.venue",
        args={"venue": "venue", "date_from": "moment", "date_to": "moment"},
        valid=lambda fx: (
            None,
            {"venue": fx.venue.id, "date_from": fx.free_start, "date_to": fx.free_end},
        ),
        writes=False,
    ),
    Method(
        "sale.order",
        "action_view_sports_bookings",
        "read",
        valid=_no_args("sale_order"),
        writes=False,
    ),
    Method(
        "sports.booking.recurrence",
        "action_preview",
        "create:sports.booking",
        valid=_no_args("recurrence"),
    ),
    Method(
        "sports.booking.recurrence",
        "action_confirm",
        "create:sports.booking",
        valid=_no_args("recurrence"),
    ),
    # ---------------------------------------------------------------- sports_access_booking
    Method(
        "sports.booking",
        "desk_scan",
        "write",
        args={"code": "text", "venue_id": "id:sports.venue"},
        # The QR of a booking two days ahead: refused as another day's, nothing written.
        valid=lambda fx: (None, {"code": _booking_qr(fx), "venue_id": fx.venue.id}),
        writes=False,
    ),
    # ---------------------------------------------------------------- sports_membership
    Method(
        "sports.card",
        "topup",
        "write",
        args={
            "amount": "amount",
            "idempotency_key": "key",
            "ref": "text",
            "counterpart_account": "id:account.account",
        },
        valid=lambda fx: (fx.card, {"amount": 10.0, "idempotency_key": fx.new_uuid()}),
    ),
    Method(
        "sports.card",
        "charge",
        "write",
        args={
            "amount": "amount",
            "idempotency_key": "key",
            "ref": "text",
            "source": "id:sports.venue",
            "space": "id:sports.space",
            "venue": "id:sports.venue",
            "revenue_account": "id:account.account",
            "counterpart_account": "id:account.account",
        },
        valid=lambda fx: (fx.card, {"amount": 1.0, "idempotency_key": fx.new_uuid()}),
    ),
    Method(
        "sports.card",
        "refund_spend",
        "write",
        args={
            "spend": "id:sports.card.move",
            "amount": "amount",
            "idempotency_key": "key",
            "ref": "text",
        },
        valid=lambda fx: (
            fx.card,
            {
                # The same key each time: the fixture card's one spend of 5.
                "spend": fx.card.charge(5.0, f"fixture-spend-{fx.card.id}").id,
                "amount": 1.0,
                "idempotency_key": fx.new_uuid(),
            },
        ),
    ),
    Method(
        "sports.card",
        "use",
        "write",
        args={"space": "id:sports.space", "idempotency_key": "key"},
        valid=lambda fx: (fx.count_card, {"space": fx.space.id, "idempotency_key": fx.new_uuid()}),
    ),
    Method("sports.card", "freeze", "write", valid=_no_args("card")),
    Method("sports.card", "unfreeze", "write", valid=_no_args("frozen_card")),
    Method(
        "sports.card",
        "replace",
        "write",
        args={"new_uid": "key"},
        valid=lambda fx: (fx.card, {"new_uid": fx.new_uuid()[:8]}),
    ),
    Method(
        "sports.card",
        "transfer",
        "write",
        args={"partner": "id:res.partner"},
        valid=lambda fx: (fx.card, {"partner": fx.other_partner.id}),
    ),
    Method(
        "sports.card",
        "refund",
        "write",
        args={"idempotency_key": "key"},
        valid=lambda fx: (fx.card, {"idempotency_key": fx.new_uuid()}),
    ),
    Method(
        "sports.card",
        "adjust",
        "sports_venue.group_arena_manager",
        args={
            "reason": "text",
            "idempotency_key": "key",
            "paid": "signed_amount",
            "bonus": "signed_amount",
            "uses": "signed_int",
        },
        valid=lambda fx: (
            fx.card,
            {"reason": "correction", "idempotency_key": fx.new_uuid(), "paid": 1.0},
        ),
    ),
    Method(
        "sports.card",
        "action_check_balance_integrity",
        "sports_venue.group_arena_manager",
        valid=_no_args("card"),
        writes=False,
    ),
    Method(
        "sports.card.type",
        "action_view_cards",
        "read",
        valid=_no_args("card_type"),
        writes=False,
    ),
    Method(
        "sports.card.operation",
        "action_apply",
        "write:sports.card",
        valid=_no_args("card_operation"),
    ),
    # ---------------------------------------------------------------- sports_membership_booking
    Method(
        "sports.booking",
        "pay_with_card",
        "write",
        args={"card": "id:sports.card"},
        valid=lambda fx: (fx.booking, {"card": fx.card.id}),
    ),
    *POS_METHODS,
    *STALL_METHODS,
    *REGULATORY_METHODS,
    *TRAINING_ENROL_METHODS,
    *EVENT_METHODS,
    *RULES_METHODS,
    *UPLINK_METHODS,
    *VOUCHER_DEMO_METHODS,
    *VOUCHER_SETTLE_METHODS,
    *VOUCHER_POS_METHODS,
    *TRAINING_DEMO_METHODS,
    *TRAINING_SCHED_METHODS,
    *TRAINING_ATTEND_METHODS,
    *SCALE_REPLICA_METHODS,
]

BY_KEY = {m.key: m for m in METHODS}
