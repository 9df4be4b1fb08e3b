"""The page of one stack: summary, diagram, text alternative, map, and the walkthrough.

The walkthrough is a list of frame visits (see walkthrough.py). Each section is about one
frame: its heading names the frame, the box under it says how the story got there (the
call's kind, the caller and the call line, quoted, and the call's note), then come the
frame's explanation and its code, with the lines where it makes the next calls numbered
with those steps. `#step-N` is the section of the frame step N arrives in.

The page script reads, for step N: `<h3 id="step-N">`, the `.st-step[data-step=N]` box
in the `.st-visit` after it, and the other blocks of that visit (explanation, code).
"""

from __future__ import annotations

import html
import re
from functools import partial

from ..escape import html_attr, html_text, markdown_text
from ..i18n.messages import N_, t
from ..i18n.words import call_kind_word
from ..links import LinkScheme
from ..model import Frame, Layer, Project
from ..resolve import ResolvedStack, Step
from .codeview import Mark, call_site_html, excerpt_html
from .common import (
    TITLE_ID,
    GeneratedPage,
    call_where,
    code_html,
    heading2,
    link,
    location_html,
    t_html,
    via_html,
)
from .diagrams import Diagrams
from .excerpts import segment_for_line
from .prose import prose_html, prose_inline
from .walkthrough import Visit, visit_of_step, visits

# How a step arrives in its frame, by call kind: "<kind> Awaited by CALLER at line N".
ARRIVALS = {
    "call": N_("Called by {caller}"),
    "await": N_("Awaited by {caller}"),
    "fire-and-forget": N_("Dispatched, without waiting, by {caller}"),
    "next": N_("Passed the context (next) by {caller}"),
    "virtual": N_("Dispatched (virtual) by {caller}"),
    "network": N_("Requested over the network by {caller}"),
    "generated": N_("Called, as generated code, by {caller}"),
    "callback": N_("Called back by {caller}"),
}


def frame_label(project: Project, frame: Frame) -> str:
    return f"{project.layer(frame.layer).title}.{frame.title}"


def _kind_badge(kind: str) -> str:
    word = html_text(call_kind_word(kind))
    return f'<span class="st-kind st-kind-{html_attr(kind)}">{word}</span>'


def _call_stack_html(project: Project, step: Step, links: LinkScheme) -> str:
    """The active frames at this step, innermost first, as a debugger shows them."""
    items = []
    for frame_id in reversed(step.active):
        frame = project.frame(frame_id)
        items.append(f"<li>{link(links.frame(frame_id), frame_label(project, frame))}</li>")
    return (
        '<details class="st-callstack"><summary>' + html_text(t("Call stack")) + "</summary>"
        f"<ol>{''.join(items)}</ol></details>"
    )


def _arrival_html(
    project: Project,
    step: Step,
    caller_visit: Visit | None,
    links: LinkScheme,
    *,
    caller_above: bool = False,
) -> str:
    """The box under a step's heading: how the story arrives in this frame, and why.
    `caller_above`: the caller's visit is the section right above, its call line marked
    there; the quoted call site is then left to narrow columns (walkthrough.css)."""
    assert step.callee is not None and step.call is not None
    call = step.call
    caller = link(links.frame(step.caller.id), frame_label(project, step.caller))
    verb = ARRIVALS.get(call.kind, ARRIVALS["call"])
    line_href = None
    segment = segment_for_line(step.caller.excerpt, call.at) if call.at is not None else None
    if segment is not None and call.at is not None and caller_visit is not None:
        line_href = "#" + caller_visit.line_anchor(call.at)
    where = []
    if call.at is not None:
        where.append(t_html("at {line}", line=link(line_href, call_where(call))))
    if call.via is not None:
        where.append(via_html(call.via))
    if call.loop is not None:
        where.append(t_html("in the loop {code}", code=code_html(call.loop.text)))
    if call.branch is not None:
        where.append(t_html("in the branch {code}", code=code_html(call.branch.text)))
    sentence = t_html(verb, caller=caller)
    if where:
        sentence += html_text(t(", ")) + html_text(t(", ")).join(where)
    sentence = f"{_kind_badge(call.kind)} " + t_html("{sentence}.", sentence=sentence)
    # The call stack comes first: it floats to the right of the sentence while closed.
    parts = [_call_stack_html(project, step, links), f'<p class="st-step-meta">{sentence}</p>']
    if segment is not None and call.at is not None and segment.numbered:
        quote = call_site_html(segment, call.at_lines, step.caller.language, line_href)
        parts.append(f'<div class="st-callsite-above">{quote}</div>' if caller_above else quote)
    parts.append(prose_html(call.note))
    return (
        f'<div class="st-step" data-step="{step.number}" data-kind="{html_attr(call.kind)}">'
        f"{''.join(parts)}</div>"
    )


