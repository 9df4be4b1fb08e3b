"""Compare excerpts with local checkouts of the repositories they quote.

The docs maintainer's check: point each repository id at a checkout (at the commit the
frames pin) and every excerpt is compared with the file's lines. A mismatch says where
the text moved, when it is still in the file. Files are read only inside the configured
roots: a path that is absolute, climbs out with `..`, leaves through a symlink, or is
not a regular file is refused. The check compares resolved paths, not string prefixes.
"""

from __future__ import annotations

from pathlib import Path

from .diagnostics import Diagnostic
from .model import Frame, Layer, Project, Segment

MAX_SOURCE_BYTES = 8 << 20


class SourceError(ValueError):
    """A source path that may not be read; the message says why."""


def safe_source_path(root: Path, relative: str) -> Path:
    """The file `relative` inside `root`, or SourceError when it may not be read."""
    if not relative or relative.startswith(("/", "\\")) or Path(relative).is_absolute():
        raise SourceError(f"'{relative}' is absolute")
    if any(part == ".." for part in Path(relative).parts):
        raise SourceError(f"'{relative}' climbs out of its root with '..'")
    real_root = root.resolve()
    candidate = (real_root / relative).resolve()
    if not candidate.is_relative_to(real_root):
        raise SourceError(f"'{relative}' leaves {root} through a symbolic link")
    if not candidate.exists():
        raise SourceError(f"'{relative}' does not exist in {root}")
    if not candidate.is_file():
        raise SourceError(f"'{relative}' is not a regular file")
    if candidate.stat().st_size > MAX_SOURCE_BYTES:
        raise SourceError(f"'{relative}' is larger than {MAX_SOURCE_BYTES:,} bytes")
    return candidate


def _normal(line: str) -> str:
    return " ".join(line.split())


def _find(haystack: list[str], needle: list[str]) -> int | None:
    """1-based line where `needle` occurs in `haystack`, comparing whitespace-normalised."""
    want = [_normal(x) for x in needle]
    have = [_normal(x) for x in haystack]
    for start in range(len(have) - len(want) + 1):
        if have[start : start + len(want)] == want:
            return start + 1
    return None


def _check_segment(
    layer: Layer, frame: Frame, segment: Segment, lines: list[str], shown: str
) -> Diagnostic | None:
    quoted = list(segment.lines)
    actual = lines[segment.start - 1 : segment.end]
    if [_normal(x) for x in actual] == [_normal(x) for x in quoted]:
        return None
    moved = _find(lines, quoted)
    where = f"{shown}:{segment.start}-{segment.end}"
    if moved is not None:
        return Diagnostic.at(
            frame.pos,
            "ST401",
            f"excerpt of {frame.id} no longer matches {where}",
            hint=f"the same text is now at lines {moved}-{moved + len(quoted) - 1}",
        )
    return Diagnostic.at(
        frame.pos,
        "ST402",
        f"excerpt of {frame.id} no longer matches {where}, and is not in the file",
        hint="update the excerpt, or pin the commit it quotes",
    )


def check_excerpts(project: Project, roots: dict[str, Path]) -> tuple[list[Diagnostic], int]:
    """Every excerpt of a repository in `roots` compared with its file.

    Returns the diagnostics and the number of segments compared.
    """
    found: list[Diagnostic] = []
    compared = 0
    for layer in project.layers:
        if layer.repo not in roots:
            continue
        root = roots[layer.repo]
        for frame in layer.frames:
            path = frame.path or layer.path
            if not frame.excerpt or not path:
                continue
            try:
                file = safe_source_path(root, path)
                text = file.read_bytes().decode("utf-8", errors="replace")
            except (SourceError, OSError) as exc:
                found.append(Diagnostic.at(frame.pos, "ST403", f"{frame.id}: {exc}"))
                continue
            lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
            for segment in frame.excerpt:
                if not segment.numbered:
                    continue
                compared += 1
                problem = _check_segment(layer, frame, segment, lines, path)
                if problem is not None:
                    found.append(problem)
    return found, compared
