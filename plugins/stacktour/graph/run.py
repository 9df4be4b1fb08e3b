"""Running `dot`: the only impure part of the map, behind a cache.

Layouts are cached by the sha256 of the DOT text and the `dot -V` version, in memory
(a module-level dict, which outlives `mkdocs serve` rebuilds) and on disk. The version
itself is cached per `dot` binary (path, size, mtime), so a rebuild that changes nothing
starts `dot` zero times. `STATS` counts every start, for tests and the benchmark.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from ..files import FileRefused, read_bounded
from ..process import run_bounded
from .mapgraph import GraphError

DEFAULT_TIMEOUT = 30.0
MEMORY_ENTRIES = 512
# Cache files are read through files.read_bounded: a FIFO or a huge file planted in the
# cache folder is a miss, never a hang.
MAX_CACHED_SVG_BYTES = 64 << 20
MAX_VERSIONS_BYTES = 1 << 20
INSTALL_HINT = (
    "install Graphviz: `apt-get install graphviz` (Debian/Ubuntu), "
    "`brew install graphviz` (macOS), or see https://graphviz.org/download/"
)


@dataclass
class DotStats:
    runs: int = 0  # every start of `dot`, `-V` included
    layouts: int = 0
    memory_hits: int = 0
    disk_hits: int = 0


STATS = DotStats()
_MEMORY: OrderedDict[str, str] = OrderedDict()
_VERSIONS: dict[tuple[str, int, int], str] = {}
_RECORDED: set[tuple[Path, str]] = set()  # versions known to be in a cache dir's file


def clear_memory_cache(*, versions: bool = True) -> None:
    """Forget cached layouts (and `dot` versions), as a fresh process would."""
    _MEMORY.clear()
    if versions:
        _VERSIONS.clear()
        _RECORDED.clear()


def find_dot() -> str:
    dot = shutil.which("dot")
    if dot is None:
        raise GraphError(
            "Graphviz `dot` was not found on PATH; maps need it", code="ST501", hint=INSTALL_HINT
        )
    return dot


def _run(
    cmd: list[str], data: bytes, *, name: str, timeout: float
) -> subprocess.CompletedProcess[bytes]:
    """Run `dot`; after `timeout` seconds its whole process group is killed (process.py)."""
    STATS.runs += 1
    try:
        return run_bounded(cmd, data, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise GraphError(
            f"`dot` did not finish {name} within {timeout:g} s and was stopped",
            code="ST502",
            hint="check that `dot` works: `echo 'digraph{a->b}' | dot -Tsvg`",
        ) from None
    except OSError as exc:
        raise GraphError(
            f"`dot` could not be started for {name}: {exc.strerror or exc}",
            code="ST501",
            hint=INSTALL_HINT,
        ) from None


def _version_file(cache_dir: Path | None) -> Path | None:
    return None if cache_dir is None else cache_dir / "dot-versions.json"


def _read_json(path: Path) -> dict[str, str]:
    try:
        data = json.loads(read_bounded(path, MAX_VERSIONS_BYTES).decode("utf-8"))
    except (FileRefused, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _write_atomic(path: Path, text: str) -> None:
    """Write a whole file or nothing: a crash never leaves half a cache entry."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def dot_version(
    dot: str, *, cache_dir: Path | None = None, timeout: float = DEFAULT_TIMEOUT
) -> str:
    """`dot -V`, remembered per binary (in memory and in the cache dir) so that cached
    builds never start `dot`."""
    real = os.path.realpath(dot)
    try:
        st = os.stat(real)
    except OSError:
        raise GraphError(
            f"Graphviz `dot` at {dot} cannot be read", code="ST501", hint=INSTALL_HINT
        ) from None
    ident = (real, st.st_size, st.st_mtime_ns)
    disk_key = f"{real}|{st.st_size}|{st.st_mtime_ns}"
    vfile = _version_file(cache_dir)
    version = _VERSIONS.get(ident)
    if version is not None and (vfile is None or (vfile, disk_key) in _RECORDED):
        return version
    known = _read_json(vfile) if vfile is not None else {}
    version = version or known.get(disk_key)
    if version is None:
        proc = _run([dot, "-V"], b"", name="reporting its version", timeout=timeout)
        version = (proc.stderr or proc.stdout).decode("utf-8", "replace").strip()
        if proc.returncode != 0 or "graphviz" not in version.lower():
            raise GraphError(
                f"`{dot} -V` did not report a Graphviz version", code="ST501", hint=INSTALL_HINT
            )
    if vfile is not None:
        if known.get(disk_key) != version:
            known[disk_key] = version
            with contextlib.suppress(OSError):
                _write_atomic(vfile, json.dumps(known, indent=1, sort_keys=True))
        _RECORDED.add((vfile, disk_key))
    _VERSIONS[ident] = version
    return version


def cache_key(dot_text: str, version: str) -> str:
    return hashlib.sha256(f"{version}\n-Tsvg\n{dot_text}".encode()).hexdigest()


def layout_svg(
    dot_text: str, *, name: str, cache_dir: Path | None = None, timeout: float = DEFAULT_TIMEOUT
) -> str:
    """dot's SVG for a DOT text, from memory, from disk, or by running `dot -Tsvg`."""
    dot = find_dot()
    key = cache_key(dot_text, dot_version(dot, cache_dir=cache_dir, timeout=timeout))
    path = None if cache_dir is None else cache_dir / key[:2] / f"{key}.svg"
    if key in _MEMORY:
        _MEMORY.move_to_end(key)
        STATS.memory_hits += 1
        svg = _MEMORY[key]
        if path is not None and not path.exists():  # a cache dir given after the fact
            with contextlib.suppress(OSError):
                _write_atomic(path, svg)
        return svg
    if path is not None:
        try:
            svg = read_bounded(path, MAX_CACHED_SVG_BYTES).decode("utf-8")
        except (FileRefused, UnicodeDecodeError):
            pass
        else:
            STATS.disk_hits += 1
            _remember(key, svg)
            return svg
    proc = _run([dot, "-Tsvg"], dot_text.encode("utf-8"), name=f"drawing {name}", timeout=timeout)
    if proc.returncode != 0 and b"trouble in init_rank" in proc.stderr:
        # Graphviz 2.4x's ranking gives up on some labelled edges between nested clusters;
        # its newer ranker (newrank) lays the same graph out. Only such graphs take it, so
        # every other layout stays as it was.
        proc = _run(
            [dot, "-Tsvg", "-Gnewrank=true"],
            dot_text.encode("utf-8"),
            name=f"drawing {name}",
            timeout=timeout,
        )
    STATS.layouts += 1
    if proc.returncode != 0:
        lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = " ".join(lines[:3]) or f"exit status {proc.returncode}"
        raise GraphError(
            f"`dot` failed drawing {name}: {detail}",
            code="ST503",
        )
    svg = proc.stdout.decode("utf-8", "replace")
    if path is not None:
        with contextlib.suppress(OSError):  # a read-only cache only costs speed
            _write_atomic(path, svg)
    _remember(key, svg)
    return svg


def _remember(key: str, svg: str) -> None:
    _MEMORY[key] = svg
    while len(_MEMORY) > MEMORY_ENTRIES:
        _MEMORY.popitem(last=False)
