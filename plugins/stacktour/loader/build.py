"""Build model objects from schema-valid documents. Checks that need only one file live
here too (excerpt line counts, call lines inside their frame), where the positions are."""

from __future__ import annotations

import re
import textwrap
from typing import Any

from ..diagnostics import Diagnostic
from ..model import (
    Call,
    CallLocator,
    Current,
    Frame,
    Group,
    Guard,
    Layer,
    Pin,
    Repo,
    Segment,
    Stack,
    StepSpec,
    Via,
)
from .yamlfile import Path, YamlDocument

_STEP = re.compile(r"^\s*(\S+)\s*->\s*(\S+?)\s*(?:@\s*(\d+))?\s*$")


def _lines(value: Any) -> tuple[int, int] | None:
    return (int(value[0]), int(value[1])) if value else None


# The most lines a frame or a call site may cover. Pages mark every line of a range (the
# call lines lit, the lines each code block numbers), so `lines: [1, 2000000000]` held the
# build for minutes and gigabytes. The longest real members run to a few thousand lines.
MAX_SPAN_LINES = 100_000


def _check_range(
    doc: YamlDocument, path: Path, rng: tuple[int, int] | None, problems: list[Diagnostic]
) -> None:
    if rng and rng[0] > rng[1]:
        problems.append(
            Diagnostic.at(
                doc.pos(path),
                "ST205",
                f"lines [{rng[0]}, {rng[1]}] run backwards",
                hint=f"write [{rng[1]}, {rng[0]}]",
            )
        )
    elif rng and rng[1] - rng[0] + 1 > MAX_SPAN_LINES:
        problems.append(
            Diagnostic.at(
                doc.pos(path),
                "ST218",
                f"lines [{rng[0]}, {rng[1]}] span {rng[1] - rng[0] + 1:,} lines; "
                f"the limit is {MAX_SPAN_LINES:,}",
            )
        )


def build_system(doc: YamlDocument, problems: list[Diagnostic]) -> tuple[list[Repo], list[Group]]:
    data = doc.data
    repos = []
    for rid, r in (data.get("repos") or {}).items():
        pins = tuple(
            Pin(name=name, commit=p["commit"], label=p.get("label", ""), note=p.get("note", ""))
            for name, p in (r.get("pins") or {}).items()
        )
        repos.append(
            Repo(
                id=rid,
                url=r.get("url", ""),  # "": no public address
                commit=r.get("commit") or r["tag"],  # a tag stands in until pinned
                title=r.get("title", ""),
                pins=pins,
                label=r.get("label") or r.get("tag", ""),  # a tag names itself
                pos=doc.key_pos(("repos", rid)),
            )
        )
    groups = [
        Group(
            id=gid,
            title=g["title"],
            kind=g.get("kind", "process"),
            parent=g.get("parent"),
            summary=g.get("summary", ""),
            pos=doc.key_pos(("groups", gid)),
        )
        for gid, g in (data.get("groups") or {}).items()
    ]
    return repos, groups


def _excerpt(
    doc: YamlDocument,
    path: Path,
    value: Any,
    lines: tuple[int, int] | None,
    problems: list[Diagnostic],
) -> tuple[Segment, ...]:
    if value is None:
        return ()
    if lines is None:
        if isinstance(value, str):
            # Code with no upstream file (generated at build time): quoted unnumbered.
            return (Segment(start=0, text=_clean_block(value)),)
        problems.append(
            Diagnostic.at(
                doc.pos(path),
                "ST204",
                "excerpt segments need the frame's `lines`",
                hint="add lines: [first, last], or quote one block without line numbers",
            )
        )
        return ()
    if isinstance(value, str):
        text = _clean_block(value)
        count = len(text.split("\n"))
        expected = lines[1] - lines[0] + 1
        if count != expected:
            problems.append(
                Diagnostic.at(
                    doc.pos(path),
                    "ST204",
                    f"excerpt has {count} lines but lines [{lines[0]}, {lines[1]}] span {expected}",
                    hint="the excerpt must quote exactly those lines, blank lines included",
                )
            )
        return (Segment(start=lines[0], text=text),)
    segments: list[Segment] = []
    previous_end = lines[0] - 1
    # Indentation common to all segments goes, so a mid-method segment keeps its depth.
    texts = _dedent_together([_strip_newline(item["text"]) for item in value])
    for i, item in enumerate(value):
        segment = Segment(start=int(item["from"]), text=texts[i])
        if segment.start <= previous_end or segment.end > lines[1]:
            problems.append(
                Diagnostic.at(
                    doc.pos((*path, i)),
                    "ST206",
                    f"segment lines {segment.start}-{segment.end} must lie inside "
                    f"[{lines[0]}, {lines[1]}], after the previous segment",
                )
            )
        previous_end = max(previous_end, segment.end)
        segments.append(segment)
    return tuple(segments)


def _strip_newline(text: str) -> str:
    return text[:-1] if text.endswith("\n") else text


def _clean_block(text: str) -> str:
    """A block scalar's text: one trailing newline dropped, common indentation removed."""
    return textwrap.dedent(_strip_newline(text))


