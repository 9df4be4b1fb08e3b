"""The seam between pages and diagram renderers: pages ask for HTML, never draw."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..links import LinkScheme
from ..model import Layer
from ..resolve import ResolvedStack


@dataclass(frozen=True)
class Diagrams:
    """Functions that return ready-to-inline HTML (SVG in a wrapper) for each view."""

    sequence: Callable[[ResolvedStack, LinkScheme], str]
    preview: Callable[[ResolvedStack, LinkScheme], str]
    text_alternative: Callable[[ResolvedStack, LinkScheme], str]
    stack_map: Callable[[ResolvedStack, LinkScheme], str]
    layer_map: Callable[[Layer, LinkScheme], str]
