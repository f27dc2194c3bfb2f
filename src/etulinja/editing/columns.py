"""The one table of spreadsheet columns for services: which field of a service file each
column holds, and how a cell's text becomes that field's value and back.

Export and import both read this table, so a sheet exported and imported unchanged comes
back as the same values, and nothing changes. Fields a cell cannot hold sensibly (a
second phone, dated exceptions to opening hours, the part for professionals…) are not in
the table: they stay in the YAML file, and import leaves them exactly as they are.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

FieldPath = tuple[str | int, ...]
"""Where a value is in a service file: ``("channels", "phones", 0, "number")``."""


class Kind(enum.Enum):
    """What a column's cells hold, which decides how they are read and written."""

    ID = "id"
    """The service's id: its file name without ``.yml``."""
    FOLDER = "folder"
    """The county folder under ``catalogue/services/`` the file is in."""
    TEXT = "text"
    """One line of plain text, or a code (status, kind)."""
    PROSE = "prose"
    """Longer text (summaries, descriptions): written folded (``>-``) in new files."""
    CODES = "codes"
    """A list of codes, separated by semicolons in the cell."""
    NUMBER = "number"
    """A whole number."""
    YES_NO = "yes-no"
    """yes or no."""
    DATE = "date"
    """A date, YYYY-MM-DD."""
    HOURS = "hours"
    """Weekly opening hours in words: ``mo-fr 08:00-16:00; sa 10:00-14:00``."""
    YAML_ONLY = "yaml-only"
    """Read-only: which of the service's fields are kept in its YAML file alone."""


@dataclass(frozen=True)
class Column:
    """One column of the services sheet."""

    header: str
    """As the first row shows it."""
    kind: Kind
    path: FieldPath = ()
    """The field it holds; none for the id, the folder and the YAML-only list."""
    about: str = ""
    """What the cell holds, in the editor's words: the notes sheet of an export."""
    digits: int = 0
    """Codes of this many digits (postcodes 5, municipalities 3, counties 2): a
    spreadsheet that dropped the leading zeros ("00100" as 100) gets them back."""
    quoted: bool = False
    """New values are written in quotes, as the catalogue writes phone numbers and codes."""

    @property
    def covers(self) -> tuple[FieldPath, ...]:
        """The parts of a service file this column speaks for: everything else is
        kept in the YAML file alone."""
        if self.kind is Kind.HOURS:
            return tuple((*self.path, key) for key in HOURS_KEYS)
        return (self.path,) if self.path else ()


HOURS_KEYS = ("weekly", "always_open", "closed_on_public_holidays")
"""The parts of an opening-hours field its cell holds; dated exceptions and the note
stay in the YAML file."""


def _texts(stem: str, path: FieldPath, about: str, kind: Kind = Kind.TEXT) -> list[Column]:
    return [Column(f"{stem}_{lang}", kind, (*path, lang), f"{about} ({name})")
            for lang, name in (("fi", "Finnish"), ("sv", "Swedish"), ("en", "English"))]


_PHONE: FieldPath = ("channels", "phones", 0)
_PLACE: FieldPath = ("channels", "locations", 0)

