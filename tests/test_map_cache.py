"""Running `dot`: counted, cached in memory and on disk, and failing with one clear message."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from stacktour.graph import STATS, GraphError, MapScope, error_diagnostic, render_map_svg
from stacktour.graph.run import clear_memory_cache
from stacktour.model import Call, Frame, Group, Layer, Project

DOT = shutil.which("dot")
pytestmark = pytest.mark.skipif(DOT is None, reason="needs Graphviz dot")


def tiny(title: str = "A") -> Project:
    frame = Frame("a.f", "f", "a", "F", calls=(Call("call", to="b.f", at=1),))
    return Project(
        groups=(Group("p", "Process"),),
        layers=(
            Layer("a", title, "class", "p", frames=(frame,)),
            Layer("b", "B", "class", "p", frames=(Frame("b.f", "f", "b", "G"),)),
        ),
    )


@pytest.fixture(autouse=True)
def _fresh_cache():
    clear_memory_cache()


def runs() -> int:
    return STATS.runs


def test_second_render_runs_dot_zero_times_from_memory():
    first = render_map_svg(tiny())
    before = runs()
    assert render_map_svg(tiny()) == first
    assert runs() == before
    render_map_svg(tiny("changed"))
    assert runs() == before + 1  # a change runs dot once (the version is remembered)


def test_disk_cache_serves_a_fresh_process(tmp_path: Path):
    cache = tmp_path / ".cache" / "stacktour" / "dot"
    first = render_map_svg(tiny(), cache_dir=cache)
    assert any(cache.rglob("*.svg")) and (cache / "dot-versions.json").exists()
    clear_memory_cache()  # as after a restart
    before = runs()
    assert render_map_svg(tiny(), cache_dir=cache) == first
    assert runs() == before
    assert not list(cache.rglob(".tmp-*"))  # no half-written entries left behind


def test_variants_of_one_graph_share_one_layout():
    render_map_svg(tiny())
    render_map_svg(tiny(), standalone=True)  # lays out the legend, shared by every file
    before = runs()
    render_map_svg(tiny(), theme="dark", standalone=True, graph_id="other")
    render_map_svg(tiny(), scope=MapScope.layer("a"), standalone=True)  # another graph
    assert runs() == before + 1


def _without_dot(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def test_missing_dot_is_one_clear_error(monkeypatch, tmp_path):
    _without_dot(monkeypatch, tmp_path)
    with pytest.raises(GraphError) as caught:
        render_map_svg(tiny())
    error = caught.value
    assert "`dot` was not found" in error.message
    assert "apt-get install graphviz" in str(error)
    diagnostic = error_diagnostic(error)
    assert diagnostic.code == "ST501" and "apt-get install graphviz" in diagnostic.format()


def _fake_dot(tmp_path: Path, body: str) -> None:
    bin_dir = tmp_path / "fake-bin"
    bin_dir.mkdir()
    script = bin_dir / "dot"
    script.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "-V" ]; then echo "dot - graphviz version 0.0-fake" >&2; exit 0; fi\n' + body
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)


def test_hanging_dot_is_stopped_with_a_message_naming_the_graph(monkeypatch, tmp_path):
    _fake_dot(tmp_path, "exec sleep 30\n")
    monkeypatch.setenv("PATH", f"{tmp_path / 'fake-bin'}{os.pathsep}{os.environ['PATH']}")
    from stacktour.graph import MapScope

    with pytest.raises(GraphError) as caught:
        render_map_svg(tiny(), scope=MapScope.layer("a"), timeout=0.5)
    assert caught.value.code == "ST502"
    assert "the map of layer 'a'" in caught.value.message
    assert "0.5 s" in caught.value.message


def test_failing_dot_reports_its_stderr(monkeypatch, tmp_path):
    _fake_dot(tmp_path, 'echo "Error: syntax error in line 1" >&2\nexit 1\n')
    monkeypatch.setenv("PATH", f"{tmp_path / 'fake-bin'}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(GraphError, match="syntax error in line 1"):
        render_map_svg(tiny())


def test_garbage_from_dot_is_a_clear_error(monkeypatch, tmp_path):
    _fake_dot(tmp_path, "cat >/dev/null; echo '<svg><g>'\n")
    monkeypatch.setenv("PATH", f"{tmp_path / 'fake-bin'}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(GraphError, match="does not parse"):
        render_map_svg(tiny())


def test_another_dot_version_is_another_cache_entry(monkeypatch, tmp_path):
    cache = tmp_path / "cache"
    render_map_svg(tiny(), cache_dir=cache)
    _fake_dot(tmp_path, "cat >/dev/null; exit 1\n")
    monkeypatch.setenv("PATH", f"{tmp_path / 'fake-bin'}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(GraphError):  # not served from the real dot's cache entry
        render_map_svg(tiny(), cache_dir=cache)


def test_a_tampered_cache_entry_cannot_add_scripts(tmp_path: Path):
    cache = tmp_path / "cache"
    render_map_svg(tiny(), cache_dir=cache)
    (entry,) = cache.rglob("*.svg")
    text = entry.read_text()
    text = text.replace("<g ", '<g onclick="alert(1)" ', 1).replace(
        "</svg>", "<script>alert(1)</script><foreignObject/></svg>"
    )
    entry.write_text(text)
    clear_memory_cache()
    svg = render_map_svg(tiny(), cache_dir=cache)
    assert "alert" not in svg and "<script" not in svg and "foreignObject" not in svg


def test_a_rebuild_draws_the_legend_from_the_cache_too(tmp_path: Path):
    """Map and legend of a fresh process come from the disk cache: `dot` never starts."""
    from stacktour.graph import legend_html

    cache = tmp_path / "cache"
    svg = render_map_svg(tiny(), cache_dir=cache)
    legend = legend_html(svg, cache_dir=cache)
    assert "st-stroke-kind-call" in legend
    clear_memory_cache()  # as after a restart
    before = runs()
    again = render_map_svg(tiny(), cache_dir=cache)
    assert legend_html(again, cache_dir=cache) == legend
    assert runs() == before


def test_a_tampered_legend_cache_entry_cannot_add_handlers(tmp_path: Path):
    from stacktour.graph import legend_html
    from stacktour.graph.legend import legend_dot
    from stacktour.graph.run import cache_key, dot_version, find_dot

    cache = tmp_path / "cache"
    svg = render_map_svg(tiny(), cache_dir=cache)
    legend_html(svg, cache_dir=cache)
    key = cache_key(legend_dot(), dot_version(find_dot(), cache_dir=cache))
    entry = cache / key[:2] / f"{key}.svg"
    text = entry.read_text().replace("<path ", '<path onmouseover="alert(1)" ')
    entry.write_text(
        text.replace("</g>", '<a href="javascript:alert(1)"><text>x</text></a></g>', 1)
    )
    clear_memory_cache()
    legend = legend_html(svg, cache_dir=cache)
    assert "alert" not in legend and "<a" not in legend and "st-stroke-kind-call" in legend


# Graphviz 2.43 stops with "trouble in init_rank" on this graph (found by the benchmark's
# synthetic sites: a labelled network edge between nested clusters).
INIT_RANK_TROUBLE = """digraph g {
    subgraph cluster_g1 { L0; L6 }
    subgraph cluster_g3 { subgraph cluster_g5 { L5 } }
    subgraph cluster_g4 { L17; L19 }
    subgraph cluster_g7 { L1; L22 }
    L0 -> L3; L0 -> L6; L2 -> L6; L3 -> L19; L5 -> L10; L6 -> L16; L7 -> L1
    L10 -> L17; L16 -> L5; L17 -> L19; L19 -> L1 [label="gRPC /Client/Send"]
    L19 -> L2; L22 -> L2; L22 -> L19
}
"""


def test_a_graph_dot_cannot_rank_is_laid_out_with_its_newer_ranker():
    from stacktour.graph.run import layout_svg

    svg = layout_svg(INIT_RANK_TROUBLE, name="the nested-cluster graph")
    assert svg.lstrip().startswith("<?xml") or "<svg" in svg
    for node in ("L0", "L19", "L22"):
        assert f"<title>{node}</title>" in svg
