"""Rendering without the MkDocs plugin: which page is being rendered, expanding a stub
into its generated page, and reporting the stacks' problems where the author sees them.

Zensical renders each page with a fresh Python-Markdown instance and puts a preprocessor
named `rendering_context` into it, holding the page (`.page.path`, relative to the docs
folder) and the site config (`.config`: `root_dir`, `use_directory_urls`). It is read by
duck typing, so stacktour does not import Zensical.
"""

from __future__ import annotations

import posixpath
import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import escape

from ..diagnostics import format_text
from ..escape import html_text
from .options import home_text

if TYPE_CHECKING:
    from markdown import Markdown

    from ..systems import SiteSystems, SystemsResult

CONTEXT_PREPROCESSOR = "rendering_context"


@dataclass(frozen=True)
class BuilderContext:
    """What the builder says about the page being rendered (all None when it says nothing)."""

    page_path: str | None = None  # "layers/x.md", relative to the docs folder
    directory_urls: bool = True
    root: Path | None = None  # the folder of the builder's config file
    docs_dir: Path | None = None
    rebases_links: bool = False  # relative URLs in HTML are read from the source folder

    def served_links(self, html: str) -> str:
        """`html` with links relative to the served page, ready for this builder."""
        if not self.rebases_links or self.page_path is None:
            return html
        return source_relative(html, self.page_path)


def _context_holder(md: Markdown) -> Any:
    """Zensical's rendering-context preprocessor in `md`, or None."""
    if CONTEXT_PREPROCESSOR not in md.preprocessors:
        return None
    return md.preprocessors[CONTEXT_PREPROCESSOR]


def builder_context(md: Markdown) -> BuilderContext:
    """The page and config Zensical attached to `md`, or an empty context elsewhere."""
    holder = _context_holder(md)
    if holder is None:
        return BuilderContext()
    page = getattr(holder, "page", None)
    config = getattr(holder, "config", None)
    path = getattr(page, "path", None)
    settings = config if isinstance(config, dict) else {}
    root = settings.get("root_dir")
    root_path = Path(root) if isinstance(root, str) and root else None
    docs = settings.get("docs_dir")
    urls = settings.get("use_directory_urls", True)
    return BuilderContext(
        page_path=Path(path).as_posix() if isinstance(path, str) and path else None,
        directory_urls=urls is not False,
        root=root_path,
        docs_dir=(root_path or Path.cwd()) / docs if isinstance(docs, str) and docs else None,
        rebases_links=urls is not False,
    )


def set_page_title(md: Markdown, title: str) -> None:
    """Give the page Zensical is rendering `title` (plain text) as its metadata title.

    Zensical's `<title>` prints a page's title through `striptags`, which decodes character
    references and is not escaped again: a stack titled `</title><script>...` (a heading
    `&lt;/title&gt;...`) would come out as markup there, and the MkDocs plugin's safe
    filter cannot be installed in Zensical's templates. A metadata title is printed as it
    is (`<title>`, the header), so the title is handed over as HTML text. Elsewhere: no-op.
    """
    page = getattr(_context_holder(md), "page", None)
    if page is not None and hasattr(page, "rendered_metadata_title"):
        # Escaped as Material's `<title>` is under the MkDocs plugin (theme.py).
        page.rendered_metadata_title = str(escape(title))


# A relative URL in an HTML attribute Zensical rewrites (`xlink:href` it leaves alone).
_URL_ATTRIBUTE = re.compile(r'(?<![\w:-])(href|src)="([^"]*)"')
_ABSOLUTE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/|#|$)")
INDEX_PAGES = ("index.md", "README.md")


def source_relative(html: str, page_path: str) -> str:
    """Rewrite each relative `href`/`src` in `html`, written for the page as served, so it
    is relative to the page's source folder instead.

    With directory URLs, Zensical serves `stacks/x.md` at `stacks/x/` and resolves a
    relative URL in its HTML against the source folder `stacks/`, as it does a Markdown
    link, adding the `../` the served page needs. stacktour's pages are written for the
    served URL (as MkDocs serves them), so they are handed over source-relative. Index
    pages are served from their source folder: nothing changes there.
    """
    folder, name = posixpath.split(page_path)
    if name in INDEX_PAGES:
        return html
    served = posixpath.join(folder, posixpath.splitext(name)[0]) + "/"

    def rewrite(match: re.Match[str]) -> str:
        attribute, url = match.groups()
        start = match.start()
        inside_tag = html.rfind("<", 0, start) > html.rfind(">", 0, start)
        if _ABSOLUTE.match(url) or not inside_tag:
            return match.group(0)
        cut = min((i for i in (url.find("#"), url.find("?")) if i >= 0), default=len(url))
        path, rest = url[:cut], url[cut:]
        target = posixpath.normpath(posixpath.join(served, path))
        moved = posixpath.relpath(target, folder or ".")
        if moved == ".":
            moved = "./"
        elif path.endswith("/") or path in ("", "."):
            moved += "/"
        return f'{attribute}="{moved}{rest}"'

    return _URL_ATTRIBUTE.sub(rewrite, html)


