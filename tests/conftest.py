"""Shared fixtures: a small, valid stacks folder that tests copy and break."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
STACKS = REPO_ROOT / "stacks"

SYSTEM = """\
repos:
  demo:
    url: https://example.com/demo
    commit: "0123456789abcdef0123456789abcdef01234567"
    pins:
      v1.0: {commit: "89abcdef0123456789abcdef0123456789abcdef", label: "1.0"}
groups:
  app:
    title: App process
    kind: process
  host:
    title: Host process
"""

CLIENT = """\
id: client
title: Client
kind: class
group: app
source: {repo: demo, path: src/Client.cs}
frames:
  - id: run
    title: Run
    lines: [10, 14]
    excerpt: |
      void Run()
      {
          Send();
          Log();
      }
    calls:
      - {to: server.handle, at: 12, kind: network, via: {protocol: gRPC, method: /Svc/Handle}}
"""

SERVER = """\
id: server
title: Server
kind: service
group: host
source: {repo: demo, path: src/Server.cs, pin: v1.0}
frames:
  - id: handle
    title: Handle
    lines: [3, 5]
    calls:
      - {to: server.store, at: 4, kind: await}
  - id: store
    title: Store
    lines: [8, 9]
"""

STACK = """\
id: flow
title: A flow
entry: client.run
"""


def write_project(root: Path, **overrides: str | None) -> Path:
    """A valid stacks folder at `root`; keyword arguments replace (or, as None, drop) files.

    Keys name files with `__` for `/` and `_` for `.`: `layers__client_yaml`.
    """
    files = {
        "system.yaml": SYSTEM,
        "layers/client.yaml": CLIENT,
        "layers/server.yaml": SERVER,
        "flow.yaml": STACK,
    }
    for key, text in overrides.items():
        name = key.replace("__", "/").replace("_yaml", ".yaml")
        if text is None:
            files.pop(name, None)
        else:
            files[name] = text
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    return write_project(tmp_path / "stacks")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository's site, built once (with --strict) from a copy of its sources: the
    English pages, and the Chinese ones in `zh/` (mkdocs.zh.yml, which the English build
    runs: hooks/languages.py)."""
    from .sitetools import build_site, copy_site_sources

    root = copy_site_sources(tmp_path_factory.mktemp("repo"))
    site = root / "site"
    result = build_site(root, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository's site built with Zensical as the README says (`stacktour generate`,
    then `zensical build --strict`), from a copy of its sources."""
    from .sitetools import README_COMMANDS, copy_site_sources, run_readme_command

    root = copy_site_sources(tmp_path_factory.mktemp("zensical"))
    generate, build = (run_readme_command(c, root) for c in README_COMMANDS)
    assert generate.returncode == 0, generate.stderr
    assert build.returncode == 0, build.stdout + build.stderr
    assert "No issues found" in build.stdout + build.stderr
    return root / "site"
