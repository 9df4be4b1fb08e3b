"""What the sources say each frame should hold, and how that differs from its YAML.

For a frame with a `symbol`, at the frame's commit (its pin, else its layer's, else the
repository's commit): the member's `lines` and `excerpt`, each call's line (by its
locator; a plain line follows the code only when its text is still there), the line of
each call's loop or branch (found by its text), and, for a frame quoting an older
version, `current.lines` at the repository's commit ("today"). A frame without a symbol
is compared as it stands: each quoted segment against the file's lines.

The result is a `FramePlan`: YAML edits (paths into the layer file and new values), a
person's words for each change, and diagnostics. Nothing here writes a file.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import Diagnostic
from ..loader.build import _dedent_together
from ..model import Call, Frame, Guard, Layer, Project, Segment
from .calls import CallError, CallSite, call_sites, locate
from .code import SourceFile, SourceSet, excerpt_text
from .files import SourceError
from .symbols import Definition, SymbolError, find, parse_symbol, strip_generics, unique_symbol

YamlPath = tuple[str | int, ...]

# Pygments lexer names for the grammars' languages (a frame's `language:`).
_LEXERS = {
    "csharp": "csharp",
    "python": "python",
    "java": "java",
    "go": "go",
    "javascript": "javascript",
    "typescript": "typescript",
    "tsx": "tsx",
}


@dataclass(frozen=True)
class Edit:
    """Set the value at `path` of a layer file (`if_absent`: only when the key is missing)."""

    path: YamlPath
    value: Any
    if_absent: bool = False


@dataclass
class FramePlan:
    layer: Layer
    frame: Frame
    index: int  # the frame's index in its layer file's `frames`
    source: str  # where the code was read, for people: "dotnet-worker@1.21.0:src/X.cs"
    symbol: str = ""  # the member found, in full notation
    edits: list[Edit] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)  # words for each edit
    problems: list[Diagnostic] = field(default_factory=list)
    old_lines: tuple[int, int] | None = None
    new_lines: tuple[int, int] | None = None
    old_text: str | None = None  # the excerpt as the YAML has it (one block), or None
    new_text: str | None = None

    @property
    def failed(self) -> bool:
        return any(d.is_error for d in self.problems)

    @property
    def status(self) -> str:
        """What became of the frame, in the words reports use:

        failed (an error), added (it had no excerpt), changed (its text differs), moved
        (same text, other lines), updated (other fields only: call, loop or today's
        lines, language), unchanged.
        """
        if self.failed:
            return "failed"
        if self.new_text is not None and self.old_text is None:
            return "added"
        if self.new_text is not None and (
            self.new_text != self.old_text or len(self.frame.excerpt) != 1
        ):
            return "changed"
        if self.old_lines != self.new_lines and self.new_lines is not None:
            return "moved"
        return "updated" if self.edits else "unchanged"


def frame_commit(project: Project, layer: Layer, frame: Frame) -> tuple[str, str]:
    """(commit, label) the frame's lines refer to: its pin, its layer's, or the repo's."""
    repo = project.repo(layer.repo or "")
    pin = repo.pin(frame.pin or layer.pin)
    return pin.commit, pin.label or pin.commit[:8]


def _span(lines: tuple[int, int] | None) -> str:
    if lines is None:
        return "none"
    return f"{lines[0]}–{lines[1]}" if lines[0] != lines[1] else str(lines[0])


def _one_block(frame: Frame) -> str | None:
    """The frame's excerpt when it is one numbered block starting at its first line."""
    if len(frame.excerpt) == 1 and frame.excerpt[0].numbered and frame.lines:
        segment = frame.excerpt[0]
        if segment.start == frame.lines[0]:
            return segment.text
    if not frame.excerpt:
        return None
    return "\n".join(s.text for s in frame.excerpt)  # segments: shown joined, for the diff


