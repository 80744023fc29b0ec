"""The rights table's rows of sports_regulatory's uplink (see ``public_methods``)."""

from .public_methods_base import Method


def _uplink_connection(fx):
    """An outbound uplink connection of the fixture venue's company."""
    return fx.env["sports.uplink.connection"].create(
        {
            "name": "Fixture uplink",
            "direction": "outbound",
            "url": "http://127.0.0.1:9/arena/uplink/v1/messages",
            "key_id": f"fx-{fx.new_uuid()[:12]}",
            "secret": "fixture-shared-key-0123",
            "company_id": fx.venue.company_id.id,
            "venue_ids": [fx.venue.id],
        }
    )


def _failed_uplink_message(fx):
    connection = _uplink_connection(fx)
    message = fx.env["sports.uplink.message"]._enqueue(
        connection, "venue", f"fx-{connection.id}", {"venue_id": str(fx.venue.id)}
    )
    message.write({"state": "failed", "last_error": "fixture"})
    return message, {}


UPLINK_METHODS = [
    Method(
        "sports.uplink.connection",
        "action_register_venues",
        "sports_venue.group_arena_manager",
        valid=lambda fx: (_uplink_connection(fx), {}),
    ),
    Method(
        "sports.uplink.message",
        "action_resend",
        "sports_venue.group_arena_manager",
        valid=_failed_uplink_message,
    ),
]
