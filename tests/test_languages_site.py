"""This site in English and Chinese, built for real (`mkdocs build --strict` once per
language, Chinese into `zh/`): the same pages in both, Chinese prose and diagram labels
with code unchanged, diagrams and maps whose Chinese text neither overlaps nor overflows,
the language menu, a search index per language, the two configs kept in step, and the
fallback and untranslated warning of a partly translated site."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from stacktour.graph import MapScope, render_map_svg
from stacktour.i18n.messages import use_language
from stacktour.i18n.results import localize_result
from stacktour.links import LinkScheme
from stacktour.loader import LoadResult, load_project
from stacktour.sequence import diagram_geometry
from stacktour.sequence.check import overlaps
from stacktour.sequence.levels import LEVELS, level

from .conftest import REPO_ROOT, SYSTEM, write_project
from .mapgeometry import SVG, crossings, text_box
from .sitetools import broken_links, build_site


@pytest.fixture(scope="module")
def zh() -> LoadResult:
    """This site's stacks as the Chinese build sees them."""
    result = localize_result(load_project(REPO_ROOT / "stacks"), "zh")
    assert result.ok
    return result


def _pages(site: Path, kind: str) -> set[str]:
    return {p.name for p in (site / kind).iterdir() if (p / "index.html").is_file()}


def test_every_stack_and_layer_page_exists_in_both_languages(built_site: Path) -> None:
    project = load_project(REPO_ROOT / "stacks").project
    assert project is not None
    for kind, ids in (("stacks", project.stacks), ("layers", project.layers)):
        expected = {x.id for x in ids}
        assert _pages(built_site, kind) == expected
        assert _pages(built_site / "zh", kind) == expected
    for page in (built_site / "zh").rglob("*.html"):
        if page.name != "404.html":
            assert '<html lang="zh"' in page.read_text("utf-8"), page
    assert '<html lang="en"' in (built_site / "index.html").read_text("utf-8")


def test_chinese_pages_carry_the_chinese_prose_and_stacktours_own_words(built_site: Path) -> None:
    html = (built_site / "zh" / "stacks" / "worker-schedule" / "index.html").read_text("utf-8")
    assert "<title>工作进程一侧：从 gRPC 流到 StartInstance" in html
    assert 'id="walkthrough">逐步讲解' in html and 'id="map">关系图' in html  # same anchors
    assert "共 20 步，经过 16 层" in html
    assert "宿主的 <code>InvocationRequest</code> 到达工作进程的 gRPC 流" in html
    # Code, identifiers and line numbers are as in English.
    english = (built_site / "stacks" / "worker-schedule" / "index.html").read_text("utf-8")
    for same in ("ProcessMessageAsync", 'id="L101-entry"', "HelloOrchestration_HttpStart"):
        assert same in html and same in english
    # The diagram: translated call lines and layer kinds, code names unchanged.
    start = html.index('<div class="st-levels"')
    svg = html[start : html.index("</svg>", start)]
    words = re.sub(r"<[^>]+>", "", svg)  # CJK runs sit in their own <tspan> (the CJK font)
    assert "第 101 行" in words and "line 101" not in words
    assert ">ProcessMessage" in svg and ">GrpcWorker<" in svg
    assert ">类<" in svg
    # The theme's own words are Chinese too.
    assert 'placeholder="搜索"' in html
    # Call kinds: the badge names them in Chinese, the class stays the format's.
    assert '<span class="st-kind st-kind-virtual">虚调用</span>' in html
    assert '<span class="st-kind st-kind-virtual">virtual</span>' in english
    # The map's arrows say so in their tooltips.
    assert re.search(r"<title>[^<]*GrpcWorker → InvocationHandler: 调用\n[^<]*（?第 \d+ 行", html)


