"""`stacktour record`: real programs run under the capture hook, their stacks written.

The profile-hook path runs on this interpreter (3.11); the `sys.monitoring` path runs when
a Python 3.12 or newer is installed (looked for on PATH and in pyenv's folder).
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from stacktour.loader import load_project
from stacktour.recorder import cpython_tag, from_report, source_url

PROGRAMS = Path(__file__).parent / "programs"
CLI = [sys.executable, "-m", "stacktour.cli"]


def record(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, "record", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def newer_python() -> str | None:
    """An interpreter with sys.monitoring (3.12+), if this machine has one."""
    candidates = [shutil.which(n) for n in ("python3.13", "python3.12")]
    candidates += sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.1[2-9]*/bin/python3")))
    for path in candidates:
        if not path:
            continue
        done = subprocess.run(
            [path, "-c", "import sys; print(hasattr(sys, 'monitoring'))"],
            capture_output=True,
            text=True,
        )
        if done.returncode == 0 and done.stdout.strip() == "True":
            return path
    return None


def test_output_and_status_pass_through_and_the_stack_is_written(tmp_path: Path) -> None:
    done = record(
        "--at",
        "jinja2.lexer.Lexer.tokeniter",
        "--",
        str(PROGRAMS / "render_template.py"),
        "you",
        "3",
        cwd=tmp_path,
    )
    assert done.returncode == 3, done.stderr
    assert done.stdout == "Hello you! 0 1\n"  # the program's own output, untouched
    assert "captured jinja2.lexer.Lexer.tokeniter (entry 1" in done.stderr
    assert "setprofile" in done.stderr or "sys.monitoring" in done.stderr
    result = load_project(tmp_path / "stacks")
    assert result.ok, result.diagnostics
    project = result.project
    assert project is not None
    stack = project.stack("lexer-tokeniter")
    assert stack.steps[-1].callee == "lexer.tokeniter"
    assert project.repo("jinja").url == "https://github.com/pallets/jinja"
    import jinja2

    assert project.repo("jinja").commit == jinja2.__version__  # the version, as a tag
    lexer = project.layer("lexer")
    assert (lexer.repo, lexer.path, lexer.kind) == ("jinja", "jinja2/lexer.py", "class")
    assert project.frame("lexer.tokeniter").symbol == "Lexer.tokeniter"
    entry = project.frame(stack.entry)
    assert entry.layer == "render-template" and entry.symbol is None  # the script's own code


def test_a_scripts_own_function_by_file_name_or_main(tmp_path: Path) -> None:
    for at, stack_id in (("hooks.Decoder.hook", "by-name"), ("__main__.Decoder.hook", "by-main")):
        done = record(
            "--at", at, "--id", stack_id, "--", str(PROGRAMS / "hooks.py"), "{}", cwd=tmp_path
        )
        assert done.returncode == 0, done.stderr
    result = load_project(tmp_path / "stacks")
    assert result.ok and result.project is not None
    assert [s.id for s in result.project.stacks] == ["by-main", "by-name"]
    steps = {s.id: [(x.caller, x.callee, x.at) for x in s.steps] for s in result.project.stacks}
    assert steps["by-main"] == steps["by-name"]
    assert steps["by-main"][-1] == ("hooks.main", "decoder.hook", 18)  # json's frames dropped


def test_never_entered_says_so(tmp_path: Path) -> None:
    done = record(
        "--at", "hooks.Decoder.nothing", "--", str(PROGRAMS / "hooks.py"), "{}", cwd=tmp_path
    )
    assert done.returncode == 1
    assert done.stdout == "decoded 1 object(s)\n"
    assert "hooks.Decoder.nothing was entered never; nothing was captured" in done.stderr
    assert not (tmp_path / "stacks").exists()


def test_nth_entry_and_generators_resumed_do_not_count(tmp_path: Path) -> None:
    script = str(PROGRAMS / "steps.py")
    done = record(
        "--at", "steps.step", "--nth", "2", "--id", "second-step", "--", script, cwd=tmp_path
    )
    assert done.returncode == 1 and done.stderr.startswith("done with steps")  # SystemExit(str)
    done = record(
        "--at", "steps.numbers", "--nth", "2", "--id", "numbers", "--", script, cwd=tmp_path
    )
    assert done.returncode == 1, done.stderr
    result = load_project(tmp_path / "stacks")
    assert result.ok and result.project is not None
    steps = {s.id: [(x.caller, x.at) for x in s.steps] for s in result.project.stacks}
    assert steps["second-step"][-1] == ("steps.main", 25)  # the call on line 25, not 24
    assert steps["numbers"][-1] == ("steps.main", 30)  # `second` started, `first` resumed


def test_awaits_and_the_standard_library_mapped_to_cpython(tmp_path: Path) -> None:
    done = record(
        "--at", "steps.fetch", "--keep-runtime", "--", str(PROGRAMS / "steps.py"), cwd=tmp_path
    )
    assert done.returncode == 1, done.stderr
    result = load_project(tmp_path / "stacks")
    assert result.ok, result.diagnostics
    project = result.project
    assert project is not None
    assert project.repo("cpython").commit == cpython_tag(list(sys.version_info))
    calls = {c.to: c.kind for f in project.frames().values() for c in f.calls}
    assert calls["steps.fetch"] == "await"  # gather awaits fetch: both coroutines
    runners = project.layer("runners")
    assert (runners.repo, runners.path, runners.kind) == (
        "cpython",
        "Lib/asyncio/runners.py",
        "library",
    )


def test_module_mode_and_the_programs_own_exception(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            *CLI,
            "record",
            "--at",
            "shop.checkout.Cart.add",
            "--nth",
            "2",
            "-o",
            str(tmp_path / "s"),
            "-m",
            "shop.checkout",
            "a=1",
            "b=-2",
        ],
        cwd=PROGRAMS,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1
    # Shown as `python -m shop.checkout` shows it: no frame of the capture or of runpy.
    assert done.stderr.startswith("Traceback (most recent call last):\n  File ")
    assert "capture.py" not in done.stderr and "runpy" not in done.stderr
    assert "ValueError: quantity of b is negative" in done.stderr
    result = load_project(tmp_path / "s")
    assert result.ok and result.project is not None
    (stack,) = result.project.stacks
    assert [f"{s.caller} -> {s.callee} @ {s.at}" for s in stack.steps] == [
        "checkout.module -> checkout.main @ 25",
        "checkout.main -> cart.add @ 20",
    ]
    assert result.project.layer("cart").title == "Cart"


@pytest.mark.skipif(newer_python() is None, reason="no Python 3.12+ with sys.monitoring here")
def test_sys_monitoring_path_on_a_newer_interpreter(tmp_path: Path) -> None:
    python = newer_python()
    assert python is not None
    done = record(
        "--python",
        python,
        "--at",
        "hooks.Decoder.hook",
        "--keep-runtime",
        "--",
        str(PROGRAMS / "hooks.py"),
        '[{"a": 1}, {"b": {"c": 2}}]',
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "decoded 3 object(s)\n"
    assert "sys.monitoring" in done.stderr
    result = load_project(tmp_path / "stacks")
    assert result.ok, result.diagnostics
    project = result.project
    assert project is not None
    version = subprocess.run(
        [python, "-c", "import sys, json; print(json.dumps(list(sys.version_info)))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert project.repo("cpython").commit == cpython_tag(json.loads(version))
    decoder = project.layer("json-decoder")
    assert (decoder.repo, decoder.path) == ("cpython", "Lib/json/decoder.py")
    (stack,) = project.stacks
    assert [s.callee for s in stack.steps][-1] == "decoder.hook"


def test_report_reading_is_pure() -> None:
    report = {
        "target": "pkg.mod.f",
        "entered": 1,
        "mode": "setprofile",
        "frames": [
            {
                "file": "/app/main.py",
                "line": 3,
                "name": "<module>",
                "qualname": "<module>",
                "module": "main",
                "flags": 0,
            },
            {
                "file": "<frozen runpy>",
                "line": 88,
                "name": "_run_code",
                "qualname": "_run_code",
                "module": "runpy",
                "flags": 0,
            },
            {
                "file": "/venv/site/pkg/mod.py",
                "line": 9,
                "name": "f",
                "qualname": "Outer.<locals>.f",
                "module": "pkg.mod",
                "flags": 0,
            },
        ],
        "environment": {
            "implementation": "cpython",
            "version": [3, 13, 0, "candidate", 1],
            "stdlib": ["/py/lib/python3.13"],
            "site": ["/venv/site"],
            "distributions": [
                {
                    "name": "Pkg",
                    "version": "2.0",
                    "project_urls": [
                        "Homepage, https://pkg.example",
                        "Source Code, https://github.com/org/pkg.git",
                    ],
                    "home_page": "",
                    "location": "/venv/site",
                    "top_level": ["pkg"],
                },
            ],
        },
    }
    recording = from_report(report, 0, exists=lambda path: path.endswith("runpy.py"))
    assert recording.stack is not None
    frames = recording.stack.frames
    assert frames[1].file == "/py/lib/python3.13/runpy.py" and frames[1].runtime
    assert (frames[2].owner, frames[2].function, frames[2].runtime) == ("Outer", "f", False)
    assert {r.id: (r.url, r.tag) for r in recording.repos} == {
        "pkg": ("https://github.com/org/pkg", "2.0"),
        "cpython": ("https://github.com/python/cpython", "v3.13.0rc1"),
    }
    assert (
        source_url(["Docs, https://docs.x.org"], "https://gitlab.com/a/b/")
        == "https://gitlab.com/a/b"
    )
    assert source_url(["Docs, https://docs.x.org"], "") is None
