"""Prose the loader refuses still renders safely: the renderer checks again and shows the
text as text (pages built from files that never went through `validate`)."""

from __future__ import annotations

import pytest
from stacktour.markdown_limits import fence_problem
from stacktour.pages.prose import prose_html

FENCES = [
    '```{.python ."><img/src=x/onerror=window.__pwned=1>}\nx = 1\n```',
    "> ~~~ { #__search }\n> x\n> ~~~",
    "- item\n\n    ```csharp {#step-1 .x}\n    x\n    ```",
    "``` {.x}\nx\n```",
]


@pytest.mark.parametrize("text", FENCES)
def test_a_fence_with_attributes_is_text(text: str) -> None:
    assert fence_problem(text) is not None
    html = prose_html(text)
    assert "<img" not in html
    assert " id=" not in html
    assert "<div" not in html  # no highlighted block: the whole field is one paragraph


def test_a_language_and_options_stay_a_highlighted_block() -> None:
    text = '```python title="<b>a.py</b>" linenums="1"\nx = \'<b>\'\n```'
    assert fence_problem(text) is None
    html = prose_html(text)
    assert 'class="language-python highlight"' in html
    assert "<b>" not in html
    assert "&lt;b&gt;a.py&lt;/b&gt;" in html
