"""Checks across files: unique ids, references that resolve, safe links and paths."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..diagnostics import Diagnostic
from ..escape import has_bidi
from ..links import is_safe_url
from ..model import Group, Layer, Position, Repo, Stack
from .yamlfile import Path, YamlDocument

# Link targets in Markdown prose: inline links/images, reference definitions, autolinks and
# raw HTML attributes. Rendering sanitises too; this tells the author early and exactly.
# A destination in <angle brackets> may hold spaces and tabs (`<java\tscript:...>`).
_LINK_TARGETS = re.compile(
    r"\]\(\s*(?:<([^>\n]*)>|([^)\s>]+))"
    r"|^\s*\[[^\]]+\]:\s*(?:<([^>\n]*)>|(\S+?)(?:\s|$))"
    r"|<([a-zA-Z][a-zA-Z0-9+.\-]*:[^>\s]*)>"
    r"|(?:href|src|action|formaction|xlink:href)\s*=\s*[\"']?([^\"'\s>]+)",
    re.MULTILINE | re.IGNORECASE,
)
_PROSE_FIELDS = {"summary", "explanation", "note", "caveat"}
# Code is shown as text, never linked: `List<T>` in a code span is not an autolink.
_CODE = re.compile(r"^(`{3,}|~{3,}).*?^\1[ \t]*$|(`+)(?:(?!\2).)+?\2", re.MULTILINE | re.DOTALL)


def _walk_strings(data: Any, path: Path = ()) -> Iterator[tuple[Path, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _walk_strings(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _walk_strings(value, (*path, i))


def check_document_text(doc: YamlDocument) -> list[Diagnostic]:
    """Unsafe link targets in prose, and invisible bidi controls anywhere."""
    found: list[Diagnostic] = []
    for path, text in _walk_strings(doc.data):
        if has_bidi(text):
            found.append(
                Diagnostic.at(
                    doc.pos(path),
                    "ST211",
                    "bidirectional control character (it can make text read differently "
                    "than it runs; shown as <U+XXXX> in the site)",
                    severity="warning",
                )
            )
        # The field, or the field of a text per language (`summary: {zh: ...}`).
        names = [p for p in path if isinstance(p, str)][-2:]
        if not _PROSE_FIELDS.intersection(names):
            continue
        for match in _LINK_TARGETS.finditer(_CODE.sub(" ", text)):
            target = next(g for g in match.groups() if g is not None)
            if not is_safe_url(target):
                shown = target if len(target) <= 40 else target[:37] + "..."
                found.append(
                    Diagnostic.at(
                        doc.pos(path),
                        "ST210",
                        f"link '{shown}' is not allowed",
                        hint="only http(s), relative and #fragment links",
                    )
                )
    return found


def check_repo_path(path: str | None) -> str | None:
    """Why a repository path is refused, or None: it must be relative and stay inside."""
    if path is None:
        return None
    if path.startswith(("/", "\\")) or re.match(r"^[a-zA-Z]:", path):
        return "is absolute"
    if "\\" in path:
        return "uses backslashes; write / between folders"
    parts = path.split("/")
    if any(part in ("..", ".") for part in parts):
        return "contains '..' or '.'"
    if any(part == "" for part in parts):
        return "has an empty folder name"
    return None


def _duplicates(
    items: Iterable[tuple[str, Position]], what: str, code: str = "ST201"
) -> list[Diagnostic]:
    seen: dict[str, Position] = {}
    found = []
    for item_id, pos in items:
        if item_id in seen:
            first = seen[item_id]
            found.append(
                Diagnostic.at(
                    pos,
                    code,
                    f"{what} id '{item_id}' is already used",
                    hint=f"first defined at {first}",
                )
            )
        else:
            seen[item_id] = pos
    return found


def check_project(
    repos: list[Repo],
    groups: list[Group],
    layers: list[Layer],
    stacks: list[Stack],
    docs: dict[str, YamlDocument],
    incomplete: frozenset[str] = frozenset(),
) -> list[Diagnostic]:
    """Every reference must resolve; positions point at the field that names it.

    `incomplete` names the kinds of file ("system", "layer", "stack") of which one failed
    to load: references into those are not checked, so one mistake gives one message.
    """

    def at(file: str, *path: str | int) -> Position:
        doc = docs.get(file)
        return doc.pos(tuple(path)) if doc else Position(file, 1, 1)

    found: list[Diagnostic] = []
    found += _duplicates(((layer.id, layer.pos) for layer in layers), "layer")
    found += _duplicates(((stack.id, stack.pos) for stack in stacks), "stack")
    for layer in layers:
        found += _duplicates(((f.name, f.pos) for f in layer.frames), f"frame (in {layer.id})")

    group_ids = {g.id: g for g in groups}
    repo_ids = {r.id: r for r in repos}
    frame_ids = {f.id for layer in layers for f in layer.frames}
    stack_ids = {s.id for s in stacks}
    check_system = "system" not in incomplete
    check_frames = "layer" not in incomplete
    check_stacks = "stack" not in incomplete

    for group in groups:
        if group.parent is not None and group.parent not in group_ids:
            found.append(_unknown(group.pos, "group", group.parent, group_ids))
        chain, current = [group.id], group.parent
        while current in group_ids:
            if current in chain:
                found.append(
                    Diagnostic.at(
                        group.pos, "ST208", "groups nest in a cycle: " + " > ".join(chain)
                    )
                )
                break
            chain.append(current)
            current = group_ids[current].parent

    for layer in layers:
        f = layer.file
        if check_system and layer.group not in group_ids:
            found.append(_unknown(at(f, "group"), "group", layer.group, group_ids))
        repo = repo_ids.get(layer.repo) if layer.repo else None
        if check_system and layer.repo and repo is None:
            found.append(_unknown(at(f, "source", "repo"), "repository", layer.repo, repo_ids))
        pins = {p.name for p in repo.pins} if repo else set()
        if layer.pin and repo and layer.pin not in pins:
            found.append(_unknown(at(f, "source", "pin"), f"pin of {repo.id}", layer.pin, pins))
        problem = check_repo_path(layer.path)
        if problem:
            found.append(
                Diagnostic.at(
                    at(f, "source", "path"), "ST212", f"source path '{layer.path}' {problem}"
                )
            )
        for i, frame in enumerate(layer.frames):
            if frame.pin and repo and frame.pin not in pins:
                found.append(
                    _unknown(at(f, "frames", i, "pin"), f"pin of {repo.id}", frame.pin, pins)
                )
            if (frame.pin or frame.path) and not layer.repo:
                found.append(
                    Diagnostic.at(
                        frame.pos, "ST202", "a frame with a pin or path needs source.repo"
                    )
                )
            problem = check_repo_path(frame.path)
            if problem:
                found.append(
                    Diagnostic.at(
                        at(f, "frames", i, "path"), "ST212", f"path '{frame.path}' {problem}"
                    )
                )
            for j, call in enumerate(frame.calls):
                if check_frames and call.to is not None and call.to not in frame_ids:
                    found.append(
                        _unknown(at(f, "frames", i, "calls", j, "to"), "frame", call.to, frame_ids)
                    )

    for stack in stacks:
        if check_frames and stack.entry not in frame_ids:
            found.append(_unknown(at(stack.file, "entry"), "entry frame", stack.entry, frame_ids))
        for frame_id, picks in stack.follow:
            for n, pick in enumerate(picks):
                if check_frames and isinstance(pick, str) and pick not in frame_ids:
                    doc = docs.get(stack.file)
                    pos = doc.pos(("follow", frame_id, n)) if doc else stack.pos
                    found.append(_unknown(pos, "frame", pick, frame_ids))
            if check_frames and frame_id not in frame_ids:
                pos = (
                    docs[stack.file].key_pos(("follow", frame_id))
                    if stack.file in docs
                    else stack.pos
                )
                found.append(_unknown(pos, "frame", frame_id, frame_ids))
        for spec in stack.steps:
            if spec.ref is not None:
                if check_stacks and spec.ref not in stack_ids:
                    found.append(_unknown(spec.pos, "stack", spec.ref, stack_ids))
                elif spec.ref == stack.id:
                    found.append(
                        Diagnostic.at(spec.pos, "ST310", "a stack cannot be its own sub-flow")
                    )
                continue
            for ref in (spec.caller, spec.callee):
                if check_frames and ref is not None and ref not in frame_ids:
                    found.append(_unknown(spec.pos, "frame", ref, frame_ids))
    return found


def check_stack_order(
    order: list[tuple[str, Position]], stacks: list[Stack], incomplete: frozenset[str]
) -> list[Diagnostic]:
    """Every id in system.yaml's `stack_order` names a stack (unless a stack file failed)."""
    if "stack" in incomplete:
        return []
    known = {s.id for s in stacks}
    return [_unknown(pos, "stack", name, known) for name, pos in order if name not in known]


def _unknown(pos: Position, what: str, name: str, known: Iterable[str]) -> Diagnostic:
    import difflib

    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else ""
    return Diagnostic.at(pos, "ST202", f"unknown {what} '{name}'", hint)
