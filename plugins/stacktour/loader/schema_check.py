"""Check a document against its JSON Schema and word each problem for a person.

jsonschema finds the problems; this module turns each into a Diagnostic at the exact
line and column, with the hint a person needs (did-you-mean for a typo, "quote it" for a
value YAML typed implicitly).
"""

from __future__ import annotations

import difflib
import json
import re
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft7Validator, validators
from jsonschema.exceptions import ValidationError, best_match

from ..diagnostics import Diagnostic
from ..i18n.fields import is_prose_rule
from ..i18n.prose import LANGUAGE_CODE
from .yamlfile import Path, YamlDocument

SCHEMA_NAMES = ("system", "layer", "stack")

# What a pattern means, by the schema's pattern, for messages a person can act on.
_PATTERN_WORDS = {
    "^[0-9a-f]{40}$": "a full 40-hex commit SHA in quotes",
    "^[A-Za-z0-9][A-Za-z0-9._+\\-]{0,99}$": "a tag name (letters, digits, . _ + -)",
    "^https://[^\\s\"'<>\\\\`]+$": "an https:// URL without spaces, quotes or angle brackets",
    "^[a-z][a-z0-9]*(-[a-z0-9]+)*$": "a short lowercase id (letters, digits, hyphens)",
    "^[a-z0-9][a-z0-9.\\-]*$": "a pin name (lowercase letters, digits, dots, hyphens)",
    "^[a-z][a-z0-9]*(-[a-z0-9]+)*\\.[a-z][a-z0-9]*(-[a-z0-9]+)*$": "a frame id `layer.frame`",
    LANGUAGE_CODE.pattern: "a language code such as en, zh or zh-TW",
    "^[a-z0-9+#-]{1,20}$": "a language name (lowercase letters, digits, + # -)",
}


# Words authors reach for that mean one of the call kinds.
_KIND_ALIASES = {
    "async": "await",
    "sync": "call",
    "invoke": "call",
    "grpc": "network",
    "http": "network",
    "rpc": "network",
    "task-run": "fire-and-forget",
    "fire-forget": "fire-and-forget",
    "pipeline": "next",
    "middleware": "next",
    "override": "virtual",
    "interface": "virtual",
    "codegen": "generated",
}