COLUMNS: tuple[Column, ...] = (
    Column("id", Kind.ID, about="the file name without .yml, e.g. lahti-guided-self-care: "
           "lowercase a-z, digits and hyphens; the service's address, never reused"),
    Column("county", Kind.FOLDER, about="the folder under catalogue/services/ (paijat-hame, "
           "national); a county code or name is understood too; empty for a new service: "
           "taken from its area"),
    Column("organisation", Kind.TEXT, ("organisation",),
           "the provider's id: a file name in catalogue/organisations/"),
    Column("status", Kind.TEXT, ("status",),
           "active, temporarily-closed, inactive or defunct"),
    Column("kind", Kind.TEXT, ("kind",),
           "care (empty means care), crisis or helpline"),
    Column("care_level", Kind.NUMBER, ("care_level",),
           "0 self-care … 4 most demanding care; empty for crisis and helpline services"),
    *_texts("name", ("name",), "service name"),
    *_texts("summary", ("summary",), "one sentence, 10-150 characters", Kind.PROSE),
    *_texts("description", ("description",), "Markdown; line breaks in the cell are kept",
            Kind.PROSE),
    Column("target_groups", Kind.CODES, ("target_groups",),
           "PTV target group codes: KR1; KR1.1; KR1.2; KR1.3"),
    Column("age_min", Kind.NUMBER, ("age", "min"), "youngest age served"),
    Column("age_max", Kind.NUMBER, ("age", "max"), "oldest age served"),
    Column("age_of", Kind.TEXT, ("age", "of"),
           "whose age: client (empty means client) or child (a service to parents)"),
    Column("topics", Kind.CODES, ("topics",),
           "topic codes (src/etulinja/data/topics.yml), e.g. depression; anxiety"),
    Column("methods", Kind.CODES, ("methods",),
           "method codes (src/etulinja/data/methods.yml), e.g. guided-self-care"),
    Column("access", Kind.CODES, ("access",),
           "self-referral; referral; care-need-assessment"),
    Column("free_of_charge", Kind.YES_NO, ("charge", "free"), "yes or no"),
    *_texts("charge", ("charge", "details"), "what it costs, or when it is free", Kind.PROSE),
    Column("languages", Kind.CODES, ("languages",),
           "languages the service is given in, e.g. fi; sv; en"),
    Column("national", Kind.YES_NO, ("area", "national"),
           "yes for a service of the whole country; otherwise empty"),
    Column("counties", Kind.CODES, ("area", "counties"),
           "county codes, e.g. 09 (Päijät-Häme)", digits=2, quoted=True),
    Column("municipalities", Kind.CODES, ("area", "municipalities"),
           "municipality codes, e.g. 398 (Lahti)", digits=3, quoted=True),
    Column("excluded_municipalities", Kind.CODES, ("area", "exclude_municipalities"),
           "municipality codes left out of the counties above", digits=3, quoted=True),
    Column("phone", Kind.TEXT, (*_PHONE, "number"),
           "the first phone number, as dialled in Finland: 03 555 0101", quoted=True),
    *_texts("phone_label", (*_PHONE, "label"), "what the first number is for"),
    Column("phone_hours", Kind.HOURS, (*_PHONE, "hours"),
           "when the first number answers, e.g. mo-fr 08:00-15:00; closed on public "
           "holidays (or 24/7)"),
    *_texts("place", (*_PLACE, "name"), "the first place to visit"),
    Column("street", Kind.TEXT, (*_PLACE, "address", "street"),
           "street address of the first place"),
    Column("postcode", Kind.TEXT, (*_PLACE, "address", "postal_code"),
           "five digits", digits=5, quoted=True),
    Column("municipality", Kind.TEXT, (*_PLACE, "address", "municipality"),
           "municipality code of the first place, e.g. 398", digits=3, quoted=True),
    Column("place_hours", Kind.HOURS, (*_PLACE, "hours"),
           "opening hours of the first place, as phone_hours"),
    Column("web", Kind.TEXT, ("channels", "web"), "https:// address"),
    Column("email", Kind.TEXT, ("channels", "email"), "e-mail address"),
    Column("chat", Kind.TEXT, ("channels", "chat", "url"), "https:// address of the chat"),
    Column("e_service", Kind.TEXT, ("channels", "e_service", "url"),
           "https:// address of the online service"),
    Column("e_service_login", Kind.YES_NO, ("channels", "e_service", "login_required"),
           "yes when the online service needs strong identification"),
    Column("valid_from", Kind.DATE, ("valid_from",), "first day of a pilot, YYYY-MM-DD"),
    Column("valid_to", Kind.DATE, ("valid_to",), "last day of a pilot, YYYY-MM-DD"),
    Column("ptv_id", Kind.TEXT, ("ptv_id",), "the service's id in Suomi.fi (PTV)"),
    Column("last_reviewed", Kind.DATE, ("last_reviewed",), "YYYY-MM-DD"),
    Column("reviewed_by", Kind.TEXT, ("reviewed_by",), "name and title of the reviewer"),
    Column("in_yaml_only", Kind.YAML_ONLY,
           about="read only: the service's fields that are not in this sheet, kept in its "
           "YAML file; import ignores this column"),
)
"""Every column, in the order an export writes them."""

YAML_ONLY_FIELDS = (
    "a second or further phone and place (channels.phones.1…, channels.locations.1…)",
    "what a call costs (channels.phones.N.charge)",
    "a place's coordinates and accessibility",
    "dated exceptions and notes of opening hours (hours.exceptions, hours.note)",
    "chat hours (channels.chat.hours)",
    "area.note, closure, sessions, professionals",
)
"""What the sheet does not hold, in words: said in every export."""

_BY_HEADER = {column.header: column for column in COLUMNS}


def column_named(header: str) -> Column | None:
    """The column a header names: case, spaces and hyphens as an editor may type them
    ("Care level" is care_level)."""
    key = re.sub(r"[\s-]+", "_", header.strip().lower())
    return _BY_HEADER.get(key)


# --- cells to values and back ---------------------------------------------------------


@dataclass(frozen=True)
class Unreadable:
    """A cell whose text cannot be read as its column's kind: why, in the editor's words."""

    message: str


