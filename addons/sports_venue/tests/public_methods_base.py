"""The shape of an entry of the rights table (see ``public_methods``)."""

from collections.abc import Callable
from dataclasses import dataclass, field


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
