"""The CLI's start-up path stays light: numpy, pytest and jinja2 are imported only where needed."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import TOY_GOOD

SCRIPT = """
import sys
from kata_cli.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print("HEAVY=" + ",".join(m for m in ("numpy", "pytest", "jinja2", "sklearn") if m in sys.modules))
"""


def heavy_modules(*args: str, cwd=None) -> str:
    out = subprocess.run([sys.executable, "-c", SCRIPT, *args], capture_output=True, text=True,
                         env=dict(os.environ), cwd=cwd, timeout=60).stdout
    return out.rsplit("HEAVY=", 1)[1].strip()


@pytest.mark.parametrize("args", [["--help"], ["list"], ["list", "--json"], ["history"],
                                  ["stats"], ["next"], ["mock", "list"], ["mock", "--help"]])
def test_light_commands_import_nothing_heavy(toy, args):
    assert heavy_modules(*args) == ""


def test_grading_imports_nothing_heavy_in_the_cli_process(toy, tmp_path):
    path = tmp_path / "toy.py"
    path.write_text(TOY_GOOD)
    assert heavy_modules("grade", "toy", "--file", str(path)) == ""


def test_mock_status_imports_nothing_heavy(toy):
    from kata_cli import mock
    from kata_cli.store import Store

    with Store(toy.home / "kata.db") as store:
        mock.start(store, katas=["toy"], minutes=30)
    assert heavy_modules("mock", "status") == ""

