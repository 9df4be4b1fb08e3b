"""Load a stacks folder into a validated Project, reporting every problem at once.

Layout of a stacks folder:

    system.yaml          repositories and groups (processes)
    layers/*.yaml        one layer per file
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
from ..i18n.fields import declared_languages, mark_prose
from ..i18n.prose import DEFAULT_LANGUAGE
from ..model import Group, Layer, Position, Project, Repo, Stack
from ..resolve import ResolvedStack, resolve_all
from . import schema_check
from .build import build_layer, build_stack, build_system
from .checks import check_document_text, check_project, check_stack_order
from .yamlfile import YamlDocument, read_yaml

SYSTEM_FILE = "system.yaml"
MAX_FILES = 2000


@dataclass(frozen=True)
class LoadResult:
    project: Project | None  # None when there is any error
    stacks: dict[str, ResolvedStack]
    diagnostics: tuple[Diagnostic, ...]
    files: tuple[str, ...]  # absolute paths of every file read (to watch)

    @property
    def ok(self) -> bool:
        return self.project is not None


def discover(root: Path) -> tuple[list[tuple[Path, str]], list[Diagnostic]]:
    """The YAML files of a stacks folder and what each holds; links out of it refused."""
    problems: list[Diagnostic] = []
    found: list[tuple[Path, str]] = []
    real_root = root.resolve()
    candidates: list[tuple[Path, str]] = []
    for path in sorted(root.glob("*.y*ml")):
        candidates.append((path, "system" if path.name == SYSTEM_FILE else "stack"))
    # The system file first: it declares the languages the other files' prose may use.
    candidates.sort(key=lambda item: item[1] != "system")
    for path in sorted((root / "layers").rglob("*.y*ml")):
        candidates.append((path, "layer"))
    for path, kind in candidates:
        if path.suffix not in (".yaml", ".yml"):
            continue
        shown = _shown(path)
        resolved = path.resolve()
        if not resolved.is_relative_to(real_root):
            problems.append(
                Diagnostic(shown, 1, 1, "ST013", "links to a file outside the stacks folder")
            )
            continue
        if not resolved.is_file():
            problems.append(Diagnostic(shown, 1, 1, "ST013", "is not a regular file"))
            continue
        found.append((path, kind))
    if len(found) > MAX_FILES:
        problems.append(Diagnostic(_shown(root), 1, 1, "ST001", f"more than {MAX_FILES} files"))
        found = found[:MAX_FILES]
    return found, problems


def _shown(path: Path) -> str:
    """The path as a user would type it: relative to the working folder when inside it."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()


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
    order: list[tuple[str, Position]] = []  # system.yaml `stack_order`
    incomplete: set[str] = set()
    languages: tuple[str, ...] | None = None  # known once the system file is read
    for path, kind in files:
        shown = _shown(path)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            problems.append(Diagnostic(shown, 1, 1, "ST001", f"cannot read: {exc.strerror}"))
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
        if kind == "system":
            languages = declared_languages(doc)
        problems += mark_prose(doc, schema_check.schema(kind), languages)
        docs[shown] = doc
        built: list[Diagnostic] = []
        if kind == "system":
            new_repos, new_groups = build_system(doc, built)
            repos += new_repos
            groups += new_groups
            listed = doc.data.get("stack_order") or []
            order += [(str(x), doc.pos(("stack_order", i))) for i, x in enumerate(listed)]
        elif kind == "layer":
            layers.append(build_layer(doc, built))
        else:
            stacks.append(build_stack(doc, built))
        problems += built
    problems += check_project(repos, groups, layers, stacks, docs, frozenset(incomplete))
    problems += check_stack_order(order, stacks, frozenset(incomplete))
    watched = tuple(str(path.resolve()) for path, _ in files)
    project = Project(
        repos=tuple(repos),
        groups=tuple(groups),
        layers=tuple(sorted(layers, key=lambda x: x.id)),
        stacks=tuple(sorted(stacks, key=lambda s: s.id)),
        stack_order=tuple(stack_id for stack_id, _ in order),
        root=str(root_path),
        files=watched,
        languages=languages or (DEFAULT_LANGUAGE,),
    )
    resolved: dict[str, ResolvedStack] = {}
    if not any(d.is_error for d in problems):
        resolved, found = resolve_all(project)
        problems += found
    diagnostics = tuple(sorted(set(problems)))
    if any(d.is_error for d in diagnostics):
        return LoadResult(None, {}, diagnostics, watched)
    return LoadResult(project, resolved, diagnostics, watched)
