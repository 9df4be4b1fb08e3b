"""Every file `stacktour generate` writes, computed before anything is written.

For a site configured by mkdocs.yml:

- one stub per generated page, at the page's path in the docs folder (`stub.py`);
- the stylesheets and the script, in `assets/stacktour/` of the docs folder, as the
  plugin serves them;
- the builder config (`mkdocs.zensical.yml` beside mkdocs.yml): it inherits mkdocs.yml
  and adds what the plugin adds at build time: the Markdown extension with the plugin's
  options, the stacks folder to watch, the assets, the extensions the pages need, and,
  when `nav:` is explicit, the menu sections of the generated pages.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Literal

import yaml

from ..assetfiles import ASSET_DIR, ASSETS, asset_bytes
from ..diagnostics import Diagnostic
from ..i18n.messages import t, use_language
from ..pages import Diagrams, GeneratedPage, build_pages, home_links
from ..pages.overview import overview_path
from ..site import SiteOptions
from ..systems import SiteSystems, get_systems
from .options import SiteConfig, home_text, nav_paths
from .stub import stub_text

DEFAULT_CONFIG_NAME = "mkdocs.zensical.yml"
CONFIG_HEADER = "# Written by `stacktour generate`"
# What the plugin adds to `markdown_extensions` when missing (see plugin.on_config).
NEEDED_EXTENSIONS = ("attr_list", "toc", "pymdownx.highlight", "pymdownx.superfences")

Kind = Literal["stub", "asset", "config"]


@dataclass(frozen=True)
class Output:
    path: Path  # absolute
    data: bytes
    kind: Kind


@dataclass(frozen=True)
class Plan:
    """The files to write, or the problems that stop `generate` (then no files)."""

    outputs: tuple[Output, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    pages: int = 0

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


def stacktour_version() -> str:
    try:
        return version("stacktour")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree
        return "unknown"


def site_for(config: SiteConfig) -> SiteSystems:
    """The site's systems with the plugin's options, as the Markdown extension will load
    them at render time (same folder, same options: one cache). The build's language is
    the plugin's `language`, else `theme.language`, else the project's default."""
    options = config.plugin
    return get_systems(
        config.stacks_dir,
        SiteOptions(
            show_returns=options.show_returns,
            cache_dir=str((config.root / options.cache_dir).resolve()),
            dot_timeout=options.dot_timeout,
            language=config.language,
        ),
    )


def plan(config: SiteConfig, config_name: str = DEFAULT_CONFIG_NAME, *, draw: bool = True) -> Plan:
    """Every file `generate` writes for this site, or the diagnostics that prevent it.

    Loads the stacks and, with `draw`, renders every page as the builder will (so a `dot`
    failure stops here, as it stops a MkDocs build); without, only lays the pages out
    (fast: what `--watch` needs, the builder draws them anyway). Then lays out stubs,
    assets and the builder config.
    """
    from ..graph import GraphError

    systems = site_for(config)
    result = systems.load()
    if not result.ok:
        return Plan(diagnostics=result.diagnostics)
    home = home_text(config.docs_dir)
    try:
        if draw:
            pages = systems.pages(directory_urls=config.use_directory_urls, home=home)
        else:
            pages = _layout_only(systems, config.use_directory_urls, home)
    except GraphError as exc:
        shown = _relative(config.stacks_dir, Path.cwd())
        problem = Diagnostic(shown, 1, 1, exc.code, str(exc), getattr(exc, "hint", ""))
        return Plan(diagnostics=(*result.diagnostics, problem))
    stamp = f"stacktour {stacktour_version()}"
    outputs = [
        Output(
            config.docs_dir / page.path,
            stub_text(page.path, _source(config, page), stamp).encode(),
            "stub",
        )
        for page in pages
    ]
    outputs += [
        Output(config.docs_dir / ASSET_DIR / name, asset_bytes(name, _language(systems)), "asset")
        for name in ASSETS
    ]
    outputs.append(
        Output(
            config.root / config_name,
            builder_config(config, systems, home, config_name).encode(),
            "config",
        )
    )
    return Plan(tuple(outputs), result.diagnostics, len(pages))


def _layout_only(systems: SiteSystems, directory_urls: bool, home: str) -> list[GeneratedPage]:
    """The paths and sources of every system's pages, as SiteSystems.pages makes them,
    with blank diagrams: no `dot` run."""
    blank = Diagrams(*(lambda *_: "",) * 5)
    several = systems.several
    pages: list[GeneratedPage] = []
    for site, good in systems.good():
        assert good.project is not None
        with use_language(site.language()):
            made = build_pages(
                good.project,
                good.stacks,
                blank,
                directory_urls=directory_urls,
                preferred=home_links(home, site.prefix),
                prefix=site.prefix,
            )
        if several:  # the overview stands where the stacks index was (systems/)
            index = f"{site.prefix}stacks/index.md"
            made = [p for p in made if p.path != index]
            made.append(GeneratedPage(overview_path(site.prefix), systems.title(site)))
        pages += made
    return pages


def _language(systems: SiteSystems) -> str:
    """The build's language: the stacks folder's own system's (as the plugin's)."""
    sites = systems.sites()
    return sites[0].language() if sites else "en"


def _relative(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return Path(os.path.relpath(path.resolve(), base.resolve())).as_posix()


def _source(config: SiteConfig, page: GeneratedPage) -> str:
    """The YAML file a page is made from, relative to mkdocs.yml (for the stub's comment)."""
    return _relative(Path(page.source_file), config.root) if page.source_file else ""


def builder_config(
    config: SiteConfig,
    systems: SiteSystems,
    home: str = "",
    config_name: str = DEFAULT_CONFIG_NAME,
) -> str:
    """The YAML of the builder config: mkdocs.yml plus what the plugin would add.

    Zensical merges it over mkdocs.yml (INHERIT): mappings key by key, and lists
    appended, so every list here holds only additions.
    """
    options = config.plugin
    extension: dict[str, Any] = {
        "stacks_dir": options.stacks_dir,
        "show_returns": options.show_returns,
        "cache_dir": options.cache_dir,
        "dot_timeout": options.dot_timeout,
    }
    if config.language:
        extension["language"] = config.language
    extensions: list[Any] = [{"stacktour": extension}]
    extensions += [name for name in NEEDED_EXTENSIONS if name not in config.extensions]
    data: dict[str, Any] = {
        "INHERIT": config.file.name,
        "watch": [options.stacks_dir],
        "markdown_extensions": extensions,
        "extra_css": [f"{ASSET_DIR}/{n}" for n in ASSETS if n.endswith(".css")],
        "extra_javascript": [f"{ASSET_DIR}/{n}" for n in ASSETS if n.endswith(".js")],
    }
    if config.nav is not None and systems.good():
        # The sections the plugin appends to an explicit `nav:` (plugin._nav_entries).
        with use_language(_language(systems)):
            data["nav"] = systems.menu(
                home=home,
                stacks_title=options.nav_title or t("Stacks"),
                layers_title=options.layers_nav_title or t("Layers"),
                listed=nav_paths(config.nav),
            )
    body = yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )
    return (
        f"{CONFIG_HEADER} from {config.file.name} for builders without the stacktour\n"
        f"# MkDocs plugin: zensical build -f {config_name}\n"
        f"# Do not edit: change {config.file.name}, then run `stacktour generate` again.\n" + body
    )
