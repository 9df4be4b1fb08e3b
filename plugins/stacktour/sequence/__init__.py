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
- `render_levels(resolved, project, links, *, subflows=None, show_returns=False)
  -> (default_id, [(level_id, label, svg), ...])`: every level of detail offered for
  the stack (`levels.py`), for the stack page's level switcher; `stacktour render
  --level` draws one of them.
- `diagram_geometry(...)` the geometry, for tests and tools (e.g. `check.overlaps`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from ..escape import html_attr, html_text
from ..i18n.messages import t
from ..links import LinkScheme, is_safe_url
from ..model import Project
from ..resolve import ResolvedStack, resolve_all
from .geometry import Geometry
from .layout import LayoutOptions, layout
from .levels import LEVEL_IDS, LEVELS, Level, default_level, stack_levels
from .style import THEMES, site_css, standalone_css
from .svg import write_svg
from .view import Diagram, Message, Ref, ViewOptions, build, parse_steps

__all__ = [
    "Diagram",
    "Geometry",
    "LEVELS",
    "LEVEL_IDS",
    "Level",
    "ViewOptions",
    "diagram_geometry",
    "diagram_model",
    "parse_steps",
    "render_levels",
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


def _subflows(
    project: Project, options: ViewOptions, subflows: Mapping[str, ResolvedStack] | None
) -> Mapping[str, ResolvedStack] | None:
    """What an expanding view expands: the given stacks, or every stack resolved now."""
    if not options.expand or subflows is not None:
        return subflows
    return resolve_all(project)[0]


def diagram_model(
    resolved: ResolvedStack,
    project: Project,
    *,
    links: LinkScheme | None = None,
    steps: tuple[int, int] | str | None = None,
    hide: Sequence[str] = (),
    show_returns: bool = False,
    show_notes: bool = False,
    options: ViewOptions | None = None,
    subflows: Mapping[str, ResolvedStack] | None = None,
) -> Diagram:
    """The diagram model of a view (`options`, when given, replaces the four before)."""
    if options is None:
        options = _options(steps, hide, show_returns, show_notes)
    expand = _subflows(project, options, subflows)
    return build(resolved, project, links or NO_LINKS, options, expand)


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
    options: ViewOptions | None = None,
    subflows: Mapping[str, ResolvedStack] | None = None,
) -> Geometry:
    diagram = diagram_model(
        resolved,
        project,
        links=links,
        steps=steps,
        hide=hide,
        show_returns=show_returns,
        show_notes=show_notes,
        options=options,
        subflows=subflows,
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
    subflows: Mapping[str, ResolvedStack] | None = None,
    id_suffix: str = "",
) -> str:
    """The sequence diagram of one stack (or one view of it) as SVG text.

    The view is `steps`/`hide`/`show_returns`/`show_notes`, or `options` when given (it
    wins). An expanding view (`options.expand`) expands the sub-flows in `subflows`
    (stack id -> resolved stack), or resolves the project's stacks when it is None.
    Every id in the SVG starts with the view's key; `id_suffix` is added to that key, so
    the same view can appear twice on one page (e.g. `_2`) with no id repeated.
    """
    if theme not in THEMES:
        raise ValueError(f"theme must be one of {', '.join(THEMES)}, not {theme!r}")
    diagram = diagram_model(
        resolved,
        project,
        links=links,
        steps=steps,
        hide=hide,
        show_returns=show_returns,
        show_notes=show_notes,
        options=options,
        subflows=subflows,
    )
    return _svg(diagram, theme, standalone, id_suffix)


def _svg(diagram: Diagram, theme: str, standalone: bool, id_suffix: str = "") -> str:
    geometry = layout(diagram, LayoutOptions(heading=standalone))
    if id_suffix:
        geometry = dataclasses.replace(geometry, key=geometry.key + id_suffix)
    css = standalone_css(theme) if standalone else None
    return write_svg(geometry, css=css, background=standalone)


def render_levels(
    resolved: ResolvedStack,
    project: Project,
    links: LinkScheme | None = None,
    *,
    subflows: Mapping[str, ResolvedStack] | None = None,
    show_returns: bool = False,
    line_numbers: bool = False,
    theme: str = "light",
    standalone: bool = False,
) -> tuple[str, list[tuple[str, str, str]]]:
    """Every level of detail offered for a stack, pre-rendered: `(default level id,
    [(level id, label, SVG), ...])`, coarse to fine (see `levels.py`).

    The SVGs are inline ones for the site unless `standalone`; each has its own id
    prefix (`st-<stack>-<level>`), so all of them can sit on one page. `subflows` as in
    `render_sequence_svg` (None: the project's stacks, resolved now); `line_numbers`
    puts each arrow's call line beside its label.
    """
    if theme not in THEMES:
        raise ValueError(f"theme must be one of {', '.join(THEMES)}, not {theme!r}")
    expand = subflows if subflows is not None else resolve_all(project)[0]
    offered = stack_levels(
        resolved,
        project,
        links or NO_LINKS,
        expand,
        show_returns=show_returns,
        line_numbers=line_numbers,
    )
    rendered = [(lv.id, t(lv.label), _svg(d, theme, standalone)) for lv, d in offered]
    return default_level(resolved, [r[0] for r in rendered]), rendered


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
        source = t("(hidden caller)") if event.source is None else names[event.source]
        text = f"{source} \u2192 {names[event.target]}: {event.label}"
        if event.sublabel:
            text += f" ({event.sublabel})"
        text += f" [{event.kind}]"
        items.append(f'<li value="{event.number}">{_link(text, event.href)}</li>')
    label = t("{title}: steps", title=diagram.title)
    return f'<ol class="st-seq-steps" aria-label="{html_attr(label)}">\n' + (
        "\n".join(items) + "\n</ol>\n"
    )


def _link(text: str, href: str | None) -> str:
    if href is None or not is_safe_url(href):
        return html_text(text)
    return f'<a href="{html_attr(href)}">{html_text(text)}</a>'
