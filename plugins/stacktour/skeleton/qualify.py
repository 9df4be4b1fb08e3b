"""Name each mapped frame by the member its line lies in, read from the file itself.

A trace names a function, not always its class (a Python traceback says `parse`, not
`Parser.parse`), and never which of several overloads ran. When a frame's file is under a
`--map` prefix on this machine (the folder the user named as the repository's files),
the file is parsed with the same tree-sitter definitions `sync` uses: the innermost
member of that name whose lines hold the frame's line is the one that ran, and the
shortest symbol that names only it becomes the frame's symbol (`Parser.parse`,
`Environment.compile(self, ..., bool, bool)` for one of three overloads).

Only files under a map's prefix are read, each a regular file inside that folder and no
larger than the cap, checked before reading.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from ..importers.model import TraceFrame, TraceStack
from .paths import PathMap

MAX_FILE_BYTES = 8 << 20


def _read(frame: TraceFrame, maps: tuple[PathMap, ...]) -> bytes | None:
    """The bytes of the frame's file when it lies in a mapped folder here; else None."""
    for item in sorted(maps, key=lambda m: -len(m.prefix)):
        if not item.repo or item.apply(frame.file) is None:
            continue
        folder = Path(item.prefix)
        path = Path(frame.file)
        try:
            root = folder.resolve() if folder.is_dir() else folder.parent.resolve()
            real = path.resolve()
            if not real.is_relative_to(root) or not real.is_file():
                return None
            if real.stat().st_size > MAX_FILE_BYTES:
                return None
            return real.read_bytes()
        except OSError:
            return None
    return None


def _member(frame: TraceFrame, found: list[Any]) -> Any:
    """The innermost callable named like the frame whose lines hold the frame's line."""
    assert frame.line is not None
    name = frame.function
    if name in (".ctor", ".cctor"):
        name = frame.owner.rsplit(".", 1)[-1]
    holding = [
        d
        for d in found
        if d.params is not None and d.first <= frame.line <= d.last and d.parts[-1] == name
    ]
    return max(holding, key=lambda d: (d.first, -d.last), default=None)


def qualify(stack: TraceStack, maps: tuple[PathMap, ...]) -> TraceStack:
    """`stack` with each frame whose file can be read named by the member that ran.

    Needs the `sources` package (tree-sitter definitions); without it, `stack` is returned
    as it is and frames keep the names the trace gave.
    """
    try:
        from ..sources.languages import language_of, parse  # type: ignore[import-not-found,unused-ignore]
        from ..sources.symbols import definitions, unique_symbol  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return stack
    parsed: dict[str, list[Any] | None] = {}
    frames: list[TraceFrame] = []
    for frame in stack.frames:
        language = language_of(frame.file) if frame.file else None
        if (
            language is None
            or frame.line is None
            or frame.generated
            or frame.function.startswith("<")
        ):
            frames.append(frame)
            continue
        if frame.file not in parsed:
            data = _read(frame, maps)
            parsed[frame.file] = (
                definitions(language, parse(language, data).root_node) if data is not None else None
            )
        found = parsed[frame.file]
        member = _member(frame, found) if found else None
        if found is None or member is None:
            frames.append(frame)
            continue
        owner = frame.owner
        types = {d.parts for d in found if d.params is None}
        if not owner and member.parts[:-1] in types:
            owner = ".".join(member.parts[:-1])  # a method: its class, for grouping
        frames.append(replace(frame, owner=owner, qualified=unique_symbol(found, member)))
    return replace(stack, frames=tuple(frames))
