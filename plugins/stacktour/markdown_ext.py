"""A Python-Markdown extension that embeds a stack's diagram in any page.

    ```stacktour
    stack: worker-side
    steps: 3-9
    hide: pipeline, build-time
    ```

    ```stacktour
    view: map
    stack: worker-side        # optional: the whole site's map without it
    ```

    ```stacktour
    view: schema              # the format reference of one kind of file
    kind: layer
    ```

    ```stacktour
    view: systems             # the list of the site's systems, each linked to its overview
    ```

In a site of several systems, `system: ID` says which one a stack or map belongs to
(default: the stacks folder's own system).

It is a Markdown extension, not only a MkDocs hook, so it also runs where MkDocs plugins
do not (ProperDocs, Zensical): there, configure it with `stacks_dir` (and the plugin's
other options), and it expands the stub files `stacktour generate` writes into the
generated pages (see `standalone/`). Under MkDocs the stacktour plugin adds it and tells
it which page is being rendered, for relative links; under Zensical that comes from
Zensical's rendering context. The diagram goes into Markdown's HTML stash, so the parser
never reads the SVG.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from .escape import html_text
from .links import LinkScheme, base_url
from .standalone.render import (
    BuilderContext,
    builder_context,
    expand_stub,
    report,
    set_page_title,
)
from .standalone.stub import stub_page

if TYPE_CHECKING:
    from .systems import SiteSystems

log = logging.getLogger("mkdocs.plugins.stacktour")

_OPEN = re.compile(r"^(?P<fence>`{3,}|~{3,})\s*stacktour\s*$")
_OPTION = re.compile(r"^\s*([a-z-]+)\s*:\s*(.*?)\s*(?:#.*)?$")
_RANGE = re.compile(r"^(\d+)\s*-\s*(\d+)$|^(\d+)$")
OPTIONS = ("stack", "view", "steps", "hide", "returns", "notes", "caption", "kind", "system")


_ANY_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


def _fence_opening(line: str) -> str | None:
    match = _ANY_FENCE.match(line)
    return match.group(1) if match else None


def _fence_end(lines: list[str], start: int, fence: str) -> int:
    """Index of the line closing `fence` (same character, at least as long), or the end."""
    for i in range(start, len(lines)):
        stripped = lines[i].strip()
        if stripped.startswith(fence) and set(stripped) == {fence[0]}:
            return i
    return len(lines)


class EmbedError(ValueError):
    """A problem with one embed block, shown on the page and logged as a warning."""


class StacktourExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "stacks_dir": ["stacks", "Folder of layer and stack files"],
            "base_url": ["", "Prefix for links to generated pages (relative or absolute)"],
            "language": ["", "Language of prose and stacktour's words (default: the project's)"],
            # The MkDocs plugin's options of the same names, for builds without it.
            "show_returns": [False, "Draw dashed return arrows in sequence diagrams"],
            "cache_dir": ["", "Where Graphviz output is cached (empty: no cache)"],
            "dot_timeout": [0.0, "Seconds before a `dot` run is stopped (0: the default)"],
        }
        super().__init__(**kwargs)
        base_url(self.getConfig("base_url"))  # a bad base URL fails here, not mid-page
        self._site: SiteSystems | None = None
        self._links: LinkScheme | None = None
        self._driven = False

    def configure(self, *, systems: SiteSystems) -> None:
        """Used by the MkDocs plugin: share its loaded systems and caches."""
        self._site = systems
        self._driven = True

    @property
    def standalone(self) -> bool:
        """No plugin drives this extension: it loads the stacks and reports their problems."""
        return not self._driven

    def set_page(self, src_uri: str, *, directory_urls: bool = True) -> None:
        """Used by the MkDocs plugin: links become relative to the page being rendered."""
        from .pages import links_for

        self._links = links_for(src_uri, directory_urls=directory_urls)

    def site(self, root: Path | None = None) -> SiteSystems:
        """The site's systems (one, in a site of one system); relative folders are taken
        from `root` (the builder's config folder, when it says) or the working folder."""
        if self._site is None:
            from .site import SiteOptions
            from .systems import get_systems

            base = root or Path.cwd()
            cache_dir = str(self.getConfig("cache_dir"))
            timeout = float(self.getConfig("dot_timeout") or 0)
            options = SiteOptions(
                show_returns=bool(self.getConfig("show_returns")),
                cache_dir=str((base / cache_dir).resolve()) if cache_dir else None,
                language=self.getConfig("language") or None,
            )
            if timeout > 0:
                options = replace(options, dot_timeout=timeout)
            self._site = get_systems((base / self.getConfig("stacks_dir")).resolve(), options)
            self._site.load()
        return self._site

    def links(self, context: BuilderContext | None = None) -> LinkScheme:
        if self._links is not None:
            return self._links
        if context is not None and context.page_path is not None:
            from .pages import links_for

            return links_for(context.page_path, directory_urls=context.directory_urls)
        return LinkScheme(base=self.getConfig("base_url"))

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API
        md.registerExtension(self)
        # Stubs are expanded before whitespace normalisation (30), as a page's own text
        # is; embeds after it and before fenced code (25).
        stubs = _StubPreprocessor(md, self)
        md.preprocessors.register(stubs, "stacktour-stub", 31)
        md.preprocessors.register(_EmbedPreprocessor(md, self, stubs), "stacktour", 28)


class _StubPreprocessor(Preprocessor):
    """Turns a stub written by `stacktour generate` into its generated page's Markdown;
    the page's HTML fragments stand on placeholder lines until `_EmbedPreprocessor`."""

    def __init__(self, md: Markdown, extension: StacktourExtension) -> None:
        super().__init__(md)
        self.extension = extension
        self.fragments: dict[str, str] = {}

    def run(self, lines: list[str]) -> list[str]:
        self.fragments = {}
        page_path = stub_page(lines)
        if page_path is None:
            return lines
        context = builder_context(self.md)
        expansion = expand_stub(self.extension.site(context.root), page_path, context)
        if expansion.problem:
            log.warning(expansion.problem)
        self.fragments = expansion.fragments
        if expansion.title:
            set_page_title(self.md, expansion.title)
        return expansion.lines


class _EmbedPreprocessor(Preprocessor):
    def __init__(
        self, md: Markdown, extension: StacktourExtension, stubs: _StubPreprocessor
    ) -> None:
        super().__init__(md)
        self.extension = extension
        self.stubs = stubs
        self.context = BuilderContext()

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        i = 0
        count = 0
        self.context = builder_context(self.md)
        # The same diagram twice on one page gets other ids the second time (see
        # Site.sequence_html): counted per embed options, caption aside.
        shown: dict[tuple[tuple[str, str], ...], int] = {}
        while i < len(lines):
            fence = _fence_opening(lines[i])
            if fence is None:
                fragment = self.stubs.fragments.get(lines[i])
                out.append(lines[i] if fragment is None else self.md.htmlStash.store(fragment))
                i += 1
                continue
            end = _fence_end(lines, i + 1, fence)
            if not _OPEN.match(lines[i]):
                # Another fenced block (e.g. an example of the syntax): copy it untouched.
                out += lines[i : end + 1]
                i = end + 1
                continue
            count += 1
            html = self._render(lines[i + 1 : end], count, shown)
            out += ["", self.md.htmlStash.store(html), ""]
            i = end + 1
        return out

    def _render(
        self, body: list[str], count: int, shown: dict[tuple[tuple[str, str], ...], int]
    ) -> str:
        context = self.context
        try:
            systems = self.extension.site(context.root)
            if self.extension.standalone:
                report(systems, systems.load())
            options = parse_options(body)
            same = tuple(sorted((k, v) for k, v in options.items() if k != "caption"))
            shown[same] = shown.get(same, 0) + 1
            links = self.extension.links(context)
            html = render_embed(systems, options, links, count, shown[same])
            return context.served_links(html)
        except EmbedError as exc:
            log.warning(f"stacktour embed: {exc}")
            return (
                '<div class="admonition failure"><p class="admonition-title">'
                f"stacktour embed</p><p>{html_text(str(exc))}</p></div>"
            )


def parse_options(body: list[str]) -> dict[str, str]:
    options: dict[str, str] = {}
    for n, line in enumerate(body, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _OPTION.match(line)
        if not match:
            raise EmbedError(f"line {n} of the block: expected `key: value`, got {line.strip()!r}")
        key, value = match.groups()
        if key not in OPTIONS:
            raise EmbedError(f"unknown option '{key}' (options: {', '.join(OPTIONS)})")
        options[key] = value
    return options


def parse_steps(text: str) -> tuple[int, int]:
    match = _RANGE.match(text.strip())
    if not match:
        raise EmbedError(f"steps '{text}' must be A-B or N")
    if match.group(3):
        return int(match.group(3)), int(match.group(3))
    first, last = int(match.group(1)), int(match.group(2))
    if first > last or first < 1:
        raise EmbedError(f"steps '{text}': the range must run forwards from 1")
    return first, last


def render_embed(
    systems: SiteSystems,
    options: dict[str, str],
    links: LinkScheme,
    count: int,
    instance: int = 1,
) -> str:
    """The HTML of one embed block, or EmbedError naming what is wrong. `instance` counts
    the embeds with these same options on the page (ids differ from the second on)."""
    from . import graph
    from .sequence import ViewOptions
    from .systems import SystemChoiceError

    if options.get("view") == "systems":
        return systems.systems_html(links)
    if options.get("view") == "schema":
        from .loader.schema_check import SCHEMA_NAMES
        from .pages.schema_reference import schema_table

        kind = options.get("kind", "layer")
        if kind not in SCHEMA_NAMES:
            raise EmbedError(f"kind '{kind}' must be one of {', '.join(SCHEMA_NAMES)}")
        return schema_table(kind)
    try:
        site = systems.site(options.get("system"))
    except SystemChoiceError as exc:
        raise EmbedError(str(exc)) from None
    links = replace(links, prefix=site.prefix)
    result = site.good()
    if result is None:
        raise EmbedError("the stacks have errors; run `stacktour validate`")
    view = options.get("view", "sequence")
    stack_id = options.get("stack")
    if stack_id is not None and stack_id not in result.stacks:
        known = ", ".join(sorted(result.stacks))
        raise EmbedError(f"unknown stack '{stack_id}' (known: {known})")
    caption = options.get("caption", "")
    if view == "map":
        scope = graph.MapScope.stack(stack_id) if stack_id else graph.MapScope.site()
        try:
            html = site.map_html(scope, links, instance=instance)
        except graph.GraphError as exc:
            raise EmbedError(str(exc)) from None
    elif view == "sequence":
        if stack_id is None:
            raise EmbedError("a sequence view needs `stack:`")
        resolved = result.stacks[stack_id]
        steps = parse_steps(options["steps"]) if "steps" in options else None
        if steps and steps[1] > len(resolved.steps):
            raise EmbedError(
                f"steps {steps[0]}-{steps[1]}: '{stack_id}' has {len(resolved.steps)} steps"
            )
        hide = tuple(x.strip() for x in options.get("hide", "").split(",") if x.strip())
        project = result.project
        assert project is not None
        hideable = {layer.id for layer in project.layers} | {g.id for g in project.groups}
        for name in hide:
            if name not in hideable:
                raise EmbedError(f"hide: '{name}' is neither a layer nor a group")
        returns = options.get("returns", "").lower() in ("true", "yes", "1")
        notes = options.get("notes", "").lower() in ("true", "yes", "1")
        view_options = ViewOptions(steps=steps, hide=hide, show_returns=returns, show_notes=notes)
        html = site.sequence_html(resolved, links, view_options, instance)
    else:
        raise EmbedError(f"view '{view}' must be sequence, map, systems or schema")
    if caption:
        html = (
            f'<figure class="st-embed">{html}<figcaption>{html_text(caption)}</figcaption></figure>'
        )
    return html


def makeExtension(**kwargs: Any) -> StacktourExtension:  # noqa: N802 - Markdown's API
    return StacktourExtension(**kwargs)
