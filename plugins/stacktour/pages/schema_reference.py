"""The format reference, generated from the JSON Schemas so the docs cannot drift."""

from __future__ import annotations

from typing import Any

from ..escape import html_text
from ..i18n.fields import TRANSLATIONS_REF
from ..loader.schema_check import schema
from .prose import prose_inline


def _type_of(rule: dict[str, Any]) -> str:
    if rule.get("$ref") == TRANSLATIONS_REF:
        return "mapping of language → string"
    if "enum" in rule:
        return "one of " + ", ".join(f"<code>{html_text(str(v))}</code>" for v in rule["enum"])
    if "oneOf" in rule:
        return " or ".join(_type_of(option) for option in rule["oneOf"])
    kind = rule.get("type", "")
    if kind == "array":
        items = rule.get("items", {})
        inner = "mapping" if items.get("type") == "object" else items.get("type", "value")
        return f"list of {inner}s"
    if kind == "object" and "additionalProperties" in rule and "properties" not in rule:
        return "mapping of id → entry"
    return {"object": "mapping", "integer": "integer", "string": "string"}.get(kind, kind)


def _rows(rule: dict[str, Any], prefix: str, out: list[str]) -> None:
    required = set(rule.get("required", ()))
    for name, sub in rule.get("properties", {}).items():
        path = f"{prefix}{name}"
        mark = ' <span class="st-required">required</span>' if name in required else ""
        out.append(
            f"<tr><td><code>{html_text(path)}</code>{mark}</td><td>{_type_of(sub)}</td>"
            f"<td>{prose_inline(sub.get('description', ''))}</td></tr>"
        )
        nested = sub
        if sub.get("type") == "array" and isinstance(sub.get("items"), dict):
            nested = sub["items"]
            path += "[]"
        elif isinstance(sub.get("additionalProperties"), dict):
            nested = sub["additionalProperties"]
            path += ".<id>"
        elif "oneOf" in sub:
            nested = next((o.get("items", o) for o in sub["oneOf"] if o.get("type") == "array"), {})
            path += "[]"
        if nested.get("properties"):
            _rows(nested, path + ".", out)


def schema_table(kind: str) -> str:
    """An HTML table of every field of one file kind: path, type, description."""
    rule = schema(kind)
    out: list[str] = []
    _rows(rule, "", out)
    return (
        f"<p>{prose_inline(rule.get('description', ''))}</p>"
        '<table class="st-schema"><thead><tr><th>Field</th><th>Type</th><th>Meaning</th>'
        f"</tr></thead><tbody>{''.join(out)}</tbody></table>"
    )
