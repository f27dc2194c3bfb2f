"""Loading and validating the catalogue: every problem with its file and line, in one run."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from etulinja.catalogue.hours import check_hours
from etulinja.catalogue.model import (
    Catalogue,
    Organisation,
    RegionHelpline,
    Service,
    resolve_area,
)
from etulinja.reference import codes, geography
from etulinja.reference.phones import PhoneError, parse_phone
from etulinja.site.memo import Memo, digest
from etulinja.site.parallel import fork_map
from etulinja.sources import markup, schema
from etulinja.sources.files import decode_source, read_source, read_source_bytes
from etulinja.sources.problems import Problems
from etulinja.sources.yamldoc import JsonPath, YamlDocument, YamlSyntaxError, load_yaml

_SERVICE_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass
class _Read:
    """One file as read: its data, where each value is, and what the schema refused.

    A file with schema errors is still checked further wherever the schema found the
    data sound, so an editor sees every problem of the file in one run, not one round
    per kind of check.
    """

    data: dict[str, Any]
    doc: YamlDocument
    lines: list[str]
    """The file's lines, for fields whose line inside a block of text is wanted."""
    refused: frozenset[JsonPath]
    """Paths the schema refused (a missing or unknown key: that key's own path)."""

    def sound(self, *path: str | int) -> bool:
        """True when the schema refused nothing at, above or below ``path``."""
        return schema.sound(self.refused, path)

    @property
    def valid(self) -> bool:
        return not self.refused


def _read(path: Path, kind: str, problems: Problems,
          raw: bytes | None = None) -> _Read | None:
    """Parse and validate one file; ``raw``: its bytes, when the caller has read them.

    None when the file cannot be read as YAML keys and values at all.
    """
    text = read_source(path, problems) if raw is None else decode_source(raw, path, problems)
    if text is None:
        return None
    try:
        doc = load_yaml(text)
    except YamlSyntaxError as error:
        problems.error(path, error.line, error.message)
        return None
    if not isinstance(doc.data, dict):
        problems.error(path, 1, f"the {kind} file must be a mapping of keys to values "
                       "(name: …, summary: …)")
        return None
    refused: frozenset[JsonPath] = frozenset()
    if not schema.validate(doc.data, kind, doc, path, problems):
        refused = schema.refused_paths(doc.data, kind)
    return _Read(doc.data, doc, text.split("\n"), refused)


def _check_phone(number: str, where: list[str | int], doc: YamlDocument, path: Path,
                 problems: Problems) -> str:
    """The number's tel: target, or "" after reporting why it has none."""
    try:
        return parse_phone(number).tel
    except PhoneError as error:
        problems.error(path, doc.line_of(where), f"{'.'.join(map(str, where))}: {error}")
        return ""


def _check_codes(read: _Read, where: tuple[str, ...], known: Any, path: Path,
                 problems: Problems, what: str) -> None:
    """Each code of the list at ``where`` is one of ``known``."""
    values: Any = read.data
    for key in where:
        values = values.get(key) if isinstance(values, dict) else None
    if not isinstance(values, list):
        return
    label = ".".join(where)
    for index, value in enumerate(values):
        if read.sound(*where, index) and value not in known:
            problems.error(path, read.doc.line_of([*where, index]),
                           f"{label}.{index}: unknown {what} '{value}'; known: "
                           + ", ".join(sorted(known)))


def _check_municipality(code: str, where: list[str | int], doc: YamlDocument, path: Path,
                        problems: Problems) -> None:
    if code in geography.municipalities():
        return
    hint = ""
    if code in geography.MERGED_MUNICIPALITIES:
        hint = f" (merged into {geography.MERGED_MUNICIPALITIES[code]}; use that code)"
    problems.error(path, doc.line_of(where),
                   f"{'.'.join(map(str, where))}: unknown municipality code '{code}'{hint}")