def plan_frame(
    context: _Context, layer: Layer, index: int, before: Project | None = None
) -> FramePlan | None:
    """The plan of one frame, or None when its repository has no source.

    `before` is the project as the YAML has it when commits are being moved (repin): the
    frame's lines and call lines then refer to its commit there.
    """
    project, files = context.project, context.files
    frame = layer.frames[index]
    if not files.has(layer.repo) or not (frame.path or layer.path):
        if frame.symbol and not (frame.path or layer.path) and files.has(layer.repo):
            plan = FramePlan(layer, frame, index, source="")
            plan.problems.append(
                Diagnostic.at(
                    frame.pos,
                    "ST403",
                    f"{frame.id} names a symbol but no file",
                    hint="give the layer a source.path or the frame a path",
                )
            )
            return plan
        return None
    assert layer.repo is not None
    proposing = context.add_symbols and frame.lines is not None
    if frame.symbol is None and not proposing and not any(s.numbered for s in frame.excerpt):
        return None  # nothing to read: no symbol, and no quoted lines to compare
    path = frame.path or layer.path or ""
    commit, label = frame_commit(project, layer, frame)
    context.old_commit = None
    if before is not None and frame_commit(before, layer, frame)[0] != commit:
        context.old_commit = frame_commit(before, layer, frame)[0]
    plan = FramePlan(layer, frame, index, source=f"{layer.repo}@{label}:{path}")
    plan.old_lines = frame.lines
    plan.old_text = _one_block(frame)
    try:
        file = files.file(layer.repo, commit, path)
    except SourceError as exc:
        plan.problems.append(Diagnostic.at(frame.pos, "ST403", f"{frame.id}: {exc}"))
        return plan
    symbol = frame.symbol
    if symbol is None and context.add_symbols and frame.lines:
        symbol = _propose_symbol(plan, file)
    if symbol is None:
        _compare_segments(plan, file, path)
        return plan
    definition = _find_member(plan, file, symbol)
    if definition is None:
        return plan
    plan.symbol = definition.notation(with_params=definition.params is not None)
    first, last = definition.first, definition.last
    plan.new_lines = (first, last)
    plan.new_text = file.excerpt(first, last)
    base: YamlPath = ("frames", index)
    if frame.lines != (first, last):
        plan.edits.append(Edit((*base, "lines"), [first, last]))
        old = f"{_span(frame.lines)} → " if frame.lines else ""
        plan.changes.append(f"lines {old}{_span((first, last))}")
    if plan.old_text != plan.new_text or len(frame.excerpt) != 1:
        plan.edits.append(Edit((*base, "excerpt"), plan.new_text))
        plan.changes.append("excerpt added" if plan.old_text is None else "excerpt text changed")
    lexer = _LEXERS.get(file.language or "")
    if lexer and frame.language == "text":
        plan.edits.append(Edit((*base, "language"), lexer, if_absent=True))
    sites = call_sites(file.language or "", definition.node)
    for j, call in enumerate(frame.calls):
        _plan_call(plan, file, definition, sites, j, call, context)
    _plan_current(project, plan, files, path, symbol)
    return plan


def _propose_symbol(plan: FramePlan, file: SourceFile) -> str | None:
    """The symbol of the member the frame's current lines cover best (None: no member)."""
    frame = plan.frame
    assert frame.lines is not None
    try:
        members = [d for d in file.definitions() if d.kind != "type"]
    except SourceError:
        return None
    want = set(range(frame.lines[0], frame.lines[1] + 1))
    best: tuple[float, int, Definition] | None = None
    for d in members:
        have = set(range(d.first, d.last + 1))
        overlap = len(want & have) / len(want | have)
        if overlap > 0.5 and (best is None or (overlap, len(d.parts)) > best[:2]):
            best = (overlap, len(d.parts), d)
    if best is None:
        plan.problems.append(
            Diagnostic.at(
                frame.pos,
                "ST404",
                f"{frame.id}: no member of {file.path} covers lines {_span(frame.lines)}",
                hint="write its symbol by hand",
                severity="warning",
            )
        )
        return None
    symbol = unique_symbol(file.definitions(), best[2])
    plan.edits.append(Edit(("frames", plan.index, "symbol"), symbol))
    plan.changes.append(f"symbol {symbol} (proposed from lines {_span(frame.lines)})")
    return symbol


