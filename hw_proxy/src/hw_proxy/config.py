"""Load and validate the proxy's TOML configuration into frozen dataclasses."""

from __future__ import annotations

import ipaddress
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from arena_access import devices as arena_devices
from arena_access.devices import DEFAULT_OPEN_SECONDS, OPENABLE_KINDS, TOPIC_RE
from hw_proxy.toml_table import MISSING, ConfigError, Table, secret, type_name

DEVICE_KINDS = arena_devices.KIND_CODES
TRANSPORTS = arena_devices.TRANSPORT_CODES
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
BAUDRATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600)

DEVICE_ID_RE = arena_devices.IDENTIFIER_RE
VENUE_CODE_RE = arena_devices.VENUE_CODE_RE
RESERVED_DEVICE_IDS = arena_devices.RESERVED_IDENTIFIERS

DEFAULT_STORAGE_PATH = "./var/hw_proxy.sqlite3"
DEFAULT_STATUS_BIND = "127.0.0.1"
DEFAULT_STATUS_PORT = 8089


@dataclass(frozen=True)
class VenueConfig:
    code: str
    name: str


@dataclass(frozen=True)
class OdooConfig:
    url: str
    db: str
    api_key: str = field(repr=False)
    api_key_env: str | None = None
    timeout_seconds: float = 10.0


@dataclass(frozen=True)
class MqttConfig:
    host: str = "127.0.0.1"
    port: int = 1883
    client_id: str = ""
    keepalive: int = 60
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    reconnect_min_delay: int = 1
    reconnect_max_delay: int = 60
    max_payload_bytes: int = 65536


@dataclass(frozen=True)
class StatusConfig:
    enabled: bool = True
    bind: str = DEFAULT_STATUS_BIND
    port: int = DEFAULT_STATUS_PORT


@dataclass(frozen=True)
class StorageConfig:
    path: str = DEFAULT_STORAGE_PATH
    synchronous: str = "normal"


@dataclass(frozen=True)
class SyncConfig:
    interval_seconds: float = 30.0
    light_check_seconds: float = 15.0


@dataclass(frozen=True)
class LogConfig:
    level: str = "INFO"


@dataclass(frozen=True)
class DeviceConfig:
    id: str
    kind: str
    transport: str
    name: str
    topic: str | None = None
    port: str | None = None
    baudrate: int | None = None
    host: str | None = None
    tcp_port: int | None = None
    path: str | None = None
    # Camera readers: a V4L2 device (/dev/video0), an RTSP URL or a video file.
    source: str | None = None
    # Readers: the access point they read for, and the gate/valve/locker a grant opens.
    point: str | None = None
    opens: str | None = None
    # Gates, showers and lockers: how long one grant keeps them open.
    open_seconds: float | None = None


@dataclass(frozen=True)
class Config:
    venue: VenueConfig
    odoo: OdooConfig
    mqtt: MqttConfig
    status: StatusConfig
    storage: StorageConfig
    sync: SyncConfig
    log: LogConfig
    devices: tuple[DeviceConfig, ...]

    @property
    def topic_prefix(self) -> str:
        return arena_devices.topic_prefix(self.venue.code)

    @property
    def proxy_state_topic(self) -> str:
        return f"{arena_devices.proxy_topic(self.venue.code)}/state"

    def device(self, device_id: str) -> DeviceConfig:
        for dev in self.devices:
            if dev.id == device_id:
                return dev
        raise KeyError(device_id)


# --- sections --------------------------------------------------------------------------------


def _venue(t: Table) -> VenueConfig:
    code = t.get_str("code")
    if not arena_devices.is_venue_code(code):
        hint = ""
        if arena_devices.is_venue_code(code.upper()):
            # Topics are case-sensitive: Odoo's venue code is in capitals.
            hint = f"; use {code.upper()!r}, the venue's code in Odoo"
        raise ConfigError(
            t.key("code"),
            f"must match {VENUE_CODE_RE.pattern} (2 to 16 capitals, digits, '_' or '-'; "
            f"got {code!r}{hint})",
        )
    name = t.get_str("name", code)
    t.finish()
    return VenueConfig(code=code, name=name)


def _odoo(t: Table, env: Mapping[str, str]) -> OdooConfig:
    url = t.get_str("url")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(t.key("url"), f"must be an http:// or https:// URL (got {url!r})")
    db = t.get_str("db")
    api_key, api_key_env = secret(t, "api_key", env, required=True)
    timeout = t.get_positive_number("timeout_seconds", 10.0)
    t.finish()
    return OdooConfig(
        url=url.rstrip("/"),
        db=db,
        api_key=api_key,
        api_key_env=api_key_env,
        timeout_seconds=timeout,
    )


