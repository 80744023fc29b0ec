"""Command line: ``run``, ``simulate``, ``status``, ``check-config``, ``dead-letters`` and
``requeue``."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from hw_proxy import __version__
from hw_proxy.config import Config, ConfigError, load_config
from hw_proxy.jsonlog import setup_logging

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_CONFIG = 2
DEFAULT_STATUS_URL = "http://127.0.0.1:8089/status"


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be > 0 (got {text})")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="arena-hw-proxy",
        description="Arena hardware proxy: bridges venue devices, MQTT and Odoo.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def with_config(name: str, help_text: str) -> argparse.ArgumentParser:
        cmd = sub.add_parser(name, help=help_text, description=help_text)
        cmd.add_argument("--config", "-c", required=True, metavar="FILE", help="TOML config file")
        return cmd

    with_config("run", "run the proxy with the real device drivers")
    with_config("simulate", "run the proxy with every device replaced by its simulator")
    with_config("check-config", "validate a config file and print a summary")
    dead = with_config(
        "dead-letters",
        "list the events and readings Odoo refused for good, newest first, one JSON object a line",
    )
    dead.add_argument("--limit", type=int, default=100, metavar="N", help="at most N (default 100)")
    requeue = with_config(
        "requeue", "put a dead letter back in its queue, to be sent to Odoo again"
    )
    requeue.add_argument("uuid", help="the uuid of the event or reading")
    status = sub.add_parser(
        "status",
        help="query a running proxy's status endpoint",
        description="Query a running proxy's status endpoint and print its JSON.",
    )
    status.add_argument(
        "--url", default=DEFAULT_STATUS_URL, help=f"status URL (default {DEFAULT_STATUS_URL})"
    )
    status.add_argument(
        "--timeout",
        type=_positive_float,
        default=5.0,
        metavar="SECONDS",
        help="HTTP timeout (default 5)",
    )
    return parser


def _error(prefix: str, message: str) -> None:
    sys.stderr.write(f"{prefix}: {message}\n")


def _summary(config: Config, path: str) -> str:
    odoo = config.odoo
    key_from = f"env {odoo.api_key_env}" if odoo.api_key_env else "inline"
    lines = [
        f"config OK: {path}",
        f"venue:   {config.venue.code} ({config.venue.name})",
        f"odoo:    {odoo.url} db={odoo.db} api_key={key_from} timeout={odoo.timeout_seconds:g}s",
        f"mqtt:    {config.mqtt.host}:{config.mqtt.port} client_id={config.mqtt.client_id}",
        "status:  "
        + (
            f"http://{config.status.bind}:{config.status.port}/status"
            if config.status.enabled
            else "disabled"
        ),
        f"storage: {config.storage.path}",
        f"sync:    every {config.sync.interval_seconds:g}s",
        f"devices: {len(config.devices)}",
    ]
    for dev in config.devices:
        if dev.transport == "mqtt":
            where = dev.topic
        elif dev.transport == "serial":
            where = f"{dev.port} @ {dev.baudrate}"
        elif dev.transport == "network":
            where = f"{dev.host}:{dev.tcp_port}"
        else:
            where = dev.path
        lines.append(f"  {dev.id:<16} {dev.kind:<8} {dev.transport:<8} {where}  {dev.name}")
    return "\n".join(lines) + "\n"


def _cmd_check_config(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    sys.stdout.write(_summary(config, args.config))
    return EXIT_OK


def _open_store(config: Config):
    """The proxy's database, which must exist already (a typo in the path must not
    silently make an empty one). Safe while the proxy runs: SQLite in WAL mode."""
    path = Path(config.storage.path)
    if not path.is_file():
        raise ConfigError("storage.path", f"no proxy database at {str(path)!r}")
    # Imported here so that check-config works without the access package.
    from hw_proxy.access.store import Store

    return Store(path, config.storage.synchronous)


def _cmd_dead_letters(args: argparse.Namespace) -> int:
    store = _open_store(load_config(args.config))
    try:
        for item in store.dead_list(max(args.limit, 1)):
            sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
    finally:
        store.close()
    return EXIT_OK


def _cmd_requeue(args: argparse.Namespace) -> int:
    store = _open_store(load_config(args.config))
    try:
        kind = store.dead_requeue(args.uuid, time.time())
    finally:
        store.close()
    if kind is None:
        _error("requeue error", f"no dead letter {args.uuid!r}")
        return EXIT_FAILURE
    sys.stdout.write(f"{kind} {args.uuid} queued again\n")
    return EXIT_OK


def _cmd_run(args: argparse.Namespace, *, simulate: bool) -> int:
    config = load_config(args.config)
    setup_logging(config.log.level)
    # Imported here so that check-config and status work without paho-mqtt installed.
    from hw_proxy.service import Service

    service = Service(config, simulate=simulate)

    def on_signal(signum: int, frame: FrameType | None) -> None:
        service.request_stop()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        service.run()
    except OSError as exc:
        _error("error", f"cannot start: {exc}")
        return EXIT_FAILURE
    return EXIT_OK


def _cmd_status(args: argparse.Namespace) -> int:
    if not args.url.startswith(("http://", "https://")):
        _error("status error", f"--url must be an http:// URL (got {args.url!r})")
        return EXIT_CONFIG
    try:
        with urllib.request.urlopen(args.url, timeout=args.timeout) as response:
            body = response.read()
    except urllib.error.HTTPError as exc:
        _error("status error", f"{args.url} answered HTTP {exc.code}")
        return EXIT_FAILURE
    except urllib.error.URLError as exc:
        _error("status error", f"cannot reach {args.url}: {exc.reason}")
        return EXIT_FAILURE
    except (TimeoutError, OSError) as exc:
        _error("status error", f"cannot reach {args.url}: {exc}")
        return EXIT_FAILURE
    try:
        data = json.loads(body)
    except ValueError:
        _error("status error", f"{args.url} did not return JSON")
        return EXIT_FAILURE
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "check-config":
            return _cmd_check_config(args)
        if args.command == "run":
            return _cmd_run(args, simulate=False)
        if args.command == "simulate":
            return _cmd_run(args, simulate=True)
        if args.command == "status":
            return _cmd_status(args)
        if args.command == "dead-letters":
            return _cmd_dead_letters(args)
        if args.command == "requeue":
            return _cmd_requeue(args)
    except ConfigError as exc:
        _error("config error", str(exc))
        return EXIT_CONFIG
    except KeyboardInterrupt:
        return EXIT_FAILURE
    raise AssertionError(f"unhandled command {args.command!r}")
