"""A one-off `mkdocs build` drops each page's fragments once the page is written; a second
build in the same process (and `mkdocs serve`, which keeps them) must not miss any."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from stacktour.pages.common import GeneratedPage

CLI = [sys.executable, "-m", "stacktour.cli"]


def _files(site: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(site)): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.suffix != ".gz"
    }


@pytest.mark.parametrize("command", ["build", "serve"])
def test_two_builds_in_one_process_write_the_same_whole_pages(tmp_path: Path, command: str) -> None:
    done = subprocess.run([*CLI, "init", "demo"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    root = tmp_path / "demo"
    outputs = []
    cwd = os.getcwd()
    os.chdir(root)
    try:
        for n in range(2):
            config = load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / f"out{n}"))
            config.plugins.on_startup(command=command, dirty=False)
            build(config)
            outputs.append(_files(tmp_path / f"out{n}"))
    finally:
        os.chdir(cwd)
    assert outputs[0] == outputs[1]
    page = outputs[1]["stacks/validate/index.html"].decode()
    assert "STACKTOURX" not in page  # every placeholder replaced, the second time too
    assert page.count('class="st-diagram st-sequence"') >= 1
    assert 'class="st-diagram st-map-wrap"' in page
    index = outputs[1]["stacks/index.html"].decode()
    assert 'class="st-preview"' in index


def test_a_deferred_fragment_is_made_when_asked_for_with_the_words_given_then() -> None:
    calls: list[str] = []

    def diagram() -> str:
        calls.append("made")
        return "<svg/>"

    page = GeneratedPage(path="stacks/x.md", title="X")
    token = page.deferred("<details><summary>Words</summary>", diagram, "</details>").strip()
    plain = page.placeholder("<p>now</p>", late=True).strip()
    assert calls == []  # nothing is drawn while pages are made
    assert page.late_html(token) == "<details><summary>Words</summary><svg/></details>"
    assert calls == ["made"]
    assert dict(page.late_items()) == {token: page.late_html(token), plain: "<p>now</p>"}
    assert page.late_html("STACKTOURXNOSUCHTOKEN000") is None
