"""Every coding kata of the catalogue is whole and its grader is itself tested.

- the reference passes the grader, the stub fails it, every mutant fails it with the diagnosis
  its header names (the same cases as ``kata check``);
- every alternative correct implementation in tests/alternatives/<slug>/ passes (except the
  categories its ``# may-fail:`` header names: a plain-loop solution may fail efficiency);
- the stub and the reference have the same public names and docstrings, the stub's bodies
  raise NotImplementedError, the visible examples pass on the reference and fail on the stub,
  the prompt renders, and the grader has the breadth the catalogue promises.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kata_cli import grading, selfcheck
from kata_cli.catalog import Kata, all_katas, data_root
from kata_cli.workspace import render_prompt

ROOT = Path(__file__).resolve().parent.parent
CODING = [k for k in all_katas(data_root()) if k.kind == "coding"]
REQUIRED_CATEGORIES = {"correctness", "edge-cases", "numerical-stability", "efficiency"}


def alternatives(kata: Kata) -> list[Path]:
    return sorted((ROOT / "tests" / "alternatives" / kata.slug).glob("*.py"))


CASES = [c for kata in CODING for c in selfcheck.cases(kata)]
ALTERNATIVES = [(kata, path) for kata in CODING for path in alternatives(kata)]


@pytest.mark.parametrize("case", CASES, ids=[f"{c.kata.slug}-{c.label.replace(' ', '-')}" for c in CASES])
def test_grader_judges_reference_stub_and_mutants(case):
    outcome = selfcheck.run_case(case)
    assert outcome.ok, f"{case.label} ({case.description}): {outcome.detail}"


@pytest.mark.parametrize("kata, path", ALTERNATIVES, ids=[f"{k.slug}-{p.stem}" for k, p in ALTERNATIVES])
def test_alternative_correct_implementations_pass(kata, path):
    may_fail = {c.strip() for line in selfcheck.read_header(path, "may-fail") for c in line.split(",")}
    result = grading.grade(kata, path)
    wrong = [t for t in result.failures() if t.category not in may_fail]
    assert not wrong, "\n".join(f"{t.name} [{t.category}]: {t.message}" for t in wrong)
    assert result.status in ("passed", "failed") and (result.passed or may_fail)


def _docstrings(path: Path) -> dict[str, str | None]:
    """Public module-level names and methods with their docstrings."""
    tree = ast.parse(path.read_text())
    out: dict[str, str | None] = {"<module>": None}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith("_"):
            out[node.name] = ast.get_docstring(node)
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, ast.FunctionDef) and (not item.name.startswith("_") or item.name == "__init__"):
                        out[f"{node.name}.{item.name}"] = ast.get_docstring(item)
    return out


@pytest.mark.parametrize("kata", CODING, ids=[k.slug for k in CODING])
def test_stub_and_reference_share_names_and_docstrings(kata):
    stub, ref = _docstrings(kata.stub_path), _docstrings(kata.solution_path)
    assert set(stub) == set(ref), f"public names differ: {set(stub) ^ set(ref)}"
    for name in stub:
        assert stub[name] == ref[name], f"docstring of {name} differs between stub and reference"
    for entry in kata.entrypoints:
        assert entry in stub and stub[entry], f"{entry} has no docstring"


@pytest.mark.parametrize("kata", CODING, ids=[k.slug for k in CODING])
def test_stub_bodies_raise_not_implemented(kata):
    tree = ast.parse(kata.stub_path.read_text())
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
    assert functions
    for fn in functions:
        body = fn.body[1:] if ast.get_docstring(fn) is not None else fn.body
        assert len(body) == 1 and isinstance(body[0], ast.Raise), fn.name
        exc = body[0].exc
        name = exc.func.id if isinstance(exc, ast.Call) else getattr(exc, "id", None)
        assert name == "NotImplementedError", fn.name


def _run_examples(kata: Kata, module_source: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    shutil.copy(kata.examples_path, tmp_path / "test_examples.py")
    shutil.copy(module_source, tmp_path / kata.module)
    for extra in kata.extra_files:
        shutil.copy(kata.folder / extra, tmp_path / Path(extra).name)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_examples.py"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )


@pytest.mark.parametrize("kata", CODING, ids=[k.slug for k in CODING])
def test_visible_examples_pass_on_reference_and_fail_on_stub(kata, tmp_path):
    (tmp_path / "ref").mkdir()
    (tmp_path / "stub").mkdir()
    ref = _run_examples(kata, kata.solution_path, tmp_path / "ref")
    assert ref.returncode == 0, ref.stdout[-3000:]
    collected = ref.stdout.strip().splitlines()[-1]
    assert any(f"{n} passed" in collected for n in (3, 4, 5)), collected
    stub = _run_examples(kata, kata.stub_path, tmp_path / "stub")
    assert stub.returncode == 1 and " passed" not in stub.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize("kata", CODING, ids=[k.slug for k in CODING])
def test_anatomy(kata):
    text = render_prompt(kata)
    assert kata.module in text and all(e in text for e in kata.entrypoints)
    assert "{{" not in text and "{%" not in text
    assert 3 <= len(kata.hints) <= 5
    assert len(kata.mutants) >= 6
    assert {"sklearn", "scipy"} <= set(kata.forbidden_imports)
    source = "\n".join(p.read_text() for p in kata.grader_dir.glob("test_*.py"))
    assert "import sklearn" not in source and "from sklearn" not in source
    assert "assert_speed" in source
    result = grading.grade(kata, kata.solution_path)
    assert result.passed and len(result.tests) >= 15
    assert REQUIRED_CATEGORIES <= {t.category for t in result.tests}
    assert all(t.name != t.id.rsplit("::", 1)[-1] for t in result.tests), "every test needs a docstring"
