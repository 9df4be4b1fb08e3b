"""Which files of a stacks folder are read, and a hash of them that changes when they do.

    system.yaml          repositories and groups (processes)
    layers/**/*.yaml     one layer per file, in any sub-folder of `layers/`
    *.yaml               one stack per file

The folder is walked without recursion and within limits (folder depth, entries looked
at, files kept), without following links to folders; a file is kept only when it is a
regular file inside the folder (a link may point elsewhere inside it). The loader reads
what `discover` keeps, and `fingerprint` hashes exactly that, through the same bounded
read (`files.read_bounded`).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..diagnostics import Diagnostic
from ..files import FileRefused, check_regular, read_bounded
from .yamlfile import MAX_FILE_BYTES

SYSTEM_FILE = "system.yaml"
MAX_FILES = 2000
MAX_FOLDER_DEPTH = 8  # folders below `layers/`
MAX_ENTRIES = 20_000  # directory entries looked at, files and folders together
SUFFIXES = (".yaml", ".yml")


def shown_path(path: Path) -> str:
    """The path as a user would type it: relative to the working folder when inside it."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()


def candidates(root: Path) -> tuple[list[tuple[Path, str]], list[Diagnostic]]:
    """Every YAML name in the places a stacks folder holds them, whatever each is (file,
    link, FIFO, folder), sorted, with what it should hold: system, stack or layer."""
    problems: list[Diagnostic] = []
    found: list[tuple[Path, str]] = []
    seen = 0
    pending: list[tuple[Path, int]] = [(root, 0)]
    while pending:
        folder, depth = pending.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            if folder != root / "layers":  # no `layers/` at all is fine
                problems.append(
                    Diagnostic(shown_path(folder), 1, 1, "ST001", f"cannot read: {exc.strerror}")
                )
            continue
        for entry in entries:
            seen += 1
            if seen > MAX_ENTRIES:
                problems.append(
                    Diagnostic(
                        shown_path(root),
                        1,
                        1,
                        "ST001",
                        f"more than {MAX_ENTRIES:,} files and folders; the rest are not read",
                    )
                )
                return _ordered(found), problems
            path = Path(entry.path)
            in_layers = folder != root
            if path.suffix in SUFFIXES:  # whatever it is: what is not a file is refused later
                kind = "layer" if in_layers else _top_level_kind(entry.name)
                found.append((path, kind))
            elif not in_layers:
                if entry.name == "layers" and entry.is_dir():
                    pending.append((path, 1))
            elif entry.is_dir(follow_symlinks=False):
                if depth >= MAX_FOLDER_DEPTH:
                    problems.append(
                        Diagnostic(
                            shown_path(path),
                            1,
                            1,
                            "ST001",
                            f"folders nest deeper than {MAX_FOLDER_DEPTH} levels in layers/",
                        )
                    )
                else:
                    pending.append((path, depth + 1))
    return _ordered(found), problems


def _top_level_kind(name: str) -> str:
    return "system" if name == SYSTEM_FILE else "stack"


def _ordered(found: list[tuple[Path, str]]) -> list[tuple[Path, str]]:
    """system.yaml first (it declares the languages the other files' prose may use), then
    the stacks, then the layers, each by path."""
    return sorted(found, key=lambda item: (item[1] != "system", item[1] == "layer", item[0]))


def _refusal(root: Path, path: Path) -> str | None:
    """Why `path` is not read, or None: it must be a regular file inside `root`."""
    name = str(path.relative_to(root))
    if name != name.encode("utf-8", "replace").decode("utf-8"):
        # Bytes that are not UTF-8 come in as lone surrogates, which no page, link or
        # terminal can carry (the edit link's quoting raised on them mid-build).
        return "has a name that is not UTF-8 text; rename it"
    real_root = Path(os.path.realpath(root))
    if not Path(os.path.realpath(path)).is_relative_to(real_root):
        return "links to a file outside the stacks folder"
    try:
        check_regular(path, MAX_FILE_BYTES)
    except FileRefused as exc:
        if exc.reason == "is not a regular file":
            return exc.reason
        return None  # too big or unreadable: the read says so, with the file's size
    return None


def discover(root: Path) -> tuple[list[tuple[Path, str]], list[Diagnostic]]:
    """The YAML files of a stacks folder that are read, and what each holds; links out
    of it and what is not a regular file are refused."""
    found, problems = candidates(root)
    kept: list[tuple[Path, str]] = []
    for path, kind in found:
        why = _refusal(root, path)
        if why is not None:
            problems.append(Diagnostic(shown_path(path), 1, 1, "ST013", why))
            continue
        kept.append((path, kind))
    if len(kept) > MAX_FILES:
        problems.append(Diagnostic(shown_path(root), 1, 1, "ST001", f"more than {MAX_FILES} files"))
        kept = kept[:MAX_FILES]
    return kept, problems


def fingerprint(root: Path) -> str:
    """A hash of every file `discover` keeps, its path and bytes, plus what it refuses:
    equal hashes, equal projects. Reads are bounded exactly as the loader's."""
    digest = hashlib.sha256()
    found, problems = candidates(root)
    for diagnostic in problems:
        digest.update(diagnostic.format().encode("utf-8", "replace") + b"\0")
    for path, _ in found[: MAX_FILES * 2]:
        digest.update(os.fsencode(path.relative_to(root)) + b"\0")
        why = _refusal(root, path)
        if why is not None:
            digest.update(b"\1" + why.encode() + b"\0")
            continue
        try:
            digest.update(read_bounded(path, MAX_FILE_BYTES))
        except FileRefused as exc:
            digest.update(b"\1" + str(exc).encode("utf-8", "replace"))
        digest.update(b"\0")
    return digest.hexdigest()
