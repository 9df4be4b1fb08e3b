"""Every page generated from a project: pure functions from the model to Markdown + HTML.

Links inside a page are relative to that page, so the same pages work on any host and
under any site prefix.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from ..escape import html_text, markdown_text
from ..i18n.messages import t
from ..i18n.words import kind_word
from ..links import LinkScheme
from ..model import Project
from ..resolve import ResolvedStack
from .common import GeneratedPage, link
from .diagrams import Diagrams
from .layer_page import layer_page
from .order import home_links, layer_sections, menu, stack_order
from .prose import prose_html, prose_inline
from .stack_page import stack_card, stack_page

__all__ = ["Diagrams", "GeneratedPage", "build_pages", "home_links", "links_for", "menu"]


def links_for(page_path: str, *, directory_urls: bool = True, prefix: str = "") -> LinkScheme:
    """Relative links from the page at `page_path` (e.g. "stacks/x.md") to the pages of
    the system whose folder is `prefix` ("" or e.g. "mkdocs-build/"; see systems/)."""
    depth = page_path.count("/")
    if directory_urls and not page_path.endswith("index.md"):
        depth += 1
    return LinkScheme(base="../" * depth, directory_urls=directory_urls, prefix=prefix)


def _stacks_index(
    project: Project,
    ordered: list[ResolvedStack],
    diagrams: Diagrams,
    directory_urls: bool,
    prefix: str,
) -> GeneratedPage:
    page = GeneratedPage(path=f"{prefix}stacks/index.md", title=t("Stacks"))
    links = links_for(page.path, directory_urls=directory_urls, prefix=prefix)
    parts = [f"# {markdown_text(page.title)}\n"]
    if project.summary.strip():  # system.yaml's: what the stacks below follow
        parts.append(page.placeholder(prose_html(project.summary)))
    for resolved in ordered:
        parts.append(page.placeholder(stack_card(resolved, links)))
        parts.append(page.deferred(partial(diagrams.preview, resolved, links)))
    page.markdown = "\n".join(parts) + "\n"
    return page


def _layers_index(
    project: Project, ordered: list[ResolvedStack], directory_urls: bool, prefix: str
) -> GeneratedPage:
    page = GeneratedPage(path=f"{prefix}layers/index.md", title=t("Layers"))
    links = links_for(page.path, directory_urls=directory_urls, prefix=prefix)
    parts = [f"# {markdown_text(page.title)}\n"]
    heads = [html_text(t("Layer")), html_text(t("Kind")), html_text(t("What it does"))]
    for group, members in layer_sections(project, ordered):
        chain = " › ".join(g.title for g in project.group_chain(group.id))
        rows = "".join(
            f"<tr><td>{link(links.layer(x.id), x.title)}</td>"
            f"<td>{html_text(kind_word(x.kind))}</td>"
            f"<td>{prose_inline(x.summary.split(chr(10) + chr(10))[0])}</td></tr>"
            for x in members
        )
        parts.append(
            page.placeholder(
                f"<h2>{html_text(chain)}</h2><table><thead><tr><th>{heads[0]}</th>"
                f"<th>{heads[1]}</th><th>{heads[2]}</th></tr></thead><tbody>{rows}</tbody></table>"
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
    preferred: Sequence[str] = (),
    prefix: str = "",
) -> list[GeneratedPage]:
    """The stacks index, one page per stack, the layers index, one page per layer.

    Stacks are listed in reading order (`order.stack_order`: system.yaml's `stack_order`,
    then `preferred`, e.g. the home page's links, then by id); layers by group in call
    order (`order.layer_sections`). Every path starts with `prefix`, the folder of the
    system in a site of several ("" or e.g. "mkdocs-build/"; see systems/).
    """
    ordered = [stacks[s.id] for s in stack_order(project, preferred) if s.id in stacks]

    def links(path: str) -> LinkScheme:
        return links_for(prefix + path, directory_urls=directory_urls, prefix=prefix)

    pages = [_stacks_index(project, ordered, diagrams, directory_urls, prefix)]
    for resolved in ordered:
        pages.append(
            stack_page(project, resolved, links(f"stacks/{resolved.stack.id}.md"), diagrams)
        )
    pages.append(_layers_index(project, ordered, directory_urls, prefix))
    for layer in project.layers:
        pages.append(layer_page(project, layer, ordered, links(f"layers/{layer.id}.md"), diagrams))
    return pages
