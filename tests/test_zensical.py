"""This repository's site built with Zensical (`stacktour generate`, `zensical build`) is
the site MkDocs builds with the plugin: the same pages at the same URLs, the same
diagrams, excerpts, links, menu and search entries. Plus the authoring loop under
Zensical: `zensical serve` follows a YAML edit, `generate --watch` a new layer, and a YAML
mistake is reported as `path:line:col` without a traceback.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from html import unescape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from stacktour.loader import load_project

from .conftest import REPO_ROOT
from .sitetools import (
    README_COMMANDS,
    ZENSICAL,
    ZENSICAL_CONFIG,
    broken_links,
    build_zensical,
    generate_stubs,
)
from .test_tutorial_and_serve import _free_port, _get, _wait_for, tutorial  # noqa: F401

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
_URL = re.compile(r'(?<![\w:-])(href|src)="([^"]*)"')
_TOKEN = re.compile(r"\s?<p>STACKTOURX[0-9A-F]{16}</p>\s?")


def pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def opened(page_url: str, href: str) -> str:
    """The path (and fragment) a relative link opens: `x/index.html` is `x/`."""
    target = urlsplit(urljoin(page_url, href))
    path = target.path.removesuffix("index.html")
    return path + (f"#{target.fragment}" if target.fragment else "")


def article(site: Path, page: str) -> list[str]:
    """A page's content as a reader gets it: every relative URL resolved to the path it
    opens (builders write equal URLs differently), theme chrome and whitespace aside."""
    html = (site / page).read_text("utf-8")
    match = _ARTICLE.search(html)
    assert match is not None, page
    text = re.sub(r'<a id="__skip"[^>]*></a>', "", match.group(1))
    # The edit button differs on purpose (see the guide); it is checked on its own.
    text = re.sub(r'<a href="[^"]*" title="Edit this page".*?</a>', "", text, flags=re.S)
    # Zensical reads `data-search-exclude` while indexing and drops it from the page.
    text = text.replace(" data-search-exclude", "")
    url = "/" + page

    def resolve(m: re.Match[str]) -> str:
        if m.group(2).startswith(("#", "http:", "https:", "mailto:")):
            return m.group(0)
        return f'{m.group(1)}="{opened(url, m.group(2))}"'

    text = _URL.sub(resolve, text)
    return [line.strip() for line in text.splitlines() if line.strip()]


def title(site: Path, page: str) -> str:
    match = re.search(r"<title>(.*?)</title>", (site / page).read_text("utf-8"))
    return match.group(1) if match else ""


def menu(site: Path, page: str) -> list[tuple[str, str]]:
    """The primary menu (with the page's own table of contents in it) as (label, link)
    pairs, links resolved."""
    html = (site / page).read_text("utf-8")
    start = html.index('<nav class="md-nav md-nav--primary')
    end = html.index('<div class="md-content"', start)
    out = []
    for href, inner in re.findall(
        r'<a href="([^"]*)" class="md-nav__link[^"]*"[^>]*>(.*?)</a>', html[start:end], re.S
    ):
        # As read: Zensical writes `host&#39;s` where Material writes `host's`.
        label = unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", inner)).strip())
        out.append((label, opened("/" + page, href)))
    return out


# The build


def test_every_stack_and_layer_page_has_its_diagrams(zensical_site: Path) -> None:
    project = load_project(REPO_ROOT / "stacks").project
    assert project is not None
    for stack in project.stacks:
        html = (zensical_site / f"stacks/{stack.id}/index.html").read_text("utf-8")
        # One diagram per level of detail (ids `st-<stack>-<level>-<hash>`).
        assert re.search(rf'id="st-{stack.id}(-[a-z0-9]+)*" class="st-seq"', html), stack.id
        assert 'class="st-map"' in html, stack.id
        assert 'id="step-1"' in html
    for layer in project.layers:
        html = (zensical_site / f"layers/{layer.id}/index.html").read_text("utf-8")
        assert f'id="st-map-layer-{layer.id}"' in html, layer.id
        assert "st-focus" in html, layer.id  # the layer highlighted in its map
    home = (zensical_site / "index.html").read_text("utf-8")
    assert 'class="st-map"' in home  # the home page's embedded map


# The Chinese site (`zh/`) is built by a MkDocs hook; Zensical builds the English one only
# (docs/guide/zensical.md), so its language menu's link to /zh/ leads nowhere.
CHINESE = "zh/"


def test_no_internal_link_is_broken(zensical_site: Path) -> None:
    broken = broken_links(zensical_site)
    assert [b for b in broken if not b.endswith(f": /{CHINESE} -> no such page")] == []


def english(site_pages: set[str]) -> set[str]:
    return {p for p in site_pages if not p.startswith(CHINESE)}


def test_same_pages_at_the_same_urls(zensical_site: Path, built_site: Path) -> None:
    assert pages(zensical_site) == english(pages(built_site))
    assert (zensical_site / "stacks/worker-schedule/index.html").is_file()


def test_same_content_diagrams_excerpts_and_links(
    zensical_site: Path,
    built_site: Path,
) -> None:
    different = []
    for page in sorted(english(pages(built_site))):
        if page == "404.html":
            continue
        if article(zensical_site, page) != article(built_site, page):
            different.append(page)
        # Zensical's theme titles the home page "Home - stacktour", Material "stacktour";
        # a system's overview (listed as "Overview") is titled by the page under Zensical,
        # by the menu entry under MkDocs (docs/guide/zensical.md).
        overview = page in ("stacks/index.html", "mkdocs-build/index.html")
        if (
            page != "index.html"
            and not overview
            and title(zensical_site, page) != title(built_site, page)
        ):
            different.append(f"{page} <title>")
    assert different == []


def test_same_menu(zensical_site: Path, built_site: Path) -> None:
    for page in ("index.html", "stacks/worker-schedule/index.html", "layers/server/index.html"):
        assert menu(zensical_site, page) == menu(built_site, page), page
    labels = [label for label, _ in menu(zensical_site, "index.html")]
    assert {"Overview", "Layers", "GrpcWorker", "SiteSystems"} <= set(labels)


def test_same_search_entries(zensical_site: Path, built_site: Path) -> None:
    mkdocs = json.loads((built_site / "search/search_index.json").read_text("utf-8"))["docs"]
    zensical = json.loads((zensical_site / "search.json").read_text("utf-8"))["items"]

    def entries(items: list[dict[str, str]]) -> dict[str, tuple[str, str]]:
        # MkDocs' index may still hold placeholder text for diagrams (they come later).
        # With jieba installed (the `zh` extra), Material's search cuts Chinese words
        # apart with U+200B on the English site too.
        return {
            i["location"]: (
                i["title"].replace("\u200b", ""),
                re.sub(r"[\s\u200b]+", "", _TOKEN.sub("", i["text"])),
            )
            for i in items
        }

    assert entries(zensical) == entries(mkdocs)
    assert "stacks/worker-schedule/#step-3" in entries(zensical)
    # Diagrams are not indexed: no SVG text in any entry.
    assert not [i["location"] for i in zensical if "<svg" in i["text"] or "st-seq" in i["text"]]


def test_edit_link_of_a_generated_page(zensical_site: Path) -> None:
    """Zensical 0.0.73 has no per-page edit URL: a generated page's button opens its stub
    (the plugin points it at the YAML). Documented in the guide's list of differences."""
    html = (zensical_site / "stacks/worker-schedule/index.html").read_text("utf-8")
    edit = re.search(r'<a href="([^"]*)" title="Edit this page"', html)
    if edit is not None:
        assert edit.group(1).endswith("docs/stacks/worker-schedule.md")


# The authoring loop, on the tutorial's project


def test_a_yaml_mistake_gives_the_same_diagnostics(tutorial: Path) -> None:  # noqa: F811
    assert generate_stubs(tutorial).returncode == 0
    handler = tutorial / "stacks/layers/handler.yaml"
    handler.write_text(handler.read_text().replace("lines: [12, 16]", "lines: [12, 15]"))
    expected = "stacks/layers/handler.yaml:14:14: ST204 excerpt has 5 lines"

    generated = generate_stubs(tutorial)
    assert generated.returncode == 1
    assert generated.stderr.startswith(expected)
    assert "Traceback" not in generated.stderr

    # Building anyway: Zensical renders the pages, and they say what is wrong.
    built = build_zensical(tutorial)
    output = built.stdout + built.stderr
    assert expected in output
    assert output.count(expected) == 1  # once, not once per page
    assert "Traceback" not in output
    page = (tutorial / "site/layers/handler/index.html").read_text("utf-8")
    assert "The stacks have errors" in page and "ST204" in page


def _settled(log: Path, quiet: float = 3.0, timeout: float = 120.0) -> bool:
    """Wait until `zensical serve` has finished building: its log unchanged for `quiet`
    seconds, not in the middle of a build. Zensical 0.0.73 can drop a change that lands
    while it rebuilds for the one before (seen in CI: the build after a broken save
    reported no issue, and none followed), so each edit waits, as a person between saves."""
    deadline = time.monotonic() + timeout
    last, since = "", time.monotonic()
    while time.monotonic() < deadline:
        text = log.read_text()
        if text != last:
            last, since = text, time.monotonic()
        elif time.monotonic() - since >= quiet and not text.rstrip().endswith("Build started"):
            return True
        time.sleep(0.3)
    return False


def test_zensical_serve_follows_edits_and_generate_watch_new_pages(
    tutorial: Path,  # noqa: F811
) -> None:
    assert generate_stubs(tutorial).returncode == 0
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    serve_log = tutorial / "serve.log"
    watch_log = tutorial / "watch.log"
    with serve_log.open("w") as serve_out, watch_log.open("w") as watch_out:
        server = subprocess.Popen(
            [*ZENSICAL, "serve", "-f", ZENSICAL_CONFIG, "-a", f"127.0.0.1:{port}"],
            cwd=tutorial,
            stdout=serve_out,
            stderr=subprocess.STDOUT,
        )
        watcher = subprocess.Popen(
            [sys.executable, "-m", "stacktour.cli", "generate", "--watch"],
            cwd=tutorial,
            stdout=watch_out,
            stderr=subprocess.STDOUT,
        )
    stack = tutorial / "stacks/save-order.yaml"
    try:
        url = base + "/stacks/save-order/"
        assert _wait_for(lambda: "Saving an order" in _get(url), 120), serve_log.read_text()

        # An edit: the page follows (Zensical watches the stacks folder).
        assert _settled(serve_log)
        stack.write_text(stack.read_text().replace("title: Saving an order", "title: Orders"))
        assert _wait_for(lambda: '<h1 id="title">Orders' in _get(url), 120), serve_log.read_text()

        # A mistake: the diagnostic, and the last good page.
        assert _settled(serve_log)
        stack.write_text(stack.read_text().replace("title: Orders", "title: [oops"))
        assert _wait_for(lambda: "save-order.yaml:3:8: ST003" in serve_log.read_text(), 120)
        assert _wait_for(lambda: "save-order.yaml:3:8: ST003" in watch_log.read_text(), 60)
        # Zensical restarts its server on a change in a watched folder: a moment of 404s.
        assert _wait_for(lambda: "Orders" in _get(url), 60)
        assert _settled(serve_log)
        stack.write_text(stack.read_text().replace("title: [oops", "title: Orders"))

        # A new layer: `generate --watch` writes its stub, and Zensical serves its page.
        layers = tutorial / "stacks/layers"
        (layers / "cache.yaml").write_text(
            (layers / "database.yaml")
            .read_text()
            .replace("id: database", "id: cache")
            .replace("title: ", "title: Cache of ", 1)
        )
        assert _wait_for(lambda: "Cache of" in _get(base + "/layers/cache/"), 120), (
            watch_log.read_text() + serve_log.read_text()
        )
        for log in (serve_log, watch_log):
            assert "Traceback" not in log.read_text()
    finally:
        for process in (watcher, server):
            process.terminate()
            process.wait(timeout=20)


def test_the_readme_gives_the_zensical_commands() -> None:
    readme = (REPO_ROOT / "README.md").read_text("utf-8")
    section = re.search(r"^## ([^\n]*Zensical[^\n]*)\n(.*?)(?=^## |\Z)", readme, re.M | re.S)
    assert section is not None
    block = re.search(r"```sh\n(.*?)```", section.group(2), re.S)
    assert block is not None
    commands = [c.split("#")[0].strip() for c in block.group(1).splitlines() if c.strip()]
    assert commands == README_COMMANDS  # which the zensical_site fixture runs
