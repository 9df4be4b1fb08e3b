"""tools/bench.py --quick runs end to end and writes a well-formed table.

A smoke test, not a timed one: no duration is asserted. It builds tiny sites once each
(the repository's own site and a 3-stack synthetic one, each against its floor) and skips
the parts that need a server or a browser; the full benchmark is run by hand.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
STATUSES = {"met", "**missed**", "not measured"}

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz dot")


def _tables(text: str) -> list[list[list[str]]]:
    """Every Markdown table in `text`, as rows of cells (header first, rule dropped)."""
    tables: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in text.splitlines() + [""]:
        if line.startswith("|"):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
            if not all(re.fullmatch(r"-+", c) for c in cells):
                current.append(cells)
        elif current:
            tables.append(current)
            current = []
    return tables


def test_quick_benchmark_writes_a_well_formed_table(tmp_path: Path) -> None:
    out = tmp_path / "performance.md"
    proc = subprocess.run(
        [
            sys.executable,
            str(REPO / "tools" / "bench.py"),
            "--quick",
            "--skip",
            "edit,reader",
            "--out",
            str(out),
            "--workdir",
            str(tmp_path / "work"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Performance\n")
    assert "python tools/bench.py --quick" in text  # the command that made it
    tables = _tables(text)
    for table in tables:
        assert len({len(row) for row in table}) == 1, table  # every row fills every column
    targets = tables[0]
    assert targets[0] == ["what", "target", "measured", ""]
    whats = [row[0] for row in targets[1:]]
    for expected in (
        "build, N = 3",
        "render, this site's stacks",
        "render, 40 × 300",
        "warm rebuild",
        "peak RSS, N = 3",
        "`sync` of this site",
    ):
        assert expected in whats, whats
    for row in targets[1:]:
        assert row[3] in STATUSES, row
        assert row[2], row  # a figure, or why there is none
    warm = next(row for row in targets if row[0] == "warm rebuild")
    assert warm[3] == "met", warm  # a rebuild that changes nothing starts `dot` zero times
    build = next(t for t in tables if t[0][0] == "site" and "`dot` cold" in t[0])
    sites = [row[0] for row in build[1:]]
    assert sites == ["this site", "N = 3"]
