"""Config loading and validation: good configs load, every bad one names its key."""

from __future__ import annotations

import copy
import dataclasses
import tomllib

import pytest
from conftest import EXAMPLE_CONFIG, run_cli

from hw_proxy.config import ConfigError, load_config, loads_config, parse_config

ENV = {"ARENA_PROXY_API_KEY": "secret-from-env"}

BASE = {
    "venue": {"code": "CSC", "name": "市体育中心"},
    "odoo": {"url": "http://localhost:8069", "db": "arena", "api_key": "inline-key"},
    "mqtt": {"host": "127.0.0.1", "port": 1883},
    "status": {"bind": "127.0.0.1", "port": 8089},
    "devices": [
        {"id": "gate-01", "kind": "gate", "transport": "mqtt"},
        {"id": "light-bb1", "kind": "light"},
        {"id": "reader-01", "kind": "reader", "transport": "serial", "port": "/dev/ttyUSB0"},
    ],
}


def _with(path: str, value):
    """BASE with the dotted ``path`` (``devices[2].port``) set, or deleted if value is DELETE."""
    data = copy.deepcopy(BASE)
    *parents, last = path.replace("[", ".").replace("]", "").split(".")
    node = data
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
    if value is DELETE:
        del node[last]
    elif isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return data


DELETE = object()

