"""Reading and writing the services sheet as XLSX or CSV, each cell with the place an
editor finds it at: ``services.xlsx:Services:7:C`` or ``services.csv:7:phone``.

CSV is written the way Excel in a Finnish locale opens it with a double-click: UTF-8 with
a byte order mark (or ä and ö come out wrong) and semicolons between cells (the list
separator where the decimal separator is a comma). Reading accepts what Excel and
LibreOffice save: semicolons, commas or tabs, with or without the mark. A cell that
starts like a formula (``=``, ``+``, ``-``, ``@``) is written with a leading apostrophe,
so opening the file runs nothing (the same rule as the open-data CSV), and read back
without it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from etulinja.editing.columns import Column, Kind, column_named

SHEET_NAME = "Services"
NOTES_NAME = "About"
CSV_DELIMITER = ";"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | dt.date | None
"""What an export writes into a cell."""


class SheetError(Exception):
    """A sheet that cannot be imported at all (not a workbook, unknown columns): each
    problem at its place, nothing written."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class SheetRow:
    number: int
    """The row's number as the spreadsheet shows it (the header is row 1)."""
    cells: dict[Column, object]
    """The row's cells by column, for the columns the sheet has."""


@dataclass
class Sheet:
    """The rows of a services sheet, and how to name a place in it."""

    source: str
    """The file as the editor named it."""
    name: str | None
    """The worksheet's name; None for CSV."""
    letters: dict[Column, str] = field(default_factory=dict)
    """Each column's letter (XLSX)."""
    rows: list[SheetRow] = field(default_factory=list)

    @property
    def columns(self) -> list[Column]:
        return list(self.letters)

    def at(self, row: int, column: Column | None = None) -> str:
        """``services.xlsx:Services:7:C``, ``services.csv:7:phone``, or the row alone."""
        where = f"{self.source}:{self.name}:{row}" if self.name else f"{self.source}:{row}"
        if column is None or column not in self.letters:
            return where
        return f"{where}:{self.letters[column] if self.name else column.header}"


def read_sheet(path: Path, shown: str) -> Sheet:
    """The services sheet of an ``.xlsx`` or ``.csv`` file; SheetError when it cannot
    be read or its header has a column this table does not know."""
    if path.suffix.lower() == ".xlsx":
        sheet, table = _read_xlsx(path, shown)
    elif path.suffix.lower() == ".csv":
        sheet, table = _read_csv(path, shown)
    else:
        raise SheetError([f"{shown}: import reads .xlsx and .csv files; save the sheet as "
                          "one of them"])
    if not table:
        raise SheetError([f"{shown}: the sheet is empty; its first row names the columns"])
    header, *body = table
    problems: list[str] = []
    positions: list[tuple[int, Column]] = []
    for index, title in enumerate(header):
        if title is None or not str(title).strip():
            continue
        letter = get_column_letter(index + 1)
        place = f"{shown}:{sheet.name}:1:{letter}" if sheet.name else f"{shown}:1:{title}"
        column = column_named(str(title))
        if column is None:
            problems.append(f"{place}: unknown column '{title}'; the columns are those an "
                            "export writes (etulinja export services FILE)")
        elif column in sheet.letters:
            problems.append(f"{place}: the column '{column.header}' is there twice")
        else:
            sheet.letters[column] = letter
            positions.append((index, column))
    if not any(column.kind is Kind.ID for column in sheet.letters) and not problems:
        problems.append(f"{shown}: no 'id' column: each row needs the service's id (its file "
                        "name) to say which file it is")
    if problems:
        raise SheetError(problems)
    for number, values in enumerate(body, start=2):
        cells = {column: _unguarded(values[index]) if index < len(values) else None
                 for index, column in positions}
        if any(value is not None and str(value).strip() for value in cells.values()):
            sheet.rows.append(SheetRow(number, cells))
    return sheet


def _read_xlsx(path: Path, shown: str) -> tuple[Sheet, list[Sequence[object]]]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as error:
        raise SheetError([f"{shown}: cannot be read as an Excel workbook (.xlsx): "
                          f"{error}"]) from None
    try:
        worksheet = workbook[SHEET_NAME] if SHEET_NAME in workbook.sheetnames \
            else workbook.worksheets[0]
        table: list[Sequence[object]] = [list(row) for row in
                                         worksheet.iter_rows(values_only=True)]
        return Sheet(shown, worksheet.title), table
    finally:
        workbook.close()


def _read_csv(path: Path, shown: str) -> tuple[Sheet, list[Sequence[object]]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SheetError([f"{shown}: is not UTF-8 text; in Excel save it as 'CSV UTF-8', in "
                          "LibreOffice choose the character set Unicode (UTF-8)"]) from None
    except OSError as error:
        raise SheetError([f"{shown}: cannot be read: {error.strerror or error}"]) from None
    first = text.split("\n", 1)[0]
    delimiter = max((CSV_DELIMITER, ",", "\t"), key=first.count)
    return Sheet(shown, None), list(csv.reader(io.StringIO(text, newline=""),
                                               delimiter=delimiter))


def _unguarded(value: object) -> object:
    """A cell without the apostrophe an export put before a formula-like start."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(
            _FORMULA_START):
        return value[1:]
    return value


def write_sheet(path: Path, columns: Sequence[Column], rows: Sequence[Sequence[Cell]],
                notes: Sequence[str]) -> None:
    """Write the sheet as XLSX (with a notes sheet) or CSV, by the file's suffix."""
    if path.suffix.lower() == ".xlsx":
        _write_xlsx(path, columns, rows, notes)
    else:
        _write_csv(path, columns, rows)


def _write_csv(path: Path, columns: Sequence[Column], rows: Sequence[Sequence[Cell]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow([column.header for column in columns])
    for row in rows:
        writer.writerow([_guarded(cell) for cell in row])
    path.write_bytes(("\ufeff" + buffer.getvalue()).encode("utf-8"))


def _guarded(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, dt.date):
        return cell.isoformat()
    text = str(cell)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _write_xlsx(path: Path, columns: Sequence[Column], rows: Sequence[Sequence[Cell]],
                notes: Sequence[str]) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = SHEET_NAME
    sheet.append([column.header for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in rows:
        sheet.append(list(values))
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        wide = column.kind in (Kind.PROSE, Kind.YAML_ONLY) or column.header.startswith("name")
        sheet.column_dimensions[letter].width = 40 if wide else max(12, len(column.header) + 2)
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            if isinstance(cell.value, str):
                # Text, never a formula, and codes stay text when edited ("00100").
                cell.data_type = "s"
                cell.number_format = "@"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = sheet.dimensions
    about = workbook.create_sheet(NOTES_NAME)
    about.column_dimensions["A"].width = 28
    about.column_dimensions["B"].width = 100
    for line in notes:
        about.append([line])
    about.append([])
    about.append(["column", "what it holds"])
    for cell in about[about.max_row]:
        cell.font = Font(bold=True)
    for column in columns:
        about.append([column.header, column.about])
    workbook.save(path)
