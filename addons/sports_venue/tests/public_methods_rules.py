"""The rights table's rows of sports_regulatory's open-hours compliance (see
``public_methods``)."""

from .public_methods_base import Method, _no_args

RULES_METHODS = [
    Method(
        "sports.venue",
        "action_view_sports_compliance",
        "read",
        valid=_no_args("venue"),
        writes=False,
    ),
]
