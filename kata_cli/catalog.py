"""The kata catalogue: ``katas/<slug>/kata.toml`` loaded into frozen dataclasses.

Every field of DESIGN.md section 3 is validated at load; an unknown key, a missing file or an
unsupported ``format_version`` is a :class:`CatalogError` naming the file. The data folders
(katas/, solutions/, graders/) sit at the repository root in a checkout and inside the package
(``kata_cli/_data``) in an installed wheel; :func:`data_root` finds whichever is there.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from kata_cli.errors import CatalogError, UnknownKata

FORMAT_VERSION = 1
KINDS = ("coding", "design")
DIFFICULTIES = ("easy", "medium", "hard")
DATA_ENV = "KATA_DATA"


@dataclass(frozen=True)
class Kata:
    """One kata, as its kata.toml describes it (DESIGN.md section 3)."""

    slug: str
    title: str
    kind: str
    topic: str
    difficulty: str
    minutes: float
    module: str
    entrypoints: tuple[str, ...]
    forbidden_imports: tuple[str, ...]
    extra_files: tuple[str, ...]
    hints: tuple[str, ...]
    timeout_s: float
    tags: tuple[str, ...]
    format_version: int
    root: Path = field(compare=False)

    @property
    def folder(self) -> Path:
        return self.root / "katas" / self.slug

    @property
    def module_name(self) -> str:
        return Path(self.module).stem

    @property
    def stub_path(self) -> Path:
        """The coding stub (a design kata's stub is rendered from the shared template)."""
        return self.folder / self.module

    @property
    def prompt_path(self) -> Path:
        return self.folder / "prompt.md"

    @property
    def examples_path(self) -> Path:
        return self.folder / "test_examples.py"

    @property
    def solution_path(self) -> Path:
        suffix = ".md" if self.kind == "design" else ".py"
        return self.root / "solutions" / f"{self.slug}{suffix}"

    @property
    def grader_dir(self) -> Path:
        return self.root / "graders" / self.slug

    @property
    def mutants(self) -> list[Path]:
        folder = self.grader_dir / "mutants"
        suffix = "*.md" if self.kind == "design" else "*.py"
        return sorted(folder.glob(suffix)) if folder.is_dir() else []

    @property
    def workspace_files(self) -> tuple[str, ...]:
        """Files ``kata start`` copies, besides the rendered README.md."""
        files = [self.module]
        if self.examples_path.exists():
            files.append("test_examples.py")
        return tuple(files) + self.extra_files


# name -> (type check, description); the order is the documented order of DESIGN.md
_FIELDS: dict[str, tuple[type | tuple[type, ...], str]] = {
    "format_version": (int, "an integer"),
    "slug": (str, "a string"),
    "title": (str, "a string"),
    "kind": (str, "a string"),
    "topic": (str, "a string"),
    "difficulty": (str, "a string"),
    "minutes": ((int, float), "a number"),
    "module": (str, "a string"),
    "entrypoints": (list, "a list of strings"),
    "forbidden_imports": (list, "a list of strings"),
    "extra_files": (list, "a list of strings"),
    "hints": (list, "a list of strings"),
    "timeout_s": ((int, float), "a number"),
    "tags": (list, "a list of strings"),
}
_OPTIONAL = {"extra_files": [], "tags": [], "forbidden_imports": [], "entrypoints": []}


def data_root() -> Path:
    """The folder holding katas/, solutions/ and graders/."""
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override)
    here = Path(__file__).resolve().parent
    packaged = here / "_data"
    if (packaged / "katas").is_dir():
        return packaged
    return here.parent


def _fail(path: Path, message: str) -> CatalogError:
    return CatalogError(f"{path}: {message}")