def _find_member(plan: FramePlan, file: SourceFile, symbol: str) -> Definition | None:
    frame = plan.frame
    try:
        return find(file.definitions(), parse_symbol(symbol))
    except SymbolError as exc:
        plan.problems.append(
            Diagnostic.at(frame.pos, "ST404", f"{frame.id}: {exc} ({plan.source})", hint=exc.hint)
        )
    except SourceError as exc:
        plan.problems.append(
            Diagnostic.at(
                frame.pos,
                "ST404",
                f"{frame.id}: {exc}",
                hint="leave out `symbol` and quote the excerpt by hand",
            )
        )
    return None


def _site_lines(site: CallSite) -> tuple[int, int | None]:
    return site.first, (site.last if site.last != site.first else None)


def _at_value(first: int, last: int | None) -> int | list[int]:
    return [first, last] if last is not None else first


def _plan_call(
    plan: FramePlan,
    file: SourceFile,
    member: Definition,
    sites: list[CallSite],
    j: int,
    call: Call,
    context: _Context,
) -> None:
    at_path: YamlPath = ("frames", plan.index, "calls", j, "at")
    name = f"call {j + 1} ({call.to or call.external})"
    new: tuple[int, int | None] | None = None
    if call.locator is not None:
        try:
            site = locate(sites, call.locator.call, call.locator.nth)
        except CallError as exc:
            plan.problems.append(
                Diagnostic.at(
                    call.pos, "ST405", f"{plan.frame.id}: {exc} ({plan.symbol})", exc.hint
                )
            )
            return
        new = _site_lines(site)
        if (call.at, call.at_end) != new:
            plan.edits.append(Edit((*at_path, "line"), _at_value(*new)))
    elif call.at is not None:
        new = _follow_line(plan, file, member, call, context)
        if new is None:
            return
        proposed = None
        if context.add_symbols:
            proposed = _propose_locator(sites, new, context.callee_names(call))
        if proposed is not None:
            plan.edits.append(Edit(at_path, proposed))
            plan.changes.append(f"{name}: at {{call: {proposed['call']}}}")
        elif (call.at, call.at_end) != new:
            plan.edits.append(Edit(at_path, _at_value(*new)))
    if new is not None and (call.at, call.at_end) != new:
        old = f"{call.where} → " if call.where else ""
        now = Call(kind=call.kind, at=new[0], at_end=new[1]).where
        plan.changes.append(f"{name}: {old}{now}")
    if new is not None:
        for key, guard in (("loop", call.loop), ("branch", call.branch)):
            if guard is not None and guard.line is not None:
                _plan_guard(plan, file, member, j, key, guard, new[0])


def _follow_line(
    plan: FramePlan, file: SourceFile, member: Definition, call: Call, context: _Context
) -> tuple[int, int | None] | None:
    """Where a call given by line number is at the frame's (new) commit.

    At the commit its lines were counted at, it stays. After a repin it follows its
    line's text (from the excerpt, else from the file at the old commit): at the same
    offset in the member if that line still holds it, else the one line of the member
    that does.
    """
    assert call.at is not None
    span = (call.at, call.at_end)
    if context.old_commit is None:
        return span
    want = _old_line(plan, call.at, context)
    lines = file.lines
    found: int | None = None
    if want is not None:
        offset = call.at - (plan.old_lines or (call.at, call.at))[0]
        same_place = member.first + offset
        if member.first <= same_place <= member.last and lines[same_place - 1].strip() == want:
            found = same_place
        else:
            hits = [n for n in range(member.first, member.last + 1) if lines[n - 1].strip() == want]
            found = hits[0] if len(hits) == 1 else None
    if found is None:
        why = (
            "its line is not known" if want is None else f"its line `{want[:60]}` is not there once"
        )
        plan.problems.append(
            Diagnostic.at(
                call.pos,
                "ST406",
                f"{plan.frame.id}: the call at {call.where} cannot follow the code ({why})",
                hint=f"give it a locator, e.g. at: {{call: {min(context.callee_names(call))}}}",
            )
        )
        return None
    length = (call.at_end - call.at) if call.at_end else 0
    return found, (found + length) if length else None


