"""A site of several systems: one `Site` per system, and what spans them.

Each system is a stacks folder of its own (see `folders.py`), loaded on its own: ids are
per system, so the same layer id may exist in two systems, and a layer of one never
appears in another's map. In a site of one system nothing changes: the same pages at the
same paths, the same menu. In a site of several, each system gets

- its pages under its folder (`mkdocs-build/stacks/ID.md`; the stacks folder's own
  system keeps `stacks/ID.md`),
- an overview with its summary, stacks and map, in place of the Stacks page
  (`pages/overview.py`),
- a menu section of its own: Overview, Stacks, Layers.

The MkDocs plugin, the Markdown extension, `stacktour generate` and the CLI all go through
`SiteSystems`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .. import graph
from ..diagnostics import Diagnostic
from ..escape import html_attr
from ..i18n.messages import t, use_language
from ..links import LinkScheme
from ..loader import LoadResult
from ..pages import GeneratedPage, home_links, links_for, menu
from ..pages.order import stack_order
from ..pages.overview import (
    SystemEntry,
    overview_page,
    overview_path,
    system_title,
    systems_list_html,
)
from ..site import Site, SiteOptions, get_site
from .folders import SystemFolder, find_systems
from .load import LoadedSystem, SystemChoiceError, id_clashes, load_systems, pick_system

__all__ = [
    "LoadedSystem",
    "SiteSystems",
    "SystemChoiceError",
    "SystemFolder",
    "SystemsResult",
    "get_systems",
    "load_systems",
    "pick_system",
]


@dataclass(frozen=True)
class SystemsResult:
    """Every system's load, together: what the adapters report and watch."""

    results: tuple[tuple[Site, LoadResult], ...]
    problems: tuple[Diagnostic, ...]  # about the systems themselves (folders, ids)

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.problems) and all(r.ok for _, r in self.results)

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        found = [*self.problems, *(d for _, r in self.results for d in r.diagnostics)]
        return tuple(sorted(set(found)))

    @property
    def files(self) -> tuple[str, ...]:
        return tuple(f for _, r in self.results for f in r.files)


