"""Find the prose fields of a schema-valid document and turn each into `Prose`.

Which fields are prose is said once, in the JSON Schemas: a field whose `oneOf` offers
`{"$ref": "#/definitions/translations"}` may be plain text or a mapping of language code
to text. This module walks a document alongside its schema, so a field added to a
schema that way is translatable without any code here changing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic
from .prose import DEFAULT_LANGUAGE, Prose

if TYPE_CHECKING:  # the loader imports this module
    from ..loader.yamlfile import YamlDocument

Path = tuple[str | int, ...]  # a path into a document, as in loader.yamlfile

TRANSLATIONS_REF = "#/definitions/translations"


def is_prose_rule(rule: Any) -> bool:
    """Whether a schema node describes a prose field (text, or text per language)."""
    return isinstance(rule, dict) and any(
        isinstance(option, dict) and option.get("$ref") == TRANSLATIONS_REF
        for option in rule.get("oneOf", ())
    )


def _resolve(rule: Any, root: dict[str, Any]) -> Any:
    ref = rule.get("$ref") if isinstance(rule, dict) else None
    if isinstance(ref, str) and ref.startswith("#/definitions/"):
        return root.get("definitions", {}).get(ref.rsplit("/", 1)[1], {})
    return rule


def _matches_type(rule: Any, value: Any) -> bool:
    kind = rule.get("type") if isinstance(rule, dict) else None
    if kind is None:
        return True
    return {
        "object": isinstance(value, dict),
        "array": isinstance(value, list),
        "string": isinstance(value, str),
    }.get(kind, False)


def prose_paths(rule: Any, value: Any, root: dict[str, Any], path: Path = ()) -> Iterator[Path]:
    """Paths of the prose fields in `value`, a document valid against `rule`."""
    rule = _resolve(rule, root)
    if not isinstance(rule, dict):
        return
    if is_prose_rule(rule):
        yield path
        return
    for option in [*rule.get("oneOf", ()), *rule.get("anyOf", ())]:
        option = _resolve(option, root)
        if _matches_type(option, value):
            yield from prose_paths(option, value, root, path)
    if isinstance(value, dict):
        properties = rule.get("properties", {})
        extra = rule.get("additionalProperties")
        for key, item in value.items():
            sub = properties.get(key, extra if isinstance(extra, dict) else None)
            if sub is not None:
                yield from prose_paths(sub, item, root, (*path, key))
    elif isinstance(value, list) and isinstance(rule.get("items"), dict):
        for i, item in enumerate(value):
            yield from prose_paths(rule["items"], item, root, (*path, i))


def _get(data: Any, path: Path) -> Any:
    for part in path:
        data = data[part]
    return data


def _set(data: Any, path: Path, value: Any) -> None:
    _get(data, path[:-1])[path[-1]] = value


def mark_prose(
    doc: YamlDocument, schema: dict[str, Any], languages: tuple[str, ...] | None
) -> list[Diagnostic]:
    """Replace every prose field of `doc.data` by `Prose`, in place.

    `languages` are the project's, default first; None when they are not known (the
    system file is broken), and then codes are not checked. Problems: a code the project
    does not declare (ST220), a mapping without the default language (ST221).
    """
    problems: list[Diagnostic] = []
    default = languages[0] if languages else DEFAULT_LANGUAGE
    for path in dict.fromkeys(prose_paths(schema, doc.data, schema)):
        value = _get(doc.data, path)
        pos = doc.pos(path)
        if isinstance(value, str):
            _set(doc.data, path, Prose(value, pos=pos))
            continue
        if not isinstance(value, dict):
            continue
        if languages is not None:
            for code in value:
                if code not in languages:
                    problems.append(
                        Diagnostic.at(
                            doc.key_pos((*path, code)),
                            "ST220",
                            f"language '{code}' is not one of the project's languages "
                            f"({', '.join(languages)})",
                            hint="add it to `languages` in system.yaml, or fix the code",
                        )
                    )
        if default not in value:
            problems.append(
                Diagnostic.at(
                    pos,
                    "ST221",
                    f"text without the default language '{default}'",
                    hint=f"add `{default}: ...`: it is what every other language falls back to",
                )
            )
        text = value.get(default, next(iter(value.values()), ""))
        others = {code: str(t) for code, t in value.items() if code != default}
        _set(doc.data, path, Prose(str(text), others, pos=pos))
    return problems


def declared_languages(doc: YamlDocument | None) -> tuple[str, ...] | None:
    """The `languages` of a schema-valid system file, default first (None: unknown)."""
    if doc is None or not isinstance(doc.data, dict):
        return None
    found = doc.data.get("languages")
    return tuple(str(code) for code in found) if found else (DEFAULT_LANGUAGE,)
