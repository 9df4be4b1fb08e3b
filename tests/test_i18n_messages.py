"""stacktour's own words in Chinese: every message the code uses has a translation, with
the same {fields}; the catalogue is what the extractor makes of the code; t() falls back."""

from __future__ import annotations

import ast
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
from stacktour.i18n.messages import (
    available,
    catalogue,
    catalogue_language,
    current_language,
    messages_js,
    t,
    use_language,
)

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "plugins" / "stacktour"
KEYWORDS = {"t", "t_html", "N_"}


def _messages_in_python() -> dict[str, str]:
    """Every literal given to t/t_html/N_ in the package, f-strings included (Babel's
    extractor does not look inside f-strings, so a call there would go untranslated)."""
    found: dict[str, str] = {}
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in KEYWORDS
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found[node.args[0].value] = f"{path.relative_to(ROOT)}:{node.lineno}"
    return found


def _messages_in_scripts() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in (PACKAGE / "assets").glob("*.js"):
        for match in re.finditer(r"\bt\(\s*\"((?:[^\"\\]|\\.)*)\"", path.read_text("utf-8")):
            found[match.group(1)] = path.name
    return found


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_the_code_uses_has_a_chinese_translation() -> None:
    zh = catalogue("zh")
    used = {**_messages_in_python(), **_messages_in_scripts()}
    assert len(used) > 100
    missing = {msg: where for msg, where in used.items() if msg not in zh}
    assert missing == {}


def test_translations_keep_every_field_and_add_none() -> None:
    for message, translation in catalogue("zh").items():
        assert _fields(translation) == _fields(message), message


def test_the_catalogue_is_what_the_extractor_makes_of_the_code() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "i18n_catalogue.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_t_translates_in_a_block_and_falls_back_outside_it() -> None:
    assert t("Walkthrough") == "Walkthrough"
    with use_language("zh"):
        assert current_language() == "zh"
        assert t("Walkthrough") == "逐步讲解"
        assert t("{count} steps", count=3) == "3 步"
        assert t("a message no catalogue has") == "a message no catalogue has"
        with use_language("en"):
            assert t("Walkthrough") == "Walkthrough"
        assert t("Walkthrough") == "逐步讲解"
    assert current_language() == "en"


@pytest.mark.parametrize(
    ("code", "expected"), [("zh", "zh"), ("zh-Hans", "zh"), ("en", "en"), ("fr", "en")]
)
def test_a_language_without_a_catalogue_uses_its_base_or_english(code: str, expected: str) -> None:
    assert "zh" in available()
    assert catalogue_language(code) == expected


def test_the_script_gets_only_its_own_messages_as_a_global() -> None:
    script = messages_js("zh")
    assert script.startswith("// stacktour's messages")
    assert "window.stacktourMessages = {" in script
    assert "Walkthrough" not in script  # a page heading, not the script's
    assert messages_js("en").rstrip().endswith("window.stacktourMessages = {};")