def _check_markdown(read: _Read, where: tuple[str, ...], path: Path,
                    problems: Problems) -> None:
    """A Markdown field (a description) against the content policy, at its own line.

    In a literal block (``fi: |``) each line of the text is a line of the file; for other
    styles the value's first line is the best the file can say.
    """
    value: Any = read.data
    for key in where:
        value = value.get(key) if isinstance(value, dict) else None
    if not isinstance(value, str) or not read.sound(*where):
        return
    line = read.doc.line_of(list(where))
    row = read.lines[line - 1] if 0 < line <= len(read.lines) else ""
    after_key = row.split(":", 1)[1].strip() if ":" in row else ""
    first = line + 1 if after_key.startswith("|") else line
    label = ".".join(where)
    for at, message in markup.check_markdown(value, first):
        problems.error(path, at, f"{label}: {message}")


def _validate_service(read: _Read, path: Path, problems: Problems,
                      organisations: frozenset[str], today: dt.date, max_age: int) -> None:
    """Everything the schema cannot say about a service, wherever the schema found its
    data sound."""
    data, doc = read.data, read.doc
    organisation = data.get("organisation")
    if read.sound("organisation") and isinstance(organisation, str) and (
            organisation not in organisations):
        problems.error(path, doc.line_of(["organisation"]),
                       f"organisation: unknown organisation '{organisation}'; add "
                       f"catalogue/organisations/{organisation}.yml or fix the id")
    _check_codes(read, ("topics",), codes.topics(), path, problems, "topic")
    _check_codes(read, ("methods",), codes.labelled("methods"), path, problems, "method")
    _check_codes(read, ("target_groups",), codes.labelled("target_groups"), path,
                 problems, "target group")
    _check_codes(read, ("area", "counties"), geography.counties(), path, problems,
                 "county code")
    for lang in sorted(data.get("description") or {}) if read.sound("description") else []:
        _check_markdown(read, ("description", lang), path, problems)
    if read.sound("area"):
        _check_area(data["area"], doc, path, problems)
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
    for index, phone in enumerate(channels.get("phones") or []):
        where: tuple[str | int, ...] = ("channels", "phones", index)
        if read.sound(*where, "number") and isinstance(phone, dict):
            _check_phone(phone["number"], [*where, "number"], doc, path, problems)
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
            problems.error(path, doc.line_of(list(problem.path)), f"{key}: {problem.message}")
    if read.sound("last_reviewed"):
        _check_review(data, doc, path, problems, today, max_age)


def _check_area(area: dict[str, Any], doc: YamlDocument, path: Path,
                problems: Problems) -> None:
    for key in ("municipalities", "exclude_municipalities"):
        for index, code in enumerate(area.get(key, [])):
            _check_municipality(code, ["area", key, index], doc, path, problems)
    if area.get("national") and (area.get("counties") or area.get("municipalities")):
        problems.error(path, doc.line_of(["area", "national"]),
                       "area: a national service cannot also list counties or municipalities")
    covered_before = resolve_area({k: v for k, v in area.items() if k != "exclude_municipalities"})
    for index, code in enumerate(area.get("exclude_municipalities", [])):
        if code in geography.municipalities() and code not in covered_before:
            problems.error(path, doc.line_of(["area", "exclude_municipalities", index]),
                           f"area.exclude_municipalities.{index}: '{code}' is not in the "
                           "service's area, so excluding it does nothing")


def _check_review(data: dict[str, Any], doc: YamlDocument, path: Path, problems: Problems,
                  today: dt.date, max_age: int) -> None:
    reviewed = data.get("last_reviewed")
    if isinstance(reviewed, str):
        reviewed = data["last_reviewed"] = dt.date.fromisoformat(reviewed)
    if not isinstance(reviewed, dt.date):
        return
    age = (today - reviewed).days
    if age > max_age:
        problems.warning(path, doc.line_of(["last_reviewed"]),
                         f"last_reviewed: {reviewed.isoformat()} is {age} days ago; review the "
                         f"service (limit {max_age} days)")
    elif age < 0:
        problems.error(path, doc.line_of(["last_reviewed"]),
                       f"last_reviewed: {reviewed.isoformat()} is in the future")


