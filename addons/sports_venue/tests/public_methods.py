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

from collections.abc import Callable
from dataclasses import dataclass, field

# Methods that are public by name but that JSON-2 never serves as Arena API: none yet.
# Compute, inverse, search, onchange and constraint methods, and every method that
# ``models.BaseModel`` (CRUD, ``name_search``...) or ``portal.mixin``/``mail.thread``
# define, are left out by ``public_methods_scan.arena_public_methods`` itself.
NOT_API = set()


@dataclass(frozen=True)
class Method:
    model: str
    method: str
    right: str
    args: dict = field(default_factory=dict)
    valid: Callable = None
    # Whether a caller with the right changes the database with these valid arguments.
    writes: bool = True

    @property
    def key(self):
        return (self.model, self.method)


def _no_args(records_attr):
    return lambda fx: (getattr(fx, records_attr), {})


def _booking_qr(fx):
    """The QR of the fixture's confirmed booking (sports_access_booking's pass)."""
    entitlements = fx.env["sports.access.entitlement"].search([("booking_id", "=", fx.booking.id)])
    return entitlements.qr_token


def _stall_contract(state):
    """A contract of a new stall of the fixture's venue in ``state`` (sports_stall)."""

    def valid(fx):
        env = fx.env
        merchant = env["res.partner"].create(
            {
                "name": "Fixture Merchant",
                "is_company": True,
                "bank_ids": [(0, 0, {"acc_number": fx.new_uuid()[:24]})],
            }
        )
        stall = env["sports.stall"].create({"name": "Fixture Stall", "venue_id": fx.venue.id})
        contract = env["sports.stall.contract"].create(
            {"stall_id": stall.id, "partner_id": merchant.id, "date_start": "2020-01-01"}
        )
        if state != "draft":
            contract.action_activate()
        if state == "suspended":
            contract.action_suspend()
        return contract, {}

    return valid


