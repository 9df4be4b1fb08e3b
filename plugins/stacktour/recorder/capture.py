"""Run a Python program and capture the call stack when a named function is entered.

This file runs in the traced program's own interpreter, by path (`python capture.py ...`),
so it imports nothing but the standard library and nothing of stacktour. It:

1. installs a hook: `sys.monitoring` (Python 3.12+) or a profile hook (`sys.setprofile`,
   and `threading.setprofile` for threads started later) on older interpreters;
2. runs the program as `python script.py` or `python -m module` would, with its
   arguments, standard streams and exit status;
3. on the N-th entry into the function whose `module.qualname` is `--at`, walks the
   stack from there to the program's first frame, and stops watching;
4. at exit, writes what it saw as JSON to `--out`: each frame (file, line, names, code
   flags), the interpreter's version and folders, and, for each installed distribution
   a frame belongs to, its name, version, Project-URLs and where its files are.

Generators and coroutines count once per activation: resuming one is not entering it.
"""

from __future__ import annotations

import json
import os
import runpy
import sys
import threading
import types
from typing import Any

_MONITORING_TOOL = 4  # sys.monitoring's PROFILER_ID is 2, DEBUGGER_ID 0; take a free one
_RESUMABLE = 0x20 | 0x80 | 0x100 | 0x200  # generator, coroutine, iterable coroutine, async gen


class Watch:
    """Counts entries into the target and keeps the stack of the chosen one."""

    def __init__(self, target: str, nth: int, aliases: dict[str, str], boot: types.FrameType):
        self.target = target
        self.name = target.rsplit(".", 1)[-1]
        self.nth = nth
        self.aliases = aliases  # "__main__" -> the name the user calls the program by
        self.boot = boot
        self.count = 0
        self.frames: list[dict[str, Any]] | None = None
        self.entered = 0  # entries seen, for the report when nothing was captured
        self.mode = ""
        self._started: dict[int, types.FrameType] = {}  # resumable target frames seen

    def matches(self, frame: types.FrameType) -> bool:
        """Whether the frame runs the target, named by its module (or a script's file
        name, or `__main__`) and qualified name."""
        module = frame.f_globals.get("__name__", "")
        qualname = getattr(frame.f_code, "co_qualname", frame.f_code.co_name)
        qualname = qualname.replace(".<locals>", "")
        return self.target in (f"{module}.{qualname}", f"{self.aliases.get(module)}.{qualname}")

    def entered_frame(self, frame: types.FrameType) -> bool:
        """Count one entry; True when this is the one to capture."""
        if frame.f_code.co_flags & _RESUMABLE:
            seen = self._started.get(id(frame))
            if seen is frame:
                return False  # a generator or coroutine resumed, not entered
            self._started[id(frame)] = frame
        self.count += 1
        if self.count != self.nth:
            return False
        self.frames = self.walk(frame)
        self._started.clear()
        return True

    def walk(self, frame: types.FrameType | None) -> list[dict[str, Any]]:
        """The frames from the program's first down to `frame` (caller first)."""
        found: list[dict[str, Any]] = []
        while frame is not None and frame is not self.boot:
            code = frame.f_code
            found.append(
                {
                    "file": code.co_filename,
                    "line": frame.f_lineno,
                    "name": code.co_name,
                    "qualname": getattr(code, "co_qualname", code.co_name),
                    "module": self.aliases.get(
                        frame.f_globals.get("__name__", ""), frame.f_globals.get("__name__", "")
                    ),
                    "first_line": code.co_firstlineno,
                    "flags": code.co_flags,
                }
            )
            frame = frame.f_back
        found.reverse()
        # runpy's own frames sit between this bootstrap and the program's first frame.
        runpy_files = {runpy.__file__, "<frozen runpy>"}
        while found and found[0]["file"] in runpy_files:
            found.pop(0)
        return found


def install_profile_hook(watch: Watch) -> None:
    """Python before 3.12: a profile hook, which sees every call of Python code."""
    watch.mode = "setprofile"

    def hook(frame: types.FrameType, event: str, arg: object) -> None:
        if event != "call" or frame.f_code.co_name != watch.name:
            return
        if not watch.matches(frame):
            return
        watch.entered += 1
        if watch.entered_frame(frame):
            sys.setprofile(None)
            threading.setprofile(None)

    threading.setprofile(hook)
    sys.setprofile(hook)


def install_monitoring(watch: Watch) -> bool:
    """Python 3.12+: `sys.monitoring` PY_START events; other code objects are switched off
    after their first start, so the program runs at nearly full speed."""
    monitoring = getattr(sys, "monitoring", None)
    if monitoring is None:
        return False
    try:
        monitoring.use_tool_id(_MONITORING_TOOL, "stacktour record")
    except ValueError:
        return False
    watch.mode = "sys.monitoring"
    events = monitoring.events

    def on_start(code: types.CodeType, offset: int) -> object:
        if code.co_name != watch.name:
            return monitoring.DISABLE
        frame = sys._getframe(1)
        if not watch.matches(frame):
            return monitoring.DISABLE
        watch.entered += 1
        if watch.entered_frame(frame):
            monitoring.set_events(_MONITORING_TOOL, 0)
        return None

    monitoring.register_callback(_MONITORING_TOOL, events.PY_START, on_start)
    monitoring.set_events(_MONITORING_TOOL, events.PY_START)
    return True


