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
from ..pages import Diagrams, GeneratedPage, build_pages, menu
from ..site import Site, SiteOptions, get_site
from .options import SiteConfig, home_order, nav_paths
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


def site_for(config: SiteConfig) -> Site:
    """The loaded stacks with the plugin's options, as the Markdown extension will load
    them at render time (same folder, same options: one cache)."""
    options = config.plugin
    return get_site(
        config.stacks_dir,
        SiteOptions(
            show_returns=options.show_returns,
            cache_dir=str((config.root / options.cache_dir).resolve()),
            dot_timeout=options.dot_timeout,
        ),
    )


def plan(
    config: SiteConfig, config_name: str = DEFAULT_CONFIG_NAME, *, draw: bool = True
) -> Plan:
    """Every file `generate` writes for this site, or the diagnostics that prevent it.

    Loads the stacks and, with `draw`, renders every page as the builder will (so a `dot`
    failure stops here, as it stops a MkDocs build); without, only lays the pages out
    (fast: what `--watch` needs, the builder draws them anyway). Then lays out stubs,
    assets and the builder config.
    """
    from ..graph import GraphError

    site = site_for(config)
    result = site.load()
    if not result.ok or result.project is None:
        return Plan(diagnostics=result.diagnostics)
    preferred = home_order(config.docs_dir)
    try:
        if draw:
            pages = site.pages(directory_urls=config.use_directory_urls, preferred=preferred)
        else:
            blank = Diagrams(*(lambda *_: "",) * 5)
            pages = build_pages(
                result.project,
                result.stacks,
                blank,
                directory_urls=config.use_directory_urls,
                preferred=preferred,
            )
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
        Output(config.docs_dir / ASSET_DIR / name, asset_bytes(name), "asset") for name in ASSETS
    ]
    outputs.append(
        Output(
            config.root / config_name,
            builder_config(config, site, preferred, config_name).encode(),
            "config",
        )
    )
    return Plan(tuple(outputs), result.diagnostics, len(pages))


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
    site: Site,
    preferred: tuple[str, ...] = (),
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
    extensions: list[Any] = [{"stacktour": extension}]
    extensions += [name for name in NEEDED_EXTENSIONS if name not in config.extensions]
    data: dict[str, Any] = {
        "INHERIT": config.file.name,
        "watch": [options.stacks_dir],
        "markdown_extensions": extensions,
        "extra_css": [f"{ASSET_DIR}/{n}" for n in ASSETS if n.endswith(".css")],
        "extra_javascript": [f"{ASSET_DIR}/{n}" for n in ASSETS if n.endswith(".js")],
    }
    good = site.good()
    if config.nav is not None and good is not None and good.project is not None:
        # The sections the plugin appends to an explicit `nav:` (plugin._nav_entries).
        data["nav"] = menu(
            good.project,
            good.stacks,
            preferred,
            stacks_title=options.nav_title,
            layers_title=options.layers_nav_title,
            listed=nav_paths(config.nav),
        )
    body = yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )
    return (
        f"{CONFIG_HEADER} from {config.file.name} for builders without the stacktour\n"
        f"# MkDocs plugin: zensical build -f {config_name}\n"
        f"# Do not edit: change {config.file.name}, then run `stacktour generate` again.\n"
        + body
    )
