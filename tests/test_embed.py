"""The Markdown extension on its own, as ProperDocs or Zensical would load it."""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
import pytest
from stacktour.markdown_ext import StacktourExtension

from .conftest import STACKS


def convert(text: str, **config: str) -> str:
    md = markdown.Markdown(
        extensions=[StacktourExtension(stacks_dir=str(STACKS), **config), "fenced_code"]
    )
    return md.convert(text)


def svgs(html: str) -> list[ET.Element]:
    found = []
    start = 0
    while (i := html.find("<svg", start)) != -1:
        end = html.index("</svg>", i) + len("</svg>")
        found.append(ET.fromstring(html[i:end]))
        start = end
    return found


def test_whole_stack_is_inline_svg_with_links() -> None:
    html = convert("```stacktour\nstack: host-start-instance\n```\n", base_url="/site/")
    (svg,) = svgs(html)
    hrefs = [
        a.get("{http://www.w3.org/1999/xlink}href")
        for a in svg.iter("{http://www.w3.org/2000/svg}a")
    ]
    assert "/site/layers/server/" in hrefs
    assert "/site/stacks/host-start-instance/#step-1" in hrefs


def test_slice_keeps_the_stack_numbers() -> None:
    html = convert("```stacktour\nstack: worker-schedule\nsteps: 5-9\n```\n")
    (svg,) = svgs(html)
    steps = {int(g.get("data-step", "0")) for g in svg.iter() if g.get("data-step")}
    assert steps and min(steps) == 5 and max(steps) == 9


def test_hidden_layers_are_not_drawn() -> None:
    full = convert("```stacktour\nstack: worker-schedule\n```\n")
    folded = convert("```stacktour\nstack: worker-schedule\nhide: pipeline\n```\n")
    assert "layers/pipeline/" in full
    assert "layers/pipeline/" not in folded


def test_map_and_schema_views() -> None:
    html = convert("```stacktour\nview: map\nstack: host-start-instance\n```\n")
    assert svgs(html) and "layers/azure-storage/" in html
    table = convert("```stacktour\nview: schema\nkind: stack\n```\n")
    assert "<code>entry</code>" in table and "required" in table


def test_examples_inside_other_fences_stay_text() -> None:
    html = convert("````markdown\n```stacktour\nstack: nope\n```\n````\n")
    assert "<svg" not in html and "stack: nope" in html


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("stack: nope", "unknown stack 'nope'"),
        ("stack: worker-schedule\nsteps: 9-3", "the range must run forwards"),
        ("stack: worker-schedule\nsteps: 1-999", "has 20 steps"),
        ("stack: worker-schedule\nhide: nothing", "'nothing' is neither a layer nor a group"),
        ("stack: worker-schedule\ncolour: red", "unknown option 'colour'"),
        ("view: gantt", "must be sequence, map, systems or schema"),
        ("just text", "expected `key: value`"),
    ],
)
def test_mistakes_show_in_place_and_warn(
    block: str, message: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.stacktour"):
        html = convert(f"```stacktour\n{block}\n```\n")
    assert 'class="admonition failure"' in html and message in html
    assert any(message in r.getMessage() for r in caplog.records)


def test_broken_stacks_folder_is_reported(tmp_path: Path) -> None:
    (tmp_path / "flow.yaml").write_text("id: [\n")
    md = markdown.Markdown(extensions=[StacktourExtension(stacks_dir=str(tmp_path))])
    assert "stacktour validate" in md.convert("```stacktour\nstack: flow\n```\n")
