"""`etulinja export services` and `etulinja import services`: a county's service list
goes to a spreadsheet and back. Unedited, nothing changes; one edited cell changes that
value in that file and nothing else, comments kept; new rows land in their county's
folder; a bad cell is reported at its sheet, row and column with check's own message,
and the good rows are written; a dry run writes nothing."""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
from pathlib import Path

import openpyxl
import pytest

from etulinja.editing.columns import (
    Unreadable,
    WeeklyCell,
    column_named,
    hours_text,
    parse_hours,
)
from tests.editing.ten_services import BAD_ROWS, FIXTURE, HEADERS, ROWS, write_ten_services
from tests.support.files import tree_digest
from tests.support.portal import run_etulinja

COMMENTED = "catalogue/services/pohjanmaa/pohjanmaa-miepa-reception-south.yml"
"""A service file with comments of its own, a folded summary and a literal block."""

GOOD = {
    "id": "kanta-hame-test-group", "organisation": "mieli", "status": "active",
    "kind": "helpline", "name_fi": "Testiryhmä Hämeenlinnassa",
    "name_sv": "Testgrupp i Tavastehus",
    "summary_fi": "Ohjattu vertaisryhmä aikuisille, jotka haluavat jakaa kokemuksiaan.",
    "summary_sv": "En handledd kamratgrupp för vuxna som vill dela sina erfarenheter.",
    "target_groups": "KR1", "topics": "depression; loneliness", "access": "self-referral",
    "free_of_charge": "yes", "languages": "fi", "counties": "7",
    "phone": "+358 3 555 0101", "phone_hours": "tu 17:00-19:00",
    "last_reviewed": "2026-11-01", "reviewed_by": "Testi Toimittaja, järjestösihteeri",
}
"""A new service of Kanta-Häme, which the example catalogue has no folder for."""

BAD = {
    # column: a value that check refuses, and the start of check's message for it
    "organisation": ("no-such-provider", "organisation: unknown organisation "
                     "'no-such-provider'; add catalogue/organisations/no-such-provider.yml"),
    "topics": ("depression; sleeping", "topics.1: unknown topic 'sleeping'; known: "),
    "phone": ("O3 555 O8O1", "channels.phones.0.number: 'O3 555 O8O1' is not a phone number"),
    "care_level": ("two", "care_level: must be integer, not str ('two')"),
}


