"""Every page of the site loads without a console error, and axe-core finds no serious
or critical accessibility violation on the home, a stack and a layer page and the second
system's overview, in both palettes."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from .conftest import AXE, LAYER, STACK, Reader, site_paths


def test_no_console_errors_on_any_page(reader: Reader, base_url: str) -> None:
    paths = site_paths(base_url)
    assert len(paths) > 20, paths
    assert f"/stacks/{STACK}/" in paths
    for path in paths:
        reader.page.goto(base_url + path, wait_until="load")
        reader.page.wait_for_timeout(50)  # let deferred errors (e.g. from rxjs) surface
    assert not reader.errors, "\n".join(reader.errors)


# The second system's overview: its summary, stack previews and map.
AXE_PAGES = ["/", f"/stacks/{STACK}/", f"/layers/{LAYER}/", "/mkdocs-build/"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", AXE_PAGES)
def test_axe_finds_no_serious_violations(
    make_reader: Callable[..., Reader], path: str, scheme: str
) -> None:
    if not AXE.exists():
        pytest.skip(f"{AXE} is missing: run `npm ci` in the repository")
    reader = make_reader(scheme=scheme)
    reader.open(path)
    page = reader.page
    if path.startswith("/stacks/"):
        page.keyboard.press("ArrowRight")  # check the step dock too
    page.add_script_tag(path=str(AXE))
    violations = reader.js(
        """async () => {
          const result = await axe.run(document, {resultTypes: ['violations']});
          return result.violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => ({id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: '
                                                             + n.failureSummary)}));
        }"""
    )
    assert not violations, json.dumps(violations, indent=2)
