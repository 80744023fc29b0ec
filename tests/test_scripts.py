"""The commands refuse to start without Odoo, with a clear message and exit code 2; every
benchmark that scripts/bench lists exists and parses its options on the shared harness."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def listed_benchmarks():
    """The names in the BENCHMARKS table at the top of scripts/bench."""
    text = (ROOT / "scripts" / "bench").read_text(encoding="utf-8")
    table = re.search(r'^BENCHMARKS="\n(.*?)^"', text, re.S | re.M).group(1)
    return [line.split()[0] for line in table.splitlines() if line.strip()]


@pytest.mark.parametrize("command", ["scripts/run", "scripts/test", "scripts/bench booking"])
def test_missing_odoo_src_exits_2_with_a_clear_message(command, tmp_path):
    env = dict(os.environ, ODOO_SRC=str(tmp_path / "no-odoo-here"))
    program, *args = command.split()
    result = subprocess.run(
        [str(ROOT / program), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert f"Odoo 19 was not found at ODOO_SRC={tmp_path / 'no-odoo-here'}" in result.stderr
    assert "ODOO_SRC=/path/to/odoo" in result.stderr
    # Nothing was started or installed before the check.
    assert "Traceback" not in result.stderr


def test_bench_without_a_known_name_lists_the_benchmarks_and_exits_2():
    for args in ([], ["no-such-bench"]):
        result = subprocess.run(
            [str(ROOT / "scripts" / "bench"), *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 2
        for name in listed_benchmarks():
            assert f"  {name} " in result.stderr


@pytest.mark.parametrize("name", listed_benchmarks())
def test_every_listed_benchmark_parses_its_options(name):
    odoo_src = os.environ.get("ODOO_SRC", "/opt/odoo")
    if not Path(odoo_src, "odoo").is_dir():
        pytest.skip(f"no Odoo source tree at {odoo_src}")
    script = ROOT / "benchmarks" / f"bench_{name}.py"
    result = subprocess.run(
        [sys.executable, str(script), "--help"],
        env=dict(os.environ, PYTHONPATH=odoo_src),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # The harness's own options, and the cases to choose from.
    assert "--config" in result.stdout and "--db" in result.stdout
    assert "--only {" in result.stdout
