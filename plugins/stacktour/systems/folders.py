"""Which systems a stacks folder holds, and where each one's pages go.

    stacks/
      system.yaml, layers/, *.yaml    the stacks folder's own system, at the site's root
                                      URLs (/stacks/ID/, /layers/ID/), as in a site of one
      mkdocs-build/                   one more system per folder holding a system.yaml,
        system.yaml, layers/, *.yaml  at /mkdocs-build/stacks/ID/, /mkdocs-build/layers/ID/

A folder system is named by its folder; its name is an id, and neither `layers` (the own
system's layers) nor a name the site's own pages use (`stacks`, `assets`, `search`).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic

SYSTEM_FILE = "system.yaml"
ID = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
# Folder names a system cannot take: the own system's layers folder, and the URL folders
# of the own system's pages and of the assets and search index every site has.
RESERVED = frozenset({"layers", "stacks", "assets", "search"})


@dataclass(frozen=True)
class SystemFolder:
    """One system of a stacks folder: `name` "" for the stacks folder's own system."""

    name: str
    folder: Path

    @property
    def prefix(self) -> str:
        """Where its pages go, relative to the docs folder: "" or "NAME/"."""
        return f"{self.name}/" if self.name else ""


def _shown(path: Path) -> str:
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()


def _holds_own_files(stacks_dir: Path) -> bool:
    """Whether the stacks folder itself holds files its loader reads."""
    return any(stacks_dir.glob("*.y*ml")) or (stacks_dir / "layers").is_dir()


def find_systems(stacks_dir: Path) -> tuple[tuple[SystemFolder, ...], tuple[Diagnostic, ...]]:
    """The systems under `stacks_dir`: its own (when it holds system.yaml, or any file of
    a system, or no folder is a system: a folder of one system reads as it always did),
    then one per subfolder holding system.yaml, by name.

    Problems (ST230): a folder system whose name is not an id or is reserved, or that is
    a link leading out of the stacks folder; such a folder is left out.
    """
    found: list[SystemFolder] = []
    problems: list[Diagnostic] = []
    real_root = stacks_dir.resolve()
    children = sorted(stacks_dir.iterdir()) if stacks_dir.is_dir() else []
    for child in children:
        marker = child / SYSTEM_FILE
        if not child.is_dir() or not marker.is_file():
            continue
        shown = _shown(marker)
        if not child.resolve().is_relative_to(real_root):
            message = "a system folder that links outside the stacks folder"
            problems.append(Diagnostic(shown, 1, 1, "ST230", message))
        elif not ID.fullmatch(child.name):
            message = f"system folder '{child.name}' is not a valid id"
            hint = "lowercase letters and digits in words joined by '-', e.g. mkdocs-build"
            problems.append(Diagnostic(shown, 1, 1, "ST230", message, hint))
        elif child.name in RESERVED:
            message = f"'{child.name}' cannot name a system folder"
            hint = f"reserved: {', '.join(sorted(RESERVED))}"
            problems.append(Diagnostic(shown, 1, 1, "ST230", message, hint))
        else:
            found.append(SystemFolder(child.name, child))
    if not found or (stacks_dir / SYSTEM_FILE).is_file() or _holds_own_files(stacks_dir):
        found.insert(0, SystemFolder("", stacks_dir))
    return tuple(found), tuple(problems)
