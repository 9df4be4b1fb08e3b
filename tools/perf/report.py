"""The Markdown the benchmark writes: targets first, then every figure behind them."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .anatomy import Part
from .build import BuildFigures
from .editloop import EditFigures
from .reader import Variant
from .render import MapRow, RenderRow
from .runs import Run, median
from .sites import SiteFacts

MET, MISSED = "met", "**missed**"


@dataclass
class Results:
    date: str
    command: str
    quick: bool
    minutes: float = 0.0
    load_before: str = ""
    load_after: str = ""
    machine: list[tuple[str, str]] = field(default_factory=list)
    versions: list[tuple[str, str]] = field(default_factory=list)
    facts: dict[str, SiteFacts] = field(default_factory=dict)
    builds: list[BuildFigures] = field(default_factory=list)
    render_site: list[RenderRow] = field(default_factory=list)
    render_big: RenderRow | None = None
    maps: list[MapRow] = field(default_factory=list)
    edits: list[tuple[str, EditFigures]] = field(default_factory=list)
    reader_page: str = ""
    reader: list[Variant] = field(default_factory=list)
    diagram_svg_bytes: int = 0  # the default level's <svg> on the measured stack page
    anatomy: list[Part] = field(default_factory=list)
    sync_seconds: float | None = None
    sync_cpu_seconds: float | None = None  # user + system, git children included
    sync_runs: int = 0
    skipped: dict[str, str] = field(default_factory=dict)  # what -> why not measured


def _cell(text: object) -> str:
    text = str(text).replace("|", "\\|").replace("\n", " ")
    return text.replace("<", "&lt;").replace(">", "&gt;")


def table(head: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _s(seconds: float) -> str:
    return "n/a" if math.isnan(seconds) else f"{seconds:.2f} s"


def _ms(ms: float) -> str:
    return "n/a" if ms is None or math.isnan(ms) else f"{ms:.1f} ms"


def _kb(n: float) -> str:
    return f"{n / 1024:.1f} KiB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MiB"


def _dot_cell(run: Run | None) -> str:
    return "n/a" if run is None else f"{run.dot_runs} ({_s(run.dot_seconds)})"


def _status(ok: bool) -> str:
    return MET if ok else MISSED


def _variant(results: Results, name: str) -> Variant | None:
    return next((v for v in results.reader if v.name == name), None)


def target_rows(results: Results) -> list[list[object]]:
    rows: list[list[object]] = []
    skipped = results.skipped
    for build in results.builds:
        if not build.label.startswith("N = "):
            continue
        rows.append(
            [
                f"build, {build.label}",
                "≤ 1.2× the floor",
                f"{build.ratio:.2f}× ({_s(build.warm_seconds)} vs {_s(build.floor_seconds)})",
                _status(build.ratio <= 1.2),
            ]
        )
    stack, floor, mermaid = (_variant(results, n) for n in ("stacktour", "floor", "mermaid"))
    if stack and floor:
        for which in ("cold", "warm"):
            a, b = stack.median(which, "painted"), floor.median(which, "painted")
            rows.append(
                [
                    f"time-to-diagram, {which}",
                    "≤ 1.1× the page without it",
                    f"{a / b:.2f}× ({_ms(a)} vs {_ms(b)})",
                    _status(a / b <= 1.1),
                ]
            )
    else:
        rows.append(
            [
                "time-to-diagram",
                "≤ 1.1× the page without it",
                skipped.get("reader", "n/a"),
                "not measured",
            ]
        )
    if mermaid and results.diagram_svg_bytes:
        theirs = mermaid.median("cold", "mermaid_svg")
        ours = results.diagram_svg_bytes
        rows.append(
            [
                "SVG bytes",
                "≤ ½ of Mermaid's",
                f"{ours / theirs:.2f}× ({_kb(ours)} vs {_kb(theirs)})",
                _status(ours <= theirs / 2),
            ]
        )
    else:
        rows.append(
            ["SVG bytes", "≤ ½ of Mermaid's", skipped.get("mermaid", "n/a"), "not measured"]
        )
    if results.render_site:
        worst = max(results.render_site, key=lambda r: r.total_ms)
        rows.append(
            [
                "render, this site's stacks",
                "< 5 ms per diagram",
                f"{_ms(worst.total_ms)} at most ({worst.name})",
                _status(worst.total_ms < 5),
            ]
        )
    if results.render_big:
        big = results.render_big
        rows.append(["render, 40 × 300", "< 50 ms", _ms(big.total_ms), _status(big.total_ms < 50)])
    warm_runs = [(b.label, b.warm_dot_runs) for b in results.builds]
    if warm_runs:
        total = sum(n for _, n in warm_runs)
        rows.append(
            [
                "warm rebuild",
                "0 `dot` runs",
                f"{total} in {sum(len(b.warm) for b in results.builds)} warm builds",
                _status(total == 0),
            ]
        )
    for label, edit in results.edits:
        rows.append(
            [
                f"edit loop, {label}",
                "≤ 1.2× the floor's",
                f"{edit.ratio:.2f}× ({_s(_median(edit.site))} vs {_s(_median(edit.floor))})",
                _status(edit.ratio <= 1.2),
            ]
        )
    biggest = max(
        (b for b in results.builds if b.label.startswith("N = ")),
        key=lambda b: b.pages,
        default=None,
    )
    if biggest is not None:
        rows.append(
            [
                f"peak RSS, {biggest.label}",
                "< 500 MB",
                f"{biggest.peak_rss_mb:.0f} MB (floor {biggest.floor_rss_mb:.0f} MB)",
                _status(biggest.peak_rss_mb < 500),
            ]
        )
    if results.sync_seconds is not None:
        rows.append(
            [
                "`sync` of this site",
                "< 5 s",
                f"{_s(results.sync_seconds)} (median of {results.sync_runs} whole `stacktour "
                "sync` processes, clones warm; CPU "
                f"{_s(_or_nan(results.sync_cpu_seconds))})",
                _status(results.sync_seconds < 5),
            ]
        )
    else:
        rows.append(["`sync` of this site", "< 5 s", skipped.get("sync", "n/a"), "not measured"])
    return rows


def _or_nan(value: float | None) -> float:
    return math.nan if value is None else value


def _median(values: list[float]) -> float:
    return median(values)


def render(results: Results) -> str:
    out = [
        "# Performance\n",
        "What stacktour costs to build and to read, against a floor (the same pages without "
        "stacktour) and against Mermaid, measured in one run on one machine. The targets "
        "are ratios measured in the same run, interleaved, so a busy moment lands on both "
        "sides; absolute figures depend on the machine and its load.\n",
        f"Measured on {results.date} by `{results.command}` "
        f"({results.minutes:.0f} minutes; load average before {results.load_before}, after "
        f"{results.load_after}). Run `.venv/bin/python tools/bench.py` to measure again and "
        "rewrite this page; `--quick` is a smoke run.\n",
    ]
    if results.quick:
        out.append(
            '!!! warning "Smoke run"\n    `--quick` builds tiny sites once each: its figures '
            "show that the benchmark works, not what stacktour costs.\n"
        )
    out += ["## Targets\n", table(["what", "target", "measured", ""], target_rows(results))]
    out += ["## Machine\n", table(["", ""], [list(r) for r in results.machine])]
    out += ["## Versions\n", table(["", ""], [list(r) for r in results.versions])]
    if results.facts:
        out += [
            "## Sites\n",
            "Synthetic sites are generated from a fixed seed: N stacks of 12–40 layers and "
            "25–300 steps (uniform), over a pool of 40 + N layers that the stacks share. "
            "The pool is a layered system: each layer calls two to four layers a little "
            "deeper, each pair by one kind of call, and a stack is a random call tree walked "
            "over it from an entry layer (a fifth of the calls stay in their layer). Each "
            "frame has a C# excerpt whose call lines are its calls. The floor of a site "
            "is the same pages as Markdown files: the same headings and fenced excerpts, the "
            "same prose as Markdown, and what stacktour writes around it (call sentences, "
            "call stacks, source locations) as the raw HTML it would insert; on the same "
            "Material configuration, without the plugin, its assets, or any diagram or map. "
            "This site's floor is built the same way; its hand-written pages lose their "
            "embedded diagrams and keep the format tables.\n",
            table(
                ["site", "stacks", "layers", "frames", "steps", "excerpt lines", "YAML"],
                [
                    [
                        label,
                        f.stacks,
                        f.layers,
                        f.frames,
                        f.steps,
                        f.excerpt_lines,
                        _kb(f.yaml_bytes),
                    ]
                    for label, f in results.facts.items()
                ],
            ),
        ]
    if results.builds:
        out += [
            "## Build\n",
            "Whole `mkdocs build` processes. Cold: the first build, with no Graphviz cache. "
            "Warm: the median of the next builds (the cache on disk), alternating with the "
            "floor's builds; times are wall-clock medians, and the CPU ratio compares the "
            "processes' user + system time, which a busy machine disturbs less. `dot` runs "
            "are counted by a `dot` on PATH that logs each start.\n",
            table(
                [
                    "site",
                    "pages",
                    "cold",
                    "warm",
                    "floor",
                    "warm / floor",
                    "CPU warm / floor",
                    "cold / floor",
                    "`dot` cold",
                    "`dot` warm",
                    "peak RSS",
                    "floor RSS",
                    "output",
                    "floor output",
                ],
                [
                    [
                        b.label,
                        f"{b.pages} ({b.floor_pages})",
                        _s(b.cold.seconds if b.cold else math.nan),
                        _s(b.warm_seconds),
                        _s(b.floor_seconds),
                        f"{b.ratio:.2f}×",
                        f"{b.cpu_ratio:.2f}×",
                        f"{b.cold_ratio:.2f}×",
                        _dot_cell(b.cold),
                        f"{b.warm_dot_runs} in {len(b.warm)} builds",
                        f"{b.peak_rss_mb:.0f} MB",
                        f"{b.floor_rss_mb:.0f} MB",
                        _kb(b.site_bytes),
                        _kb(b.floor_bytes),
                    ]
                    for b in results.builds
                ],
            ),
        ]
    rows = [*results.render_site, *([results.render_big] if results.render_big else [])]
    if rows:
        out += [
            "## Render\n",
            "One sequence diagram as the site draws it (inline SVG, links relative to a "
            "stack page): view, layout and SVG, each the median CPU time of repeated calls "
            'in one process after a warm-up call. "Stack page" renders every level of detail the '
            "page ships (`render_levels`, as the site does).\n",
            table(
                [
                    "diagram",
                    "participants",
                    "steps",
                    "view",
                    "layout",
                    "SVG",
                    "total",
                    "SVG bytes",
                    "levels",
                    "stack page",
                ],
                [
                    [
                        r.name,
                        r.participants,
                        r.steps,
                        _ms(r.view_ms),
                        _ms(r.layout_ms),
                        _ms(r.svg_ms),
                        _ms(r.total_ms),
                        _kb(r.svg_bytes),
                        r.levels or "",
                        _ms(r.page_ms) if r.levels else "",
                    ]
                    for r in rows
                ],
            ),
        ]
    if results.maps:
        out += [
            "Maps (Graphviz): the DOT text from the model, one `dot` layout (what a cold "
            "build pays per map; wall time, a mean), and a whole render with the layout "
            "cached (what a warm build pays per map); ms.\n",
            table(
                ["map", "layers", "edges", "DOT text", "`dot` layout", "cached render"],
                [
                    [
                        m.name,
                        m.layers,
                        m.edges,
                        _ms(m.dot_text_ms),
                        _ms(m.layout_ms),
                        _ms(m.cached_ms),
                    ]
                    for m in results.maps
                ],
            ),
        ]
    if results.edits:
        out += [
            "## Edit loop\n",
            "`mkdocs serve` of the site and of its floor, side by side. Each edit changes the "
            "first word of one layer's summary (in its YAML file, and in the floor's Markdown "
            "page for that layer); the time runs from the write until the server logs "
            '"Reloading browsers" with the edit on the page. Edits alternate between the two.\n',
            table(
                [
                    "site",
                    "page",
                    "edits",
                    "stacktour (median)",
                    "floor (median)",
                    "ratio",
                    "stacktour, each",
                    "floor, each",
                ],
                [
                    [
                        label,
                        e.page,
                        len(e.site),
                        _s(_median(e.site)),
                        _s(_median(e.floor)),
                        f"{e.ratio:.2f}×",
                        ", ".join(f"{x:.2f}" for x in e.site),
                        ", ".join(f"{x:.2f}" for x in e.floor),
                    ]
                    for label, e in results.edits
                ],
            ),
        ]
    if results.reader:
        out += [
            "## Reader\n",
            f"`{results.reader_page}` in headless Chromium at 1920 × 1080, "
            f"{len(results.reader[0].cold)} rounds, versions interleaved; cold is a new "
            "browser context, warm the same URL "
            'again in it (the server sends `Cache-Control: max-age=600`). "Painted" is the '
            "Element Timing `renderTime` of the diagram's text (stacktour), of a sentinel "
            "inserted in the same task as Mermaid's SVG (Element Timing does not see into "
            "the shadow root Material draws Mermaid in), or, on the floor, of the text where "
            "the diagram would start. Times are medians in ms from navigation start; bytes "
            "are response bodies as served (uncompressed), for the cold load. Long tasks: the "
            "summed length of main-thread tasks over 50 ms that began before the paint. DOM "
            "elements: once loaded, with what scripts added (stacktour's sticky header is a "
            "copy of the diagram's SVG made in the browser).\n",
            table(
                [
                    "page",
                    "painted, cold",
                    "painted, warm",
                    "FCP, cold",
                    "load, cold",
                    "load, warm",
                    "long tasks before paint",
                    "page bytes",
                    "HTML bytes",
                    "requests",
                    "DOM elements (loaded)",
                ],
                [
                    [
                        v.name,
                        _ms(v.median("cold", "painted")),
                        _ms(v.median("warm", "painted")),
                        _ms(v.median("cold", "fcp")),
                        _ms(v.median("cold", "load")),
                        _ms(v.median("warm", "load")),
                        _ms(v.median("cold", "blocking")),
                        _kb(v.median("cold", "bytes")),
                        _kb(v.median("cold", "html")),
                        int(v.median("cold", "requests")),
                        int(v.median("cold", "dom_nodes")),
                    ]
                    for v in results.reader
                ],
            ),
        ]
        ours = _variant(results, "stacktour")
        if ours:
            shipped = next(
                (p.count for p in results.anatomy if p.what.startswith("… <svg> elements")), 0
            )
            out.append(
                f"stacktour's diagram holds {int(ours.median('cold', 'diagram_svgs'))} `<svg>` "
                f"once the page has loaded; the HTML ships {shipped}.\n"
            )
        mermaid = _variant(results, "mermaid")
        if mermaid and results.diagram_svg_bytes:
            out.append(
                f"The diagram's SVG: stacktour {_kb(results.diagram_svg_bytes)} (the level "
                f"shown first), Mermaid {_kb(mermaid.median('cold', 'mermaid_svg'))} (as "
                "serialized in the page after drawing).\n"
            )
    if results.anatomy:
        out += [
            "## What a stack page ships\n",
            f"`{results.reader_page}` as built, part by part (HTML bytes; parts overlap "
            "where marked …: those are part of the row above).\n",
            table(
                ["part", "count", "bytes"],
                [[p.what, p.count, _kb(p.bytes) if p.bytes else ""] for p in results.anatomy],
            ),
        ]
    if results.skipped:
        out += [
            "## Not measured\n",
            table(["what", "why"], [[k, v] for k, v in results.skipped.items()]),
        ]
    return "\n".join(out)
