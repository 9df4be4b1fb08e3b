"""A loaded stacks folder with everything rendered from it, cached by content.

The MkDocs plugin, the Markdown extension and the CLI all go through `Site`: it reloads
only when a file's bytes change, and keeps rendered diagrams and pages keyed by the
project's content hash, so a `mkdocs serve` rebuild that changes nothing renders nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import graph
from .diagnostics import Diagnostic
from .escape import html_attr, html_text
from .i18n.localize import untranslated
from .i18n.messages import t, use_language
from .i18n.results import localize_result
from .links import LinkScheme
from .loader import LoadResult, load_project
from .loader.folder import fingerprint as folder_fingerprint
from .model import Layer, Project
from .pages import Diagrams, GeneratedPage, build_pages
from .resolve import ResolvedStack
from .sequence import ViewOptions, render_levels, render_sequence_svg, text_alternative


@dataclass(frozen=True)
class SiteOptions:
    show_returns: bool = False
    cache_dir: str | None = None  # on-disk cache of Graphviz output
    dot_timeout: float = graph.DEFAULT_TIMEOUT
    language: str | None = None  # of prose and stacktour's words (i18n/); None: the default


@dataclass
class Site:
    """One system: a stacks folder, loaded and rendered. `prefix` is its folder in a site
    of several systems ("mkdocs-build/": its pages and links go there; see systems/), ""
    for the stacks folder's own system."""

    stacks_dir: Path
    options: SiteOptions = SiteOptions()
    prefix: str = ""
    _result: LoadResult | None = None  # as the files are now, perhaps with errors
    _good: LoadResult | None = None  # the last result without errors: what is rendered
    _fingerprint: str = ""
    _memo: dict[tuple[object, ...], object] = field(default_factory=dict)
    _untranslated: list[Diagnostic] = field(default_factory=list)

    def load(self) -> LoadResult:
        """The project as it is on disk now; reloaded only when some file changed.

        A result with errors does not replace the last good one, which stays what every
        rendering method draws: under `mkdocs serve` the site keeps its last good state.
        """
        fingerprint = folder_fingerprint(self.stacks_dir)
        if self._result is None or fingerprint != self._fingerprint:
            self._result = load_project(self.stacks_dir, name=self.prefix.rstrip("/") or None)
            self._fingerprint = fingerprint
            if self._result.ok and self._result.project is not None:
                self._untranslated = untranslated(self._result.project, self.language())
                self._good = localize_result(self._result, self.language())
                self._memo = {}
        return self._result

    def language(self) -> str:
        """The build's language: the one asked for, else the project's default."""
        if self.options.language:
            return self.options.language
        project = (self._good or self._result or LoadResult(None, {}, (), ())).project
        return project.languages[0] if project else "en"

    def untranslated(self) -> list[Diagnostic]:
        """Files whose prose lacks the build's language (ST222 warnings; [] for the
        default language, or before a good load)."""
        self.load()
        return list(self._untranslated)

    def good(self) -> LoadResult | None:
        """The last result without errors (None until there is one)."""
        self.load()
        return self._good

    def forget_pages(self) -> None:
        """Drop the pages and diagram HTML made so far (the load stays). A one-off build
        calls it once it holds its pages, so each diagram's HTML is freed once its page
        is written; `mkdocs serve` keeps them for the next rebuild."""
        self._memo = {}

    def _cached(self, key: tuple[object, ...], make: Callable[[], str]) -> str:
        if key not in self._memo:
            with use_language(self.language()):
                self._memo[key] = make()
        value = self._memo[key]
        assert isinstance(value, str)
        return value

    # Diagram HTML, each in a wrapper the page CSS and script recognise.

    def sequence_html(
        self,
        resolved: ResolvedStack,
        links: LinkScheme,
        view: ViewOptions | None = None,
        instance: int = 1,
    ) -> str:
        """`instance` counts the times this same view is on one page: ids of the second and
        later copies get `_2`, `_3`, ..., so no page repeats an id."""
        view = view or ViewOptions(show_returns=self.options.show_returns)
        project = self._project()

        def make() -> str:
            svg = render_sequence_svg(
                resolved,
                project,
                links=links,
                options=view,
                standalone=False,
                id_suffix=_suffix(instance),
            )
            return (
                f'<div class="st-diagram st-sequence" data-stack="{html_attr(resolved.stack.id)}"'
                f" data-search-exclude>{svg}</div>"
            )

        return self._cached(("seq", resolved.stack.id, links, view, instance), make)

    def levels_html(self, resolved: ResolvedStack, links: LinkScheme) -> str:
        """A stack page's diagram at every level of detail, all pre-rendered; the default
        level shown, the others `hidden` until the reader switches (stacktour.js):

            <div class="st-levels" data-default="LEVEL">
              <div class="st-diagram st-sequence" data-stack="ID" data-level="LEVEL"
                   data-level-label="Label">SVG</div>   (one per level, coarse to fine)
            </div>
        """
        project = self._project()
        stacks = self._good_result().stacks

        def make() -> str:
            default, levels = render_levels(
                resolved,
                project,
                links,
                subflows=stacks,
                show_returns=self.options.show_returns,
                line_numbers=True,  # the walkthrough below quotes those lines
            )
            stack_id = html_attr(resolved.stack.id)
            parts = [f'<div class="st-levels" data-default="{html_attr(default)}">']
            for level_id, label, svg in levels:
                hidden = "" if level_id == default else " hidden"
                parts.append(
                    f'<div class="st-diagram st-sequence" data-stack="{stack_id}"'
                    f' data-level="{html_attr(level_id)}" data-level-label="{html_attr(label)}"'
                    f"{hidden} data-search-exclude>{svg}</div>"
                )
            parts.append("</div>")
            return "".join(parts)

        return self._cached(("levels", resolved.stack.id, links), make)

    def preview_html(self, resolved: ResolvedStack, links: LinkScheme) -> str:
        project = self._project()

        def make() -> str:
            svg = render_sequence_svg(resolved, project, links=links, standalone=False)
            return f'<div class="st-preview" data-search-exclude>{svg}</div>'

        return self._cached(("preview", resolved.stack.id, links), make)

    def map_html(
        self,
        scope: graph.MapScope,
        links: LinkScheme,
        highlight: str | None = None,
        instance: int = 1,
    ) -> str:
        """`instance`: as for `sequence_html`."""
        project = self._project()
        result = self._good_result()

        def make() -> str:
            built = graph.build_map(
                project, scope=scope, links=links, highlight=highlight, resolved=result.stacks
            )
            svg = graph.render_map_svg(
                project,
                scope=scope,
                links=links,
                highlight=highlight,
                cache_dir=self.options.cache_dir,
                resolved=result.stacks,
                timeout=self.options.dot_timeout,
                graph_id=scope.graph_id + _suffix(instance),
                built=built,
            )
            legend = graph.legend_html(
                svg, cache_dir=self.options.cache_dir, timeout=self.options.dot_timeout
            )
            # The legend follows the map, outside the part a viewer zooms and scrolls.
            html = f'<div class="st-diagram st-map-wrap" data-search-exclude>{svg}</div>{legend}'
            return html + _left_out_note(built.left_out)

        return self._cached(("map", scope, links, highlight, instance), make)

    def stack_map_html(self, resolved: ResolvedStack, links: LinkScheme) -> str:
        return self.map_html(graph.MapScope.stack(resolved.stack.id), links)

    def layer_map_html(self, layer: Layer, links: LinkScheme) -> str:
        return self.map_html(graph.MapScope.layer(layer.id), links, highlight=layer.id)

    def diagrams(self) -> Diagrams:
        project = self._project()
        return Diagrams(
            sequence=self.levels_html,
            preview=self.preview_html,
            text_alternative=lambda resolved, links: text_alternative(
                resolved, project, links=links
            ),
            stack_map=self.stack_map_html,
            layer_map=self.layer_map_html,
        )

    def pages(
        self, *, directory_urls: bool = True, preferred: tuple[str, ...] = ()
    ) -> list[GeneratedPage]:
        """Every generated page (raises graph.GraphError when `dot` fails); `preferred`:
        stack ids in the order the home page reads them (see pages.build_pages)."""
        key = ("pages", directory_urls, preferred)
        if key not in self._memo:
            result = self._good_result()
            with use_language(self.language()):
                self._memo[key] = build_pages(
                    self._project(),
                    result.stacks,
                    self.diagrams(),
                    directory_urls=directory_urls,
                    preferred=preferred,
                    prefix=self.prefix,
                )
        pages = self._memo[key]
        assert isinstance(pages, list)
        return pages

    def _good_result(self) -> LoadResult:
        if self._good is None:
            raise ValueError("the project has errors; check load().diagnostics first")
        return self._good

    def _project(self) -> Project:
        project = self._good_result().project
        assert project is not None
        return project