@dataclass(frozen=True)
class WeeklyCell:
    """Weekly hours as a cell holds them."""

    weekly: tuple[tuple[tuple[str, ...], str, str], ...] = ()
    """(days, opens, closes) in the order written."""
    always_open: bool = False
    closed_on_public_holidays: bool = False


CellValue = str | int | bool | dt.date | list[str] | WeeklyCell
"""A field's value as read from a cell."""

_YES = {"yes", "true", "kyllä", "ja", "1", "x"}
_NO = {"no", "false", "ei", "nej", "0"}


def cell_of(column: Column, value: Any) -> str | int | dt.date | None:
    """The cell an export writes for a field's value (None: the field is not there)."""
    if value is None:
        return None
    if column.kind is Kind.HOURS:
        return hours_text(value) if isinstance(value, Mapping) else None
    if column.kind is Kind.CODES and isinstance(value, list):
        return "; ".join(str(item) for item in value)
    if column.kind is Kind.YES_NO and isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, bool) or not isinstance(value, (int, dt.date)):
        return str(value)
    return value


def value_of(column: Column, cell: object) -> CellValue | Unreadable | None:
    """A field's value from a cell as a spreadsheet gives it (text from CSV; text,
    numbers, dates or booleans from XLSX); None for an empty cell.

    A value that does not fit the column's kind is passed on as the text written, so
    that the service file's schema refuses it with the same message ``etulinja check``
    gives (``care_level: must be integer, not str ('two')``).
    """
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if isinstance(cell, dt.datetime):
        cell = cell.date()
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    kind = column.kind
    if kind is Kind.HOURS:
        return parse_hours(str(cell))
    if kind is Kind.NUMBER:
        if isinstance(cell, int) and not isinstance(cell, bool):
            return cell
        text = str(cell).strip()
        return int(text) if re.fullmatch(r"[+-]?\d+", text) else text
    if kind is Kind.YES_NO:
        if isinstance(cell, bool):
            return cell
        text = str(cell).strip().lower()
        return True if text in _YES else False if text in _NO else str(cell).strip()
    if kind is Kind.DATE:
        return _date(cell)
    if kind is Kind.CODES:
        return [_padded(column, item) for item in re.split(r"[;,\s]+", str(cell).strip())
                if item]
    if isinstance(cell, dt.date):
        return cell.isoformat()
    text = _text(str(cell))
    return _padded(column, text)


def _text(text: str) -> str:
    """A text cell as the file keeps it: Windows line ends made plain, outer spaces off."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _padded(column: Column, code: str) -> str:
    if column.digits and code.isdigit() and len(code) < column.digits:
        return code.zfill(column.digits)
    return code


def _date(cell: object) -> dt.date | str:
    if isinstance(cell, dt.date):
        return cell
    text = str(cell).strip()
    finnish = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)  # 3.9.2026, as Excel shows
    try:
        if finnish:
            day, month, year = map(int, finnish.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d\d-\d\d", text) else text
    except ValueError:
        return text


def same(column: Column, old: Any, new: CellValue | None) -> bool:
    """True when a cell's value is what the file already says: nothing to change."""
    if column.kind is Kind.HOURS:
        had = weekly_of(old) if isinstance(old, Mapping) else WeeklyCell()
        return had == (new if isinstance(new, WeeklyCell) else WeeklyCell())
    if old is None or new is None:
        return old is None and new is None
    if isinstance(new, list):
        return isinstance(old, list) and [str(x) for x in old] == new
    if isinstance(new, str) and isinstance(old, str):
        return old.strip() == new
    if isinstance(new, bool) or isinstance(old, bool):
        return isinstance(new, bool) and isinstance(old, bool) and new == old
    return type(old) is type(new) and bool(old == new)


def shown(column: Column, value: Any) -> str:
    """A value as a dry run shows it: as its cell, shortened; '(empty)' for none."""
    if isinstance(value, WeeklyCell):
        value = _hours_of(value)
    cell = cell_of(column, value)
    if cell is None or cell == "":
        return "(empty)"
    text = str(cell).replace("\n", " ")
    return text if len(text) <= 70 else text[:69] + "…"


# --- opening hours in a cell ------------------------------------------------------------

DAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")
ALWAYS_OPEN = "24/7"
HOLIDAYS_CLOSED = "closed on public holidays"
_TIME = r"(\d{1,2})[:.](\d\d)"
_ENTRY = re.compile(rf"(?P<days>[a-z,\s-]+?)\s+{_TIME}\s*[-\u2013]\s*{_TIME}")
HOURS_HELP = (f"write days and times like 'mo-fr 08:00-16:00; sa 10:00-14:00', "
              f"'{ALWAYS_OPEN}', and add '; {HOLIDAYS_CLOSED}' when it is")


