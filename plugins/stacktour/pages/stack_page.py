"""The page of one stack: summary, diagram, text alternative, map, and the walkthrough."""

from __future__ import annotations

from ..escape import html_attr, html_text, markdown_text
from ..links import LinkScheme
from ..model import Call, Frame, Project
from ..resolve import ResolvedStack, Step
from .common import GeneratedPage, line_anchor, link, location_html
from .diagrams import Diagrams
from .excerpts import fence, segment_for_line
from .prose import prose_html, prose_inline

VERBS = {
    "call": "calls",
    "await": "awaits",
    "fire-and-forget": "dispatches, without waiting,",
    "next": "passes the context on (next) to",
    "virtual": "dispatches (virtual) to",
    "network": "sends a request to",
    "generated": "calls into generated code:",
    "callback": "calls back",
}


def frame_label(project: Project, frame: Frame) -> str:
    return f"{project.layer(frame.layer).title}.{frame.title}"


def call_sentence(
    project: Project, step: Step, links: LinkScheme, line_href: str | None = None
) -> str:
    """Who calls whom and how, as linked HTML: "A.B awaits C.D (line 12, in …)"."""
    assert step.callee is not None and step.call is not None
    call: Call = step.call
    caller = link(links.frame(step.caller.id), frame_label(project, step.caller))
    callee = link(links.frame(step.callee.id), frame_label(project, step.callee))
    verb = VERBS.get(call.kind, "calls")
    parts = [f"{caller} {html_text(verb)} {callee}"]
    if call.via is not None:
        parts.append(
            f" over {html_text(call.via.protocol)} <code>{html_text(call.via.method)}</code>"
        )
    where = []
    if call.at is not None:
        where.append(link(line_href, call.where) if line_href else html_text(call.where))
    if call.loop is not None:
        where.append(f"in the loop <code>{html_text(call.loop.text)}</code>")
    if call.branch is not None:
        where.append(f"in the branch <code>{html_text(call.branch.text)}</code>")
    if where:
        parts.append(" (" + ", ".join(where) + ")")
    return "".join(parts) + "."


def _kind_badge(kind: str) -> str:
    return f'<span class="st-kind st-kind-{html_attr(kind)}">{html_text(kind)}</span>'


def _call_stack_html(project: Project, step: Step, links: LinkScheme) -> str:
    """The active frames at this step, innermost first, as a debugger shows them."""
    items = []
    for frame_id in reversed(step.active):
        frame = project.frame(frame_id)
        items.append(f"<li>{link(links.frame(frame_id), frame_label(project, frame))}</li>")
    return (
        '<details class="st-callstack"><summary>Call stack at this step</summary>'
        f"<ol>{''.join(items)}</ol></details>"
    )


def _step_section(
    page: GeneratedPage, project: Project, resolved: ResolvedStack, step: Step, links: LinkScheme
) -> str:
    out: list[str] = []
    if step.ref is not None:
        title = f"{step.number}. Sub-flow: {step.ref.title}"
        out.append(f"### {markdown_text(title)} {{#{step.anchor}}}\n")
        body = (
            f'<p class="st-step-meta">{_kind_badge("sub-flow")} '
            f"{link(links.stack(step.ref.id), step.ref.title)} runs here as one step; "
            "its own page walks through it.</p>" + prose_html(step.ref.summary)
        )
        out.append(page.placeholder(f'<div class="st-step" data-step="{step.number}">{body}</div>'))
        return "\n".join(out)
    assert step.callee is not None and step.call is not None
    caller_layer = project.layer(step.caller.layer)
    # The heading names where the step arrives (the caller is in the sentence below), so
    # the table of contents stays one short line a step.
    title = f"{step.number}. {frame_label(project, step.callee)}"
    out.append(f"### {markdown_text(title)} {{#{step.anchor}}}\n")
    segment = segment_for_line(step.caller.excerpt, step.call.at)
    block = page.next_code_block() if segment is not None else None
    line_href = line_anchor(block, step.call.at) if block is not None and step.call.at else None
    meta = (
        f'<div class="st-step" data-step="{step.number}">'
        f'<p class="st-step-meta">{_kind_badge(step.call.kind)} '
        f"{call_sentence(project, step, links, line_href)}</p>"
        f"{prose_html(step.call.note)}"
        f"{_call_stack_html(project, step, links)}"
        "</div>"
    )
    out.append(page.placeholder(meta))
    if segment is not None:
        marked = step.call.at_lines
        name = (step.caller.path or caller_layer.path or "").rsplit("/", 1)[-1]
        out.append(fence(segment, step.caller.language, marked=marked, title=name))
    elif step.caller.signature:
        out.append(
            page.placeholder(
                f'<pre class="st-signature"><code>{html_text(step.caller.signature)}</code></pre>'
            )
        )
    details = location_html(project, caller_layer, step.caller) + prose_html(
        step.caller.explanation
    )
    if details:
        out.append(page.placeholder(f'<div class="st-step-source">{details}</div>'))
    return "\n".join(out)


def stack_page(
    project: Project, resolved: ResolvedStack, links: LinkScheme, diagrams: Diagrams
) -> GeneratedPage:
    stack = resolved.stack
    page = GeneratedPage(path=f"stacks/{stack.id}.md", title=stack.title, source_file=stack.file)
    layers = len(resolved.layers)
    facts = (
        f'<p class="st-facts">{len(resolved.steps)} steps through {layers} layers, starting in '
        f"{link(links.frame(resolved.entry.id), frame_label(project, resolved.entry))}.</p>"
    )
    parts = [
        f"# {markdown_text(stack.title)}\n",
        page.placeholder(facts + prose_html(stack.summary)),
        page.placeholder(diagrams.sequence(resolved, links), late=True),
        page.placeholder(
            '<details class="st-textalt"><summary>The steps as a list</summary>'
            + diagrams.text_alternative(resolved, links)
            + "</details>"
        ),
        "## Map\n",
        page.placeholder(diagrams.stack_map(resolved, links), late=True),
        "## Walkthrough\n",
    ]
    for step in resolved.steps:
        parts.append(_step_section(page, project, resolved, step, links))
    page.markdown = "\n".join(parts) + "\n"
    return page


def stack_card(resolved: ResolvedStack, links: LinkScheme) -> str:
    """The stack's entry in an index: title, summary, size."""
    stack = resolved.stack
    return (
        f'<div class="st-card"><h3>{link(links.stack(stack.id), stack.title)}</h3>'
        f"{prose_inline(stack.summary.split(chr(10) + chr(10))[0])}"
        f'<p class="st-facts">{len(resolved.steps)} steps · {len(resolved.layers)} layers</p>'
        "</div>"
    )
