"""Load a stacks folder into a validated Project, reporting every problem at once.

Layout of a stacks folder:

    system.yaml          repositories and groups (processes)
    layers/**/*.yaml     one layer per file
    *.yaml               one stack per file

Stages: read each file (safe YAML with positions) -> JSON Schema -> build model objects ->
checks across files -> resolve every stack. A stage runs on a file only when the earlier
ones found no error in it, so one mistake gives one message, not a cascade.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic
from ..files import FileRefused, read_bounded
from ..model import Group, Layer, Project, Repo, Stack
from ..resolve import ResolvedStack, resolve_all
from . import schema_check
from .build import build_layer, build_stack, build_system
from .checks import check_document_text, check_project
from .folder import MAX_FILES as MAX_FILES
from .folder import SYSTEM_FILE as SYSTEM_FILE
from .folder import discover, shown_path
from .yamlfile import MAX_FILE_BYTES, YamlDocument, read_yaml, too_big


@dataclass(frozen=True)
class LoadResult:
    project: Project | None  # None when there is any error
    stacks: dict[str, ResolvedStack]
    diagnostics: tuple[Diagnostic, ...]
    files: tuple[str, ...]  # absolute paths of every file read (to watch)

    @property
    def ok(self) -> bool:
        return self.project is not None


def _refused(shown: str, path: Path, exc: FileRefused) -> Diagnostic:
    """The diagnostic for a file `read_bounded` would not read."""
    if exc.reason == "is not a regular file":
        return Diagnostic(shown, 1, 1, "ST013", exc.reason)
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    if size > MAX_FILE_BYTES:
        return too_big(shown, size)
    return Diagnostic(shown, 1, 1, "ST001", exc.reason)


_shown = shown_path


def load_project(root: str | os.PathLike[str]) -> LoadResult:
    """Load and check every file under `root`; never raises on a user's mistake."""
    root_path = Path(root)
    if not root_path.is_dir():
        d = Diagnostic(_shown(root_path), 1, 1, "ST001", "stacks folder not found")
        return LoadResult(None, {}, (d,), ())
    files, problems = discover(root_path)
    docs: dict[str, YamlDocument] = {}
    repos: list[Repo] = []
    groups: list[Group] = []
    layers: list[Layer] = []
    stacks: list[Stack] = []
    incomplete: set[str] = set()
    for path, kind in files:
        shown = _shown(path)
        try:
            raw = read_bounded(path, MAX_FILE_BYTES)
        except FileRefused as exc:
            problems.append(_refused(shown, path, exc))
            incomplete.add(kind)
            continue
        doc, found = read_yaml(shown, raw)
        problems += found
        if doc is None:
            incomplete.add(kind)
            continue
        if not isinstance(doc.data, dict):
            problems.append(
                Diagnostic.at(doc.pos(()), "ST012", f"a {kind} file must be a mapping of keys")
            )
            incomplete.add(kind)
            continue
        found = schema_check.check(doc, kind)
        problems += found
        problems += check_document_text(doc)
        if found:
            incomplete.add(kind)
            continue
        docs[shown] = doc
        built: list[Diagnostic] = []
        if kind == "system":
            new_repos, new_groups = build_system(doc, built)
            repos += new_repos
            groups += new_groups
        elif kind == "layer":
            layers.append(build_layer(doc, built))
        else:
            stacks.append(build_stack(doc, built))
        problems += built
    problems += check_project(repos, groups, layers, stacks, docs, frozenset(incomplete))
    watched = tuple(os.path.realpath(path) for path, _ in files)
    project = Project(
        repos=tuple(repos),
        groups=tuple(groups),
        layers=tuple(sorted(layers, key=lambda x: x.id)),
        stacks=tuple(sorted(stacks, key=lambda s: s.id)),
        root=str(root_path),
        files=watched,
    )
    resolved: dict[str, ResolvedStack] = {}
    if not any(d.is_error for d in problems):
        resolved, found = resolve_all(project)
        problems += found
    diagnostics = tuple(sorted(set(problems)))
    if any(d.is_error for d in diagnostics):
        return LoadResult(None, {}, diagnostics, watched)
    return LoadResult(project, resolved, diagnostics, watched)
