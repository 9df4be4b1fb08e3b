"""`stacktour init` makes a site that builds at once; `new layer|stack` add valid files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from stacktour.loader import load_project
from stacktour.loader.schema_check import schema

CLI = [sys.executable, "-m", "stacktour.cli"]
MKDOCS = [sys.executable, "-m", "mkdocs"]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def schema_target(file: Path) -> Path:
    first = file.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema="), first
    return (file.parent / first.split("$schema=", 1)[1]).resolve()


@pytest.mark.parametrize("bare", [False, True])
def test_init_builds_strict_at_once(tmp_path: Path, bare: bool) -> None:
    done = run("init", "demo", *(["--bare"] if bare else []), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    site = tmp_path / "demo"
    build = subprocess.run(
        [*MKDOCS, "build", "--strict"], cwd=site, capture_output=True, text=True, timeout=600
    )
    assert build.returncode == 0, build.stderr
    assert (site / "site" / "index.html").is_file()
    if not bare:
        page = (site / "site" / "stacks" / "validate" / "index.html").read_text("utf-8")
        assert "load_project" in page and "read_yaml" in page
    # Every YAML file names a local schema that exists and is the package's own.
    for file in sorted((site / "stacks").rglob("*.yaml")):
        target = schema_target(file)
        kind = (
            "system"
            if file.name == "system.yaml"
            else "layer"
            if "layers" in file.parts
            else "stack"
        )
        assert target == (site / "schema" / f"{kind}.schema.json").resolve()
        assert json.loads(target.read_text("utf-8")) == schema(kind)


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Mine\n")
    done = run("init", ".", cwd=tmp_path)
    assert done.returncode == 1 and "docs/index.md" in done.stderr
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["docs", "index.md"]
    assert (tmp_path / "docs" / "index.md").read_text() == "# Mine\n"


def test_new_layer_and_stack_are_valid_and_refuse_to_overwrite(tmp_path: Path) -> None:
    assert run("init", ".", "--name", "Orders", cwd=tmp_path).returncode == 0
    assert "site_name: Orders" in (tmp_path / "mkdocs.yml").read_text()
    done = run("new", "layer", "orders-handler", "--title", "OrdersHandler", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    layer_file = tmp_path / "stacks" / "layers" / "orders-handler.yaml"
    assert schema_target(layer_file) == (tmp_path / "schema" / "layer.schema.json").resolve()
    done = run("new", "stack", "save-order", "--entry", "orders-handler.first", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    result = load_project(tmp_path / "stacks")
    assert result.ok, result.diagnostics
    assert result.project is not None
    assert result.project.layer("orders-handler").title == "OrdersHandler"
    assert result.project.stack("save-order").entry == "orders-handler.first"
    before = layer_file.read_bytes()
    again = run("new", "layer", "orders-handler", cwd=tmp_path)
    assert again.returncode == 2 and "exists" in again.stderr
    assert layer_file.read_bytes() == before
    assert run("new", "stack", "save-order", cwd=tmp_path).returncode == 2
    bad = run("new", "layer", "Orders_Handler", cwd=tmp_path)
    assert bad.returncode == 2 and "lowercase" in bad.stderr
    unknown = run("new", "stack", "other", "--entry", "nope.frame", cwd=tmp_path)
    assert unknown.returncode == 2 and "no such frame" in unknown.stderr