def _export(portal: Path, name: str, *args: str) -> Path:
    target = portal / name
    result = run_etulinja(portal, "export", "services", str(target), *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return target


def _import(portal: Path, sheet: Path, *args: str) -> tuple[int, str, str]:
    result = run_etulinja(portal, "import", "services", str(sheet), *args)
    return result.returncode, result.stdout, result.stderr


def _rows(headers: list[str], rows: list[dict[str, object]]) -> list[list[object]]:
    return [list(headers)] + [[row.get(header) for header in headers] for row in rows]


def _xlsx(path: Path, table: list[list[object]], title: str = "Sheet1") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for values in table:
        sheet.append(values)
    workbook.save(path)
    return path


def _csv(path: Path, table: list[list[object]], delimiter: str = ";") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(
        [["" if cell is None else cell for cell in row] for row in table])
    path.write_text(buffer.getvalue(), encoding="utf-8-sig")
    return path


def _mixed_rows() -> list[dict[str, object]]:
    """The good new service, a second good one, and one bad row per kind of mistake."""
    second = {**GOOD, "id": "kanta-hame-second-group", "counties": "07"}
    bad = [{**GOOD, "id": f"kanta-hame-bad-{column.replace('_', '-')}", column: value}
           for column, (value, _) in BAD.items()]
    return [GOOD, second, *bad]


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_export_then_import_changes_no_byte(portal: Path, suffix: str) -> None:
    sheet = _export(portal, f"services.{suffix}")
    before = tree_digest(portal / "catalogue")
    code, out, err = _import(portal, sheet)
    assert code == 0, out + err
    assert "0 created, 0 changed" in out and "0 refused" in out
    assert tree_digest(portal / "catalogue") == before


def test_export_names_what_stays_in_yaml(portal: Path) -> None:
    sheet = openpyxl.load_workbook(_export(portal, "services.xlsx"))
    about = "\n".join(str(row[0].value) for row in sheet["About"].iter_rows() if row[0].value)
    assert "hours.exceptions" in about and "professionals" in about
    services = sheet["Services"]
    headers = [cell.value for cell in services[1]]
    row = next(r for r in services.iter_rows(min_row=2, values_only=True)
               if r[0] == "etela-karjala-miepa-clinic")
    listed = str(row[headers.index("in_yaml_only")])
    assert "channels.locations.1" in listed and "channels.phones.0.hours.exceptions" in listed


def test_one_edited_cell_changes_that_value_only_and_keeps_comments(portal: Path) -> None:
    sheet = _export(portal, "services.xlsx")
    workbook = openpyxl.load_workbook(sheet)
    services = workbook["Services"]
    headers = [cell.value for cell in services[1]]
    row = next(r for r in services.iter_rows(min_row=2)
               if r[0].value == Path(COMMENTED).stem)
    row[headers.index("phone")].value = "06 555 1799"
    workbook.save(sheet)
    original = (portal / COMMENTED).read_text(encoding="utf-8")
    before = tree_digest(portal / "catalogue")

    code, out, err = _import(portal, sheet)

    assert code == 0, out + err
    assert f"changed {COMMENTED} (row" in out
    assert "phone: 06 555 1725 -> 06 555 1799" in out
    after = tree_digest(portal / "catalogue")
    assert {k for k in after if after[k] != before.get(k)} == {COMMENTED.removeprefix(
        "catalogue/")}
    changed = (portal / COMMENTED).read_text(encoding="utf-8")
    diff = [line for line in difflib.unified_diff(original.splitlines(), changed.splitlines(),
                                                  lineterm="", n=0)
            if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))]
    assert diff == ['-  - number: "06 555 1725"', '+  - number: "06 555 1799"']
    assert changed.startswith("# yaml-language-server: $schema=")
    assert "# Example data: a Swedish-first reception" in changed


def test_an_emptied_cell_removes_the_field(portal: Path) -> None:
    table = [["id", "name_en"], [Path(COMMENTED).stem, None]]
    code, out, err = _import(portal, _csv(portal / "names.csv", table))
    assert code == 0, out + err
    assert "name_en: Mental-health and substance-use reception" in out
    text = (portal / COMMENTED).read_text(encoding="utf-8")
    assert "  en: Mental-health and substance-use reception, Närpes" not in text
    assert run_etulinja(portal, "check").returncode == 0


TWO_PHONES = "catalogue/services/etela-karjala/etela-karjala-crisis-duty.yml"


def test_clearing_the_first_phone_keeps_the_second_whole(portal: Path) -> None:
    """The second phone is YAML-only: clearing the first one's cells moves it up, and it
    keeps every field (its label in each language, its charge and hours)."""
    path = portal / TWO_PHONES
    text = path.read_text(encoding="utf-8")
    first = text[text.index('  - number: "05 555 0601"'):text.index('  - number: "05 555 0602"')]
    path.write_text(text.replace(first, '  - number: "05 555 0601"\n    label:\n'
                                        '      fi: Sosiaali- ja kriisipäivystys\n'),
                    encoding="utf-8")
    second = text[text.index('  - number: "05 555 0602"'):text.index("  web:")]
    table = [["id", "phone", "phone_label_fi", "phone_label_sv", "phone_label_en",
              "phone_hours"], [Path(TWO_PHONES).stem, None, None, None, None, None]]

    code, out, err = _import(portal, _csv(portal / "phones.csv", table))

    assert code == 0, out + err
    changed = path.read_text(encoding="utf-8")
    assert "05 555 0601" not in changed
    assert second in changed  # the whole block, as it was
    assert run_etulinja(portal, "check").returncode == 0


