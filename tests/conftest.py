"""Fixtures for the project's own tests.

``env`` isolates the state database and the workspace in a temporary folder; ``toy`` also
points the catalogue at a one-kata catalogue (tests/toy) laid out in a temporary folder, so
the grading machinery can be tested quickly and without depending on the real katas.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from kata_cli.cli import main

ROOT = Path(__file__).resolve().parent.parent
TOY = ROOT / "tests" / "toy"


@dataclass
class Env:
    home: Path
    workspace: Path
    data: Path | None = None

    def run(self, *args: str, cwd: Path | None = None, input: str | None = None):
        """Run the CLI in-process (click's CliRunner) from ``cwd``."""
        old = Path.cwd()
        os.chdir(cwd or self.home)
        try:
            return CliRunner().invoke(
                main, list(args), input=input, catch_exceptions=False, prog_name="kata"
            )
        finally:
            os.chdir(old)

    def subprocess(self, *args: str, cwd: Path | None = None, timeout: float = 120):
        """Run ``python -m kata_cli`` in a real child process."""
        return subprocess.run(
            [sys.executable, "-m", "kata_cli", *args], cwd=cwd or self.home,
            capture_output=True, text=True, timeout=timeout, env=dict(os.environ),
        )


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Env:
    home, workspace = tmp_path / "home", tmp_path / "workspace"
    home.mkdir()
    monkeypatch.setenv("KATA_HOME", str(home))
    monkeypatch.setenv("KATA_WORKSPACE", str(workspace))
    monkeypatch.delenv("KATA_DATA", raising=False)
    return Env(home, workspace)


TOY_DESIGN = Path(__file__).resolve().parent / "toy_design"
TOY_DESIGN_SLUG = "design-toy-spam"


def make_toy_catalog(dest: Path) -> Path:
    """Lay out tests/toy as a catalogue at ``dest``."""
    (dest / "katas" / "toy").mkdir(parents=True)
    (dest / "solutions").mkdir()
    (dest / "graders" / "toy" / "mutants").mkdir(parents=True)
    for name in ("kata.toml", "prompt.md", "toy.py", "test_examples.py"):
        shutil.copy(TOY / name, dest / "katas" / "toy" / name)
    shutil.copy(TOY / "solution.py", dest / "solutions" / "toy.py")
    shutil.copy(ROOT / "graders" / "conftest.py", dest / "graders" / "conftest.py")
    shutil.copy(TOY / "grader.py", dest / "graders" / "toy" / "test_toy.py")
    shutil.copy(TOY / "mutant_squared.py", dest / "graders" / "toy" / "mutants" / "squared.py")
    # a small design kata: design-toy-spam
    design = dest / "katas" / TOY_DESIGN_SLUG
    design.mkdir()
    (dest / "graders" / TOY_DESIGN_SLUG / "mutants").mkdir(parents=True)
    for name in ("kata.toml", "prompt.md"):
        shutil.copy(TOY_DESIGN / name, design / name)
    shutil.copy(TOY_DESIGN / "model.md", dest / "solutions" / f"{TOY_DESIGN_SLUG}.md")
    shutil.copy(TOY_DESIGN / "rubric.toml", dest / "graders" / TOY_DESIGN_SLUG / "rubric.toml")
    shutil.copy(TOY_DESIGN / "shallow.md", dest / "graders" / TOY_DESIGN_SLUG / "mutants" / "shallow.md")
    return dest


@pytest.fixture
def toy(env: Env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Env:
    env.data = make_toy_catalog(tmp_path / "catalog")
    monkeypatch.setenv("KATA_DATA", str(env.data))
    return env


TOY_GOOD = '''import numpy as np


def row_norms(X):
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError("X must be 2-D")
    return np.sqrt((X ** 2).sum(axis=1))
'''
