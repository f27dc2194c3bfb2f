"""Strict YAML loading that remembers where every value came from.

Editors often paste from spreadsheets, so YAML errors are common. PyYAML silently keeps
the last of two duplicate keys and reports tabs with a cryptic message; here both are
clear errors, and every value's line is kept so that schema errors can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # the C loader composes 5-6x faster; constructing stays ours
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

JsonPath = tuple[str | int, ...]


class YamlSyntaxError(Exception):
    """YAML that cannot be read, with the 1-based line where the trouble is."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class YamlDocument:
    """Parsed data plus the line on which each key or item starts."""

    data: Any
    lines: dict[JsonPath, int] = field(default_factory=dict)
    line_offset: int = 0
    """Added to every line: front matter starts after the opening ``---``."""

    def line_of(self, path: JsonPath | list[str | int]) -> int:
        """The line of ``path``, or of its nearest ancestor that has one."""
        key = tuple(path)
        while key:
            if key in self.lines:
                return self.lines[key] + self.line_offset
            key = key[:-1]
        return self.lines.get((), 1) + self.line_offset


def _friendly(error: yaml.MarkedYAMLError, offset: int) -> str:
    problem = error.problem or "invalid YAML"
    if "'\\t'" in problem or "\\t" in problem:
        return "a tab character is used for indentation; indent YAML with spaces"
    if "mapping values are not allowed" in problem:
        return (
            "unexpected ':' — a value that contains a colon must be quoted "
            '(for example: title: "Huom: teksti")'
        )
    text = problem
    if error.context:
        text = f"{error.context}, {problem}"
        if (
            error.context_mark
            and error.problem_mark
            and (error.context_mark.line != error.problem_mark.line)
        ):
            text += f" (noticed on line {error.problem_mark.line + 1 + offset})"
    return f"YAML syntax error: {text}"


class _LineTrackingLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    pass


def _construct(
    loader: yaml.SafeLoader,
    node: yaml.Node,
    path: JsonPath,
    lines: dict[JsonPath, int],
    offset: int,
) -> Any:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            key_line = key_node.start_mark.line + 1
            if isinstance(key, (list, dict)):
                raise YamlSyntaxError(
                    key_line + offset, "a key must be plain text, not a list or mapping"
                )
            if key in result:
                first = lines.get((*path, key), key_line)
                raise YamlSyntaxError(
                    key_line + offset,
                    f"duplicate key '{key}' (first given on line {first + offset})",
                )
            child = (*path, key)
            lines[child] = key_line
            result[key] = _construct(loader, value_node, child, lines, offset)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            items.append(_construct(loader, item, (*path, index), lines, offset))
        return items
    if node.tag == "tag:yaml.org,2002:timestamp":
        try:
            return loader.construct_object(node, deep=True)
        except ValueError:  # looks like a date but is not one (2026-13-40): let the schema say
            return node.value
    return loader.construct_object(node, deep=True)


def _is_tab_problem(text: str, line: int) -> bool:
    rows = text.splitlines()
    if not 0 <= line < len(rows):
        return False
    row = rows[line]
    return "\t" in row[: len(row) - len(row.lstrip())]


def load_yaml(text: str, line_offset: int = 0) -> YamlDocument:
    """Parse one YAML document strictly; raise YamlSyntaxError with a line on failure."""
    loader = _LineTrackingLoader(text)
    try:
        node = loader.get_single_node()
        lines: dict[JsonPath, int] = {}
        data = None if node is None else _construct(loader, node, (), lines, line_offset)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if error.context_mark is not None and str(error.context or "").startswith(
            ("while parsing a flow", "while scanning a quoted", "while scanning a double")
        ):
            mark = error.context_mark  # where the unclosed [, { or quote was opened
        line = mark.line + 1 if mark is not None else 1
        message = _friendly(error, line_offset)
        if mark is not None and _is_tab_problem(text, mark.line):
            message = "a tab character is used for indentation; indent YAML with spaces"
        raise YamlSyntaxError(line + line_offset, message) from None
    except yaml.YAMLError as error:
        raise YamlSyntaxError(1 + line_offset, f"YAML error: {error}") from None
    finally:
        loader.dispose()
    return YamlDocument(data=data, lines=lines, line_offset=line_offset)


@dataclass
class FrontMatterDocument:
    """A Markdown file split into its front matter and body."""

    meta: YamlDocument
    body: str
    body_line: int
    """1-based line where the body starts, for problems found in the Markdown."""


def split_front_matter(text: str) -> FrontMatterDocument:
    """Split ``---`` front matter from Markdown; raise YamlSyntaxError if it is malformed."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        raise YamlSyntaxError(1, "the file must start with front matter between two '---' lines")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            meta_text = "".join(lines[1:index])
            meta = load_yaml(meta_text, line_offset=1)
            if not isinstance(meta.data, dict):
                raise YamlSyntaxError(2, "front matter must be a mapping of keys to values")
            return FrontMatterDocument(meta, "".join(lines[index + 1 :]), index + 2)
    raise YamlSyntaxError(1, "front matter is not closed: add a line with '---' after it")
