"""What a reader sees of a service, prepared per language for the templates.

Everything is worded here — labels from the code lists, sentences from the translation
tables — so templates only lay it out and hold no text of their own.
"""

from __future__ import annotations

import datetime as dt
import urllib.parse
from typing import Any

from etulinja.catalogue.hours import DAYS, minutes, public_holidays
from etulinja.catalogue.model import Catalogue, Service
from etulinja.reference import codes, geography, i18n
from etulinja.reference.phones import tel_target

HOLIDAYS_SHOWN_DAYS = 365


def text(value: dict[str, str] | None, lang: str) -> tuple[str, str]:
    """Text in ``lang`` or the best fallback, with the language it is actually in."""
    if not value:
        return "", lang
    for candidate in (lang, "fi", "sv", "en"):
        if value.get(candidate):
            return value[candidate], candidate
    return "", lang


def _time(value: str, lang: str) -> str:
    total = minutes(value)
    hour, minute = divmod(total, 60)
    return str(i18n.table(lang)["time.format"]).format(hour=hour, minute=f"{minute:02d}")


def _day_span(days: list[str], lang: str) -> str:
    names: list[str] = i18n.table(lang)["time.days"]
    indices = sorted(DAYS.index(d) for d in days)
    runs: list[list[int]] = []
    for index in indices:
        if runs and index == runs[-1][-1] + 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    dash = "\u2013"  # en dash between days, as in "ma\u2013pe"
    parts = [names[r[0]] if len(r) == 1 else f"{names[r[0]]}{dash}{names[r[-1]]}" for r in runs]
    return ", ".join(parts)


def hours_view(hours: dict[str, Any], lang: str, today: dt.date) -> dict[str, Any]:
    strings = i18n.table(lang)
    rng = str(strings["time.range"])
    lines = []
    if hours.get("always_open"):
        lines.append({"days": "", "time": strings["time.always_open"]})
    for entry in hours.get("weekly", []):
        lines.append({
            "days": _day_span(entry["days"], lang),
            "time": rng.format(start=_time(entry["opens"], lang), end=_time(entry["closes"], lang)),
        })
    exceptions = []
    horizon = today + dt.timedelta(days=HOLIDAYS_SHOWN_DAYS)
    for exception in sorted(hours.get("exceptions", []), key=lambda e: str(e["date"])):
        date = exception["date"]
        if isinstance(date, str):
            date = dt.date.fromisoformat(date)
        if not today <= date <= horizon:
            continue
        when = (strings["time.closed"] if exception.get("closed") else
                rng.format(start=_time(exception["opens"], lang),
                           end=_time(exception["closes"], lang)))
        exceptions.append({"date": i18n.format_date(date, lang), "time": when,
                           "note": text(exception.get("note"), lang)[0]})
    holidays = []
    if hours.get("closed_on_public_holidays"):
        holidays = [{"date": i18n.format_date(d, lang), "iso": d.isoformat(), "name": name}
                    for d, name in public_holidays(today, HOLIDAYS_SHOWN_DAYS, lang)]
    return {"lines": lines, "exceptions": exceptions, "holidays": holidays,
            "note": text(hours.get("note"), lang)[0]}


def _label(code_list: str, code: str, lang: str) -> str:
    entry = codes.labelled(code_list)[code]
    labels = entry.get("label", entry)
    return str(labels.get(lang) or labels["fi"])


def area_view(service: Service, lang: str) -> dict[str, Any]:
    strings = i18n.table(lang)
    area = service.data["area"]
    counties = geography.counties()
    munis = geography.municipalities()
    if area.get("national"):
        parts = [strings["service.national_area"]]
    else:
        parts = [counties[c].name[lang] for c in area.get("counties", [])]
        parts += [munis[m].name.get(lang, munis[m].name["fi"])
                  for m in area.get("municipalities", [])]
    excluded = [munis[m].name.get(lang, munis[m].name["fi"])
                for m in area.get("exclude_municipalities", [])]
    return {
        "text": ", ".join(parts),
        "excluded": str(strings["service.excluded"]).format(list=", ".join(excluded))
        if excluded else "",
        "note": text(area.get("note"), lang)[0],
    }


def county_helplines(catalogue: Catalogue, county: str | None, lang: str) -> list[dict[str, str]]:
    """A county's own urgent-help numbers, worded for the urgent-help block."""
    if county is None:
        return []
    name = geography.counties()[county].name[lang]
    return [
        {"label": f"{name}: {text(line.label, lang)[0]}", "number": line.number, "tel": line.tel,
         "hours": text(line.hours, lang)[0]}
        for line in catalogue.helplines.get(county, [])
    ]


