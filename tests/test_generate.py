"""`stacktour generate`: the stubs, assets and builder config it writes for Zensical, how
it reads mkdocs.yml, how it refuses to touch files it did not write, and how the MkDocs
plugin leaves its stubs out. Run on the tutorial's real project (docs/guide/first-stack.md).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from stacktour.assetfiles import ASSETS
from stacktour.plugin import StacktourConfig
from stacktour.standalone.options import (
    _IGNORED_OPTIONS,
    ConfigError,
    PluginOptions,
    read_site_config,
)
from stacktour.standalone.render import searchless, source_relative
from stacktour.standalone.stub import is_stub_file, is_stub_text, stub_page, stub_text

from .sitetools import build_site
from .test_tutorial_and_serve import tutorial  # noqa: F401 - the fixture

PAGES = {
    "stacks/index.md",
    "stacks/save-order.md",
    "layers/index.md",
    "layers/handler.md",
    "layers/repository.md",
    "layers/database.md",
}


def generate(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stacktour.cli", "generate", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `root` (caches and builds aside): bytes and modification time."""
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file() and not {".cache", "site"} & set(p.relative_to(root).parts)
    }


# The stub file


def test_a_stub_names_its_page_and_starts_with_the_marker() -> None:
    text = stub_text("layers/handler.md", "stacks/layers/handler.yaml", "stacktour 1.2.3")
    assert is_stub_text(text)
    assert "stacks/layers/handler.yaml" in text.splitlines()[0]
    assert "stacktour 1.2.3" in text.splitlines()[0]
    assert stub_page(text.split("\n")) == "layers/handler.md"
    assert stub_page(["# A page", "```stacktour", "page: layers/x.md", "```"]) is None


def test_a_stub_comment_cannot_be_closed_by_a_file_name() -> None:
    text = stub_text("layers/x.md", "stacks/layers/a-->b.yaml")
    assert text.splitlines()[0].count("-->") == 1
    assert "a-->b" not in text


# Links: written for the served page, handed to Zensical relative to the source folder


@pytest.mark.parametrize(
    ("html", "page", "expected"),
    [
        # stacks/x.md is served at stacks/x/: one folder deeper than its source.
        ('<a href="../../layers/a/#frame-b">', "stacks/x.md", '<a href="../layers/a/#frame-b">'),
        ('<a href="../../stacks/x/#step-2">', "stacks/x.md", '<a href="x/#step-2">'),
        ('<img src="../../assets/a.png">', "stacks/x.md", '<img src="../assets/a.png">'),
        ('<a href="../">', "stacks/x.md", '<a href="./">'),
        # Index pages are served from their source folder; fragments and URLs stay.
        ('<a href="../layers/a/">', "stacks/index.md", '<a href="../layers/a/">'),
        ('<a href="#step-3">', "stacks/x.md", '<a href="#step-3">'),
        ('<a href="https://e.org/a/">', "stacks/x.md", '<a href="https://e.org/a/">'),
        # SVG links are not rewritten by Zensical, so not here either; nor is text.
        ('<a xlink:href="../../layers/a/">', "stacks/x.md", '<a xlink:href="../../layers/a/">'),
        ('<code>href="../../a/"</code>', "stacks/x.md", '<code>href="../../a/"</code>'),
        ('<a href="../../../a/">', "guide/deep/p.md", '<a href="../../a/">'),
    ],
)
def test_links_become_relative_to_the_source_folder(html: str, page: str, expected: str) -> None:
    assert source_relative(html, page) == expected


def test_late_fragments_are_kept_out_of_search() -> None:
    html = (
        '<div class="st-diagram" data-search-exclude><svg><a xlink:href="x"><path d=""/>'
        '</a></svg></div><ul class="st-map-legend"><li>a<br>b</li></ul>\n<p>x<img src="i">y</p>'
    )
    assert searchless(html) == (
        '<div class="st-diagram" data-search-exclude><svg><a xlink:href="x"><path d=""/>'
        '</a></svg></div><ul data-search-exclude class="st-map-legend"><li>a<br>b</li></ul>\n'
        '<p data-search-exclude>x<img src="i">y</p>'
    )


# Reading mkdocs.yml


