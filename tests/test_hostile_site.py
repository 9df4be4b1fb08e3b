"""Hostile stack files built into a real site with the real `mkdocs build` (Material),
for what only the whole build shows: the swap of placeholders for diagrams, ids across
the page, the theme."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from stacktour.site import get_site

from .conftest import REPO_ROOT, write_project
from .sitetools import build_site
from .test_injection_browser import _ConfigLoader


def _late_tokens(stacks: Path, page: str) -> list[str]:
    site = get_site(stacks.resolve())
    assert site.load().ok
    [found] = [p for p in site.pages(directory_urls=True, preferred=()) if p.path == page]
    return list(found.late)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile-site")
    stacks = write_project(root / "stacks")
    # Placeholder tokens are predictable (a hash of the page path and a count): prose
    # that spells the token of a diagram must stay text, not become a second diagram.
    token = _late_tokens(stacks, "stacks/flow.md")[0]
    server = stacks / "layers" / "server.yaml"
    server.write_text(
        server.read_text("utf-8").replace(
            "    title: Handle\n", f"    title: Handle\n    explanation: {token}\n"
        ),
        "utf-8",
    )
    assert _late_tokens(stacks, "stacks/flow.md")[0] == token
    config = yaml.load((REPO_ROOT / "mkdocs.yml").read_text("utf-8"), Loader=_ConfigLoader)
    for key in ("nav", "site_url", "repo_url", "edit_uri"):
        config.pop(key, None)
    config["plugins"] = ["search", {"stacktour": {"stacks_dir": "stacks"}}]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Home\n", "utf-8")
    result = build_site(root, root / "site", env={"NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return root / "site"


def test_prose_spelling_a_placeholder_stays_text(site: Path) -> None:
    page = (site / "stacks" / "flow" / "index.html").read_text("utf-8")
    ids = Counter(re.findall(r'\sid="([^"]+)"', page))
    assert [name for name, n in ids.items() if n > 1] == []
    assert re.search(r"<p>STACKTOURX[0-9A-F]{16}</p>", page)  # shown as the text it is