def test_the_stacks_menu_and_indexes_are_chinese(built_site: Path) -> None:
    html = (built_site / "zh" / "layers" / "index.html").read_text("utf-8")
    assert re.search(r"<h1[^>]*>层(<a |</h1>)", html)
    assert "<th>作用</th>" in html and "<td>中间件</td>" in html
    nav = html[html.index('<nav class="md-nav md-nav--primary') :]
    assert "工作进程（dotnet-isolated）" in nav and "宿主一侧：从 StartInstance 到存储" in nav
    # Each system's section: its title in Chinese where system.yaml gives one, and
    # stacktour's own entry names.
    assert "Azure Functions：启动一个编排" in nav and "概览" in nav
    assert "starting an orchestration" not in nav and ">Overview<" not in nav
    # The system's overview: its summary, headings and words in Chinese, same anchors.
    overview = (built_site / "zh" / "stacks" / "index.html").read_text("utf-8")
    assert "<h1" in overview and "Azure Functions：启动一个编排" in overview
    assert "从工作进程的 gRPC 流出发" in overview
    assert 'id="stacks">调用栈' in overview and 'id="map">关系图' in overview
    assert "本系统的每一层" in overview and "Every layer" not in overview
    english = (built_site / "layers" / "index.html").read_text("utf-8")
    english_nav = english[english.index('<nav class="md-nav md-nav--primary') :]
    assert "Azure Functions: starting an orchestration" in english_nav and "Overview" in english_nav


def test_every_link_of_both_languages_resolves(built_site: Path) -> None:
    assert broken_links(built_site, pages=sorted((built_site / "zh").rglob("*.html"))) == []


def _menu(page: Path) -> dict[str, str]:
    """The language menu of a built page: language code -> link."""
    html = page.read_text("utf-8")
    found = re.findall(r'<a href="([^"]*)" hreflang="([a-z]+)" class="md-select__link">', html)
    return {lang: href for href, lang in found}


def test_the_language_menu_lands_on_the_same_page(built_site: Path) -> None:
    for path in ("layers/grpc-worker", "stacks/worker-schedule", "stacks", "layers"):
        menu = {"en": f"/{path}/", "zh": f"/zh/{path}/"}
        assert _menu(built_site / path / "index.html") == menu
        assert _menu(built_site / "zh" / path / "index.html") == menu
    home = {"en": "/", "zh": "/zh/"}
    assert _menu(built_site / "index.html") == home == _menu(built_site / "zh" / "index.html")
    # A hand-written page with no Chinese version: the menu offers the Chinese home page.
    assert _menu(built_site / "guide" / "embed" / "index.html") == {
        "en": "/guide/embed/",
        "zh": "/zh/",
    }
    assert _menu(built_site / "404.html") == home  # no page to keep
    # The head still names each language's root (Material fetches its sitemap.xml).
    html = (built_site / "layers" / "grpc-worker" / "index.html").read_text("utf-8")
    assert '<link rel="alternate" href="/zh/" hreflang="zh">' in html
    assert "assets/stacktour/languages.js" in html


def test_each_language_has_its_own_search_index(built_site: Path) -> None:
    en = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    zh = json.loads((built_site / "zh" / "search" / "search_index.json").read_text("utf-8"))
    assert {d["location"].split("/")[0] for d in zh["docs"]} >= {"stacks", "layers"}
    # jieba cut the Chinese into words, joined by U+200B, which the separator splits at.
    worker = next(d for d in zh["docs"] if d["location"] == "layers/worker-client/")
    assert "\u200b读取\u200b循环" in worker["text"] or "\u200b读取循环" in worker["text"]
    assert "\\u200b" in zh["config"]["separator"]
    # The English layer page has none of the Chinese prose.
    english = next(d for d in en["docs"] if d["location"] == "layers/worker-client/")
    assert "读取" not in english["text"] and "reader loop" in english["text"]


def test_the_script_speaks_the_builds_language(built_site: Path) -> None:
    zh = (built_site / "zh" / "assets" / "stacktour" / "messages.js").read_text("utf-8")
    en = (built_site / "assets" / "stacktour" / "messages.js").read_text("utf-8")
    assert en.strip().endswith("window.stacktourMessages = {};")
    assert "window.stacktourMessages = {" in zh and len(zh) > len(en)
    assert json.dumps("细节层级") in zh  # the level switcher's name


# The two configs: everything but what a language must change is the same.

LANGUAGE_KEYS = {"site_description", "site_url", "edit_uri", "docs_dir", "site_dir", "exclude_docs"}


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_constructor("!ENV", lambda loader, node: ("!ENV", loader.construct_scalar(node)))


def _config(name: str) -> dict[str, Any]:
    data = yaml.load((REPO_ROOT / name).read_text("utf-8"), Loader=_Loader)
    assert isinstance(data, dict)
    return data


