"""Prose per language in the YAML: loading both forms, the mistakes an author makes with
them (each at its file, line and column), one language's view of a project, what lacks a
translation, and `stacktour sync` editing a file that holds translations."""

from __future__ import annotations

from pathlib import Path

from stacktour.diagnostics import format_text
from stacktour.i18n.localize import localize, untranslated
from stacktour.i18n.prose import Prose, needs_translation
from stacktour.loader import load_project
from stacktour.model import Project
from stacktour.sources.plan import Edit
from stacktour.sources.yamledit import YamlEditor

from .conftest import CLIENT, STACK, SYSTEM, write_project

BILINGUAL_STACK = """\
id: flow
title:
  en: A flow
  zh: 一个流程
summary:
  en: |
    The client asks the server.
  zh: |
    客户端请求服务器。
entry: client.run
"""

CLIENT_ZH = CLIENT.replace(
    "    title: Run\n",
    "    title: Run\n    explanation: {en: Runs the call., zh: 运行这次调用。}\n",
).replace("kind: class\n", "kind: class\nsubtitle: {en: the caller, zh: 调用方}\n")


def _load(root: Path) -> Project:
    result = load_project(root)
    assert result.ok, format_text(result.diagnostics)
    assert result.project is not None
    return result.project


def _bilingual(tmp_path: Path) -> Path:
    """A project in English and Chinese: the stack and the client layer translated, the
    rest (the groups) in English only."""
    return write_project(
        tmp_path / "stacks",
        system_yaml="languages: [en, zh]\n" + SYSTEM,
        flow_yaml=BILINGUAL_STACK,
        layers__client_yaml=CLIENT_ZH,
    )


def _problems(root: Path) -> list[str]:
    return [d.format() for d in load_project(root).diagnostics]


def test_a_field_is_text_or_text_per_language(tmp_path: Path) -> None:
    root = _bilingual(tmp_path)
    project = _load(root)
    assert project.languages == ("en", "zh")
    stack = project.stack("flow")
    assert isinstance(stack.title, Prose)
    assert stack.title == "A flow"  # the default language, as a plain str sees it
    assert stack.title.translations == {"zh": "一个流程"}
    assert stack.summary.text("zh") == "客户端请求服务器。\n"
    assert stack.title.pos is not None and (stack.title.pos.line, stack.title.pos.column) == (3, 3)
    # A plain string is the default language, with no translation; code never translates.
    group = project.group("app")
    assert isinstance(group.title, Prose) and group.title.translations == {}
    frame = project.frame("client.run")
    assert frame.explanation.text("zh") == "运行这次调用。"
    assert frame.signature == "" and not isinstance(frame.excerpt[0].text, Prose)


def test_a_project_without_languages_is_english(project_dir: Path) -> None:
    assert _load(project_dir).languages == ("en",)


def test_a_language_the_project_does_not_declare_is_named_where_it_is(tmp_path: Path) -> None:
    root = write_project(tmp_path / "stacks", flow_yaml=BILINGUAL_STACK)
    assert (
        f"{_shown(root)}/flow.yaml:4:3: ST220 language 'zh' is not one of the project's "
        "languages (en) (add it to `languages` in system.yaml, or fix the code)" in _problems(root)
    )
    assert not load_project(root).ok


def test_text_without_the_default_language_is_an_error(tmp_path: Path) -> None:
    stack = STACK.replace("title: A flow", "title: {zh: 一个流程}")
    root = write_project(
        tmp_path / "stacks", system_yaml="languages: [en, zh]\n" + SYSTEM, flow_yaml=stack
    )
    problems = _problems(root)
    assert [p for p in problems if "ST221" in p] == [
        f"{_shown(root)}/flow.yaml:2:8: ST221 text without the default language 'en' "
        "(add `en: ...`: it is what every other language falls back to)"
    ]


def test_the_default_language_is_the_first_declared(tmp_path: Path) -> None:
    stack = STACK.replace("title: A flow", "title: {zh: 一个流程, en: A flow}")
    root = write_project(
        tmp_path / "stacks", system_yaml="languages: [zh, en]\n" + SYSTEM, flow_yaml=stack
    )
    title = _load(root).stack("flow").title
    assert title == "一个流程" and title.translations == {"en": "A flow"}


