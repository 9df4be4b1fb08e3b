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
from ..i18n.fields import declared_languages, mark_prose
from ..i18n.prose import DEFAULT_LANGUAGE
from ..model import Group, Layer, Position, Project, Repo, Stack
from ..resolve import ResolvedStack, resolve_all
from . import schema_check
from .build import build_layer, build_stack, build_system
from .checks import check_document_text, check_project, check_stack_order
from .folder import MAX_FILES as MAX_FILES
from .folder import SYSTEM_FILE as SYSTEM_FILE
from .folder import discover, shown_path
from .salvage import Names, salvage
from .yamlfile import MAX_FILE_BYTES, YamlDocument, read_yaml, too_big

# Errors that leave a reference pointing nowhere: a stack with one is not resolved.
_REFERENCE_CODES = frozenset({"ST202", "ST310"})


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


def _layer_ids(data: object) -> set[str]:
    own = data.get("id") if isinstance(data, dict) else None
    return {own} if isinstance(own, str) else set()


def _unresolvable(
    project: Project, bad_files: set[str], bad_layers: set[str], incomplete: set[str]
) -> frozenset[str]:
    """Stacks whose steps cannot be told right or wrong yet: the stack's own file has
    schema or reference errors, or a frame it may pass through is in a layer that failed
    its schema (for derived steps: any frame reachable by calls from the entry), or a
    sub-flow it runs was not built or is itself unresolvable. When some layer file could
    not be read at all, no stack can be told right or wrong."""
    frames = project.frames()
    skip: set[str] = set()
    for stack in project.stacks:
        if stack.file in bad_files or "layer" in incomplete:
            skip.add(stack.id)
            continue
        if stack.steps:
            names = {stack.entry}
            names.update(n for spec in stack.steps for n in (spec.caller, spec.callee) if n)
        else:
            names, todo = {stack.entry}, [stack.entry]
            while todo:  # every frame reachable by calls, without recursion
                frame = frames.get(todo.pop())
                for call in frame.calls if frame else ():
                    if call.to is not None and call.to not in names:
                        names.add(call.to)
                        todo.append(call.to)
        if any(name.partition(".")[0] in bad_layers for name in names):
            skip.add(stack.id)
    refs = {s.id: {spec.ref for spec in s.steps if spec.ref} for s in project.stacks}
    built = set(refs)
    changed = True
    while changed:  # a stack that runs an unresolvable sub-flow is unresolvable too
        changed = False
        for stack_id, targets in refs.items():
            if stack_id not in skip and (targets & skip or targets - built):
                skip.add(stack_id)
                changed = True
    return frozenset(skip)


def load_project(root: str | os.PathLike[str], *, name: str | None = None) -> LoadResult:
    """Load and check every file under `root`; never raises on a user's mistake.

    `name`: the folder name that names this system in a site of several (systems/); an
    `id` in its system.yaml must then be that name (ST231).
    """
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
    about: dict[str, str] = {}  # system.yaml `id`, `title`, `summary`
    incomplete: set[str] = set()
    languages: tuple[str, ...] | None = None  # known once the system file is read
    known = Names()  # defined by files that fail their schema
    damaged: set[str] = set()  # files with schema errors
    damaged_layers: set[str] = set()  # layers of those files
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
            # Its names stay known, and what is valid in it is still checked (salvage.py).
            known.add_from(doc.data, kind)
            kept = salvage(doc, kind)
            damaged.add(doc.file)
            damaged_layers.update(_layer_ids(doc.data) if kind == "layer" else ())
            if kept.doc is None:
                continue
            doc = kept.doc
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
            # Title and summary stay `Prose` (a str), with their translations.
            about = {
                k: v if isinstance(v, str) else str(v)
                for k in ("id", "title", "summary")
                if (v := doc.data.get(k)) is not None
            }
            if name is not None and about.get("id", name) != name:
                message = f"system id '{about['id']}' is not its folder's name '{name}'"
                hint = "a system in a folder of its own is named by its folder"
                built.append(Diagnostic.at(doc.pos(("id",)), "ST231", message, hint))
        elif kind == "layer":
            layers.append(build_layer(doc, built))
        else:
            stacks.append(build_stack(doc, built))
        problems += built
    problems += check_project(
        repos, groups, layers, stacks, docs, frozenset(incomplete), known=known
    )
    problems += check_stack_order(order, stacks, frozenset(incomplete), known=known)
    watched = tuple(os.path.realpath(path) for path, _ in files)
    project = Project(
        repos=tuple(repos),
        groups=tuple(groups),
        layers=tuple(sorted(layers, key=lambda x: x.id)),
        stacks=tuple(sorted(stacks, key=lambda s: s.id)),
        stack_order=tuple(stack_id for stack_id, _ in order),
        root=str(root_path),
        files=watched,
        system_id=about.get("id", name or ""),
        title=about.get("title", ""),
        summary=about.get("summary", ""),
        languages=languages or (DEFAULT_LANGUAGE,),
    )
    # Stacks are resolved (their steps checked) unless they rest on something broken:
    # then their step errors could be follow-ons, and are left for the next run.
    broken_refs = {d.file for d in problems if d.is_error and d.code in _REFERENCE_CODES}
    skip = _unresolvable(project, damaged | broken_refs, damaged_layers, incomplete)
    resolved, found = resolve_all(project, skip=skip)
    problems += found
    diagnostics = tuple(sorted(set(problems)))
    if any(d.is_error for d in diagnostics):
        return LoadResult(None, {}, diagnostics, watched)
    return LoadResult(project, resolved, diagnostics, watched)
