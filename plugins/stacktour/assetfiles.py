"""The stylesheets and script every stacktour page needs, and where a site serves them.

The MkDocs plugin adds them to the build; `stacktour generate` writes them into the docs
folder for builders without the plugin. Both list them in this order (the cascade).
"""

from __future__ import annotations

from importlib import resources

ASSET_DIR = "assets/stacktour"
ASSETS = ("stacktour.css", "sequence.css", "map.css", "walkthrough.css", "stacktour.js")


def asset_bytes(name: str) -> bytes:
    """The packaged file `name` (one of ASSETS)."""
    return resources.files("stacktour").joinpath("assets").joinpath(name).read_bytes()
