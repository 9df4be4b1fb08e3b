"""The layout step: a diagram model becomes geometry (boxes, lines, text runs).

Columns and rows, as sequence diagrams are drawn by hand:

- Each participant is a column with a lifeline. An arrow's number and label sit just
  above it, next to the participant it leaves (in the gap between that lifeline and
  its neighbour), so a label never crosses another lifeline, an activation bar or a
  group border. Each gap is made as wide as the widest label placed in it, plus the
  group borders that pass through it; this is what keeps every label clear.
- Each event (arrow, sub-flow box, fragment header) is a row as tall as its text.
- A note (when the view draws notes) is a folded-corner box just below its arrow, in
  the same gap as the arrow's label: the gap is sized for the wider of the two and the
  row grows by the note's height, so a note is clear of everything for the same reason
  a label is.
- A network hop whose ends sit in different top-level groups gets a diamond where it
  crosses each of those groups' borders: the process boundary, made visible.
- Group boxes nest: each level of nesting adds a title row on top and a border pad.

Text is measured with `stacktour.text` and wrapped or shortened to a maximum width;
the whole text then goes into the tooltip. The layout knows nothing of SVG.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .. import text as tx
from .geometry import Box, Circle, Geometry, Item, Line, Polygon, Rect, Shape, Text, translate
from .view import KIND_NAMES, Activation, Diagram, Fragment, Message, Ref

MARGIN = 16.0
G = 10.0  # pad between nested group borders
GROUP_ROW = 24.0  # height of a group title row
PART_GAP = 24.0  # min space between neighbouring participant boxes
PAD = 8.0  # between a label and a lifeline or bar
ACT_W = 10.0
ACT_STEP = 5.0  # a re-entrant (nested) bar is shifted right by this much
LOOP_W = 30.0  # width of a self-call loop
HEAD = 9.0  # arrowhead length
LABEL_MAX = 260.0  # labels wrap at this width
TITLE_MAX = 200.0  # participant titles wrap at this width
GROUP_TITLE_MAX = 440.0
FRAG_MAX = 460.0
REF_MAX = 420.0
NOTE_MAX = 260.0  # note boxes are at most this wide
NOTE_LINES = 4  # a longer note is shortened with "…" (the whole text is in its tooltip)
NOTE_PAD = 7.0  # inside a note box, left, top and bottom
FOLD = 9.0  # size of the note's folded corner (also its right padding)
NOTE_GAP = 7.0  # between an arrow's line and its note box (clears heads and tails)
HOP = 5.0  # half-diagonal of the diamond where a network hop crosses a process border
HOP_NAME = "crosses a process border"

SIZE_TITLE = 14.0
SIZE_SUB = 11.5
SIZE_LABEL = 13.0
SIZE_SMALL = 11.5
SIZE_NUM = 10.5
SIZE_GROUP = 12.0
SIZE_NOTE = 12.0
SIZE_HEADING = 17.0


def _lh(size: float) -> float:
    return round(size * 1.3, 2)


@dataclass(frozen=True)
class LayoutOptions:
    heading: bool = False  # draw the stack title on top (standalone files)
    legend: bool = True


@dataclass(frozen=True)
class _Block:
    """A number circle followed by wrapped label lines and sublabel lines."""

    number: str
    radius: float
    lines: tuple[str, ...]
    sublines: tuple[str, ...]
    width: float
    height: float
    truncated: bool


def _block(number: int | None, label: str, sublabel: str) -> _Block:
    num = "" if number is None else str(number)
    radius = max(9.0, tx.measure(num, SIZE_NUM, True) / 2 + 4) if num else 0.0
    main = tx.wrap(label, LABEL_MAX, SIZE_LABEL, max_lines=2) if label else None
    sub = tx.wrap(sublabel, LABEL_MAX, SIZE_SMALL, max_lines=2) if sublabel else None
    lines = main.lines if main else ()
    sublines = sub.lines if sub else ()
    text_w = max([main.width if main else 0.0, sub.width if sub else 0.0])
    lead = 2 * radius + 5 if num and (lines or sublines) else 2 * radius
    width = lead + text_w
    height = max(len(lines) * _lh(SIZE_LABEL) + len(sublines) * _lh(SIZE_SMALL), 2 * radius)
    truncated = bool((main and main.truncated) or (sub and sub.truncated))
    return _Block(num, radius, lines, sublines, width, height, truncated)


def _block_shapes(block: _Block, x: float, top: float) -> list[Shape]:
    """Circle and text of a block whose box starts at (x, top)."""
    shapes: list[Shape] = []
    tx0 = x
    if block.number:
        lh = _lh(SIZE_LABEL)
        cy = top + (lh / 2 if block.lines else block.radius)
        cy = max(cy, top + block.radius)
        shapes.append(Circle(x + block.radius, cy, block.radius, "st-num", opaque=True))
        nw = tx.measure(block.number, SIZE_NUM, True)
        shapes.append(
            Text(
                x + block.radius - nw / 2,
                cy + 0.36 * SIZE_NUM,
                block.number,
                SIZE_NUM,
                nw,
                "st-num-text",
                bold=True,
            )
        )
        tx0 = x + 2 * block.radius + 5
    y = top
    for line in block.lines:
        lh = _lh(SIZE_LABEL)
        base = y + lh / 2 + 0.35 * SIZE_LABEL
        shapes.append(Text(tx0, base, line, SIZE_LABEL, tx.measure(line, SIZE_LABEL), "st-label"))
        y += lh
    for line in block.sublines:
        lh = _lh(SIZE_SMALL)
        base = y + lh / 2 + 0.35 * SIZE_SMALL
        shapes.append(
            Text(tx0, base, line, SIZE_SMALL, tx.measure(line, SIZE_SMALL), "st-sublabel")
        )
        y += lh
    return shapes


@dataclass(frozen=True)
class _Note:
    """A note's wrapped lines and the size of its box."""

    lines: tuple[str, ...]
    width: float
    height: float
    truncated: bool