def test_reads_this_sites_config() -> None:
    config = read_site_config(Path(__file__).parent.parent / "mkdocs.yml")
    assert config.plugin == PluginOptions()
    assert config.docs_dir.name == "docs"
    assert config.nav is not None
    assert "pymdownx.highlight" in config.extensions


def test_plugin_options_are_the_plugins() -> None:
    """Every option of the MkDocs plugin is read (or deliberately ignored) with the
    plugin's default, so both builds are configured by the same lines."""
    schema = dict(StacktourConfig()._schema)
    ours = set(PluginOptions.__dataclass_fields__)
    assert set(schema) == ours | (set(schema) & _IGNORED_OPTIONS)
    for name in ours:
        assert getattr(PluginOptions(), name) == schema[name].default, name


def test_config_follows_inherit_and_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "base.yml").write_text(
        "site_name: x\ndocs_dir: pages\nmarkdown_extensions: [toc]\n"
        "plugins:\n  - stacktour:\n      stacks_dir: !ENV [STACKS_FOLDER, data]\n"
    )
    (tmp_path / "mkdocs.yml").write_text(
        "INHERIT: base.yml\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
    )
    config = read_site_config(tmp_path / "mkdocs.yml")
    assert config.docs_dir == tmp_path / "pages"
    assert config.extensions == ("toc", "pymdownx.emoji")
    assert config.plugin.stacks_dir == "data"
    monkeypatch.setenv("STACKS_FOLDER", "elsewhere")
    assert read_site_config(tmp_path / "mkdocs.yml").plugin.stacks_dir == "elsewhere"


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            "plugins:\n  - stacktour:\n      show_returns: maybe\n",
            "mkdocs.yml:3:7: ST602 stacktour: show_returns: expected true or false, not 'maybe'",
        ),
        (
            "plugins:\n  - stacktour:\n      stack_dir: data\n",
            "mkdocs.yml:3:7: ST602 stacktour: unknown option 'stack_dir'",
        ),
        ("nav: [a\nplugins: []\n", "mkdocs.yml:2:8: ST601"),
        ("INHERIT: nowhere.yml\n", "mkdocs.yml:1:10: ST602 INHERIT: no file nowhere.yml"),
    ],
)
def test_config_mistakes_name_file_line_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mkdocs.yml").write_text(config)
    with pytest.raises(ConfigError) as caught:
        read_site_config("mkdocs.yml")
    assert caught.value.diagnostic.format().startswith(message)


# Generating for the tutorial's project


def test_generate_writes_stubs_assets_and_a_builder_config(tutorial: Path) -> None:  # noqa: F811
    result = generate(tutorial)
    assert result.returncode == 0, result.stderr
    files = len(PAGES) + len(ASSETS) + 1  # stubs, assets, the builder config
    assert f"generated 6 pages, {files} file(s) written" in result.stderr
    docs = tutorial / "docs"
    stubs = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md") if is_stub_file(p)}
    assert stubs == PAGES
    for page in PAGES:
        assert stub_page((docs / page).read_text().split("\n")) == page
    assert "from stacks/layers/handler.yaml" in (docs / "layers/handler.md").read_text()
    for name in ASSETS:
        assert (docs / "assets/stacktour" / name).read_bytes()

    config = yaml.safe_load((tutorial / "mkdocs.zensical.yml").read_text())
    assert config["INHERIT"] == "mkdocs.yml"
    assert config["watch"] == ["stacks"]
    assert config["markdown_extensions"][0] == {
        "stacktour": {
            "stacks_dir": "stacks",
            "show_returns": False,
            "cache_dir": ".cache/stacktour",
            "dot_timeout": 30.0,
        }
    }
    assert config["extra_javascript"] == [
        "assets/stacktour/messages.js",  # before the script that reads it
        "assets/stacktour/stacktour.js",
        "assets/stacktour/languages.js",
    ]
    # The step-through's words for the build's language (English: none to translate).
    assert (
        (docs / "assets/stacktour/messages.js")
        .read_text()
        .endswith("window.stacktourMessages = {};\n")
    )
    assert "nav" not in config  # the tutorial's mkdocs.yml has no explicit nav


