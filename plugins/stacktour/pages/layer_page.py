"""The page of one layer: what it is, where it lives, its frames, callers and callees."""

from __future__ import annotations

from ..escape import html_attr, html_text, markdown_text
from ..i18n.messages import t
from ..i18n.words import call_kind_word, kind_word
from ..links import LinkScheme
from ..model import Call, Frame, Layer, Project
from ..resolve import ResolvedStack
from .common import (
    TITLE_ID,
    GeneratedPage,
    call_where,
    current_permalink,
    heading2,
    line_anchor,
    lines_text,
    link,
    location_html,
    t_html,
    via_html,
)
from .diagrams import Diagrams
from .excerpts import fence
from .prose import prose_html, prose_inline

_CALLERS: list[tuple[Project, dict[str, list[tuple[Frame, Call]]]]] = []


def callers_of(project: Project) -> dict[str, list[tuple[Frame, Call]]]:
    """For each frame id, the (frame, call) pairs that call it.

    Remembered for the last project: every layer page asks, and walking every call of a
    large project once per layer made the layer pages quadratic."""
    if _CALLERS and _CALLERS[0][0] is project:
        return _CALLERS[0][1]
    found: dict[str, list[tuple[Frame, Call]]] = {}
    for layer in project.layers:
        for frame in layer.frames:
            for call in frame.calls:
                if call.to is not None:
                    found.setdefault(call.to, []).append((frame, call))
    _CALLERS[:] = [(project, found)]
    return found


def _frame_name(project: Project, frame_id: str) -> str:
    frame = project.frame(frame_id)
    return f"{project.layer(frame.layer).title}.{frame.title}"


def _calls_html(project: Project, frame: Frame, links: LinkScheme, blocks: dict[int, int]) -> str:
    """The frame's calls; `blocks` maps a quoted line to the code block that shows it."""
    if not frame.calls:
        return ""
    items = []
    for call in frame.calls:
        if call.to is not None:
            target = link(links.frame(call.to), _frame_name(project, call.to))
        else:
            target = f"<code>{html_text(call.external or '')}</code>"
        line = ""
        if call.at is not None:
            block = blocks.get(call.at)
            href = line_anchor(block, call.at) if block is not None else None
            line = " " + t_html("at {line}", line=link(href, call_where(call)))
        via = " " + via_html(call.via) if call.via else ""
        note = prose_inline(call.note)
        items.append(
            f'<li><span class="st-kind st-kind-{html_attr(call.kind)}">'
            f"{html_text(call_kind_word(call.kind))}"
            f"</span> {target}{via}{line}{' — ' + note if note else ''}</li>"
        )
    calls = html_text(t("Calls"))
    return f'<p class="st-label">{calls}</p><ul class="st-calls">{"".join(items)}</ul>'


def _called_by_html(project: Project, callers: list[tuple[Frame, Call]], links: LinkScheme) -> str:
    if not callers:
        return ""
    items = [
        f"<li>{link(links.frame(frame.id), _frame_name(project, frame.id))}"
        f"{f' ({html_text(call_where(call))})' if call.at is not None else ''}"
        f' <span class="st-kind st-kind-{html_attr(call.kind)}">'
        f"{html_text(call_kind_word(call.kind))}</span></li>"
        for frame, call in callers
    ]
    called_by = html_text(t("Called by"))
    return f'<p class="st-label">{called_by}</p><ul class="st-calls">{"".join(items)}</ul>'