def weekly_of(hours: Mapping[str, Any]) -> WeeklyCell:
    """What an hours field's cell says, from the field as the file writes it."""
    weekly = []
    for entry in hours.get("weekly") or ():
        if isinstance(entry, Mapping):
            weekly.append((tuple(str(d) for d in entry.get("days") or ()),
                           str(entry.get("opens")), str(entry.get("closes"))))
    return WeeklyCell(tuple(weekly), hours.get("always_open") is True,
                      hours.get("closed_on_public_holidays") is True)


def _hours_of(cell: WeeklyCell) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if cell.weekly:
        found["weekly"] = [{"days": list(days), "opens": opens, "closes": closes}
                           for days, opens, closes in cell.weekly]
    if cell.always_open:
        found["always_open"] = True
    if cell.closed_on_public_holidays:
        found["closed_on_public_holidays"] = True
    return found


def hours_text(hours: Mapping[str, Any]) -> str:
    """'mo-fr 08:00-15:00; sa-su 10:00-18:00; closed on public holidays', or '24/7'."""
    cell = weekly_of(hours)
    parts = [ALWAYS_OPEN] if cell.always_open else []
    parts += [f"{_days_text(days)} {opens}-{closes}" for days, opens, closes in cell.weekly]
    if cell.closed_on_public_holidays:
        parts.append(HOLIDAYS_CLOSED)
    return "; ".join(parts)


def _days_text(days: Sequence[str]) -> str:
    """'mo-fr' for a run of days in the week's order, else the days as written: 'mo,we'."""
    if len(days) > 2 and all(d in DAYS for d in days):
        first = DAYS.index(days[0])
        if list(days) == list(DAYS[first:first + len(days)]):
            return f"{days[0]}-{days[-1]}"
    return ",".join(days)


def parse_hours(text: str) -> WeeklyCell | Unreadable:
    """A cell's opening hours; Unreadable with what to write when they are not clear."""
    weekly: list[tuple[tuple[str, ...], str, str]] = []
    always = holidays = False
    for part in (p.strip().lower() for p in re.split(r"[;\n]", text)):
        if not part:
            continue
        if part == ALWAYS_OPEN:
            always = True
            continue
        if part == HOLIDAYS_CLOSED:
            holidays = True
            continue
        match = _ENTRY.fullmatch(part)
        days = _days(match["days"]) if match else None
        if match is None or days is None:
            return Unreadable(f"cannot read '{part}' as opening hours; {HOURS_HELP}")
        groups = match.groups()
        weekly.append((days, _time(groups[1], groups[2]), _time(groups[3], groups[4])))
    return WeeklyCell(tuple(weekly), always, holidays)


def _time(hours: str, minutes: str) -> str:
    return f"{int(hours):02d}:{minutes}"


def _days(text: str) -> tuple[str, ...] | None:
    found: list[str] = []
    for item in (i.strip() for i in text.split(",")):
        ends = [e.strip() for e in item.split("-")]
        if not all(e in DAYS for e in ends) or len(ends) > 2:
            return None
        first, last = DAYS.index(ends[0]), DAYS.index(ends[-1])
        if last < first:
            return None
        found += DAYS[first:last + 1]
    return tuple(found) or None


# --- what stays in YAML -----------------------------------------------------------------


def _leaves(value: Any, at: FieldPath = ()) -> Iterator[FieldPath]:
    if isinstance(value, Mapping) and value:
        for key, inner in value.items():
            yield from _leaves(inner, (*at, str(key)))
    elif isinstance(value, list) and value and any(
            isinstance(item, (Mapping, list)) for item in value):
        for index, inner in enumerate(value):
            yield from _leaves(inner, (*at, index))
    else:
        yield at


def yaml_only(data: Mapping[str, Any]) -> list[str]:
    """The fields of a service that no column holds ('channels.phones.1',
    'professionals'): what the sheet's last column lists, so an editor knows the file
    says more than the row."""
    covered = [path for column in COLUMNS for path in column.covers]
    found: list[str] = []
    for leaf in _leaves(data):
        if any(leaf[:len(path)] == path for path in covered):
            continue
        for size in range(1, len(leaf) + 1):
            prefix = leaf[:size]
            if not any(path[:size] == prefix for path in covered):
                label = ".".join(map(str, prefix))
                if label not in found:
                    found.append(label)
                break
    return found


def column_for(path: FieldPath) -> Column | None:
    """The column a problem at ``path`` of a service file belongs to: the one holding
    that field, or the first one holding a part of it; None for a field kept in YAML."""
    holding = [(len(cover), column) for column in COLUMNS for cover in column.covers
               if path[:len(cover)] == cover]
    if holding:
        return max(holding, key=lambda found: found[0])[1]
    return next((column for column in COLUMNS for cover in column.covers
                 if cover[:len(path)] == path), None)
