"""The system map: layers as Graphviz nodes, clustered by group, calls as edges.

    project + scope --build_map--> MapGraph --to_dot--> DOT --dot (cached)--> SVG
        --finish_svg--> inline or standalone SVG

Everything but running `dot` is a pure function. Adapters (CLI, MkDocs plugin) catch
`GraphError` and show its message; it never needs a traceback.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..diagnostics import Diagnostic
from ..links import LinkScheme
from ..model import Project
from ..resolve import ResolvedStack
from .dotgen import to_dot
from .legend import add_legend, legend_html
from .mapgraph import GraphError, MapGraph, MapScope, build_map
from .run import DEFAULT_TIMEOUT, STATS, DotStats, clear_memory_cache, layout_svg
from .style import stylesheet
from .svg import finish_svg, safe_graph_id

__all__ = [
    "DEFAULT_TIMEOUT",
    "STATS",
    "DotStats",
    "GraphError",
    "MapGraph",
    "MapScope",
    "build_map",
    "clear_memory_cache",
    "error_diagnostic",
    "legend_html",
    "map_dot",
    "render_map_svg",
    "stylesheet",
]


def map_dot(
    project: Project,
    *,
    scope: MapScope | None = None,
    links: LinkScheme | None = None,
    highlight: str | None = None,
    resolved: Mapping[str, ResolvedStack] | None = None,
) -> str:
    """DOT source of a map (the whole site by default). Deterministic."""
    graph = build_map(project, scope=scope, links=links, highlight=highlight, resolved=resolved)
    return to_dot(graph)


def render_map_svg(
    project: Project,
    *,
    scope: MapScope | None = None,
    links: LinkScheme | None = None,
    highlight: str | None = None,
    theme: str | None = None,
    standalone: bool = False,
    cache_dir: str | Path | None = None,
    graph_id: str | None = None,
    resolved: Mapping[str, ResolvedStack] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    built: MapGraph | None = None,
) -> str:
    """SVG of a map.

    `theme=None` gives classes only, styled by assets/map.css on the site; "light" or
    "dark" embeds that theme's colours. `standalone` adds the XML declaration, a theme
    (light unless given) and the legend, for a file of its own. `graph_id` prefixes every
    id (default: from the scope), so give each map on one page its own. `built`: the
    graph of this scope, when the caller has already built it. Raises GraphError.
    """
    scope = scope or MapScope.site()
    graph = built or build_map(
        project, scope=scope, links=links, highlight=highlight, resolved=resolved
    )
    raw = layout_svg(
        to_dot(graph),
        name=scope.name,
        cache_dir=None if cache_dir is None else Path(cache_dir),
        timeout=timeout,
    )
    svg = finish_svg(
        raw,
        graph,
        graph_id=safe_graph_id(graph_id or scope.graph_id),
        theme=theme,
        standalone=standalone,
    )
    # A file has no page around it to hold the legend: it is drawn below the graph.
    return add_legend(svg, cache_dir=cache_dir, timeout=timeout) if standalone else svg


def error_diagnostic(error: GraphError, file: str = "mkdocs.yml") -> Diagnostic:
    """A GraphError as the project's one diagnostic type, for adapters."""
    return Diagnostic(file, 0, 0, error.code, error.message, error.hint)