# The last result whose problems were printed, per stacks folder: a broken file is
# reported once per edit, not once per page.
_REPORTED: dict[str, tuple[str, ...]] = {}


def report(systems: SiteSystems, result: SystemsResult) -> None:
    """Print the diagnostics of every system (`path:line:col: CODE message`) to stderr,
    once per change of them."""
    key = str(systems.stacks_dir)
    shown = tuple(d.format() for d in result.diagnostics)
    if _REPORTED.get(key) == shown or not result.diagnostics:
        _REPORTED[key] = shown
        return
    _REPORTED[key] = shown
    if result.ok:
        print("WARNING -  stacktour:\n" + format_text(result.diagnostics), file=sys.stderr)
        return
    tail = "\n           Showing the last good version." if systems.good() else ""
    print(
        "ERROR   -  stacktour: the stacks have errors:\n" + format_text(result.diagnostics) + tail,
        file=sys.stderr,
        flush=True,
    )


def failure_html(title: str, lines: list[str]) -> str:
    """An admonition shown in place of content that cannot be rendered."""
    body = "".join(f"<p>{html_text(line)}</p>" for line in lines)
    return (
        f'<div class="admonition failure"><p class="admonition-title">{html_text(title)}</p>'
        f"{body}</div>"
    )


@dataclass(frozen=True)
class Expansion:
    """A stub's page: Markdown lines, and the HTML each placeholder line stands for."""

    lines: list[str]
    fragments: dict[str, str]
    problem: str = ""  # why the page could not be made (also shown in the page)
    title: str = ""  # the page's title, plain text ("" when it could not be made)


def expand_stub(systems: SiteSystems, page_path: str, context: BuilderContext) -> Expansion:
    """The generated page `page_path` (of any system) as Markdown with placeholder lines,
    from the stacks as they are now (or as they last were without errors)."""
    from ..graph import GraphError

    result = systems.load()
    report(systems, result)
    if not systems.good():  # reported above; the page says it too
        problems = [d.format() for d in result.diagnostics if d.is_error]
        failed = _failed("The stacks have errors", problems or ["the stacks cannot be loaded"])
        return Expansion(failed.lines, failed.fragments)
    if context.page_path is not None and context.page_path != page_path:
        return _failed(
            "Moved stub",
            [
                f"{context.page_path} stands for {page_path}, but links are made for that "
                "path; run `stacktour generate` again instead of moving generated files."
            ],
        )
    home = home_text(context.docs_dir) if context.docs_dir is not None else ""
    try:
        pages = systems.pages(directory_urls=context.directory_urls, home=home)
    except GraphError as exc:
        return _failed("stacktour", [str(exc)])
    page = next((p for p in pages if p.path == page_path), None)
    if page is None:
        return _failed(
            "Stale page",
            [
                f"stacktour generates no page {page_path} any more (its stack or layer is "
                "gone); run `stacktour generate` to remove this file."
            ],
        )
    fragments = {token: context.served_links(html) for token, html in page.html.items()}
    # Late fragments (diagrams) reach the MkDocs page after its search plugin has read it;
    # here the page is indexed as rendered, so they are marked for search to skip.
    fragments.update(
        {token: searchless(context.served_links(html)) for token, html in page.late_items()}
    )
    return Expansion(page.markdown.split("\n"), fragments, title=page.title)


def _failed(title: str, lines: list[str]) -> Expansion:
    token = "STACKTOURXFAILURE0000000"
    message = f"stacktour: {title.lower()}: " + " ".join(lines)
    return Expansion([f"# {title}", "", token, ""], {token: failure_html(title, lines)}, message)


_VOID = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source")
    + ("track", "wbr")
)


class _TopLevel(HTMLParser):
    """Where each top-level element of an HTML fragment starts, and whether it is already
    excluded from search."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.depth = 0
        self.starts: list[tuple[int, int, bool]] = []  # (line, column, excluded)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth == 0:
            line, column = self.getpos()
            excluded = any(name == "data-search-exclude" for name, _ in attrs)
            self.starts.append((line, column, excluded))
        if tag not in _VOID:
            self.depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth == 0:
            line, column = self.getpos()
            excluded = any(name == "data-search-exclude" for name, _ in attrs)
            self.starts.append((line, column, excluded))

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID:
            self.depth = max(0, self.depth - 1)


def searchless(html: str) -> str:
    """`html` with `data-search-exclude` on every top-level element (Material's and
    Zensical's search skip such elements)."""
    parser = _TopLevel()
    parser.feed(html)
    parser.close()
    offsets = [0]  # where each line starts; HTMLParser counts lines by LF only
    for text in html.split("\n"):
        offsets.append(offsets[-1] + len(text) + 1)
    out = html
    for number, column, excluded in reversed(parser.starts):
        if excluded:
            continue
        at = offsets[number - 1] + column
        name = re.match(r"<[A-Za-z][^\s/>]*", out[at:])
        if name is None:
            continue
        end = at + name.end()
        out = out[:end] + " data-search-exclude" + out[end:]
    return out