def _is_generated(project: Project, layer: Layer) -> bool:
    if layer.kind == "generated":
        return True
    return any(g.kind == "build" for g in project.group_chain(layer.group))


def no_code_reason(project: Project, layer: Layer, frame: Frame, links_html: str) -> str:
    """Why a frame shows no code: generated, external, or not quoted (with where it is)."""
    if _is_generated(project, layer):
        why = html_text(t("No code: generated, it exists only in build output."))
    elif layer.repo is None:
        why = html_text(t("No code: external, its source is in no repository this site quotes."))
    else:
        why = html_text(t("No code: not quoted here."))
    if links_html:
        why += " " + t_html("Source: {where}", where=links_html)
    return why


def _marks(project: Project, visit: Visit, links: LinkScheme) -> dict[int, tuple[Mark, ...]]:
    marks: dict[int, list[Mark]] = {}
    for step in visit.calls:
        if step.call is None or step.call.at is None or step.callee is None:
            continue
        callee = frame_label(project, step.callee)
        title = t("Step {number}: {frame}", number=step.number, frame=callee)
        marks.setdefault(step.call.at, []).append(
            Mark(step.number, f"#{step.anchor}", title, step.call.kind)
        )
    return {line: tuple(found) for line, found in marks.items()}


def _unmarked_calls(project: Project, visit: Visit, shown: set[int]) -> list[str]:
    """The visit's calls whose line is not in the code shown, so that none is lost."""
    items = []
    for step in visit.calls:
        if step.callee is None or step.call is None:
            continue
        if step.call.at is not None and step.call.at in shown:
            continue
        at = f" ({call_where(step.call)})" if step.call.at is not None else ""
        items.append(
            f'<span class="st-next-call"><a class="st-callno st-kind-{html_attr(step.call.kind)}" '
            f'href="#{step.anchor}">{step.number}</a> '
            f"{html_text(frame_label(project, step.callee))}{at}</span>"
        )
    return items


def _frame_html(project: Project, visit: Visit, links: LinkScheme) -> tuple[str, str]:
    """The frame's explanation, and its code (or why there is none), tagged with its id."""
    frame = visit.frame
    assert frame is not None
    layer = project.layer(frame.layer)
    tag = f'data-frame="{html_attr(frame.id)}"'
    explanation = prose_html(frame.explanation)
    text = f'<div class="st-frame-text" {tag}>{explanation}</div>' if explanation else ""
    out = []
    shown: set[int] = set()
    if frame.excerpt:
        numbered = any(s.numbered for s in frame.excerpt)
        head = location_html(project, layer, frame) if numbered else ""
        if not numbered:
            source = location_html(project, layer, frame)
            head = html_text(t("Build output (no upstream file)")) + (
                " · " + t_html("generated by {source}", source=source) if source else ""
            )
        for segment in frame.excerpt:
            if segment.numbered:
                shown.update(range(segment.start, segment.end + 1))
        out.append(
            excerpt_html(
                frame.excerpt,
                frame.language,
                anchor=visit.anchor,
                marks=_marks(project, visit, links),
                lit=frozenset(n for s in visit.calls if s.call for n in s.call.at_lines),
                head=head,
                frame_id=frame.id,
            )
        )
    else:
        signature = (
            f'<pre class="st-signature"><code>{html_text(frame.signature)}</code></pre>'
            if frame.signature
            else ""
        )  # the frame's own words, when its body is not quoted
        source = location_html(project, layer, frame)
        calls = _unmarked_calls(project, visit, shown)
        listed = html_text(t(", ")).join(calls)
        sentence = t_html("Calls: {calls}.", calls=listed)
        then = f' <span class="st-next-calls">{sentence}</span>' if calls else ""
        out.append(
            f'<div class="st-nocode" {tag}>{signature}'
            f"<p>{no_code_reason(project, layer, frame, source)}{then}</p></div>"
        )
        return text, "".join(out)
    calls = _unmarked_calls(project, visit, shown)
    if calls:
        listed = html_text(t(", ")).join(calls)
        sentence = t_html("Also calls: {calls}.", calls=listed)
        out.append(f'<p class="st-next-calls">{sentence}</p>')
    return text, "".join(out)