def _dates(read: _Read) -> None:
    """Quoted dates ("2026-11-01") become dates like unquoted ones, where the schema
    found them sound."""
    for key in ("valid_from", "valid_to", "last_reviewed"):
        if isinstance(read.data.get(key), str) and read.sound(key):
            read.data[key] = dt.date.fromisoformat(read.data[key])


def load_catalogue(folder: Path, problems: Problems, *, today: dt.date | None = None,
                   review_max_age_days: int = 365, memo: Memo | None = None) -> Catalogue:
    """Read organisations, regions and services; collect problems instead of stopping.

    With a ``memo`` (``etulinja serve``), a service file whose bytes, organisations and
    date are as at the last rebuild is not read and validated again.
    """
    today = today or dt.date.today()
    catalogue = Catalogue()
    if not folder.is_dir():
        return catalogue
    # Read once: what is digested for serve's memo is what is parsed.
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
            _load_region(path, raw[path], catalogue, region_sources, problems)
    first_seen: dict[str, Path] = {}
    to_read: list[tuple[str, Path]] = []
    for path in _yaml_files(folder / "services", problems, recursive=True):
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
        to_read.append((service_id, path))
    # Read once: the bytes that are digested for the memo are the bytes that are parsed,
    # even if an editor's autosave lands in between.
    contents = [read_source_bytes(path, problems) for _, path in to_read]

    def read_service(index: int) -> tuple[dict[str, Any] | None, Problems]:
        """One service file, validated; run in worker processes for a large catalogue."""
        item, content = to_read[index], contents[index]
        found = Problems(problems.root)
        if content is None:  # reported when it was read
            return None, found
        read = _read(item[1], "service", found, content)
        if read is None:
            return None, found
        _dates(read)
        _validate_service(read, item[1], found, provider_ids, today, review_max_age_days)
        return (None if found.errors else read.data), found

    keys = [(digest(raw or b""), provider_ids, today, review_max_age_days) for raw in contents]
    remembered = memo.services if memo is not None else {}
    stale = [i for i, (_, path) in enumerate(to_read)
             if contents[i] is None or remembered.get(path, ((),))[0] != keys[i]]
    fresh = dict(zip(stale, fork_map(read_service, stale), strict=True))
    results = [fresh[i] if i in fresh else remembered[path][1]
               for i, (_, path) in enumerate(to_read)]
    if memo is not None:
        memo.services = {path: (keys[i], results[i]) for i, (_, path) in enumerate(to_read)
                         if contents[i] is not None}
    for (service_id, path), key, (service_data, found) in zip(to_read, keys, results,
                                                              strict=True):
        problems.extend(found)
        if service_data is not None and service_data["organisation"] in catalogue.organisations:
            catalogue.services[service_id] = Service(
                id=service_id, source=path, data=service_data,
                organisation=catalogue.organisations[service_data["organisation"]],
                municipalities=resolve_area(service_data["area"]), digest=key[0],
            )
    stray = [p for p in folder.rglob("*") if p.suffix in (".yaml", ".json") and p.is_file()]
    for path in sorted(stray):
        problems.error(path, 0, "catalogue files must end in .yml to be read")
    return catalogue


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
    read = _read(path, "organisation", problems, content)
    if read is None:
        return
    business_id = read.data.get("business_id")
    if business_id and read.sound("business_id") and not _valid_business_id(business_id):
        problems.error(path, read.doc.line_of(["business_id"]),
                       f"business_id: '{business_id}' has a wrong check digit")
    if read.valid:
        catalogue.organisations[path.stem] = Organisation(path.stem, path, read.data)


def _load_region(path: Path, content: bytes, catalogue: Catalogue,
                 region_sources: dict[str, Path], problems: Problems) -> None:
    """A county's own urgent-help numbers (catalogue/regions/<county>.yml)."""
    read = _read(path, "region", problems, content)
    if read is None:
        return
    data, doc = read.data, read.doc
    lines = []
    for index, line in enumerate(data.get("helplines") or []):
        if read.sound("helplines", index, "number") and isinstance(line, dict):
            tel = _check_phone(line["number"], ["helplines", index, "number"], doc, path,
                               problems)
            lines.append(RegionHelpline(line["label"], line["number"], tel,
                                        line.get("hours", {})))
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
