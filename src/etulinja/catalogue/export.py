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

from etulinja.catalogue.model import Service
from etulinja.catalogue.views import text
from etulinja.reference import geography
from etulinja.reference.phones import tel_target

# Namespace of all Etulinja HSDS ids; never change it, or every published id changes.
ETULINJA_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://etulinja.example/hsds/")
OPEN_DATA = "open-data"
_HSDS_STATUS = {"active": "active", "temporarily-closed": "temporarily closed",
                "inactive": "inactive", "defunct": "defunct"}
_DAYS = {"mo": "MO", "tu": "TU", "we": "WE", "th": "TH", "fr": "FR", "sa": "SA", "su": "SU"}


def hsds_id(*parts: str) -> str:
    """A stable UUIDv5 for a thing named by our slugs, e.g. ('service', 'lahti-ipc')."""
    return str(uuid.uuid5(ETULINJA_NAMESPACE, "/".join(parts)))


def _schedules(hours: dict[str, Any], owner: dict[str, str], base: str,
               lang: str) -> list[dict[str, Any]]:
    schedules: list[dict[str, Any]] = []
    notes = []
    if hours.get("closed_on_public_holidays"):
        notes.append({"fi": "Suljettu arkipyhinä", "sv": "Stängt på helgdagar",
                      "en": "Closed on public holidays"}[lang])
    entries = list(hours.get("weekly", []))
    if hours.get("always_open"):
        entries.append({"days": list(_DAYS), "opens": "00:00", "closes": "23:59"})
    for index, entry in enumerate(entries):
        schedule = {"id": hsds_id(base, "schedule", str(index)), **owner,
                    "freq": "WEEKLY", "wkst": "MO",
                    "byday": ",".join(_DAYS[d] for d in entry["days"]),
                    "opens_at": entry["opens"], "closes_at": entry["closes"],
                    "timezone": 2, "attributes": [], "metadata": []}
        if notes:
            schedule["notes"] = "; ".join(notes)
        schedules.append(schedule)
    for index, exception in enumerate(hours.get("exceptions", [])):
        date = str(exception["date"])
        schedule = {"id": hsds_id(base, "exception", str(index)), **owner,
                    "valid_from": date, "valid_to": date, "timezone": 2,
                    "description": "closed" if exception.get("closed") else "exceptional hours",
                    "attributes": [], "metadata": []}
        if not exception.get("closed"):
            schedule.update({"opens_at": exception["opens"], "closes_at": exception["closes"]})
        schedules.append(schedule)
    return schedules