def test_a_file_with_windows_line_endings_keeps_them(portal: Path) -> None:
    path = portal / COMMENTED
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    table = [["id", "name_en"], [Path(COMMENTED).stem, "Reception for mental health, Närpes"]]

    code, out, err = _import(portal, _csv(portal / "names.csv", table))

    assert code == 0, out + err
    raw = path.read_bytes()
    assert b"Reception for mental health" in raw
    assert b"\r\r" not in raw and raw.count(b"\n") == raw.count(b"\r\n")
    assert raw.startswith(b"# yaml-language-server: $schema=")


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_good_rows_are_written_and_each_bad_cell_is_reported(portal: Path,
                                                             suffix: str) -> None:
    headers = [*GOOD, "care_level"]
    table = _rows(headers, _mixed_rows())
    sheet = _xlsx(portal / "new.xlsx", table) if suffix == "xlsx" else \
        _csv(portal / "new.csv", table)

    code, out, err = _import(portal, sheet)

    assert code == 1
    folder = portal / "catalogue" / "services" / "kanta-hame"
    assert sorted(p.name for p in folder.iterdir()) == [
        "kanta-hame-second-group.yml", "kanta-hame-test-group.yml"]
    for row, (column, (_, message)) in enumerate(BAD.items(), start=4):
        letter = openpyxl.utils.get_column_letter(headers.index(column) + 1)
        place = f"new.xlsx:Sheet1:{row}:{letter}" if suffix == "xlsx" else \
            f"new.csv:{row}:{column}"
        assert f"{sheet.parent}/{place}: {message}" in err, err
    assert "refused row(s) 4, 5, 6, 7" in err
    assert "2 created, 0 changed, 0 unchanged, 4 refused" in out
    check = run_etulinja(portal, "check")
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_refused_row_reads_as_check_reads_the_same_file(portal: Path) -> None:
    """The message for a bad cell is check's message for that field, word for word."""
    code, _, err = _import(portal, _xlsx(portal / "one.xlsx", _rows(list(GOOD), [
        {**GOOD, "organisation": "no-such-provider"}])))
    assert code == 1
    reported = err.split("one.xlsx:Sheet1:2:B: ", 1)[1].splitlines()[0]
    _import(portal, _xlsx(portal / "good.xlsx", _rows(list(GOOD), [GOOD])))
    written = portal / "catalogue/services/kanta-hame/kanta-hame-test-group.yml"
    written.write_text(written.read_text(encoding="utf-8").replace(
        "organisation: mieli", "organisation: no-such-provider"), encoding="utf-8")
    check = run_etulinja(portal, "check")
    assert re.search(rf"kanta-hame-test-group.yml:\d+: {re.escape(reported)}\n", check.stderr)


def test_new_services_go_to_their_county_folder(portal: Path) -> None:
    rows = [{**GOOD, "id": "vaasa-test", "counties": None, "municipalities": "905"},
            {**GOOD, "id": "somewhere-national", "counties": None, "national": "yes"},
            {**GOOD, "id": "named-county", "county": "Satakunta", "counties": "06"}]
    headers = [*GOOD, "municipalities", "national", "county"]
    code, out, err = _import(portal, _xlsx(portal / "places.xlsx", _rows(headers, rows)))
    assert code == 0, out + err
    services = portal / "catalogue" / "services"
    assert (services / "pohjanmaa" / "vaasa-test.yml").is_file()
    assert (services / "national" / "somewhere-national.yml").is_file()
    assert (services / "satakunta" / "named-county.yml").is_file()
    new = (services / "pohjanmaa" / "vaasa-test.yml").read_text(encoding="utf-8")
    assert new.startswith("# yaml-language-server: $schema=../../../src/etulinja/schemas/"
                          "service.schema.json\nname:\n")
    assert 'municipalities: ["905"]' in new and 'number: "+358 3 555 0101"' in new


def test_dry_run_writes_nothing_and_says_what_would_change(portal: Path) -> None:
    table = [["id", "phone"], [Path(COMMENTED).stem, "06 555 1799"]]
    rows = _rows(list(GOOD), [GOOD])
    before = tree_digest(portal / "catalogue")
    code, out, err = _import(portal, _csv(portal / "edit.csv", table), "--dry-run")
    code_new, out_new, _ = _import(portal, _xlsx(portal / "new.xlsx", rows), "--dry-run")
    assert (code, code_new) == (0, 0), err
    assert f"would change {COMMENTED} (row 2)\n  phone: 06 555 1725 -> 06 555 1799" in out
    assert ("would create catalogue/services/kanta-hame/kanta-hame-test-group.yml (row 2)"
            in out_new)
    assert "nothing written" in out and "nothing written" in out_new
    assert tree_digest(portal / "catalogue") == before


