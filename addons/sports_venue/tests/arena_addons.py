"""Which addons are Arena's: every addon of this repository's ``addons/`` folder, the
``sports_*`` ones and the generic ones beside them (the payment providers, the POS payment
code). The rights table and the portal fuzz suites scan these."""

from pathlib import Path

ARENA_ADDONS = frozenset(
    path.parent.name for path in Path(__file__).resolve().parents[2].glob("*/__manifest__.py")
)


def is_arena_module(python_module):
    """Whether ``python_module`` (a ``__module__`` such as ``odoo.addons.x.models.y``)
    belongs to an Arena addon."""
    parts = python_module.split(".")
    return parts[:2] == ["odoo", "addons"] and len(parts) > 2 and parts[2] in ARENA_ADDONS
