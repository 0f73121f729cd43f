"""Helpers shared by the project's own tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def load_module(path: Path, name: str) -> ModuleType:
    """Import the Python file at ``path`` as a fresh module called ``name``."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def load_solution(slug: str) -> ModuleType:
    """The reference solution solutions/<slug>.py (solutions/ is not a package)."""
    return load_module(ROOT / "solutions" / f"{slug}.py", f"reference_{slug.replace('-', '_')}")