def _stall_settlement(fx):
    """A draft settlement run of a fixture stall, and a settlement of it (sports_stall)."""
    if "_stall_settlement" not in fx.__dict__:
        env = fx.env
        stall = env["sports.stall"].create({"name": "Fixture stall", "venue_id": fx.venue.id})
        contract = env["sports.stall.contract"].create(
            {
                "stall_id": stall.id,
                "partner_id": fx.partner.id,
                "date_start": "2020-01-01",
                "date_end": "2020-12-31",
            }
        )
        run = env["sports.stall.settlement.run"].create(
            {
                "venue_id": fx.venue.id,
                "date_from": "2020-01-01",
                "date_to": "2020-01-31",
                "stall_ids": [(6, 0, stall.ids)],
            }
        )
        settlement = env["sports.stall.settlement"].create(
            {
                "run_id": run.id,
                "stall_id": stall.id,
                "contract_id": contract.id,
                "partner_id": fx.partner.id,
                "company_id": run.company_id.id,
                "date_from": run.date_from,
                "date_to": run.date_to,
            }
        )
        fx.__dict__["_stall_settlement"] = (run, settlement)
    return fx.__dict__["_stall_settlement"]


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
    # ---------------------------------------------------------------- sports_pos
    Method(
        "pos.order.line",
        "sports_ticket_lookup",
        "sports_venue.group_arena_user",
        args={"token": "text"},
        valid=lambda fx: (None, {"token": fx.ticket_qr}),
        writes=False,
    ),
    Method(
        "pos.order",
        "read_pos_data",
        "read",
        # ``data`` is the orders the POS sent, which Odoo's method does not read.
        args={"config": "id:pos.config"},
        valid=lambda fx: (fx.pos_order, {"data": [], "config": fx.pos_config.id}),
        writes=False,
    ),
    Method(
        "sports.timed.session",
        "pos_refresh",
        "sports_venue.group_arena_user",
        # ``session_ids`` only widens a search: unknown ids are no error.
        args={"config_id": "id:pos.config"},
        valid=lambda fx: (
            None,
            {"config_id": fx.pos_config.id, "session_ids": fx.running_session.ids},
        ),
        writes=False,
    ),
    Method(
        "sports.timed.session",
        "pos_start",
        "sports_venue.group_arena_user",
        args={
            "config_id": "id:pos.config",
            "kind": "choice:item|space",
            "res_id": "id:sports.timed.item",
            "partner_id": "id:res.partner",
        },
        valid=lambda fx: (
            None,
            {
                "config_id": fx.pos_config.id,
                "kind": "item",
                "res_id": fx.timed_items[0].id,
                "partner_id": fx.partner.id,
            },
        ),
    ),
    Method(
        "sports.timed.session",
        "pos_stop",
        "sports_venue.group_arena_user",
        args={"config_id": "id:pos.config", "session_id": "id:sports.timed.session"},
        valid=lambda fx: (
            None,
            {"config_id": fx.pos_config.id, "session_id": fx.running_session.id},
        ),
    ),
    Method(
        "sports.timed.session",
        "pos_timed_products",
        "read:pos.config",
        args={"config_id": "id:pos.config"},
        valid=lambda fx: (None, {"config_id": fx.pos_config.id}),
        writes=False,
    ),
    Method(
        "sports.timed.session",
        "action_write_off",
        "sports_venue.group_arena_manager",
        valid=_no_args("stopped_session"),
    ),
    # ---------------------------------------------------------------- sports_pos_membership
    Method(
        "pos.payment.method",
        "sports_card_lookup",
        "sports_venue.group_arena_user",
        args={
            "config_id": "id:pos.config",
            "code": "text",
            "partner_id": "id:res.partner",
            "amount": "amount",
        },
        valid=lambda fx: (
            fx.card_payment_method,
            {"config_id": fx.pos_config.id, "code": fx.card.name, "amount": 1.0},
        ),
        writes=False,
    ),
    Method(
        "sports.card",
        "sports_pos_card_lookup",
        "sports_venue.group_arena_user",
        args={"config_id": "id:pos.config", "code": "text", "partner_id": "id:res.partner"},
        valid=lambda fx: (None, {"config_id": fx.pos_config.id, "code": fx.card.name}),
        writes=False,
    ),
    # ---------------------------------------------------------------- pos_payment_code
    # The fixture's desk has no register opened nor a payment code method: a POS user's
    # valid call is refused before any trade or provider call; the rights are what is
    # tested here, the trades in pos_payment_code's own tests.
    Method(
        "pos.payment.code.trade",
        "paycode_pay",
        "point_of_sale.group_pos_user",
        args={
            "config_id": "id:pos.config",
            "payment_method_id": "id:pos.payment.method",
            "payment_uuid": "key",
            "amount": "amount",
            "auth_code": "text",
        },
        valid=lambda fx: (
            None,
            {
                "config_id": fx.pos_config.id,
                "payment_method_id": fx.pos_config.payment_method_ids[:1].id,
                "payment_uuid": fx.new_uuid(),
                "amount": 1.0,
                "auth_code": "134567890123456789",
            },
        ),
        writes=False,
    ),
    Method(
        "pos.payment.code.trade",
        "paycode_poll",
        "point_of_sale.group_pos_user",
        args={"payment_uuid": "key"},
        valid=lambda fx: (None, {"payment_uuid": fx.new_uuid()}),
        writes=False,
    ),
    Method(
        "pos.payment.code.trade",
        "paycode_cancel",
        "point_of_sale.group_pos_user",
        args={"payment_uuid": "key"},
        valid=lambda fx: (None, {"payment_uuid": fx.new_uuid()}),
        writes=False,
    ),
    Method(
        "pos.payment.code.trade",
        "paycode_refund",
        "point_of_sale.group_pos_user",
        args={
            "config_id": "id:pos.config",
            "payment_method_id": "id:pos.payment.method",
            "payment_uuid": "key",
            "amount": "amount",
            "refunded_uuid": "key",
        },
        valid=lambda fx: (
            None,
            {
                "config_id": fx.pos_config.id,
                "payment_method_id": fx.pos_config.payment_method_ids[:1].id,
                "payment_uuid": fx.new_uuid(),
                "amount": 1.0,
                "refunded_uuid": fx.new_uuid(),
            },
        ),
        writes=False,
    ),
    # ---------------------------------------------------------------- sports_stall
    Method("sports.stall.contract", "action_activate", "write", valid=_stall_contract("draft")),
    Method("sports.stall.contract", "action_suspend", "write", valid=_stall_contract("active")),
    Method("sports.stall.contract", "action_end", "write", valid=_stall_contract("suspended")),
    Method("sports.stall.contract", "action_draft", "write", valid=_stall_contract("active")),
    # ---------------------------------------------------------------- sports_stall (settle)
    Method(
        "sports.stall.settlement.run",
        "action_run",
        "write",
        valid=lambda fx: (_stall_settlement(fx)[0], {}),
    ),
    Method(
        "sports.stall.settlement.run",
        "action_view_settlements",
        "read",
        valid=lambda fx: (_stall_settlement(fx)[0], {}),
        writes=False,
    ),
    Method(
        "sports.stall.settlement",
        "action_view_bill",
        "read",
        valid=lambda fx: (_stall_settlement(fx)[1], {}),
        writes=False,
    ),
    Method(
        "sports.stall.settlement",
        "action_view_invoice",
        "read",
        valid=lambda fx: (_stall_settlement(fx)[1], {}),
        writes=False,
    ),
]

BY_KEY = {m.key: m for m in METHODS}
