"""The excerpt check against a local checkout, and the file-safety rules it reads under."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from stacktour.loader import load_project
from stacktour.sources import SourceError, check_excerpts, safe_source_path

from .conftest import write_project

CLIENT_CS = "\n" * 9 + "void Run()\n{\n    Send();\n    Log();\n}\n"


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    root = tmp_path / "checkout"
    (root / "src").mkdir(parents=True)
    (root / "src/Client.cs").write_text(CLIENT_CS)
    return root


def test_matching_excerpt_passes(project_dir: Path, checkout: Path) -> None:
    project = load_project(project_dir).project
    assert project is not None
    problems, compared = check_excerpts(project, {"demo": checkout})
    assert (problems, compared) == ([], 1)


def test_moved_excerpt_says_where(project_dir: Path, checkout: Path) -> None:
    (checkout / "src/Client.cs").write_text("// new header\n\n" + CLIENT_CS)
    project = load_project(project_dir).project
    assert project is not None
    problems, _ = check_excerpts(project, {"demo": checkout})
    assert [(p.code, p.hint) for p in problems] == [
        ("ST401", "the same text is now at lines 12-16")
    ]


def test_changed_excerpt_fails(project_dir: Path, checkout: Path) -> None:
    (checkout / "src/Client.cs").write_text(CLIENT_CS.replace("Log();", "Trace();"))
    project = load_project(project_dir).project
    assert project is not None
    problems, _ = check_excerpts(project, {"demo": checkout})
    assert [p.code for p in problems] == ["ST402"]
    assert problems[0].line == 7  # the frame's position in client.yaml


def test_cli_exit_codes(project_dir: Path, checkout: Path) -> None:
    command = [sys.executable, "-m", "stacktour.cli", "check-excerpts", str(project_dir)]
    ok = subprocess.run([*command, "--source", f"demo={checkout}"], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    (checkout / "src/Client.cs").write_text("")
    bad = subprocess.run([*command, "--source", f"demo={checkout}"], capture_output=True, text=True)
    assert bad.returncode == 1 and "ST402" in bad.stdout


@pytest.mark.parametrize(
    ("relative", "why"),
    [
        ("/etc/passwd", "is absolute"),
        ("../../../etc/passwd", "climbs out"),
        ("src/../../outside.txt", "climbs out"),
        ("link-out/passwd", "symbolic link"),
        ("src", "not a regular file"),
        ("missing.cs", "does not exist"),
    ],
)
def test_paths_outside_the_root_are_refused(checkout: Path, relative: str, why: str) -> None:
    outside = checkout.parent / "outside"
    outside.mkdir()
    (outside / "passwd").write_text("secret")
    os.symlink(outside, checkout / "link-out")
    with pytest.raises(SourceError, match=why):
        safe_source_path(checkout, relative)


def test_prefix_of_the_root_is_not_inside_it(tmp_path: Path) -> None:
    # "/x/checkout-evil" starts with "/x/checkout" but is not inside it.
    root = tmp_path / "checkout"
    root.mkdir()
    evil = tmp_path / "checkout-evil"
    evil.mkdir()
    (evil / "f.cs").write_text("x")
    os.symlink(evil / "f.cs", root / "f.cs")
    with pytest.raises(SourceError, match="symbolic link"):
        safe_source_path(root, "f.cs")


def test_loader_refuses_escaping_repo_paths(tmp_path: Path) -> None:
    root = write_project(tmp_path / "stacks")
    server = (root / "layers/server.yaml").read_text()
    (root / "layers/server.yaml").write_text(server.replace("src/Server.cs", "/etc/passwd"))
    codes = [d.code for d in load_project(root).diagnostics]
    assert codes == ["ST212"]
