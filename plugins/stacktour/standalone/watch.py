"""`stacktour generate --watch`: generate again whenever a stack file or mkdocs.yml changes.

A builder's own watch (`watch: [stacks]` in the builder config) already re-renders every
page when a YAML file changes; this loop adds what it cannot: a stub for a new stack or
layer, removing a deleted one's, and the menu in the builder config. File events come
from watchdog; a burst of them (an editor's save) gives one run.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

QUIET_SECONDS = 0.3  # a save is often several events; run once they stop


class _Changed(FileSystemEventHandler):
    def __init__(self, wanted: Callable[[Path], bool], flag: threading.Event) -> None:
        self.wanted = wanted
        self.flag = flag

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        paths = [event.src_path, getattr(event, "dest_path", "")]
        if any(p and self.wanted(Path(str(p))) for p in paths):
            self.flag.set()


def watch(
    run: Callable[[], tuple[Path, Path]],
    stop: threading.Event,
    ignored: frozenset[str] = frozenset(),
) -> None:
    """Call `run` now and after every change, until `stop` is set.

    `run` generates once and returns the folders to watch: (the stacks folder, the folder
    of mkdocs.yml). Changes to YAML files under the first, or to YAML files directly in
    the second (mkdocs.yml and what it inherits; not the `ignored` names, which `run`
    writes), trigger the next run.
    """
    flag = threading.Event()
    watched: tuple[Path, Path] | None = None
    observer: Observer | None = None  # type: ignore[valid-type]
    try:
        while not stop.is_set():
            folders = run()
            if folders != watched:
                if observer is not None:
                    observer.stop()
                    observer.join()
                observer = _observe(folders, flag, ignored)
                watched = folders
            while not stop.is_set():
                if flag.wait(0.2):
                    break
            while flag.is_set() and not stop.is_set():  # wait for the burst to end
                flag.clear()
                stop.wait(QUIET_SECONDS)
    finally:
        if observer is not None:
            observer.stop()
            observer.join()


def _observe(
    folders: tuple[Path, Path], flag: threading.Event, ignored: frozenset[str]
) -> Observer:  # type: ignore[valid-type]
    stacks, root = (f.resolve() for f in folders)

    def wanted(path: Path) -> bool:
        if path.suffix not in (".yml", ".yaml") or path.name.startswith("."):
            return False
        path = path.resolve()
        if path.parent == root:
            return path.name not in ignored
        return path.is_relative_to(stacks)

    observer = Observer()
    handler = _Changed(wanted, flag)
    if stacks.is_dir():
        observer.schedule(handler, str(stacks), recursive=True)
    observer.schedule(handler, str(root), recursive=False)
    observer.start()
    return observer
