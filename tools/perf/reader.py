"""Time until the diagram is painted, in headless Chromium, for three versions of a page.

- stacktour: the stack page as the site ships it (diagram, every level of detail, the
  step-through script, the map);
- floor: the same page without stacktour (same prose and code, no diagram, no plugin
  assets);
- mermaid: the floor page with the same diagram as a Mermaid fence, drawn in the browser
  by Material's Mermaid integration from a local mermaid.min.js.

How "painted" is measured: the Element Timing API. A script injected before the page's
own (Playwright's init script) labels, as nodes arrive, every SVG `<text>` of stacktour's
diagram (`.st-sequence`) or Mermaid's, and, on every version, the summary of the text
alternative that follows the diagram (`details.st-textalt`), with `elementtiming`.
Chromium reports the `renderTime` of the frame in which each was first painted, and only
for what is painted in the viewport, so hidden levels of detail and the sticky header's
copy do not count. Time-to-diagram is the first painted diagram text; on the floor, which
has no diagram, it is the text that stands where the diagram would start.

Material draws Mermaid inside a closed shadow root, and Element Timing reports nothing in
shadow trees. The script opens the root (so it can be observed and its SVG weighed) and,
in the same task that inserts the SVG, puts a one-character sentinel with its own
`elementtiming` at the diagram's corner: inserted in the same task, it is painted in the
same frame. The same labelling runs on every version, so it costs them alike.

On stacktour's page the first of the diagram text's and the sentinel's times is taken. On
a cold load the two agree. On a warm load the whole page is parsed at once, and
Chromium reported the diagram's text only once the viewer script had moved it into its
scroller, about a second later, while a screencast shows the diagram painted in the
sentinel's frame, before the script ran.

Cold: a new browser context (empty HTTP cache). Warm: the same URL again in that
context. The server sends `Cache-Control: max-age=600` (as GitHub Pages does) over
HTTP/1.1 keep-alive. Versions are interleaved round by round in a rotating order, and
every host but 127.0.0.1 is unresolvable, so nothing comes from a CDN.
"""

from __future__ import annotations

import functools
import statistics
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tools.browser import CHROMIUM, CHROMIUM_ARGS, QuietHandler, free_port  # noqa: E402

# A desktop window tall enough to hold the top of the diagram under the stack's summary
# (Element Timing reports only what is painted in the viewport).
VIEWPORT: Any = {"width": 1920, "height": 1080}  # Playwright's ViewportSize
LOCAL_ONLY = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"

LABEL_SCRIPT = r"""
(() => {
  const marks = (window.__benchMarks = []);
  const DIAGRAM = ".st-sequence, .mermaid";
  const sentinels = new Set();
  const label = (el, name) => {
    if (!el.hasAttribute("elementtiming")) el.setAttribute("elementtiming", name);
    // Element Timing does not report nodes in shadow trees, where Material draws Mermaid.
    // So the first labelled diagram text also gets a one-character light-DOM
    // sentinel, inserted in the same task (so painted in the same frame) at the
    // diagram's top-left corner, taking no space; its own Element Timing entry stands
    // for the diagram's. On stacktour's page both are measured, as a cross-check.
    if (name !== "diagram" || sentinels.has(name)) return;
    sentinels.add(name);
    const root = el.getRootNode();
    const host = root instanceof ShadowRoot ? root.host : el.closest(DIAGRAM) || el;
    const sentinel = document.createElement("span");
    sentinel.textContent = "·";
    sentinel.style.cssText = "position:absolute;font-size:4px;line-height:4px;color:#777";
    sentinel.setAttribute("elementtiming", name + "-sentinel");
    host.before(sentinel);
  };
  const visit = (node) => {
    if (node.nodeType !== 1) return;
    if (node.localName === "summary" && node.parentElement &&
        node.parentElement.matches("details.st-textalt")) label(node, "after");
    const inDiagram = (el) => el.closest(DIAGRAM) || el.getRootNode() instanceof ShadowRoot;
    if (node.localName === "text" && inDiagram(node)) label(node, "diagram");
    if (node.firstElementChild) {
      for (const text of node.querySelectorAll("text")) {
        if (inDiagram(text)) label(text, "diagram");
      }
      for (const summary of node.querySelectorAll("details.st-textalt > summary")) {
        label(summary, "after");
      }
    }
  };
  const observe = (root) =>
    new MutationObserver((records) => {
      for (const record of records) for (const node of record.addedNodes) visit(node);
    }).observe(root, { childList: true, subtree: true });
  observe(document);
  // Material draws Mermaid into a closed shadow root; open it, to label and measure it.
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, { ...init, mode: "open" });
    observe(root);
    return root;
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) marks.push([e.identifier, e.renderTime || e.loadTime]);
  }).observe({ type: "element", buffered: true });
  const longTasks = (window.__benchLongTasks = []);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push([e.startTime, e.duration]);
  }).observe({ type: "longtask", buffered: true });
})();
"""

