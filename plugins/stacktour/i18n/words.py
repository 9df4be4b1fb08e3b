"""The format's own words (layer and group kinds, call kinds) as a reader of the build's
language names them, for the pages and the diagrams alike."""

from __future__ import annotations

from .messages import N_, t

LAYER_KIND_WORDS = {
    "class": N_("class"),
    "interface": N_("interface"),
    "middleware": N_("middleware"),
    "pipeline": N_("pipeline"),
    "generated": N_("generated"),
    "user-code": N_("user-code"),
    "client-stub": N_("client-stub"),
    "service": N_("service"),
    "proto": N_("proto"),
    "storage": N_("storage"),
    "library": N_("library"),
}

GROUP_KIND_WORDS = {
    "process": N_("process"),
    "build": N_("build"),
    "repository": N_("repository"),
    "package": N_("package"),
    "service": N_("service"),
    "boundary": N_("boundary"),
}


def kind_word(kind: str) -> str:
    """A layer kind (model.LAYER_KINDS) in the build's language; unknown kinds as they are."""
    return t(LAYER_KIND_WORDS[kind]) if kind in LAYER_KIND_WORDS else kind


def group_kind_word(kind: str) -> str:
    """A group kind (model.GROUP_KINDS) in the build's language."""
    return t(GROUP_KIND_WORDS[kind]) if kind in GROUP_KIND_WORDS else kind
