"""`stacktour record`: run a Python program and capture the real call stack at a function.

`capture.py` runs inside the program's interpreter (by path, standard library only) and
writes what it saw as JSON; `record()` starts it and reads that back into the same trace
model an import uses, with the path maps and repositories that installed packages' own
metadata gives: a distribution's Project-URL (Source, Repository, ...) at its version as a
tag, and the standard library as CPython's `Lib/` at the interpreter's version tag.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..importers.model import TraceFrame, TraceStack
from ..importers.pythonpaths import frozen_module, split_qualname
from ..skeleton.paths import PathMap
from ..skeleton.plan import RepoFact, slug

CAPTURE = Path(__file__).with_name("capture.py")
CPYTHON_URL = "https://github.com/python/cpython"
_COROUTINE = 0x80 | 0x100 | 0x200
# Project-URL labels that name the source repository, best first (compared lowercased,
# without spaces, dashes and underscores).
_SOURCE_LABELS = ("source", "sourcecode", "repository", "code", "github", "gitlab", "homepage")
_FORGE = re.compile(
    r"^https://(?:github\.com|gitlab\.com|codeberg\.org|bitbucket\.org)/[^/\s]+/[^/\s]+"
)


class RecordError(RuntimeError):
    """The capture could not be made or read; the message says why."""


@dataclass(frozen=True)
class Recording:
    """What one run captured, ready for `skeleton.plan_import`."""

    status: int  # the program's exit status
    stack: TraceStack | None  # None when the function was not entered the N-th time
    entered: int  # how many times the function was entered
    mode: str  # "sys.monitoring" or "setprofile"
    maps: tuple[PathMap, ...]
    repos: tuple[RepoFact, ...]
    python: str  # the interpreter's version, e.g. "3.11.7"


def record(
    at: str,
    program: list[str],
    module: str | None = None,
    nth: int = 1,
    python: str = "python3",
) -> Recording:
    """Run `python program...` (or `python -m module program...`) with its standard streams
    and capture the stack on the `nth` entry into `at` (`package.module.Class.method`)."""
    with tempfile.TemporaryDirectory(prefix="stacktour-record-") as scratch:
        out = Path(scratch) / "capture.json"
        command = [python, str(CAPTURE), "--out", str(out), "--at", at, "--nth", str(nth)]
        if module:
            command += ["--module", module]
        command += ["--", *program]
        try:
            status = subprocess.run(command, check=False).returncode
        except OSError as exc:
            raise RecordError(f"cannot run {python}: {exc.strerror}") from None
        if not out.is_file():
            raise RecordError(
                f"the program ended (status {status}) before the capture was written "
                "(os._exit, a signal, or an interpreter older than 3.8?)"
            )
        import json

        report = json.loads(out.read_text("utf-8"))
    return from_report(report, status, exists=os.path.exists)


def from_report(report: dict[str, Any], status: int, exists: Any = None) -> Recording:
    """Read a capture report into a Recording (pure but for `exists`, which checks that a
    frozen module's source file is there)."""
    env = report.get("environment") or {}
    stdlib = [str(p) for p in env.get("stdlib", [])]
    site = [str(p) for p in env.get("site", [])]
    version = env.get("version") or [0, 0, 0, "final", 0]
    python = ".".join(str(v) for v in version[:3])
    frames: list[TraceFrame] = []
    raw_frames = report.get("frames") or []
    for index, item in enumerate(raw_frames, start=1):
        file = str(item["file"])
        frozen = frozen_module(file)
        if frozen and stdlib:
            base = os.path.join(stdlib[0], *frozen.split("."))
            for candidate in (base + ".py", os.path.join(base, "__init__.py")):
                if exists is None or exists(candidate):
                    file = candidate
                    break
        owner, function = split_qualname(str(item.get("qualname") or item["name"]))
        in_stdlib = any(_under(file, d) for d in stdlib) and not any(_under(file, d) for d in site)
        frames.append(
            TraceFrame(
                function=function,
                owner=owner,
                module=str(item.get("module") or ""),
                file=file,
                line=int(item["line"]) if item.get("line") else None,
                language="python",
                runtime=in_stdlib,
                trace_line=index,
            )
        )
    # A coroutine that is running another coroutine is awaiting it.
    flags = [int(item.get("flags", 0)) for item in raw_frames]
    for i in range(len(frames) - 1):
        if flags[i] & _COROUTINE and flags[i + 1] & _COROUTINE:
            frames[i] = replace(frames[i], awaited=True)
    maps, repos = _maps_and_repos(env, stdlib, site, version)
    stack = None
    if report.get("frames"):
        stack = TraceStack(title=f"Entering {report['target']}", frames=tuple(frames), kind="stack")
    return Recording(
        status=status,
        stack=stack,
        entered=int(report.get("entered", 0)),
        mode=str(report.get("mode", "")),
        maps=maps,
        repos=repos,
        python=python,
    )


def _under(file: str, folder: str) -> bool:
    folder = folder.rstrip("/\\")
    return bool(folder) and (
        file == folder or file.startswith(folder + os.sep) or file.startswith(folder + "/")
    )


def cpython_tag(version: list[Any]) -> str:
    """`v3.11.7`, `v3.13.0rc1`: CPython's tag for an interpreter version."""
    major, minor, micro, level, serial = (list(version) + [0, 0, 0, "final", 0])[:5]
    suffix = {"alpha": "a", "beta": "b", "candidate": "rc"}.get(str(level), "")
    return f"v{major}.{minor}.{micro}" + (f"{suffix}{serial}" if suffix else "")


def source_url(project_urls: list[str], home_page: str) -> str | None:
    """The repository URL a distribution's metadata names, normalised, or None."""
    labelled: dict[str, str] = {}
    for entry in project_urls:
        label, _, url = entry.partition(",")
        key = re.sub(r"[\s_\-]", "", label.lower())
        labelled.setdefault(key, url.strip())
    candidates = [labelled[k] for k in _SOURCE_LABELS if k in labelled]
    candidates += [u for u in labelled.values()] + [home_page]
    for url in candidates:
        match = _FORGE.match(url or "")
        if match:
            return match.group(0).removesuffix(".git")
    return None


def _maps_and_repos(
    env: dict[str, Any], stdlib: list[str], site: list[str], version: list[Any]
) -> tuple[tuple[PathMap, ...], tuple[RepoFact, ...]]:
    maps: list[PathMap] = []
    repos: list[RepoFact] = []
    ids: dict[str, str] = {}  # url -> repo id
    for dist in env.get("distributions", []):
        url = source_url(list(dist.get("project_urls", [])), str(dist.get("home_page", "")))
        if url is None:
            continue
        if url not in ids:
            base = slug(url.rsplit("/", 1)[-1])
            rid = base
            n = 1
            while rid in ids.values() or rid == "cpython":
                n += 1
                rid = f"{base}-{n}"
            ids[url] = rid
            repos.append(
                RepoFact(id=rid, url=url, tag=str(dist["version"]), title=str(dist["name"]))
            )
        location = str(dist.get("location", ""))
        for top in dist.get("top_level", []):
            for name in (top, f"{top}.py"):
                maps.append(
                    PathMap(
                        prefix=os.path.join(location, name),
                        repo=ids[url],
                        path=name,
                        kind="library",
                    )
                )
    if env.get("implementation") == "cpython" and stdlib:
        repos.append(
            RepoFact(id="cpython", url=CPYTHON_URL, tag=cpython_tag(version), title="CPython")
        )
        for folder in stdlib:
            maps.append(PathMap(prefix=folder, repo="cpython", path="Lib", kind="library"))
        # Packages installed inside the standard library's folder are not CPython's.
        maps += [PathMap(prefix=folder, repo="") for folder in site]
    return tuple(maps), tuple(repos)
