"""`mkdocs build` of a stacktour site against its floor, interleaved in one run.

The first build of the stacktour site starts with no Graphviz cache (a fresh clone); the
rest are what an author's next `mkdocs build` costs, with the cache on disk. Floor and
stacktour builds alternate, so a busy moment on the machine lands on both.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .runs import DotCounter, Run, median, mkdocs_build


@dataclass
class BuildFigures:
    label: str
    site: Path
    cold: Run | None = None  # stacktour, empty dot cache
    warm: list[Run] = field(default_factory=list)  # stacktour, dot cache on disk
    floor: list[Run] = field(default_factory=list)
    pages: int = 0
    floor_pages: int = 0
    site_bytes: int = 0
    floor_bytes: int = 0

    @property
    def warm_seconds(self) -> float:
        return median([r.seconds for r in self.warm])

    @property
    def floor_seconds(self) -> float:
        return median([r.seconds for r in self.floor])

    @property
    def ratio(self) -> float:
        return self.warm_seconds / self.floor_seconds

    @property
    def cpu_ratio(self) -> float:
        """Warm over floor in CPU seconds (user + system): steadier on a busy machine."""
        return median([r.cpu_seconds for r in self.warm]) / median(
            [r.cpu_seconds for r in self.floor]
        )

    @property
    def cold_ratio(self) -> float:
        return (self.cold.seconds if self.cold else float("nan")) / self.floor_seconds

    @property
    def peak_rss_mb(self) -> float:
        return max(r.peak_rss_mb for r in [*self.warm, *([self.cold] if self.cold else [])])

    @property
    def floor_rss_mb(self) -> float:
        return max(r.peak_rss_mb for r in self.floor)

    @property
    def warm_dot_runs(self) -> int:
        return sum(r.dot_runs for r in self.warm)


def _pages(out: Path) -> int:
    return sum(1 for _ in out.rglob("*.html")) - (1 if (out / "404.html").exists() else 0)


def _bytes(out: Path) -> int:
    return sum(p.stat().st_size for p in out.rglob("*") if p.is_file())


def bench_build(
    label: str, site: Path, floor: Path, runs: int, dot: DotCounter, log: object = print
) -> BuildFigures:
    """Build `site` cold once, then `runs` times warm, alternating with its floor."""
    figures = BuildFigures(label, site)
    shutil.rmtree(site / ".cache", ignore_errors=True)
    site_out, floor_out = site / "_site", floor / "_site"
    figures.cold = mkdocs_build(site, site_out, dot=dot)
    cold = figures.cold
    _say(
        log,
        f"{label}: cold build {cold.seconds:.1f} s (CPU {cold.cpu_seconds:.1f} s, "
        f"{cold.peak_rss_mb:.0f} MB), {cold.dot_runs} dot",
    )
    for i in range(runs):
        order = ("floor", "site") if i % 2 == 0 else ("site", "floor")
        for which in order:
            if which == "site":
                figures.warm.append(mkdocs_build(site, site_out, dot=dot))
            else:
                figures.floor.append(mkdocs_build(floor, floor_out))
        _say(
            log,
            f"{label}: round {i + 1}/{runs}: stacktour {figures.warm[-1].seconds:.1f} s "
            f"(CPU {figures.warm[-1].cpu_seconds:.1f} s, {figures.warm[-1].peak_rss_mb:.0f} MB, "
            f"{figures.warm[-1].dot_runs} dot), floor {figures.floor[-1].seconds:.1f} s "
            f"(CPU {figures.floor[-1].cpu_seconds:.1f} s)",
        )
    figures.pages, figures.floor_pages = _pages(site_out), _pages(floor_out)
    figures.site_bytes, figures.floor_bytes = _bytes(site_out), _bytes(floor_out)
    return figures


def _say(log: object, text: str) -> None:
    if callable(log):
        log(text)