def test_mistakes_inside_a_mapping_of_languages_are_named_exactly(tmp_path: Path) -> None:
    stack = STACK.replace(
        "title: A flow", "title: {EN: A flow}\nsummary: {}\nentry_note: x"
    ).replace("entry_note: x\n", "")
    root = write_project(
        tmp_path / "stacks", system_yaml="languages: [en, zh]\n" + SYSTEM, flow_yaml=stack
    )
    problems = _problems(root)
    code = "'EN' must be a language code such as en, zh"
    assert any("flow.yaml:2:" in p and code in p for p in problems), problems
    empty = "flow.yaml:3:10: ST106 summary needs its text in at least one language"
    assert any(empty in p for p in problems), problems
    listed = STACK.replace("title: A flow", "title: {en: [A, flow]}")
    root = write_project(
        tmp_path / "other", system_yaml="languages: [en, zh]\n" + SYSTEM, flow_yaml=listed
    )
    assert any("flow.yaml:2:13: ST103 en must be a string, not list" in p for p in _problems(root))


def test_declared_languages_must_be_codes(tmp_path: Path) -> None:
    root = write_project(tmp_path / "stacks", system_yaml="languages: [en, Chinese]\n" + SYSTEM)
    problems = _problems(root)
    assert any(
        "system.yaml:1:17: ST105 languages 'Chinese' must be a language code" in p for p in problems
    ), problems


def test_links_in_translations_are_checked_like_the_default_text(tmp_path: Path) -> None:
    stack = BILINGUAL_STACK.replace("客户端请求服务器。", "[点这里](javascript:alert(1))")
    root = write_project(
        tmp_path / "stacks", system_yaml="languages: [en, zh]\n" + SYSTEM, flow_yaml=stack
    )
    assert any("flow.yaml:8:7: ST210 link 'javascript:" in p for p in _problems(root))


def test_localize_gives_one_language_and_falls_back_to_the_default(tmp_path: Path) -> None:
    root = _bilingual(tmp_path)
    project = _load(root)
    zh = localize(project, "zh")
    assert zh.stack("flow").title == "一个流程"
    assert zh.layer("client").subtitle == "调用方"
    assert zh.group("app").title == "App process"  # no Chinese given: the English
    assert type(zh.stack("flow").title) is str and type(zh.group("app").title) is str
    en = localize(project, "en")
    assert en.stack("flow").title == "A flow" and type(en.stack("flow").title) is str
    assert en.frame("client.run").excerpt == project.frame("client.run").excerpt


def test_untranslated_fields_are_listed_per_file_as_warnings(tmp_path: Path) -> None:
    root = _bilingual(tmp_path)
    project = _load(root)
    found = untranslated(project, "zh")
    text = [d.format() for d in found]
    # system.yaml: the two group titles have words; layer titles such as `Client` do not.
    assert [t for t in text if "system.yaml" in t] == [
        f"{_shown(root)}/system.yaml:10:12: ST222 warning: 2 prose fields without 'zh' text "
        "(lines 10, 13); the default language is shown instead"
    ]
    assert not any("flow.yaml" in t or "client.yaml" in t for t in text), text
    assert all(d.severity == "warning" for d in found)
    assert untranslated(project, "en") == []  # the default language lacks nothing
    assert untranslated(project, "fr") == []  # nor one the project is not written in
    assert {d.severity for d in untranslated(project, "zh", severity="info")} == {"info"}


def test_what_reads_the_same_in_every_language_needs_no_translation() -> None:
    for same in (
        "GrpcWorker",
        "next(context)",
        "Invoke(context, next)",
        "`a b` `c`",
        "CreateInstanceResponse { instanceId }",
        "StartNewAsync(a, Raw(b))",
    ):
        assert not needs_translation(same), same
    for words in ("Worker process", "the host's local gRPC server", "`next` stage"):
        assert needs_translation(words), words


def test_sync_edits_a_file_with_translations_and_keeps_them(tmp_path: Path) -> None:
    root = write_project(
        tmp_path / "stacks",
        system_yaml="languages: [en, zh]\n" + SYSTEM,
        layers__client_yaml=CLIENT_ZH,
    )
    path = root / "layers" / "client.yaml"
    text = path.read_text("utf-8")
    editor = YamlEditor(str(path), text)  # refuses a file it cannot round-trip
    changed = editor.apply([Edit(("frames", 0, "lines"), [10, 15])])
    assert changed != text
    assert changed.replace("lines: [10, 15]", "lines: [10, 14]") == text
    assert "explanation: {en: Runs the call., zh: 运行这次调用。}" in changed


def _shown(root: Path) -> str:
    """The folder as diagnostics name it (relative to the working folder when inside)."""
    import os

    absolute = Path(os.path.abspath(root))
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()
