"""Strict YAML loading that remembers where every value came from.

Editors often paste from spreadsheets, so YAML errors are common. PyYAML silently keeps
the last of two duplicate keys and reports tabs with a cryptic message; here both are
clear errors, and every value's line is kept so that schema errors can point at it.

PyYAML's own messages name the place where its parser gave up, which is often lines
after the mistake (an unclosed quote swallows everything up to the next quote mark).
``_Explainer`` turns them into plain words at the line the editor has to change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NoReturn

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, ScalarNode

try:  # the C loader composes 5-6x faster; constructing stays ours
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

JsonPath = tuple[str | int, ...]

MAX_ALIAS_VALUES = 10_000
"""How many values aliases (``*name``) may add to a document.

A ~400-byte "billion laughs" file nests aliases so that it stands for 10^9 values;
the largest real file (a service) holds 255 values, so honest use never comes near.
"""

MAX_DEPTH = 100
"""How deeply values may nest; real content nests at most six levels."""

_YAML = "tag:yaml.org,2002:"
_STR = _YAML + "str"
_MERGE = _YAML + "merge"
_SCALARS: dict[str, Any] = {
    _YAML + name: getattr(SafeConstructor, f"construct_yaml_{name}")
    for name in ("null", "bool", "int", "float", "timestamp")
}
"""The scalar types a content file may hold; others (!!binary, !!python/...) are refused."""
_AS_TEXT = {_MERGE, _YAML + "value"}
"""Tags YAML resolves from plain text (``<<``, ``=``) that mean nothing outside a key."""


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
    raw: dict[JsonPath, str] = field(default_factory=dict)
    """The text as written of each value YAML did not read as text (``15:00`` became 900),
    so that a hint can quote what the editor wrote rather than what YAML made of it."""

    def line_of(self, path: JsonPath | list[str | int]) -> int:
        """The line of ``path``, or of its nearest ancestor that has one."""
        key = tuple(path)
        while key:
            if key in self.lines:
                return self.lines[key] + self.line_offset
            key = key[:-1]
        return self.lines.get((), 1) + self.line_offset

    def raw_of(self, path: JsonPath | list[str | int]) -> str | None:
        """The source text of the non-text value at ``path`` (``"00100"``), if it is one."""
        return self.raw.get(tuple(path))


class _Builder:
    """Builds Python values from composed nodes, recording each value's line.

    Aliases make the node graph share nodes, so walking it can take exponential time:
    every value built is counted, and past ``MAX_ALIAS_VALUES`` the document's events
    are counted once more to see whether aliases are multiplying it (``_check_growth``).
    """

    def __init__(self, loader: yaml.SafeLoader, text: str, offset: int) -> None:
        self.loader = loader
        self.text = text
        self.offset = offset
        self.lines: dict[JsonPath, int] = {}
        self.raw: dict[JsonPath, str] = {}
        self.count = 0
        self.bound = MAX_ALIAS_VALUES

    def value(self, node: yaml.Node, path: JsonPath) -> Any:
        self.count += 1
        if self.count > self.bound:
            self._check_growth()
        if isinstance(node, ScalarNode):
            if node.tag == _STR:
                return node.value
            self.raw[path] = node.value
            return self.scalar(node)
        if len(path) >= MAX_DEPTH:
            self.fail(node.start_mark.line, _DEEP)
        if isinstance(node, MappingNode):
            return self.mapping(node, path)
        items = []
        lines = self.lines
        for index, item in enumerate(node.value):
            child = (*path, index)
            lines[child] = item.start_mark.line + 1
            items.append(self.value(item, child))
        return items

    def scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        if tag == _STR or tag in _AS_TEXT:
            return node.value
        construct = _SCALARS.get(tag)
        if construct is None:
            written = "!!" + tag[len(_YAML) :] if tag.startswith(_YAML) else tag
            self.fail(
                node.start_mark.line,
                f"the tag '{written}' is not supported here; remove it (or put the value "
                "in quotes if the text starts with '!')",
            )
        try:
            return construct(self.loader, node)
        except (ValueError, OverflowError):  # 2026-13-40 looks like a date: let the schema say
            return node.value

    def key(self, node: yaml.Node) -> Any:
        if not isinstance(node, ScalarNode):
            self.fail(node.start_mark.line, "a key must be plain text, not a list or mapping")
        return self.scalar(node)

    def mapping(self, node: MappingNode, path: JsonPath) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        merges: list[yaml.Node] = []
        lines = self.lines
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merges.append(value_node)
                continue
            key = self.key(key_node)
            key_line = key_node.start_mark.line + 1
            if key in result:
                first = lines.get((*path, key), key_line) + self.offset
                self.fail(key_line - 1, f"duplicate key '{key}' (first given on line {first})")
            child = (*path, key)
            lines[child] = key_line
            result[key] = self.value(value_node, child)
        for source in merges:
            self.merge(result, source, path)
        return result

    def merge(self, result: dict[Any, Any], source: yaml.Node, path: JsonPath) -> None:
        """``<<: *defaults``: add the keys ``result`` does not have yet.

        YAML's merge rules: keys written in the mapping win over merged ones, and of a
        list of merged mappings the earlier wins. Merged keys keep the line where they
        are written, in the anchored mapping.
        """
        mappings = source.value if isinstance(source, yaml.SequenceNode) else [source]
        for mapping in mappings:
            if not isinstance(mapping, MappingNode):
                self.fail(
                    mapping.start_mark.line,
                    "'<<' merges a mapping into this one: follow it with an alias of a "
                    "mapping, e.g. <<: *defaults",
                )
            nested: list[yaml.Node] = []
            for key_node, value_node in mapping.value:
                if key_node.tag == _MERGE:
                    nested.append(value_node)
                    continue
                key = self.key(key_node)
                if key in result:
                    self.count += 1  # skipped, but a merge bomb must still hit the bound
                    if self.count > self.bound:
                        self._check_growth()
                    continue
                child = (*path, key)
                self.lines[child] = key_node.start_mark.line + 1
                result[key] = self.value(value_node, child)
            for inner in nested:
                self.merge(result, inner, path)

    def fail(self, line: int, message: str) -> NoReturn:
        """Stop with ``message`` at the 0-based ``line`` of the YAML text."""
        raise YamlSyntaxError(line + 1 + self.offset, message)

    def _check_growth(self) -> None:
        """The count passed the bound: find out whether aliases are to blame.

        Only documents with more than ``MAX_ALIAS_VALUES`` values come here, so reading
        the events once more costs nothing in ordinary builds.
        """
        written, crossing = _alias_growth(self.text)
        if crossing is not None:
            line, name, size, total = crossing
            self.fail(
                line,
                f"this alias (*{name}) stands for {size:,} values, so the file would grow to "
                f"{total:,} values, more than {MAX_ALIAS_VALUES:,} allowed; write the values "
                "out instead of using aliases",
            )
        self.bound = written + MAX_ALIAS_VALUES  # a large file, honestly written out


_DEEP = (
    "the values are nested too deeply here; no content needs more than a few levels, "
    "so check the brackets and the indentation"
)


def _alias_growth(text: str) -> tuple[int, tuple[int, str, int, int] | None]:
    """Count the values of ``text`` from its events, where each alias is one event.

    Returns the number of values as written and, if aliases add more than
    ``MAX_ALIAS_VALUES`` to them, the alias that crossed the limit as (0-based line,
    anchor name, values it stands for, values in the document with it). Linear in
    the length of the text however much the aliases would expand.
    """
    sizes: dict[str, int] = {}
    # per open collection: [anchor, values in it, counted?, is mapping, children seen]
    stack: list[list[Any]] = []
    written = added = 0

    def place() -> bool:
        """Note one more child of the open collection; True if it is a counted value."""
        if not stack:
            return True
        top = stack[-1]
        top[4] += 1
        return bool(top[2]) and not (top[3] and top[4] % 2 == 1)  # keys are not values

    def close(anchor: str | None, size: int, counted: bool) -> None:
        if anchor is not None:
            sizes[anchor] = size
        if counted and stack:
            stack[-1][1] += size

    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            counted = place()
            written += counted
            is_mapping = isinstance(event, yaml.MappingStartEvent)
            stack.append([event.anchor, 1, counted, is_mapping, 0])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            anchor, size, counted, _, _ = stack.pop()
            close(anchor, size, counted)
        elif isinstance(event, yaml.ScalarEvent):
            counted = place()
            written += counted
            close(event.anchor, 1, counted)
        elif isinstance(event, yaml.AliasEvent):
            counted = place()
            size = sizes.get(str(event.anchor), 1)
            close(None, size, counted)
            if counted:
                added += size
                if added > MAX_ALIAS_VALUES:
                    line = event.start_mark.line if event.start_mark else 0
                    return written, (line, str(event.anchor), size, written + added)
    return written, None


# --- wording YAML errors -----------------------------------------------------------------

_TAB = "a tab character is used for indentation; indent YAML with spaces"
_KEY_LINE = re.compile(
    r"( *)((?:-[ ]+)*)"  # indentation, then the dashes of list items
    r"""([^\s#:'"\[\]{},-][^:#]*?|"[^"]*"|'[^']*')[ ]*:(?:[ ]|$)"""  # key, colon
)
"""``  - name: value``: the indentation, list dashes, and the key."""
_ITEM_LINE = re.compile(r"( *)-(?:[ ]|$)")
_NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
"""The characters YAML refuses (as PyYAML's reader defines them)."""
_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
"""What YAML counts as the end of a line."""
_INDICATOR_NAMES = {
    "*": "an alias (a repeat of a value marked with &)",
    "&": "an anchor (a mark that aliases repeat)",
    "!": "a tag (the type of a value)",
    "|": "the start of a block of text on the lines below",
    ">": "the start of a block of text on the lines below",
    "@": "a reserved character",
    "`": "a reserved character",
    "%": "a directive",
    "[": "the start of a list",
    "{": "the start of a mapping",
    "]": "the end of a list",
    "}": "the end of a mapping",
    ",": "a separator between items",
    "?": "the start of a complex key",
    "-": "a list item, which cannot start on the line of its key",
}


def _spaces(count: int) -> str:
    return "1 space" if count == 1 else f"{count} spaces"


class _Explainer:
    """Words one YAML error for an editor, at the line they have to change."""

    def __init__(self, text: str, offset: int) -> None:
        self.text = text
        self.rows = text.splitlines()
        self.offset = offset

    def at(self, line: int) -> int:
        """The 1-based line an editor sees for a 0-based line of the YAML text."""
        return line + 1 + self.offset

    def row(self, line: int) -> str:
        return self.rows[line] if 0 <= line < len(self.rows) else ""

    def char(self, mark: Any) -> str:
        row = self.row(mark.line)
        return row[mark.column] if 0 <= mark.column < len(row) else ""

    def explain(self, error: yaml.MarkedYAMLError) -> tuple[int, str]:
        """(0-based line, message) for ``error``."""
        problem = str(error.problem or "")
        context = str(error.context or "")
        start, mark = error.context_mark, error.problem_mark or error.context_mark
        line = mark.line if mark is not None else 0

        if start is not None and "quoted scalar" in context:
            quote = self.char(start) or '"'
            if "end of stream" in problem or "document" in problem:
                return start.line, (
                    f"a quote ({quote}) opened on this line is never closed; add the "
                    f"closing {quote} at the end of the text"
                )
            if "escape" in problem or "hexdecimal" in problem:
                return line, (
                    "a backslash (\\) inside double quotes starts an escape such as \\n; "
                    "write \\\\ for a backslash, or put the text in single quotes instead"
                )
        if error.problem_mark is not None:
            quoted = self.quote_before(error.problem_mark)
            if quoted is not None:
                return quoted
        row = self.row(line)
        if "\t" in row[: len(row) - len(row.lstrip())]:
            return line, _TAB
        if "maximum nesting depth" in problem:
            return line, _DEEP
        if start is not None and context.startswith(
            ("while scanning an alias", "while scanning an anchor", "while scanning a tag",
             "while scanning a block scalar", "while scanning a %", "while scanning a directive")
        ):
            return start.line, self.indicator(start.line, start.column)
        if mark is not None and self.char(mark) in _INDICATOR_NAMES and (
            "cannot start any token" in problem
            or "expected node content" in problem
            or "block sequence entries are not allowed" in problem
        ):
            return line, self.indicator(line, mark.column)
        if "simple key" in context and "expected ':'" in problem and start is not None:
            return start.line, self.no_colon(start.line)
        if "mapping values are not allowed" in problem and mark is not None:
            return self.colon(line, mark.column)
        if "found unexpected ':'" in problem:  # inside [ ] or { }
            return line, (
                "unexpected ':' in a list or mapping written in [ ] or { }; put an item that "
                "contains a colon in quotes, or remove the colon"
            )
        if start is not None and context.startswith("while parsing a flow"):
            return start.line, self.flow(error, start)
        if mark is not None and (
            "did not find expected key" in problem or "expected <block end>" in problem
        ):
            if "collection" in context and self.char(mark) != "-":
                return line, self.not_an_item(line, mark.column)
            return line, self.misplaced(line, mark.column)
        if "expected '-' indicator" in problem and mark is not None:
            return line, self.not_an_item(line, mark.column)
        if "undefined alias" in problem and mark is not None:
            return line, self.undefined_alias(line, mark.column)
        if "duplicate anchor" in context and start is not None and mark is not None:
            found = re.match(r"&([^\s,\[\]{}]+)", self.row(mark.line)[mark.column :])
            name = found.group(1) if found else "…"
            return line, (
                f"the anchor &{name} is given twice (first on line {self.at(start.line)}); "
                "give each anchor its own name"
            )
        if "another document" in problem or "single document" in problem:
            return line, (
                "a second YAML document starts on this line ('---'); a file holds only one, "
                "so remove the line"
            )
        text = problem or "invalid YAML"
        if context:
            text = f"{context}, {problem}"
            if start is not None and mark is not None and start.line != mark.line:
                text += f" (noticed on line {self.at(mark.line)})"
        return line, f"YAML syntax error: {text}"

    def quote_before(self, mark: Any) -> tuple[int, str] | None:
        """The message if the error comes on the line where a quoted text ends.

        A quote that is not closed on its own line runs on to the next quote mark of
        its kind, maybe many lines down, and the error appears only there: the line to
        change is where the quote opened. Read from the scanner's tokens, not guessed.
        """
        last: Any = None
        quoted: Any = None
        try:
            for token in yaml.scan(self.text, Loader=_BaseLoader):
                if (token.start_mark.line, token.start_mark.column) >= (mark.line, mark.column):
                    break
                last = token
                if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'"):
                    quoted = token
        except yaml.YAMLError:  # the error itself, or a later one: the tokens so far do
            pass
        if quoted is None or quoted.end_mark.line != mark.line:
            return None
        quote = str(quoted.style)
        inside = '\\"' if quote == '"' else "''"
        opened = quoted.start_mark.line
        if opened != mark.line:
            return opened, (
                f"a quote ({quote}) opened on this line is not closed on the same line, so "
                f"YAML reads on to the next {quote} on line {self.at(mark.line)}; "
                f"close it on this line, and write a {quote} inside the text as {inside}"
            )
        if last is not quoted:
            return None
        return mark.line, (
            f"unexpected text after the closing quote ({quote}); put the whole value "
            f"inside the quotes, and write a {quote} inside the text as {inside}"
        )

    def example(self, line: int, start: int | None = None) -> str:
        """The line's value in quotes, e.g. ``title: "Huom: teksti"``, to show the fix."""
        row = self.row(line)
        match = _KEY_LINE.match(row)
        if start is None:
            start = match.end() if match else len(row) - len(row.lstrip(" -"))
        prefix, value = row[:start].strip(), row[start:].strip()
        if match is None and prefix and not prefix.startswith("-"):
            prefix = ""
        if not value:
            return 'title: "Huom: teksti"'
        if len(value) > 60:
            value = value[:57].rstrip() + "…"
        quote = "'" if '"' in value and "'" not in value else '"'
        if quote == '"':
            value = value.replace("\\", "\\\\").replace('"', '\\"')
        return f"{prefix} {quote}{value}{quote}".strip()

    def indicator(self, line: int, column: int) -> str:
        """A value that starts with a character YAML gives a meaning to (``*``, ``&``...)."""
        char = self.row(line)[column : column + 1] or "*"
        meaning = _INDICATOR_NAMES.get(char, "something other than text")
        return (
            f"a value that starts with '{char}' is not read as text: YAML takes '{char}' as "
            f"{meaning}; put the value in quotes, e.g. {self.example(line, column)}"
        )

    def colon(self, line: int, column: int) -> tuple[int, str]:
        """``mapping values are not allowed here``: a colon in text, or a key out of line.

        When the colon follows the first word of its line, that word is a key that
        YAML read as more text of the value above: either it is indented too far, or
        a line above it that should be a key has no colon.
        """
        before = self.row(line)[:column]
        key = before.lstrip(" -")
        key_column = len(before) - len(key)
        if not key or re.search(r"[\s:]", key.rstrip()):
            return line, (
                "unexpected ':' — a value that contains a colon must be quoted, e.g. "
                + self.example(line)
            )
        key = key.rstrip()
        for index in range(line - 1, -1, -1):  # up to the line whose value swallowed this
            row = self.row(index)
            if not row.strip() or row.lstrip().startswith("#"):
                continue
            match = _KEY_LINE.match(row)
            if match:
                above = len(match.group(1)) + len(match.group(2))
                if above == key_column:
                    break
                name = match.group(3).strip("'\"")
                return line, (
                    f"'{key}' is indented {_spaces(key_column)}, but '{name}' above it "
                    f"{above}; line up keys of the same level"
                )
            if _ITEM_LINE.match(row):
                break
            if len(row) - len(row.lstrip(" ")) <= key_column:  # text where a key belongs
                return index, self.no_colon(index)
        return line, (
            f"'{key}' is indented {_spaces(key_column)}, so YAML reads it as more text "
            "of the value above it; line it up with the keys of its level"
        )

    def no_colon(self, line: int) -> str:
        """A line that stands where a key belongs but has no ``:`` after its first word."""
        return (
            f"'{self.row(line).strip()[:30]}' is not written as 'key: value'; add the ':' "
            "after the key, or if the text goes on from the line above, indent it more "
            "than the key there"
        )

    def keys_around(self, line: int, column: int) -> tuple[tuple[str, int] | None, ...]:
        """The nearest key above indented more than ``column``, and the nearest less."""
        deeper: tuple[str, int] | None = None
        for index in range(line - 1, -1, -1):
            match = _KEY_LINE.match(self.row(index))
            if not match:
                continue
            found = match.group(3).strip("'\""), len(match.group(1)) + len(match.group(2))
            if found[1] > column:
                deeper = deeper or found
            elif found[1] < column:
                return deeper, found
        return deeper, None

    def misplaced(self, line: int, column: int) -> str:
        """``did not find expected key``: something at an indentation no key above has."""
        row = self.row(line)
        indent = len(row) - len(row.lstrip(" "))
        if column != indent:  # after a value on the same line, e.g. summary: [Huom] teksti
            match = _KEY_LINE.match(row)
            start = match.end() if match else indent
            rest = row[start:].lstrip()
            opening = rest[:1]
            if opening in "[{":
                kind = "list" if opening == "[" else "mapping"
                return (
                    f"a value that starts with '{opening}' is read as a {kind}, so the text "
                    f"after its end does not fit; put the whole value in quotes, e.g. "
                    f"{self.example(line)}"
                )
            return (
                f"unexpected text '{row[column:].strip()[:30]}' after the value on this line; "
                f"put the whole value in quotes, e.g. {self.example(line)}"
            )
        if row[column:].startswith("-"):
            item = next(
                (found for index in range(line - 1, -1, -1)
                 if (found := _ITEM_LINE.match(self.row(index)))),
                None,
            )
            if item is not None and len(item.group(1)) != column:
                return (
                    f"this list item (-) is indented {_spaces(column)}, but the item "
                    f"above it {len(item.group(1))}; line up the items of one list"
                )
            return (
                "a list item (-) cannot stand among keys; a list goes under its key, "
                "e.g. 'topics:' and on the lines below it '  - sleep'"
            )
        word = re.split(r":(?:\s|$)", row[column:], maxsplit=1)[0].strip()[:30]
        deeper, shallower = self.keys_around(line, column)
        if deeper and shallower:
            return (
                f"'{word}' is indented {_spaces(column)}, which lines it up with no key "
                f"above it; indent it {_spaces(deeper[1])} like '{deeper[0]}', or "
                f"{shallower[1]} like '{shallower[0]}'"
            )
        near = deeper or shallower
        if near:
            return (
                f"'{word}' is indented {_spaces(column)}, but '{near[0]}' above it "
                f"{near[1]}; line up keys of the same level"
            )
        return f"'{word}' is indented {_spaces(column)}; line up keys of the same level"

    def not_an_item(self, line: int, column: int) -> str:
        """``did not find expected '-' indicator``: a line among list items lacks its ``-``."""
        word = re.split(r":(?:\s|$)", self.row(line)[column:], maxsplit=1)[0].strip()[:30]
        _, parent = self.keys_around(line, column)
        where = f"line it up with '{parent[0]}' ({_spaces(parent[1])})" if parent else (
            "line it up with the keys of its level"
        )
        return (
            f"'{word}' is at the indentation of the list items above it, but is not an item; "
            f"start it with '- ', or if it is a new key, {where}"
        )

    def flow(self, error: yaml.MarkedYAMLError, start: Any) -> str:
        opening = self.char(start)
        if opening not in ("[", "{"):
            return (
                "YAML syntax error: an item of the list or mapping on this line is empty "
                "or not written right; separate the items with single commas"
            )
        closing, kind = ("]", "list") if opening == "[" else ("}", "mapping")
        mark = error.problem_mark
        if mark is not None and mark.line != start.line:
            return (
                f"YAML syntax error: the '{opening}' on this line is not closed; end the "
                f"{kind} with '{closing}' (YAML read on to line {self.at(mark.line)} "
                "looking for it)"
            )
        return (
            f"YAML syntax error: the {kind} in {opening} {closing} on this line is not written "
            "right; separate the items with commas, and put an item that contains a comma, "
            "colon or quote in quotes"
        )

    def undefined_alias(self, line: int, column: int) -> str:
        found = re.match(r"\*([^\s,\[\]{}]+)", self.row(line)[column:])
        name = found.group(1) if found else "…"
        return (
            f"the alias *{name} refers to no anchor; write &{name} before the value it "
            f"repeats, above this line, or if this is text, put it in quotes, e.g. "
            f"{self.example(line, column)}"
        )


def _control_character(text: str) -> tuple[int, str]:
    """(0-based line, message) for the first character YAML refuses."""
    found = _NON_PRINTABLE.search(text)
    if found is None:  # pragma: no cover - the reader refused something we do not
        return 0, "the file contains a character that is not allowed in YAML; remove it"
    code = ord(found.group())
    line = len(_LINE_BREAK.findall(text, 0, found.start()))
    kind = "a control character" if code < 0x20 or 0x7F <= code <= 0x9F else "a character"
    return line, f"the file contains {kind} (U+{code:04X}) that is not allowed; remove it"


def load_yaml(text: str, line_offset: int = 0) -> YamlDocument:
    """Parse one YAML document strictly; raise YamlSyntaxError with a line on failure."""
    loader: yaml.SafeLoader | None = None
    try:
        loader = _LineTrackingLoader(text)  # the pure-Python reader checks characters here
        builder = _Builder(loader, text, line_offset)
        node = loader.get_single_node()
        if node is not None:
            builder.lines[()] = node.start_mark.line + 1
        data = None if node is None else builder.value(node, ())
    except yaml.reader.ReaderError:
        line, message = _control_character(text)
        raise YamlSyntaxError(line + 1 + line_offset, message) from None
    except yaml.MarkedYAMLError as error:
        line, message = _Explainer(text, line_offset).explain(error)
        raise YamlSyntaxError(line + 1 + line_offset, message) from None
    except RecursionError:  # pragma: no cover - only the pure-Python composer recurses
        raise YamlSyntaxError(1 + line_offset, _DEEP) from None
    except yaml.YAMLError as error:  # pragma: no cover - every YAML error above is marked
        raise YamlSyntaxError(1 + line_offset, f"YAML error: {error}") from None
    finally:
        if loader is not None:
            loader.dispose()
    return YamlDocument(data=data, lines=builder.lines, line_offset=line_offset, raw=builder.raw)


class _LineTrackingLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    pass


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