def _mqtt(t: Table, venue: VenueConfig, env: Mapping[str, str]) -> MqttConfig:
    host = t.get_str("host", "127.0.0.1")
    port = t.get_int("port", 1883, lo=1, hi=65535)
    client_id = t.get_str("client_id", f"arena-hw-proxy-{venue.code}")
    keepalive = t.get_int("keepalive", 60, lo=5, hi=3600)
    username = t.get_str("username", None)
    password, _ = secret(t, "password", env, required=False)
    if password is not None and username is None:
        raise ConfigError(t.key("username"), "required when a password is given")
    rmin = t.get_int("reconnect_min_delay", 1, lo=1, hi=3600)
    rmax = t.get_int("reconnect_max_delay", 60, lo=1, hi=3600)
    if rmax < rmin:
        raise ConfigError(
            t.key("reconnect_max_delay"), f"must be >= reconnect_min_delay ({rmin}, got {rmax})"
        )
    max_payload = t.get_int("max_payload_bytes", 65536, lo=64, hi=16 * 1024 * 1024)
    t.finish()
    return MqttConfig(
        host=host,
        port=port,
        client_id=client_id,
        keepalive=keepalive,
        username=username,
        password=password,
        reconnect_min_delay=rmin,
        reconnect_max_delay=rmax,
        max_payload_bytes=max_payload,
    )


def _status(t: Table) -> StatusConfig:
    enabled = t.get_bool("enabled", True)
    bind = t.get_str("bind", DEFAULT_STATUS_BIND)
    try:
        address = ipaddress.ip_address(bind)
    except ValueError:
        raise ConfigError(
            t.key("bind"), f"must be a loopback IP address such as 127.0.0.1 or ::1 (got {bind!r})"
        ) from None
    if not address.is_loopback:
        raise ConfigError(
            t.key("bind"),
            f"must be a loopback address (127.0.0.0/8 or ::1); refusing {bind!r}: "
            "the status endpoint has no authentication",
        )
    port = t.get_int("port", DEFAULT_STATUS_PORT, lo=1, hi=65535)
    t.finish()
    return StatusConfig(enabled=enabled, bind=bind, port=port)


def _storage(t: Table) -> StorageConfig:
    path = t.get_str("path", DEFAULT_STORAGE_PATH)
    synchronous = t.get_choice("synchronous", ("normal", "full"), "normal")
    t.finish()
    return StorageConfig(path=path, synchronous=synchronous)


def _sync(t: Table) -> SyncConfig:
    interval = t.get_positive_number("interval_seconds", 30.0)
    lights = t.get_positive_number("light_check_seconds", 15.0)
    t.finish()
    return SyncConfig(interval_seconds=interval, light_check_seconds=lights)


def _log(t: Table) -> LogConfig:
    level = t.get_str("level", "INFO")
    if level.upper() not in LOG_LEVELS:
        allowed = ", ".join(repr(c) for c in LOG_LEVELS)
        raise ConfigError(t.key("level"), f"must be one of {allowed} (got {level!r})")
    t.finish()
    return LogConfig(level=level.upper())


_TRANSPORT_KEYS = {
    "mqtt": ("topic",),
    "serial": ("port", "baudrate"),
    "network": ("host", "tcp_port"),
    "file": ("path",),
    "camera": ("source",),
}


def _device(t: Table, venue: VenueConfig) -> DeviceConfig:
    dev_id = t.get_str("id")
    if not DEVICE_ID_RE.match(dev_id):
        raise ConfigError(
            t.key("id"),
            f"must match {DEVICE_ID_RE.pattern} (lowercase letters, digits, '_' or '-'; "
            f"got {dev_id!r})",
        )
    if dev_id in RESERVED_DEVICE_IDS:
        raise ConfigError(t.key("id"), f"{dev_id!r} is reserved")
    kind = t.get_choice("kind", DEVICE_KINDS)
    transport = t.get_choice("transport", TRANSPORTS, "mqtt")
    name = t.get_str("name", dev_id)
    # Keys that belong to another transport are an error, not silently ignored.
    for other, keys in _TRANSPORT_KEYS.items():
        for key in keys:
            if other != transport and key in t.data:
                raise ConfigError(
                    t.key(key), f"only valid with transport {other!r} (this device: {transport!r})"
                )
    values: dict[str, Any] = {}
    if transport == "mqtt":
        topic = t.get_str("topic", arena_devices.default_topic(venue.code, dev_id))
        if not TOPIC_RE.match(topic):
            raise ConfigError(
                t.key("topic"),
                f"must be an MQTT topic without wildcards or empty levels (got {topic!r})",
            )
        values["topic"] = topic
    elif transport == "serial":
        values["port"] = t.get_str("port")
        baudrate = t.get_int("baudrate", 9600, lo=1, hi=10_000_000)
        if baudrate not in BAUDRATES:
            raise ConfigError(
                t.key("baudrate"),
                f"must be a standard rate ({', '.join(map(str, BAUDRATES))}; got {baudrate})",
            )
        values["baudrate"] = baudrate
    elif transport == "network":
        values["host"] = t.get_str("host")
        values["tcp_port"] = t.get_int("tcp_port", lo=1, hi=65535)
    elif transport == "file":
        values["path"] = t.get_str("path")
    elif transport == "camera":
        if kind != "reader":
            raise ConfigError(t.key("transport"), "only readers can use a camera")
        values["source"] = t.get_str("source")
    if kind == "reader":
        if t.has("point"):
            values["point"] = t.get_str("point")
        if t.has("opens"):
            values["opens"] = t.get_str("opens")
    else:
        for key in ("point", "opens"):
            if key in t.data:
                raise ConfigError(t.key(key), "only valid for readers")
    if kind in OPENABLE_KINDS:
        default = DEFAULT_OPEN_SECONDS[kind]
        values["open_seconds"] = t.get_positive_number("open_seconds", default)
    elif "open_seconds" in t.data:
        raise ConfigError(t.key("open_seconds"), "only valid for gates, showers and lockers")
    t.finish()
    return DeviceConfig(id=dev_id, kind=kind, transport=transport, name=name, **values)


