"""The loader reads YAML with libyaml when it can; whatever the input, the result must be
exactly what PyYAML's pure-Python parser gives: the same data, the same position for
every value and key, and the same diagnostics."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from stacktour.loader import yamlfile
from stacktour.loader.yamlfile import read_yaml

from .test_fuzz import FAST, raw_bytes

pytestmark = pytest.mark.skipif(
    yamlfile._FAST_LOADER is None, reason="PyYAML was built without libyaml"
)
REPO = Path(__file__).resolve().parent.parent


def _both(raw: bytes) -> tuple[object, object]:
    fast = read_yaml("f.yaml", raw)
    saved, yamlfile._FAST_LOADER = yamlfile._FAST_LOADER, None
    try:
        slow = read_yaml("f.yaml", raw)
    finally:
        yamlfile._FAST_LOADER = saved
    return fast, slow


def _facts(result: tuple[yamlfile.YamlDocument | None, list]) -> object:
    doc, problems = result
    if doc is None:
        return problems
    return doc.data, doc.values, doc.keys, doc.raw, doc.plain, problems


@FAST
@given(raw=raw_bytes)
def test_libyaml_and_python_parser_read_any_input_alike(raw: bytes) -> None:
    fast, slow = _both(raw)
    assert _facts(fast) == _facts(slow)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "path", sorted(p.relative_to(REPO) for p in (REPO / "stacks").rglob("*.yaml")), ids=str
)
def test_libyaml_reads_this_site_as_python_does(path: Path) -> None:
    fast, slow = _both((REPO / path).read_bytes())
    assert fast[1] == [] and _facts(fast) == _facts(slow)  # type: ignore[index,arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\n\tb: 2\n",  # a tab indents
        "a: [1, 2\n",  # never closed
        "a: &x 1\nb: *x\n",  # alias
        "a: 1\na: 2\n",  # duplicate key
        "a: 1\n---\nb: 2\n",  # a second document
        "a: !!python/name:os.system x\n",  # a tag
        "a: \x00\n",  # NUL
        "k: 'it''s'\nl: \"\\u00e9\"\nm: |\n  x\n  y\nn: >-\n  folded\n",  # scalar styles
        "中文: 值\nkey: 中文 text\n  more\n",  # wide characters before the columns
    ],
)
def test_libyaml_and_python_agree_on_mistakes_and_styles(text: str) -> None:
    fast, slow = _both(text.encode())
    assert _facts(fast) == _facts(slow)  # type: ignore[arg-type]
