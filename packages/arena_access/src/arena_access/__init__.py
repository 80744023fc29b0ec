"""Arena's access domain, shared by the Odoo addons and the hardware proxy.

No Odoo import: ``sports_access`` lists it in ``external_dependencies`` and ``hw_proxy``
in its ``pyproject.toml``.
"""

from arena_access.credentials import normalize, parse_read
from arena_access.hours import OpeningWindows
from arena_access.reasons import REASONS
from arena_access.rules import GRANTED, Facts, Passage, decide, direction_at
from arena_access.token import Claims, TokenError

__all__ = [
    "GRANTED",
    "REASONS",
    "Claims",
    "Facts",
    "OpeningWindows",
    "Passage",
    "TokenError",
    "decide",
    "direction_at",
    "normalize",
    "parse_read",
]