BAD = [
    # (path to change, new value, key named in the error, fragment of the message)
    ("venue", DELETE, "venue", "required table missing"),
    ("venue", "CSC", "venue", "must be a table"),
    ("venue.code", DELETE, "venue.code", "required key missing"),
    ("venue.code", 7, "venue.code", "must be a string"),
    ("venue.code", "C S/C", "venue.code", "must match"),
    # Topics are case-sensitive and Odoo's codes are capitals: say which code to use.
    ("venue.code", "csc", "venue.code", "use 'CSC', the venue's code in Odoo"),
    ("venue.code", "C", "venue.code", "2 to 16 capitals"),
    ("venue.code", "", "venue.code", "must not be empty"),
    ("odoo", DELETE, "odoo", "required table missing"),
    ("odoo.url", DELETE, "odoo.url", "required key missing"),
    ("odoo.url", "ftp://odoo.example", "odoo.url", "http://"),
    ("odoo.url", "localhost:8069", "odoo.url", "http://"),
    ("odoo.db", DELETE, "odoo.db", "required key missing"),
    ("odoo.db", "", "odoo.db", "must not be empty"),
    ("odoo.api_key", DELETE, "odoo.api_key", "required key missing"),
    ("odoo.api_key_env", "ARENA_PROXY_API_KEY", "odoo.api_key", "not both"),
    ("odoo.timeout_seconds", 0, "odoo.timeout_seconds", "number > 0"),
    ("odoo.timeout_seconds", "10", "odoo.timeout_seconds", "must be a number"),
    ("odoo.timeout_seconds", True, "odoo.timeout_seconds", "must be a number"),
    ("odoo.urll", "http://x", "odoo.urll", "unknown key (did you mean 'url'?)"),
    ("mqtt.port", 0, "mqtt.port", "between 1 and 65535"),
    ("mqtt.port", 65536, "mqtt.port", "between 1 and 65535"),
    ("mqtt.port", "1883", "mqtt.port", "must be an integer"),
    ("mqtt.port", True, "mqtt.port", "must be an integer"),
    ("mqtt.port", 1883.0, "mqtt.port", "must be an integer"),
    ("mqtt.keepalive", 1, "mqtt.keepalive", "between 5 and 3600"),
    ("mqtt.reconnect_max_delay", 0, "mqtt.reconnect_max_delay", "between 1 and 3600"),
    ("mqtt.password", "pw", "mqtt.username", "required when a password is given"),
    ("mqtt.max_payload_bytes", 10, "mqtt.max_payload_bytes", "between"),
    ("mqtt.hots", "x", "mqtt.hots", "did you mean 'host'?"),
    ("status.bind", "0.0.0.0", "status.bind", "loopback"),
    ("status.bind", "192.168.1.10", "status.bind", "loopback"),
    ("status.bind", "::", "status.bind", "loopback"),
    ("status.bind", "localhost", "status.bind", "loopback IP address"),
    ("status.port", 70000, "status.port", "between 1 and 65535"),
    ("status.enabled", "yes", "status.enabled", "must be a boolean"),
    ("storage.path", "", "storage.path", "must not be empty"),
    ("storage.file", "x", "storage.file", "unknown key"),
    ("sync.interval_seconds", 0, "sync.interval_seconds", "number > 0"),
    ("sync.interval_seconds", -5, "sync.interval_seconds", "number > 0"),
    ("sync.interval_seconds", float("nan"), "sync.interval_seconds", "must be a finite"),
    ("sync.interval_seconds", float("inf"), "sync.interval_seconds", "must be a finite"),
    ("log.level", "LOUD", "log.level", "must be one of"),
    ("mqqt", {"port": 1}, "mqqt", "unknown key (did you mean 'mqtt'?)"),
    ("devices", {"id": "x"}, "devices", "must be an array of tables"),
    ("devices[0]", "gate-01", "devices[0]", "must be a table"),
    ("devices[0].id", DELETE, "devices[0].id", "required key missing"),
    ("devices[0].id", "Gate-01", "devices[0].id", "must match"),
    ("devices[0].id", "-gate", "devices[0].id", "must match"),
    ("devices[0].id", "g" * 64, "devices[0].id", "must match"),
    ("devices[0].id", "gate/01", "devices[0].id", "must match"),
    ("devices[0].id", "proxy", "devices[0].id", "reserved"),
    ("devices[1].id", "gate-01", "devices[1].id", "duplicate device id 'gate-01'"),
    ("devices[0].kind", DELETE, "devices[0].kind", "required key missing"),
    ("devices[0].kind", "door", "devices[0].kind", "must be one of 'gate', 'reader'"),
    ("devices[2].transport", "usb", "devices[2].transport", "must be one of 'mqtt', 'serial'"),
    ("devices[2].port", DELETE, "devices[2].port", "required key missing"),
    ("devices[2].baudrate", 12345, "devices[2].baudrate", "standard rate"),
    ("devices[2].baudrate", "9600", "devices[2].baudrate", "must be an integer"),
    ("devices[2].topic", "arena/CSC/r", "devices[2].topic", "only valid with transport 'mqtt'"),
    ("devices[0].port", "/dev/ttyS0", "devices[0].port", "only valid with transport 'serial'"),
    ("devices[0].baudrat", 9600, "devices[0].baudrat", "unknown key"),
    ("devices[0].topic", "arena/+/gate", "devices[0].topic", "without wildcards"),
    ("devices[0].topic", "arena//gate", "devices[0].topic", "without wildcards"),
    ("devices[0].topic", "arena/CSC/proxy", "devices[0].topic", "reserved for the proxy"),
    ("devices[1].topic", "arena/CSC/gate-01", "devices[1].topic", "already used by devices[0]"),
    ("devices[0].transport", "network", "devices[0].host", "required key missing"),
]


@pytest.mark.parametrize(
    ("path", "value", "key", "fragment"), BAD, ids=[f"{p}={v!r}"[:60] for p, v, _, _ in BAD]
)
def test_bad_config_names_the_key(path, value, key, fragment):
    with pytest.raises(ConfigError) as err:
        parse_config(_with(path, value), env=ENV)
    assert err.value.key == key
    assert fragment in str(err.value)
    assert str(err.value).startswith(f"{key}: ")


def test_network_device_port_range():
    data = _with("devices[0].transport", "network")
    data["devices"][0].update(host="10.0.0.5", tcp_port=0)
    with pytest.raises(ConfigError) as err:
        parse_config(data, env=ENV)
    assert err.value.key == "devices[0].tcp_port"


