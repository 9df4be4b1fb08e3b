"""The MkDocs adapter: wires MkDocs events to the core and holds no logic of its own.

- on_config: load and check every stack (before MkDocs empties `site/`, so a broken file
  under `mkdocs serve` leaves the last good site served), add watch paths, assets, the
  Markdown extension, and nav entries when `nav:` is explicit.
- on_files: add the generated pages and assets as `File.generated`.
- on_page_content / on_post_page: swap placeholders for HTML (searchable text first,
  diagrams after the search plugin has read the page).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from . import graph
from .assetfiles import ASSET_DIR, ASSETS, asset_bytes
from .diagnostics import Diagnostic, format_text
from .i18n.messages import t, use_language
from .markdown_ext import StacktourExtension
from .pages import GeneratedPage
from .site import SiteOptions
from .standalone.stub import is_stub_file
from .systems import SiteSystems, get_systems
from .theme import harden

log = get_plugin_logger(__name__)

_PLACEHOLDER = re.compile(r"<p>(STACKTOURX[0-9A-F]{16})</p>")
# Where a late fragment goes, between the two swaps: an empty element, so the search
# index (built in between) holds no placeholder text.
_LATE = re.compile(r'<div data-stacktour-late="(STACKTOURX[0-9A-F]{16})"></div>')


class _Seconds(c.BaseConfigOption[float]):
    """A positive number of seconds, written as an integer or a decimal (`3` or `2.5`)."""

    def __init__(self, default: float) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValidationError(f"expected a number of seconds, not {type(value).__name__}")
        if not 0 < value <= 24 * 3600:
            raise ValidationError(f"expected a number of seconds above 0, not {value}")
        return float(value)


class StacktourConfig(Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off (e.g. for a quick build of the hand-written pages)."""
    stacks_dir = c.Type(str, default="stacks")
    """The folder of layer and stack files, relative to mkdocs.yml."""
    nav_title = c.Optional(c.Type(str))
    """Title of the nav section holding the generated pages (default: "Stacks", in the
    build's language)."""
    layers_nav_title = c.Optional(c.Type(str))
    """Title of the nav section listing every layer (default: "Layers", translated)."""
    language = c.Optional(c.Type(str))
    """Language of this build: its prose and stacktour's own words, e.g. `zh` (default:
    `theme.language`). Prose without that language shows the project's default."""
    untranslated = c.Choice(("warn", "info"), default="warn")
    """Prose without the build's language is listed as a warning (`--strict` then requires
    a complete translation) or, with `info`, only as information."""
    show_returns = c.Type(bool, default=False)
    """Draw dashed return arrows in sequence diagrams."""
    cache_dir = c.Type(str, default=".cache/stacktour")
    """Where Graphviz output is cached, relative to mkdocs.yml."""
    dot_timeout = _Seconds(default=graph.DEFAULT_TIMEOUT)
    """Seconds before a `dot` run is stopped."""
    sources = c.Type(dict, default={})
    """Repository id -> where its code can be read, relative to mkdocs.yml: a clone (bare
    or not; read at each frame's commit, never its working tree) or a folder of files at
    the pinned version. The build then runs `stacktour check`: a frame that differs from
    its source is a warning (so `--strict` fails). A folder that does not exist is
    skipped, so builds without the clones (CI, readers) still work."""
    source_roots = c.Deprecated(moved_to="sources")


