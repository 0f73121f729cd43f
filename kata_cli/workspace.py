"""The candidate's workspace: ``<root>/<slug>/`` (DESIGN.md section 5).

``start`` never overwrites a file: a second start resumes the attempt (and only restores files
that are missing), ``fresh=True`` first moves everything in the folder to
``<root>/<slug>/.attempts/<timestamp>/``. Files are created with exclusive mode, so a file that
appears between the check and the write is not clobbered either.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from kata_cli.catalog import Kata, all_katas
from kata_cli.errors import CatalogError, UsageError, WorkspaceError
from kata_cli.store import Attempt, Store

WORKSPACE_ENV = "KATA_WORKSPACE"
ARCHIVE_DIR = ".attempts"
MOCK_PREFIX = "mock-"  # <root>/mock-<id>/ holds a mock session's katas


def workspace_root() -> Path:
    """``$KATA_WORKSPACE``, else ``~/kata-workspace``."""
    override = os.environ.get(WORKSPACE_ENV)
    return Path(override).expanduser() if override else Path.home() / "kata-workspace"


def render_prompt(kata: Kata) -> str:
    """The kata's prompt.md rendered with jinja2 (imported only here)."""
    import jinja2

    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    try:
        template = env.from_string(kata.prompt_path.read_text(encoding="utf-8"))
        return template.render(kata=kata)
    except jinja2.TemplateError as exc:
        raise CatalogError(f"{kata.prompt_path}: template error: {exc}") from None


@dataclass
class StartResult:
    folder: Path
    attempt: Attempt
    resumed: bool
    created: list[str] = field(default_factory=list)
    archived_to: Path | None = None


def _archive(folder: Path, now: float) -> Path | None:
    """Move every entry of ``folder`` except the archive itself into a new timestamped folder."""
    entries = [p for p in folder.iterdir() if p.name != ARCHIVE_DIR]
    if not entries:
        return None
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now))
    target = folder / ARCHIVE_DIR / stamp
    suffix = 1
    while target.exists():
        suffix += 1
        target = folder / ARCHIVE_DIR / f"{stamp}-{suffix}"
    target.mkdir(parents=True)
    for entry in entries:
        shutil.move(str(entry), str(target / entry.name))
    return target


def _write_new(path: Path, content: bytes) -> bool:
    """Create ``path`` with ``content`` unless it exists; True when it was written."""
    try:
        with path.open("xb") as handle:
            handle.write(content)
    except FileExistsError:
        return False
    return True


def start(kata: Kata, store: Store, *, root: Path | None = None, fresh: bool = False,
          now: float | None = None) -> StartResult:
    """Create (or resume) the workspace of ``kata`` and its attempt."""
    now = time.time() if now is None else now
    root = root or workspace_root()
    folder = root / kata.slug
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkspaceError(f"cannot create the workspace folder {folder}: {exc.strerror}") from None
    if not folder.is_dir():
        raise WorkspaceError(f"{folder} exists and is not a folder")
    attempt = store.current_attempt(kata.slug, path=str(folder))
    archived_to = None
    if fresh:
        try:
            archived_to = _archive(folder, now)
        except OSError as exc:
            raise WorkspaceError(f"could not archive the old attempt in {folder}: {exc}") from None
        if attempt is not None:
            store.archive_attempt(attempt.id, str(archived_to or ""), now=now)
        attempt = None
    resumed = attempt is not None and (folder / kata.module).exists()
    prompt = render_prompt(kata)
    files: dict[str, bytes] = {"README.md": prompt.encode("utf-8")}
    for name in kata.workspace_files:
        if kata.kind == "design" and name == kata.module:
            from kata_cli import design

            files[name] = design.render_template(kata, prompt).encode("utf-8")
        else:
            files[Path(name).name] = (kata.folder / name).read_bytes()
    created = []
    try:
        for name, content in files.items():
            if _write_new(folder / name, content):
                created.append(name)
    except OSError as exc:
        raise WorkspaceError(f"cannot write into {folder}: {exc.strerror}") from None
    if attempt is None:
        attempt = store.start_attempt(kata.slug, str(folder), now=now)
    return StartResult(folder, attempt, resumed, created, archived_to)


def kata_folder_from_cwd(cwd: Path, root: Path | None = None) -> tuple[str, Path] | None:
    """The slug and the kata folder ``cwd`` is in (``<root>/<slug>``, ``<root>/mock-<id>/<slug>``
    or a folder named after a kata outside the root), else None."""
    root = (root or workspace_root()).resolve()
    cwd = cwd.resolve()
    slugs = {k.slug for k in all_katas()}
    try:
        parts = cwd.relative_to(root).parts
    except ValueError:
        parts = ()
    if parts and parts[0] in slugs:
        return parts[0], root / parts[0]
    if len(parts) > 1 and parts[0].startswith(MOCK_PREFIX) and parts[1] in slugs:
        return parts[1], root / parts[0] / parts[1]  # a kata of a mock session
    if cwd.name in slugs:  # a kata folder outside the configured root
        return cwd.name, cwd
    return None


def kata_from_cwd(cwd: Path, root: Path | None = None) -> str:
    """The slug of the workspace folder ``cwd`` is in, or a UsageError saying what to do."""
    found = kata_folder_from_cwd(cwd, root)
    if found is not None:
        return found[0]
    raise UsageError(
        "this folder is not a kata workspace: name the kata (e.g. 'kata grade kmeans'), "
        "or cd into the folder 'kata start' created"
    )