def test_base_config_is_valid_and_defaults_are_filled():
    config = parse_config(BASE, env=ENV)
    assert config.venue.code == "CSC"
    assert config.odoo.api_key == "inline-key"
    assert config.odoo.api_key_env is None
    assert config.mqtt.client_id == "arena-hw-proxy-CSC"
    assert config.storage.path == "./var/hw_proxy.sqlite3"
    assert config.sync.interval_seconds == 30
    assert config.status.enabled is True
    gate, light, reader = config.devices
    assert gate.topic == "arena/CSC/gate-01"
    assert light.transport == "mqtt"
    assert light.topic == "arena/CSC/light-bb1"
    assert light.name == "light-bb1"
    assert reader.topic is None
    assert reader.baudrate == 9600
    assert config.proxy_state_topic == "arena/CSC/proxy/state"


def test_minimal_config_gets_defaults():
    config = loads_config(
        '[venue]\ncode = "X1"\n[odoo]\nurl = "https://odoo.example"\ndb = "d"\napi_key = "k"\n',
        env={},
    )
    assert (config.mqtt.host, config.mqtt.port) == ("127.0.0.1", 1883)
    assert (config.status.bind, config.status.port) == ("127.0.0.1", 8089)
    assert config.devices == ()


@pytest.mark.parametrize("bind", ["127.0.0.1", "127.8.9.10", "::1"])
def test_loopback_binds_are_accepted(bind):
    assert parse_config(_with("status.bind", bind), env=ENV).status.bind == bind


def test_example_config_loads_with_env(monkeypatch):
    monkeypatch.setenv("ARENA_PROXY_API_KEY", "from-env")
    config = load_config(EXAMPLE_CONFIG)
    assert config.venue.code == "CSC"
    assert config.venue.name == "南京市体育中心"
    assert config.odoo.url == "http://localhost:8069"
    assert config.odoo.db == "arena"
    assert config.odoo.api_key == "from-env"
    assert config.odoo.api_key_env == "ARENA_PROXY_API_KEY"
    assert (config.mqtt.host, config.mqtt.port) == ("127.0.0.1", 1883)
    assert config.device("gate-gym-1").kind == "gate"
    assert config.device("light-bb1").topic == "arena/CSC/light-bb1"
    reader = config.device("reader-gym-1")
    assert (reader.transport, reader.port, reader.baudrate) == ("serial", "/dev/ttyUSB-gym", 9600)


def test_api_key_env_must_exist(monkeypatch):
    monkeypatch.delenv("ARENA_PROXY_API_KEY", raising=False)
    with pytest.raises(ConfigError) as err:
        load_config(EXAMPLE_CONFIG)
    assert err.value.key == "odoo.api_key_env"
    assert "ARENA_PROXY_API_KEY" in str(err.value)


def test_api_key_env_empty_is_refused():
    data = copy.deepcopy(BASE)
    del data["odoo"]["api_key"]
    data["odoo"]["api_key_env"] = "ARENA_PROXY_API_KEY"
    with pytest.raises(ConfigError) as err:
        parse_config(data, env={"ARENA_PROXY_API_KEY": ""})
    assert err.value.key == "odoo.api_key_env"


def test_config_is_frozen_and_secrets_stay_out_of_repr():
    config = parse_config(BASE, env=ENV)
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.venue.code = "X"  # type: ignore[misc]
    assert "inline-key" not in repr(config)


