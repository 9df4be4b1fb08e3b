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

# The names on call-kind badges and legends; the class names (st-kind-*) stay the format's.
CALL_KIND_WORDS = {
    "call": N_("call"),
    "await": N_("await"),
    "fire-and-forget": N_("fire-and-forget"),
    "next": N_("next"),
    "virtual": N_("virtual"),
    "network": N_("network"),
    "generated": N_("generated"),
    "callback": N_("callback"),
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


def call_kind_word(kind: str) -> str:
    """A call kind (model.CALL_KINDS) in the build's language."""
    return t(CALL_KIND_WORDS[kind]) if kind in CALL_KIND_WORDS else kind


def call_where(at: int | None, at_end: int | None = None) -> str:
    """ "line 66" or "lines 696–708" in the build's language (the model's `Call.where`,
    translated); "" when the line is not known."""
    if at is None:
        return ""
    if at_end is not None and at_end != at:
        return t("lines {first}–{last}", first=at, last=at_end)
    return t("line {line}", line=at)
