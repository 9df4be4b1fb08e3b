"""The machine and the versions a figure was measured with."""

from __future__ import annotations

import contextlib
import os
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _first(path: str, key: str) -> str:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip() if ":" in line else line.split("=", 1)[1]
    except OSError:
        pass
    return "unknown"


def _command(*args: str) -> str:
    try:
        proc = subprocess.run(list(args), capture_output=True, text=True, timeout=60, cwd=ROOT)
    except (OSError, subprocess.TimeoutExpired):
        return "not available"
    return (
        (proc.stdout or proc.stderr).strip().splitlines()[0] if (proc.stdout or proc.stderr) else ""
    )


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def machine() -> list[tuple[str, str]]:
    memory = _first("/proc/meminfo", "MemTotal")
    with contextlib.suppress(ValueError, IndexError):
        memory = f"{int(memory.split()[0]) / 1024 / 1024:.1f} GiB"
    os_name = _first("/etc/os-release", "PRETTY_NAME").strip('"')
    return [
        ("CPU", _first("/proc/cpuinfo", "model name")),
        ("cores", str(os.cpu_count())),
        ("memory", memory),
        ("system", f"{os_name}, Linux {platform.release()}"),
    ]


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def versions(chromium: str, mermaid: str) -> list[tuple[str, str]]:
    import yaml

    commit = _command("git", "rev-parse", "--short", "HEAD")
    dirty = _command("git", "status", "--porcelain", "--untracked-files=no")
    return [
        (
            "stacktour",
            f"{_version('stacktour')} at {commit}{' (uncommitted changes)' if dirty else ''}",
        ),
        ("Python", platform.python_version()),
        ("MkDocs", _version("mkdocs")),
        ("Material for MkDocs", _version("mkdocs-material")),
        ("Python-Markdown", _version("markdown")),
        ("pymdown-extensions", _version("pymdown-extensions")),
        ("Pygments", _version("pygments")),
        ("PyYAML", f"{_version('pyyaml')} (libyaml: {'yes' if yaml.__with_libyaml__ else 'no'})"),
        ("Graphviz", _command("dot", "-V")),
        ("Chromium", chromium),
        ("Playwright", _version("playwright")),
        ("Mermaid", mermaid),
        ("interpreter", sys.executable.replace(str(ROOT) + "/", "")),
    ]
