"""What can still be checked in a file with schema errors, so one run reports every
independent error and no error that only follows from another.

Two things are taken from a file that fails its schema:

- the names it defines (layer, frame, stack, repository, group and pin ids), whether or
  not the parts that define them are valid: a reference from another file to a name
  defined in a broken part is not "unknown", it is waiting for that fix;
- a repaired copy of its data, when the errors sit inside parts that can be left out on
  their own: unknown keys (dropped), and whole frames, calls, steps, `follow` entries,
  repositories, groups and pins (each left out whole). An error anywhere else (a missing
  `id`, a `frames` that is not a list) leaves nothing to build. The copy is validated
  again and used only if it passes, so the builders only ever see schema-valid data.

What was left out is reported back (`Salvage.dropped`), so the loader can skip the checks
that would only repeat it: a stack that passes through a layer with a dropped frame or
call is not resolved (its steps could fail only because of what is missing).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from jsonschema import Draft7Validator

from . import schema_check
from .yamlfile import Path, YamlDocument

# The parts of each kind of file that can be left out on their own (`*` is any key or
# index). Within one, a dropped part takes everything inside it along.
_UNITS: dict[str, tuple[tuple[str, ...], ...]] = {
    "layer": (("frames", "*"), ("frames", "*", "calls", "*")),
    "stack": (("steps", "*"), ("follow", "*")),
    "system": (("repos", "*"), ("repos", "*", "pins", "*"), ("groups", "*")),
}


@dataclass
class Names:
    """Names defined by files that failed to load, in whole or in part."""

    layers: set[str] = field(default_factory=set)
    frames: set[str] = field(default_factory=set)  # "layer.frame"
    stacks: set[str] = field(default_factory=set)
    repos: set[str] = field(default_factory=set)
    groups: set[str] = field(default_factory=set)
    pins: set[tuple[str, str]] = field(default_factory=set)  # (repo, pin)

    def add_from(self, data: Any, kind: str) -> None:
        """Every name `data` (a file's parsed YAML, valid or not) defines."""
        if not isinstance(data, dict):
            return
        if kind == "system":
            repos, groups = data.get("repos"), data.get("groups")
            if isinstance(groups, dict):
                self.groups.update(str(name) for name in groups)
            if isinstance(repos, dict):
                self.repos.update(str(name) for name in repos)
                for repo, value in repos.items():
                    if isinstance(value, dict) and isinstance(value.get("pins"), dict):
                        self.pins.update((str(repo), str(pin)) for pin in value["pins"])
            return
        own = data.get("id")
        if not isinstance(own, str):
            return
        if kind == "stack":
            self.stacks.add(own)
            return
        self.layers.add(own)
        frames = data.get("frames")
        for frame in frames if isinstance(frames, list) else ():
            if isinstance(frame, dict) and isinstance(frame.get("id"), str):
                self.frames.add(f"{own}.{frame['id']}")


@dataclass
class Salvage:
    doc: YamlDocument | None  # schema-valid data, parts left out; None: nothing to build
    dropped: list[Path]  # the parts left out whole


def _unit_of(kind: str, path: Path) -> Path | None:
    """The innermost part of a `kind` file that holds `path` and can be left out whole."""
    best: Path | None = None
    for pattern in _UNITS[kind]:
        if len(path) >= len(pattern) and all(
            p == "*" or p == step for p, step in zip(pattern, path, strict=False)
        ):
            candidate = path[: len(pattern)]
            if best is None or len(candidate) > len(best):
                best = candidate
    return best


def _container(data: Any, path: Path) -> Any:
    for step in path:
        data = data[step]
    return data


def _without_holes(data: Any) -> Any:
    """`data` with the None left in lists by dropped parts taken out (for validating)."""
    if isinstance(data, dict):
        return {k: _without_holes(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_without_holes(v) for v in data if v is not None]
    return data


def salvage(doc: YamlDocument, kind: str) -> Salvage:
    """A copy of `doc` without its invalid parts, or `Salvage(None, ...)`.

    Dropped list items become None (indices, and so positions, stay as in the file); the
    builders skip them. Dropped mapping entries are deleted."""
    data = copy.deepcopy(doc.data)
    validator: Draft7Validator = schema_check.validator(kind)
    units: set[Path] = set()
    unknown: list[tuple[Path, str]] = []
    for error in validator.iter_errors(data):
        path: Path = tuple(error.absolute_path)
        if error.validator in ("additionalProperties", "propertyNames") and isinstance(
            error.instance, dict
        ):
            if error.validator == "additionalProperties":
                rule: Any = error.schema
                allowed = set(rule.get("properties", {}))
                bad = [key for key in error.instance if key not in allowed]
            else:
                good = schema_check.valid_keys(error.validator_value, error.instance)
                bad = [key for key in error.instance if key not in good]
            for key in bad:
                if _unit_of(kind, (*path, key)) == (*path, key):
                    units.add((*path, key))  # a badly named repository, group, pin...
                else:
                    unknown.append((path, key))  # an unknown key: left out, nothing lost
            continue
        unit = _unit_of(kind, path)
        if unit is None:
            return Salvage(None, [])
        units.add(unit)
    dropped = sorted(
        (u for u in units if not any(u[: len(o)] == o for o in units if len(o) < len(u))),
        key=lambda u: (len(u), [str(p) for p in u]),
    )
    for where, key in unknown:
        if any(where[: len(u)] == u for u in dropped):
            continue
        container = _container(data, where)
        if key in container:
            del container[key]
    for unit in sorted(dropped, key=len, reverse=True):
        parent = _container(data, unit[:-1])
        if isinstance(parent, list):
            parent[int(unit[-1])] = None
        else:
            parent.pop(unit[-1], None)
    if any(True for _ in validator.iter_errors(_without_holes(data))):
        return Salvage(None, dropped)
    repaired = YamlDocument(doc.file, data, doc.values, doc.keys, doc.raw, doc.plain)
    return Salvage(repaired, dropped)