@dataclass
class SiteSystems:
    """The systems of one stacks folder, rediscovered on every `load()` (a folder system
    added under `mkdocs serve` appears at the next rebuild)."""

    stacks_dir: Path
    options: SiteOptions = SiteOptions()
    _sites: tuple[Site, ...] = ()
    _names: dict[int, str] = field(default_factory=dict)  # id(site) -> folder name
    _memo: dict[tuple[object, ...], object] = field(default_factory=dict)

    def load(self) -> SystemsResult:
        folders, problems = find_systems(self.stacks_dir)
        self._sites = tuple(get_site(f.folder, self.options, f.prefix) for f in folders)
        self._names = {id(s): f.name for s, f in zip(self._sites, folders, strict=True)}
        results = tuple((site, site.load()) for site in self._sites)
        loaded = [LoadedSystem(self._folder(s), r) for s, r in results]
        return SystemsResult(results, problems + id_clashes(loaded))

    def forget_pages(self) -> None:
        """`Site.forget_pages` for every system, and the overview pages."""
        self._memo = {}
        for site in self._sites:
            site.forget_pages()

    def sites(self) -> tuple[Site, ...]:
        """Every system, the stacks folder's own first, then by folder name."""
        if not self._sites:
            self.load()
        return self._sites

    @property
    def several(self) -> bool:
        return len(self.sites()) > 1

    def good(self) -> list[tuple[Site, LoadResult]]:
        """The systems that have loaded without errors at least once, with their last
        good result (what is rendered)."""
        found = []
        for site in self.sites():
            good = site.good()
            if good is not None and good.project is not None:
                found.append((site, good))
        return found

    def name(self, site: Site) -> str:
        """The id that names `site`: its folder's name, or its system.yaml `id`."""
        good = site.good()
        project = good.project if good else None
        return self._names.get(id(site)) or (project.system_id if project else "")

    def title(self, site: Site, default: str = "Stacks") -> str:
        good = site.good()
        project = good.project if good else None
        if project is None:
            return self._names.get(id(site)) or default
        return system_title(project, self._names.get(id(site), ""), default)

    def site(self, system_id: str | None) -> Site:
        """The system named `system_id`; without one, the only system, or the stacks
        folder's own when it holds one. SystemChoiceError otherwise."""
        sites = self.sites()
        loaded = [LoadedSystem(self._folder(s), s.good() or s.load()) for s in sites]
        return sites[loaded.index(pick_system(loaded, system_id))]

    def _folder(self, site: Site) -> SystemFolder:
        return SystemFolder(self._names.get(id(site), ""), site.stacks_dir)

    # Pages, menu and the list of systems.

    def pages(self, *, directory_urls: bool = True, home: str = "") -> list[GeneratedPage]:
        """Every generated page of every system with a good load (raises graph.GraphError
        when `dot` fails). `home`: the home page's Markdown, whose links to stacks set
        their reading order (pages.order). A site of one system: exactly `Site.pages`."""
        pages: list[GeneratedPage] = []
        several = self.several
        for site, good in self.good():
            preferred = home_links(home, site.prefix)
            generated = site.pages(directory_urls=directory_urls, preferred=preferred)
            if not several:
                pages += generated
                continue
            index = f"{site.prefix}stacks/index.md"
            pages += [p for p in generated if p.path != index]
            pages.append(self._overview(site, good, directory_urls, preferred))
        return pages

    def _overview(
        self, site: Site, good: LoadResult, directory_urls: bool, preferred: tuple[str, ...]
    ) -> GeneratedPage:
        title = self.title(site)
        key = (site.prefix, title, directory_urls, preferred)
        cached = self._memo.get(key)
        if not (isinstance(cached, tuple) and cached[0] is good):  # made from this load
            project = good.project
            assert project is not None
            ordered = [good.stacks[s.id] for s in stack_order(project, preferred)]
            path = overview_path(site.prefix)
            links = links_for(path, directory_urls=directory_urls, prefix=site.prefix)
            with use_language(site.language()):  # its words, as the other pages
                self._memo[key] = (
                    good,
                    overview_page(
                        project,
                        ordered,
                        site.diagrams(),
                        lambda scheme: site.map_html(graph.MapScope.site(), scheme),
                        links,
                        title,
                    ),
                )
        page = self._memo[key][1]  # type: ignore[index]
        assert isinstance(page, GeneratedPage)
        return page

    def menu(
        self,
        *,
        home: str = "",
        stacks_title: str = "Stacks",
        layers_title: str = "Layers",
        listed: frozenset[str] = frozenset(),
    ) -> list[dict[str, Any]]:
        """The generated pages as nav sections (see pages.order.menu). A site of several
        systems has one section per system, titled by the system:

            [{"Azure Functions": [{"Overview": "stacks/index.md"}, {"Stacks": [...]},
                                  {"Layers": [...]}]},
             {"MkDocs build": [{"Overview": "mkdocs-build/index.md"}, ...]}]
        """
        sections: list[dict[str, Any]] = []
        for site, good in self.good():
            assert good.project is not None
            items = menu(
                good.project,
                good.stacks,
                home_links(home, site.prefix),
                stacks_title=stacks_title,
                layers_title=layers_title,
                listed=listed,
                prefix=site.prefix,
            )
            if not self.several:
                sections += items
                continue
            index = f"{site.prefix}stacks/index.md"
            items = [
                {title: [x for x in pages if x != index]}
                for entry in items
                for title, pages in entry.items()
            ]
            overview = overview_path(site.prefix)
            head = [] if overview in listed else [{t("Overview"): overview}]
            kept = head + [x for x in items if next(iter(x.values()))]
            if kept:
                # Material prints nav titles as HTML: a system's title is escaped.
                sections.append({html_attr(self.title(site, stacks_title)): kept})
        return sections

    def systems_html(self, links: LinkScheme) -> str:
        """The list of systems, linked with `links` (those of the page it is on)."""
        entries = []
        for site, good in self.good():
            project = good.project
            assert project is not None
            entries.append(
                SystemEntry(
                    title=self.title(site),
                    summary=project.summary,
                    stacks=len(project.stacks),
                    layers=len(project.layers),
                    links=replace(links, prefix=site.prefix),
                )
            )
        return systems_list_html(entries)


_SYSTEMS: dict[tuple[str, SiteOptions], SiteSystems] = {}
_LOCK = threading.Lock()


def get_systems(stacks_dir: str | Path, options: SiteOptions | None = None) -> SiteSystems:
    """One SiteSystems per stacks folder and options for the whole process, shared by the
    plugin and the extension (their Sites, and caches, are shared through `get_site`)."""
    options = options or SiteOptions()
    key = (str(Path(stacks_dir).resolve()), options)
    with _LOCK:
        if key not in _SYSTEMS:
            _SYSTEMS[key] = SiteSystems(Path(key[0]), options)
        return _SYSTEMS[key]
