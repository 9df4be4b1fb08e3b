"""Columns: where each lifeline stands, and how wide each gap between lifelines is.

An arrow's label sits in the gap next to the participant it leaves, so each gap is
made as wide as the widest label placed in it (plus the bars beside it), as wide as
the participant boxes on either side need, and wide enough for the group borders that
pass through it. Group titles then widen the gaps inside their group until they fit.
"""

from __future__ import annotations

from collections.abc import Sequence

from ... import text as tx
from ..view import Diagram, Message
from .activations import OpenBars
from .metrics import (
    ACT_STEP,
    ACT_W,
    GROUP_TITLE_MAX,
    LOOP_W,
    MARGIN,
    PAD,
    PART_GAP,
    SIZE_GROUP,
    G,
)


class Columns:
    """Lifeline positions of a diagram (px), from box widths and label widths.

    - `x[i]`: the lifeline of participant i;
    - `lpart[k]`/`rpart[k]`: room taken right of lifeline k-1 / left of lifeline k in
      gap k (gap 0 is the left margin, gap n the right one);
    - `act_l[i]`/`act_r[i]`: how far the bars reach left / right of lifeline i;
    - `group_titles[key]`: a group's title, shortened to fit, and its width;
    - `width`: from the left edge to the right margin.
    """

    def __init__(
        self,
        diagram: Diagram,
        acts: OpenBars,
        box_widths: Sequence[float],
        label_widths: dict[int, float],
    ) -> None:
        """`box_widths`: per participant; `label_widths`: per message event, the wider
        of its label block and its note."""
        self.d = diagram
        n = len(diagram.participants)
        self.n = n
        self.depth = [len(p.groups) for p in diagram.participants]
        self.act_r = [ACT_W / 2 + ACT_STEP * acts.max_level(i) for i in range(n)]
        self.act_l = [ACT_W / 2 for _ in range(n)]
        self._gaps(box_widths, label_widths)
        self._fit_group_titles()
        self._place()

    def borders(self, k: int) -> int:
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

    def _gaps(self, widths: Sequence[float], label_widths: dict[int, float]) -> None:
        n = self.n
        # lneed[k]: from x[k-1] rightwards; rneed[k]: from x[k] leftwards (labels only).
        lneed = [0.0] * (n + 1)
        rneed = [0.0] * (n + 1)
        for e, ev in enumerate(self.d.events):
            if not isinstance(ev, Message):
                continue
            w = label_widths[e]
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
            m = self.borders(k)
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

    def _place(self) -> None:
        xs = []
        x = 0.0
        for k in range(self.n):
            x += self.gaps[k]
            xs.append(x)
        self.x = xs
        self.width = x + self.gaps[self.n] if self.n else 2 * MARGIN

    def members(self, key: str) -> tuple[int, int, int]:
        """First and last column of a group, and its depth."""
        cols = [i for i, p in enumerate(self.d.participants) if key in p.groups]
        depth = self.d.participants[cols[0]].groups.index(key)
        return cols[0], cols[-1], depth

    def group_x(self, key: str) -> tuple[float, float]:
        """Left and right edge of a group's box."""
        a, b, j = self.members(key)
        x0 = self.x[a] - self.rpart[a] - G * (self.depth[a] - j)
        x1 = self.x[b] + self.lpart[b + 1] + G * (self.depth[b] - j)
        return x0, x1

    def _fit_group_titles(self) -> None:
        """Widen gaps (or a lone member's margins) until each group title fits."""
        self.group_titles: dict[str, tuple[str, float]] = {}
        order = sorted(self.d.groups, key=lambda g: -self.members(g.key)[2])
        for group in order:
            title = tx.shorten(group.title, GROUP_TITLE_MAX, SIZE_GROUP, bold=True)
            tw = tx.measure(title, SIZE_GROUP, bold=True)
            self.group_titles[group.key] = (title, tw)
            self._place()
            x0, x1 = self.group_x(group.key)
            deficit = tw + 2 * PAD - (x1 - x0)
            if deficit <= 0:
                continue
            a, b, _ = self.members(group.key)
            if a == b:
                self.rpart[a] += deficit / 2
                self.lpart[a + 1] += deficit / 2
                self.gaps[a] += deficit / 2
                self.gaps[a + 1] += deficit / 2
            else:
                for k in range(a + 1, b + 1):
                    self.gaps[k] += deficit / (b - a)
