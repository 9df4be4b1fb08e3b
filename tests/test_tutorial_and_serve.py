"""The tutorial works as written, and `mkdocs serve` survives a broken file."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import REPO_ROOT
from .sitetools import MKDOCS, broken_links, build_site

GUIDE = REPO_ROOT / "docs" / "guide" / "first-stack.md"
_BLOCK = re.compile(r'^```\w+ title="([^"]+)"\n(.*?)^```$', re.M | re.S)


def tutorial_files() -> dict[str, str]:
    return {path: text for path, text in _BLOCK.findall(GUIDE.read_text("utf-8"))}


@pytest.fixture
def tutorial(tmp_path: Path) -> Path:
    for name, text in tutorial_files().items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_tutorial_has_every_file() -> None:
    assert set(tutorial_files()) == {
        "mkdocs.yml",
        "docs/index.md",
        "stacks/system.yaml",
        "stacks/layers/handler.yaml",
        "stacks/layers/repository.yaml",
        "stacks/layers/database.yaml",
        "stacks/save-order.yaml",
    }


def test_tutorial_builds_a_site(tutorial: Path) -> None:
    result = build_site(tutorial, tutorial / "site")
    assert result.returncode == 0, result.stderr
    page = (tutorial / "site/stacks/save-order/index.html").read_text("utf-8")
    assert 'id="step-2"' in page and "INSERT INTO orders" in page
    assert (tutorial / "site/layers/handler/index.html").is_file()
    assert broken_links(tutorial / "site") == []


def test_tutorial_error_message_is_the_real_one(tutorial: Path) -> None:
    handler = tutorial / "stacks/layers/handler.yaml"
    handler.write_text(handler.read_text().replace("kind: await", "kind: async"))
    result = subprocess.run(
        [sys.executable, "-m", "stacktour.cli", "validate", "stacks"],
        cwd=tutorial,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    shown = re.search(r"^(stacks/layers/handler\.yaml:.*)$", GUIDE.read_text(), re.M)
    assert shown is not None
    assert result.stdout.strip() == shown.group(1)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return str(response.read().decode("utf-8"))


def _wait_for(predicate, timeout: float = 60.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def test_serve_keeps_the_last_good_site_and_recovers(tutorial: Path) -> None:
    port = _free_port()
    log = tutorial / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [*MKDOCS, "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
            cwd=tutorial,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/stacks/save-order/"
    stack = tutorial / "stacks/save-order.yaml"
    try:
        assert _wait_for(lambda: "Saving an order" in _get(url)), log.read_text()
        # Browsers get the live-reload script, and the YAML files are watched.
        assert "livereload" in _get(url)
        assert "'stacks/layers/handler.yaml'" in log.read_text()

        # Break a file: the diagnostic is printed, the old page is still served.
        stack.write_text(stack.read_text().replace("title: Saving an order", "title: [oops"))
        assert _wait_for(lambda: "ST003" in log.read_text()), log.read_text()
        assert "Saving an order" in _get(url)
        assert "Traceback" not in log.read_text()

        # Fix it with a new title: the site rebuilds with the change.
        stack.write_text(stack.read_text().replace("title: [oops", "title: Saving an order, fixed"))
        assert _wait_for(lambda: "Saving an order, fixed" in _get(url)), log.read_text()
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_broken_build_fails_cleanly_and_keeps_the_old_site(tutorial: Path) -> None:
    site = tutorial / "site"
    assert build_site(tutorial, site).returncode == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    handler = tutorial / "stacks/layers/handler.yaml"
    handler.write_text(handler.read_text().replace("lines: [12, 16]", "lines: [12, 15]"))
    result = build_site(tutorial, site)
    assert result.returncode != 0
    assert "stacks/layers/handler.yaml:14:14: ST204 excerpt has 5 lines" in result.stderr
    assert "Traceback" not in result.stderr
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before


def test_plugin_can_be_switched_off(tutorial: Path) -> None:
    config = tutorial / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  - stacktour\n", "  - stacktour:\n      enabled: false\n")
    )
    assert build_site(tutorial, tutorial / "site").returncode == 0
    assert not (tutorial / "site/stacks").exists()


def _checkout_two_lines_lower(tutorial: Path) -> None:
    """A folder where OrdersHandler.cs holds the excerpt two lines lower than quoted."""
    checkout = tutorial / "checkout/src/Api"
    checkout.mkdir(parents=True)
    handler = re.search(
        r"    excerpt: \|\n((?:      .*\n)+)", tutorial_files()["stacks/layers/handler.yaml"]
    )
    assert handler is not None
    body = "".join(line[6:] + "\n" for line in handler.group(1).splitlines())
    (checkout / "OrdersHandler.cs").write_text("\n" * 13 + body)


def _plugin_options(tutorial: Path, options: str) -> None:
    config = tutorial / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - stacktour\n", f"  - stacktour:\n{options}"))


def test_sources_check_excerpts_during_the_build(tutorial: Path) -> None:
    _checkout_two_lines_lower(tutorial)
    _plugin_options(tutorial, "      sources: {orders: checkout}\n")
    result = build_site(tutorial, tutorial / "site")
    assert result.returncode != 0
    assert "ST401 excerpt of handler.post no longer matches src/Api/OrdersHandler.cs:12-16" in (
        result.stderr
    )
    assert "the same text is now at lines 14-18" in result.stderr


def test_sources_that_are_not_here_are_skipped(tutorial: Path) -> None:
    # CI and readers have no clones: the build must not need them.
    _plugin_options(tutorial, "      sources: {orders: ../no-such-clone}\n")
    result = build_site(tutorial, tutorial / "site")
    assert result.returncode == 0, result.stderr


def test_source_roots_is_deprecated(tutorial: Path) -> None:
    _checkout_two_lines_lower(tutorial)
    _plugin_options(tutorial, "      source_roots: {orders: checkout}\n")
    result = build_site(tutorial, tutorial / "site")
    assert result.returncode != 0
    assert "source_roots" in result.stderr and "sources" in result.stderr
    assert "deprecated" in result.stderr.lower()