def _old_line(plan: FramePlan, line: int, context: _Context) -> str | None:
    """The text (stripped) of `line` as the frame quoted it, or at the old commit."""
    for segment in plan.frame.excerpt:
        if segment.numbered and segment.start <= line <= segment.end:
            return segment.lines[line - segment.start].strip()
    if context.old_commit is None or plan.layer.repo is None:
        return None
    try:
        path = plan.frame.path or plan.layer.path or ""
        old = context.files.file(plan.layer.repo, context.old_commit, path).lines
    except SourceError:
        return None
    return old[line - 1].strip() if 0 < line <= len(old) else None


def _propose_locator(
    sites: list[CallSite], span: tuple[int, int | None], wanted: set[str]
) -> dict[str, Any] | None:
    """A locator for a call given by line: the call on that line whose name fits the callee."""
    first, last = span
    on_line = [s for s in sites if first <= s.first <= (last or first)]
    fitting = [s for s in on_line if s.parts[-1] in wanted or s.name in wanted]
    if len(fitting) != 1:
        fitting = on_line if len(on_line) == 1 else []
    if len(fitting) != 1:
        return None
    site = fitting[0]
    short = ("new " if site.is_new else "") + site.parts[-1]
    same = [s for s in sites if s.is_new == site.is_new and s.parts[-1] == site.parts[-1]]
    locator: dict[str, Any] = {"call": short}
    if len(same) > 1:
        locator["nth"] = same.index(site) + 1
    locator["line"] = _at_value(*_site_lines(site))
    return locator


def _code_name(text: str) -> str:
    """The last name in a callee as people write it: `A.B(x, y)` -> `B`, `new Foo(x)` -> `Foo`."""
    text = re.sub(r"\(.*$", "", text.strip().removeprefix("new ").strip())
    text = re.sub(r"\s.*$", "", strip_generics(text))
    return text.rsplit(".", 1)[-1]


@dataclass
class _Context:
    """What every frame of a run shares."""

    project: Project
    files: SourceSet
    add_symbols: bool = False
    old_commit: str | None = None  # set per frame when its commit moves (repin)

    def callee_names(self, call: Call) -> set[str]:
        """Names the code may call the callee by: from `external`, or the target frame."""
        names: set[str] = set()
        if call.external:
            name = _code_name(call.external)
            names.add(("new " + name) if call.external.strip().startswith("new ") else name)
        elif call.to is not None:
            target = self.project.frames().get(call.to)
            if target is not None:
                names.add(_code_name(target.title))
                if target.symbol:
                    names.add(_code_name(target.symbol.split("(")[0].split("/")[0]))
        return {n for n in names if n} or {"Name"}


def _plan_guard(
    plan: FramePlan, file: SourceFile, member: Definition, j: int, key: str, guard: Guard, line: int
) -> None:
    """The loop or branch line: the nearest line at or above the call holding its text."""
    want = " ".join(guard.text.split())
    lines = file.lines
    hits = [n for n in range(line, member.first - 1, -1) if want in " ".join(lines[n - 1].split())]
    if not hits:
        plan.problems.append(
            Diagnostic.at(
                plan.frame.calls[j].pos,
                "ST407",
                f"{plan.frame.id}: the {key} `{guard.text}` is not above the call any more",
                hint=f"update its text (the call is on line {line})",
                severity="warning",
            )
        )
        return
    if hits[0] != guard.line:
        plan.edits.append(Edit(("frames", plan.index, "calls", j, key, "line"), hits[0]))
        plan.changes.append(f"call {j + 1} {key}: line {guard.line} → {hits[0]}")


