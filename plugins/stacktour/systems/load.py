"""The systems of a stacks folder loaded once, for the commands (no caches, no rendering).

load_systems(Path("stacks"))                  -> every system, the folder's own first
load_systems(Path("stacks"), "mkdocs-build")  -> only that one
pick_system(loaded, None)                     -> the one a command acts on by default
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic
from ..loader import LoadResult, load_project
from .folders import SystemFolder, find_systems


class SystemChoiceError(ValueError):
    """A system asked for by id that the site does not have, or none asked for where the
    site holds several; the message names the ones there are."""


@dataclass(frozen=True)
class LoadedSystem:
    folder: SystemFolder
    result: LoadResult

    @property
    def name(self) -> str:
        """Its id: the folder's name, or the own system's system.yaml `id` ("" if none)."""
        project = self.result.project
        return self.folder.name or (project.system_id if project else "")

    @property
    def shown(self) -> str:
        """How messages name it: its id, else its folder."""
        return self.name or self.folder.folder.as_posix()


def load_systems(
    stacks_dir: Path, system: str | None = None
) -> tuple[tuple[LoadedSystem, ...], tuple[Diagnostic, ...]]:
    """Every system under `stacks_dir`, loaded, and the problems of the systems themselves
    (ST230 folders, ST231 ids); with `system`, only that one (SystemChoiceError when there
    is no such system)."""
    folders, problems = find_systems(stacks_dir)
    loaded = tuple(LoadedSystem(f, load_project(f.folder, name=f.name or None)) for f in folders)
    problems += id_clashes(loaded)
    if system is None:
        return loaded, problems
    return (pick_system(loaded, system),), problems


def pick_system(loaded: Sequence[LoadedSystem], system: str | None) -> LoadedSystem:
    """The system named `system`; without a name, the only one, or the stacks folder's own
    when it holds one. SystemChoiceError otherwise, naming the systems there are."""
    known = ", ".join(s.name for s in loaded if s.name) or "none has an id"
    if system is None:
        if len(loaded) == 1 or loaded[0].folder.name == "":
            return loaded[0]
        raise SystemChoiceError(f"this stacks folder holds several systems; name one ({known})")
    for item in loaded:
        if item.name == system:
            return item
    raise SystemChoiceError(f"unknown system '{system}' (systems: {known})")


def id_clashes(loaded: Sequence[LoadedSystem]) -> tuple[Diagnostic, ...]:
    """The own system's `id` may not be a folder system's name (ST231)."""
    own = next((s for s in loaded if s.folder.name == ""), None)
    if own is None or not own.name:
        return ()
    if own.name not in {s.folder.name for s in loaded if s.folder.name}:
        return ()
    system_file = next((f for f in own.result.files if Path(f).name == "system.yaml"), "")
    message = f"system id '{own.name}' is also the name of a system folder"
    return (Diagnostic(_shown(system_file), 1, 1, "ST231", message, "give them different ids"),)


def _shown(path: str) -> str:
    try:
        return Path(path).relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path
