"""Every page generated from a project: pure functions from the model to Markdown + HTML.

Links inside a page are relative to that page, so the same pages work on any host and
under any site prefix.
"""

from __future__ import annotations

from ..escape import html_text
from ..links import LinkScheme
from ..model import Project
from ..resolve import ResolvedStack
from .common import GeneratedPage, link
from .diagrams import Diagrams
from .layer_page import layer_page
from .prose import prose_inline
from .stack_page import stack_card, stack_page

__all__ = ["Diagrams", "GeneratedPage", "build_pages", "links_for"]


def links_for(page_path: str, *, directory_urls: bool = True) -> LinkScheme:
    """Relative links from the page generated at `page_path` (e.g. "stacks/x.md")."""
    depth = page_path.count("/")
    if directory_urls and not page_path.endswith("index.md"):
        depth += 1
    return LinkScheme(base="../" * depth, directory_urls=directory_urls)


def _stacks_index(
    project: Project, stacks: dict[str, ResolvedStack], diagrams: Diagrams, directory_urls: bool
) -> GeneratedPage:
    page = GeneratedPage(path="stacks/index.md", title="Stacks")
    links = links_for(page.path, directory_urls=directory_urls)
    parts = ["# Stacks\n"]
    for stack in project.stacks:
        resolved = stacks[stack.id]
        parts.append(page.placeholder(stack_card(resolved, links)))
        parts.append(page.placeholder(diagrams.preview(resolved, links), late=True))
    page.markdown = "\n".join(parts) + "\n"
    return page


def _layers_index(project: Project, directory_urls: bool) -> GeneratedPage:
    page = GeneratedPage(path="layers/index.md", title="Layers")
    links = links_for(page.path, directory_urls=directory_urls)
    parts = ["# Layers\n"]
    for group in project.groups:
        members = [x for x in project.layers if x.group == group.id]
        if not members:
            continue
        chain = " › ".join(g.title for g in project.group_chain(group.id))
        rows = "".join(
            f"<tr><td>{link(links.layer(x.id), x.title)}</td><td>{html_text(x.kind)}</td>"
            f"<td>{prose_inline(x.summary.split(chr(10) + chr(10))[0])}</td></tr>"
            for x in members
        )
        parts.append(
            page.placeholder(
                f"<h2>{html_text(chain)}</h2><table><thead><tr><th>Layer</th><th>Kind</th>"
                f"<th>What it does</th></tr></thead><tbody>{rows}</tbody></table>"
            )
        )
    page.markdown = "\n".join(parts) + "\n"
    return page


def build_pages(
    project: Project,
    stacks: dict[str, ResolvedStack],
    diagrams: Diagrams,
    *,
    directory_urls: bool = True,
) -> list[GeneratedPage]:
    """The stacks index, one page per stack, the layers index, one page per layer."""
    pages = [_stacks_index(project, stacks, diagrams, directory_urls)]
    ordered = [stacks[s.id] for s in project.stacks if s.id in stacks]
    for resolved in ordered:
        path = f"stacks/{resolved.stack.id}.md"
        pages.append(
            stack_page(project, resolved, links_for(path, directory_urls=directory_urls), diagrams)
        )
    pages.append(_layers_index(project, directory_urls))
    for layer in project.layers:
        path = f"layers/{layer.id}.md"
        pages.append(
            layer_page(
                project, layer, ordered, links_for(path, directory_urls=directory_urls), diagrams
            )
        )
    return pages
