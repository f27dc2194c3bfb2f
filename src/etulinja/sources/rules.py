"""Rules every kind of content shares, each written once: reading a YAML file or a
Markdown file with front matter against its schema, code lists, review dates.

Loaders of every content type (the catalogue, articles, programmes, and care paths next)
read through here, so the same mistake gets the same message at the same line whatever
the file, and a fix to a rule reaches all of them. Nothing here knows a content type:
loaders pass in what to check against (the schema's name, the known codes, the limits).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from etulinja.sources import markup, schema
from etulinja.sources.files import decode_source, read_source
from etulinja.sources.problems import Problems
from etulinja.sources.yamldoc import (
    JsonPath,
    YamlDocument,
    YamlSyntaxError,
    load_yaml,
    split_front_matter,
)

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Limits:
    """What loaders check content against besides its schema: passed as values, so a
    loader needs no settings object and a test can set any date."""

    today: dt.date
    languages: tuple[str, ...]
    """The site's languages, the default first."""
    required_languages: tuple[str, ...]
    """Languages every page, programme and service must be complete in."""
    review_max_age_days: int = 365
    urgent_help_max_age_days: int = 180
    """An urgent-help number verified longer ago than this gets a warning."""


def serial_map(function: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """``[function(x) for x in items]``: how loaders run per-file work unless the site
    hands them a parallel one."""
    return [function(item) for item in items]


def digest(data: bytes) -> bytes:
    """A short content digest (16 bytes of BLAKE2b): the identity of a file's bytes."""
    return hashlib.blake2b(data, digest_size=16).digest()


def value_at(data: Any, path: Sequence[str | int]) -> Any:
    """The value at ``path`` inside parsed YAML or JSON (keys of mappings, indexes of
    lists), or None where the data has no such place."""
    for key in path:
        if isinstance(data, dict):
            data = data.get(key)
        elif isinstance(data, list) and isinstance(key, int) and 0 <= key < len(data):
            data = data[key]
        else:
            return None
    return data


@dataclass
class SourceRead:
    """One file as read: its data, where each value is, and what the schema refused.

    A file with schema errors is still checked further wherever the schema found the
    data sound, so an editor sees every problem of the file in one run.
    """

    path: Path
    data: dict[str, Any]
    doc: YamlDocument
    lines: list[str]
    """The lines the data was read from, for fields whose line inside a block of text is
    wanted (a description's Markdown)."""
    refused: frozenset[JsonPath]
    """Paths the schema refused (a missing or unknown key: that key's own path)."""

    def sound(self, *path: str | int) -> bool:
        """True when the schema refused nothing at, above or below ``path``."""
        return schema.sound(self.refused, path)

    @property
    def valid(self) -> bool:
        return not self.refused

    def value(self, *path: str | int) -> Any:
        """The value at ``path``, or None where the data has no such place."""
        return value_at(self.data, path)

    def line(self, *path: str | int) -> int:
        return self.doc.line_of(list(path))


PLACEHOLDERS = ("TÄYTÄ:", "FYLL I:", "FILL IN:")
"""How every text a new file (``etulinja new``) leaves to write begins, in Finnish,
Swedish and English: what :func:`check_placeholders` looks for."""


def check_placeholders(path: Path, text: str, problems: Problems, *, yaml: bool) -> None:
    """Warn, once per file, at the first placeholder text still in it: a file started
    with ``etulinja new`` passes check as written, and would be published with "TÄYTÄ:"
    in it. In YAML a comment may name the markers (the scaffold's comments do)."""
    if not any(marker in text for marker in PLACEHOLDERS):
        return
    found = [number for number, line in enumerate(text.split("\n"), 1)
             if any(marker in line for marker in PLACEHOLDERS)
             and not (yaml and line.lstrip().startswith("#"))]
    if found:
        marker = next(m for m in PLACEHOLDERS if m in text.split("\n")[found[0] - 1])
        more = f" (and {len(found) - 1} more line(s))" if len(found) > 1 else ""
        problems.warning(path, found[0], f"placeholder text '{marker}' is still to be "
                         f"written{more}: write the real text; the site would show it as "
                         "it is")


def read_yaml(path: Path, kind: str, problems: Problems, raw: bytes | None = None,
              *, what: str | None = None) -> SourceRead | None:
    """One YAML file, validated against the ``kind`` schema; None when it cannot be read
    as keys and values at all (the problem is reported). ``raw``: its bytes, when the
    caller has read them (the bytes it digests are the bytes parsed)."""
    text = read_source(path, problems) if raw is None else decode_source(raw, path, problems)
    if text is None:
        return None
    try:
        doc = load_yaml(text)
    except YamlSyntaxError as error:
        problems.error(path, error.line, error.message)
        return None
    check_placeholders(path, text, problems, yaml=True)
    return _validated(path, kind, doc, text.split("\n"), problems, what or f"the {kind} file")


def _validated(path: Path, kind: str, doc: YamlDocument, lines: list[str],
               problems: Problems, what: str) -> SourceRead | None:
    if not isinstance(doc.data, dict):
        problems.error(path, 1 + doc.line_offset,
                       f"{what} must be a mapping of keys to values (name: …, summary: …)")
        return None
    refused: frozenset[JsonPath] = frozenset()
    if not schema.validate(doc.data, kind, doc, path, problems):
        refused = schema.refused_paths(doc.data, kind)
    return SourceRead(path, doc.data, doc, lines, refused)


@dataclass
class MarkdownFile:
    """One Markdown file with front matter, as the editor wrote it: a language version of
    an article, a general page or a programme step."""

    lang: str
    source: Path
    meta: dict[str, Any]
    body: str
    doc: YamlDocument | None = None
    """The front matter as read, for the line of a value a loader checks further."""

    @property
    def last_reviewed(self) -> dt.date | None:
        value = self.meta.get("last_reviewed")
        return value if isinstance(value, dt.date) else None


def read_markdown(path: Path, lang: str, kind: str, limits: Limits, problems: Problems,
                  *, topics: Collection[str] = ()) -> MarkdownFile | None:
    """A Markdown file with front matter, every problem reported at its line: the front
    matter against the ``kind`` schema, its topics (when ``topics`` are given) and review
    date, the body against the content policy. None when the front matter cannot be
    used (the problems are reported either way)."""
    text = read_source(path, problems)
    if text is None:
        return None
    try:
        document = split_front_matter(text)
    except YamlSyntaxError as error:
        problems.error(path, error.line, error.message)
        return None
    check_placeholders(path, text, problems, yaml=False)
    read = _validated(path, kind, document.meta, text.split("\n"), problems,
                      "front matter")
    if read is None:
        return None
    if topics and read.sound("topics"):
        check_codes(read, ("topics",), topics, problems, "topic")
    for line, message in markup.check_markdown(document.body, document.body_line):
        problems.error(path, line, message)
    if "{{" in document.body or "{%" in document.body:
        line = next(i for i, row in enumerate(document.body.splitlines(), document.body_line)
                    if "{{" in row or "{%" in row)
        problems.error(path, line, "'{{' and '{%' are reserved for templates; remove them")
    check_review(read, limits, problems, "page")
    if not read.valid:
        return None
    return MarkdownFile(lang=lang, source=path, meta=read.data, body=document.body,
                        doc=read.doc)


def check_codes(read: SourceRead, where: JsonPath, known: Collection[str],
                problems: Problems, what: str) -> None:
    """Each code in the list at ``where`` is one of ``known`` (topics, methods…)."""
    values = read.value(*where)
    if not isinstance(values, list):
        return
    label = ".".join(map(str, where))
    for index, value in enumerate(values):
        if read.sound(*where, index) and value not in known:
            problems.error(read.path, read.line(*where, index),
                           f"{label}.{index}: unknown {what} '{value}'; known: "
                           + ", ".join(sorted(known)))


def check_review(read: SourceRead, limits: Limits, problems: Problems, what: str,
                 key: str = "last_reviewed") -> None:
    """A review date in the future is an error; one older than the limit a warning.

    A date written in quotes ("2026-11-01") becomes a date like an unquoted one."""
    if not read.sound(key):
        return
    reviewed = read.data.get(key)
    if isinstance(reviewed, str):
        reviewed = read.data[key] = dt.date.fromisoformat(reviewed)
    if not isinstance(reviewed, dt.date):
        return
    age = (limits.today - reviewed).days
    if age > limits.review_max_age_days:
        problems.warning(read.path, read.line(key),
                         f"{key}: {reviewed.isoformat()} is {age} days ago; review the "
                         f"{what} (limit {limits.review_max_age_days} days)")
    elif age < 0:
        problems.error(read.path, read.line(key),
                       f"{key}: {reviewed.isoformat()} is in the future")


def check_verified(verified: dt.date, limits: Limits, problems: Problems, path: Path,
                   line: int, label: str) -> None:
    """An urgent-help number checked against its operator longer ago than the limit is a
    warning; a check in the future is an error."""
    age = (limits.today - verified).days
    if age > limits.urgent_help_max_age_days:
        problems.warning(path, line, f"{label}: {verified.isoformat()} is {age} days ago; "
                         "check the number and its hours against the source again (limit "
                         f"{limits.urgent_help_max_age_days} days)")
    elif age < 0:
        problems.error(path, line, f"{label}: {verified.isoformat()} is in the future")


def check_markdown_field(read: SourceRead, where: JsonPath, problems: Problems) -> None:
    """A Markdown field inside YAML (a service description) against the content policy,
    at its own line.

    In a literal block (``fi: |``) each line of the text is a line of the file; for other
    styles the value's first line is the best the file can say.
    """
    value = read.value(*where)
    if not isinstance(value, str) or not read.sound(*where):
        return
    line = read.line(*where)
    row = read.lines[line - 1] if 0 < line <= len(read.lines) else ""
    after_key = row.split(":", 1)[1].strip() if ":" in row else ""
    first = line + 1 if after_key.startswith("|") else line
    label = ".".join(map(str, where))
    for at, message in markup.check_markdown(value, first):
        problems.error(read.path, at, f"{label}: {message}")


def missing_languages(present: Iterable[str], limits: Limits) -> list[str]:
    """The required languages a piece of content lacks, in the site's order."""
    have = set(present)
    return [lang for lang in limits.required_languages if lang not in have]