def _devices(root: Table, venue: VenueConfig) -> tuple[DeviceConfig, ...]:
    raw = root.raw("devices")
    if raw is MISSING:
        return ()
    if not isinstance(raw, list):
        raise ConfigError(
            "devices", f"must be an array of tables [[devices]] (got {type_name(raw)})"
        )
    devices: list[DeviceConfig] = []
    seen_ids: dict[str, int] = {}
    seen_topics: dict[str, int] = {}
    reserved_topic = arena_devices.proxy_topic(venue.code)
    for index, item in enumerate(raw):
        path = f"devices[{index}]"
        dev = _device(Table(item, path), venue)
        if dev.id in seen_ids:
            raise ConfigError(
                f"{path}.id", f"duplicate device id {dev.id!r} (also devices[{seen_ids[dev.id]}])"
            )
        seen_ids[dev.id] = index
        # Every device has a topic on the bus, even when the proxy drives it over serial.
        topic = dev.topic or arena_devices.default_topic(venue.code, dev.id)
        if topic == reserved_topic:
            raise ConfigError(f"{path}.topic", f"{topic!r} is reserved for the proxy")
        if topic in seen_topics:
            raise ConfigError(
                f"{path}.topic" if dev.topic else f"{path}.id",
                f"topic {topic!r} is already used by devices[{seen_topics[topic]}]",
            )
        seen_topics[topic] = index
        devices.append(dev)
    kinds = {dev.id: dev.kind for dev in devices}
    for index, dev in enumerate(devices):
        if dev.opens is not None and kinds.get(dev.opens) not in OPENABLE_KINDS:
            raise ConfigError(
                f"devices[{index}].opens",
                f"must be the id of a gate, shower or locker device (got {dev.opens!r})",
            )
        if dev.opens is not None and dev.point is None:
            raise ConfigError(
                f"devices[{index}].point", "a reader that opens something needs its access point"
            )
    return tuple(devices)


# --- entry points ----------------------------------------------------------------------------


def parse_config(data: Mapping[str, Any], env: Mapping[str, str] | None = None) -> Config:
    """Validate a decoded TOML document; ``env`` defaults to ``os.environ``."""
    env = os.environ if env is None else env
    root = Table(dict(data), "")
    venue = _venue(root.table("venue", required=True))
    odoo = _odoo(root.table("odoo", required=True), env)
    mqtt = _mqtt(root.table("mqtt"), venue, env)
    status = _status(root.table("status"))
    storage = _storage(root.table("storage"))
    sync = _sync(root.table("sync"))
    log = _log(root.table("log"))
    devices = _devices(root, venue)
    root.finish()
    return Config(
        venue=venue,
        odoo=odoo,
        mqtt=mqtt,
        status=status,
        storage=storage,
        sync=sync,
        log=log,
        devices=devices,
    )


def loads_config(
    text: str, env: Mapping[str, str] | None = None, source: str = "<string>"
) -> Config:
    """Parse TOML text and validate it."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(None, f"{source}: invalid TOML: {exc}") from None
    return parse_config(data, env)


def load_config(path: str | os.PathLike[str], env: Mapping[str, str] | None = None) -> Config:
    """Read, parse and validate the TOML file at ``path``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(None, f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(None, f"{path}: not valid UTF-8: {exc}") from None
    return loads_config(text, env, source=str(path))
