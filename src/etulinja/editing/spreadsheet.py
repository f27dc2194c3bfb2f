"""Services to a spreadsheet and back: ``etulinja export services`` and
``etulinja import services``.

County editors keep their service lists in spreadsheets. Export writes one row per
service file with the columns of ``columns.py``; import takes one row per service and
writes only what the row changes: an existing file keeps its comments, key order, quoting
and every field the sheet does not hold, so a sheet exported and imported unchanged
changes no byte. Each row's resulting file is checked exactly as ``etulinja check``
checks it (the catalogue's own loader, on a scratch copy of the files the import would
write), and a row with an error is refused with check's message at its sheet, row and
column; the other rows are written, each file atomically.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from etulinja.catalogue.load import load_catalogue
from etulinja.config import PortalConfig
from etulinja.editing import yamledit
from etulinja.editing.columns import (
    COLUMNS,
    YAML_ONLY_FIELDS,
    CellValue,
    Column,
    FieldPath,
    Kind,
    Unreadable,
    cell_of,
    column_for,
    same,
    shown,
    value_of,
    yaml_only,
)
from etulinja.editing.sheets import Cell, Sheet, SheetError, SheetRow, read_sheet, write_sheet
from etulinja.editing.yamledit import YamlEditError
from etulinja.reference import geography
from etulinja.site.content import limits_of
from etulinja.sources.problems import Problem, Problems, Severity
from etulinja.sources.rules import value_at
from etulinja.sources.schema import load_schema

NATIONAL = "national"
"""The folder of services for the whole country."""
_NATIONAL_NAMES = {NATIONAL, "valtakunnallinen", "koko maa", "hela landet", "riksomfattande"}
_ID = next(column for column in COLUMNS if column.kind is Kind.ID)
_FOLDER = next(column for column in COLUMNS if column.kind is Kind.FOLDER)
_FIELDS = [column for column in COLUMNS if column.path]
_TOP_KEYS = set(load_schema("service")["properties"])


class UnknownFolder(ValueError):
    """A county given on the command line that names no folder and no county."""


# --- export ---------------------------------------------------------------------------


@dataclass
class ExportReport:
    services: int = 0
    skipped: list[str] = field(default_factory=list)
    """Files that could not be read, each as 'path: why'."""


def export_services(config: PortalConfig, target: Path, county: str | None = None) -> ExportReport:
    """Write every service (or one county folder's) to ``target`` (.xlsx or .csv)."""
    services_dir = config.catalogue_dir / "services"
    folder = None
    if county is not None:
        folder = folder_named(county, services_dir)
        if folder is None:
            raise UnknownFolder(f"--county '{county}' names no folder of catalogue/services/ "
                                "and no county; use a folder name (paijat-hame, national), a "
                                "county code (09) or a county's name")
    report = ExportReport()
    rows: list[list[Cell]] = []
    for service_id, path in service_files(services_dir).items():
        where = path.parent.relative_to(services_dir).as_posix()
        if folder is not None and where != folder:
            continue
        try:
            data = yamledit.load(path.read_text(encoding="utf-8-sig"))
        except (YamlEditError, UnicodeDecodeError, OSError) as error:
            report.skipped.append(f"{_display(config, path)}: {error}; not exported")
            continue
        rows.append([_export_cell(column, service_id, where, data) for column in COLUMNS])
    write_sheet(target, COLUMNS, rows, export_notes())
    report.services = len(rows)
    return report


def _export_cell(column: Column, service_id: str, folder: str, data: CommentedMap) -> Cell:
    if column.kind is Kind.ID:
        return service_id
    if column.kind is Kind.FOLDER:
        return folder
    if column.kind is Kind.YAML_ONLY:
        return "; ".join(yaml_only(data)) or None
    return cell_of(column, yamledit.plain(value_at(data, column.path)))


def export_notes() -> list[str]:
    """What the notes sheet says above its list of columns."""
    return [
        "Services of the catalogue, one row per file catalogue/services/<county>/<id>.yml.",
        "Edit cells, add rows, then: etulinja import services FILE (try --dry-run first).",
        "Lists of codes are separated by semicolons. An empty cell removes the field.",
        "Not in this sheet, kept in each service's YAML file (import leaves them as they are; "
        "the column in_yaml_only lists them per service):",
        *[f"  - {item}" for item in YAML_ONLY_FIELDS],
    ]


def service_files(services_dir: Path) -> dict[str, Path]:
    """Each service file by id (its name), as the catalogue's loader finds them."""
    found: dict[str, Path] = {}
    if services_dir.is_dir():
        for path in sorted(services_dir.rglob("*.yml")):
            if path.is_file():
                found.setdefault(path.stem, path)
    return found


def folder_named(text: str, services_dir: Path) -> str | None:
    """The folder under ``catalogue/services/`` a cell or option names: the folder's
    own name, a county code or a county's name in Finnish, Swedish or English."""
    wanted = text.strip()
    if re.fullmatch(r"[a-z0-9][a-z0-9-]*", wanted) and (services_dir / wanted).is_dir():
        return wanted
    lowered = wanted.lower()
    if lowered in _NATIONAL_NAMES:
        return NATIONAL
    for code, county in geography.counties().items():
        names = {county.slug, *(name.lower() for name in county.name.values()),
                 *(name.lower() for name in county.official_name.values())}
        if lowered in names or (lowered.isdigit() and lowered.zfill(2) == code):
            return county.slug
    return None


# --- import ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    header: str
    old: str
    new: str


@dataclass
class Written:
    """A file an import creates or changes (or would, in a dry run)."""

    row: SheetRow
    path: Path
    text: str
    created: bool
    changes: list[Change]


@dataclass
class ImportReport:
    written: list[Written] = field(default_factory=list)
    unchanged: int = 0
    refused: list[int] = field(default_factory=list)
    """Numbers of the rows refused."""
    problems: list[str] = field(default_factory=list)
    """Every problem of a refused row, and every warning of a row written."""

    @property
    def created(self) -> int:
        return sum(1 for item in self.written if item.created)

    @property
    def changed(self) -> int:
        return sum(1 for item in self.written if not item.created)


def import_services(config: PortalConfig, source: Path, shown_as: str, *,
                    dry_run: bool = False, today: dt.date | None = None) -> ImportReport:
    """Create or update one service file per row; SheetError when the sheet cannot be
    read at all (then nothing is written)."""
    sheet = read_sheet(source, shown_as)
    services_dir = config.catalogue_dir / "services"
    existing = service_files(services_dir)
    report = ImportReport()
    seen: dict[str, int] = {}
    candidates: list[Written] = []
    found: list[tuple[int, str]] = []
    for row in sheet.rows:
        errors: list[str] = []
        candidate = _candidate(config, sheet, row, existing, seen, errors)
        if errors:
            report.refused.append(row.number)
            found += [(row.number, error) for error in errors]
        elif candidate is None:
            report.unchanged += 1
        else:
            candidates.append(candidate)
    for candidate, problems in zip(candidates, _checked(config, candidates, today),
                                   strict=True):
        found += [(candidate.row.number, _located(config, sheet, candidate, problem))
                  for problem in problems]
        if any(problem.severity is Severity.ERROR for problem in problems):
            report.refused.append(candidate.row.number)
        else:
            report.written.append(candidate)
    if not dry_run:
        for item in report.written:
            write_atomically(item.path, item.text)
    report.refused.sort()
    report.problems = [text for _, text in sorted(found, key=lambda item: item[0])]
    return report


def _candidate(config: PortalConfig, sheet: Sheet, row: SheetRow, existing: dict[str, Path],
               seen: dict[str, int], errors: list[str]) -> Written | None:
    """The file a row makes, or None when it changes nothing; problems go to ``errors``."""
    service_id = str(value_of(_ID, row.cells.get(_ID)) or "")
    if not service_id:
        errors.append(f"{sheet.at(row.number, _ID)}: id: missing: give the service its file "
                      "name, e.g. lahti-guided-self-care")
        return None
    if not re.fullmatch(r"[^/\\\x00]+", service_id) or service_id.startswith("."):
        errors.append(f"{sheet.at(row.number, _ID)}: id: '{service_id}' cannot be a file "
                      "name; use lowercase letters a-z, digits and hyphens")
        return None
    if service_id in seen:
        errors.append(f"{sheet.at(row.number, _ID)}: id: '{service_id}' is on row "
                      f"{seen[service_id]} already; give each service one row")
        return None
    seen[service_id] = row.number
    values: dict[Column, CellValue | None] = {}
    for column in sheet.columns:
        if not column.path:
            continue
        value = value_of(column, row.cells.get(column))
        if isinstance(value, Unreadable):
            errors.append(f"{sheet.at(row.number, column)}: "
                          f"{'.'.join(map(str, column.path))}: {value.message}")
        else:
            values[column] = value
    services_dir = config.catalogue_dir / "services"
    path = existing.get(service_id)
    folder_cell = str(value_of(_FOLDER, row.cells.get(_FOLDER)) or "")
    folder = folder_named(folder_cell, services_dir) if folder_cell else None
    if folder_cell and folder is None:
        errors.append(f"{sheet.at(row.number, _FOLDER)}: county: '{folder_cell}' names no "
                      "folder of catalogue/services/ and no county; write a folder name "
                      "(paijat-hame, national), a county code (09) or a county's name")
    if path is not None:
        filed = path.parent.relative_to(services_dir).as_posix()
        if folder is not None and folder != filed:
            errors.append(f"{sheet.at(row.number, _FOLDER)}: county: '{service_id}' is "
                          f"filed in catalogue/services/{filed}/; import does not move "
                          "files: move it there yourself, or write that folder")
        if errors:
            return None
        return _updated(config, sheet, row, path, values, errors)
    folder = folder or _folder_of_area(values)
    if folder is None:
        errors.append(f"{sheet.at(row.number, _FOLDER)}: county: say which folder of "
                      "catalogue/services/ the new service goes to (a county, or national); "
                      "its area does not tell one county")
    if errors or folder is None:
        return None
    data = CommentedMap()
    changes = _apply(data, values)
    target = services_dir / folder / f"{service_id}.yml"
    return _verified(sheet, row, Written(row, target, yamledit.new_file(config.root, target,
                                                                        data), True, changes),
                     data, values, errors)


def _updated(config: PortalConfig, sheet: Sheet, row: SheetRow, path: Path,
             values: dict[Column, CellValue | None], errors: list[str]) -> Written | None:
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        text = raw.decode("utf-8-sig")
        data = yamledit.load(text)
    except (UnicodeDecodeError, YamlEditError) as error:
        errors.append(f"{sheet.at(row.number)}: {_display(config, path)} {error}; fix the "
                      "file before importing into it")
        return None
    changes = _apply(data, values)
    if not changes:
        return None
    written = yamledit.dump(data)
    if "\r\n" in text:  # ruamel keeps a comment's own \r\n: made \n first, then all alike
        written = written.replace("\r\n", "\n").replace("\n", "\r\n")
    return _verified(sheet, row, Written(row, path, ("\ufeff" if bom else "") + written,
                                         False, changes), data, values, errors)


def _apply(data: CommentedMap, values: dict[Column, CellValue | None]) -> list[Change]:
    changes = []
    for column, value in values.items():
        old = yamledit.plain(value_at(data, column.path))
        if not same(column, old, value):
            changes.append(Change(column.header, shown(column, old), shown(column, value)))
            yamledit.put(data, column, value)
    yamledit.prune(data, [column.path for column in values])
    return changes


def _verified(sheet: Sheet, row: SheetRow, written: Written, data: CommentedMap,
              values: dict[Column, CellValue | None], errors: list[str]) -> Written | None:
    """The file, once read back as ``etulinja check`` reads it, says what the row says."""
    paths = [column.path for column in values]
    expected = {path: value_at(data, path) for path in paths}
    if yamledit.faithful(written.text, expected, paths):
        return written
    errors.append(f"{sheet.at(row.number)}: the row's values cannot be written into "
                  f"{written.path.name} without changing their meaning; edit the YAML file")
    return None


def _folder_of_area(values: dict[Column, Any]) -> str | None:
    """A new service's folder from its area: national, or the one county it lies in."""
    area = {column.path[-1]: value for column, value in values.items()
            if column.path[:1] == ("area",)}
    if area.get("national") is True:
        return NATIONAL
    every = geography.municipalities()
    counties = {code for code in area.get("counties") or [] if code in geography.counties()}
    counties |= {every[code].county_code for code in area.get("municipalities") or []
                 if code in every}
    if len(counties) == 1:
        return geography.counties()[counties.pop()].slug
    return None


def _checked(config: PortalConfig, candidates: list[Written],
             today: dt.date | None) -> list[list[Problem]]:
    """Each candidate file's problems, found by the catalogue's own loader on a scratch
    catalogue holding the organisations and the candidates, in their folders."""
    if not candidates:
        return []
    with tempfile.TemporaryDirectory(prefix="etulinja-import-") as scratch:
        catalogue = Path(scratch) / "catalogue"
        organisations = config.catalogue_dir / "organisations"
        if organisations.is_dir():
            shutil.copytree(organisations, catalogue / "organisations")
        services_dir = config.catalogue_dir / "services"
        where: dict[str, int] = {}
        for index, candidate in enumerate(candidates):
            relative = candidate.path.relative_to(services_dir)
            target = catalogue / "services" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(candidate.text, encoding="utf-8", newline="")
            where[(Path("services") / relative).as_posix()] = index
        problems = Problems(catalogue)
        load_catalogue(catalogue, limits_of(config, today or dt.date.today()), problems)
        found: list[list[Problem]] = [[] for _ in candidates]
        for problem in problems:
            if problem.path in where:
                found[where[problem.path]].append(problem)
        return found


def _located(config: PortalConfig, sheet: Sheet, candidate: Written, problem: Problem) -> str:
    """A problem of a row's file at the row's cell: check's message, with the file's own
    place when the field is not in the sheet."""
    prefix = "warning: " if problem.severity is Severity.WARNING else ""
    column = _ID if problem.line == 0 else column_for(problem_field(problem.message))
    if column is not None and column in sheet.letters:
        return f"{sheet.at(candidate.row.number, column)}: {prefix}{problem.message}"
    place = _display(config, candidate.path) + (f":{problem.line}" if problem.line else "")
    return f"{sheet.at(candidate.row.number)}: {prefix}{problem.message} (in {place}, a " \
           "field not in the sheet)"


def problem_field(message: str) -> FieldPath:
    """The field a check message is about, from its leading key path
    (``channels.phones.0.number: …``, ``name: missing required key 'fi'``)."""
    match = re.match(r"([A-Za-z_][\w-]*(?:\.[\w-]+)*): ", message)
    parts: list[str | int] = []
    if match and match[1].split(".")[0] in _TOP_KEYS:
        parts = [int(p) if p.isdigit() else p for p in match[1].split(".")]
    missing = re.search(r"missing required key '([\w-]+)'", message)
    if missing:
        parts.append(missing[1])
    return tuple(parts)


def write_atomically(path: Path, text: str) -> None:
    """Write a whole file or nothing: a temporary file beside it, renamed over it, so an
    interrupted import never leaves half a service file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                         suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        if path.exists():
            shutil.copymode(path, temporary)
        else:
            os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _display(config: PortalConfig, path: Path) -> str:
    return Problems(config.root).display_path(path)


def summary_lines(config: PortalConfig, report: ImportReport, dry_run: bool) -> Iterable[str]:
    """What an import did (or would do), file by file, for the command's output."""
    for item in report.written:
        verb = ("would create" if dry_run else "created") if item.created else \
            ("would change" if dry_run else "changed")
        yield f"{verb} {_display(config, item.path)} (row {item.row.number})"
        if not item.created:
            yield from (f"  {change.header}: {change.old} -> {change.new}"
                        for change in item.changes)


# --- the commands ---------------------------------------------------------------------


def run_export(config: PortalConfig, target: Path, *, county: str | None = None) -> int:
    """``etulinja export services FILE [--county X]``: 0 when written, 1 when not."""
    if target.suffix.lower() not in (".xlsx", ".csv"):
        print(f"etulinja export: {target}: write a .xlsx or a .csv file", file=sys.stderr)
        return 1
    try:
        report = export_services(config, target, county)
    except UnknownFolder as error:
        print(f"etulinja export: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"etulinja export: {target}: cannot be written: {error.strerror or error}",
              file=sys.stderr)
        return 1
    for skipped in report.skipped:
        print(skipped, file=sys.stderr)
    print(f"etulinja export: {report.services} service(s) written to {target}; kept only in "
          "the YAML files (see the column in_yaml_only): " + "; ".join(YAML_ONLY_FIELDS))
    return 0


def run_import(config: PortalConfig, source: Path, *, dry_run: bool = False) -> int:
    """``etulinja import services FILE [--dry-run]``: 0 when every row was taken, 1 when a
    row was refused or the sheet could not be read."""
    try:
        report = import_services(config, source, str(source), dry_run=dry_run)
    except SheetError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print("etulinja import: nothing was written", file=sys.stderr)
        return 1
    for line in summary_lines(config, report, dry_run):
        print(line)
    for problem in report.problems:
        print(problem, file=sys.stderr)
    counts = (f"{report.created} created, {report.changed} changed, {report.unchanged} "
              f"unchanged, {len(report.refused)} refused")
    if dry_run:
        print(f"etulinja import: dry run, nothing written: would be {counts}")
    else:
        print(f"etulinja import: {counts}")
    if report.refused:
        rows = ", ".join(map(str, report.refused))
        print(f"etulinja import: refused row(s) {rows}: fix them in the sheet and import "
              "again (rows already taken change nothing the second time)", file=sys.stderr)
        return 1
    return 0
