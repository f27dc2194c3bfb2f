"""Fillable worksheets of a programme step: the ``worksheets:`` list of its front matter.

A worksheet is a table (a sleep diary: rows of fields under named columns), a list
(numbered one-line fields) or a free-text box. What the reader writes stays in their
browser; the site only publishes the empty form. The schema (``step.schema.json``)
checks each key; what it cannot say — ids twice, columns on something that is not a
table — is reported here at the step file's line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from etulinja.sources.problems import Problems
from etulinja.sources.rules import MarkdownFile

DEFAULT_ROWS = {"table": 7, "list": 5, "text": 6}
"""Rows when the step does not say: a week of a diary, five lines, six lines of text."""


@dataclass(frozen=True)
class Column:
    id: str
    label: str
    type: str
    """'text', 'time' or 'number': the kind of field the column's cells are."""


@dataclass(frozen=True)
class Worksheet:
    """One fillable worksheet, in the step file's language."""

    id: str
    """Stable within the step: what the reader writes is kept under it."""
    title: str
    kind: str
    """'table', 'list' or 'text'."""
    prompt: str
    rows: int
    columns: tuple[Column, ...] = ()


def read_worksheets(file: MarkdownFile, problems: Problems) -> tuple[Worksheet, ...]:
    """The worksheets of a step file whose front matter passed its schema."""
    entries: list[dict[str, Any]] = file.meta.get("worksheets") or []

    def line(*where: str | int) -> int:
        return file.doc.line_of(["worksheets", *where]) if file.doc is not None else 0

    sheets: list[Worksheet] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        label = f"worksheets.{index}"
        if entry["id"] in seen:
            problems.error(file.source, line(index, "id"),
                           f"{label}.id: '{entry['id']}' is there twice; each worksheet of a "
                           "step needs its own id (what the reader writes is kept under it)")
            continue
        seen.add(entry["id"])
        kind = entry["kind"]
        columns = entry.get("columns") or []
        if kind != "table" and columns:
            problems.error(file.source, line(index, "columns"),
                           f"{label}.columns: only a table has columns; remove them or "
                           "write kind: table")
            continue
        column_ids = [c["id"] for c in columns]
        twice = sorted({c for c in column_ids if column_ids.count(c) > 1})
        if twice:
            problems.error(file.source, line(index, "columns"),
                           f"{label}.columns: the id '{twice[0]}' is there twice; give each "
                           "column its own id")
            continue
        sheets.append(Worksheet(
            id=entry["id"], title=entry["title"], kind=kind, prompt=entry.get("prompt", ""),
            rows=int(entry.get("rows", DEFAULT_ROWS[kind])),
            columns=tuple(Column(c["id"], c["label"], c.get("type", "text")) for c in columns)))
    return tuple(sheets)
