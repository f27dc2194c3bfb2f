"""Loading and validating the catalogue: every problem with its file and line, in one run;
then each valid file built once into its typed value (``catalogue/model.py``)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from etulinja.catalogue.hours import check_hours
from etulinja.catalogue.model import (
    NO_TEXT,
    AgeRange,
    Area,
    Catalogue,
    Charge,
    Chat,
    Closure,
    Consultation,
    Coordinates,
    EService,
    ForProfessionals,
    Hours,
    HoursException,
    Interval,
    Location,
    Organisation,
    RegionHelpline,
    Service,
    ServicePhone,
    Session,
    WeeklyHours,
)
from etulinja.reference import codes, geography
from etulinja.reference.i18n import Text
from etulinja.reference.phones import Phone, PhoneError, parse_phone
from etulinja.sources.files import read_source_bytes
from etulinja.sources.problems import Problems
from etulinja.sources.rules import (
    Limits,
    SourceRead,
    check_codes,
    check_markdown_field,
    check_review,
    check_verified,
    digest,
    read_yaml,
    serial_map,
)
from etulinja.sources.yamldoc import YamlDocument

_SERVICE_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


def _check_phone(number: str, where: list[str | int], doc: YamlDocument, path: Path,
                 problems: Problems) -> Phone | None:
    """The number with its tel: target, or None after reporting why it has none."""
    try:
        return parse_phone(number)
    except PhoneError as error:
        problems.error(path, doc.line_of(where), f"{'.'.join(map(str, where))}: {error}")
        return None


def _check_municipality(code: str, where: list[str | int], doc: YamlDocument, path: Path,
                        problems: Problems) -> None:
    if code in geography.municipalities():
        return
    hint = ""
    if code in geography.MERGED_MUNICIPALITIES:
        hint = f" (merged into {geography.MERGED_MUNICIPALITIES[code]}; use that code)"
    problems.error(path, doc.line_of(where),
                   f"{'.'.join(map(str, where))}: unknown municipality code '{code}'{hint}")


def _validate_service(read: SourceRead, path: Path, problems: Problems,
                      organisations: frozenset[str], limits: Limits) -> list[Phone | None]:
    """Everything the schema cannot say about a service, wherever the schema found its
    data sound; the phones, as checked (None for a number that was refused)."""
    data, doc, today = read.data, read.doc, limits.today
    _check_kind(read, problems)
    _check_closure(read, problems, today)
    _check_sessions(read, problems)
    consultation = read.value("professionals", "consultation", "phone")
    if isinstance(consultation, str) and read.sound("professionals", "consultation", "phone"):
        _check_phone(consultation, ["professionals", "consultation", "phone"], doc, path,
                     problems)
    organisation = data.get("organisation")
    if read.sound("organisation") and isinstance(organisation, str) and (
            organisation not in organisations):
        problems.error(path, doc.line_of(["organisation"]),
                       f"organisation: unknown organisation '{organisation}'; add "
                       f"catalogue/organisations/{organisation}.yml or fix the id")
    check_codes(read, ("topics",), codes.topics(), problems, "topic")
    check_codes(read, ("methods",), codes.labelled("methods"), problems, "method")
    check_codes(read, ("target_groups",), codes.labelled("target_groups"), problems,
                "target group")
    check_codes(read, ("area", "counties"), geography.counties(), problems, "county code")
    for lang in sorted(data.get("description") or {}) if read.sound("description") else []:
        check_markdown_field(read, ("description", lang), problems)
    if read.sound("area"):
        _check_area(data["area"], doc, path, problems)
        _check_filed_county(read, problems)
    age = data.get("age", {})
    if read.sound("age") and "min" in age and "max" in age and age["min"] > age["max"]:
        problems.error(path, doc.line_of(["age", "max"]),
                       f"age: max {age['max']} is below min {age['min']}")
    valid_from, valid_to = data.get("valid_from"), data.get("valid_to")
    if isinstance(valid_from, dt.date) and isinstance(valid_to, dt.date) and valid_to < valid_from:
        problems.error(path, doc.line_of(["valid_to"]),
                       f"valid_to: {valid_to} is before valid_from {valid_from}")
    if isinstance(valid_to, dt.date) and valid_to < today and data.get("status") == "active":
        problems.warning(path, doc.line_of(["valid_to"]),
                         f"valid_to: {valid_to} has passed, so the service is no longer shown; "
                         "set status: inactive or remove the file")
    channels = data.get("channels", {}) if read.sound("channels") or isinstance(
        data.get("channels"), dict) else {}
    hour_sets: list[tuple[dict[str, Any], tuple[str | int, ...]]] = []
    phones: list[Phone | None] = []
    for index, phone in enumerate(channels.get("phones") or []):
        where: tuple[str | int, ...] = ("channels", "phones", index)
        checked = None
        if read.sound(*where, "number") and isinstance(phone, dict):
            checked = _check_phone(phone["number"], [*where, "number"], doc, path, problems)
        phones.append(checked)
        if isinstance(phone, dict) and "hours" in phone and read.sound(*where, "hours"):
            hour_sets.append((phone["hours"], (*where, "hours")))
    for index, location in enumerate(channels.get("locations") or []):
        where = ("channels", "locations", index)
        if read.sound(*where, "address", "municipality") and isinstance(location, dict):
            _check_municipality(location["address"]["municipality"],
                                [*where, "address", "municipality"], doc, path, problems)
        if isinstance(location, dict) and "hours" in location and read.sound(*where, "hours"):
            hour_sets.append((location["hours"], (*where, "hours")))
    chat = channels.get("chat")
    if isinstance(chat, dict) and "hours" in chat and read.sound("channels", "chat", "hours"):
        hour_sets.append((chat["hours"], ("channels", "chat", "hours")))
    for hours, hours_path in hour_sets:
        for problem in check_hours(hours, hours_path):
            key = ".".join(map(str, problem.path))
            report = problems.warning if problem.warning else problems.error
            report(path, doc.line_of(list(problem.path)), f"{key}: {problem.message}")
    check_review(read, limits, problems, "service")
    return phones


def _check_kind(read: SourceRead, problems: Problems) -> None:
    """Stepped care has a level; urgent help and helplines are kinds of their own."""
    if not (read.sound("kind") and read.sound("care_level")):
        return
    kind = read.data.get("kind", "care")
    if kind == "care" and "care_level" not in read.data:
        problems.error(read.path, read.line(), "care_level: missing: a service of stepped "
                       "care needs its level (0-4); for a crisis line or duty write kind: "
                       "crisis, for a helpline, chat or peer support kind: helpline")
    elif kind != "care" and "care_level" in read.data:
        problems.error(read.path, read.line("care_level"),
                       f"care_level: a {kind} service has no level of care (it is listed "
                       "apart, before care); remove care_level")


def _check_closure(read: SourceRead, problems: Problems, today: dt.date) -> None:
    """A temporarily closed service says why and until when; nothing else has a closure."""
    status, closure = read.data.get("status"), read.data.get("closure")
    if not (read.sound("status") and read.sound("closure")):
        return
    if closure is not None and status != "temporarily-closed":
        problems.warning(read.path, read.line("closure"),
                         f"closure: the service is {status}, so its closure is not shown; "
                         "set status: temporarily-closed or remove closure")
    elif status == "temporarily-closed" and not closure:
        problems.warning(read.path, read.line("status"),
                         "status: say why it is closed and when it opens again (closure: "
                         "reason and reopens), or readers are left guessing")
    if not isinstance(closure, dict) or closure.get("reopens") is None:
        return
    date = closure["reopens"] = _date(closure["reopens"])
    if date < today:
        problems.warning(read.path, read.line("closure", "reopens"),
                         f"closure.reopens: {date} has passed: set status: active, or a new "
                         "date")


def _check_sessions(read: SourceRead, problems: Problems) -> None:
    for index, session in enumerate(read.value("sessions") or []):
        if read.sound("sessions", index) and session["opens"] == session["closes"]:
            problems.error(read.path, read.line("sessions", index, "closes"),
                           f"sessions.{index}: opens and closes at {session['opens']}")


def _check_filed_county(read: SourceRead, problems: Problems) -> None:
    """A service filed under one county's folder whose area lies wholly in others is
    probably in the wrong folder (where the county's editors would not look for it)."""
    county = geography.county_by_slug(read.path.parent.name)
    area = read.data["area"]
    if county is None or area.get("national"):
        return
    covered = _resolve(area)
    everywhere = geography.municipalities()
    counties = sorted({everywhere[code].county_code for code in covered})
    if covered and county.code not in counties:
        names = ", ".join(geography.counties()[code].name["fi"] for code in counties)
        slugs = " or ".join(f"catalogue/services/{geography.counties()[code].slug}/"
                            for code in counties)
        problems.warning(read.path, read.line("area"),
                         f"area: the file is filed under {county.name['fi']}, but the "
                         f"service is available only in {names}; move it to {slugs}")


def _check_area(area: dict[str, Any], doc: YamlDocument, path: Path,
                problems: Problems) -> None:
    for key in ("municipalities", "exclude_municipalities"):
        for index, code in enumerate(area.get(key, [])):
            _check_municipality(code, ["area", key, index], doc, path, problems)
    if area.get("national") and (area.get("counties") or area.get("municipalities")):
        problems.error(path, doc.line_of(["area", "national"]),
                       "area: a national service cannot also list counties or municipalities")
    covered_before = _resolve(area, excluded=False)
    for index, code in enumerate(area.get("exclude_municipalities", [])):
        if code in geography.municipalities() and code not in covered_before:
            problems.error(path, doc.line_of(["area", "exclude_municipalities", index]),
                           f"area.exclude_municipalities.{index}: '{code}' is not in the "
                           "service's area, so excluding it does nothing")


def _resolve(area: dict[str, Any], *, excluded: bool = True) -> frozenset[str]:
    """Municipality codes an ``area`` as written covers (geography.resolve_area), with or
    without its exclusions."""
    return _covered(bool(area.get("national")), tuple(area.get("counties", ())),
                    tuple(area.get("municipalities", ())),
                    tuple(area.get("exclude_municipalities", ())) if excluded else ())


@cache
def _covered(national: bool, counties: tuple[str, ...], municipalities: tuple[str, ...],
             excluded: tuple[str, ...]) -> frozenset[str]:
    # Most services of a county share its area: resolved once, and held once in memory.
    return geography.resolve_area(national=national, county_codes=counties,
                                  municipality_codes=municipalities, excluded=excluded)


def _dates(read: SourceRead) -> None:
    """Quoted dates ("2026-11-01") become dates like unquoted ones, where the schema
    found them sound."""
    for key in ("valid_from", "valid_to"):
        if isinstance(read.data.get(key), str) and read.sound(key):
            read.data[key] = dt.date.fromisoformat(read.data[key])


@dataclass(frozen=True)
class ServiceFile:
    """A service file's bytes, read once: what is digested is what is parsed, even if an
    editor's autosave lands in between."""

    id: str
    path: Path
    raw: bytes

    @property
    def digest(self) -> bytes:
        return digest(self.raw)


@dataclass(frozen=True)
class CheckedService:
    """A valid service file's data, and its phones as checked (each with its ``tel:``
    target, in the order written): what the typed ``Service`` is built from."""

    data: dict[str, Any]
    phones: tuple[Phone, ...]


ServiceResult = tuple[CheckedService | None, Problems]
"""A service file, checked when it is valid, and its problems."""


class CheckServices(Protocol):
    """How the service files are checked: one by one here; the site checks a national
    catalogue on every core and, while serving, only the files that changed.
    ``context`` is everything besides a file's bytes that its result depends on."""

    def __call__(self, files: Sequence[ServiceFile],
                 check: Callable[[ServiceFile], ServiceResult],
                 context: Hashable) -> list[ServiceResult]: ...


def check_each(files: Sequence[ServiceFile], check: Callable[[ServiceFile], ServiceResult],
               context: Hashable) -> list[ServiceResult]:
    del context  # nothing is remembered here
    return serial_map(check, files)


def load_catalogue(folder: Path, limits: Limits, problems: Problems,
                   check_services: CheckServices = check_each) -> Catalogue:
    """Read organisations, regions and services; collect problems instead of stopping."""
    catalogue = Catalogue()
    if not folder.is_dir():
        return catalogue
    raw = {path: content for path in sorted([*_yaml_files(folder / "organisations", problems),
                                             *_yaml_files(folder / "regions", problems)])
           if (content := read_source_bytes(path, problems)) is not None}
    context = hashlib.blake2b(digest_size=16)
    for path, content in raw.items():
        context.update(path.name.encode() + b"\0" + content + b"\0")
    catalogue.context = context.digest()
    # A provider whose file has errors is still a provider: its services are not also
    # told it does not exist.
    provider_ids = frozenset(path.stem for path in raw if path.parent.name == "organisations")
    for path in raw:
        if path.parent.name == "organisations":
            _load_organisation(path, raw[path], catalogue, problems)
    region_sources: dict[str, Path] = {}
    for path in raw:
        if path.parent.name == "regions":
            _load_region(path, raw[path], catalogue, region_sources, problems, limits)
    files = [ServiceFile(service_id, path, content)
             for service_id, path in _service_paths(folder / "services", problems)
             if (content := read_source_bytes(path, problems)) is not None]

    def check(file: ServiceFile) -> ServiceResult:
        """One service file, validated (in worker processes for a large catalogue)."""
        found = Problems(problems.root)
        read = read_yaml(file.path, "service", found, file.raw)
        if read is None:
            return None, found
        _dates(read)
        phones = _validate_service(read, file.path, found, provider_ids, limits)
        if found.errors:
            return None, found
        return CheckedService(read.data, tuple(p for p in phones if p is not None)), found

    results = check_services(files, check, (provider_ids, limits))
    for file, (checked, found) in zip(files, results, strict=True):
        problems.extend(found)
        # A provider whose file has errors was reported there; its services wait for it.
        organisation = catalogue.organisations.get(checked.data["organisation"]) \
            if checked is not None else None
        if checked is not None and organisation is not None:
            catalogue.services[file.id] = service_of(file, checked, organisation)
    stray = [p for p in folder.rglob("*") if p.suffix in (".yaml", ".json") and p.is_file()]
    for path in sorted(stray):
        problems.error(path, 0, "catalogue files must end in .yml to be read")
    return catalogue


def _service_paths(folder: Path, problems: Problems) -> list[tuple[str, Path]]:
    """Each service file with its id (its name), ids unique across county folders."""
    first_seen: dict[str, Path] = {}
    found: list[tuple[str, Path]] = []
    for path in _yaml_files(folder, problems, recursive=True):
        service_id = path.stem
        if not _SERVICE_ID.fullmatch(service_id):
            problems.error(path, 0, f"the file name '{path.name}' is the service's address: "
                           "use lowercase letters a-z, digits and hyphens, e.g. "
                           "'lahti-guided-self-care.yml'")
            continue
        if service_id in first_seen:
            problems.error(path, 1, f"duplicate service id '{service_id}': "
                           f"{problems.display_path(first_seen[service_id])} has the same file "
                           "name; ids must be unique across the catalogue")
            continue
        first_seen[service_id] = path
        found.append((service_id, path))
    return found


def _yaml_files(folder: Path, problems: Problems, *, recursive: bool = False) -> list[Path]:
    """The ``.yml`` files of a catalogue folder, in order; a folder named like one is an
    editor's mistake, reported, not a file to read."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.rglob("*.yml") if recursive else folder.glob("*.yml")):
        if path.is_dir():
            problems.error(path, 0, f"'{path.name}' is a folder, but a name ending in .yml is "
                           "for a file; rename the folder or move its files")
        else:
            found.append(path)
    return found


def _load_organisation(path: Path, content: bytes, catalogue: Catalogue,
                       problems: Problems) -> None:
    read = read_yaml(path, "organisation", problems, content)
    if read is None:
        return
    business_id = read.data.get("business_id")
    if business_id and read.sound("business_id") and not _valid_business_id(business_id):
        problems.error(path, read.doc.line_of(["business_id"]),
                       f"business_id: '{business_id}' has a wrong check digit")
    if read.valid:
        data = read.data
        catalogue.organisations[path.stem] = Organisation(
            id=path.stem, source=path, name=Text(data["name"]), type=data["type"],
            website=data.get("website", ""), description=_text(data.get("description")),
            business_id=data.get("business_id", ""))


def _load_region(path: Path, content: bytes, catalogue: Catalogue,
                 region_sources: dict[str, Path], problems: Problems, limits: Limits) -> None:
    """A county's own urgent-help numbers (catalogue/regions/<county>.yml), each with the
    operator's page it was checked against and when: a number a person in crisis dials
    must not be one nobody has looked at for a year."""
    read = read_yaml(path, "region", problems, content)
    if read is None:
        return
    data, doc = read.data, read.doc
    lines = []
    for index, line in enumerate(data.get("helplines") or []):
        if not isinstance(line, dict):
            continue
        if read.sound("helplines", index, "verified") and line.get("verified"):
            verified = line["verified"] = _date(line["verified"])
            check_verified(verified, limits, problems, path,
                           read.line("helplines", index, "verified"),
                           f"helplines.{index}.verified")
        if read.sound("helplines", index, "number"):
            phone = _check_phone(line["number"], ["helplines", index, "number"], doc, path,
                                 problems)
            if phone is not None and read.valid:
                lines.append(RegionHelpline(
                    Text(line["label"]), phone, _text(line.get("hours")),
                    line.get("source", ""), line.get("verified")))
    county = data.get("county")
    if not read.sound("county") or not isinstance(county, str):
        return
    if county not in geography.counties():
        problems.error(path, doc.line_of(["county"]), f"county: unknown county code '{county}'")
        return
    if county in region_sources:
        problems.error(path, doc.line_of(["county"]),
                       f"county: '{county}' already has a region file: "
                       f"{problems.display_path(region_sources[county])}")
        return
    region_sources[county] = path
    if read.valid:
        catalogue.helplines[county] = lines


def _valid_business_id(value: str) -> bool:
    """Finnish Business ID (Y-tunnus) check digit: weights 7,9,10,5,8,4,2, modulo 11."""
    digits, check = value.split("-")
    remainder = sum(int(d) * w for d, w in zip(digits, (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    if remainder == 1:
        return False
    return int(check) == (0 if remainder == 0 else 11 - remainder)


def _text(value: dict[str, str] | None) -> Text:
    return Text(value) if value else NO_TEXT


def _hours(hours: dict[str, Any] | None) -> Hours | None:
    if hours is None:
        return None
    return Hours(
        weekly=tuple(WeeklyHours(tuple(entry["days"]), entry["opens"], entry["closes"])
                     for entry in hours.get("weekly", ())),
        always_open=bool(hours.get("always_open")),
        closed_on_public_holidays=bool(hours.get("closed_on_public_holidays")),
        exceptions=tuple(
            HoursException(
                date=_date(exception["date"]), closed=bool(exception.get("closed")),
                intervals=() if exception.get("closed") else tuple(
                    Interval(x["opens"], x["closes"])
                    for x in exception.get("intervals", [exception])),
                note=_text(exception.get("note")))
            for exception in hours.get("exceptions", ())),
        note=_text(hours.get("note")))


def _closure(closure: dict[str, Any] | None) -> Closure | None:
    if not closure:
        return None
    reopens = closure.get("reopens")
    return Closure(_text(closure.get("reason")), _date(reopens) if reopens else None)


def _professionals(found: dict[str, Any] | None) -> ForProfessionals | None:
    if not found:
        return None
    consultation = found.get("consultation")
    return ForProfessionals(
        who_may_refer=_text(found.get("who_may_refer")),
        where_to_send=_text(found.get("where_to_send")),
        what_to_include=_text(found.get("what_to_include")),
        consultation=Consultation(
            _text(consultation.get("text")),
            parse_phone(consultation["phone"]) if consultation.get("phone") else None)
        if consultation else None,
        criteria=_text(found.get("criteria")), exclusions=_text(found.get("exclusions")),
        waiting_time=_text(found.get("waiting_time")))


def _date(value: dt.date | str) -> dt.date:
    """A date as YAML gave it, or written in quotes ("2026-12-24")."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _location(location: dict[str, Any]) -> Location:
    address = location["address"]
    coordinates = location.get("coordinates")
    return Location(
        name=Text(location["name"]), street=address["street"],
        postal_code=address["postal_code"], municipality_code=address["municipality"],
        coordinates=Coordinates(coordinates["lat"], coordinates["lon"]) if coordinates
        else None,
        accessibility=_text(location.get("accessibility")), hours=_hours(location.get("hours")))


def service_of(file: ServiceFile, checked: CheckedService,
               organisation: Organisation) -> Service:
    """The typed service, built once from its checked file and its provider.

    Built here, in the loading process, not by the workers that check the files: a
    checked file is what ``etulinja serve`` remembers, and its provider is linked anew on
    every load (an organisation fixed or renamed reaches services whose files did not
    change); and typed services take the parent more time to unpickle than to build
    (3,000 synthetic services: 0.30 s to unpickle, against 0.13 s for their data and
    about 0.1 s to build them)."""
    data = checked.data
    area = data["area"]
    age = data.get("age", {})
    channels = data.get("channels", {})
    chat, e_service = channels.get("chat"), channels.get("e_service")
    charge = data["charge"]
    return Service(
        id=file.id, source=file.path, organisation=organisation,
        name=Text(data["name"]), summary=Text(data["summary"]),
        description=_text(data.get("description")),
        status=data["status"], kind=data.get("kind", "care"),
        care_level=data.get("care_level"),
        target_groups=tuple(data["target_groups"]),
        age=AgeRange(age.get("min"), age.get("max"), age.get("of", "client")),
        topics=tuple(data["topics"]), methods=tuple(data.get("methods", ())),
        access=tuple(data["access"]),
        charge=Charge(charge["free"], _text(charge.get("details"))),
        languages=tuple(data["languages"]),
        area=Area(national=bool(area.get("national")),
                  county_codes=tuple(area.get("counties", ())),
                  municipality_codes=tuple(area.get("municipalities", ())),
                  excluded_codes=tuple(area.get("exclude_municipalities", ())),
                  municipalities=_resolve(area), note=_text(area.get("note"))),
        last_reviewed=data["last_reviewed"], reviewed_by=data["reviewed_by"],
        phones=tuple(
            ServicePhone(phone=dialled, label=_text(phone.get("label")),
                         charge=_text(phone.get("charge")), hours=_hours(phone.get("hours")))
            for phone, dialled in zip(channels.get("phones", ()), checked.phones,
                                      strict=True)),
        locations=tuple(_location(location) for location in channels.get("locations", ())),
        web=channels.get("web", ""), email=channels.get("email", ""),
        chat=Chat(chat["url"], _hours(chat.get("hours"))) if chat else None,
        e_service=EService(e_service["url"], e_service["login_required"]) if e_service
        else None,
        valid_from=data.get("valid_from"), valid_to=data.get("valid_to"),
        ptv_id=data.get("ptv_id", ""), closure=_closure(data.get("closure")),
        sessions=tuple(Session(_date(x["date"]), Interval(x["opens"], x["closes"]),
                               _text(x.get("title")), _text(x.get("note")))
                       for x in data.get("sessions", ())),
        professionals=_professionals(data.get("professionals")), digest=file.digest)
