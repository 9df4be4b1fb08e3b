"""This site in every language of its language menu, from one `mkdocs build` or `mkdocs serve`.

Languages are Material's own: one MkDocs config per language (`theme.language` gives the
theme's words, stacktour follows it for the stacks' prose), and `extra.alternate` is the
language menu. Each entry of the menu names its config (`config: mkdocs.zh.yml`); the first
entry is the default language, built by `mkdocs.yml`, and the others are published below it
(`link: /zh/` is built into `site/zh/`). This hook does two things Material leaves to the site:

- After the default language's build (`on_post_build`), it builds every other language into
  its folder of the same site, with the real `mkdocs build` of that config. `mkdocs serve`
  runs it on every rebuild too, so the server serves every language and follows edits.
- On each page (`on_post_page`), the menu links the same page in the other language when
  that language has it (stacktour's generated pages always; a hand-written page when the other
  docs folder holds the same file) and that language's home page otherwise. A link is the
  menu's `link` followed by the page's path (`/zh/` + `layers/grpc-worker/`): like Material's
  own menu, a site served below a path writes that path into `link`. (stacktour's
  languages.js keeps Material's menu handler, which looks pages up in sitemaps, from
  overriding these links.)

On Zensical, which ignores the MkDocs plugins it does not ship, build each config on its own
(docs/guide/languages.md).
"""

from __future__ import annotations

import functools
import html
import logging
import posixpath
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.languages")

_menu: list[dict[str, Any]] = []  # extra.alternate, read once per build


class _ConfigLoader(yaml.SafeLoader):
    """Reads a MkDocs config for its `docs_dir` only: `!ENV` and Python tags as null."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, s, node: None)


def _entries(config: MkDocsConfig) -> list[dict[str, Any]]:
    menu = config.extra.get("alternate")
    return [dict(e) for e in menu if isinstance(e, dict)] if isinstance(menu, list) else []


def _own(config: MkDocsConfig, entries: list[dict[str, Any]]) -> dict[str, Any] | None:
    language = str(config.theme.get("language") or "en")
    return next((e for e in entries if e.get("lang") == language), None)


def _docs_dir(config: MkDocsConfig, entry: dict[str, Any]) -> Path | None:
    """The docs folder of the build `entry` names (None when it names no config)."""
    name = entry.get("config")
    if not isinstance(name, str):
        return None
    return _docs_dir_of(str(Path(config.config_file_path).parent / name))


@functools.cache
def _docs_dir_of(config_file: str) -> Path:
    path = Path(config_file)
    data = yaml.load(path.read_text("utf-8"), Loader=_ConfigLoader) or {}
    return path.parent / str(data.get("docs_dir") or "docs")


def _root(own: dict[str, Any], other: dict[str, Any]) -> str:
    """The other language's folder below the default one's: `zh/` for `link: /zh/` beside
    `link: /` (links are paths on one site)."""
    rel = posixpath.relpath(str(other["link"]), str(own["link"]))
    return "" if rel == "." else rel + "/"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _menu[:] = _entries(config)
    _docs_dir_of.cache_clear()  # `mkdocs serve` reloads the configs on a change
    return config


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    # Every other language's config and docs (docs/zh/ is inside docs/, watched already).
    for entry in _entries(config)[1:]:
        if isinstance(entry.get("config"), str):
            server.watch(str(Path(config.config_file_path).parent / entry["config"]))
    return server


def _links(page: Page, config: MkDocsConfig) -> dict[str, str]:
    """The language menu's link for each language code, for `page`."""
    own = _own(config, _menu)
    if own is None:
        return {}
    links = {}
    for entry in _menu:
        docs = _docs_dir(config, entry)
        there = (
            entry is own
            or page.file.generated_by is not None
            or (docs is not None and (docs / page.file.src_uri).is_file())
        )
        root = str(entry["link"]).rstrip("/") + "/"
        links[str(entry.get("lang"))] = root + (page.url if there else "")
    return links


# The menu's links as Material writes them (partials/alternate.html).
_MENU_LINK = re.compile(r'<a href="[^"]*" hreflang="([^"]*)" class="md-select__link">')


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    # Only the menu: the <link rel="alternate"> in the head keep naming each language's
    # root, whose sitemap.xml Material fetches.
    links = _links(page, config)

    def relink(match: re.Match[str]) -> str:
        lang = html.unescape(match.group(1))
        if lang not in links:
            return match.group(0)
        href = html.escape(links[lang], quote=True)
        return f'<a href="{href}" hreflang="{match.group(1)}" class="md-select__link">'

    return _MENU_LINK.sub(relink, output)


def on_post_build(config: MkDocsConfig) -> None:
    entries = _entries(config)
    if not entries or _own(config, entries) is not entries[0]:
        return  # only the default language's build builds the others
    here = Path(config.config_file_path).parent
    for entry in entries[1:]:
        if not isinstance(entry.get("config"), str):
            continue
        target = Path(config.site_dir) / _root(entries[0], entry)
        command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(here / entry["config"])]
        command += ["-d", str(target)] + (["--strict"] if config.strict else [])
        result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8")
        if result.returncode != 0:
            raise PluginError(
                f"The {entry.get('name')} site ({entry['config']}) did not build:\n"
                + result.stderr.strip()[-4000:]
            )
        for line in result.stderr.splitlines():
            if line.startswith(("WARNING", "INFO")):
                log.info("%s: %s", entry.get("lang"), line)
        log.info("The %s site is built into %s", entry.get("name"), target)
