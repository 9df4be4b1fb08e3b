"""Apply a plan of outputs: write what changed, remove stale stubs, touch nothing else.

A file is only ever replaced or removed when stacktour wrote it: a stub starts with the
stub marker, the builder config with its header, and the assets folder belongs to
stacktour (the MkDocs plugin serves its own files at those paths). Any other file where
an output must go stops the whole run before anything is written. Each file is written
to a temporary file beside it and renamed, and a file whose bytes would not change is
left alone, so its modification time (which builders watch) stays.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic
from .options import SiteConfig
from .outputs import CONFIG_HEADER, Output, Plan
from .stub import is_stub_file


class WriteError(Exception):
    """Why nothing was written, as a diagnostic naming the file in the way."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.format())
        self.diagnostic = diagnostic


@dataclass(frozen=True)
class WriteReport:
    written: tuple[Path, ...]
    unchanged: int
    removed: tuple[Path, ...]


def _shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def _ours(output: Output) -> bool:
    """May this existing file be replaced by `output`?"""
    if output.kind == "stub":
        return is_stub_file(output.path)
    if output.kind == "config":
        try:
            with output.path.open("rb") as handle:
                return handle.read(len(CONFIG_HEADER)) == CONFIG_HEADER.encode()
        except OSError:
            return False
    return True  # the assets folder is stacktour's


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def _check(plan: Plan, config: SiteConfig) -> None:
    for output in plan.outputs:
        folder = config.root if output.kind == "config" else config.docs_dir
        if not _inside(output.path, folder):
            raise WriteError(
                Diagnostic(
                    _shown(output.path),
                    1,
                    1,
                    "ST603",
                    f"leads outside {_shown(folder)} (a link?); nothing was written",
                )
            )
        if output.path.is_symlink() or (output.path.exists() and not output.path.is_file()):
            raise WriteError(
                Diagnostic(
                    _shown(output.path),
                    1,
                    1,
                    "ST603",
                    "is not a regular file; nothing was written",
                )
            )
        if output.path.exists() and not _ours(output):
            what = "page" if output.kind == "stub" else "config"
            raise WriteError(
                Diagnostic(
                    _shown(output.path),
                    1,
                    1,
                    "ST603",
                    f"exists and was not written by stacktour, but the generated {what} "
                    "goes here; nothing was written",
                    "move or rename it",
                )
            )


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def stale_stubs(plan: Plan, config: SiteConfig) -> list[Path]:
    """Stubs in the docs folder that the plan no longer holds (their page is gone)."""
    if not config.docs_dir.is_dir():
        return []
    wanted = {o.path for o in plan.outputs if o.kind == "stub"}
    return [
        path
        for path in sorted(config.docs_dir.rglob("*.md"))
        if path not in wanted
        and not path.is_symlink()
        and _inside(path, config.docs_dir)
        and is_stub_file(path)
    ]


def apply(plan: Plan, config: SiteConfig) -> WriteReport:
    """Write the plan's files that changed and remove stale stubs (WriteError: nothing
    written, when a file stacktour did not write is in the way)."""
    _check(plan, config)
    written: list[Path] = []
    unchanged = 0
    for output in plan.outputs:
        try:
            same = output.path.is_file() and output.path.read_bytes() == output.data
        except OSError:
            same = False
        if same:
            unchanged += 1
            continue
        _write_atomically(output.path, output.data)
        written.append(output.path)
    removed = stale_stubs(plan, config)
    for path in removed:
        path.unlink()
    return WriteReport(tuple(written), unchanged, tuple(removed))