def test_a_sheet_with_an_unknown_column_writes_nothing(portal: Path) -> None:
    before = tree_digest(portal / "catalogue")
    table = [["id", "phone", "fax"], [Path(COMMENTED).stem, "06 555 1799", "06 555 1"]]
    code, _, err = _import(portal, _xlsx(portal / "fax.xlsx", table))
    assert code == 1
    assert "fax.xlsx:Sheet1:1:C: unknown column 'fax'" in err
    assert tree_digest(portal / "catalogue") == before


def test_csv_from_excel_in_finland_opens_and_reads_back(portal: Path) -> None:
    """Semicolons and a byte order mark; a phone starting with + gets an apostrophe (no
    formula runs) and comes back without it; codes Excel shortened get their zeros."""
    _import(portal, _xlsx(portal / "new.xlsx", _rows(list(GOOD), [GOOD])))
    sheet = _export(portal, "kanta.csv", "--county", "07")
    raw = sheet.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid;county;")
    assert "'+358 3 555 0101" in raw.decode("utf-8-sig")
    before = tree_digest(portal / "catalogue")
    assert _import(portal, sheet)[0] == 0
    assert tree_digest(portal / "catalogue") == before
    # as Excel saves it after an edit: commas, codes and dates as numbers would show them
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    header = table[0]
    table[1][header.index("counties")] = "7"
    table[1][header.index("last_reviewed")] = "1.11.2026"
    table[1][header.index("reviewed_by")] = "Toinen Toimittaja, järjestösihteeri"
    code, out, err = _import(portal, _csv(portal / "saved.csv", table, delimiter=","))
    assert code == 0, out + err
    assert ("  reviewed_by: Testi Toimittaja, järjestösihteeri -> Toinen Toimittaja, "
            "järjestösihteeri") in out
    assert "counties" not in out and "last_reviewed" not in out


def test_hours_cells_read_as_written() -> None:
    for text in ("mo-fr 08:00-16:00; sa 10:00-14:00; closed on public holidays", "24/7",
                 "mo,we 09:00-11:00", "fr-su 20:00-06:00"):
        cell = parse_hours(text)
        assert isinstance(cell, WeeklyCell), text
        weekly = [{"days": list(d), "opens": o, "closes": c} for d, o, c in cell.weekly]
        assert hours_text({"weekly": weekly, "always_open": text == "24/7",
                           "closed_on_public_holidays": "holidays" in text}) == text
    assert parse_hours("mo-fr 8.00-16.00") == parse_hours("mo-fr 08:00-16:00")
    unreadable = parse_hours("weekdays 8-16")
    assert isinstance(unreadable, Unreadable)
    assert "cannot read 'weekdays 8-16' as opening hours" in unreadable.message
    assert column_named("Care level") is column_named("care_level") is not None


def test_the_walk_through_sheet_takes_eight_rows_and_refuses_two(portal: Path) -> None:
    sheet = write_ten_services(portal / "ten-services.xlsx")
    code, out, err = _import(portal, sheet)
    assert code == 1
    assert "8 created, 0 changed, 0 unchanged, 2 refused" in out
    for row, column in BAD_ROWS.items():
        letter = openpyxl.utils.get_column_letter(HEADERS.index(column) + 1)
        assert f"ten-services.xlsx:Palvelut:{row}:{letter}: " in err
    assert len(list((portal / "catalogue/services/kanta-hame").glob("*.yml"))) == 4
    assert len(list((portal / "catalogue/services/satakunta").glob("*.yml"))) == 4
    assert run_etulinja(portal, "check").returncode == 0
    # the committed copy the README walks through holds the same rows
    committed = openpyxl.load_workbook(FIXTURE, read_only=True)["Palvelut"]
    rows = [list(r) for r in committed.iter_rows(values_only=True)]
    assert rows[0] == HEADERS and len(rows) == len(ROWS) + 1
    assert [r[0] for r in rows[1:]] == [row["id"] for row in ROWS]
    assert all(isinstance(r[HEADERS.index("last_reviewed")], dt.datetime) for r in rows[1:])
