"""Generated pages as pure functions: fences, escaping, unnumbered generated code."""

from __future__ import annotations

from pathlib import Path

from stacktour.escape import markdown_text
from stacktour.loader import load_project
from stacktour.model import Segment
from stacktour.pages.excerpts import fence
from stacktour.pages.prose import prose_html

from .conftest import SERVER, write_project


def test_fence_is_longer_than_any_backtick_run_in_the_code() -> None:
    text = fence(Segment(10, 'var s = """\n```\n""";'), "csharp", marked=(11,), title="A.cs")
    first, *_, last = text.strip().split("\n")
    assert first == '```` csharp linenums="10" hl_lines="2" title="A.cs"'
    assert last == "````"


def test_fence_title_and_language_cannot_break_out() -> None:
    text = fence(Segment(1, "x"), 'c" onclick="x', title='a" b<script>.cs')
    assert text.startswith('``` text linenums="1" title="a bscript.cs"\n')


def test_unnumbered_excerpt_for_generated_code(tmp_path: Path) -> None:
    generated = SERVER.replace(
        "    lines: [8, 9]\n", "    excerpt: |\n      if (x)\n          Run();\n"
    )
    root = write_project(tmp_path / "stacks", layers__server_yaml=generated)
    result = load_project(root)
    assert result.ok, [d.format() for d in result.diagnostics]
    assert result.project is not None
    (segment,) = result.project.frame("server.store").excerpt
    assert not segment.numbered and segment.text == "if (x)\n    Run();"
    assert fence(segment, "csharp").startswith("``` csharp\nif (x)")


def test_markdown_text_is_shown_literally() -> None:
    assert markdown_text("List<T> *a* [b](c) &x") == "List&lt;T&gt; \\*a\\* \\[b\\]\\(c\\) &amp;x"


def test_prose_has_no_raw_html_and_no_unsafe_links() -> None:
    html = prose_html("<b onclick=x>hi</b> [a](javascript:alert(1)) [b](https://ok.example)")
    assert "<b" not in html and "javascript" not in html
    assert '<a href="https://ok.example" rel="noopener">b</a>' in html


def test_a_single_systems_summary_opens_its_stacks_page(tmp_path: Path) -> None:
    """With one system there is no overview: its summary from system.yaml says on the
    Stacks page what the stacks follow (escaped as any prose)."""
    from stacktour.pages import Diagrams, build_pages

    from .conftest import SYSTEM

    root = write_project(tmp_path, system_yaml="summary: A *checkout* <b>path</b>.\n" + SYSTEM)
    result = load_project(root)
    assert result.ok and result.project is not None

    def empty(*_: object) -> str:
        return ""

    diagrams = Diagrams(
        sequence=empty, preview=empty, text_alternative=empty, stack_map=empty, layer_map=empty
    )
    pages = build_pages(result.project, dict(result.stacks), diagrams)
    index = next(p for p in pages if p.path == "stacks/index.md")
    html = "".join(index.html.values())
    assert "A <em>checkout</em> &lt;b&gt;path&lt;/b&gt;." in html
