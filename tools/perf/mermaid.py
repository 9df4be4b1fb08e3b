"""The same diagram in Mermaid: participants, group boxes, numbered arrows, activations,
loops and branches from stacktour's own view of the stack, for the reader comparison.

Mermaid lays it out in the browser through Material's integration (a ```mermaid fence
from pymdownx.superfences); its script comes from npm (node_modules/mermaid), copied
into the site and loaded from there, never from a CDN.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from stacktour.links import LinkScheme
from stacktour.loader import load_project
from stacktour.sequence import diagram_model
from stacktour.sequence.view import Message, Ref

ROOT = Path(__file__).resolve().parents[2]
MERMAID_JS = ROOT / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
MISSING = f"{MERMAID_JS} is missing: run `npm ci` (package.json lists mermaid)"
ARROWS = {"fire-and-forget": "-)", "return": "-->>", "callback": "->>", "network": "->>"}


def mermaid_version() -> str:
    package = MERMAID_JS.parent.parent / "package.json"
    try:
        return str(json.loads(package.read_text())["version"])
    except (OSError, ValueError, KeyError):
        return "not installed"


def _text(value: str) -> str:
    """Mermaid message text: its own entity codes for what it would read as syntax."""
    value = " ".join(value.split())
    for char, code in ((";", "#59;"), ("<", "#lt;"), (">", "#gt;"), (":", "#58;")):
        value = value.replace(char, code)
    return value


def mermaid_source(stacks_dir: Path, stack_id: str) -> str:
    """A `sequenceDiagram` of stack `stack_id`, as stacktour's site view draws it."""
    result = load_project(stacks_dir)
    if result.project is None or stack_id not in result.stacks:
        raise SystemExit(f"{stacks_dir}: no stack {stack_id}")
    diagram = diagram_model(result.stacks[stack_id], result.project, links=LinkScheme())
    titles = {g.key: g.title for g in diagram.groups}
    lines = ["sequenceDiagram", "    autonumber"]
    box: str | None = None
    for i, participant in enumerate(diagram.participants):
        outer = participant.groups[0] if participant.groups else None
        if outer != box:
            if box is not None:
                lines.append("    end")
            if outer is not None:
                lines.append(f"    box {_text(titles.get(outer, outer))}")
            box = outer
        lines.append(f"    participant p{i} as {_text(participant.title)}")
    if box is not None:
        lines.append("    end")
    before: dict[int, list[str]] = {}
    after: dict[int, list[str]] = {}
    for activation in diagram.activations:
        p = f"p{activation.participant}"
        if activation.start is None:
            lines.append(f"    activate {p}")
        else:
            after.setdefault(activation.start, []).append(f"    activate {p}")
        if activation.end is not None:
            where = after if activation.end_at_event else before
            where.setdefault(activation.end, []).insert(0, f"    deactivate {p}")
    for fragment in diagram.fragments:
        word = "loop" if fragment.kind == "loop" else "opt"
        before.setdefault(fragment.first, []).insert(0, f"    {word} {_text(fragment.text)}")
        after.setdefault(fragment.last, []).append("    end")
    for i, event in enumerate(diagram.events):
        lines += before.get(i, [])
        if isinstance(event, Message):
            source = "p0" if event.source is None else f"p{event.source}"
            label = event.label + (f" ({event.sublabel})" if event.sublabel else "")
            arrow = ARROWS.get(event.kind, "->>")
            lines.append(f"    {source}{arrow}p{event.target}: {_text(label)}")
        elif isinstance(event, Ref):
            lines.append(f"    Note over p{event.first},p{event.last}: ref {_text(event.title)}")
        lines += after.get(i, [])
    return "\n".join(lines) + "\n"


SUPERFENCES = re.compile(r"^(\s*)- pymdownx\.superfences\s*$", re.MULTILINE)


def write_mermaid_site(floor: Path, target: Path, page: str, source: str) -> None:
    """A copy of the floor site at `target` whose `page` shows `source` as Mermaid where
    stacktour's diagram would be (before the text alternative), with Material's Mermaid
    set-up and a local mermaid.min.js."""
    if not MERMAID_JS.exists():
        raise SystemExit(MISSING)
    shutil.copytree(floor / "docs", target / "docs")
    md = target / "docs" / page
    text = md.read_text(encoding="utf-8")
    marker = '<details class="st-textalt">'
    at = text.find(marker)
    if at < 0:
        raise SystemExit(f"{md}: no text alternative to put the Mermaid diagram before")
    text = text[:at] + f"``` mermaid\n{source}```\n\n" + text[at:]
    md.write_text(text, encoding="utf-8")
    js = target / "docs" / "assets" / "mermaid" / "mermaid.min.js"
    js.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(MERMAID_JS, js)
    config = (floor / "mkdocs.yml").read_text(encoding="utf-8")
    config, found = SUPERFENCES.subn(
        r"\1- pymdownx.superfences:\n"
        r"\1    custom_fences:\n"
        r"\1    - name: mermaid\n"
        r"\1      class: mermaid\n"
        r"\1      format: !!python/name:pymdownx.superfences.fence_code_format",
        config,
        count=1,
    )
    if not found:
        raise SystemExit(f"{floor}/mkdocs.yml: no pymdownx.superfences entry to configure")
    # Material loads Mermaid from unpkg unless `mermaid` is already defined; a deferred
    # local script defines it before Material's code runs (on DOMContentLoaded).
    config += "extra_javascript:\n- path: assets/mermaid/mermaid.min.js\n  defer: true\n"
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
