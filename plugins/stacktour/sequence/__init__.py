"""Sequence diagrams: a resolved stack becomes a static SVG where every arrow is a link.

Three pure stages, each knowing only the one before it:

    view.build(resolved, project, links, ViewOptions)  -> view.Diagram   (what)
    layout.layout(diagram, LayoutOptions)              -> Geometry       (where)
    svg.write_svg(geometry, css)                       -> str            (how)

Public API (what the CLI, the MkDocs plugin and the Markdown extension call):

- `render_sequence_svg(resolved, project, *, links=None, theme="light", steps=None,
  hide=(), show_returns=False, show_notes=False, standalone=True) -> str`
  The SVG text. `standalone=True` embeds a `<style>` for `theme` ("light"/"dark"),
  a background and the stack title, for files and exports; `standalone=False` gives
  inline SVG for the site, styled by `assets/sequence.css` (Material's palette). `links=None` or a
  `LinkScheme(enabled=False)` gives no `<a>` at all. `steps` is `(a, b)` or `"a-b"`;
  `hide` names layers or groups (items may be comma-separated); `show_notes` draws each
  call's note in a note box beside its arrow (the site leaves it off: its walkthrough
  shows the notes; exports turn it on); `options`, a `ViewOptions`, may replace the four.
  Raises ValueError for a bad step range, theme or hidden id.
- `text_alternative(resolved, project, *, links=None, steps=None, hide=()) -> str`
  The steps as an HTML ordered list (escaped, linked), to place next to the diagram.
- `diagram_geometry(...)` the geometry, for tests and tools (e.g. `check.overlaps`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from ..escape import html_attr, html_text
from ..links import LinkScheme, is_safe_url
from ..model import Project
from ..resolve import ResolvedStack
from .geometry import Geometry
from .layout import LayoutOptions, layout
from .style import THEMES, site_css, standalone_css
from .svg import write_svg
from .view import Diagram, Message, Ref, ViewOptions, build, parse_steps

__all__ = [
    "Diagram",
    "Geometry",
    "ViewOptions",
    "diagram_geometry",
    "diagram_model",
    "parse_steps",
    "render_sequence_svg",
    "site_css",
    "text_alternative",
]

NO_LINKS = LinkScheme(enabled=False)


def _options(
    steps: tuple[int, int] | str | None,
    hide: Sequence[str],
    show_returns: bool,
    show_notes: bool = False,
) -> ViewOptions:
    span = parse_steps(steps) if isinstance(steps, str) else steps
    names = tuple(h.strip() for item in hide for h in item.split(",") if h.strip())
    return ViewOptions(steps=span, hide=names, show_returns=show_returns, show_notes=show_notes)


def diagram_model(
    resolved: ResolvedStack,
    project: Project,
    *,
    links: LinkScheme | None = None,
    steps: tuple[int, int] | str | None = None,
    hide: Sequence[str] = (),
    show_returns: bool = False,
    show_notes: bool = False,
) -> Diagram:
    options = _options(steps, hide, show_returns, show_notes)
    return build(resolved, project, links or NO_LINKS, options)


def diagram_geometry(
    resolved: ResolvedStack,
    project: Project,
    *,
    links: LinkScheme | None = None,
    steps: tuple[int, int] | str | None = None,
    hide: Sequence[str] = (),
    show_returns: bool = False,
    show_notes: bool = False,
    standalone: bool = True,
) -> Geometry:
    diagram = diagram_model(
        resolved,
        project,
        links=links,
        steps=steps,
        hide=hide,
        show_returns=show_returns,
        show_notes=show_notes,
    )
    return layout(diagram, LayoutOptions(heading=standalone))


def render_sequence_svg(
    resolved: ResolvedStack,
    project: Project,
    *,
    links: LinkScheme | None = None,
    theme: str = "light",
    steps: tuple[int, int] | str | None = None,
    hide: Sequence[str] = (),
    show_returns: bool = False,
    show_notes: bool = False,
    standalone: bool = True,
    options: ViewOptions | None = None,
    id_suffix: str = "",
) -> str:
    """The sequence diagram of one stack (or one view of it) as SVG text.

    The view is `steps`/`hide`/`show_returns`/`show_notes`, or `options` when given (it
    wins). Every id in the SVG starts with the view's key; `id_suffix` is added to that
    key, so the same view can appear twice on one page (e.g. `_2`) with no id repeated.
    """
    if theme not in THEMES:
        raise ValueError(f"theme must be one of {', '.join(THEMES)}, not {theme!r}")
    if options is not None:
        steps, hide = options.steps, options.hide
        show_returns, show_notes = options.show_returns, options.show_notes
    geometry = diagram_geometry(
        resolved,
        project,
        links=links,
        steps=steps,
        hide=hide,
        show_returns=show_returns,
        show_notes=show_notes,
        standalone=standalone,
    )
    if id_suffix:
        geometry = dataclasses.replace(geometry, key=geometry.key + id_suffix)
    css = standalone_css(theme) if standalone else None
    return write_svg(geometry, css=css, background=standalone)


def text_alternative(
    resolved: ResolvedStack,
    project: Project,
    *,
    links: LinkScheme | None = None,
    steps: tuple[int, int] | str | None = None,
    hide: Sequence[str] = (),
) -> str:
    """The diagram's steps as an HTML ordered list, numbered as on the diagram."""
    diagram = diagram_model(resolved, project, links=links, steps=steps, hide=hide)
    names = [p.title for p in diagram.participants]
    items: list[str] = []
    for event in diagram.events:
        if isinstance(event, Ref):
            body = f"sub-flow: {_link(event.title, event.href)}"
            if event.step_href:
                body = f"{_link('step ' + str(event.number), event.step_href)}: {body}"
            items.append(f'<li value="{event.number}">{body}</li>')
            continue
        if not isinstance(event, Message) or event.number is None:
            continue
        source = "(hidden caller)" if event.source is None else names[event.source]
        text = f"{source} \u2192 {names[event.target]}: {event.label}"
        if event.sublabel:
            text += f" ({event.sublabel})"
        text += f" [{event.kind}]"
        items.append(f'<li value="{event.number}">{_link(text, event.href)}</li>')
    return f'<ol class="st-seq-steps" aria-label="{html_attr(diagram.title)}: steps">\n' + (
        "\n".join(items) + "\n</ol>\n"
    )


def _link(text: str, href: str | None) -> str:
    if href is None or not is_safe_url(href):
        return html_text(text)
    return f'<a href="{html_attr(href)}">{html_text(text)}</a>'
