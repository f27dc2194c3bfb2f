"""Loading and validating the catalogue: every problem with its file and line, in one run."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import Any

import phonenumbers

from etulinja import codelists, schema
from etulinja.catalogue.hours import check_hours
from etulinja.catalogue.model import (
    Catalogue,
    Organisation,
    RegionHelpline,
    Service,
    resolve_area,
)
from etulinja.memo import Memo, digest
from etulinja.parallel import fork_map
from etulinja.problems import Problems
from etulinja.yamlsource import YamlDocument, YamlSyntaxError, load_yaml

MERGED_MUNICIPALITIES = {"588": "507"}
_SERVICE_ID = re.compile(r"[a-z0-9][a-z0-9-]*")  # Pertunmaa joined Mäntyharju on 1 January 2025


def _read(path: Path, kind: str, problems: Problems,
          raw: bytes | None = None) -> tuple[dict[str, Any], YamlDocument] | None:
    """Parse and validate one file; ``raw``: its bytes, when the caller has read them."""
    try:
        if raw is None:
            raw = path.read_bytes()
        # As read_text() reads: any line ending becomes "\n".
        doc = load_yaml(raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n"))
    except UnicodeDecodeError:
        problems.error(path, 0, "the file is not UTF-8 text; save it as UTF-8")
        return None
    except YamlSyntaxError as error:
        problems.error(path, error.line, error.message)
        return None
    if not isinstance(doc.data, dict):
        problems.error(path, 1, f"a {kind} file must be a mapping of keys to values")
        return None
    if not schema.validate(doc.data, kind, doc, path, problems):
        return None
    return doc.data, doc


def tel_target(number: str) -> str | None:
    """The tel: target for a number as dialled in Finland, or None if it is not valid.

    Ordinary numbers become E.164 (+358…); national short numbers such as 112 and
    116117 stay as they are, since that is how they are dialled from any Finnish phone.
    """
    try:
        parsed = phonenumbers.parse(number, "FI")
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.is_valid_number(parsed):
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    digits = "".join(ch for ch in number if ch.isdigit())
    if phonenumbers.is_valid_short_number_for_region(parsed, "FI") and digits == str(
        parsed.national_number
    ):
        return digits
    return None


def _check_phone(number: str, where: list[str | int], doc: YamlDocument, path: Path,
                 problems: Problems) -> str:
    target = tel_target(number)
    if target is None:
        problems.error(path, doc.line_of(where),
                       f"{'.'.join(map(str, where))}: '{number}' is not a valid Finnish phone "
                       "number (write it as dialled in Finland, e.g. 03 819 2504 or 116117)")
        return ""
    return target


def _check_codes(values: list[str], known: Any, key: str, doc: YamlDocument, path: Path,
                 problems: Problems, what: str) -> None:
    for index, value in enumerate(values):
        if value not in known:
            problems.error(path, doc.line_of([key, index]),
                           f"{key}.{index}: unknown {what} '{value}'; known: "
                           + ", ".join(sorted(known)))


def _check_municipality(code: str, where: list[str | int], doc: YamlDocument, path: Path,
                        problems: Problems) -> None:
    if code in codelists.municipalities():
        return
    hint = ""
    if code in MERGED_MUNICIPALITIES:
        hint = f" (merged into {MERGED_MUNICIPALITIES[code]}; use that code)"
    problems.error(path, doc.line_of(where),
                   f"{'.'.join(map(str, where))}: unknown municipality code '{code}'{hint}")


def _validate_service(data: dict[str, Any], doc: YamlDocument, path: Path, problems: Problems,
                      organisations: dict[str, Organisation], today: dt.date,
                      max_age: int) -> None:
    if data["organisation"] not in organisations:
        problems.error(path, doc.line_of(["organisation"]),
                       f"organisation: unknown organisation '{data['organisation']}'; add "
                       f"catalogue/organisations/{data['organisation']}.yml or fix the id")
    _check_codes(data["topics"], codelists.topics(), "topics", doc, path, problems, "topic")
    _check_codes(data.get("methods", []), codelists.labelled("methods"), "methods", doc, path,
                 problems, "method")
    _check_codes(data["target_groups"], codelists.labelled("target_groups"), "target_groups",
                 doc, path, problems, "target group")
    area = data["area"]
    _check_codes(area.get("counties", []), codelists.counties(), "area.counties", doc, path,
                 problems, "county code")
    for key in ("municipalities", "exclude_municipalities"):
        for index, code in enumerate(area.get(key, [])):
            _check_municipality(code, ["area", key, index], doc, path, problems)
    if area.get("national") and (area.get("counties") or area.get("municipalities")):
        problems.error(path, doc.line_of(["area", "national"]),
                       "area: a national service cannot also list counties or municipalities")
    covered_before = resolve_area({k: v for k, v in area.items() if k != "exclude_municipalities"})
    for index, code in enumerate(area.get("exclude_municipalities", [])):
        if code in codelists.municipalities() and code not in covered_before:
            problems.error(path, doc.line_of(["area", "exclude_municipalities", index]),
                           f"area.exclude_municipalities.{index}: '{code}' is not in the "
                           "service's area, so excluding it does nothing")
    age = data.get("age", {})
    if "min" in age and "max" in age and age["min"] > age["max"]:
        problems.error(path, doc.line_of(["age", "max"]),
                       f"age: max {age['max']} is below min {age['min']}")
    valid_from, valid_to = data.get("valid_from"), data.get("valid_to")
    if isinstance(valid_from, dt.date) and isinstance(valid_to, dt.date) and valid_to < valid_from:
        problems.error(path, doc.line_of(["valid_to"]),
                       f"valid_to: {valid_to} is before valid_from {valid_from}")
    if isinstance(valid_to, dt.date) and valid_to < today and data["status"] == "active":
        problems.warning(path, doc.line_of(["valid_to"]),
                         f"valid_to: {valid_to} has passed, so the service is no longer shown; "
                         "set status: inactive or remove the file")
    channels = data.get("channels", {})
    for index, phone in enumerate(channels.get("phones", [])):
        _check_phone(phone["number"], ["channels", "phones", index, "number"], doc, path,
                     problems)
    hour_sets: list[tuple[dict[str, Any], tuple[str | int, ...]]] = []
    for index, phone in enumerate(channels.get("phones", [])):
        if "hours" in phone:
            hour_sets.append((phone["hours"], ("channels", "phones", index, "hours")))
    for index, location in enumerate(channels.get("locations", [])):
        _check_municipality(location["address"]["municipality"],
                            ["channels", "locations", index, "address", "municipality"], doc,
                            path, problems)
        if "hours" in location:
            hour_sets.append((location["hours"], ("channels", "locations", index, "hours")))
    if "hours" in channels.get("chat", {}):
        hour_sets.append((channels["chat"]["hours"], ("channels", "chat", "hours")))
    for hours, where in hour_sets:
        for problem in check_hours(hours, where):
            key = ".".join(map(str, problem.path))
            problems.error(path, doc.line_of(list(problem.path)), f"{key}: {problem.message}")
    _check_review(data, doc, path, problems, today, max_age)


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


def _dates(data: dict[str, Any]) -> None:
    """Quoted dates ("2026-11-01") become dates like unquoted ones; the schema checked them."""
    for key in ("valid_from", "valid_to", "last_reviewed"):
        if isinstance(data.get(key), str):
            data[key] = dt.date.fromisoformat(data[key])


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
    raw = {path: path.read_bytes() for path in sorted([*(folder / "organisations").glob("*.yml"),
                                                        *(folder / "regions").glob("*.yml")])}
    context = hashlib.blake2b(digest_size=16)
    for path, content in raw.items():
        context.update(path.name.encode() + b"\0" + content + b"\0")
    catalogue.context = context.digest()
    for path in sorted((folder / "organisations").glob("*.yml")):
        loaded = _read(path, "organisation", problems, raw[path])
        if loaded is not None:
            catalogue.organisations[path.stem] = Organisation(path.stem, path, loaded[0])
            business_id = loaded[0].get("business_id")
            if business_id and not _valid_business_id(business_id):
                problems.error(path, loaded[1].line_of(["business_id"]),
                               f"business_id: '{business_id}' has a wrong check digit")
    region_sources: dict[str, Path] = {}
    for path in sorted((folder / "regions").glob("*.yml")):
        loaded = _read(path, "region", problems, raw[path])
        if loaded is None:
            continue
        data, doc = loaded
        county = data["county"]
        if county not in codelists.counties():
            problems.error(path, doc.line_of(["county"]), f"county: unknown county code '{county}'")
            continue
        if county in region_sources:
            problems.error(path, doc.line_of(["county"]),
                           f"county: '{county}' already has a region file: "
                           f"{problems.display_path(region_sources[county])}")
            continue
        region_sources[county] = path
        lines = []
        for index, line in enumerate(data["helplines"]):
            tel = _check_phone(line["number"], ["helplines", index, "number"], doc, path, problems)
            lines.append(RegionHelpline(line["label"], line["number"], tel, line.get("hours", {})))
        catalogue.helplines[county] = lines
    first_seen: dict[str, Path] = {}
    to_read: list[tuple[str, Path]] = []
    for path in sorted((folder / "services").rglob("*.yml")):
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
    contents = [path.read_bytes() for _, path in to_read]

    def read_service(index: int) -> tuple[dict[str, Any] | None, Problems]:
        """One service file, validated; run in worker processes for a large catalogue."""
        item = to_read[index]
        found = Problems(problems.root)
        loaded = _read(item[1], "service", found, contents[index])
        if loaded is None:
            return None, found
        data, doc = loaded
        _dates(data)
        _validate_service(data, doc, item[1], found, catalogue.organisations, today,
                          review_max_age_days)
        return (None if found.errors else data), found

    organisations = frozenset(catalogue.organisations)
    keys = [(digest(raw), organisations, today, review_max_age_days) for raw in contents]
    remembered = memo.services if memo is not None else {}
    stale = [i for i, (_, path) in enumerate(to_read)
             if remembered.get(path, ((),))[0] != keys[i]]
    fresh = dict(zip(stale, fork_map(read_service, stale), strict=True))
    results = [fresh[i] if i in fresh else remembered[path][1]
               for i, (_, path) in enumerate(to_read)]
    if memo is not None:
        memo.services = {path: (keys[i], results[i]) for i, (_, path) in enumerate(to_read)}
    for (service_id, path), key, (service_data, found) in zip(to_read, keys, results,
                                                              strict=True):
        problems.extend(found)
        if service_data is not None:
            catalogue.services[service_id] = Service(
                id=service_id, source=path, data=service_data,
                organisation=catalogue.organisations[service_data["organisation"]],
                municipalities=resolve_area(service_data["area"]), digest=key[0],
            )
    stray = [p for p in folder.rglob("*") if p.suffix in (".yaml", ".json") and p.is_file()]
    for path in sorted(stray):
        problems.error(path, 0, "catalogue files must end in .yml to be read")
    return catalogue


def _valid_business_id(value: str) -> bool:
    """Finnish Business ID (Y-tunnus) check digit: weights 7,9,10,5,8,4,2, modulo 11."""
    digits, check = value.split("-")
    remainder = sum(int(d) * w for d, w in zip(digits, (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    if remainder == 1:
        return False
    return int(check) == (0 if remainder == 0 else 11 - remainder)
