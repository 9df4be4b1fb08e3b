"""A system's overview, in a site of several systems, and the list of a site's systems.

The overview stands where a site of one system has its Stacks page: the system's title
and summary, its stacks (cards and previews, as on the Stacks page) and its map. The
stacks folder's own system keeps that page's address (`stacks/`); a system in a folder of
its own has it at its folder (`mkdocs-build/`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from ..escape import markdown_text
from ..i18n.messages import t
from ..links import LinkScheme
from ..model import Project
from ..resolve import ResolvedStack
from .common import GeneratedPage, heading2, link, t_html
from .diagrams import Diagrams
from .prose import prose_html, prose_inline
from .stack_page import stack_card


def overview_path(prefix: str) -> str:
    """The overview's page, relative to the docs folder: `stacks/index.md` for the stacks
    folder's own system (prefix ""), else `PREFIX/index.md`."""
    return f"{prefix}index.md" if prefix else "stacks/index.md"


def system_title(project: Project, name: str, default: str = "Stacks") -> str:
    """How menus and lists name a system: its `title`, else its id, else `default`."""
    return project.title or project.system_id or name or default


def overview_page(
    project: Project,
    ordered: Sequence[ResolvedStack],
    diagrams: Diagrams,
    system_map: Callable[[LinkScheme], str],
    links: LinkScheme,
    title: str,
) -> GeneratedPage:
    """The overview of one system; `links` are those of its page (see `overview_path`),
    `system_map(links)` the HTML of the map of every layer of the system."""
    page = GeneratedPage(path=overview_path(links.prefix), title=title)
    parts = [f"# {markdown_text(title)}\n"]
    if project.summary.strip():
        parts.append(page.placeholder(prose_html(project.summary)))
    parts.append(heading2(t("Stacks"), "stacks"))
    for resolved in ordered:
        parts.append(page.placeholder(stack_card(resolved, links)))
        parts.append(page.deferred(partial(diagrams.preview, resolved, links)))
    parts.append(heading2(t("Map"), "map"))
    layers = link(links.layers_index(), t("all {count} layers", count=len(project.layers)))
    facts = t_html(
        "Every layer of this system, by the process it runs in; click a box to open its "
        "layer, or see {layers}.",
        layers=layers,
    )
    parts.append(page.placeholder(f'<p class="st-facts">{facts}</p>'))
    parts.append(page.placeholder(system_map(links), late=True))
    page.markdown = "\n".join(parts) + "\n"
    return page


@dataclass(frozen=True)
class SystemEntry:
    """One system as the list of systems shows it."""

    title: str
    summary: str
    stacks: int
    layers: int
    links: LinkScheme  # from the page showing the list, to this system's pages


def systems_list_html(entries: Sequence[SystemEntry]) -> str:
    """The systems of a site, each with its summary's first paragraph and its size."""
    items = []
    for entry in entries:
        first = entry.summary.split("\n\n")[0]
        items.append(
            f'<div class="st-card st-system"><h3>{link(entry.links.overview(), entry.title)}</h3>'
            f"{prose_inline(first)}"
            f'<p class="st-facts">{entry.stacks} stacks · {entry.layers} layers</p></div>'
        )
    return f'<div class="st-systems">{"".join(items)}</div>'
