"""Arrows: a message's line between two bars (or a loop back to its own lifeline), its
head and tail, its label block beside the participant it leaves, and its note below.

A network hop whose ends sit in different top-level groups gets a diamond where it
crosses each of those groups' borders: the process boundary, made visible.
"""

from __future__ import annotations

from ..geometry import Circle, Item, Line, Shape
from ..prose import plain_text
from ..view import Diagram, Message
from .activations import OpenBars, bar_edge
from .arrows import head, hop_diamond, inset, tail
from .columns import Columns
from .labels import Block, block_shapes
from .metrics import ACT_STEP, HEAD, HOP, LOOP_W, NOTE_GAP, PAD, join
from .notes import Note, note_shapes


def _endpoints(cols: Columns, acts: OpenBars, e: int, ev: Message) -> tuple[float, float]:
    """x where the arrow leaves its source and where its head touches the target."""
    t = ev.target
    xt = cols.x[t]
    if ev.source is None:
        lvl = acts.starting(t, e)
        end = bar_edge(xt, acts.open_at(t, e) if lvl is None else lvl, right=False)
        return xt - cols.rpart[t] + 4, end
    s = ev.source
    xs = cols.x[s]
    right = t > s
    src_lvl = acts.open_at(s, e)
    start = bar_edge(xs, src_lvl, right=right)
    new = acts.starting(t, e)
    tgt_lvl = new if new is not None else acts.open_at(t, e)
    end = bar_edge(xt, tgt_lvl, right=not right)
    return start, end


def message(
    d: Diagram,
    cols: Columns,
    acts: OpenBars,
    e: int,
    ev: Message,
    block: Block,
    note: Note | None,
    y: float,
    line_y: dict[int, float],
    arrive_y: dict[int, float],
    out: dict[int, list[Item]],
) -> tuple[float, bool]:
    """Draw event `e` from row top `y`: adds its items to `out[e]`, records where it
    starts and arrives in `line_y`/`arrive_y`. Returns the row's bottom and whether a
    process-border diamond was drawn."""
    shapes: list[Shape] = []
    kind_cls = f"st-kind-{ev.kind}"
    marked = False
    if ev.source is not None and ev.source == ev.target:
        s = ev.source
        lvl = acts.open_at(s, e)
        new = acts.starting(s, e)
        x_out = bar_edge(cols.x[s], lvl, right=True)
        x_back = bar_edge(cols.x[s], new if new is not None else lvl, right=True)
        loop_x = max(x_out, x_back) + LOOP_W
        y1 = y + 8
        y2 = y1 + max(18.0, block.height - 4)
        shapes.append(Line(((x_out, y1), (loop_x, y1), (loop_x, y2), (x_back, y2)), "st-line"))
        shapes.extend(head(ev.kind, x_back, y2, -1))
        shapes.extend(tail(ev.kind, x_out, y1, 1))
        bx = cols.x[s] + cols.act_r[s] + ACT_STEP + LOOP_W + 6
        shapes.extend(block_shapes(block, bx, y + 4))
        line_y[e] = y1
        arrive_y[e] = y2
        bottom = max(y2 + 6, y + 4 + block.height) + 8
        note_x, note_top = bx, max(y2 + NOTE_GAP, y + 4 + block.height + 4)
    else:
        x_start, x_end = _endpoints(cols, acts, e, ev)
        direction = 1 if x_end >= x_start else -1
        line = y + 6 + block.height + 5
        if ev.source is None:
            shapes.append(Circle(x_start, line, 3.5, "st-found", opaque=False))
            bx = x_start + 8
        elif direction > 0:
            bx = cols.x[ev.source] + cols.act_r[ev.source] + PAD
        else:
            bx = cols.x[ev.source] - cols.act_l[ev.source] - PAD - block.width
        shapes.append(
            Line(((x_start, line), (x_end - direction * inset(ev.kind), line)), "st-line")
        )
        shapes.extend(head(ev.kind, x_end, line, direction))
        shapes.extend(tail(ev.kind, x_start, line, direction))
        shapes.extend(block_shapes(block, bx, y + 6))
        if ev.kind == "network" and ev.source is not None:
            marks = _hop_marks(d, cols, ev.source, ev.target, x_start, x_end, line)
            marked = bool(marks)
            shapes.extend(marks)
        line_y[e] = line
        arrive_y[e] = line
        bottom = line + 10
        note_x, note_top = bx, line + NOTE_GAP
        if direction < 0 and ev.source is not None and note is not None:
            note_x = bx + block.width - note.width  # right-aligned, as the label
    cls = f"st-msg {kind_cls}" + (" st-ret" if ev.kind == "return" else "")
    data: tuple[tuple[str, str], ...] = ()
    if ev.number is not None:
        data = (("step", str(ev.number)),)
        if len(ev.steps) > 1:
            data += (("steps", " ".join(map(str, ev.steps))),)
    elif ev.steps:
        data = (("return-of", " ".join(map(str, ev.steps))),)
    tooltip = ev.tooltip
    if block.truncated:
        tooltip = join(ev.label, ev.sublabel, tooltip)
    key = f"m{_id(ev.shown or str(ev.number))}" if ev.number is not None else f"r{e + 1}"
    out.setdefault(e, []).append(Item(key, cls, tuple(shapes), ev.href, tooltip, data))
    if note is not None:
        # Its own item, linked and marked like the arrow, so step-through lights it too.
        note_key = f"n{_id(ev.shown or str(ev.number))}" if ev.number is not None else f"rn{e + 1}"
        drawn = tuple(note_shapes(note, note_x, note_top))
        out[e].append(Item(note_key, "st-note", drawn, ev.href, plain_text(ev.note), data[:1]))
        bottom = max(bottom, note_top + note.height + 8)
    return bottom, marked


def _id(shown: str) -> str:
    """An id fragment for a drawn step number: "1.4" -> "1-4"."""
    return shown.replace(".", "-")


def _hop_marks(
    d: Diagram, cols: Columns, source: int, target: int, x_start: float, x_end: float, y: float
) -> list[Shape]:
    """Diamonds where a network hop leaves its caller's process and enters its callee's.

    Only the outermost groups count (the process, not a folder inside it); an end
    outside any group has no border to mark.
    """
    parts = d.participants
    a, b = parts[source].groups[:1], parts[target].groups[:1]
    if a == b:
        return []
    lo, hi = min(x_start, x_end), max(x_start, x_end)
    right = x_end > x_start
    xs: list[float] = []
    for keys, leaving in ((a, True), (b, False)):
        for key in keys:
            x0, x1 = cols.group_x(key)
            # Going right, one leaves a box by its right edge and enters by its left.
            x = x1 if right == leaving else x0
            # On the shaft, clear of the arrowhead (a deeply nested bar can bring the
            # head within a border's pad).
            if lo < x < hi and abs(x - x_start) > HOP + 1 and abs(x - x_end) > HEAD + HOP + 1:
                xs.append(x)
    return [hop_diamond(x, y) for x in sorted(xs)]
