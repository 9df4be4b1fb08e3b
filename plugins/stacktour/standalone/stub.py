"""The stub file `stacktour generate` writes for each generated page.

A stub is a Markdown file whose first line is a marker comment and whose body is one
`stacktour` block naming the page it stands for:

    <!-- stacktour:generated from stacks/layers/grpc-worker.yaml; ... -->

    ```stacktour
    page: layers/grpc-worker.md
    ```

The Markdown extension expands it into that page at render time; the MkDocs plugin,
which makes the pages itself, leaves stubs out of its build. Only a file that starts
with the marker is ever overwritten or removed by stacktour.
"""

from __future__ import annotations

import re
from pathlib import Path

MARKER = "<!-- stacktour:generated"
_MARKER_BYTES = MARKER.encode()
_SHOWN_SOURCE = re.compile(r"^[A-Za-z0-9_./ +@-]{1,300}$")
_PAGE_LINE = re.compile(r"^\s*page\s*:\s*(\S+)\s*$")


def stub_text(page_path: str, source: str = "", stamp: str = "") -> str:
    """The stub for the generated page at `page_path` ("layers/x.md"), made from the YAML
    file `source` (shown in the comment only when it is a plain path) by `stamp` (the
    stacktour version: a new version rewrites every stub, so a builder that caches pages
    by their Markdown renders them again)."""
    origin = f" by {stamp}" if _SHOWN_SOURCE.match(stamp) else ""
    if _SHOWN_SOURCE.match(source) and "--" not in source:
        origin += f" from {source}; edit that file, not this one"
    return (
        f"{MARKER}{origin}. Run `stacktour generate` after adding or removing a stack"
        " or a layer. -->\n"
        "\n"
        "```stacktour\n"
        f"page: {page_path}\n"
        "```\n"
    )


def is_stub_text(text: str) -> bool:
    """Does this Markdown start with the stub marker?"""
    return text.startswith(MARKER)


def is_stub_file(path: Path) -> bool:
    """Does the file at `path` start with the stub marker? (Reads its first bytes only.)"""
    try:
        with path.open("rb") as handle:
            return handle.read(len(_MARKER_BYTES)) == _MARKER_BYTES
    except OSError:
        return False


def stub_page(lines: list[str]) -> str | None:
    """The page path a stub names (from its Markdown lines), or None if it is no stub."""
    if not lines or not is_stub_text(lines[0]):
        return None
    for line in lines[1:]:
        match = _PAGE_LINE.match(line)
        if match:
            return match.group(1)
    return None