class StacktourPlugin(BasePlugin[StacktourConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.systems: SiteSystems | None = None
        self.generated: dict[str, GeneratedPage] = {}
        self.extension = StacktourExtension()
        self.is_serve = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across `serve` rebuilds (MkDocs 1.4+),
        # and with it every cache.
        self.is_serve = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        base = Path(config.config_file_path or ".").resolve().parent
        stacks_dir = (base / self.config.stacks_dir).resolve()
        options = SiteOptions(
            show_returns=self.config.show_returns,
            cache_dir=str((base / self.config.cache_dir).resolve()),
            dot_timeout=self.config.dot_timeout,
            language=self.config.language or config.theme.get("language") or None,
        )
        self.systems = get_systems(stacks_dir, options)
        result = self.systems.load()
        if not result.ok:
            report = "stacktour: the stacks have errors:\n" + format_text(result.diagnostics)
            if not (self.is_serve and self.systems.good()):
                raise PluginError(report)
            # Under `serve`, a failed build would stall the server until the file is fixed;
            # keep serving the last good pages instead, and say why they did not change.
            # (Printed, not logged: a logged warning would abort a strict build.)
            print(
                f"ERROR   -  {report}\n           Serving the last good version.", file=sys.stderr
            )
            found = [d for _, good in self.systems.good() for d in good.diagnostics]
            warnings = [d for d in found if not d.is_error]
        else:
            warnings = list(result.diagnostics)
        warnings += self._check_sources(base)
        untranslated = [d for site in self.systems.sites() for d in site.untranslated()]
        if self.config.untranslated == "warn":
            warnings += untranslated
        else:
            for d in untranslated:
                log.info(d.format())
        if warnings and config.strict and not self.is_serve:
            # --strict would fail at the end, after writing a whole new site; fail now,
            # before MkDocs empties site/, so the last good site stays.
            raise PluginError("stacktour: warnings in strict mode:\n" + format_text(warnings))
        for d in warnings:
            log.warning(d.format())
        try:
            pages = self.systems.pages(
                directory_urls=config.use_directory_urls, home=_home_text(config)
            )
        except graph.GraphError as exc:
            raise PluginError(f"stacktour: {exc}") from None
        self.generated = {page.path: page for page in pages}
        if not self.is_serve:
            # A build runs once: the pages are ours alone now, and each page's fragments
            # are dropped once inserted (a site of 500 stacks holds gigabytes otherwise).
            self.systems.forget_pages()

        # Watch the folder and every file loaded from it, as absolute paths.
        for watched in (str(stacks_dir), *result.files):
            if watched not in config.watch:
                config.watch.append(watched)

        for name in reversed(ASSETS):
            path = f"{ASSET_DIR}/{name}"
            target = config.extra_javascript if name.endswith(".js") else config.extra_css
            if path not in [str(x) for x in target]:
                target.insert(0, path)

        self.extension.configure(systems=self.systems)
        config.markdown_extensions.append(self.extension)
        for needed in ("attr_list", "toc", "pymdownx.highlight", "pymdownx.superfences"):
            if needed not in config.markdown_extensions:
                config.markdown_extensions.append(needed)

        if config.nav is not None:
            config.nav = [*config.nav, *self._nav_entries(config.nav, _home_text(config))]
        return config

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        # Page titles, nav and TOC entries are HTML text; make the theme's `striptags`
        # (which decodes it back into markup) safe for them. See theme.py.
        harden(env)
        return env

    def _check_sources(self, base: Path) -> list[Diagnostic]:
        """`stacktour check` against the configured sources (none configured: []), in every
        system that names the repository."""
        if not self.config.sources or self.systems is None:
            return []
        systems = [good.project for _, good in self.systems.good() if good.project]
        if not systems:
            return []
        from .sources import SourceError, SourceSet, check

        folders: dict[str, Path] = {}
        for repo, folder in self.config.sources.items():
            path = (base / str(folder)).resolve()
            if not path.is_dir():
                log.info(f"stacktour: sources: {repo}: {path} is not here; not checked")
                continue
            folders[str(repo)] = path
        unknown = sorted(set(folders) - {r.id for p in systems for r in p.repos})
        if unknown:
            raise PluginError(f"stacktour: sources: unknown repository id(s): {', '.join(unknown)}")
        problems: list[Diagnostic] = []
        compared = 0
        for project in systems:
            known = {r.id for r in project.repos}
            mine = {repo: path for repo, path in folders.items() if repo in known}
            if not mine:
                continue
            try:
                with SourceSet.open(mine) as files:
                    report = check(project, files)
            except SourceError as exc:
                raise PluginError(f"stacktour: sources: {exc}") from None
            compared += len(report.plans)
            problems += report.problems
        log.info(f"stacktour: {compared} frame(s) compared with their sources")
        return problems

    def _nav_entries(self, nav: list[Any], home: str) -> list[dict[str, Any]]:
        """The generated pages for an explicit `nav:`, minus those the author lists."""
        if self.systems is None:
            return []
        with use_language(self._language()):
            return self.systems.menu(
                home=home,
                stacks_title=self.config.nav_title or t("Stacks"),
                layers_title=self.config.layers_nav_title or t("Layers"),
                listed=frozenset(_nav_paths(nav)),
            )

    def _language(self) -> str:
        """The build's language (i18n/): the stacks folder's own system's."""
        sites = self.systems.sites() if self.systems is not None else ()
        return sites[0].language() if sites else "en"

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.systems is None:
            return files
        # Stubs that `stacktour generate` wrote for builds without this plugin: the plugin
        # makes those pages itself (stale stubs included, they go).
        for file in [f for f in files if f.is_documentation_page() and f.abs_src_path]:
            if is_stub_file(Path(str(file.abs_src_path))):
                files.remove(file)
        if self.systems.several:
            # A system folder named like a folder of docs/ (`guide`) would put its overview
            # over a hand-written page; say so rather than lose the page. (A site of one
            # system keeps its old behaviour.)
            taken = sorted(p for p in self.generated if files.get_file_from_path(p) is not None)
            if taken:
                raise PluginError(
                    "stacktour: docs/ has pages where the systems' pages go: "
                    + ", ".join(taken)
                    + " (rename the system's folder, or move the page)"
                )
        for page in self.generated.values():
            file = File.generated(config, page.path, content=page.markdown)
            if page.source_file:
                # "Edit this page" opens the YAML the page is generated from.
                docs = Path(config.docs_dir).resolve()
                yaml_path = Path(page.source_file).resolve()
                file.edit_uri = quote(Path(os.path.relpath(yaml_path, docs)).as_posix())
            files.append(file)
        for name in ASSETS:
            content = asset_bytes(name, self._language())
            copy = files.get_file_from_path(f"{ASSET_DIR}/{name}")
            if copy is not None:  # written by `stacktour generate`; this one is the build's
                files.remove(copy)
            files.append(File.generated(config, f"{ASSET_DIR}/{name}", content=content))
        return files

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        self.extension.set_page(page.file.src_uri, directory_urls=config.use_directory_urls)
        return markdown

    @event_priority(-50)
    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        generated = self.generated.get(page.file.src_uri)
        if generated is None:
            return html
        # One pass: a fragment's own text is never scanned for tokens, so prose that
        # spells a token (they are predictable) cannot place a second copy of a diagram.
        html = _PLACEHOLDER.sub(
            lambda m: (
                f'<div data-stacktour-late="{m.group(1)}"></div>'
                if m.group(1) in generated.late
                else generated.html.get(m.group(1), m.group(0))
            ),
            html,
        )
        if not self.is_serve:
            generated.html.clear()
        return html

    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        generated = self.generated.get(page.file.src_uri)
        if generated is None:
            return output
        output = _LATE.sub(lambda m: _or_token(generated.late_html(m.group(1)), m), output)
        if not self.is_serve and self.systems is not None:
            generated.late.clear()
            self.systems.forget_pages()  # the diagrams just made, kept by their Site
        return output


def _nav_paths(nav: Any) -> list[str]:
    """Every page path in a `nav:` value (strings, lists, one-key mappings)."""
    if isinstance(nav, str):
        return [nav.removeprefix("./")]
    if isinstance(nav, dict):
        return [p for value in nav.values() for p in _nav_paths(value)]
    if isinstance(nav, list):
        return [p for item in nav for p in _nav_paths(item)]
    return []


def _home_text(config: MkDocsConfig) -> str:
    """The home page's Markdown (docs/index.md or README.md), whose links to stacks give
    their reading order (pages.order.home_links); "" without one."""
    for name in ("index.md", "README.md"):
        home = Path(config.docs_dir) / name
        if home.is_file():
            return home.read_text(encoding="utf-8", errors="replace")
    return ""


def _or_token(html: str | None, match: re.Match[str]) -> str:
    return match.group(0) if html is None else html
