"""Build real MkDocs sites and check what they contain: links, anchors, pages."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

MKDOCS = [sys.executable, "-m", "mkdocs"]
REPO_ROOT = Path(__file__).resolve().parent.parent
SITE_SOURCES = ("mkdocs.yml", "mkdocs.zh.yml", "hooks", "docs", "stacks")


def copy_site_sources(target: Path) -> Path:
    """A copy of what this repository's site is built from, at `target`."""
    target.mkdir(parents=True, exist_ok=True)
    for name in SITE_SOURCES:
        source = REPO_ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy(source, target / name)
    return target


def build_site(
    config_dir: Path,
    site_dir: Path,
    *,
    strict: bool = True,
    env: dict[str, str] | None = None,
    config: str = "mkdocs.yml",
) -> subprocess.CompletedProcess[str]:
    """Run the real `mkdocs build` on `config_dir/<config>` into `site_dir`."""
    command = [*MKDOCS, "build", "-f", str(config_dir / config), "-d", str(site_dir)]
    if strict:
        command.append("--strict")
    return subprocess.run(
        command,
        cwd=config_dir,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **(env or {})},
    )


@dataclass
class PageInfo:
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.info = PageInfo()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name"):
            if values.get(name) and (name == "id" or tag == "a"):
                self.info.ids.add(str(values[name]))
        if tag in ("a", "link") or tag.endswith(":a"):
            href = values.get("href") or values.get("xlink:href")
            if href:
                self.info.links.append(href)

    handle_startendtag = handle_starttag


def read_page(path: Path) -> PageInfo:
    collector = _Collector()
    collector.feed(path.read_text("utf-8"))
    return collector.info


def _target_file(site: Path, url_path: str) -> Path | None:
    relative = unquote(url_path).lstrip("/")
    candidate = site / relative
    if relative == "" or relative.endswith("/"):
        candidate = candidate / "index.html"
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def broken_links(site: Path, *, pages: list[Path] | None = None) -> list[str]:
    """Every relative link in the site's HTML whose page or #anchor does not exist."""
    cache: dict[Path, PageInfo] = {}

    def info(path: Path) -> PageInfo:
        if path not in cache:
            cache[path] = read_page(path)
        return cache[path]

    problems: list[str] = []
    for page in pages or sorted(site.rglob("*.html")):
        page_url = "/" + page.relative_to(site).as_posix()
        for href in info(page).links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                if parts.scheme not in ("http", "https", "mailto"):
                    problems.append(f"{page_url}: unsafe link {href}")
                continue
            absolute = urlsplit(urljoin(page_url, href))
            target = _target_file(site, absolute.path) if absolute.path else page
            if target is None:
                problems.append(f"{page_url}: {href} -> no such page")
                continue
            fragment = unquote(absolute.fragment)
            if fragment and target.suffix == ".html" and fragment not in info(target).ids:
                problems.append(f"{page_url}: {href} -> no anchor #{fragment}")
    return problems


# Hosts that stand for "some host" in examples (RFC 2606, RFC 6761): a link to one is a
# dead end.
PLACEHOLDER_HOST = re.compile(
    r"(^|\.)(example\.(com|org|net)|example|test|invalid|localhost)$", re.IGNORECASE
)


def external_links(site: Path) -> list[tuple[str, str]]:
    """(file, URL) for every absolute link in the built site: href, src and xlink:href in
    HTML and SVG files, and each <loc> of the sitemap."""
    found: list[tuple[str, str]] = []
    for path in sorted(site.rglob("*")):
        if path.suffix not in (".html", ".svg", ".xml"):
            continue
        name = path.relative_to(site).as_posix()
        text = path.read_text("utf-8", errors="replace")
        if path.suffix == ".xml":
            urls = re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", text)
        else:
            collector = _AllLinks()
            collector.feed(text)
            urls = collector.urls
        found += [(name, url) for url in urls if urlsplit(url).netloc]
    return found


class _AllLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            linking = name in ("href", "src", "xlink:href", "action")
            if value and (linking or (name == "content" and "://" in value[:12])):
                self.urls.append(value.strip())

    handle_startendtag = handle_starttag


ZENSICAL = [sys.executable, "-m", "zensical"]
ZENSICAL_CONFIG = "mkdocs.zensical.yml"
# The README's "Build it with Zensical" commands, run as written by the zensical_site
# fixture (with this interpreter's environment for `.venv`).
README_COMMANDS = [
    ".venv/bin/stacktour generate",
    f".venv/bin/zensical build --strict -f {ZENSICAL_CONFIG}",
]


def run_readme_command(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """One README command, its `.venv/bin/` read as this interpreter's scripts folder."""
    scripts = Path(sys.executable).parent
    argv = command.split()
    argv[0] = str(scripts / argv[0].removeprefix(".venv/bin/"))
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=600)


def generate_stubs(config_dir: Path) -> subprocess.CompletedProcess[str]:
    """`stacktour generate` for `config_dir/mkdocs.yml`: the step before a Zensical build."""
    return subprocess.run(
        [sys.executable, "-m", "stacktour.cli", "generate"],
        cwd=config_dir,
        capture_output=True,
        text=True,
        timeout=600,
    )


def build_zensical(
    config_dir: Path, *, strict: bool = True, config: str = ZENSICAL_CONFIG
) -> subprocess.CompletedProcess[str]:
    """Run the real `zensical build` on `config_dir/<config>` (into its `site/`)."""
    command = [*ZENSICAL, "build", "-f", config]
    if strict:
        command.append("--strict")
    return subprocess.run(command, cwd=config_dir, capture_output=True, text=True, timeout=600)
