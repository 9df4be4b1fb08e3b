"""The layout step: a diagram model becomes geometry (boxes, lines, text runs).

Columns and rows, as sequence diagrams are drawn by hand:

- Each participant is a column with a lifeline (`columns`, `participants`). An arrow's
  number and label sit just above it, next to the participant it leaves (in the gap
  between that lifeline and its neighbour), so a label never crosses another lifeline,
  an activation bar or a group border. Each gap is made as wide as the widest label
  placed in it, plus the group borders that pass through it; this is what keeps every
  label clear.
- Each event (arrow, sub-flow box, fragment header) is a row as tall as its text
  (`rows`, `messages`, `refs`, `fragments`).
- A note (when the view draws notes) is a folded-corner box just below its arrow, in
  the same gap as the arrow's label (`notes`): the gap is sized for the wider of the
  two and the row grows by the note's height, so a note is clear of everything for the
  same reason a label is.
- Activation bars run from the arrow that opens a frame to the one that closes it
  (`activations`).
- Group boxes nest: each level of nesting adds a title row on top and a border pad.

Text is measured with `stacktour.text` and wrapped or shortened to a maximum width;
the whole text then goes into the tooltip. The layout knows nothing of SVG.
"""

from __future__ import annotations

from dataclasses import dataclass

from ... import text as tx
from ..geometry import Geometry, Item, Text, translate
from ..view import Diagram, Message
from .activations import OpenBars, activation_items
from .columns import Columns
from .fragments import fragment_items
from .labels import Block, block
from .legend import description, heading, legend_items
from .metrics import GROUP_ROW, MARGIN, NOTE_LINES, NOTE_MAX, SIZE_HEADING, G, lh
from .notes import Note, note
from .participants import group_items, header_height, headers, lifeline_items, participant_items
from .rows import rows

__all__ = ["NOTE_LINES", "NOTE_MAX", "LayoutOptions", "layout"]


@dataclass(frozen=True)
class LayoutOptions:
    heading: bool = False  # draw the stack title on top (standalone files)
    legend: bool = True


def layout(diagram: Diagram, options: LayoutOptions | None = None) -> Geometry:
    """Geometry for a diagram; a pure function of its input (px, y downwards)."""
    d = diagram
    o = options or LayoutOptions()
    acts = OpenBars(d.activations)
    heads = headers(d)
    blocks: dict[int, Block] = {}
    notes: dict[int, Note] = {}  # event -> its note, when the view draws notes
    for e, ev in enumerate(d.events):
        if isinstance(ev, Message):
            blocks[e] = block(ev.number, ev.label, ev.sublabel, ev.shown, ev.at)
            if ev.note:
                notes[e] = note(ev.note)
    label_widths = {
        e: max(b.width, notes[e].width if e in notes else 0.0) for e, b in blocks.items()
    }
    cols = Columns(d, acts, [h.width for h in heads], label_widths)
    width = cols.width

    y = MARGIN
    head_items: list[Item] = []
    if o.heading:
        # The title wraps (on a narrow diagram, to two lines) before it is cut.
        text = heading(d)
        room = max(width - 2 * MARGIN, 320)
        title = tx.fit(text, SIZE_HEADING, one_line=room, most=room, max_lines=2, bold=True)
        width = max(width, title.width + 2 * MARGIN)
        shapes: list[Text] = []
        for n, line in enumerate(title.lines):
            tw = tx.measure(line, SIZE_HEADING, True)
            base = y + SIZE_HEADING + n * lh(SIZE_HEADING)
            shapes.append(Text(MARGIN, base, line, SIZE_HEADING, tw, "st-heading-text", True))
        head_items.append(Item("heading", "st-heading", tuple(shapes), tooltip=text))
        y += SIZE_HEADING * 1.6 + (len(title.lines) - 1) * lh(SIZE_HEADING)
    top = y
    max_depth = max(cols.depth, default=0)
    head_top = top + max_depth * GROUP_ROW + (6 if max_depth else 0)
    head_h = header_height(heads)
    life_top = head_top + head_h

    r = rows(d, cols, acts, blocks, notes, life_top + 14)
    bottom = r.bottom

    # Paint order: groups, lifelines, activations, fragments, arrows, boxes, heads.
    groups = group_items(d, cols, top, bottom, max_depth)
    lifelines = lifeline_items(cols, life_top, bottom)
    bars = activation_items(
        d.activations, cols.x, life_top, bottom, r.starts, r.line_y, r.arrive_y, r.ref_boxes
    )
    frags = fragment_items(d, r.frag_top, r.frag_bottom, r.items, bars)
    parts = participant_items(d, cols, heads, head_top, head_h)
    events = [it for e in range(len(d.events)) for it in r.items.get(e, ())]
    height = bottom + max_depth * G + 8
    legend: list[Item] = []
    if o.legend and d.kinds:
        kinds = [*d.kinds, *(["hop-cross"] if r.hops_marked else [])]
        legend, height = legend_items(kinds, width, height + 10)
    items = [*head_items, *groups, *lifelines, *bars, *frags, *parts, *events, *legend]
    items, width = _normalise(items, width)
    return Geometry(
        key=d.key,
        width=round(width, 2),
        height=round(height + MARGIN, 2),
        title=d.title,
        desc=description(d),
        items=tuple(items),
    )


def _normalise(items: list[Item], width: float) -> tuple[list[Item], float]:
    """Move everything right if a box pokes out on the left; widen to fit."""
    x0 = min((s.box[0] for it in items for s in it.shapes), default=MARGIN)
    x1 = max((s.box[2] for it in items for s in it.shapes), default=0.0)
    dx = MARGIN - x0 if x0 < MARGIN else 0.0
    width = max(width + dx, x1 + dx + MARGIN)
    if not dx:
        return items, width
    moved = [
        Item(
            it.key,
            it.cls,
            tuple(translate(s, dx, 0) for s in it.shapes),
            it.href,
            it.tooltip,
            it.data,
        )
        for it in items
    ]
    return moved, width