def service_view(service: Service, catalogue: Catalogue, lang: str,
                 today: dt.date) -> dict[str, Any]:
    """Everything the service page shows, in the reader's language."""
    strings = i18n.table(lang)
    data = service.data
    name, name_lang = text(data["name"], lang)
    summary, summary_lang = text(data["summary"], lang)
    age = data.get("age", {})
    age_text = ""
    if "min" in age and "max" in age:
        age_text = str(strings["service.age_range"]).format(min=age["min"], max=age["max"])
    elif "min" in age:
        age_text = str(strings["service.age_min"]).format(min=age["min"])
    elif "max" in age:
        age_text = str(strings["service.age_max"]).format(max=age["max"])
    level = codes.labelled("care_levels")[str(data["care_level"])]
    channels = data.get("channels", {})
    phones = []
    for phone in channels.get("phones", []):
        phones.append({
            "number": phone["number"], "tel": tel_target(phone["number"]) or "",
            "label": text(phone.get("label"), lang)[0],
            "charge": text(phone.get("charge"), lang)[0],
            "hours": hours_view(phone["hours"], lang, today) if "hours" in phone else None,
        })
    locations = []
    for location in channels.get("locations", []):
        address = location["address"]
        municipality = geography.municipalities()[address["municipality"]]
        coordinates = location.get("coordinates")
        map_url = ""
        if coordinates:
            map_url = "https://www.openstreetmap.org/?" + urllib.parse.urlencode(
                {"mlat": coordinates["lat"], "mlon": coordinates["lon"]}) + (
                f"#map=17/{coordinates['lat']}/{coordinates['lon']}")
        locations.append({
            "name": text(location["name"], lang)[0],
            "street": address["street"],
            "postal": f"{address['postal_code']} "
                      f"{municipality.name.get(lang, municipality.name['fi']).upper()}",
            "accessibility": text(location.get("accessibility"), lang)[0],
            "map_url": map_url,
            "hours": hours_view(location["hours"], lang, today) if "hours" in location else None,
        })
    chat = channels.get("chat")
    e_service = channels.get("e_service")
    valid_from, valid_to = data.get("valid_from"), data.get("valid_to")
    validity = ""
    if valid_from and valid_to:
        validity = str(strings["service.pilot"]).format(
            start=i18n.format_date(valid_from, lang), end=i18n.format_date(valid_to, lang))
    elif valid_from and valid_from > today:
        validity = str(strings["service.valid_from"]).format(
            start=i18n.format_date(valid_from, lang))
    elif valid_to:
        validity = str(strings["service.valid_to"]).format(end=i18n.format_date(valid_to, lang))
    holidays: list[dict[str, str]] = []
    for channel in phones + locations:
        if channel["hours"] and channel["hours"]["holidays"]:
            holidays = channel["hours"]["holidays"]
            break
    organisation = service.organisation
    area = area_view(service, lang)
    counties = service.counties
    home_county = counties[0] if len(counties) == 1 and not service.national else None
    return {
        "id": service.id,
        "name": name, "name_lang": name_lang,
        "summary": summary, "summary_lang": summary_lang,
        "temporarily_closed": data["status"] == "temporarily-closed",
        "level": {
            "n": data["care_level"],
            "title": str(strings["service.level_n"]).format(
                n=data["care_level"], label=level["label"].get(lang, level["label"]["fi"])),
            "explain": level["explain"].get(lang, level["explain"]["fi"]),
        },
        "target_groups": [_label("target_groups", g, lang) for g in data["target_groups"]],
        "age": age_text,
        "topics": [codes.topics()[t].get(lang, codes.topics()[t]["fi"])
                   for t in data["topics"]],
        "methods": [_label("methods", m, lang) for m in data.get("methods", [])],
        "access": [{"label": _label("access_routes", a, lang),
                    "explain": codes.labelled("access_routes")[a]["explain"].get(lang, "")}
                   for a in data["access"]],
        "charge": strings["service.free" if data["charge"]["free"] else "service.chargeable"],
        "charge_details": text(data["charge"].get("details"), lang)[0],
        "languages": [str(strings.get(f"language_names.{code}", code))
                      for code in data["languages"]],
        "area": area,
        "organisation": {
            "name": text(organisation.name, lang)[0],
            "type": strings[f"org_type.{organisation.data['type']}"],
            "website": organisation.data.get("website", ""),
        },
        "phones": phones,
        "locations": locations,
        "web": channels.get("web", ""),
        "email": channels.get("email", ""),
        "e_service": {"url": e_service["url"], "login": strings[
            "service.login_required" if e_service["login_required"] else "service.no_login"]}
        if e_service else None,
        "chat": {"url": chat.get("url", ""),
                 "hours": hours_view(chat["hours"], lang, today) if "hours" in chat else None}
        if chat else None,
        "holidays": holidays,
        "validity": validity,
        "reviewed": {"text": i18n.format_date(data["last_reviewed"], lang),
                     "by": data["reviewed_by"]},
        "ptv_id": data.get("ptv_id", ""),
        "home_county": home_county,
        # Where the service is, shown beside search results: many counties run a
        # service of the same name.
        "search_area": area["text"],
    }


def list_item(service: Service, lang: str) -> dict[str, Any]:
    """A service in listings and the finder: name, summary and what the filters need."""
    data = service.data
    age = data.get("age", {})
    level = codes.labelled("care_levels")[str(data["care_level"])]["label"]
    name, name_lang = text(data["name"], lang)
    summary, summary_lang = text(data["summary"], lang)
    return {
        "id": service.id,
        "name": name, "name_lang": name_lang,
        "summary": summary, "summary_lang": summary_lang,
        "level": data["care_level"],
        "level_label": level.get(lang, level["fi"]),
        "munis": "all" if service.national else " ".join(sorted(service.municipalities)),
        "counties": " ".join(service.counties),
        "topics": " ".join(data["topics"]),
        "groups": " ".join(data["target_groups"]),
        "langs": " ".join(data["languages"]),
        "age_min": age.get("min", 0),
        "age_max": age.get("max", 120),
    }
