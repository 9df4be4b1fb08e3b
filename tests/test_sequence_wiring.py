"""Notes reach the diagram through each adapter: on for `stacktour render` (a file has no
walkthrough), off for the site, and on request in an embedded block."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
from stacktour.markdown_ext import StacktourExtension

from .conftest import REPO_ROOT, STACKS


def _notes(svg: ET.Element) -> list[str]:
    return [str(g.get("data-step")) for g in svg.iter() if g.get("class") == "st-note"]


def _render(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "stacktour.cli", "render", *args]
    return subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)


def test_render_draws_notes_unless_told_not_to(tmp_path: Path) -> None:
    target = tmp_path / "s.svg"
    assert _render("worker-schedule", "-o", str(target)).returncode == 0
    assert len(_notes(ET.parse(target).getroot())) == 12
    assert _render("worker-schedule", "-o", str(target), "--no-notes").returncode == 0
    assert "st-note" not in target.read_text("utf-8").split("</style>")[1]


def _embed(text: str) -> str:
    md = markdown.Markdown(extensions=[StacktourExtension(stacks_dir=str(STACKS)), "fenced_code"])
    return md.convert(text)


def test_embedded_notes_are_drawn_only_when_asked() -> None:
    plain = _embed("```stacktour\nstack: host-start-instance\n```\n")
    noted = _embed("```stacktour\nstack: host-start-instance\nnotes: true\n```\n")
    assert 'class="st-note"' not in plain
    start = noted.index("<svg")
    svg = ET.fromstring(noted[start : noted.index("</svg>", start) + len("</svg>")])
    assert _notes(svg) == ["4", "6", "7"]
