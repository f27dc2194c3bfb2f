"""Changing single values of a service file in place, the rest of it kept byte for byte:
comments, key order, quoting, folded text and the ``$schema`` line.

ruamel.yaml's round-trip mode reads a file into values that remember how they were
written; dumped unchanged, every service file of the example catalogue comes back
identical (a test holds it to that). A new value takes the style of the one it replaces,
or the catalogue's house style for a new key (codes and phone numbers in quotes, summaries
folded at about 100 characters), at the place the schema gives its key.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from etulinja.editing.columns import Column, FieldPath, Kind, WeeklyCell
from etulinja.sources.rules import value_at
from etulinja.sources.schema import load_schema

TEXT_WIDTH = 100
"""Where folded text is broken, as the catalogue's files break it."""


class YamlEditError(Exception):
    """A service file that cannot be edited in place (it is not YAML keys and values)."""


def _yaml() -> YAML:
    found = YAML()  # round-trip
    found.indent(mapping=2, sequence=2, offset=0)
    found.width = 100_000  # lines are broken where the file broke them, nowhere else
    found.preserve_quotes = True
    return found


def load(text: str) -> CommentedMap:
    """A service file's keys and values, remembering how each was written."""
    try:
        data = _yaml().load(text)
    except YAMLError as error:
        raise YamlEditError(f"cannot be read as YAML: {str(error).splitlines()[0]}") from None
    if not isinstance(data, CommentedMap):
        raise YamlEditError("is not a mapping of keys to values")
    return data


def dump(data: CommentedMap) -> str:
    buffer = io.StringIO()
    _yaml().dump(data, buffer)
    return buffer.getvalue()


def schema_line(root: Path, target: Path, schema: str) -> str:
    """The first line every YAML source has: VS Code's YAML extension completes keys and
    flags mistakes from the schema, found relative to the file as in the example portal
    (``etulinja new`` and ``etulinja import`` write it alike)."""
    where = os.path.relpath(root / "src" / "etulinja" / "schemas" / f"{schema}.schema.json",
                            target.parent)
    return f"# yaml-language-server: $schema={Path(where).as_posix()}"


def new_file(root: Path, target: Path, data: CommentedMap) -> str:
    """A new service file's text: the ``$schema`` line, then its keys."""
    return f"{schema_line(root, target, 'service')}\n{dump(data)}"


def put(data: CommentedMap, column: Column, value: Any) -> None:
    """Write a cell's value into the file's data at the column's field; None removes the
    field (and the maps and lists that removal leaves empty)."""
    path = column.path
    if column.kind is Kind.HOURS:
        _put_hours(data, path, value if isinstance(value, WeeklyCell) else WeeklyCell())
        return
    if value is None:
        _remove(data, path)
        return
    parent = _parent(data, path)
    key = path[-1]
    old = value_at(parent, (key,))
    if isinstance(value, list):
        items = [_styled(str(item), None, column, path) for item in value]
        if isinstance(old, CommentedSeq):
            del old[:]
            old.extend(items)  # the list keeps its style: [a, b] stays on one line
            return
        value = CommentedSeq(items)
        value.fa.set_flow_style()
    elif isinstance(value, str):
        value = _styled(value, old, column, path)
    _set(parent, key, value, path)


def _put_hours(data: CommentedMap, path: FieldPath, cell: WeeklyCell) -> None:
    """The weekly part of an hours field; its exceptions and note are left as they are."""
    hours = value_at(data, path)
    if not isinstance(hours, CommentedMap):
        if cell == WeeklyCell():
            return
        hours = CommentedMap()
        _set(_parent(data, path), path[-1], hours, path)
    if cell.weekly:
        weekly = CommentedSeq()
        for days, opens, closes in cell.weekly:
            day_list = CommentedSeq(days)
            day_list.fa.set_flow_style()
            weekly.append(CommentedMap([("days", day_list),
                                        ("opens", DoubleQuotedScalarString(opens)),
                                        ("closes", DoubleQuotedScalarString(closes))]))
        _set(hours, "weekly", weekly, (*path, "weekly"))
    else:
        hours.pop("weekly", None)
    for key, wanted in (("always_open", cell.always_open),
                        ("closed_on_public_holidays", cell.closed_on_public_holidays)):
        if wanted:
            _set(hours, key, True, (*path, key))
        else:
            hours.pop(key, None)
    if not hours:
        _remove(data, path)


def _parent(data: CommentedMap, path: FieldPath) -> Any:
    """The map or list holding ``path``'s last key, made where missing."""
    here: Any = data
    for depth, key in enumerate(path[:-1]):
        following = path[depth + 1]
        if isinstance(here, list) and isinstance(key, int):
            while len(here) <= key:
                here.append(CommentedMap())
            here = here[key]
            continue
        inner = here.get(key)
        if not isinstance(inner, (dict, list)):
            inner = CommentedSeq() if isinstance(following, int) else CommentedMap()
            _set(here, str(key), inner, path[:depth + 1])
        here = inner
    return here


