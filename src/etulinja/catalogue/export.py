"""Open data: the catalogue as Open Referral HSDS 3.0 JSON and as CSV for spreadsheets.

Ids are UUIDv5 derived from our slugs, so they stay the same across builds and portals
that import the data can update records instead of duplicating them.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Callable
from typing import Any

from etulinja.catalogue.model import Hours, Service
from etulinja.catalogue.views import municipality_name
from etulinja.reference import geography, i18n

# Namespace of all Etulinja HSDS ids; never change it, or every published id changes.
ETULINJA_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://etulinja.example/hsds/")
OPEN_DATA = "open-data"
_HSDS_STATUS = {"active": "active", "temporarily-closed": "temporarily closed",
                "inactive": "inactive", "defunct": "defunct"}
_DAYS = {"mo": "MO", "tu": "TU", "we": "WE", "th": "TH", "fr": "FR", "sa": "SA", "su": "SU"}


def hsds_id(*parts: str) -> str:
    """A stable UUIDv5 for a thing named by our slugs, e.g. ('service', 'lahti-ipc')."""
    return str(uuid.uuid5(ETULINJA_NAMESPACE, "/".join(parts)))


def _schedules(hours: Hours, owner: dict[str, str], base: str,
               lang: str) -> list[dict[str, Any]]:
    strings = i18n.table(lang)
    schedules: list[dict[str, Any]] = []
    notes = []
    if hours.closed_on_public_holidays:
        notes.append(str(strings["service.holidays_closed"]))
    entries = [(entry.days, entry.opens, entry.closes) for entry in hours.weekly]
    if hours.always_open:
        entries.append((tuple(_DAYS), "00:00", "23:59"))
    for index, (days, opens, closes) in enumerate(entries):
        schedule = {"id": hsds_id(base, "schedule", str(index)), **owner,
                    "freq": "WEEKLY", "wkst": "MO",
                    "byday": ",".join(_DAYS[d] for d in days),
                    "opens_at": opens, "closes_at": closes,
                    "timezone": 2, "attributes": [], "metadata": []}
        if notes:
            schedule["notes"] = "; ".join(notes)
        schedules.append(schedule)
    for index, exception in enumerate(hours.exceptions):
        date = exception.date.isoformat()
        # One schedule per time of the date; the first keeps the id it always had.
        for n, interval in enumerate(exception.intervals or (None,)):
            schedule = {"id": hsds_id(base, "exception", str(index) if n == 0
                                      else f"{index}.{n}"), **owner,
                        "valid_from": date, "valid_to": date, "timezone": 2,
                        "description": str(strings["hsds.closed" if exception.closed
                                                   else "hsds.exceptional_hours"]),
                        "attributes": [], "metadata": []}
            if interval is not None:
                schedule.update({"opens_at": interval.opens, "closes_at": interval.closes})
            schedules.append(schedule)
    return schedules


def hsds_service(service: Service, lang: str, page_url: str,
                 languages: tuple[str, ...]) -> dict[str, Any]:
    """One service, fully nested (organisation, phones, schedules, areas, locations).

    Text missing in ``lang`` falls back through the site's ``languages``."""
    strings = i18n.table(lang)
    sid = hsds_id("service", service.id)
    org = service.organisation
    org_id = hsds_id("organization", org.id)
    phones = []
    schedules = []
    for index, phone in enumerate(service.phones):
        pid = hsds_id("service", service.id, "phone", str(index))
        entry: dict[str, Any] = {
            "id": pid, "service_id": sid, "number": phone.tel,
            "type": "voice", "languages": [], "attributes": [], "metadata": []}
        label = phone.label.in_language(lang, languages)[0]
        if label:
            entry["description"] = label
        phones.append(entry)
        if phone.hours is not None:
            schedules += _schedules(phone.hours, {"service_id": sid},
                                    f"service/{service.id}/phone/{index}", lang)
    locations = []
    for index, location in enumerate(service.locations):
        lid = hsds_id("service", service.id, "location", str(index))
        municipality = geography.municipalities()[location.municipality_code]
        county = geography.counties()[municipality.county_code]
        loc: dict[str, Any] = {
            "id": lid, "location_type": "physical", "organization_id": org_id,
            "name": location.name.in_language(lang, languages)[0],
            "addresses": [{
                "id": hsds_id("service", service.id, "location", str(index), "address"),
                "location_id": lid, "address_1": location.street,
                "city": municipality_name(municipality.code, lang, languages),
                "state_province": county.official_name.get(lang, county.name[lang]),
                "postal_code": location.postal_code, "country": "FI",
                "address_type": "physical", "attributes": [], "metadata": []}],
            "accessibility": [], "languages": [], "contacts": [], "phones": [],
            "schedules": [], "attributes": [], "metadata": [],
        }
        if location.coordinates is not None:
            loc["latitude"] = location.coordinates.lat
            loc["longitude"] = location.coordinates.lon
        described = location.accessibility.in_language(lang, languages)[0]
        if described:
            loc["accessibility"].append({
                "id": hsds_id("service", service.id, "location", str(index), "accessibility"),
                "location_id": lid, "description": described, "attributes": [], "metadata": []})
        if location.hours is not None:
            loc["schedules"] = _schedules(location.hours, {"location_id": lid},
                                          f"service/{service.id}/location/{index}", lang)
        locations.append({"id": hsds_id("service", service.id, "at", str(index)),
                          "service_id": sid, "location_id": lid, "location": loc,
                          "contacts": [], "phones": [], "schedules": [], "attributes": [],
                          "metadata": []})
    locations += _virtual_locations(service, sid, org_id, lang)
    if service.national:
        areas = [{"id": hsds_id("service", service.id, "area", "FI"), "service_id": sid,
                  "name": str(strings["service.national_area"]),
                  "extent_type": "country", "extent": "FI", "attributes": [], "metadata": []}]
    else:
        areas = [{"id": hsds_id("service", service.id, "area", code), "service_id": sid,
                  "name": municipality_name(code, lang, languages),
                  "extent_type": "municipality", "extent": code,
                  "uri": f"http://uri.suomi.fi/codelist/jhs/kunta_1_20260101/code/{code}",
                  "attributes": [], "metadata": []}
                 for code in sorted(service.municipalities)]
    age = service.age
    name = service.name.in_language(lang, languages)[0]
    summary = service.summary.in_language(lang, languages)[0]
    org_name = org.name.in_language(lang, languages)[0]
    record: dict[str, Any] = {
        "id": sid,
        "organization_id": org_id,
        "name": name,
        "description": service.description.in_language(lang, languages)[0] or summary,
        "status": _HSDS_STATUS[service.status],
        "application_process": ", ".join(service.access),
        "fees_description": str(strings["hsds.free"]) if service.charge.free else (
            service.charge.details.in_language(lang, languages)[0]
            or str(strings["hsds.chargeable"])),
        "last_modified": f"{service.last_reviewed.isoformat()}T00:00:00Z",
        "assured_date": service.last_reviewed.isoformat(),
        "url": page_url,
        "phones": phones,
        "schedules": schedules,
        "service_areas": areas,
        "service_at_locations": locations,
        "languages": [{"id": hsds_id("service", service.id, "language", code),
                       "service_id": sid, "code": code, "attributes": [], "metadata": []}
                      for code in service.languages],
        "organization": {
            "id": org_id, "name": org_name,
            "description": org.description.in_language(lang, languages)[0] or org_name,
            "funding": [], "contacts": [], "phones": [], "locations": [], "programs": [],
            "organization_identifiers": [], "attributes": [], "metadata": [],
            **({"website": org.website} if org.website else {}),
        },
        "funding": [], "cost_options": [], "required_documents": [], "contacts": [],
        "attributes": [], "metadata": [],
    }
    if age.min is not None:
        record["minimum_age"] = age.min
    if age.max is not None:
        record["maximum_age"] = age.max
    if service.email:
        record["email"] = service.email
    if summary and summary != record["description"]:
        record["alternate_name"] = summary
    return record