COLLECT = r"""
async (expect) => {
  const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  await frames();
  const names = expect.split(",");
  const marks = window.__benchMarks.filter((m) => names.includes(m[0])).map((m) => m[1]);
  const nav = performance.getEntriesByType("navigation")[0];
  const resources = performance.getEntriesByType("resource");
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  const all = [nav, ...resources];
  const host = document.querySelector(".mermaid");
  const svg = host && host.shadowRoot ? host.shadowRoot.querySelector("svg") : null;
  const remote = resources.filter((r) => !r.name.startsWith(location.origin)).map((r) => r.name);
  const painted = marks.length ? Math.min(...marks) : null;
  const blocking = window.__benchLongTasks
    .filter((t) => painted !== null && t[0] < painted)
    .reduce((sum, t) => sum + t[1], 0);
  return {
    painted,
    blocking,
    domNodes: document.getElementsByTagName("*").length,
    diagramSvgs: document.querySelectorAll(".st-sequence svg").length,
    fcp: paint ? paint.startTime : null,
    dcl: nav.domContentLoadedEventEnd,
    load: nav.loadEventEnd,
    html: nav.encodedBodySize,
    bytes: all.reduce((s, r) => s + (r.encodedBodySize || 0), 0),
    transferred: all.reduce((s, r) => s + (r.transferSize || 0), 0),
    requests: all.length,
    mermaidSvg: svg ? new TextEncoder().encode(svg.outerHTML).length : 0,
    remote,
  };
}
"""


@dataclass
class Sample:
    painted: float  # ms from navigation start
    fcp: float
    load: float
    html: int
    bytes: int
    transferred: int
    requests: int
    mermaid_svg: int
    blocking: float = 0.0  # ms of long tasks (> 50 ms) that started before the paint
    dom_nodes: int = 0  # elements in the document once loaded (scripts' copies included)
    diagram_svgs: int = 0  # <svg> elements in stacktour's diagram once loaded


@dataclass
class Variant:
    name: str
    path: str  # URL path under the server root
    expect: str  # "diagram" or "after"
    cold: list[Sample] = field(default_factory=list)
    warm: list[Sample] = field(default_factory=list)

    def median(self, which: str, key: str) -> float:
        samples = self.cold if which == "cold" else self.warm
        return statistics.median(float(getattr(s, key)) for s in samples)


class _CachingHandler(QuietHandler):
    protocol_version = "HTTP/1.1"

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()


@contextmanager
def serve(folders: dict[str, Path]) -> Iterator[str]:
    """Serve each folder at /name/ on a free loopback port; yields the base URL."""
    with tempfile.TemporaryDirectory(prefix="stacktour-bench-www-") as tmp:
        for name, folder in folders.items():
            (Path(tmp) / name).symlink_to(folder.resolve(), target_is_directory=True)
        handler = functools.partial(_CachingHandler, directory=tmp)
        server = ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/"
        finally:
            server.shutdown()
            server.server_close()


def _sample(page: Any, url: str, expect: str) -> Sample:
    # A busy shared machine can take minutes to load a page; Playwright's 30 s default
    # would end the whole run.
    page.goto(url, wait_until="load", timeout=300_000)
    page.wait_for_function(
        "(e) => window.__benchMarks &&"
        " window.__benchMarks.some((m) => e.split(',').includes(m[0]))",
        arg=expect,
        timeout=300_000,
    )
    data = page.evaluate(COLLECT, expect)
    if data["remote"]:
        raise SystemExit(f"{url} asked for other hosts: {data['remote'][:3]}")
    return Sample(
        painted=data["painted"],
        fcp=data["fcp"] or 0.0,
        load=data["load"],
        html=data["html"],
        bytes=data["bytes"],
        transferred=data["transferred"],
        requests=data["requests"],
        mermaid_svg=data["mermaidSvg"],
        blocking=data["blocking"],
        dom_nodes=data["domNodes"],
        diagram_svgs=data["diagramSvgs"],
    )


def bench_reader(
    sites: dict[str, Path], page_path: str, rounds: int, log: Callable[[str], None] = print
) -> list[Variant]:
    """`sites` maps "stacktour", "floor" and (optionally) "mermaid" to built site folders."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise SystemExit(f"{CHROMIUM} is not installed (apt-get install chromium)")
    expects = {
        "stacktour": "diagram,diagram-sentinel",
        "floor": "after",
        "mermaid": "diagram-sentinel",
    }
    variants = [Variant(name, f"{name}/{page_path}", expects[name]) for name in sites]
    with serve(sites) as base, sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, LOCAL_ONLY]
        )
        try:
            for variant in variants:  # one untimed load each: disk and OS caches alike
                context = browser.new_context(viewport=VIEWPORT)
                context.add_init_script(LABEL_SCRIPT)
                _sample(context.new_page(), base + variant.path, variant.expect)
                context.close()
            for r in range(rounds):
                shift = r % len(variants)
                for variant in variants[shift:] + variants[:shift]:
                    context = browser.new_context(viewport=VIEWPORT)
                    context.add_init_script(LABEL_SCRIPT)
                    page = context.new_page()
                    variant.cold.append(_sample(page, base + variant.path, variant.expect))
                    variant.warm.append(_sample(page, base + variant.path, variant.expect))
                    context.close()
                log(
                    f"reader round {r + 1}/{rounds}: "
                    + ", ".join(
                        f"{v.name} {v.cold[-1].painted:.0f}/{v.warm[-1].painted:.0f} ms"
                        for v in variants
                    )
                )
        finally:
            browser.close()
    return variants


def chromium_version() -> str:
    import subprocess

    try:
        out = subprocess.run(
            [str(CHROMIUM), "--version"], capture_output=True, text=True, timeout=30
        ).stdout
    except OSError:
        return "not installed"
    return out.strip() or "unknown"
