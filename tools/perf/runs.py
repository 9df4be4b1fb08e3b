"""Running whole processes and counting what they cost: wall time, peak memory, `dot`.

Every `mkdocs` the benchmark starts runs with a `dot` on PATH that logs each start and its
duration before handing over to the real Graphviz, so `dot` runs are counted in the
process that really builds the site, not in a model of it.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

MKDOCS = [sys.executable, "-m", "mkdocs"]
PYCACHE = Path(tempfile.gettempdir()) / "stacktour-bench-pycache"
QUIET_ENV = {
    # MkDocs 1.6 prints a banner about MkDocs 2.0 on every start; not what we measure.
    "NO_MKDOCS_2_WARNING": "1",
    "PYTHONHASHSEED": "0",
    # Bytecode is cached, as on any author's machine: a process that compiles every
    # module it imports spends a quarter of a small build doing so. The cache lives
    # outside the repository, and `warm_up` fills it before anything is timed.
    "PYTHONDONTWRITEBYTECODE": "",
    "PYTHONPYCACHEPREFIX": str(PYCACHE),
}


@dataclass(frozen=True)
class Run:
    """One finished process."""

    seconds: float  # wall time, start to exit
    peak_rss_mb: float  # the process's maximum resident set, MB (10^6 bytes; getrusage)
    returncode: int
    output: str  # stdout and stderr, interleaved
    cpu_seconds: float = 0.0  # user + system time of the process and its waited children
    dot_runs: int = 0
    dot_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.returncode == 0


class DotCounter:
    """A folder with a `dot` that logs every start, to put first on PATH."""

    def __init__(self) -> None:
        real = shutil.which("dot")
        self.available = real is not None
        self.folder = Path(tempfile.mkdtemp(prefix="stacktour-bench-dot-"))
        self.log = self.folder / "runs.log"
        self.log.touch()
        if real is not None:
            wrapper = self.folder / "dot"
            wrapper.write_text(
                "#!/bin/sh\n"
                "start=$(date +%s%N)\n"
                f'"{real}" "$@"\n'
                "status=$?\n"
                f'echo "$start $(date +%s%N)" >> "{self.log}"\n'
                "exit $status\n"
            )
            wrapper.chmod(0o755)

    def env(self) -> dict[str, str]:
        return {"PATH": f"{self.folder}{os.pathsep}{os.environ.get('PATH', '')}"}

    def mark(self) -> int:
        return len(self.log.read_text().splitlines())

    def since(self, mark: int) -> tuple[int, float]:
        """`dot` starts after `mark`, and their summed duration in seconds."""
        lines = self.log.read_text().splitlines()[mark:]
        total = 0.0
        for line in lines:
            start, end = line.split()
            total += (int(end) - int(start)) / 1e9
        return len(lines), total

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def run(
    command: Sequence[str],
    *,
    cwd: Path,
    env: dict[str, str] | None = None,
    timeout: float = 3600,
    dot: DotCounter | None = None,
) -> Run:
    """Run `command` to the end; its wall time and peak RSS come from wait4()."""
    full_env = {**os.environ, **QUIET_ENV, **(dot.env() if dot else {}), **(env or {})}
    mark = dot.mark() if dot else 0
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(command), cwd=cwd, env=full_env, stdout=out, stderr=subprocess.STDOUT
        )
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read().decode("utf-8", "replace")
    dot_runs, dot_seconds = dot.since(mark) if dot else (0, 0.0)
    return Run(
        seconds=seconds,
        peak_rss_mb=usage.ru_maxrss * 1024 / 1e6,  # ru_maxrss is in KiB
        returncode=proc.returncode,
        output=output,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        dot_runs=dot_runs,
        dot_seconds=dot_seconds,
    )


def mkdocs_build(site: Path, out: Path, *, dot: DotCounter | None = None) -> Run:
    """`mkdocs build` of `site`/mkdocs.yml into `out` (a whole new process)."""
    result = run(
        [*MKDOCS, "build", "-q", "-f", str(site / "mkdocs.yml"), "-d", str(out)],
        cwd=site,
        dot=dot,
    )
    if not result.ok:
        raise SystemExit(f"mkdocs build of {site} failed:\n{result.output[-3000:]}")
    return result


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")