def _note(text: str) -> _Note:
    limit = NOTE_MAX - NOTE_PAD - FOLD - 2
    lines, truncated = _prose(text, limit, SIZE_NOTE, NOTE_LINES)
    widest = max(tx.measure(line, SIZE_NOTE) for line in lines)
    width = max(NOTE_PAD + widest + FOLD + 2, 2 * (NOTE_PAD + FOLD))  # a one-word note too
    height = 2 * NOTE_PAD + len(lines) * _lh(SIZE_NOTE)
    return _Note(lines, width, height, truncated)


def _prose(text: str, width: float, size: float, max_lines: int) -> tuple[tuple[str, ...], bool]:
    """Lines of prose, broken between words (`tx.wrap` also breaks inside identifiers,
    right for labels, odd for sentences); a word wider than a line is cut by `tx.wrap`.
    The last line ends in "…" when text is left over. Returns the lines and whether cut.
    """
    words = text.split()
    lines: list[str] = []
    current = ""
    for i, word in enumerate(words):
        joined = f"{current} {word}" if current else word
        if tx.measure(joined, size) <= width:
            current = joined
            continue
        if tx.measure(word, size) > width:
            # A CJK sentence (one "word") or a long identifier: `tx.wrap` cuts it. CJK
            # runs on from this line, as it would in print; an identifier starts a new one.
            if current and not tx.is_wide(word[0]):
                lines.append(current)
                joined = word
            pieces = tx.wrap(joined, width, size, max_lines=max(1, max_lines - len(lines)))
            lines.extend(pieces.lines[:-1])
            current = pieces.lines[-1]
            if pieces.truncated:
                return _last_line_cut([*lines, current], width, size, max_lines), True
        else:
            if current:
                lines.append(current)
            current = word
        if len(lines) >= max_lines:
            rest = " ".join([current, *words[i + 1 :]])
            return _last_line_cut([*lines, rest], width, size, max_lines), True
    lines.append(current)
    return tuple(lines), False


def _last_line_cut(lines: list[str], width: float, size: float, max_lines: int) -> tuple[str, ...]:
    """The first `max_lines` lines, the last one ending in "…" (text was left over)."""
    last = " ".join(lines[max_lines - 1 :])
    if not last.endswith(tx.ELLIPSIS):
        last += " " + tx.ELLIPSIS
    return (*lines[: max_lines - 1], tx.shorten(last, width, size))


def _note_shapes(note: _Note, x: float, top: float) -> list[Shape]:
    """The folded-corner box and the text of a note whose box starts at (x, top)."""
    x1, y1 = x + note.width, top + note.height
    shapes: list[Shape] = [
        Polygon(
            ((x, top), (x1 - FOLD, top), (x1, top + FOLD), (x1, y1), (x, y1)),
            "st-note-box",
            opaque=True,
        ),
        Line(((x1 - FOLD, top), (x1 - FOLD, top + FOLD), (x1, top + FOLD)), "st-note-fold"),
    ]
    y = top + NOTE_PAD
    for line in note.lines:
        lh = _lh(SIZE_NOTE)
        base = y + lh / 2 + 0.35 * SIZE_NOTE
        shapes.append(
            Text(x + NOTE_PAD, base, line, SIZE_NOTE, tx.measure(line, SIZE_NOTE), "st-note-text")
        )
        y += lh
    return shapes


class _Acts:
    """Which activation bars are open on a lifeline at an event."""

    def __init__(self, activations: Sequence[Activation]) -> None:
        self.by_part: dict[int, list[Activation]] = {}
        for act in activations:
            self.by_part.setdefault(act.participant, []).append(act)

    def open_at(self, part: int, event: int) -> int:
        """Top level of the bars open on `part` as `event` happens (-1: none)."""
        top = -1
        for act in self.by_part.get(part, ()):
            starts_before = act.start is None or act.start < event
            ends_after = (
                act.end is None or act.end > event or (act.end == event and act.end_at_event)
            )
            if starts_before and ends_after:
                top = max(top, act.level)
        return top

    def starting(self, part: int, event: int) -> int | None:
        for act in self.by_part.get(part, ()):
            if act.start == event:
                return act.level
        return None

    def max_level(self, part: int) -> int:
        return max((a.level for a in self.by_part.get(part, ())), default=0)