def test_generate_again_changes_nothing_and_follows_the_stacks(tutorial: Path) -> None:  # noqa: F811
    assert generate(tutorial).returncode == 0
    before = snapshot(tutorial)
    again = generate(tutorial)
    assert again.returncode == 0
    files = len(PAGES) + len(ASSETS) + 1
    assert f"0 file(s) written, {files} unchanged" in again.stderr
    assert snapshot(tutorial) == before  # bytes and modification times

    # A new layer gets its stub; a removed one loses it.
    layers = tutorial / "stacks/layers"
    (layers / "cache.yaml").write_text(
        (layers / "database.yaml").read_text().replace("id: database", "id: cache")
    )
    assert generate(tutorial).returncode == 0
    assert (tutorial / "docs/layers/cache.md").is_file()
    (layers / "cache.yaml").unlink()
    result = generate(tutorial)
    assert "1 stale stub(s) removed" in result.stderr
    assert not (tutorial / "docs/layers/cache.md").exists()


def test_a_yaml_mistake_writes_nothing_and_says_where(tutorial: Path) -> None:  # noqa: F811
    assert generate(tutorial).returncode == 0
    before = snapshot(tutorial)
    handler = tutorial / "stacks/layers/handler.yaml"
    handler.write_text(handler.read_text().replace("kind: await", "kind: async"))
    before["stacks/layers/handler.yaml"] = (handler.read_bytes(), handler.stat().st_mtime_ns)
    result = generate(tutorial)
    assert result.returncode == 1
    assert result.stderr.startswith("stacks/layers/handler.yaml:")
    assert " ST2" in result.stderr.splitlines()[0] or " ST1" in result.stderr.splitlines()[0]
    assert "nothing written" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(tutorial) == before


def test_a_hand_written_page_in_the_way_stops_everything(tutorial: Path) -> None:  # noqa: F811
    page = tutorial / "docs/layers/handler.md"
    page.parent.mkdir(parents=True)
    page.write_text("# My own notes on the handler\n")
    before = snapshot(tutorial)
    result = generate(tutorial)
    assert result.returncode == 1
    assert "docs/layers/handler.md:1:1: ST603 exists and was not written by stacktour" in (
        result.stderr
    )
    assert snapshot(tutorial) == before


def test_a_link_out_of_the_docs_folder_is_refused(tutorial: Path) -> None:  # noqa: F811
    outside = tutorial.parent / f"{tutorial.name}-outside"
    outside.mkdir()
    (tutorial / "docs/layers").symlink_to(outside, target_is_directory=True)
    result = generate(tutorial)
    assert result.returncode == 1
    assert "ST603" in result.stderr and "nothing was written" in result.stderr
    assert list(outside.iterdir()) == []


def test_a_config_mistake_is_one_line_without_traceback(tutorial: Path) -> None:  # noqa: F811
    config = tutorial / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  - stacktour\n", "  - stacktour:\n      dot_timeout: soon\n")
    )
    result = generate(tutorial)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith("mkdocs.yml:")
    assert "ST602 stacktour: dot_timeout: expected a number of seconds" in result.stderr
    assert "Traceback" not in result.stderr


# The MkDocs plugin and the stubs


def test_mkdocs_builds_the_same_site_with_or_without_stubs(tutorial: Path) -> None:  # noqa: F811
    assert build_site(tutorial, tutorial / "plain").returncode == 0
    assert generate(tutorial).returncode == 0
    (tutorial / "docs/layers/gone.md").write_text(stub_text("layers/gone.md"))  # a stale stub
    result = build_site(tutorial, tutorial / "with-stubs")  # strict: no warning either
    assert result.returncode == 0, result.stderr

    def pages(site: Path) -> dict[str, bytes]:
        return {
            p.relative_to(site).as_posix(): p.read_bytes()
            for p in site.rglob("*")
            if p.is_file() and p.suffix in (".html", ".css", ".js") and "sitemap" not in p.name
        }

    assert pages(tutorial / "with-stubs") == pages(tutorial / "plain")


def test_generate_works_from_another_folder(tutorial: Path) -> None:  # noqa: F811
    elsewhere = tutorial / "docs"
    result = generate(elsewhere, "-f", os.path.join("..", "mkdocs.yml"))
    assert result.returncode == 0, result.stderr
    assert (tutorial / "docs/stacks/save-order.md").is_file()
    assert (tutorial / "mkdocs.zensical.yml").is_file()