@cache
def schema(name: str) -> dict[str, Any]:
    text = resources.files("stacktour").joinpath(f"schema/{name}.schema.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def _whole_string(pattern: str) -> re.Pattern[str]:
    # A schema's `$` is ECMAScript's: the end of the string. Python's `$` also matches
    # before a final newline, so `id: "index\n"` would pass `^[a-z]...$` and become a
    # page named "index\n" beside the generated index. `\Z` is the end and nothing else.
    return re.compile(re.sub(r"(?<!\\)\$$", r"\\Z", pattern))


def _pattern(checker: Any, pattern: str, instance: Any, rule: Any) -> Any:
    if isinstance(instance, str) and not _whole_string(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


# Draft 7 with patterns read as an editor's JSON Schema support reads them (ECMAScript).
Validator = validators.extend(Draft7Validator, {"pattern": _pattern})


@cache
def validator(name: str) -> Draft7Validator:
    """The (cached) JSON Schema validator of one kind of file."""
    checker: Draft7Validator = Validator(schema(name))
    return checker


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    return type(value).__name__


def _field(path: Path) -> str:
    names = [str(p) for p in path if isinstance(p, str)]
    return names[-1] if names else "document"


# How a message names each JSON type: with its article, in the words of YAML.
_TYPE_WORDS = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping",
    "null": "empty",
}


def _expected(rule_value: Any) -> str:
    types = [rule_value] if isinstance(rule_value, str) else list(rule_value)
    return " or ".join(_TYPE_WORDS.get(t, f"a {t}") for t in types)


def check(doc: YamlDocument, name: str) -> list[Diagnostic]:
    """Every schema problem of the document, one diagnostic each, sorted by position."""
    found: list[Diagnostic] = []
    for error in validator(name).iter_errors(doc.data):
        found += _diagnose_all(doc, error)
    return sorted(set(found))


def _diagnose_all(doc: YamlDocument, error: ValidationError) -> list[Diagnostic]:
    """One diagnostic per problem: a mapping with three unknown keys is three problems."""
    path: Path = tuple(error.absolute_path)
    value: Any = error.instance
    if error.validator == "additionalProperties" and isinstance(value, dict):
        rule: Any = error.schema
        allowed = sorted(rule.get("properties", {}))
        return [_unknown_key(doc, path, key, allowed) for key in value if key not in allowed]
    if error.validator == "propertyNames" and isinstance(value, dict):
        good = valid_keys(error.validator_value, value)
        return [_bad_key(doc, path, key, error.validator_value) for key in value if key not in good]
    return [_diagnose(doc, error)]


def _unknown_key(doc: YamlDocument, path: Path, key: str, allowed: list[str]) -> Diagnostic:
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else "allowed: " + ", ".join(allowed)
    return Diagnostic.at(doc.key_pos((*path, key)), "ST101", f"unknown key '{key}'", hint)


def _bad_key(doc: YamlDocument, path: Path, key: str, rule: Any = None) -> Diagnostic:
    """ST105 at a key its `propertyNames` rule refuses (an id, or a language code)."""
    pattern = rule.get("pattern") if isinstance(rule, dict) else None
    meaning = _PATTERN_WORDS.get(str(pattern), "a short lowercase id")
    return Diagnostic.at(doc.key_pos((*path, key)), "ST105", f"'{key}' must be {meaning}")


def _diagnose(doc: YamlDocument, error: ValidationError) -> Diagnostic:
    rule: Any = error.schema
    rule_value: Any = error.validator_value
    if error.validator in ("oneOf", "anyOf"):
        return _diagnose_one_of(doc, error)
    path: Path = tuple(error.absolute_path)
    value: Any = error.instance
    where = _field(path)
    validator = error.validator
    if validator == "additionalProperties":
        allowed = sorted(rule.get("properties", {}))
        extra = sorted(set(value) - set(allowed)) if isinstance(value, dict) else []
        return _unknown_key(doc, path, extra[0] if extra else "?", allowed)
    if validator == "required":
        missing = error.message.split("'")[1]
        return Diagnostic.at(doc.pos(path), "ST102", f"missing required key '{missing}' in {where}")
    if validator == "type":
        got = _type_name(value)
        hint = ""
        if path in doc.plain and rule_value == "string":
            raw = doc.raw.get(path, str(value))
            if raw == "":
                hint = f"the value is missing: write it after `{where}:`"
            else:
                hint = f'YAML reads `{raw}` as {got}; quote it: "{raw}"'
        return Diagnostic.at(
            doc.pos(path), "ST103", f"{where} must be {_expected(rule_value)}, not {got}", hint
        )
    if validator == "enum":
        options = [str(o) for o in rule_value]
        alias = _KIND_ALIASES.get(value) if isinstance(value, str) else None
        close = [alias] if alias else []
        close = close or difflib.get_close_matches(str(value), options, n=1, cutoff=0.5)
        hint = f"did you mean '{close[0]}'?" if close else ""
        return Diagnostic.at(
            doc.pos(path),
            "ST104",
            f"{where} '{value}' is not one of: {', '.join(options)}",
            hint,
        )
    if validator == "pattern":
        meaning = _PATTERN_WORDS.get(rule_value, f"text matching {rule_value}")
        shown = value if len(str(value)) <= 60 else str(value)[:57] + "..."
        return Diagnostic.at(doc.pos(path), "ST105", f"{where} '{shown}' must be {meaning}")
    if validator == "propertyNames":
        bad = next((k for k in value if k not in valid_keys(rule_value, value)), "?")
        return _bad_key(doc, path, bad, rule_value)
    if validator in ("minItems", "maxItems") and where == "lines":
        return Diagnostic.at(doc.pos(path), "ST106", "lines must be [first, last]")
    if validator == "maxLength" and isinstance(value, str):
        return Diagnostic.at(
            doc.pos(path),
            "ST106",
            f"{where} is {len(value):,} characters long; the limit is {rule_value:,}",
        )
    if validator in ("minItems", "maxItems", "minimum", "maxLength", "minLength"):
        return Diagnostic.at(doc.pos(path), "ST106", f"{where}: {error.message}")
    return Diagnostic.at(doc.pos(path), "ST106", f"{where}: {error.message}")


def _diagnose_one_of(doc: YamlDocument, error: ValidationError) -> Diagnostic:
    path: Path = tuple(error.absolute_path)
    value: Any = error.instance
    if "steps" in path and isinstance(value, str):
        return Diagnostic.at(
            doc.pos(path),
            "ST105",
            f"step '{value}' must be `caller.frame -> callee.frame` (optionally `@ LINE`)",
        )
    if isinstance(value, dict) and "kind" in value and ("to" in value) == ("external" in value):
        return Diagnostic.at(
            doc.pos(path),
            "ST102",
            "a call needs exactly one of `to` (a documented frame) or `external`",
        )
    if is_prose_rule(error.schema) and isinstance(value, dict):
        # Text per language: say what is wrong inside the mapping.
        if not value:
            return Diagnostic.at(
                doc.pos(path), "ST106", f"{_field(path)} needs its text in at least one language"
            )
        inner = [e for e in error.context or () if e.relative_schema_path[0] == 1]
        if inner:
            return _diagnose(doc, best_match(inner))
    if is_prose_rule(error.schema) and isinstance(value, str):
        # Plain text that breaks the string's own rule (too long): say that.
        plain = [e for e in error.context or () if e.relative_schema_path[0] == 0]
        if plain:
            return _diagnose(doc, best_match(plain))
    if isinstance(value, dict) and "url" in value and "commit" not in value and "tag" not in value:
        return Diagnostic.at(
            doc.pos(path),
            "ST102",
            "a repository needs `commit` (a full 40-hex SHA, quoted) or a `tag`",
        )
    if path and path[-1] in ("at", "line") and "calls" in path:
        locator = [e for e in error.context or () if e.relative_schema_path[0] == 2]
        if path[-1] == "at" and isinstance(value, dict) and locator:
            return _diagnose(doc, best_match(locator))  # say what is wrong inside the locator
        shown = repr(value) if isinstance(value, (int, str)) else f"a {_type_name(value)}"
        return Diagnostic.at(
            doc.pos(path),
            "ST103",
            f"{path[-1]} {shown} is not a call site",
            hint="write a line (at: 66), a range for a call over several lines "
            "(at: [696, 708]), or a locator (at: {call: Name} or {call: Name, nth: 2})",
        )
    deepest = best_match(error.context) if error.context else None
    if deepest is None:
        return Diagnostic.at(doc.pos(path), "ST106", f"{_field(path)}: {error.message}")
    return _diagnose(doc, deepest)


def valid_keys(rule: Any, mapping: dict[str, Any]) -> set[str]:
    """The keys of `mapping` that the `propertyNames` rule accepts."""
    checker = Validator(rule)
    return {key for key in mapping if checker.is_valid(key)}
