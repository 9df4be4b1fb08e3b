"""What every generated page shares: the page record, placeholders, and source links."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ..escape import html_attr, html_text, markdown_text
from ..i18n import words
from ..i18n.messages import t
from ..links import is_safe_url, upstream_url
from ..model import Call, Frame, Layer, Project, Via


@dataclass
class GeneratedPage:
    """A page's Markdown plus HTML fragments swapped in after Markdown has run.

    `html` fragments replace their placeholder in `on_page_content`, so search indexes
    them; `late` fragments (diagrams) replace theirs in `on_post_page`, after search. A
    late fragment may be deferred, a function that makes it when the page is written, so
    that a build holds one page's diagrams at a time, not every page's.
    """

    path: str  # e.g. "stacks/worker-side.md", relative to the docs folder
    title: str
    markdown: str = ""
    source_file: str = ""  # the YAML file this page is generated from
    html: dict[str, str] = field(default_factory=dict)
    late: dict[str, str | Callable[[], str]] = field(default_factory=dict)
    code_blocks: int = 0  # fences emitted so far: pymdownx numbers their line anchors so

    def next_code_block(self) -> int:
        """Index of the next fenced block, as in its line anchors `#__codelineno-N-LINE`."""
        self.code_blocks += 1
        return self.code_blocks - 1

    def placeholder(self, fragment: str, *, late: bool = False) -> str:
        """A token on its own line; Markdown wraps it in <p>, which is replaced whole."""
        token = self._token()
        (self.late if late else self.html)[token] = fragment
        return f"\n{token}\n"

    def deferred(self, *parts: str | Callable[[], str]) -> str:
        """A late placeholder whose fragment is `parts` joined when the page is written;
        a function among them is called then. Words must be put in now, as strings: the
        build's language is set while pages are made, not while they are written."""
        token = self._token()
        self.late[token] = lambda: "".join(p if isinstance(p, str) else p() for p in parts)
        return f"\n{token}\n"

    def late_html(self, token: str) -> str | None:
        """A late fragment, made now if it was deferred (None: no such token)."""
        value = self.late.get(token)
        return value() if callable(value) else value

    def late_items(self) -> Iterator[tuple[str, str]]:
        """Every late fragment, deferred ones made now, in page order."""
        for token in list(self.late):
            html = self.late_html(token)
            assert html is not None
            yield token, html

    def _token(self) -> str:
        digest = hashlib.sha256(f"{self.path}\0{len(self.html) + len(self.late)}".encode())
        return "STACKTOURX" + digest.hexdigest()[:16].upper()


# The id of a generated page's title (its `# heading`). Without one, the toc extension
# makes it from the title's text, and a title like "__search" or "st map stack flow" took
# an id the theme or a diagram already has on the page.
TITLE_ID = "title"


def line_anchor(block: int, line: int) -> str:
    """The anchor pymdownx.highlight (anchor_linenums) gives a line of a code block."""
    return f"#__codelineno-{block}-{line}"


def frame_commit(project: Project, layer: Layer, frame: Frame) -> tuple[str, str]:
    """The commit the frame's lines refer to, and its human label."""
    repo = project.repo(layer.repo) if layer.repo else None
    if repo is None:
        return "", ""
    pin = repo.pin(frame.pin or layer.pin)
    return pin.commit, pin.label or pin.commit[:8]


def frame_path(layer: Layer, frame: Frame) -> str | None:
    return frame.path or layer.path


def frame_permalink(project: Project, layer: Layer, frame: Frame) -> str | None:
    path = frame_path(layer, frame)
    if not layer.repo or not path:
        return None
    commit, _ = frame_commit(project, layer, frame)
    return upstream_url(project.repo(layer.repo).url, commit, path, frame.lines)


def current_permalink(project: Project, layer: Layer, frame: Frame) -> str | None:
    """Link to the member today (the repository's commit), when the frame quotes older."""
    path = frame_path(layer, frame)
    if not layer.repo or not path or frame.current is None:
        return None
    repo = project.repo(layer.repo)
    return upstream_url(repo.url, repo.commit, path, frame.current.lines)


def lines_text(lines: tuple[int, int]) -> str:
    """ "lines 63–69", in the build's language."""
    return t("lines {first}–{last}", first=lines[0], last=lines[1])


def call_where(call: Call) -> str:
    """ "line 66" or "lines 696–708" in the build's language; "" when the line is not known
    (the model's `Call.where`, translated)."""
    return words.call_where(call.at, call.at_end)


def t_html(message: str, /, **html: str) -> str:
    """`t(message)` as HTML: the catalogue's text escaped, and each `{name}` in it replaced
    by the HTML given for it (escaped, or built, by the caller)."""
    return re.sub(r"\{(\w+)\}", lambda m: html[m.group(1)], html_text(t(message)))


def code_html(text: str) -> str:
    """`text` as inline code."""
    return f"<code>{html_text(text)}</code>"


def via_html(via: Via) -> str:
    """ "over gRPC `/Service/Method`", in the build's language."""
    return t_html(
        "over {protocol} {method}", protocol=html_text(via.protocol), method=code_html(via.method)
    )


def heading2(title: str, anchor: str) -> str:
    """A `##` heading with a fixed anchor, the same in every language (`#walkthrough`)."""
    return f"## {markdown_text(title)} {{#{anchor}}}\n"


def link(url: str | None, text: str, *, css: str = "") -> str:
    """An <a> with escaped text; plain text when there is no URL (or one `links.is_safe_url`
    refuses: the loader refuses those first, this is the last line)."""
    klass = f' class="{css}"' if css else ""
    if not url or not is_safe_url(url):
        return f"<span{klass}>{html_text(text)}</span>"
    return f'<a href="{html_attr(url)}"{klass}>{html_text(text)}</a>'


def location_html(project: Project, layer: Layer, frame: Frame) -> str:
    """`path:63–69 @ 1.21.0` linked upstream, and where the same code is today.

    The words are fixed: a frame's excerpt *quotes* a version (its pin, else the
    repository's commit); *today* is the repository's commit, the newest the site follows.
    """
    path = frame_path(layer, frame)
    if not path:
        return ""
    lines = frame.lines
    where = path + (f":{lines[0]}–{lines[1]}" if lines else "")
    commit, label = frame_commit(project, layer, frame)
    repo = project.repo(layer.repo) if layer.repo else None
    commit_title = html_attr(t("commit {commit}", commit=commit))
    parts = [
        '<span class="st-location">',
        link(frame_permalink(project, layer, frame), where, css="st-upstream"),
        f' <span class="st-commit" title="{commit_title}">@ {html_text(label)}</span>',
    ]
    if frame.excerpt and not any(s.numbered for s in frame.excerpt):
        built = t(
            "(no file holds this code: it is build output, quoted as built; the link goes to "
            "what generates it)"
        )
        parts.append(f' <span class="st-version">{html_text(built)}</span>')
    elif repo and commit == repo.commit:
        today_word = html_text(t("(today)"))
        parts.append(f' <span class="st-version">{today_word}</span>')
    elif repo:
        today = repo.label or repo.commit[:8]
        current = frame.current.lines if frame.current else None
        at = lines_text(current) + ", " if current else ""
        href = current_permalink(project, layer, frame) if current else None
        shown = link(href, at + "@ " + today) if href else html_text(at + "@ " + today)
        quoted = html_text(t("(the quoted version; today:"))
        parts.append(f' <span class="st-version">{quoted} {shown})</span>')
    parts.append("</span>")
    return "".join(parts)
