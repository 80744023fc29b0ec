"""The reason codes of a denied passage, in the order the checks run.

The access log of Odoo stores them, the proxy uploads them, ``docs/proxy-api.md`` lists
them; nobody else spells them out.
"""

REASONS = (
    "unknown_point",
    "malformed",
    "invalid_signature",
    "unknown_credential",
    "revoked",
    "frozen",
    "not_yet_valid",
    "expired",
    "wrong_area",
    "closed",
    "sharing",
    "passback",
    "no_uses_left",
    "daily_cap",
    "card_owes",
    "no_price",
    "insufficient_balance",
)
