"""The rights table's rows of sports_voucher's front desk (see ``public_methods``)."""

from .public_methods_base import Method

VOUCHER_POS_METHODS = [
    Method(
        "sports.voucher",
        "sports_pos_voucher_lookup",
        "sports_venue.group_arena_user",
        # ``lines`` is the order at hand: a list of dicts the method checks itself.
        args={"config_id": "id:pos.config", "code": "text", "partner_id": "id:res.partner"},
        valid=lambda fx: (None, {"config_id": fx.pos_config.id, "partner_id": fx.partner.id}),
        writes=False,
    ),
]
