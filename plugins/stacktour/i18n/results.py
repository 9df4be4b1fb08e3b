"""A load result as one language's build sees it (kept apart from localize.py because it
needs the loader and the resolver, which themselves import the i18n fields)."""

from __future__ import annotations

from dataclasses import replace

from ..loader import LoadResult
from ..resolve import resolve_all
from .localize import localize


def prose_language(languages: tuple[str, ...], requested: str | None) -> str:
    """The language a build shows prose in: `requested` when the project has it, else
    the project's default (the first of `languages`)."""
    if requested and requested in languages:
        return requested
    return languages[0]


def localize_result(result: LoadResult, language: str) -> LoadResult:
    """`result` with its project in `language` (see `prose_language`) and its stacks
    resolved again from that project; a result with errors is returned as it is."""
    if result.project is None:
        return result
    project = localize(result.project, prose_language(result.project.languages, language))
    stacks, _ = resolve_all(project)  # the same steps: only text differs
    return replace(result, project=project, stacks=stacks)
