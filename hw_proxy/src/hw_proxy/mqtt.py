"""MQTT transport: moves validated JSON dicts between the broker and the service.

It knows nothing about devices. Every incoming payload is checked here (size, UTF-8,
JSON object, message ``id``); anything malformed is logged and discarded.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

import paho.mqtt.client as mqtt

from hw_proxy.config import MqttConfig

_logger = logging.getLogger(__name__)

QOS = 1
MAX_ID_LENGTH = 128

MessageHandler = Callable[[str, dict[str, Any]], None]


class InvalidMessage(ValueError):
    """A payload that is not a well-formed command envelope."""


def _reject_constant(name: str) -> Any:
    raise InvalidMessage(f"non-standard JSON constant {name}")


def decode_message(payload: bytes, max_bytes: int) -> dict[str, Any]:
    """Decode ``payload`` into a dict with a string ``id``, or raise InvalidMessage."""
    if len(payload) > max_bytes:
        raise InvalidMessage(f"payload too large ({len(payload)} > {max_bytes} bytes)")
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidMessage(f"payload is not UTF-8: {exc.reason}") from None
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise InvalidMessage(f"payload is not JSON: {exc.msg} at position {exc.pos}") from None
    except RecursionError:
        raise InvalidMessage("payload is nested too deeply") from None
    if not isinstance(data, dict):
        raise InvalidMessage(f"payload must be a JSON object, not {type(data).__name__}")
    msg_id = data.get("id")
    if not isinstance(msg_id, str) or not msg_id.strip():
        raise InvalidMessage('payload needs a non-empty string "id"')
    if len(msg_id) > MAX_ID_LENGTH:
        raise InvalidMessage(f'"id" longer than {MAX_ID_LENGTH} characters')
    return data


def encode_message(data: dict[str, Any] | str) -> bytes:
    """Encode a dict as compact standard JSON (no NaN); a str is sent as is (e.g. "online")."""
    if isinstance(data, str):
        return data.encode("utf-8")
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.encode("utf-8")


class MqttTransport:
    """A paho-mqtt 2.x client that reconnects by itself and resubscribes on every connect."""

    def __init__(
        self,
        config: MqttConfig,
        *,
        will_topic: str,
        will_payload: str,
        subscriptions: Iterable[str],
        on_message: MessageHandler,
        on_connect: Callable[[], None] | None = None,
    ):
        self.config = config
        self._subscriptions = tuple(subscriptions)
        self._handler = on_message
        self._connect_hook = on_connect
        self._connected = threading.Event()
        self._stopping = False
        client = mqtt.Client(
            mqtt.CallbackAPIVersion.VERSION2,
            client_id=config.client_id,
            protocol=mqtt.MQTTv311,
            clean_session=True,
        )
        client.enable_logger(logging.getLogger("hw_proxy.paho"))
        client.suppress_exceptions = True  # a raising callback must never kill the loop thread
        if config.username is not None:
            client.username_pw_set(config.username, config.password)
        client.will_set(will_topic, encode_message(will_payload), qos=QOS, retain=True)
        client.reconnect_delay_set(config.reconnect_min_delay, config.reconnect_max_delay)
        client.on_connect = self._on_connect
        client.on_disconnect = self._on_disconnect
        client.on_message = self._on_message
        self.client = client

    @property
    def connected(self) -> bool:
        return self._connected.is_set()

    def wait_connected(self, timeout: float) -> bool:
        return self._connected.wait(timeout)

    def start(self) -> None:
        """Connect in the background; paho keeps retrying with backoff until it succeeds."""
        self.client.connect_async(self.config.host, self.config.port, self.config.keepalive)
        self.client.loop_start()

    def publish(self, topic: str, data: dict[str, Any] | str, *, retain: bool = False) -> None:
        info = self.client.publish(topic, encode_message(data), qos=QOS, retain=retain)
        if info.rc != mqtt.MQTT_ERR_SUCCESS:
            # QoS 1 messages stay queued in paho and go out after the reconnect.
            _logger.warning(
                "publish queued", extra={"topic": topic, "rc": mqtt.error_string(info.rc)}
            )

    def stop(self, final: Iterable[tuple[str, dict[str, Any] | str]] = (), timeout: float = 5.0):
        """Publish ``final`` (retained) if connected, then disconnect cleanly."""
        deadline = time.monotonic() + timeout
        self._stopping = True
        if self.connected:
            infos = [
                self.client.publish(topic, encode_message(data), qos=QOS, retain=True)
                for topic, data in final
            ]
            for info in infos:
                try:
                    info.wait_for_publish(max(0.0, deadline - time.monotonic()))
                except (RuntimeError, ValueError) as exc:
                    _logger.warning("final publish failed", extra={"error": str(exc)})
        self.client.disconnect()
        self.client.loop_stop()
        self._connected.clear()

    # --- paho callbacks (network thread) -------------------------------------------------------

    def _on_connect(self, client, userdata, flags, reason_code, properties) -> None:
        if reason_code.is_failure:
            _logger.error("mqtt connection refused", extra={"reason": str(reason_code)})
            return
        # Subscribe before anything is published, so that whoever sees us online can talk to us.
        if self._subscriptions:
            client.subscribe([(topic, QOS) for topic in self._subscriptions])
        self._connected.set()
        _logger.info(
            "mqtt connected",
            extra={"host": self.config.host, "port": self.config.port},
        )
        if self._connect_hook is not None:
            try:
                self._connect_hook()
            except Exception:
                _logger.exception("on_connect hook failed")

    def _on_disconnect(self, client, userdata, flags, reason_code, properties) -> None:
        self._connected.clear()
        level = logging.INFO if self._stopping else logging.WARNING
        _logger.log(level, "mqtt disconnected", extra={"reason": str(reason_code)})

    def _on_message(self, client, userdata, message: mqtt.MQTTMessage) -> None:
        try:
            self._dispatch(message)
        except Exception:
            _logger.exception("message dispatch failed")

    def _dispatch(self, message: mqtt.MQTTMessage) -> None:
        topic = message.topic
        try:
            data = decode_message(message.payload, self.config.max_payload_bytes)
        except InvalidMessage as exc:
            _logger.warning(
                "malformed message discarded",
                extra={"topic": topic, "reason": str(exc), "size": len(message.payload)},
            )
            return
        try:
            self._handler(topic, data)
        except Exception:
            _logger.exception("message handler failed", extra={"topic": topic, "id": data["id"]})
