"""Two builds of this repository's site, from copies at different paths and under
different hash seeds, give byte-identical `site/` trees."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

from .sitetools import copy_site_sources

EPOCH = "1700000000"  # 2023-11-14


def _build(root: Path, seed: str) -> Path:
    site = root / "site"
    env = {
        **os.environ,
        "PYTHONHASHSEED": seed,
        "SOURCE_DATE_EPOCH": EPOCH,
        "NO_MKDOCS_2_WARNING": "1",
        # A published address, so that the sitemap (and its dates) is written.
        "STACKTOUR_SITE_URL": "https://docs.stacktour.dev/",
    }
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return site


def _tree(site: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".gz":  # compare what is inside; the gzip header is checked apart
                data = gzip.decompress(data)
            files[path.relative_to(site).as_posix()] = data
    return files


def _first_difference(a: bytes, b: bytes) -> str:
    at = next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
    return f"at byte {at}: {a[max(0, at - 60) : at + 60]!r} vs {b[max(0, at - 60) : at + 60]!r}"


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first = _build(copy_site_sources(tmp_path / "one" / "checkout"), seed="1")
    second = _build(copy_site_sources(tmp_path / "elsewhere" / "two"), seed="4242")
    a, b = _tree(first), _tree(second)
    assert sorted(a) == sorted(b), set(a) ^ set(b)
    differing = {name: _first_difference(a[name], b[name]) for name in a if a[name] != b[name]}
    assert differing == {}, "\n".join(f"{n}: {d}" for n, d in differing.items())
    assert list(first.rglob("*.gz")), "the sitemap is compressed"
    for gz in first.rglob("*.gz"):  # the gzip header's own timestamp, too
        assert gz.read_bytes() == (second / gz.relative_to(first)).read_bytes(), gz.name


def test_no_build_path_or_date_leaks_into_the_site(tmp_path: Path) -> None:
    root = copy_site_sources(tmp_path / "unusual-checkout-name")
    site = _build(root, seed="7")
    leaks = [
        name
        for name, data in _tree(site).items()
        if b"unusual-checkout-name" in data or str(tmp_path).encode() in data
    ]
    assert leaks == []
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert "<lastmod>2023-11-14</lastmod>" in sitemap