# A rough measure of a visit's two columns side by side, in px of the 1440-px window
# (measured on this site's stacks): prose in the 3/5 column takes about 0.33 px of
# height per character plus 15 px per block; code about 22 px per row plus 80 for the
# head and the margins.
_PROSE_PX_PER_CHAR = 0.33
_PROSE_PX_PER_BLOCK = 15
_CODE_PX_PER_ROW = 22
_CODE_PX_HEAD = 80


def _prose_outruns_code(prose: str, code: str) -> bool:
    """Whether the prose column would stand well below the code beside it; walkthrough.css
    then gives the prose the larger share of the width (the code keeps its minimum).
    The folded call stack and folded code runs count as closed."""
    prose = re.sub(r'<details class="st-callstack">.*?</details>', "", prose, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", "", prose))
    blocks = len(re.findall(r"<(?:p|li|tr)\b", prose))
    prose_px = len(text) * _PROSE_PX_PER_CHAR + blocks * _PROSE_PX_PER_BLOCK
    shown = re.sub(r'<details class="st-fold">.*?</details>', "<fold/>", code, flags=re.S)
    rows = len(re.findall(r'<span class="st-line[ "]', shown)) + shown.count("<fold/>")
    return prose_px > rows * _CODE_PX_PER_ROW + _CODE_PX_HEAD + 10


def _visit_body(prose: str, code: str) -> str:
    """A section's blocks under its heading: the prose (how the story got here, the
    explanation) and the code. Where the column is wide enough the two stand side by
    side (walkthrough.css); otherwise, and without CSS, the prose comes first."""
    if not prose or not code:
        return f'<div class="st-visit"><div class="st-visit-body">{prose}{code}</div></div>'
    long = " st-prose-long" if _prose_outruns_code(prose, code) else ""
    return (
        f'<div class="st-visit"><div class="st-visit-body st-visit-two{long}">'
        f'<div class="st-visit-col st-visit-prose">{prose}</div>'
        f'<div class="st-visit-col st-visit-code">{code}</div></div></div>'
    )


def _attr_list_value(text: str) -> str:
    """`text` for a quoted attr_list value in a Markdown heading: every character but
    letters, digits, space, `.` and `-` as a numeric character reference, so that neither
    inline Markdown (which reads the heading line first) nor attr_list's own syntax can
    act on it; what lands in the attribute (or the contents) reads as typed."""
    keep = set(" .-")
    return "".join(
        ch if ch.isalnum() and ch.isascii() or ch in keep else f"&#{ord(ch)};" for ch in text
    )


def _heading(title: str, anchor: str, attribute: str, value: str, toc: str = "") -> str:
    """A section heading with its anchor, the frame (or stack) it is about, and the label
    the table of contents shows (`toc`, default: the title)."""
    label = f' data-toc-label="{_attr_list_value(toc)}"' if toc else ""
    return (
        f'### {markdown_text(title)} {{#{anchor} {attribute}="{_attr_list_value(value)}"{label}}}\n'
    )


def _toc_label(prefix: str, project: Project, frame: Frame) -> str:
    """ "7. Invoke (DurableTaskFunctionsMiddleware)": the frame's own name first, so that
    no two entries of the contents start alike however narrow the column."""
    return f"{prefix} {frame.title} ({project.layer(frame.layer).title})"


def _visit_section(
    page: GeneratedPage,
    project: Project,
    visit: Visit,
    caller_visits: dict[int, Visit],
    links: LinkScheme,
    previous: Visit | None = None,
) -> str:
    """One section of the walkthrough; `previous`: the section above it, if any."""
    step = visit.step
    if step is not None and step.ref is not None:
        title = f"{step.number}. " + t("Sub-flow: {title}", title=step.ref.title)
        runs = t_html(
            "{stack} runs here as one step; its own page walks through it.",
            stack=link(links.stack(step.ref.id), step.ref.title),
        )
        body = f'<p class="st-step-meta">{_kind_badge("sub-flow")} {runs}</p>' + prose_html(
            step.ref.summary
        )
        box = f'<div class="st-step" data-step="{step.number}">{body}</div>'
        return _heading(title, visit.anchor, "data-stack", step.ref.id) + page.placeholder(box)
    frame = visit.frame
    assert frame is not None
    label = frame_label(project, frame)
    if step is None:
        toc = _toc_label(t("Start:"), project, frame)
        start = t("Start: {frame}", frame=label)
        out = [_heading(start, visit.anchor, "data-frame", frame.id, toc)]
        arrival = ""
    else:
        toc = _toc_label(f"{step.number}.", project, frame)
        out = [_heading(f"{step.number}. {label}", visit.anchor, "data-frame", frame.id, toc)]
        caller_visit = caller_visits.get(step.number)
        above = caller_visit is not None and caller_visit is previous
        arrival = _arrival_html(project, step, caller_visit, links, caller_above=above)
    text, code = _frame_html(project, visit, links)
    out.append(page.placeholder(_visit_body(arrival + text, code)))
    return "\n".join(out)


def stack_page(
    project: Project, resolved: ResolvedStack, links: LinkScheme, diagrams: Diagrams
) -> GeneratedPage:
    stack = resolved.stack
    path = f"{links.prefix}stacks/{stack.id}.md"
    page = GeneratedPage(path=path, title=stack.title, source_file=stack.file)
    layers = len(resolved.layers)
    entry = link(links.frame(resolved.entry.id), frame_label(project, resolved.entry))
    facts = t_html(
        "{steps} steps through {layers} layers, starting in {entry}.",
        steps=str(len(resolved.steps)),
        layers=str(layers),
        entry=entry,
    )
    facts = f'<p class="st-facts">{facts}</p>'
    parts = [
        f"# {markdown_text(stack.title)} {{#{TITLE_ID}}}\n",
        page.placeholder(facts + prose_html(stack.summary)),
        page.deferred(partial(diagrams.sequence, resolved, links)),
        page.placeholder(
            '<details class="st-textalt"><summary>'
            + html_text(t("The steps as a list"))
            + "</summary>"
            + diagrams.text_alternative(resolved, links)
            + "</details>"
        ),
        heading2(t("Map"), "map"),
        # Folded: the diagram above already walks these layers, and the walkthrough
        # below is what the page is read for.
        page.placeholder(
            '<details class="st-map-details"><summary>'
            + html_text(t("How the {layers} layers of this stack call each other", layers=layers))
            + "</summary>"
            + diagrams.stack_map(resolved, links)
            + "</details>",
            late=True,
        ),
        heading2(t("Walkthrough"), "walkthrough"),
    ]
    sections = visits(resolved)
    callers = visit_of_step(sections)
    previous = None
    for visit in sections:
        parts.append(_visit_section(page, project, visit, callers, links, previous))
        previous = visit
    page.markdown = "\n".join(parts) + "\n"
    return page


def stack_card(resolved: ResolvedStack, links: LinkScheme) -> str:
    """The stack's entry in an index: title, summary, size."""
    stack = resolved.stack
    steps, layers = len(resolved.steps), len(resolved.layers)
    size = t("{steps} steps · {layers} layers", steps=steps, layers=layers)
    return (
        f'<div class="st-card"><h3>{link(links.stack(stack.id), stack.title)}</h3>'
        f"{prose_inline(stack.summary.split(chr(10) + chr(10))[0])}"
        f'<p class="st-facts">{html_text(size)}</p></div>'
    )
