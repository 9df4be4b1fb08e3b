"""Base URLs with characters a URL may not hold as typed are percent-encoded once, up front,
for every view the CLI renders, for the Markdown extension and for any LinkScheme; a URL
that is not http(s) or relative is refused with a clear message."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from stacktour.cli import main, render
from stacktour.links import LinkScheme, base_url
from stacktour.markdown_ext import StacktourExtension

from .conftest import REPO_ROOT

XLINK = "{http://www.w3.org/1999/xlink}href"

# Each holds something that must not reach HTML, SVG, DOT or a PDF as typed.
AWKWARD = {
    'https://x.org/a"b/': "https://x.org/a%22b/",
    "https://x.org/a<b>&c=1 d/": "https://x.org/a%3Cb%3E&c=1%20d/",
    "https://x.org/ä{|}^`\\/": "https://x.org/%C3%A4%7B%7C%7D%5E%60%5C/",
    "https://x.org/100%/ok%20/": "https://x.org/100%25/ok%20/",
}


def _views() -> list[str]:
    """Every view the CLI offers, so that a view added later is checked too."""
    option = next(p for p in render.params if p.name == "view")
    assert isinstance(option.type, click.Choice)
    return list(option.type.choices)


def test_base_url_encodes_what_a_url_cannot_hold() -> None:
    for typed, encoded in AWKWARD.items():
        assert base_url(typed) == encoded
        assert base_url(encoded) == encoded  # already clean: unchanged
    for relative in ("", "../", "../../", "#x", "/docs/"):
        assert base_url(relative) == relative


@pytest.mark.parametrize(
    "bad", ["javascript:alert(1)", "data:text/html,x", "//evil.test/", "java\tscript:x", "a\nb"]
)
def test_link_scheme_refuses_other_schemes(bad: str) -> None:
    with pytest.raises(ValueError, match="not an http"):
        LinkScheme(base=bad)
    with pytest.raises(ValueError, match="not an http"):
        StacktourExtension(base_url=bad)


@pytest.mark.parametrize("view", _views())
def test_every_view_renders_with_an_awkward_base_url(tmp_path: Path, view: str) -> None:
    runner = CliRunner()
    for typed, encoded in AWKWARD.items():
        target = tmp_path / f"{view}.svg"
        args = ["render", "worker-schedule", "--view", view, "--base-url", typed, "-o", str(target)]
        args += ["--stacks", str(REPO_ROOT / "stacks")]
        result = runner.invoke(main, args)
        assert result.exit_code == 0, (typed, result.output)
        root = ET.fromstring(target.read_bytes())  # parses: nothing leaked through
        hrefs = [a.get(XLINK) or a.get("href") for a in root.iter("{http://www.w3.org/2000/svg}a")]
        assert hrefs and all(h and h.startswith(encoded) for h in hrefs), (typed, hrefs[:3])


@pytest.mark.parametrize("view", _views())
def test_every_view_refuses_a_non_http_base_url(tmp_path: Path, view: str) -> None:
    result = CliRunner().invoke(
        main,
        ["render", "worker-schedule", "--view", view, "-o", str(tmp_path / "x.svg")]
        + ["--base-url", "javascript:alert(1)", "--stacks", str(REPO_ROOT / "stacks")],
    )
    assert result.exit_code == 2 and "--base-url" in result.output
    assert not (tmp_path / "x.svg").exists()