def _virtual_locations(service: Service, sid: str, org_id: str,
                       lang: str) -> list[dict[str, Any]]:
    """The chat and the e-service as HSDS virtual locations (with the chat's hours): a
    service reached only by chat still tells open data how to reach it."""
    strings = i18n.table(lang)
    found: list[tuple[str, str, str, Hours | None]] = []
    if service.chat is not None:
        found.append(("chat", service.chat.url, str(strings["service.chat"]),
                      service.chat.hours))
    if service.e_service is not None:
        login = "service.login_required" if service.e_service.login_required else (
            "service.no_login")
        found.append(("e-service", service.e_service.url,
                      f"{strings['service.e_service']} ({strings[login]})", None))
    result = []
    for key, url, name, hours in found:
        lid = hsds_id("service", service.id, key)
        location: dict[str, Any] = {
            "id": lid, "location_type": "virtual", "url": url, "organization_id": org_id,
            "name": name, "addresses": [], "accessibility": [], "languages": [],
            "contacts": [], "phones": [], "schedules": [], "attributes": [], "metadata": []}
        if hours is not None:
            location["schedules"] = _schedules(hours, {"location_id": lid},
                                               f"service/{service.id}/{key}", lang)
        result.append({"id": hsds_id("service", service.id, "at", key), "service_id": sid,
                       "location_id": lid, "location": location, "contacts": [],
                       "phones": [], "schedules": [], "attributes": [], "metadata": []})
    return result


