"""The JSON Schemas: draft-07, a description on every field, kinds as in the model, and
every file in stacks/ pointing at them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft7Validator
from stacktour.loader.schema_check import SCHEMA_NAMES, schema
from stacktour.model import CALL_KINDS, GROUP_KINDS, LAYER_KINDS

from .conftest import STACKS


def _fields(rule: dict[str, Any], path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    for name, sub in rule.get("properties", {}).items():
        yield f"{path}{name}", sub
        for nested in (sub.get("items"), sub.get("additionalProperties")):
            if isinstance(nested, dict):
                yield from _fields(nested, f"{path}{name}.")
        for option in sub.get("oneOf", []):
            if isinstance(option.get("items"), dict):
                yield from _fields(option["items"], f"{path}{name}.")


@pytest.mark.parametrize("kind", SCHEMA_NAMES)
def test_schema_is_draft_07_with_a_description_on_every_field(kind: str) -> None:
    rule = schema(kind)
    Draft7Validator.check_schema(rule)
    assert rule["$schema"] == "http://json-schema.org/draft-07/schema#"
    fields = list(_fields(rule))
    assert fields
    assert [path for path, sub in fields if not sub.get("description")] == []


def test_kinds_are_the_models() -> None:
    layer = schema("layer")
    call = layer["properties"]["frames"]["items"]["properties"]["calls"]["items"]
    assert call["properties"]["kind"]["enum"] == list(CALL_KINDS)
    assert layer["properties"]["kind"]["enum"] == list(LAYER_KINDS)
    group = schema("system")["properties"]["groups"]["additionalProperties"]
    assert group["properties"]["kind"]["enum"] == list(GROUP_KINDS)


def test_every_stack_file_names_its_schema() -> None:
    files = sorted(STACKS.rglob("*.yaml"))
    assert len(files) >= 20
    for path in files:
        first = path.read_text("utf-8").splitlines()[0]
        kind = (
            "system"
            if path.name == "system.yaml"
            else ("layer" if path.parent.name == "layers" else "stack")
        )
        assert first.startswith("# yaml-language-server: $schema="), path
        assert first.endswith(f"plugins/stacktour/schema/{kind}.schema.json"), path