def _bar_edge(x: float, level: int, right: bool) -> float:
    if level < 0:
        return x
    left = x - ACT_W / 2 + ACT_STEP * level
    return left + ACT_W if right else left


def layout(diagram: Diagram, options: LayoutOptions | None = None) -> Geometry:
    """Geometry for a diagram; a pure function of its input."""
    return _Layout(diagram, options or LayoutOptions()).run()


class _Layout:
    def __init__(self, diagram: Diagram, options: LayoutOptions) -> None:
        self.d = diagram
        self.o = options
        self.acts = _Acts(diagram.activations)
        n = len(diagram.participants)
        self.n = n
        self.depth = [len(p.groups) for p in diagram.participants]
        self.act_r = [ACT_W / 2 + ACT_STEP * self.acts.max_level(i) for i in range(n)]
        self.act_l = [ACT_W / 2 for _ in range(n)]
        self.notes: dict[int, _Note] = {}  # event -> its note, when the view draws notes
        self.hops_marked = False  # some network hop crosses a process border (legend)

    # -- columns ---------------------------------------------------------------

    def _headers(self) -> list[tuple[tuple[str, ...], str, float, bool]]:
        """Per participant: title lines, subtitle, box width, truncated."""
        out = []
        for p in self.d.participants:
            title = tx.wrap(p.title, TITLE_MAX, SIZE_TITLE, bold=True, max_lines=2)
            sub = tx.shorten(p.subtitle, TITLE_MAX, SIZE_SUB)
            width = max(title.width, tx.measure(sub, SIZE_SUB), 60.0) + 20
            out.append((title.lines, sub, width, title.truncated or sub != p.subtitle))
        return out

    def _borders(self, k: int) -> int:
        """Number of group borders in gap k (between columns k-1 and k)."""
        parts = self.d.participants
        if k == 0:
            return self.depth[0]
        if k == self.n:
            return self.depth[-1]
        a, b = parts[k - 1].groups, parts[k].groups
        common = 0
        while common < min(len(a), len(b)) and a[common] == b[common]:
            common += 1
        return (len(a) - common) + (len(b) - common)

    def _columns(self, blocks: dict[int, _Block], widths: list[float]) -> None:
        n = self.n
        # lneed[k]: from x[k-1] rightwards; rneed[k]: from x[k] leftwards (labels only).
        lneed = [0.0] * (n + 1)
        rneed = [0.0] * (n + 1)
        for e, ev in enumerate(self.d.events):
            if not isinstance(ev, Message):
                continue
            w = max(blocks[e].width, self.notes[e].width if e in self.notes else 0.0)
            s, t = ev.source, ev.target
            if s is None:
                rneed[t] = max(rneed[t], self.act_l[t] + PAD + w + PAD + 12)
            elif s == t:
                lneed[s + 1] = max(lneed[s + 1], self.act_r[s] + ACT_STEP + LOOP_W + 6 + w + PAD)
            elif t > s:
                lneed[s + 1] = max(lneed[s + 1], self.act_r[s] + PAD + w + PAD)
            else:
                rneed[s] = max(rneed[s], self.act_l[s] + PAD + w + PAD)
        hw = [w / 2 for w in widths]
        self.lpart = [0.0] * (n + 1)
        self.rpart = [0.0] * (n + 1)
        gaps = [0.0] * (n + 1)
        for k in range(n + 1):
            m = self._borders(k)
            left = max(hw[k - 1], lneed[k], self.act_r[k - 1]) if k > 0 else 0.0
            right = max(hw[k], rneed[k], self.act_l[k]) if k < n else 0.0
            self.lpart[k], self.rpart[k] = left, right
            if k == 0:
                gaps[k] = MARGIN + m * G + right
            elif k == n:
                gaps[k] = left + m * G + MARGIN
            elif m == 0:
                gaps[k] = max(
                    hw[k - 1] + hw[k] + PART_GAP,
                    lneed[k] + self.act_l[k],
                    rneed[k] + self.act_r[k - 1],
                )
            else:
                gaps[k] = left + right + (m + 1) * G
        self.gaps = gaps
        self._fit_group_titles()
        self._place()

    def _place(self) -> None:
        xs = []
        x = 0.0
        for k in range(self.n):
            x += self.gaps[k]
            xs.append(x)
        self.x = xs
        self.width = x + self.gaps[self.n] if self.n else 2 * MARGIN

    def _members(self, key: str) -> tuple[int, int, int]:
        """First and last column of a group, and its depth."""
        cols = [i for i, p in enumerate(self.d.participants) if key in p.groups]
        depth = self.d.participants[cols[0]].groups.index(key)
        return cols[0], cols[-1], depth

    def _group_x(self, key: str) -> tuple[float, float]:
        a, b, j = self._members(key)
        x0 = self.x[a] - self.rpart[a] - G * (self.depth[a] - j)
        x1 = self.x[b] + self.lpart[b + 1] + G * (self.depth[b] - j)
        return x0, x1

    def _fit_group_titles(self) -> None:
        """Widen gaps (or a lone member's margins) until each group title fits."""
        self.group_titles: dict[str, tuple[str, float]] = {}
        order = sorted(self.d.groups, key=lambda g: -self._members(g.key)[2])
        for group in order:
            title = tx.shorten(group.title, GROUP_TITLE_MAX, SIZE_GROUP, bold=True)
            tw = tx.measure(title, SIZE_GROUP, bold=True)
            self.group_titles[group.key] = (title, tw)
            self._place()
            x0, x1 = self._group_x(group.key)
            deficit = tw + 2 * PAD - (x1 - x0)
            if deficit <= 0:
                continue
            a, b, _ = self._members(group.key)
            if a == b:
                self.rpart[a] += deficit / 2
                self.lpart[a + 1] += deficit / 2
                self.gaps[a] += deficit / 2
                self.gaps[a + 1] += deficit / 2
            else:
                for k in range(a + 1, b + 1):
                    self.gaps[k] += deficit / (b - a)
        self._place()

    # -- rows ------------------------------------------------------------------

    def run(self) -> Geometry:
        d = self.d
        headers = self._headers()
        blocks: dict[int, _Block] = {}
        for e, ev in enumerate(d.events):
            if isinstance(ev, Message):
                blocks[e] = _block(ev.number, ev.label, ev.sublabel)
                if ev.note:
                    self.notes[e] = _note(ev.note)
        self._columns(blocks, [h[2] for h in headers])

        items: list[Item] = []
        y = MARGIN
        heading: list[Item] = []
        if self.o.heading:
            title = tx.shorten(_heading(d), max(self.width - 2 * MARGIN, 200), SIZE_HEADING, True)
            tw = tx.measure(title, SIZE_HEADING, True)
            self.width = max(self.width, tw + 2 * MARGIN)
            heading.append(
                Item(
                    "heading",
                    "st-heading",
                    (
                        Text(
                            MARGIN,
                            y + SIZE_HEADING,
                            title,
                            SIZE_HEADING,
                            tw,
                            "st-heading-text",
                            True,
                        ),
                    ),
                    tooltip=_heading(d),
                )
            )
            y += SIZE_HEADING * 1.6
        top = y
        max_depth = max(self.depth, default=0)
        head_top = top + max_depth * GROUP_ROW + (6 if max_depth else 0)
        title_lines = max((len(h[0]) for h in headers), default=1)
        head_h = 10 + title_lines * _lh(SIZE_TITLE) + _lh(SIZE_SUB) + 8
        life_top = head_top + head_h

        # Rows.
        y = life_top + 14
        starts: list[float] = []  # y where each event's rows begin (before fragment heads)
        line_y: dict[int, float] = {}  # arrow y (the y an activation starts or ends at)
        arrive_y: dict[int, float] = {}
        frag_top: dict[int, float] = {}
        frag_bottom: dict[int, float] = {}
        event_items: dict[int, list[Item]] = {}
        ref_boxes: list[Box] = []
        for e, ev in enumerate(d.events):
            starts.append(y)
            for f, frag in enumerate(d.fragments):
                if frag.first == e:
                    frag_top[f] = y
                    y += 26
            if isinstance(ev, Message):
                y = self._message(e, ev, blocks[e], y, line_y, arrive_y, event_items)
            else:
                y = self._ref(e, ev, y, arrive_y, event_items, ref_boxes)
            for f in sorted(
                (f for f, frag in enumerate(d.fragments) if frag.last == e),
                key=lambda f: -d.fragments[f].first,
            ):
                frag_bottom[f] = y + 2
                y += 8
        bottom = y + 8
        starts.append(bottom)

        # Paint order: groups, lifelines, activations, fragments, arrows, boxes, heads.
        groups = self._groups(top, bottom, max_depth)
        lifelines = [
            Item(
                f"l{i + 1}",
                "st-lifeline",
                (Line(((self.x[i], life_top), (self.x[i], bottom)), "st-lifeline-line"),),
            )
            for i in range(self.n)
        ]
        acts = self._activations(life_top, bottom, starts, line_y, arrive_y, ref_boxes)
        frags = self._fragments(frag_top, frag_bottom, event_items)
        parts = self._participants(headers, head_top, head_h)
        for e in range(len(d.events)):
            items.extend(event_items.get(e, ()))
        height = bottom + max_depth * G + 8
        legend: list[Item] = []
        if self.o.legend and d.kinds:
            legend, height = self._legend(height + 10)
        all_items = [*heading, *groups, *lifelines, *acts, *frags, *parts, *items, *legend]
        all_items = self._normalise(all_items)
        return Geometry(
            key=d.key,
            width=round(self.width, 2),
            height=round(height + MARGIN, 2),
            title=d.title,
            desc=_desc(d),
            items=tuple(all_items),
        )

    def _normalise(self, items: list[Item]) -> list[Item]:
        """Move everything right if a box pokes out on the left; widen to fit."""
        x0 = min((s.box[0] for it in items for s in it.shapes), default=MARGIN)
        x1 = max((s.box[2] for it in items for s in it.shapes), default=0.0)
        dx = MARGIN - x0 if x0 < MARGIN else 0.0
        self.width = max(self.width + dx, x1 + dx + MARGIN)
        if not dx:
            return items
        return [
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

    def _endpoints(self, e: int, ev: Message) -> tuple[float, float]:
        """x where the arrow leaves its source and where its head touches the target."""
        t = ev.target
        xt = self.x[t]
        if ev.source is None:
            lvl = self.acts.starting(t, e)
            end = _bar_edge(xt, self.acts.open_at(t, e) if lvl is None else lvl, right=False)
            return xt - self.rpart[t] + 4, end
        s = ev.source
        xs = self.x[s]
        right = t > s
        src_lvl = self.acts.open_at(s, e)
        start = _bar_edge(xs, src_lvl, right=right)
        new = self.acts.starting(t, e)
        tgt_lvl = new if new is not None else self.acts.open_at(t, e)
        end = _bar_edge(xt, tgt_lvl, right=not right)
        return start, end

    def _message(
        self,
        e: int,
        ev: Message,
        block: _Block,
        y: float,
        line_y: dict[int, float],
        arrive_y: dict[int, float],
        out: dict[int, list[Item]],
    ) -> float:
        shapes: list[Shape] = []
        kind_cls = f"st-kind-{ev.kind}"
        if ev.source is not None and ev.source == ev.target:
            s = ev.source
            lvl = self.acts.open_at(s, e)
            new = self.acts.starting(s, e)
            x_out = _bar_edge(self.x[s], lvl, right=True)
            x_back = _bar_edge(self.x[s], new if new is not None else lvl, right=True)
            loop_x = max(x_out, x_back) + LOOP_W
            y1 = y + 8
            y2 = y1 + max(18.0, block.height - 4)
            shapes.append(Line(((x_out, y1), (loop_x, y1), (loop_x, y2), (x_back, y2)), "st-line"))
            shapes.extend(_head(ev.kind, x_back, y2, -1))
            shapes.extend(_tail(ev.kind, x_out, y1, 1))
            bx = self.x[s] + self.act_r[s] + ACT_STEP + LOOP_W + 6
            shapes.extend(_block_shapes(block, bx, y + 4))
            line_y[e] = y1
            arrive_y[e] = y2
            bottom = max(y2 + 6, y + 4 + block.height) + 8
            note_x, note_top = bx, max(y2 + NOTE_GAP, y + 4 + block.height + 4)
        else:
            x_start, x_end = self._endpoints(e, ev)
            direction = 1 if x_end >= x_start else -1
            line = y + 6 + block.height + 5
            if ev.source is None:
                shapes.append(Circle(x_start, line, 3.5, "st-found", opaque=False))
                bx = x_start + 8
            elif direction > 0:
                assert ev.source is not None
                bx = self.x[ev.source] + self.act_r[ev.source] + PAD
            else:
                assert ev.source is not None
                bx = self.x[ev.source] - self.act_l[ev.source] - PAD - block.width
            shapes.append(
                Line(((x_start, line), (x_end - direction * _inset(ev.kind), line)), "st-line")
            )
            shapes.extend(_head(ev.kind, x_end, line, direction))
            shapes.extend(_tail(ev.kind, x_start, line, direction))
            shapes.extend(_block_shapes(block, bx, y + 6))
            if ev.kind == "network" and ev.source is not None:
                marks = self._hop_marks(ev.source, ev.target, x_start, x_end, line)
                self.hops_marked = self.hops_marked or bool(marks)
                shapes.extend(marks)
            line_y[e] = line
            arrive_y[e] = line
            bottom = line + 10
            note_x, note_top = bx, line + NOTE_GAP
            if direction < 0 and ev.source is not None and e in self.notes:
                note_x = bx + block.width - self.notes[e].width  # right-aligned, as the label
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
            tooltip = _join(ev.label, ev.sublabel, tooltip)
        key = f"m{ev.number}" if ev.number is not None else f"r{e + 1}"
        out.setdefault(e, []).append(Item(key, cls, tuple(shapes), ev.href, tooltip, data))
        note = self.notes.get(e)
        if note is not None:
            # Its own item, linked and marked like the arrow, so step-through lights it too.
            note_key = f"n{ev.number}" if ev.number is not None else f"rn{e + 1}"
            note_shapes = tuple(_note_shapes(note, note_x, note_top))
            out[e].append(Item(note_key, "st-note", note_shapes, ev.href, ev.note, data[:1]))
            bottom = max(bottom, note_top + note.height + 8)
        return bottom

    def _hop_marks(
        self, source: int, target: int, x_start: float, x_end: float, y: float
    ) -> list[Shape]:
        """Diamonds where a network hop leaves its caller's process and enters its callee's.

        Only the outermost groups count (the process, not a folder inside it); an end
        outside any group has no border to mark.
        """
        parts = self.d.participants
        a, b = parts[source].groups[:1], parts[target].groups[:1]
        if a == b:
            return []
        lo, hi = min(x_start, x_end), max(x_start, x_end)
        right = x_end > x_start
        xs: list[float] = []
        for keys, leaving in ((a, True), (b, False)):
            for key in keys:
                x0, x1 = self._group_x(key)
                # Going right, one leaves a box by its right edge and enters by its left.
                x = x1 if right == leaving else x0
                # On the shaft, clear of the arrowhead (a deeply nested bar can bring the
                # head within a border's pad).
                if lo < x < hi and abs(x - x_start) > HOP + 1 and abs(x - x_end) > HEAD + HOP + 1:
                    xs.append(x)
        return [
            Polygon(((x, y - HOP), (x + HOP, y), (x, y + HOP), (x - HOP, y)), "st-hop-cross", True)
            for x in sorted(xs)
        ]

    def _ref(
        self,
        e: int,
        ev: Ref,
        y: float,
        arrive_y: dict[int, float],
        out: dict[int, list[Item]],
        ref_boxes: list[Box],
    ) -> float:
        a, b = ev.first, ev.last
        x0 = self.x[a] - self.act_l[a] - 14
        x1 = self.x[b] + self.act_r[b] + 14
        num = str(ev.number)
        radius = max(9.0, tx.measure(num, SIZE_NUM, True) / 2 + 4)
        tag = "ref"
        tag_w = tx.measure(tag, SIZE_SMALL, True)
        lead = 8 + 2 * radius + 6 + tag_w + 10
        wrapped = tx.wrap(ev.title, REF_MAX, SIZE_LABEL, bold=True, max_lines=2)
        need = lead + wrapped.width + 12
        if x1 - x0 < need:
            mid = (x0 + x1) / 2
            x0, x1 = mid - need / 2, mid + need / 2
        lh = _lh(SIZE_LABEL)
        box_h = 10 + max(len(wrapped.lines) * lh, 2 * radius) + 8
        top = y + 8
        box = Rect(x0, top, x1 - x0, box_h, "st-ref-box", opaque=True, rx=3)
        ref_boxes.append(box.box)
        cy = top + 10 + lh / 2
        tag_x = x0 + 8 + 2 * radius + 6
        shapes: list[Shape] = [
            box,
            Text(tag_x, cy + 0.36 * SIZE_SMALL, tag, SIZE_SMALL, tag_w, "st-ref-tag", True),
        ]
        ty = top + 10
        for line in wrapped.lines:
            shapes.append(
                Text(
                    x0 + lead,
                    ty + lh / 2 + 0.35 * SIZE_LABEL,
                    line,
                    SIZE_LABEL,
                    tx.measure(line, SIZE_LABEL, True),
                    "st-ref-title",
                    True,
                )
            )
            ty += lh
        tooltip = _join(ev.title if wrapped.truncated else "", ev.tooltip)
        data = (("step", num),)
        nw = tx.measure(num, SIZE_NUM, True)
        cx = x0 + 8 + radius
        number = (
            Circle(cx, cy, radius, "st-num", opaque=True),
            Text(cx - nw / 2, cy + 0.36 * SIZE_NUM, num, SIZE_NUM, nw, "st-num-text", True),
        )
        out.setdefault(e, []).extend(
            [
                Item(f"ref{ev.number}", "st-ref", tuple(shapes), ev.href, tooltip, data),
                Item(f"m{ev.number}", "st-msg st-ref-num", number, ev.step_href, ev.tooltip, data),
            ]
        )
        arrive_y[e] = top + box_h
        return top + box_h + 10

    # -- the rest --------------------------------------------------------------

    def _groups(self, top: float, bottom: float, max_depth: int) -> list[Item]:
        items = []
        for group in self.d.groups:
            a, _, j = self._members(group.key)
            x0, x1 = self._group_x(group.key)
            y0 = top + j * GROUP_ROW
            y1 = bottom + G * (max_depth - j)
            title, tw = self.group_titles[group.key]
            shapes: tuple[Shape, ...] = (
                Rect(x0, y0, x1 - x0, y1 - y0, "st-group-box", rx=4),
                Text(x0 + PAD, y0 + 16, title, SIZE_GROUP, tw, "st-group-title", True),
            )
            items.append(
                Item(
                    "g-" + _safe(group.key),
                    f"st-group st-group-{_safe(group.kind)}",
                    shapes,
                    tooltip=group.tooltip,
                )
            )
        return items

    def _participants(
        self, headers: list[tuple[tuple[str, ...], str, float, bool]], top: float, height: float
    ) -> list[Item]:
        items = []
        for i, (p, (lines, sub, width, truncated)) in enumerate(
            zip(self.d.participants, headers, strict=True)
        ):
            x0 = self.x[i] - width / 2
            shapes: list[Shape] = [Rect(x0, top, width, height, "st-part-box", opaque=True, rx=4)]
            # Centre title and subtitle in the box (boxes share the tallest's height).
            content = len(lines) * _lh(SIZE_TITLE) + _lh(SIZE_SUB)
            y = top + (height - content) / 2
            for line in lines:
                lw = tx.measure(line, SIZE_TITLE, True)
                base = y + _lh(SIZE_TITLE) / 2 + 0.35 * SIZE_TITLE
                shapes.append(
                    Text(self.x[i] - lw / 2, base, line, SIZE_TITLE, lw, "st-part-title", True)
                )
                y += _lh(SIZE_TITLE)
            sw = tx.measure(sub, SIZE_SUB)
            sub_y = y + _lh(SIZE_SUB) / 2 + 0.35 * SIZE_SUB
            shapes.append(Text(self.x[i] - sw / 2, sub_y, sub, SIZE_SUB, sw, "st-part-sub"))
            tooltip = _join(f"{p.title}: {p.subtitle}" if truncated else "", p.tooltip)
            items.append(
                Item(f"p{i + 1}", "st-part", tuple(shapes), p.href, tooltip, (("layer", p.key),))
            )
        return items

    def _activations(
        self,
        life_top: float,
        bottom: float,
        starts: list[float],
        line_y: dict[int, float],
        arrive_y: dict[int, float],
        ref_boxes: list[Box],
    ) -> list[Item]:
        items = []
        order = sorted(
            range(len(self.d.activations)),
            key=lambda i: (self.d.activations[i].participant, self.d.activations[i].level, i),
        )
        for n, i in enumerate(order):
            act = self.d.activations[i]
            y0 = life_top + 4 if act.start is None else arrive_y[act.start]
            if act.end is None:
                y1 = bottom - 4
            elif act.end_at_event:
                y1 = line_y[act.end]
            else:
                y1 = starts[act.end] + 4
            y1 = max(y1, y0 + 6)
            x0 = self.x[act.participant] - ACT_W / 2 + ACT_STEP * act.level
            segments = [(y0, y1)]
            for bx0, by0, bx1, by1 in ref_boxes:
                if bx0 < x0 + ACT_W and x0 < bx1:
                    segments = _cut(segments, by0, by1)
            rects = tuple(
                Rect(x0, s0, ACT_W, s1 - s0, "st-act-bar", opaque=True) for s0, s1 in segments
            )
            if rects:
                items.append(Item(f"a{n + 1}", "st-act", rects, tooltip=act.tooltip))
        return items

    def _fragments(
        self, tops: dict[int, float], bottoms: dict[int, float], events: dict[int, list[Item]]
    ) -> list[Item]:
        """Boxes around loops and branches; inner ones first computed, outer ones wider."""
        frags = self.d.fragments
        extents: dict[int, tuple[float, float]] = {}
        heads: dict[int, tuple[str, float, str, float]] = {}
        # Innermost first: a fragment contained in another is computed before it.
        order = sorted(range(len(frags)), key=lambda f: (frags[f].last - frags[f].first, -f))
        for f in order:
            frag = frags[f]
            if f not in tops or f not in bottoms:
                continue
            boxes = [
                s.box
                for e in range(frag.first, frag.last + 1)
                for it in events.get(e, ())
                for s in it.shapes
            ]
            for g, (gx0, gx1) in extents.items():
                if g != f and _contains(frag, frags[g]):
                    boxes.append((gx0, 0.0, gx1, 0.0))
            x0 = min(b[0] for b in boxes) - PAD
            x1 = max(b[2] for b in boxes) + PAD
            tag = frag.kind
            tag_w = tx.measure(tag, SIZE_SMALL, True)
            cond = tx.shorten(f"[{frag.text}]", FRAG_MAX, SIZE_SMALL)
            cond_w = tx.measure(cond, SIZE_SMALL)
            head_w = 6 + tag_w + 8 + cond_w + 8
            x1 = max(x1, x0 + head_w + 4)
            extents[f] = (x0, x1)
            heads[f] = (tag, tag_w, cond, cond_w)
        items = []
        for f, frag in enumerate(frags):
            if f not in extents:
                continue
            x0, x1 = extents[f]
            y0, y1 = tops[f] + 2, bottoms[f]
            tag, tag_w, cond, cond_w = heads[f]
            head_w = 6 + tag_w + 8 + cond_w + 8
            shapes: tuple[Shape, ...] = (
                Rect(x0, y0, x1 - x0, y1 - y0, "st-frag-box", rx=2),
                Polygon(
                    (
                        (x0, y0),
                        (x0 + head_w, y0),
                        (x0 + head_w, y0 + 14),
                        (x0 + head_w - 6, y0 + 20),
                        (x0, y0 + 20),
                    ),
                    "st-frag-tab",
                    opaque=True,
                ),
                Text(x0 + 6, y0 + 14.5, tag, SIZE_SMALL, tag_w, "st-frag-kind", True),
                Text(x0 + 6 + tag_w + 8, y0 + 14.5, cond, SIZE_SMALL, cond_w, "st-frag-text"),
            )
            items.append(
                Item(f"f{f + 1}", f"st-frag st-frag-{frag.kind}", shapes, tooltip=frag.tooltip)
            )
        return items

    def _legend(self, y: float) -> tuple[list[Item], float]:
        """One sample arrow per kind drawn, flowing left to right in rows; then the
        process-border diamond, when one is drawn."""
        items = []
        x = MARGIN
        row_h = 22.0
        sample = 40.0
        width = max(self.width, 360.0)
        title = "Legend"
        title_w = tx.measure(title, SIZE_SMALL, True)
        items.append(
            Item(
                "legend",
                "st-legend",
                (Text(x, y + 14, title, SIZE_SMALL, title_w, "st-legend-title", True),),
            )
        )
        x += title_w + 14
        entries = [*self.d.kinds, *(["hop-cross"] if self.hops_marked else [])]
        for kind in entries:
            name = KIND_NAMES.get(kind, HOP_NAME)
            nw = tx.measure(name, SIZE_SMALL)
            need = sample + 6 + nw + 18
            if x + need > width - MARGIN and x > MARGIN + title_w + 14:
                x = MARGIN + title_w + 14
                y += row_h
            ly = y + 10
            drawn = "network" if kind == "hop-cross" else kind
            shapes: list[Shape] = [
                Line(((x, ly), (x + sample - _inset(drawn), ly)), "st-line"),
                *_head(drawn, x + sample, ly, 1),
                *_tail(drawn, x, ly, 1),
            ]
            if kind == "hop-cross":
                mx = x + sample / 2 - 4
                shapes += [
                    Line(((mx, ly - 9), (mx, ly + 9)), "st-legend-border"),
                    Polygon(
                        ((mx, ly - HOP), (mx + HOP, ly), (mx, ly + HOP), (mx - HOP, ly)),
                        "st-hop-cross",
                        True,
                    ),
                ]
            shapes.append(Text(x + sample + 6, ly + 4.2, name, SIZE_SMALL, nw, "st-legend-text"))
            cls = f"st-legend-kind st-kind-{drawn}"
            items.append(Item(f"k-{kind}", cls, tuple(shapes)))
            x += need
        return items, y + row_h


def _inset(kind: str) -> float:
    """How far before the tip the shaft stops, so it does not poke through the head."""
    return {"call": 3.0, "await": 3.0, "virtual": 3.0, "network": 4.0, "next": 8.0}.get(kind, 0.0)


def _head(kind: str, x: float, y: float, direction: int) -> list[Shape]:
    """The arrowhead of a kind, tip at (x, y), pointing in `direction` (+1 right)."""
    back = x - direction * HEAD
    if kind in ("fire-and-forget", "return"):
        return [Line(((back, y - 4.5), (x, y), (back, y + 4.5)), "st-head-line")]
    if kind == "generated":
        return [Polygon(((x, y), (back, y - 5), (back, y + 5)), "st-head st-head-hollow")]
    if kind == "callback":
        return [Polygon(((x, y), (back - direction * 2, y - 6), (back, y)), "st-head")]
    if kind == "next":
        back2 = back - direction * 6
        return [
            Polygon(((x, y), (back, y - 4.5), (back, y + 4.5)), "st-head"),
            Polygon(((x - direction * 6, y), (back2, y - 4.5), (back2, y + 4.5)), "st-head"),
        ]
    return [Polygon(((x, y), (back, y - 4.5), (back, y + 4.5)), "st-head")]


def _tail(kind: str, x: float, y: float, direction: int) -> list[Shape]:
    """A mark at the arrow's start: the awaiting caller's small circle."""
    if kind == "await":
        return [Circle(x + direction * 4, y, 3.5, "st-tail")]
    return []


def _cut(segments: list[tuple[float, float]], y0: float, y1: float) -> list[tuple[float, float]]:
    out = []
    for s0, s1 in segments:
        if s1 <= y0 or s0 >= y1:
            out.append((s0, s1))
            continue
        if s0 < y0 - 2:
            out.append((s0, y0 - 2))
        if s1 > y1 + 2:
            out.append((y1 + 2, s1))
    return out


def _contains(outer: Fragment, inner: Fragment) -> bool:
    return outer.first <= inner.first and inner.last <= outer.last and outer != inner


def _safe(key: str) -> str:
    """An id or class fragment made of ASCII letters, digits and dashes."""
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch == "-") else "-" for ch in key)


def _join(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


def _heading(d: Diagram) -> str:
    """The stack title, plus what the view leaves out."""
    extra = []
    if d.options.steps:
        extra.append(f"steps {d.first_step}\u2013{d.last_step}")
    if d.options.hide:
        extra.append("without " + ", ".join(d.options.hide))
    return d.title + (f" ({'; '.join(extra)})" if extra else "")


def _desc(d: Diagram) -> str:
    span = (
        f"steps {d.first_step}-{d.last_step}"
        if d.options.steps
        else f"{len([e for e in d.events if not isinstance(e, Message) or e.number])} steps"
    )
    names = ", ".join(p.title for p in d.participants)
    summary = " ".join(d.summary.split())
    return f"Sequence diagram, {span}, between {names}. {summary}".strip()