def _suffix(instance: int) -> str:
    """`_2`, `_3`, ...: generated ids never hold `_` (ids are lowercase, digits and single
    hyphens), so a copy's ids cannot meet another diagram's (`st-flow-2` is stack `flow-2`)."""
    return "" if instance <= 1 else f"_{instance}"


_SITES: dict[tuple[str, SiteOptions, str], Site] = {}
_LOCK = threading.Lock()


def get_site(stacks_dir: str | Path, options: SiteOptions | None = None, prefix: str = "") -> Site:
    """One Site per folder, options and prefix for the whole process, shared by plugin and
    extension, so their caches survive `mkdocs serve` rebuilds."""
    options = options or SiteOptions()
    key = (str(Path(stacks_dir).resolve()), options, prefix)
    with _LOCK:
        if key not in _SITES:
            _SITES[key] = Site(Path(key[0]), options, prefix)
        return _SITES[key]


def _left_out_note(count: int) -> str:
    """What a stack's map leaves out (see graph.MAX_CONTEXT). Not a link to the map of all
    layers: a site of one system has that map only where an author embeds it."""
    if not count:
        return ""
    if count == 1:
        text = html_text(t("One more layer one call away is not drawn, to keep this map readable."))
    else:
        text = html_text(
            t(
                "{count} more layers one call away are not drawn, to keep this map readable.",
                count=count,
            )
        )
    return f'<p class="st-map-more">{text}</p>'