def _frame_section(
    page: GeneratedPage,
    project: Project,
    layer: Layer,
    frame: Frame,
    callers: list[tuple[Frame, Call]],
    links: LinkScheme,
) -> str:
    out = [f"### {markdown_text(frame.title)} {{#frame-{frame.name}}}\n"]
    head = []
    if frame.signature:
        head.append(f'<pre class="st-signature"><code>{html_text(frame.signature)}</code></pre>')
    head.append(f"<p>{location_html(project, layer, frame)}</p>")
    if frame.caveat:
        head.append(f'<div class="st-caveat">{prose_html(frame.caveat)}</div>')
    out.append(page.placeholder("".join(head)))
    marked = tuple(line for c in frame.calls for line in c.at_lines)
    name = (frame.path or layer.path or "").rsplit("/", 1)[-1]
    blocks: dict[int, int] = {}
    for segment in frame.excerpt:
        block = page.next_code_block()
        if segment.numbered:
            blocks.update({n: block for n in range(segment.start, segment.end + 1)})
        out.append(fence(segment, frame.language, marked=marked, title=name))
    tail = [prose_html(frame.explanation)]
    if frame.current is not None and layer.repo:
        current_link = current_permalink(project, layer, frame)
        repo = project.repo(layer.repo)
        where = ""
        if frame.current.lines:
            where = lines_text(frame.current.lines)
        today = t("The same code today, at {commit}", commit=repo.label or repo.commit[:8])
        where = where or t("the file today")
        tail.append(
            f'<div class="st-today"><p class="st-label">{html_text(today)}</p>'
            f"<p>{link(current_link, where)}</p>"
            f"{prose_html(frame.current.note)}</div>"
        )
    tail.append(_calls_html(project, frame, links, blocks))
    tail.append(_called_by_html(project, callers, links))
    out.append(page.placeholder("".join(tail)))
    return "\n".join(out)


def layer_page(
    project: Project,
    layer: Layer,
    stacks: list[ResolvedStack],
    links: LinkScheme,
    diagrams: Diagrams,
) -> GeneratedPage:
    path = f"{links.prefix}layers/{layer.id}.md"
    page = GeneratedPage(path=path, title=layer.title, source_file=layer.file)
    callers = callers_of(project)
    groups = " › ".join(g.title for g in project.group_chain(layer.group))
    chips = [f'<span class="st-chip">{html_text(kind_word(layer.kind))}</span>']
    chips.append(f'<span class="st-chip">{html_text(groups)}</span>')
    chips += [f'<span class="st-chip st-tag">{html_text(tag)}</span>' for tag in layer.tags]
    head = [f'<p class="st-chips">{" ".join(chips)}</p>', prose_html(layer.summary)]
    if layer.caveat:
        head.append(
            '<div class="admonition warning"><p class="admonition-title">'
            + html_text(t("Caveat"))
            + "</p>"
            f"{prose_html(layer.caveat)}</div>"
        )
    if layer.repo:
        repo = project.repo(layer.repo)
        where = f"{repo.title or repo.url or repo.id}" + (f" · {layer.path}" if layer.path else "")
        url = repo.url if not layer.path else None
        pin = repo.pin(layer.pin)
        if layer.path:
            from ..links import upstream_url

            url = upstream_url(repo.url, pin.commit, layer.path, None)
        source = html_text(t("Source:"))
        title = html_attr(t("commit {commit}", commit=pin.commit))
        head.append(
            f'<p class="st-source">{source} {link(url, where)} '
            f'<span class="st-commit" title="{title}">'
            f"@ {html_text(pin.label or pin.commit[:8])}</span></p>"
        )
    parts = [f"# {markdown_text(layer.title)} {{#{TITLE_ID}}}\n", page.placeholder("".join(head))]
    parts.append(heading2(t("Map"), "map"))
    parts.append(page.placeholder(diagrams.layer_map(layer, links), late=True))
    parts.append(heading2(t("Stacks through this layer"), "stacks-through-this-layer"))
    through = [s for s in stacks if any(x.id == layer.id for x in s.layers)]
    if through:
        items = []
        for resolved in through:
            numbers = [
                st.number
                for st in resolved.steps
                if st.callee is not None and st.callee.layer == layer.id
            ]
            first = ""
            if numbers:
                step_text = t("step {number}", number=numbers[0])
                step_link = link(links.step(resolved.stack.id, numbers[0]), step_text)
                first = " " + t_html("(first at {step})", step=step_link)
            items.append(
                f"<li>{link(links.stack(resolved.stack.id), resolved.stack.title)}{first}</li>"
            )
        parts.append(page.placeholder(f"<ul>{''.join(items)}</ul>"))
    else:
        none = html_text(t("No stack passes through this layer yet."))
        parts.append(page.placeholder(f"<p>{none}</p>"))
    parts.append(heading2(t("Frames"), "frames"))
    for frame in layer.frames:
        parts.append(_frame_section(page, project, layer, frame, callers.get(frame.id, []), links))
    page.markdown = "\n".join(parts) + "\n"
    return page
