"""Checks across files: unique ids, references that resolve, safe links and paths."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import PurePath
from typing import Any

from ..diagnostics import Diagnostic
from ..escape import has_bidi
from ..i18n.prose import LANGUAGE_CODE
from ..links import repo_url_problem, url_problem
from ..markdown_limits import MAX_PROSE_CHARS, fence_problem, prose_problem, without_code
from ..model import Group, Layer, Position, Repo, Stack
from .salvage import Names
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
# Groups drawn as boxes inside boxes (maps and sequence diagrams); the drawing code
# nests by recursion, so this limit also bounds its depth.
MAX_GROUP_DEPTH = 12
# Every field rendered as Markdown has one of these names (tests/test_hostile_limits.py
# holds the schemas to it).
PROSE_FIELDS = frozenset({"summary", "explanation", "note", "caveat"})


def _walk_strings(data: Any, path: Path = ()) -> Iterator[tuple[Path, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _walk_strings(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _walk_strings(value, (*path, i))


# Layer and stack ids name pages (`layers/<id>.md`, `stacks/<id>.md`, and the folders
# `layers/<id>/` with directory URLs): no id may be a name the site generates, or one a
# file system refuses. The id pattern already keeps out case, dots, slashes and spaces.
_WINDOWS_DEVICES = (
    "con",
    "prn",
    "aux",
    "nul",
    *(f"{device}{n}" for device in ("com", "lpt") for n in range(10)),
)
RESERVED_IDS: dict[str, str] = {
    "index": "the site generates stacks/index.md and layers/index.md",
    **{name: "Windows cannot create a file or folder of that name" for name in _WINDOWS_DEVICES},
}

# Names a reader sees (page titles, nav, boxes, arrows): each must show something.
NAME_FIELDS = frozenset({"title", "label", "subtitle"})


def is_visible(text: str) -> bool:
    """True when some character of `text` is a letter, digit, punctuation or symbol: not
    only spaces, controls, format characters (zero-width, bidi) or combining marks."""
    return any(unicodedata.category(ch)[0] in "LNPS" for ch in text)


def _field(path: Path) -> str:
    """The field a string is the value of: `summary` for `summary: ...`, and for the text
    of one language too (`summary: {en: ..., zh: ...}`)."""
    names = [p for p in path if isinstance(p, str)]
    if len(names) >= 2 and LANGUAGE_CODE.match(names[-1]):
        return names[-2]
    return names[-1] if names else ""


def check_document_text(doc: YamlDocument) -> list[Diagnostic]:
    """Unsafe link targets and too much Markdown in prose, names with nothing visible in
    them, and invisible bidi controls anywhere."""
    found: list[Diagnostic] = []
    for path, text in _walk_strings(doc.data):
        name = _field(path)
        if name in NAME_FIELDS and not is_visible(text):
            found.append(
                Diagnostic.at(
                    doc.pos(path),
                    "ST215",
                    f"{name} {'is empty' if not text else 'shows nothing (only blanks)'}",
                    hint=(
                        "write the name to show"
                        if name == "title"
                        else f"leave `{name}` out to show the default"
                    ),
                )
            )
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
        field = _field(path)
        if field not in PROSE_FIELDS or len(text) > MAX_PROSE_CHARS:
            continue  # too long: the schema's maxLength says so, and nothing more is read
        problem = prose_problem(text)
        if problem is not None:
            found.append(
                Diagnostic.at(
                    doc.pos(path),
                    "ST213",
                    f"{field}: {problem}",
                    hint="write it flatter and shorter; the site cannot render it",
                )
            )
            continue
        fence = fence_problem(text)
        if fence is not None:
            found.append(
                Diagnostic.at(
                    doc.pos(path),
                    "ST217",
                    f"{field}: {fence[0]}",
                    hint="write only a language name after the fence, e.g. ```python",
                )
            )
            continue
        # Code is shown as text, never linked: `List<T>` in a code span is not an autolink.
        for match in _LINK_TARGETS.finditer(without_code(text)):
            target = next(g for g in match.groups() if g is not None)
            problem = url_problem(target)
            if problem is not None:
                shown = target if len(target) <= 40 else target[:37] + "..."
                found.append(
                    Diagnostic.at(doc.pos(path), "ST210", f"link '{shown}' is not allowed", problem)
                )
    return found


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def check_repo_path(path: str | None) -> str | None:
    """Why a repository path is refused, or None: it must be relative and stay inside,
    and hold no control character (a NUL ends a path in every system call)."""
    if path is None:
        return None
    if _CONTROL.search(path):
        return "holds a control character"
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
    known: Names | None = None,
) -> list[Diagnostic]:
    """Every reference must resolve; positions point at the field that names it.

    `known` holds the names defined by files (or parts of files) that failed their schema:
    a reference to one of them is not unknown. `incomplete` names the kinds of file
    ("system", "layer", "stack") of which one could not be read as YAML at all, so its
    names are not known either: references into those are not checked. Either way one
    mistake gives one message.
    """
    known = known or Names()

    def at(file: str, *path: str | int) -> Position:
        doc = docs.get(file)
        return doc.pos(tuple(path)) if doc else Position(file, 1, 1)

    found: list[Diagnostic] = []
    for what, items in (("layer", layers), ("stack", stacks)):
        for item in items:
            if item.id in RESERVED_IDS:
                found.append(
                    Diagnostic.at(
                        at(item.file, "id"),
                        "ST216",
                        f"{what} id '{item.id}' is reserved: {RESERVED_IDS[item.id]}",
                        hint="choose another id",
                    )
                )
    found += _duplicates(((layer.id, layer.pos) for layer in layers), "layer")
    found += _duplicates(((stack.id, stack.pos) for stack in stacks), "stack")
    for layer in layers:
        found += _duplicates(((f.name, f.pos) for f in layer.frames), f"frame (in {layer.id})")

    group_ids = {g.id: g for g in groups}
    repo_ids = {r.id: r for r in repos}
    frame_ids = {f.id for layer in layers for f in layer.frames}
    stack_ids = {s.id for s in stacks}
    # What a reference may name: what was built, and what a broken file defines.
    any_group = set(group_ids) | known.groups
    any_repo = set(repo_ids) | known.repos
    any_frame = frame_ids | known.frames
    any_stack = stack_ids | known.stacks
    check_system = "system" not in incomplete
    check_frames = "layer" not in incomplete
    check_stacks = "stack" not in incomplete

    for each in repos:
        problem = repo_url_problem(each.url) if each.url else None  # "": no public address
        if problem is not None:
            shown = each.url if len(each.url) <= 60 else each.url[:57] + "..."
            found.append(
                Diagnostic.at(
                    at(each.pos.file, "repos", each.id, "url"),
                    "ST214",
                    f"repository URL '{shown}' {problem}",
                )
            )

    for group in groups:
        if group.parent is not None and group.parent not in any_group:
            found.append(_unknown(group.pos, "group", group.parent, group_ids))
    depths = _group_depths(group_ids)
    for group in groups:
        depth = depths[group.id]
        if depth is None:  # the group is in a cycle, or inside one
            chain, current = [group.id], group.parent
            while current in group_ids and current not in chain:
                if len(chain) > MAX_GROUP_DEPTH:  # shown in part: a cycle may be long
                    chain.append("…")
                    break
                chain.append(current)
                current = group_ids[current].parent
            found.append(
                Diagnostic.at(group.pos, "ST208", "groups nest in a cycle: " + " > ".join(chain))
            )
        elif depth == MAX_GROUP_DEPTH + 1:  # said once, at the first group too deep
            found.append(
                Diagnostic.at(
                    group.pos,
                    "ST209",
                    f"groups nest deeper than {MAX_GROUP_DEPTH} levels",
                    hint="boxes inside boxes that deep cannot be drawn readably",
                )
            )

    for layer in layers:
        f = layer.file
        if check_system and layer.group not in any_group:
            found.append(_unknown(at(f, "group"), "group", layer.group, group_ids))
        repo = repo_ids.get(layer.repo) if layer.repo else None
        if check_system and layer.repo and layer.repo not in any_repo:
            found.append(_unknown(at(f, "source", "repo"), "repository", layer.repo, repo_ids))
        pins = {p.name for p in repo.pins} if repo else set()
        pins |= {pin for owner, pin in known.pins if owner == layer.repo}
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
                if check_frames and call.to is not None and call.to not in any_frame:
                    found.append(
                        _unknown(
                            at(f, "frames", i, "calls", j, "to"),
                            "frame",
                            call.to,
                            frame_ids,
                            layers,
                        )
                    )

    for stack in stacks:
        if check_frames and stack.entry not in any_frame:
            found.append(
                _unknown(at(stack.file, "entry"), "entry frame", stack.entry, frame_ids, layers)
            )
        for frame_id, picks in stack.follow:
            for n, pick in enumerate(picks):
                if check_frames and isinstance(pick, str) and pick not in any_frame:
                    doc = docs.get(stack.file)
                    pos = doc.pos(("follow", frame_id, n)) if doc else stack.pos
                    found.append(_unknown(pos, "frame", pick, frame_ids, layers))
            if check_frames and frame_id not in any_frame:
                pos = (
                    docs[stack.file].key_pos(("follow", frame_id))
                    if stack.file in docs
                    else stack.pos
                )
                found.append(_unknown(pos, "frame", frame_id, frame_ids, layers))
        for spec in stack.steps:
            if spec.ref is not None:
                if check_stacks and spec.ref not in any_stack:
                    found.append(_unknown(spec.pos, "stack", spec.ref, stack_ids))
                elif spec.ref == stack.id:
                    found.append(
                        Diagnostic.at(spec.pos, "ST310", "a stack cannot be its own sub-flow")
                    )
                continue
            for ref in (spec.caller, spec.callee):
                if check_frames and ref is not None and ref not in any_frame:
                    found.append(_unknown(spec.pos, "frame", ref, frame_ids))
    return found


def _group_depths(groups: dict[str, Group]) -> dict[str, int | None]:
    """How many levels deep each group sits (1 for a group without a parent), or None
    for a group in a cycle of parents or inside one. Each group is walked once: O(n)."""
    depth: dict[str, int | None] = {}
    for start in groups:
        path: list[str] = []
        on_path: set[str] = set()
        current: str | None = start
        while current in groups and current not in depth and current not in on_path:
            path.append(current)
            on_path.add(current)
            current = groups[current].parent
        base: int | None = 0
        if current in on_path or (current in depth and depth[current] is None):
            base = None
        elif current in depth:
            base = depth[current]
        for name in reversed(path):
            base = None if base is None else base + 1
            depth[name] = base
    return depth


def check_stack_order(
    order: list[tuple[str, Position]],
    stacks: list[Stack],
    incomplete: frozenset[str],
    known: Names | None = None,
) -> list[Diagnostic]:
    """Every id in system.yaml's `stack_order` names a stack (unless a stack file failed
    to read; a stack file that fails its schema still names its stack, in `known`)."""
    if "stack" in incomplete:
        return []
    ids = {s.id for s in stacks} | (known.stacks if known else set())
    return [_unknown(pos, "stack", name, ids) for name, pos in order if name not in ids]


def _unknown(
    pos: Position, what: str, name: str, known: Iterable[str], layers: Iterable[Layer] = ()
) -> Diagnostic:
    import difflib

    hint = _renamed_layer(name, layers)
    if not hint:
        close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else ""
    return Diagnostic.at(pos, "ST202", f"unknown {what} '{name}'", hint)


def _renamed_layer(frame_id: str, layers: Iterable[Layer]) -> str:
    """For a frame id `LAYER.NAME` whose LAYER no layer has, but a layer file is named
    so: that file's `id` is what differs (a typo there makes every caller unknown)."""
    layer_id, dot, rest = frame_id.partition(".")
    if not dot:
        return ""
    layers = list(layers)
    if any(layer.id == layer_id for layer in layers):
        return ""
    for layer in layers:
        if layer.file and PurePath(layer.file).stem == layer_id:
            return (
                f"{PurePath(layer.file).name} gives its layer the id '{layer.id}': fix that "
                f"`id`, or call '{layer.id}.{rest}'"
            )
    return ""