def test_toml_syntax_error_gives_line_number(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[venue]\ncode = "CSC"\n\n[odoo\nurl = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(bad)
    assert "invalid TOML" in str(err.value)
    assert "line 4" in str(err.value)
    assert isinstance(err.value, ValueError)
    assert not isinstance(err.value.__cause__, tomllib.TOMLDecodeError)


def test_missing_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "nope.toml")


# --- through the CLI -------------------------------------------------------------------------


def test_check_config_accepts_example():
    result = run_cli("check-config", "--config", str(EXAMPLE_CONFIG), env=ENV)
    assert result.returncode == 0, result.stderr
    assert "config OK" in result.stdout
    assert "CSC (南京市体育中心)" in result.stdout
    for device in ("gate-gym-1", "light-bb1", "reader-gym-1"):
        assert device in result.stdout
    assert "secret-from-env" not in result.stdout


@pytest.mark.parametrize("command", ["check-config", "run", "simulate"])
def test_bad_config_exits_2_with_key_on_stderr(tmp_path, command):
    text = EXAMPLE_CONFIG.read_text(encoding="utf-8").replace(
        'transport = "serial"', 'transport = "usb"'
    )
    bad = tmp_path / "bad.toml"
    bad.write_text(text, encoding="utf-8")
    result = run_cli(command, "--config", str(bad), env=ENV)
    assert result.returncode == 2
    assert result.stderr.startswith("config error: devices[1].transport: must be one of")
    assert "(got 'usb')" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_cli_reports_missing_env_var():
    env = {"ARENA_PROXY_API_KEY": ""}
    result = run_cli("check-config", "--config", str(EXAMPLE_CONFIG), env=env)
    assert result.returncode == 2
    assert "config error: odoo.api_key_env" in result.stderr


def test_cli_reports_toml_syntax_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[venue]\ncode = CSC\n", encoding="utf-8")
    result = run_cli("run", "--config", str(bad))
    assert result.returncode == 2
    assert "config error:" in result.stderr
    assert "line 2" in result.stderr
    assert "Traceback" not in result.stderr


ACCESS_BASE = """
[venue]
code = "TV"
name = "t"
[odoo]
url = "http://127.0.0.1:8069"
db = "x"
api_key = "k"
[[devices]]
id = "gate-1"
kind = "gate"
[[devices]]
id = "reader-1"
kind = "reader"
"""


@pytest.mark.parametrize(
    ("extra", "key", "fragment"),
    [
        ('point = "p"\nopens = "nothing"', "devices[1].opens", "gate, shower or locker"),
        ('opens = "gate-1"', "devices[1].point", "needs its access point"),
        ("point = 3", "devices[1].point", "must be a string"),
        ("open_seconds = 3", "devices[1].open_seconds", "only valid for gates"),
        ('transport = "camera"', "devices[1].source", "required key missing"),
    ],
)
def test_reader_access_keys_are_checked(extra, key, fragment):
    with pytest.raises(ConfigError) as info:
        loads_config(ACCESS_BASE + extra)
    assert info.value.key == key
    assert fragment in info.value.message


def test_reader_access_keys_and_defaults():
    config = loads_config(ACCESS_BASE + 'point = "gym-in-1"\nopens = "gate-1"')
    reader = config.device("reader-1")
    assert (reader.point, reader.opens) == ("gym-in-1", "gate-1")
    assert config.device("gate-1").open_seconds == 5.0
    assert config.storage.synchronous == "normal"
    assert config.sync.light_check_seconds == 15.0
    camera = loads_config(
        ACCESS_BASE.replace('kind = "reader"', 'kind = "reader"\ntransport = "camera"')
        + 'source = "rtsp://10.0.0.9/stream"'
    )
    assert camera.device("reader-1").source == "rtsp://10.0.0.9/stream"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('[storage]\nsynchronous = "off"', "storage.synchronous"),
        ("[sync]\nlight_check_seconds = 0", "sync.light_check_seconds"),
    ],
)
def test_storage_and_sync_options_are_checked(text, key):
    with pytest.raises(ConfigError) as info:
        loads_config(ACCESS_BASE.replace("[[devices]]", text + "\n[[devices]]", 1))
    assert info.value.key == key


def test_only_readers_use_cameras():
    with pytest.raises(ConfigError) as info:
        loads_config(ACCESS_BASE.replace('kind = "gate"', 'kind = "gate"\ntransport = "camera"'))
    assert info.value.key == "devices[0].transport"
