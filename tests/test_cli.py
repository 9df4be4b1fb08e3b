"""The command line as a user runs it: exit codes, formats, files written whole."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .conftest import REPO_ROOT, write_project

CLI = [sys.executable, "-m", "stacktour.cli"]


def run(*args: str, cwd: Path = REPO_ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_validate_this_repository() -> None:
    result = run("validate", "stacks")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr.startswith("ok: ")


def test_validate_formats(tmp_path: Path) -> None:
    root = write_project(tmp_path / "stacks", flow_yaml="id: flow\ntitle: no\nentry: client.run\n")
    text = run("validate", "stacks", cwd=tmp_path)
    assert text.returncode == 1
    assert text.stdout.startswith("stacks/flow.yaml:2:8: ST103 title must be a string")
    as_json = json.loads(run("validate", "stacks", "--format", "json", cwd=tmp_path).stdout)
    assert as_json[0]["code"] == "ST103" and as_json[0]["line"] == 2
    github = run("validate", "stacks", "--format", "github", cwd=tmp_path).stdout
    assert github.startswith("::error file=stacks/flow.yaml,line=2,col=8,title=ST103::")
    assert root.is_dir() and "Traceback" not in text.stderr


def test_schema_prints_draft_07() -> None:
    for kind in ("layer", "stack", "system"):
        schema = json.loads(run("schema", kind).stdout)
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"


@pytest.mark.parametrize("suffix", [".svg", ".png", ".pdf"])
def test_render_writes_each_format(tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"out{suffix}"
    result = run("render", "host-start-instance", "-o", str(target), "--theme", "dark")
    assert result.returncode == 0, result.stderr
    data = target.read_bytes()
    if suffix == ".svg":
        assert ET.fromstring(data).tag == "{http://www.w3.org/2000/svg}svg"
    else:
        assert data.startswith({".png": b"\x89PNG", ".pdf": b"%PDF"}[suffix])
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_render_links_follow_base_url(tmp_path: Path) -> None:
    target = tmp_path / "s.svg"
    run("render", "worker-schedule", "-o", str(target), "--base-url", "https://docs.example.org")
    svg = ET.parse(target).getroot()
    hrefs = {
        a.get("{http://www.w3.org/1999/xlink}href")
        for a in svg.iter("{http://www.w3.org/2000/svg}a")
    }
    assert "https://docs.example.org/layers/grpc-worker/" in hrefs
    assert "https://docs.example.org/stacks/worker-schedule/#step-1" in hrefs
    run("render", "worker-schedule", "-o", str(target), "--no-links")
    assert not list(ET.parse(target).getroot().iter("{http://www.w3.org/2000/svg}a"))


def test_render_map_and_views(tmp_path: Path) -> None:
    assert run("render", "--view", "map", "-o", str(tmp_path / "m.svg")).returncode == 0
    sliced = run(
        "render",
        "worker-schedule",
        "-o",
        str(tmp_path / "s.svg"),
        "--steps",
        "3-9",
        "--hide",
        "pipeline",
    )
    assert sliced.returncode == 0, sliced.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope", "-o", "x.svg"], "unknown stack 'nope'"),
        (["worker-schedule", "-o", "x.gif"], "must end in .svg, .png or .pdf"),
        (["worker-schedule", "-o", "x.svg", "--steps", "9-999"], "outside"),
        (["worker-schedule", "-o", "x.svg", "--base-url", "javascript:alert(1)"], "http(s)"),
    ],
)
def test_render_mistakes_are_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    result = run("render", *[a.replace("x.", str(tmp_path / "x.")) for a in args])
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not list(tmp_path.iterdir())  # nothing half-written


def test_every_flagship_stack_renders_in_every_format(tmp_path: Path) -> None:
    from click.testing import CliRunner
    from stacktour.cli import main
    from stacktour.loader import load_project

    result = load_project(REPO_ROOT / "stacks")
    assert result.ok
    runner = CliRunner()
    xlink = "{http://www.w3.org/1999/xlink}href"
    for stack_id, resolved in result.stacks.items():
        for suffix in (".svg", ".png", ".pdf"):
            target = tmp_path / f"{stack_id}{suffix}"
            args = ["render", stack_id, "-o", str(target), "--stacks", str(REPO_ROOT / "stacks")]
            outcome = runner.invoke(main, [*args, "--base-url", "https://docs.example.org/"])
            assert outcome.exit_code == 0, (stack_id, suffix, outcome.output)
            assert target.stat().st_size > 1000
        svg = ET.parse(tmp_path / f"{stack_id}.svg").getroot()
        hrefs = {a.get(xlink) for a in svg.iter("{http://www.w3.org/2000/svg}a")}
        for layer in resolved.layers:
            assert f"https://docs.example.org/layers/{layer.id}/" in hrefs, (stack_id, layer.id)
        for step in resolved.steps:
            page = f"https://docs.example.org/stacks/{stack_id}/#step-{step.number}"
            assert page in hrefs, (stack_id, step.number)
