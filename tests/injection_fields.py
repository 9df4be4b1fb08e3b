"""A project with one hostile string in every free-text field of the schemas, for the
theme-template injection test (test_injection_templates_browser.py).

Free text is every string a schema does not constrain by pattern or enum: titles, names,
prose, signatures, excerpts, paths, labels, notes. The fields are read from the schemas,
so a field added to a schema and not filled here fails `test_every_free_text_field_is_
filled` until it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from stacktour.loader.schema_check import SCHEMA_NAMES, schema

# The HTML elements whose content is raw text (or escapable raw text): markup inside them
# is text, and only their own end tag gets out.
RAW_TEXT_ELEMENTS = ("title", "textarea", "style", "script", "noscript")


def payload(element: str) -> str:
    """Leaves `element` and runs a script, two ways; either sets `window.__pwned`."""
    return (
        f"</{element}><script>window.__pwned='{element}'</script>"
        f"<img src=x onerror=\"window.__pwned='{element}'\">"
    )


def short_payload(element: str) -> str:
    """The same break-out in 40 characters, for the one field that holds no more."""
    return f"</{element}><svg onload=alert(1)>"


def free_text_fields() -> set[tuple[str, str]]:
    """(kind of file, field path) for every unconstrained string of the schemas; `*` is
    any key, `[]` any list item."""
    found: set[tuple[str, str]] = set()

    def walk(kind: str, rule: Any, path: tuple[str, ...]) -> None:
        if not isinstance(rule, dict):
            return
        types = rule.get("type")
        is_string = types == "string" or (isinstance(types, list) and "string" in types)
        if is_string and not ({"pattern", "enum", "const"} & set(rule)):
            found.add((kind, ".".join(path)))
        for name, sub in (rule.get("properties") or {}).items():
            walk(kind, sub, (*path, name))
        if isinstance(rule.get("additionalProperties"), dict):
            walk(kind, rule["additionalProperties"], (*path, "*"))
        items = rule.get("items")
        for sub in items if isinstance(items, list) else [items]:
            walk(kind, sub, (*path, "[]"))
        for key in ("oneOf", "anyOf", "allOf"):
            for sub in rule.get(key, []):
                walk(kind, sub, path)

    for kind in SCHEMA_NAMES:
        walk(kind, schema(kind), ())
    return found


def filled_fields(kind: str, data: Any, text: str) -> Iterator[tuple[str, str]]:
    """(kind, field path) of every string in `data` that holds `text` (or its short form)."""

    def walk(value: Any, path: tuple[str, ...]) -> Iterator[tuple[str, str]]:
        if isinstance(value, str):
            if text in value or value.startswith(text[: text.index(">") + 1] + "<svg"):
                yield kind, ".".join(path)
        elif isinstance(value, dict):
            for key, sub in value.items():
                # Keys that are ids (repositories, groups, pins) stand as `*`.
                known = "*" if path and path[-1] in ("repos", "groups", "pins") else key
                yield from walk(sub, (*path, known))
        elif isinstance(value, list):
            for sub in value:
                yield from walk(sub, (*path, "[]"))

    yield from walk(data, ())


def project_files(element: str) -> dict[str, dict[str, Any]]:
    """The files of one project (ids suffixed with `element`, so several share a folder)
    with `payload(element)` in every free-text field."""
    p = payload(element)
    e = element
    system = {
        "title": p,
        "summary": p,
        "repos": {
            f"repo-{e}": {
                "url": f"https://example.com/{e}",
                "commit": "0123456789abcdef0123456789abcdef01234567",
                "title": p,
                "label": p,
                "pins": {
                    f"old-{e}": {
                        "commit": "89abcdef0123456789abcdef0123456789abcdef",
                        "label": p,
                        "note": p,
                    }
                },
            }
        },
        "groups": {
            f"outer-{e}": {"title": p, "kind": "process", "summary": p},
            f"inner-{e}": {"title": p, "kind": "boundary", "parent": f"outer-{e}"},
        },
    }
    front = {
        "id": f"front-{e}",
        "title": p,
        "subtitle": p,
        "kind": "class",
        "group": f"inner-{e}",
        "tags": [p],
        "source": {"repo": f"repo-{e}", "path": f"src/{p}.cs", "pin": f"old-{e}"},
        "summary": p,
        "caveat": p,
        "frames": [
            {
                "id": "run",
                "title": p,
                "signature": p,
                "symbol": p,
                "language": "csharp",
                "lines": [10, 10],
                "path": f"src/{p}/Run.cs",
                "excerpt": p + "\n",
                "current": {"lines": [20, 20], "note": p},
                "explanation": p,
                "caveat": p,
                "calls": [
                    {
                        "to": f"back-{e}.handle",
                        "at": 10,
                        "kind": "network",
                        "via": {"protocol": short_payload(e), "method": p},
                        "label": p,
                        "returns": p,
                        "note": p,
                        "loop": {"text": p, "line": 10},
                    },
                    {
                        "external": p,
                        "at": 10,
                        "kind": "call",
                        "branch": {"text": p},
                        "note": p,
                    },
                    {"external": p, "at": {"call": p, "line": 10}, "kind": "callback"},
                ],
            }
        ],
    }
    back = {
        "id": f"back-{e}",
        "title": p,
        "kind": "service",
        "group": f"outer-{e}",
        "frames": [
            {
                "id": "handle",
                "title": p,
                "lines": [1, 3],
                "excerpt": [{"from": 1, "text": p}, {"from": 3, "text": p}],
                "calls": [{"to": f"back-{e}.store", "at": 3, "kind": "await"}],
            },
            {"id": "store", "title": p},
        ],
    }
    sub = {"id": f"sub-{e}", "title": p, "summary": p, "entry": f"back-{e}.handle"}
    main = {
        "id": f"main-{e}",
        "title": p,
        "summary": p,
        "entry": f"front-{e}.run",
        "steps": [f"front-{e}.run -> back-{e}.handle", {"ref": f"sub-{e}"}],
    }
    return {
        "system": system,
        f"layers/front-{e}.yaml": front,
        f"layers/back-{e}.yaml": back,
        f"sub-{e}.yaml": sub,
        f"main-{e}.yaml": main,
    }


def kind_of(name: str) -> str:
    if name == "system":
        return "system"
    return "layer" if name.startswith("layers/") else "stack"


# A stack file's name reaches the page too: Material's "Edit this page" link.
HOSTILE_FILE_NAME = 'x" onmouseover="window.__pwned=\'edit\'" y=<b>.yaml'


def write_projects(stacks: Path) -> None:
    """Every raw-text element's project in one stacks folder (one system.yaml for all),
    and one stack in a file whose name breaks out of an attribute."""
    system: dict[str, Any] = {"repos": {}, "groups": {}}
    for element in RAW_TEXT_ELEMENTS:
        for name, data in project_files(element).items():
            if name == "system":
                system["repos"].update(data["repos"])
                system["groups"].update(data["groups"])
                system.setdefault("title", data["title"])  # one system: the first's
                system.setdefault("summary", data["summary"])
                continue
            path = stacks / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    (stacks / HOSTILE_FILE_NAME).write_text(
        f"id: edit-link\ntitle: A file name\nentry: front-{RAW_TEXT_ELEMENTS[0]}.run\n", "utf-8"
    )
    (stacks / "system.yaml").write_text(
        yaml.safe_dump(system, allow_unicode=True, sort_keys=False), "utf-8"
    )
