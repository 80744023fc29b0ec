"""The rights table's rows of the read-only report methods served from the read replica
(issue 20, see ``public_methods``)."""

from .public_methods_base import Method

SCALE_REPLICA_METHODS = [
    Method(
        "sports.venue.stat",
        "rollup",
        "read",
        args={
            "level": "choice:national|province|city|district|venue",
            "period": "choice:day|week|month|year",
            "date_from": "day",
            "date_to": "day",
            "region_id": "id:sports.region",
        },
        valid=lambda fx: (
            None,
            {
                "level": "city",
                "period": "month",
                "date_from": "2025-01-01",
                "date_to": "2025-12-31",
            },
        ),
        writes=False,
    ),
]