_LIST_FIELDS = ("id", "organization_id", "name", "alternate_name", "description", "url",
                "email", "status", "application_process", "fees_description", "minimum_age",
                "maximum_age", "assured_date", "last_modified")


def export_files(services: list[Service], languages: tuple[str, ...],
                 page_url: Callable[[str, str], str]) -> dict[str, str]:
    """Every open-data file: relative path -> text. Deterministic: sorted, no timestamps.

    ``page_url(service_id, lang)`` is the full address of a service's page: the site's
    to say, since only the site knows its addresses."""
    out: dict[str, str] = {}
    for lang in languages:
        records = []
        for service in sorted(services, key=lambda s: s.id):
            record = hsds_service(service, lang, page_url(service.id, lang), languages)
            out[f"{OPEN_DATA}/hsds/{lang}/services/{record['id']}.json"] = json.dumps(
                record, ensure_ascii=False, sort_keys=True) + "\n"
            records.append({k: record[k] for k in _LIST_FIELDS if k in record})
        page = {"total_items": len(records), "total_pages": 1, "page_number": 1,
                "size": len(records), "first_page": True, "last_page": True,
                "empty": not records, "contents": records}
        out[f"{OPEN_DATA}/hsds/{lang}/services.json"] = json.dumps(
            page, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    out[f"{OPEN_DATA}/services.csv"] = services_csv(services, languages)
    return out


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _as_text(value: object) -> object:
    """A cell a spreadsheet shows as text: one starting like a formula (=, +, -, @)
    gets a leading apostrophe, or opening the file could run what an editor typed
    (CSV injection). Numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _or_blank(value: object) -> object:
    """A cell for an optional value: the value, or empty when there is none."""
    return "" if value is None else value


def services_csv(services: list[Service], languages: tuple[str, ...]) -> str:
    """One row per service, in the columns spreadsheet users ask for."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header = ["id", "hsds_id"]
    header += [f"name_{lang}" for lang in languages] + [f"summary_{lang}" for lang in languages]
    header += ["organisation", "status", "kind", "care_level", "target_groups", "age_min",
               "age_max", "topics", "methods", "access", "free_of_charge", "languages",
               "national", "counties", "municipalities", "excluded_municipalities", "phones",
               "web", "email", "chat", "e_service", "valid_from", "valid_to", "reopens",
               "last_reviewed", "reviewed_by", "ptv_id"]
    writer.writerow(header)
    for service in sorted(services, key=lambda s: s.id):
        area, age = service.area, service.age
        writer.writerow(_as_text(cell) for cell in [
            service.id, hsds_id("service", service.id),
            *[service.name.get(lang, "") for lang in languages],
            *[service.summary.get(lang, "") for lang in languages],
            service.organisation.id, service.status, service.kind,
            _or_blank(service.care_level),
            " ".join(service.target_groups), _or_blank(age.min), _or_blank(age.max),
            " ".join(service.topics), " ".join(service.methods), " ".join(service.access),
            "yes" if service.charge.free else "no", " ".join(service.languages),
            "yes" if area.national else "no", " ".join(area.county_codes),
            " ".join(area.municipality_codes), " ".join(area.excluded_codes),
            " ".join(phone.number for phone in service.phones), service.web,
            service.email, service.chat.url if service.chat else "",
            service.e_service.url if service.e_service else "",
            _or_blank(service.valid_from), _or_blank(service.valid_to),
            _or_blank(service.closure.reopens if service.closure else None),
            service.last_reviewed.isoformat(), service.reviewed_by, service.ptv_id,
        ])
    return buffer.getvalue()