def hsds_service(service: Service, lang: str, page_url: str) -> dict[str, Any]:
    """One service, fully nested (organisation, phones, schedules, areas, locations)."""
    data = service.data
    sid = hsds_id("service", service.id)
    org = service.organisation
    org_id = hsds_id("organization", org.id)
    channels = data.get("channels", {})
    phones = []
    schedules = []
    for index, phone in enumerate(channels.get("phones", [])):
        pid = hsds_id("service", service.id, "phone", str(index))
        entry: dict[str, Any] = {
            "id": pid, "service_id": sid, "number": tel_target(phone["number"]) or phone["number"],
            "type": "voice", "languages": [], "attributes": [], "metadata": []}
        label = text(phone.get("label"), lang)[0]
        if label:
            entry["description"] = label
        phones.append(entry)
        if "hours" in phone:
            schedules += _schedules(phone["hours"], {"service_id": sid},
                                    f"service/{service.id}/phone/{index}", lang)
    locations = []
    for index, location in enumerate(channels.get("locations", [])):
        lid = hsds_id("service", service.id, "location", str(index))
        address = location["address"]
        municipality = geography.municipalities()[address["municipality"]]
        county = geography.counties()[municipality.county_code]
        loc: dict[str, Any] = {
            "id": lid, "location_type": "physical", "organization_id": org_id,
            "name": text(location["name"], lang)[0],
            "addresses": [{
                "id": hsds_id("service", service.id, "location", str(index), "address"),
                "location_id": lid, "address_1": address["street"],
                "city": municipality.name.get(lang, municipality.name["fi"]),
                "state_province": county.official_name.get(lang, county.name[lang]),
                "postal_code": address["postal_code"], "country": "FI",
                "address_type": "physical", "attributes": [], "metadata": []}],
            "accessibility": [], "languages": [], "contacts": [], "phones": [],
            "schedules": [], "attributes": [], "metadata": [],
        }
        if "coordinates" in location:
            loc["latitude"] = location["coordinates"]["lat"]
            loc["longitude"] = location["coordinates"]["lon"]
        described = text(location.get("accessibility"), lang)[0]
        if described:
            loc["accessibility"].append({
                "id": hsds_id("service", service.id, "location", str(index), "accessibility"),
                "location_id": lid, "description": described, "attributes": [], "metadata": []})
        if "hours" in location:
            loc["schedules"] = _schedules(location["hours"], {"location_id": lid},
                                          f"service/{service.id}/location/{index}", lang)
        locations.append({"id": hsds_id("service", service.id, "at", str(index)),
                          "service_id": sid, "location_id": lid, "location": loc,
                          "contacts": [], "phones": [], "schedules": [], "attributes": [],
                          "metadata": []})
    if service.national:
        areas = [{"id": hsds_id("service", service.id, "area", "FI"), "service_id": sid,
                  "name": {"fi": "Koko Suomi", "sv": "Hela Finland", "en": "All of Finland"}[lang],
                  "extent_type": "country", "extent": "FI", "attributes": [], "metadata": []}]
    else:
        areas = [{"id": hsds_id("service", service.id, "area", code), "service_id": sid,
                  "name": geography.municipalities()[code].name.get(lang, code),
                  "extent_type": "municipality", "extent": code,
                  "uri": f"http://uri.suomi.fi/codelist/jhs/kunta_1_20260101/code/{code}",
                  "attributes": [], "metadata": []}
                 for code in sorted(service.municipalities)]
    age = data.get("age", {})
    record: dict[str, Any] = {
        "id": sid,
        "organization_id": org_id,
        "name": text(data["name"], lang)[0],
        "description": text(data.get("description"), lang)[0] or text(data["summary"], lang)[0],
        "status": _HSDS_STATUS[data["status"]],
        "application_process": ", ".join(data["access"]),
        "fees_description": "free" if data["charge"]["free"] else (
            text(data["charge"].get("details"), lang)[0] or "chargeable"),
        "last_modified": f"{data['last_reviewed'].isoformat()}T00:00:00Z",
        "assured_date": data["last_reviewed"].isoformat(),
        "url": page_url,
        "phones": phones,
        "schedules": schedules,
        "service_areas": areas,
        "service_at_locations": locations,
        "languages": [{"id": hsds_id("service", service.id, "language", code),
                       "service_id": sid, "code": code, "attributes": [], "metadata": []}
                      for code in data["languages"]],
        "organization": {
            "id": org_id, "name": text(org.name, lang)[0],
            "description": text(org.data.get("description"), lang)[0] or text(org.name, lang)[0],
            "funding": [], "contacts": [], "phones": [], "locations": [], "programs": [],
            "organization_identifiers": [], "attributes": [], "metadata": [],
            **({"website": org.data["website"]} if org.data.get("website") else {}),
        },
        "funding": [], "cost_options": [], "required_documents": [], "contacts": [],
        "attributes": [], "metadata": [],
    }
    if "min" in age:
        record["minimum_age"] = age["min"]
    if "max" in age:
        record["maximum_age"] = age["max"]
    if channels.get("email"):
        record["email"] = channels["email"]
    summary = text(data["summary"], lang)[0]
    if summary and summary != record["description"]:
        record["alternate_name"] = summary
    return record


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
            record = hsds_service(service, lang, page_url(service.id, lang))
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


def services_csv(services: list[Service], languages: tuple[str, ...]) -> str:
    """One row per service, in the columns spreadsheet users ask for."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header = ["id", "hsds_id"]
    header += [f"name_{lang}" for lang in languages] + [f"summary_{lang}" for lang in languages]
    header += ["organisation", "status", "care_level", "target_groups", "age_min", "age_max",
               "topics", "methods", "access", "free_of_charge", "languages", "national",
               "counties", "municipalities", "excluded_municipalities", "phones", "web",
               "valid_from", "valid_to", "last_reviewed", "reviewed_by", "ptv_id"]
    writer.writerow(header)
    for service in sorted(services, key=lambda s: s.id):
        data = service.data
        area = data["area"]
        age = data.get("age", {})
        channels = data.get("channels", {})
        writer.writerow(_as_text(cell) for cell in [
            service.id, hsds_id("service", service.id),
            *[data["name"].get(lang, "") for lang in languages],
            *[data["summary"].get(lang, "") for lang in languages],
            service.organisation.id, data["status"], data["care_level"],
            " ".join(data["target_groups"]), age.get("min", ""), age.get("max", ""),
            " ".join(data["topics"]), " ".join(data.get("methods", [])), " ".join(data["access"]),
            "yes" if data["charge"]["free"] else "no", " ".join(data["languages"]),
            "yes" if area.get("national") else "no", " ".join(area.get("counties", [])),
            " ".join(area.get("municipalities", [])),
            " ".join(area.get("exclude_municipalities", [])),
            " ".join(p["number"] for p in channels.get("phones", [])), channels.get("web", ""),
            str(data.get("valid_from", "")), str(data.get("valid_to", "")),
            data["last_reviewed"].isoformat(), data["reviewed_by"], data.get("ptv_id", ""),
        ])
    return buffer.getvalue()
