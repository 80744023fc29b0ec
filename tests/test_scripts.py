"""The two commands refuse to start without Odoo, with a clear message and exit code 2."""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("command", ["scripts/run", "scripts/test"])
def test_missing_odoo_src_exits_2_with_a_clear_message(command, tmp_path):
    env = dict(os.environ, ODOO_SRC=str(tmp_path / "no-odoo-here"))
    result = subprocess.run(
        [str(ROOT / command)], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 2
    assert f"Odoo 19 was not found at ODOO_SRC={tmp_path / 'no-odoo-here'}" in result.stderr
    assert "ODOO_SRC=/path/to/odoo" in result.stderr
    # Nothing was started or installed before the check.
    assert "Traceback" not in result.stderr