def _nav_paths(nav: Any) -> list[str]:
    """Each page of a nav, as a site path: `guide/sources.md` and `/guide/sources/` alike."""
    out: list[str] = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            out += _nav_paths(value)
        else:
            out.append(str(value).removeprefix("/").removesuffix("/").removesuffix(".md"))
    return out


def _same_but_language(en: dict[str, Any], zh: dict[str, Any]) -> dict[str, Any]:
    """What differs where no language needs it to (empty when the files agree)."""
    differ = {}
    for key in sorted(set(en) | set(zh)):
        if key in LANGUAGE_KEYS:
            continue
        a, b = en.get(key), zh.get(key)
        if key == "theme":
            a, b = dict(a), {k: v for k, v in b.items() if k != "language"}
            for theme in (a, b):  # the toggles' names are in the page's language
                theme["palette"] = [
                    {**p, "toggle": {**p["toggle"], "name": ""}} for p in theme["palette"]
                ]
        elif key == "nav":
            a, b = _nav_paths(a), _nav_paths(b)
        elif key == "plugins":
            a = [next(iter(p)) if isinstance(p, dict) else p for p in a]
            b = [next(iter(p)) if isinstance(p, dict) else p for p in b]
        if a != b:
            differ[key] = (a, b)
    return differ


def test_the_chinese_config_differs_from_the_english_only_where_a_language_must() -> None:
    en, zh = _config("mkdocs.yml"), _config("mkdocs.zh.yml")
    assert _same_but_language(en, zh) == {}, (
        "mkdocs.zh.yml must follow mkdocs.yml (a nav entry, an extension, a theme feature): "
        "change it the same way (docs/guide/languages.md)"
    )
    assert zh["theme"]["language"] == "zh" and zh["site_dir"] == "site/zh"
    assert zh["extra"]["alternate"] == en["extra"]["alternate"]


# Diagrams and maps with Chinese text.


@pytest.mark.parametrize("level_id", [lv.id for lv in LEVELS])
def test_no_chinese_diagram_overlaps(zh: LoadResult, level_id: str) -> None:
    assert zh.project is not None
    drawn = 0
    with use_language("zh"):
        for stack_id, resolved in sorted(zh.stacks.items()):
            for notes in (False, True):  # on the site; in an export, with the notes drawn
                options = level(level_id).options(show_notes=notes)
                try:
                    geometry = diagram_geometry(
                        resolved,
                        zh.project,
                        links=LinkScheme(),
                        options=options,
                        subflows=zh.stacks,
                        standalone=notes,
                    )
                except ValueError:
                    continue  # a level that hides every participant of a small stack
                assert [str(o) for o in overlaps(geometry)] == [], (stack_id, level_id, notes)
                drawn += 1
    assert drawn >= len(zh.stacks)


def test_chinese_diagrams_say_chinese_and_keep_code(zh: LoadResult) -> None:
    assert zh.project is not None
    with use_language("zh"):
        geometry = diagram_geometry(
            zh.stacks["start-orchestration"],
            zh.project,
            links=LinkScheme(),
            options=level("full").options(show_notes=True),
            subflows=zh.stacks,
            standalone=True,
        )
    texts = [s.text for item in geometry.items for s in item.shapes if hasattr(s, "text")]
    joined = " ".join(texts)
    assert "图例" in joined and "工作进程" in joined  # the legend, a group title
    assert "ScheduleNewOrchestration" in joined  # an arrow's code label
    assert not re.search(r"\bline \d", joined)


def _node_overflows(svg: str) -> list[str]:
    """Text of a layer node or group title that runs out of its box (our CJK metrics)."""
    root = ET.fromstring(svg)
    found = []
    for g in root.iter(f"{SVG}g"):
        classes = set(g.get("class", "").split())
        if not classes & {"st-layer", "st-group-title"}:
            continue
        shape = g.find(f"{SVG}polygon") or g.find(f"{SVG}path")
        if shape is None:
            continue
        outline = shape.get("points") or shape.get("d") or ""
        xs = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", outline)][0::2]
        for text in g.iter(f"{SVG}text"):
            box = text_box(text).box
            if box[0] < min(xs) - 0.5 or box[2] > max(xs) + 0.5:
                found.append(f"{''.join(text.itertext())!r} wider than its box")
    return found


