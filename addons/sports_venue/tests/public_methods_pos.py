"""The rights table's rows of the front desk: sports_pos, its card bridge and
pos_payment_code (see ``public_methods``)."""

from .public_methods_base import Method, _no_args

POS_METHODS = [
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
]
