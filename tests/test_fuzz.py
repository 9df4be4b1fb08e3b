"""Fuzzing the loader and the renderers: any input either loads and renders, or yields
diagnostics. Nothing may raise."""

from __future__ import annotations

import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stacktour import graph
from stacktour.links import LinkScheme
from stacktour.loader import load_project
from stacktour.loader.yamlfile import read_yaml
from stacktour.pages import Diagrams, build_pages
from stacktour.sequence import render_sequence_svg, text_alternative

from .conftest import CLIENT, SERVER, STACK, SYSTEM, write_project

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of YAML syntax, so random text reaches the parser's corners and not only its
# first "this is not YAML" check.
YAML_PIECES = [
    "id: ",
    "title: ",
    "- ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    ": ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "<<: ",
    "!!python/object/apply:os.system ",
    "!x ",
    "%TAG ! tag:x\n",
    "---\n",
    "...\n",
    "? ",
    "|\n",
    ">-\n",
    '"',
    "'",
    "\\u202e",
    "\\ud800",
    "\\0",
    "#",
    "\ufeff",
    "\x00",
    "\x85",
    "\u2028",
    "\u202e",
    "é",
    "中",
    "1",
    "true",
    "no",
    "0123",
    "null",
    "~",
    "2001-01-01",
    ".inf",
]
yaml_text = st.lists(st.one_of(st.sampled_from(YAML_PIECES), st.text(max_size=6)), max_size=40).map(
    "".join
)
raw_bytes = st.one_of(
    st.binary(max_size=200),
    yaml_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
)


@FAST
@given(raw=raw_bytes)
def test_read_yaml_never_raises(raw: bytes) -> None:
    doc, problems = read_yaml("f.yaml", raw)
    assert (doc is None) == bool(problems)
    for d in problems:
        assert d.line >= 1 and d.column >= 1 and d.code.startswith("ST")
        d.format().encode("utf-8")  # printable whatever the file held


# Structured documents: plain YAML values with hostile strings, shaped like stack files.
hostile_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            'x" URL="javascript:alert(1)',
            "ends\\",
            "\u202e\u2066",
            "\x00\x01\x0b\x1f",
            "\ud800",
            "[x](javascript:alert(1))",
            "[x](&#106;avascript:alert(1))",
            "<img src=x onerror=alert(1)>",
            "client.run",
            "server.handle",
            "await",
        ]
    ),
)
scalar = st.one_of(
    hostile_text, st.integers(-5, 60), st.booleans(), st.none(), st.floats(allow_nan=False)
)
value = st.recursive(
    scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(hostile_text, inner, max_size=4)
    ),
    max_leaves=12,
)


def _mutate(base: str, data: st.DataObject) -> Any:
    """The base document with a few of its values replaced by random ones."""
    doc = yaml.safe_load(base)

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            out = {}
            for key, item in node.items():
                if data.draw(st.integers(0, 9)) == 0:
                    continue  # drop the key
                out[key] = data.draw(value) if data.draw(st.integers(0, 5)) == 0 else walk(item)
            if data.draw(st.integers(0, 9)) == 0:
                out[data.draw(hostile_text)] = data.draw(value)
            return out
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    return walk(doc)


def _dump(doc: Any) -> bytes:
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    return text.encode("utf-8", "surrogatepass")


def _render_all(stacks: Path) -> None:
    result = load_project(stacks)
    if not result.ok:
        assert result.diagnostics and all(d.code.startswith("ST") for d in result.diagnostics)
        return
    project = result.project
    assert project is not None
    links = LinkScheme(base="../")
    for resolved in result.stacks.values():
        ET.fromstring(render_sequence_svg(resolved, project, links=links, show_returns=True))
        text_alternative(resolved, project, links=links)
    graph.map_dot(project, resolved=result.stacks, links=links).encode("utf-8")
    for page in build_pages(project, result.stacks, NO_DIAGRAMS):
        page.markdown.encode("utf-8")
        for fragment in page.html.values():
            fragment.encode("utf-8")


# Pages without `dot` (fuzzing would run it hundreds of times): diagrams left empty; the
# renderers themselves are called directly above.
NO_DIAGRAMS = Diagrams(
    sequence=lambda resolved, links: "",
    preview=lambda resolved, links: "",
    text_alternative=lambda resolved, links: "",
    stack_map=lambda resolved, links: "",
    layer_map=lambda layer, links: "",
)


FILES = {
    "system.yaml": SYSTEM,
    "layers/client.yaml": CLIENT,
    "layers/server.yaml": SERVER,
    "flow.yaml": STACK,
}


@SLOW
@given(data=st.data(), target=st.sampled_from(sorted(FILES)))
def test_mutated_projects_load_and_render_or_give_diagnostics(
    data: st.DataObject, target: str
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = write_project(Path(tmp) / "stacks")
        (root / target).write_bytes(_dump(_mutate(FILES[target], data)))
        _render_all(root)


@SLOW
@given(text=yaml_text, target=st.sampled_from(sorted(FILES)))
def test_random_text_as_a_project_file(text: str, target: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = write_project(Path(tmp) / "stacks")
        (root / target).write_bytes(text.encode("utf-8", "surrogatepass"))
        _render_all(root)


@SLOW
@given(title=hostile_text, note=hostile_text, label=hostile_text)
def test_hostile_strings_in_a_valid_project_render_with_dot(
    title: str, note: str, label: str
) -> None:
    """The full path, real `dot` included, for strings that keep the project valid."""
    server = SERVER.replace("title: Server", f"title: {_quoted(title)}").replace(
        "kind: await}", f"kind: await, label: {_quoted(label)}, note: {_quoted(note)}}}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        root = write_project(Path(tmp) / "stacks", layers__server_yaml=server)
        result = load_project(root)
        if not result.ok:  # e.g. a note with an unsafe link: a diagnostic, as it should be
            # (ST213: more Markdown than the site renders; ST215: a blank title or label)
            refused = {"ST210", "ST003", "ST213", "ST215"}
            assert {d.code for d in result.diagnostics if d.is_error} <= refused
            return
        assert result.project is not None
        svg = graph.render_map_svg(result.project, resolved=result.stacks)
        ET.fromstring(svg)


def _quoted(text: str) -> str:
    return yaml.safe_dump(text, default_style='"', width=10_000).strip().removesuffix("...").strip()