def _dedent_together(texts: list[str]) -> list[str]:
    """Remove the indentation common to every non-blank line of every text."""
    lines = textwrap.dedent("\n".join(texts)).split("\n")
    out, start = [], 0
    for text in texts:
        count = text.count("\n") + 1
        out.append("\n".join(lines[start : start + count]))
        start += count
    return out


def _call_at(
    doc: YamlDocument, path: Path, value: Any, problems: list[Diagnostic]
) -> tuple[int | None, int | None, CallLocator | None]:
    """A call's `at` (a line, a [first, last] span, or a locator) as (first, last, locator)."""
    locator = None
    if isinstance(value, dict):
        locator = CallLocator(call=value["call"], nth=value.get("nth"))
        path, value = (*path, "line"), value.get("line")
    if value is None:
        return None, None, locator
    if isinstance(value, list):
        first, last = int(value[0]), int(value[1])
        _check_range(doc, path, (first, last), problems)
        return first, (last if last != first else None), locator
    return int(value), None, locator


def _guard(value: Any) -> Guard | None:
    return Guard(text=value["text"], line=value.get("line")) if value else None


def build_layer(doc: YamlDocument, problems: list[Diagnostic]) -> Layer:
    data = doc.data
    lid = data["id"]
    source = data.get("source") or {}
    frames = []
    for i, f in enumerate(data["frames"]):
        if f is None:  # left out by salvage: it has schema errors
            continue
        fpath: Path = ("frames", i)
        lines = _lines(f.get("lines"))
        _check_range(doc, (*fpath, "lines"), lines, problems)
        calls = []
        for j, c in enumerate(f.get("calls") or []):
            if c is None:
                continue
            cpath: Path = (*fpath, "calls", j)
            at, at_end, locator = _call_at(doc, (*cpath, "at"), c.get("at"), problems)
            if at is not None and lines and not lines[0] <= at <= (at_end or at) <= lines[1]:
                shown = f"lines {at}-{at_end}" if at_end else f"line {at}"
                problems.append(
                    Diagnostic.at(
                        doc.pos((*cpath, "at")),
                        "ST203",
                        f"call {shown} is outside the frame's lines [{lines[0]}, {lines[1]}]",
                    )
                )
            if c["kind"] == "network" and "via" not in c:
                problems.append(
                    Diagnostic.at(
                        doc.pos(cpath),
                        "ST207",
                        "a network call needs `via: {protocol, method}`",
                    )
                )
            via = c.get("via")
            calls.append(
                Call(
                    kind=c["kind"],
                    to=c.get("to"),
                    external=c.get("external"),
                    at=at,
                    at_end=at_end,
                    locator=locator,
                    via=Via(via["protocol"], via["method"]) if via else None,
                    loop=_guard(c.get("loop")),
                    branch=_guard(c.get("branch")),
                    label=c.get("label", ""),
                    returns=c.get("returns", ""),
                    note=c.get("note", ""),
                    pos=doc.pos(cpath),
                )
            )
        current = f.get("current")
        if current:
            _check_range(doc, (*fpath, "current", "lines"), _lines(current.get("lines")), problems)
        frames.append(
            Frame(
                id=f"{lid}.{f['id']}",
                name=f["id"],
                layer=lid,
                title=f["title"],
                signature=f.get("signature", ""),
                symbol=f.get("symbol"),
                language=f.get("language", "text"),
                lines=lines,
                excerpt=_excerpt(doc, (*fpath, "excerpt"), f.get("excerpt"), lines, problems),
                path=f.get("path"),
                pin=f.get("pin"),
                current=(
                    Current(lines=_lines(current.get("lines")), note=current.get("note", ""))
                    if current
                    else None
                ),
                explanation=f.get("explanation", ""),
                caveat=f.get("caveat", ""),
                calls=tuple(calls),
                pos=doc.pos(fpath),
            )
        )
    return Layer(
        id=lid,
        title=data["title"],
        kind=data["kind"],
        group=data["group"],
        repo=source.get("repo"),
        path=source.get("path"),
        pin=source.get("pin"),
        tags=tuple(data.get("tags") or ()),
        subtitle=data.get("subtitle", ""),
        summary=data.get("summary", ""),
        caveat=data.get("caveat", ""),
        frames=tuple(frames),
        file=doc.file,
        pos=doc.pos(()),
    )


def build_stack(doc: YamlDocument, problems: list[Diagnostic]) -> Stack:
    data = doc.data
    steps = []
    for i, item in enumerate(data.get("steps") or []):
        if item is None:
            continue
        pos = doc.pos(("steps", i))
        if isinstance(item, dict):
            steps.append(StepSpec(ref=item["ref"], pos=pos))
            continue
        match = _STEP.match(item)
        assert match is not None  # the schema's pattern guarantees the shape
        steps.append(
            StepSpec(
                caller=match.group(1),
                callee=match.group(2),
                at=int(match.group(3)) if match.group(3) else None,
                pos=pos,
            )
        )
    follow = tuple(sorted((k, tuple(v)) for k, v in (data.get("follow") or {}).items()))
    return Stack(
        id=data["id"],
        title=data["title"],
        entry=data["entry"],
        summary=data.get("summary", ""),
        steps=tuple(steps),
        follow=follow,
        level=data.get("level", ""),
        file=doc.file,
        pos=doc.pos(()),
    )