def test_chinese_maps_keep_text_in_its_boxes_and_off_group_titles(zh: LoadResult) -> None:
    if shutil.which("dot") is None:
        pytest.skip("needs Graphviz dot")
    assert zh.project is not None
    scopes = [MapScope.site(), *(MapScope.stack(s) for s in sorted(zh.stacks))]
    scopes += [MapScope.layer("pipeline"), MapScope.layer("grpc-worker")]
    problems = []
    with use_language("zh"):
        for scope in scopes:
            svg = render_map_svg(zh.project, scope=scope, resolved=zh.stacks)
            problems += [f"{scope.name}: {p}" for p in crossings(svg) + _node_overflows(svg)]
            if scope.kind == "site":
                for word in ("调用管道", "中间件", "工作进程（dotnet-isolated）"):
                    assert word in svg
    assert problems == []


# A partly translated site: fallback, the warning, and opting out of completeness.

PARTLY = """\
id: flow
title: {en: A flow, zh: 一个流程}
summary: The client asks the server.
entry: client.run
"""


def _partly_translated(root: Path, untranslated: str | None) -> Path:
    write_project(root / "stacks", system_yaml="languages: [en, zh]\n" + SYSTEM, flow_yaml=PARTLY)
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# 首页\n", encoding="utf-8")
    option = f"\n      untranslated: {untranslated}" if untranslated else ""
    (root / "mkdocs.yml").write_text(
        "site_name: t\ntheme: {name: material, language: zh}\nplugins:\n  - search\n"
        f"  - stacktour:\n      stacks_dir: stacks{option}\n",
        encoding="utf-8",
    )
    return root


def test_a_partly_translated_site_falls_back_and_strict_requires_completeness(
    tmp_path: Path,
) -> None:
    root = _partly_translated(tmp_path / "strict", None)
    result = build_site(root, root / "site")
    assert result.returncode != 0
    assert re.search(
        r"stacks/flow\.yaml:3:10: ST222 warning: 1 prose field without 'zh' text \(line 3\)",
        result.stderr,
    ), result.stderr[-2000:]
    assert re.search(
        r"stacks/system\.yaml:\d+:\d+: ST222 warning: 2 prose fields without 'zh' text",
        result.stderr,
    ), result.stderr[-2000:]


def test_a_site_can_list_untranslated_text_without_failing_a_strict_build(tmp_path: Path) -> None:
    root = _partly_translated(tmp_path / "lenient", "info")
    result = build_site(root, root / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    html = (root / "site" / "stacks" / "flow" / "index.html").read_text("utf-8")
    assert "<title>一个流程" in html  # the translation given
    assert "The client asks the server." in html  # English where none is given
    assert "逐步讲解" in html  # stacktour's own words in the build's language


def test_a_language_that_does_not_build_fails_the_build_and_says_which(tmp_path: Path) -> None:
    root = _partly_translated(tmp_path / "broken", "info")
    shutil.copytree(REPO_ROOT / "hooks", root / "hooks")
    menu = (
        "extra:\n  alternate:\n"
        "    - {name: English, link: /, lang: en, config: mkdocs.yml}\n"
        "    - {name: 中文, link: /zh/, lang: zh, config: mkdocs.zh.yml}\n"
        "hooks: [hooks/languages.py]\n"
    )
    english = (root / "mkdocs.yml").read_text("utf-8").replace("language: zh", "language: en")
    (root / "mkdocs.yml").write_text(english + menu + "exclude_docs: zh/\n", encoding="utf-8")
    # The Chinese config names a docs folder that is not there.
    chinese = english.replace("language: en", "language: zh") + "docs_dir: docs/zh\n" + menu
    (root / "mkdocs.zh.yml").write_text(chinese, encoding="utf-8")
    result = build_site(root, root / "site")
    assert result.returncode != 0
    assert "The 中文 site (mkdocs.zh.yml) did not build" in result.stderr, result.stderr[-2000:]
    assert "docs/zh" in result.stderr
    (root / "docs" / "zh").mkdir()
    (root / "docs" / "zh" / "index.md").write_text("# 首页\n", encoding="utf-8")
    result = build_site(root, root / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    html = (root / "site" / "zh" / "stacks" / "flow" / "index.html").read_text("utf-8")
    assert "<title>一个流程" in html and _menu(
        root / "site" / "zh" / "stacks" / "flow" / "index.html"
    ) == {
        "en": "/stacks/flow/",
        "zh": "/zh/stacks/flow/",
    }