def _plan_current(
    project: Project, plan: FramePlan, files: SourceSet, path: str, symbol: str
) -> None:
    """`current.lines` of a frame that quotes an older version: the member today."""
    frame, layer = plan.frame, plan.layer
    repo = project.repo(layer.repo or "")
    commit, _ = frame_commit(project, layer, frame)
    if frame.current is None or frame.current.lines is None or commit == repo.commit:
        return
    try:
        today = files.file(repo.id, repo.commit, path)
        member = find(today.definitions(), parse_symbol(symbol))
    except (SourceError, SymbolError) as exc:
        plan.problems.append(
            Diagnostic.at(
                frame.pos,
                "ST408",
                f"{frame.id}: today's version ({repo.label or repo.commit[:8]}) has no "
                f"{symbol}: {exc}",
                hint="remove `current`, or fix it by hand",
                severity="warning",
            )
        )
        return
    lines = (member.first, member.last)
    if frame.current.lines != lines:
        plan.edits.append(Edit(("frames", plan.index, "current", "lines"), list(lines)))
        plan.changes.append(f"today: lines {_span(frame.current.lines)} → {_span(lines)}")


def _compare_segments(plan: FramePlan, file: SourceFile, path: str) -> None:
    """A frame without a symbol: each quoted segment against the file's lines."""
    frame = plan.frame
    segments = [s for s in frame.excerpt if s.numbered]
    if not segments:
        return
    lines = file.lines
    raw = ["\n".join(line.rstrip() for line in lines[s.start - 1 : s.end]) for s in segments]
    actual = _dedent_together(raw)
    quoted = [_strip_ends(s) for s in segments]
    for segment, have, want in zip(segments, actual, quoted, strict=True):
        if have == want:
            continue
        where = f"{path}:{segment.start}-{segment.end}"
        moved = _find_text(lines, want)
        if moved is not None:
            plan.problems.append(
                Diagnostic.at(
                    frame.pos,
                    "ST401",
                    f"excerpt of {frame.id} no longer matches {where}",
                    hint=f"the same text is now at lines {moved}-{moved + len(segment.lines) - 1}",
                )
            )
        else:
            plan.problems.append(
                Diagnostic.at(
                    frame.pos,
                    "ST402",
                    f"excerpt of {frame.id} no longer matches {where}, and is not in the file",
                    hint="give the frame a symbol and run `stacktour sync`, or pin the commit "
                    "it quotes",
                )
            )


def _strip_ends(segment: Segment) -> str:
    return "\n".join(line.rstrip() for line in segment.text.split("\n"))


def _find_text(haystack: list[str], needle: str) -> int | None:
    """1-based first line where the (dedented) lines of `needle` occur, indentation kept."""
    needle = textwrap.dedent(needle)
    want = needle.split("\n")
    for start in range(len(haystack) - len(want) + 1):
        if haystack[start].rstrip().endswith(want[0]) and (
            excerpt_text(haystack[start : start + len(want)]) == needle
        ):
            return start + 1
    return None


def plan_frames(
    project: Project,
    files: SourceSet,
    frame_ids: Iterable[str] | None = None,
    *,
    add_symbols: bool = False,
    before: Project | None = None,
) -> list[FramePlan]:
    """Plans of every frame (or of `frame_ids`) whose repository has a source.

    `before`: the project as its YAML stands, when `project` moves commits (repin).
    """
    wanted = set(frame_ids) if frame_ids is not None else None
    context = _Context(project, files, add_symbols)
    plans = []
    for layer in project.layers:
        for index, frame in enumerate(layer.frames):
            if wanted is not None and frame.id not in wanted:
                continue
            plan = plan_frame(context, layer, index, before)
            if plan is not None:
                plans.append(plan)
    return plans
