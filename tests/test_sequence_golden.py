"""Golden SVGs of the flagship stacks: a reviewed picture of what `stacktour render` draws.

Regenerate after a deliberate change with `STACKTOUR_UPDATE_GOLDEN=1 pytest
tests/test_sequence_golden.py`, then look at the diff and at the PNGs (`stacktour
render STACK -o /tmp/x.png`) before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from stacktour.links import LinkScheme
from stacktour.loader import load_project
from stacktour.pages.prose import _renderer as prose_renderer
from stacktour.pages.prose import prose_html
from stacktour.sequence import render_sequence_svg
from stacktour.sequence.prose import paragraphs

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden" / "sequence"
FLAGSHIPS = ("start-orchestration", "worker-schedule", "host-start-instance")


@pytest.mark.parametrize("notes", [False, True], ids=["", "notes"])
@pytest.mark.parametrize("stack_id", FLAGSHIPS)
def test_flagship_matches_golden(stack_id: str, notes: bool) -> None:
    """Without notes (as on the site) and with them (as `stacktour render` exports)."""
    # Memoized prose rendering is shared by the whole test process: start clean, so what
    # another test rendered cannot stand in for this site's text.
    prose_renderer.cache_clear()
    prose_html.cache_clear()
    paragraphs.cache_clear()
    result = load_project(ROOT / "stacks")
    assert result.project is not None
    svg = render_sequence_svg(
        result.stacks[stack_id],
        result.project,
        links=LinkScheme(),
        show_returns=True,
        show_notes=notes,
    )
    path = GOLDEN / (f"{stack_id}-notes.svg" if notes else f"{stack_id}.svg")
    if os.environ.get("STACKTOUR_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(svg, encoding="utf-8")
    assert path.exists(), f"no golden file; run with STACKTOUR_UPDATE_GOLDEN=1 to create {path}"
    assert svg == path.read_text("utf-8"), (
        f"{stack_id} differs from {path}; if the change is meant, regenerate with "
        "STACKTOUR_UPDATE_GOLDEN=1 and review the diff"
    )
