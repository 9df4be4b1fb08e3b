"""The stylesheets and scripts every stacktour page needs, and where a site serves them.

The MkDocs plugin adds them to the build; `stacktour generate` writes them into the docs
folder for builders without the plugin. Both list them in this order (the cascade).
`messages.js` is not packaged: it is made for the build's language (i18n/messages.py).
"""

from __future__ import annotations

from importlib import resources

ASSET_DIR = "assets/stacktour"
ASSETS = (
    "stacktour.css",
    "sequence.css",
    "map.css",
    "walkthrough.css",
    "messages.js",
    "stacktour.js",
    "languages.js",
)
MESSAGES_ASSET = "messages.js"  # generated for the build's language


def asset_bytes(name: str, language: str = "en") -> bytes:
    """The file `name` (one of ASSETS) as served: the packaged file, or for MESSAGES_ASSET
    the script's words in `language` (a language code, e.g. "en", "zh")."""
    if name == MESSAGES_ASSET:
        from .i18n.messages import messages_js

        return messages_js(language).encode()
    return resources.files("stacktour").joinpath("assets").joinpath(name).read_bytes()