def stop(watch: Watch) -> None:
    if watch.mode == "sys.monitoring":
        monitoring = sys.monitoring  # type: ignore[attr-defined]
        monitoring.set_events(_MONITORING_TOOL, 0)
        monitoring.register_callback(_MONITORING_TOOL, monitoring.events.PY_START, None)
        monitoring.free_tool_id(_MONITORING_TOOL)
    else:
        sys.setprofile(None)
        threading.setprofile(None)


def environment(frames: list[dict[str, Any]]) -> dict[str, Any]:
    """Facts about the interpreter and the installed distributions the frames belong to."""
    import importlib.metadata as metadata
    import site
    import sysconfig

    paths = sysconfig.get_paths()
    version = sys.version_info
    facts: dict[str, Any] = {
        "implementation": sys.implementation.name,
        "version": [
            version.major,
            version.minor,
            version.micro,
            version.releaselevel,
            version.serial,
        ],
        "stdlib": sorted({paths.get("stdlib", ""), paths.get("platstdlib", "")} - {""}),
        "site": sorted(
            (
                {paths.get("purelib", ""), paths.get("platlib", "")}
                | set(getattr(site, "getsitepackages", list)())
                | {site.getusersitepackages() if hasattr(site, "getusersitepackages") else ""}
            )
            - {""}
        ),
        "distributions": [],
    }
    tops: set[str] = set()
    for frame in frames:
        module = str(frame["module"])
        if module and module != "__main__":
            tops.add(module.split(".", 1)[0])
    try:
        owners = metadata.packages_distributions()
    except Exception:  # a broken installation must not lose the capture
        owners = {}
    names = sorted({dist for top in tops for dist in owners.get(top, [])})
    for name in names:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        meta = dist.metadata
        top_level = sorted(t for t in tops if name in owners.get(t, []))
        facts["distributions"].append(
            {
                "name": meta["Name"] or name,
                "version": dist.version,
                "summary": meta["Summary"] or "",
                "home_page": meta["Home-page"] or "",
                "project_urls": meta.get_all("Project-URL") or [],
                "location": str(dist.locate_file("")),
                "top_level": top_level,
            }
        )
    return facts


def _trimmed(tb: types.TracebackType | None) -> types.TracebackType | None:
    """The traceback from the program's first frame on, without this bootstrap and runpy."""
    skip = {__file__, runpy.__file__, "<frozen runpy>"}
    while tb is not None and tb.tb_frame.f_code.co_filename in skip:
        tb = tb.tb_next
    return tb


def main(argv: list[str]) -> int:
    out, target, nth, module = "", "", 1, None
    i = 0
    while i < len(argv) and argv[i] != "--":
        flag, value = argv[i], argv[i + 1]
        if flag == "--out":
            out = value
        elif flag == "--at":
            target = value
        elif flag == "--nth":
            nth = int(value)
        elif flag == "--module":
            module = value
        i += 2
    program = argv[i + 1 :]
    aliases: dict[str, str] = {}
    if module:
        aliases["__main__"] = module
        sys.argv = [module, *program]
        sys.path[0] = os.getcwd()
    else:
        script = os.path.abspath(program[0])  # as `python script.py` names it in frames
        aliases["__main__"] = os.path.splitext(os.path.basename(script))[0]
        sys.argv = list(program)
        sys.path[0] = os.path.dirname(os.path.abspath(script))
    watch = Watch(target, nth, aliases, sys._getframe())
    if not install_monitoring(watch):
        install_profile_hook(watch)
    status: int = 0
    try:
        if module:
            runpy.run_module(module, run_name="__main__", alter_sys=True)
        else:
            runpy.run_path(script, run_name="__main__")
    except SystemExit as exc:
        code = exc.code
        if code is None:
            status = 0
        elif isinstance(code, int):
            status = code
        else:
            print(code, file=sys.stderr)
            status = 1
    except KeyboardInterrupt:
        status = 130
    except BaseException as exc:  # the program's own uncaught exception: shown as Python would
        shown = exc.with_traceback(_trimmed(exc.__traceback__))
        sys.excepthook(type(shown), shown, shown.__traceback__)
        status = 1
    finally:
        stop(watch)
        report = {
            "target": target,
            "nth": nth,
            "entered": watch.count,
            "mode": watch.mode,
            "frames": watch.frames,
            "environment": environment(watch.frames or []),
        }
        with open(out, "w", encoding="utf-8") as handle:
            json.dump(report, handle)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
