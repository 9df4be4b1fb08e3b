"""One language's view of a project: every `Prose` replaced by that language's text.

The loader keeps every language in the model; rendering wants one. `localize` gives the
project as a reader of one language sees it, with untranslated fields in the default
language, and `untranslated` lists those fields so a build can say what is missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields, is_dataclass, replace
from typing import Any

from ..diagnostics import Diagnostic
from ..model import Position, Project
from .prose import Prose, needs_translation


def _localized(value: Any, language: str) -> Any:
    if isinstance(value, Prose):
        return value.text(language)
    if isinstance(value, tuple):
        items = tuple(_localized(item, language) for item in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in fields(value):
            if not f.init:
                continue
            old = getattr(value, f.name)
            new = _localized(old, language)
            if new is not old:
                changes[f.name] = new
        return replace(value, **changes) if changes else value
    return value


def localize(project: Project, language: str) -> Project:
    """The project with each prose field in `language`, else in the default language.

    Every `Prose` becomes a plain `str`, so what is rendered from the result carries no
    other language. Raises ValueError for a language the project does not declare.
    """
    if language not in project.languages:
        raise ValueError(
            f"language '{language}' is not one of the project's ({', '.join(project.languages)})"
        )
    result = _localized(project, language)
    assert isinstance(result, Project)
    return result


def _prose(value: Any) -> Iterator[Prose]:
    if isinstance(value, Prose):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from _prose(item)
    elif is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            yield from _prose(getattr(value, f.name))


def untranslated(project: Project, language: str, *, severity: str = "warning") -> list[Diagnostic]:
    """One diagnostic per file that has prose without a `language` text (ST222).

    Text that reads the same in every language (one token, such as `GrpcWorker`) is not
    counted. Each diagnostic points at the first such field and lists the lines of the
    others. Nothing for the default language, nor for one the project does not declare.
    """
    if language not in project.languages[1:]:
        return []  # the default language, or one the project's prose is not written in
    missing: dict[str, list[Position]] = {}
    seen: set[int] = set()
    for prose in _prose(project):
        if id(prose) in seen or prose.pos is None:
            continue
        seen.add(id(prose))
        if prose.has(language) or not needs_translation(prose):
            continue
        missing.setdefault(prose.pos.file, []).append(prose.pos)
    found = []
    for _, positions in sorted(missing.items()):
        positions.sort()
        first = positions[0]
        lines = ", ".join(str(p.line) for p in positions[:12])
        more = f" and {len(positions) - 12} more" if len(positions) > 12 else ""
        count = len(positions)
        found.append(
            Diagnostic.at(
                first,
                "ST222",
                f"{count} prose field{'s' if count != 1 else ''} without '{language}' text "
                f"(line{'s' if count != 1 else ''} {lines}{more}); "
                "the default language is shown instead",
                severity=severity,
            )
        )
    return found
