"""The author's loop: save one file under `mkdocs serve`, wait for the rebuilt page.

Two servers run side by side, the stacktour site and its floor, and take turns: an edit
to one layer's YAML (its summary, shown on the layer page) against the same edit to the
same page's Markdown in the floor. The time runs from the write until `mkdocs serve` logs
"Reloading browsers" (the moment a browser would reload), and the page is then fetched to
check that it shows the edit; if it does not yet, the next reload counts.
"""

from __future__ import annotations

import os
import re
import subprocess
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .runs import MKDOCS, QUIET_ENV, DotCounter, median

READY = "Serving on"
RELOADED = "Reloading browsers"


@dataclass
class EditFigures:
    site: list[float] = field(default_factory=list)  # seconds, save -> reloaded
    floor: list[float] = field(default_factory=list)
    page: str = ""

    @property
    def ratio(self) -> float:
        return median(self.site) / median(self.floor)


class Server:
    """`mkdocs serve` in its own process, its log lines timestamped as they arrive."""

    def __init__(self, site: Path, port: int, dot: DotCounter | None = None) -> None:
        env = {**os.environ, **QUIET_ENV, **(dot.env() if dot else {})}
        self.url = f"http://127.0.0.1:{port}/"
        self.proc = subprocess.Popen(
            [*MKDOCS, "serve", "-f", str(site / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
            cwd=site,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[tuple[float, str]] = []
        self._cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            with self._cond:
                self.lines.append((time.perf_counter(), line.rstrip()))
                self._cond.notify_all()

    def wait_for(self, text: str, after: float, timeout: float = 1800) -> float:
        """The time of the first log line containing `text` logged after `after`."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for stamp, line in self.lines:
                    if stamp >= after and text in line:
                        return stamp
                if self.proc.poll() is not None:
                    tail = "\n".join(line for _, line in self.lines[-30:])
                    raise SystemExit(f"mkdocs serve stopped:\n{tail}")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise SystemExit(f"mkdocs serve: no '{text}' within {timeout:.0f} s")
                self._cond.wait(min(left, 1.0))

    def fetch(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path, timeout=60) as response:
            body: bytes = response.read()
            return body.decode("utf-8", "replace")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _timed_edit(server: Server, edit: Callable[[str], None], page: str, token: str) -> float:
    start = time.perf_counter()
    edit(token)
    after = start
    while True:
        reloaded = server.wait_for(RELOADED, after)
        if token in server.fetch(page):
            return reloaded - start
        after = reloaded + 1e-6


# The first word of a layer's summary: `summary: |` then the text, or in a site of several
# languages the default one's, `summary:` then `en: |` then the text.
SUMMARY_FIRST_WORD = r"^summary:(?:[ \t]*\n[ \t]+en:)?[ \t]*[|>]?-?[ \t]*\n?\s*(\w+)"


def _replace_once(path: Path, pattern: str, make: Callable[[str], str]) -> Callable[[str], None]:
    """An edit of `path`: the first match of `pattern` (group 1) becomes make(token)."""
    original = path.read_text(encoding="utf-8")
    match = re.search(pattern, original, re.MULTILINE)
    if match is None:
        raise SystemExit(f"{path}: nothing to edit matches {pattern!r}")

    def edit(token: str) -> None:
        text = original[: match.start(1)] + make(token) + original[match.end(1) :]
        path.write_text(text, encoding="utf-8")

    return edit


def bench_edit_loop(
    site: Path,
    floor: Path,
    layer_id: str,
    edits: int,
    ports: tuple[int, int],
    dot: DotCounter,
    log: Callable[[str], None] = print,
) -> EditFigures:
    """Edit layer `layer_id`'s summary `edits` times in each of `site` and `floor`."""
    page = f"layers/{layer_id}/"
    figures = EditFigures(page=page)
    yaml_file = site / "stacks" / "layers" / f"{layer_id}.yaml"
    md_file = floor / "docs" / "layers" / f"{layer_id}.md"
    # The summary's first word, in the YAML and in the floor page's Markdown.
    site_edit = _replace_once(yaml_file, SUMMARY_FIRST_WORD, lambda t: t)
    first = re.search(SUMMARY_FIRST_WORD, yaml_file.read_text(), re.MULTILINE)
    assert first is not None
    floor_edit = _replace_once(md_file, rf"^({re.escape(first.group(1))})\b", lambda t: t)
    servers = (Server(site, ports[0], dot), Server(floor, ports[1]))
    try:
        for server in servers:
            server.wait_for(READY, 0.0)
        for i in range(edits):
            order = (0, 1) if i % 2 == 0 else (1, 0)
            for which in order:
                token = f"Edited{i}x{which}"
                if which == 0:
                    figures.site.append(_timed_edit(servers[0], site_edit, page, token))
                else:
                    figures.floor.append(_timed_edit(servers[1], floor_edit, page, token))
            log(
                f"edit loop {i + 1}/{edits}: stacktour {figures.site[-1]:.2f} s, "
                f"floor {figures.floor[-1]:.2f} s"
            )
    finally:
        for server in servers:
            server.stop()
    return figures