def load_kata(toml_path: Path, root: Path) -> Kata:
    """Parse and validate one kata.toml."""
    try:
        raw = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise _fail(toml_path, f"invalid TOML: {exc}") from None
    except OSError as exc:
        raise _fail(toml_path, f"cannot be read: {exc.strerror}") from None
    unknown = sorted(set(raw) - set(_FIELDS))
    if unknown:
        raise _fail(toml_path, f"unknown key(s): {', '.join(unknown)}")
    version = raw.get("format_version")
    if version != FORMAT_VERSION:
        raise _fail(
            toml_path,
            f"format_version {version!r} is not supported (this kata supports {FORMAT_VERSION})",
        )
    values: dict[str, Any] = {}
    for name, (kind, description) in _FIELDS.items():
        if name not in raw:
            if name in _OPTIONAL:
                values[name] = list(_OPTIONAL[name])
                continue
            raise _fail(toml_path, f"missing key: {name}")
        value = raw[name]
        if not isinstance(value, kind) or isinstance(value, bool):
            raise _fail(toml_path, f"{name} must be {description}")
        if isinstance(value, list) and not all(isinstance(v, str) for v in value):
            raise _fail(toml_path, f"{name} must be {description}")
        values[name] = value
    folder = toml_path.parent
    if values["slug"] != folder.name:
        raise _fail(toml_path, f"slug {values['slug']!r} does not match its folder {folder.name!r}")
    if values["kind"] not in KINDS:
        raise _fail(toml_path, f"kind must be one of {', '.join(KINDS)}")
    if values["difficulty"] not in DIFFICULTIES:
        raise _fail(toml_path, f"difficulty must be one of {', '.join(DIFFICULTIES)}")
    for name in ("minutes", "timeout_s"):
        if values[name] <= 0:
            raise _fail(toml_path, f"{name} must be positive")
    kata = Kata(
        slug=values["slug"],
        title=values["title"],
        kind=values["kind"],
        topic=values["topic"],
        difficulty=values["difficulty"],
        minutes=float(values["minutes"]),
        module=values["module"],
        entrypoints=tuple(values["entrypoints"]),
        forbidden_imports=tuple(values["forbidden_imports"]),
        extra_files=tuple(values["extra_files"]),
        hints=tuple(values["hints"]),
        timeout_s=float(values["timeout_s"]),
        tags=tuple(values["tags"]),
        format_version=version,
        root=root,
    )
    required = [kata.prompt_path, kata.solution_path, kata.grader_dir]
    if kata.kind == "design":
        required.append(kata.grader_dir / "rubric.toml")
    else:
        required.append(kata.stub_path)
    required += [kata.folder / extra for extra in kata.extra_files]
    for path in required:
        if not path.exists():
            raise _fail(toml_path, f"names or needs {path.relative_to(root)}, which is missing")
    return kata


@lru_cache(maxsize=4)
def _load_all(root: Path) -> dict[str, Kata]:
    katas_dir = root / "katas"
    if not katas_dir.is_dir():
        raise CatalogError(f"no catalogue at {katas_dir}")
    katas: dict[str, Kata] = {}
    for toml_path in sorted(katas_dir.glob("*/kata.toml")):
        kata = load_kata(toml_path, root)
        katas[kata.slug] = kata
    return katas


def all_katas(root: Path | None = None) -> list[Kata]:
    """Every kata, sorted by topic then slug."""
    katas = _load_all(root or data_root()).values()
    return sorted(katas, key=lambda k: (k.topic, k.slug))


def get_kata(slug: str, root: Path | None = None) -> Kata:
    """The kata named ``slug``; an unknown slug suggests the closest ones."""
    katas = _load_all(root or data_root())
    if slug in katas:
        return katas[slug]
    close = difflib.get_close_matches(slug, list(katas), n=3, cutoff=0.5)
    close += [s for s in katas if slug and (slug in s or s in slug) and s not in close]
    hint = f" Did you mean: {', '.join(close[:3])}?" if close else ""
    raise UnknownKata(f"no kata named {slug!r}.{hint} Run 'kata list' to see them all.")