def _set(parent: Any, key: str | int, value: Any, path: FieldPath) -> None:
    """Set a key, a new one where the schema puts it among the keys already there."""
    if isinstance(parent, list) and isinstance(key, int):
        while len(parent) <= key:
            parent.append(None)
        parent[key] = value
        return
    if key in parent:
        parent[key] = value
        return
    order = _key_order(tuple(str(p) if isinstance(p, str) else 0 for p in path[:-1]))
    rank = order.index(str(key)) if key in order else len(order)
    position = 0
    for index, existing in enumerate(parent):
        if (order.index(existing) if existing in order else len(order)) <= rank:
            position = index + 1
    parent.insert(position, key, value)


def _remove(data: CommentedMap, path: FieldPath) -> None:
    """Remove a field, then each map the removal left empty, up to the nearest list: an
    item of a list is never removed here, since the row's other columns still name the
    items after it by their place (``phones.1``); :func:`prune` removes it once the whole
    row is written."""
    for size in range(len(path), 0, -1):
        parent = value_at(data, path[:size - 1])
        key = path[size - 1]
        if not isinstance(parent, dict):
            return
        parent.pop(key, None)
        if parent or size == 1:
            return


def prune(data: CommentedMap, paths: list[FieldPath]) -> None:
    """After a row is written: remove the list items on ``paths`` that it left empty (a
    cleared first phone), last first so the places of the others hold, then each list and
    map that leaves empty."""
    emptied: set[tuple[FieldPath, int]] = set()
    for path in paths:
        for depth, key in enumerate(path):
            if isinstance(key, int) and isinstance(value_at(data, path[:depth]), list):
                emptied.add((path[:depth], key))
    for list_path, index in sorted(emptied, key=lambda found: (found[0], -found[1])):
        items = value_at(data, list_path)
        if isinstance(items, list) and index < len(items) and items[index] in ({}, None):
            del items[index]
            if not items:
                _remove(data, list_path)


@cache
def _key_order(path: tuple[str | int, ...]) -> tuple[str, ...]:
    """The keys of the object at ``path`` in the order the service schema lists them:
    the order the catalogue's files write them."""
    schema = load_schema("service")
    node: dict[str, Any] = schema
    for key in path:
        node = _resolved(node, schema)
        node = node.get("items", {}) if isinstance(key, int) else \
            node.get("properties", {}).get(key, {})
    return tuple(_resolved(node, schema).get("properties", {}))


def _resolved(node: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    reference = node.get("$ref")
    if isinstance(reference, str) and reference.startswith("#/$defs/"):
        found: dict[str, Any] = schema["$defs"][reference.removeprefix("#/$defs/")]
        return found
    return node


def _styled(text: str, old: Any, column: Column, path: FieldPath) -> str:
    """Text in the style of the value it replaces, or the house style for a new one."""
    indent = 2 * sum(1 for key in path if isinstance(key, str))
    styled: str = text
    if "\n" in text:
        styled = LiteralScalarString(text)
    elif isinstance(old, FoldedScalarString) or (old is None and column.kind is Kind.PROSE):
        styled = _folded(text, TEXT_WIDTH - indent)
    elif isinstance(old, SingleQuotedScalarString) and "'" not in text:
        styled = SingleQuotedScalarString(text)
    elif isinstance(old, DoubleQuotedScalarString) or column.quoted or not _plain_safe(text):
        styled = DoubleQuotedScalarString(text)
    return styled


def _plain_safe(text: str) -> bool:
    """True when the text, written without quotes, reads back as the same text by the
    loader ``etulinja check`` uses (YAML 1.1: ``yes`` is true, ``00100`` the number 64)."""
    try:
        return bool(yaml.safe_load(text) == text)
    except yaml.YAMLError:
        return False


def _folded(text: str, width: int) -> str:
    """Folded text (``>-``) broken at spaces into lines of at most ``width``."""
    folded: str = FoldedScalarString(text)
    breaks: list[int] = []
    start = 0
    last_space = -1
    for index, char in enumerate(text):
        if char == " ":
            last_space = index
        if index - start >= width and last_space > start:
            breaks.append(last_space)
            start = last_space + 1
    folded.fold_pos = breaks  # type: ignore[attr-defined]
    return folded


def plain(value: Any) -> Any:
    """Round-trip values as plain Python values (for comparing what was written)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int):
        return int(value)
    return value


def faithful(text: str, expected: dict[FieldPath, Any], paths: Sequence[FieldPath]) -> bool:
    """True when ``text``, read as ``etulinja check`` reads it, holds the expected value
    at each path: a guard against writing anything other than what the sheet says."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return False
    return all(plain(value_at(data, path)) == plain(expected[path]) for path in paths)
