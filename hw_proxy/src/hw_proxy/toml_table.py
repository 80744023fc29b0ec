"""Typed reading of one TOML table, with errors that name the key and suggest the right
one. It knows nothing of the proxy's schema (see ``hw_proxy.config``)."""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from typing import Any

MISSING = object()


class ConfigError(ValueError):
    """Invalid configuration; ``key`` is the dotted path of the offending key."""

    def __init__(self, key: str | None, message: str):
        self.key = key
        self.message = message
        super().__init__(f"{key}: {message}" if key else message)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def type_name(value: Any) -> str:
    return {
        bool: "boolean",
        int: "integer",
        float: "float",
        str: "string",
        list: "array",
        dict: "table",
    }.get(type(value), type(value).__name__)


class Table:
    """A TOML table being read; tracks which keys were consumed to reject unknown ones."""

    def __init__(self, data: Any, path: str):
        if not isinstance(data, dict):
            raise ConfigError(path, f"must be a table (got {type_name(data)})")
        self.data = data
        self.path = path
        self.allowed: set[str] = set()

    def key(self, key: str) -> str:
        return _join(self.path, key)

    def raw(self, key: str) -> Any:
        self.allowed.add(key)
        return self.data.get(key, MISSING)

    def has(self, key: str) -> bool:
        self.allowed.add(key)
        return key in self.data

    def _get(self, key: str, types: tuple[type, ...], label: str, default: Any) -> Any:
        value = self.raw(key)
        if value is MISSING:
            if default is MISSING:
                raise ConfigError(self.key(key), "required key missing")
            return default
        # bool is an int subclass: never accept true/false where a number is expected.
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            raise ConfigError(self.key(key), f"must be {label} (got {type_name(value)})")
        return value

    def get_str(self, key: str, default: Any = MISSING) -> Any:
        value = self._get(key, (str,), "a string", default)
        if isinstance(value, str) and not value.strip():
            raise ConfigError(self.key(key), "must not be empty")
        return value

    def get_int(self, key: str, default: Any = MISSING, *, lo: int, hi: int) -> Any:
        value = self._get(key, (int,), "an integer", default)
        if isinstance(value, int) and not lo <= value <= hi:
            raise ConfigError(self.key(key), f"must be between {lo} and {hi} (got {value})")
        return value

    def get_positive_number(self, key: str, default: float) -> float:
        value = float(self._get(key, (int, float), "a number", default))
        if not (value > 0 and math.isfinite(value)):  # also rejects nan and inf
            raise ConfigError(self.key(key), f"must be a finite number > 0 (got {value:g})")
        return value

    def get_bool(self, key: str, default: Any = MISSING) -> Any:
        return self._get(key, (bool,), "a boolean", default)

    def get_choice(self, key: str, choices: tuple[str, ...], default: Any = MISSING) -> Any:
        value = self.get_str(key, default)
        if value not in choices:
            allowed = ", ".join(repr(c) for c in choices)
            raise ConfigError(self.key(key), f"must be one of {allowed} (got {value!r})")
        return value

    def table(self, key: str, *, required: bool = False) -> Table:
        value = self.raw(key)
        if value is MISSING:
            if required:
                raise ConfigError(self.key(key), "required table missing")
            value = {}
        return Table(value, self.key(key))

    def finish(self) -> None:
        """Reject keys that were never read: typos must not be silently ignored."""
        for key in self.data:
            if key not in self.allowed:
                hint = difflib.get_close_matches(key, sorted(self.allowed), n=1)
                suffix = f" (did you mean {hint[0]!r}?)" if hint else ""
                raise ConfigError(self.key(key), f"unknown key{suffix}")


def secret(
    table: Table, key: str, env: Mapping[str, str], *, required: bool
) -> tuple[str | None, str | None]:
    """Read ``key`` inline or from the variable named by ``<key>_env``; return (value, env)."""
    env_key = f"{key}_env"
    inline = table.has(key)
    from_env = table.has(env_key)
    if inline and from_env:
        raise ConfigError(table.key(key), f"give either {key!r} or {env_key!r}, not both")
    if inline:
        return table.get_str(key), None
    if from_env:
        name = table.get_str(env_key)
        value = env.get(name)
        if value is None or not value.strip():
            raise ConfigError(
                table.key(env_key), f"environment variable {name!r} is not set or empty"
            )
        return value, name
    if required:
        raise ConfigError(table.key(key), f"required key missing (set {key!r} or {env_key!r})")
    return None, None
