"""Field devices: their kinds, transports, identifiers, MQTT topics and reading metrics.

Odoo's device registry and the proxy's TOML configuration both follow these rules.
"""

from __future__ import annotations

import re

# (code, label): Odoo shows the labels; the proxy only needs the codes.
DEVICE_KINDS = (
    ("gate", "Gate"),
    ("reader", "Card/QR Reader"),
    ("light", "Light Circuit"),
    ("shower", "Shower Valve"),
    ("locker", "Locker Bank"),
    ("printer", "Receipt Printer"),
    ("counter", "People Counter"),
    ("energy", "Energy Meter"),
)
KIND_CODES = tuple(code for code, _label in DEVICE_KINDS)
# Kinds that a granted passage opens for a while, and for how long by default (seconds).
OPENABLE_KINDS = ("gate", "shower", "locker")
DEFAULT_OPEN_SECONDS = {"gate": 5.0, "shower": 180.0, "locker": 3.0}

TRANSPORTS = (
    ("mqtt", "MQTT"),
    ("serial", "Serial Port"),
    ("network", "Network (TCP)"),
    ("file", "File (printer device node)"),
    ("camera", "Camera (QR)"),
)
TRANSPORT_CODES = tuple(code for code, _label in TRANSPORTS)

# A venue code: 2 to 16 capitals, digits, '-' or '_', e.g. ``CSC``. It is a level of every
# device topic (``arena/<code>/...``), and MQTT topics are case-sensitive: one spelling only.
VENUE_CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{1,15}$")
# A device identifier: lower case, unique within its venue, e.g. ``gate-01``.
IDENTIFIER_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
# Identifiers the proxy keeps for itself (``arena/<venue>/proxy/state``).
RESERVED_IDENTIFIERS = frozenset({"proxy"})
# A device topic: slash-separated levels, no wildcards, no empty levels, no leading '$'.
TOPIC_RE = re.compile(r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$")

# Counter and meter readings: (metric, label).
METRICS = (
    ("people_in", "People In"),
    ("people_out", "People Out"),
    ("occupancy", "Occupancy"),
    ("energy_kwh", "Energy (kWh)"),
    ("power_kw", "Power (kW)"),
    ("water_m3", "Water (m³)"),
)
METRIC_CODES = tuple(code for code, _label in METRICS)


def is_venue_code(code: str) -> bool:
    """Whether ``code`` is a valid venue code (see ``VENUE_CODE_RE``)."""
    return isinstance(code, str) and VENUE_CODE_RE.match(code) is not None


def topic_prefix(venue_code: str) -> str:
    """The topic under which every device of a venue lives."""
    return f"arena/{venue_code}"


def default_topic(venue_code: str, identifier: str) -> str:
    """A device's base topic unless configured otherwise; the proxy uses ``<topic>/cmd``,
    ``<topic>/state`` and ``<topic>/event`` under it."""
    return f"{topic_prefix(venue_code)}/{identifier}"


def proxy_topic(venue_code: str) -> str:
    """The topic the proxy itself uses (reserved: no device may take it)."""
    return default_topic(venue_code, "proxy")
