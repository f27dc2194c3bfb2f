"""What a reader sees of a service, prepared per language for the templates.

Everything is worded here — labels from the code lists, sentences from the translation
tables — so templates only lay it out and hold no text of their own. Text missing in the
reader's language falls back through the site's ``languages`` (the default first), by
``i18n.in_language``.
"""

from __future__ import annotations

import datetime as dt
import urllib.parse
from collections.abc import Mapping
from typing import Any

from etulinja.catalogue.hours import DAYS, minutes, public_holidays
from etulinja.catalogue.model import Catalogue, Hours, Location, Service
from etulinja.reference import codes, geography, i18n

HOLIDAYS_SHOWN_DAYS = 365


def label(values: Mapping[str, str], lang: str, languages: tuple[str, ...]) -> str:
    """A label of the reference data (a code list's, a place's name) in ``lang``, or in
    the first of the site's languages that has it."""
    return i18n.in_language(values, lang, languages, "")[0]


def municipality_name(code: str, lang: str, languages: tuple[str, ...]) -> str:
    return label(geography.municipalities()[code].name, lang, languages)


def _time(value: str, lang: str) -> str:
    total = minutes(value)
    hour, minute = divmod(total, 60)
    return str(i18n.table(lang)["time.format"]).format(hour=hour, minute=f"{minute:02d}")


def _day_span(days: tuple[str, ...], lang: str) -> str:
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


def hours_view(hours: Hours, lang: str, today: dt.date,
               languages: tuple[str, ...]) -> dict[str, Any]:
    strings = i18n.table(lang)
    rng = str(strings["time.range"])
    lines = []
    if hours.always_open:
        lines.append({"days": "", "time": strings["time.always_open"]})
    for entry in hours.weekly:
        lines.append({
            "days": _day_span(entry.days, lang),
            "time": rng.format(start=_time(entry.opens, lang), end=_time(entry.closes, lang)),
        })
    exceptions = []
    horizon = today + dt.timedelta(days=HOLIDAYS_SHOWN_DAYS)
    for exception in sorted(hours.exceptions, key=lambda e: e.date):
        if not today <= exception.date <= horizon:
            continue
        when = (strings["time.closed"] if exception.closed else
                rng.format(start=_time(exception.opens, lang),
                           end=_time(exception.closes, lang)))
        exceptions.append({"date": i18n.format_date(exception.date, lang), "time": when,
                           "note": exception.note.in_language(lang, languages)[0]})
    holidays = []
    if hours.closed_on_public_holidays:
        holidays = [{"date": i18n.format_date(d, lang), "iso": d.isoformat(), "name": name}
                    for d, name in public_holidays(today, HOLIDAYS_SHOWN_DAYS, lang)]
    return {"lines": lines, "exceptions": exceptions, "holidays": holidays,
            "note": hours.note.in_language(lang, languages)[0]}


def _code_label(code_list: str, code: str, lang: str, languages: tuple[str, ...]) -> str:
    entry = codes.labelled(code_list)[code]
    return label(entry.get("label", entry), lang, languages)


def area_view(service: Service, lang: str, languages: tuple[str, ...]) -> dict[str, Any]:
    strings = i18n.table(lang)
    area = service.area
    counties = geography.counties()
    if area.national:
        parts = [strings["service.national_area"]]
    else:
        parts = [counties[c].name[lang] for c in area.county_codes]
        parts += [municipality_name(m, lang, languages) for m in area.municipality_codes]
    excluded = [municipality_name(m, lang, languages) for m in area.excluded_codes]
    return {
        "text": ", ".join(parts),
        "excluded": str(strings["service.excluded"]).format(list=", ".join(excluded))
        if excluded else "",
        "note": area.note.in_language(lang, languages)[0],
    }


def county_helplines(catalogue: Catalogue, county: str | None, lang: str,
                     languages: tuple[str, ...]) -> list[dict[str, str]]:
    """A county's own urgent-help numbers, worded for the urgent-help block."""
    if county is None:
        return []
    name = geography.counties()[county].name[lang]
    return [
        {"label": f"{name}: {line.label.in_language(lang, languages)[0]}",
         "number": line.phone.number, "tel": line.phone.tel,
         "hours": line.hours.in_language(lang, languages)[0]}
        for line in catalogue.helplines.get(county, [])
    ]


def _map_url(location: Location) -> str:
    coordinates = location.coordinates
    if coordinates is None:
        return ""
    return "https://www.openstreetmap.org/?" + urllib.parse.urlencode(
        {"mlat": coordinates.lat, "mlon": coordinates.lon}) + (
        f"#map=17/{coordinates.lat}/{coordinates.lon}")


def _age(service: Service, lang: str) -> str:
    strings = i18n.table(lang)
    age = service.age
    if age.min is not None and age.max is not None:
        return str(strings["service.age_range"]).format(min=age.min, max=age.max)
    if age.min is not None:
        return str(strings["service.age_min"]).format(min=age.min)
    if age.max is not None:
        return str(strings["service.age_max"]).format(max=age.max)
    return ""


def _validity(service: Service, lang: str, today: dt.date) -> str:
    strings = i18n.table(lang)
    valid_from, valid_to = service.valid_from, service.valid_to
    if valid_from and valid_to:
        return str(strings["service.pilot"]).format(
            start=i18n.format_date(valid_from, lang), end=i18n.format_date(valid_to, lang))
    if valid_from and valid_from > today:
        return str(strings["service.valid_from"]).format(
            start=i18n.format_date(valid_from, lang))
    if valid_to:
        return str(strings["service.valid_to"]).format(end=i18n.format_date(valid_to, lang))
    return ""


def service_view(service: Service, catalogue: Catalogue, lang: str, today: dt.date,
                 languages: tuple[str, ...]) -> dict[str, Any]:
    """Everything the service page shows, in the reader's language."""
    strings = i18n.table(lang)
    name, name_lang = service.name.in_language(lang, languages)
    summary, summary_lang = service.summary.in_language(lang, languages)
    level = codes.labelled("care_levels")[str(service.care_level)]
    phones: list[dict[str, Any]] = [{
        "number": phone.number, "tel": phone.tel,
        "label": phone.label.in_language(lang, languages)[0],
        "charge": phone.charge.in_language(lang, languages)[0],
        "hours": hours_view(phone.hours, lang, today, languages) if phone.hours else None,
    } for phone in service.phones]
    locations: list[dict[str, Any]] = []
    for location in service.locations:
        town = municipality_name(location.municipality_code, lang, languages)
        locations.append({
            "name": location.name.in_language(lang, languages)[0],
            "street": location.street,
            "postal": f"{location.postal_code} {town.upper()}",
            "accessibility": location.accessibility.in_language(lang, languages)[0],
            "map_url": _map_url(location),
            "hours": hours_view(location.hours, lang, today, languages)
            if location.hours else None,
        })
    holidays: list[dict[str, str]] = []
    for channel in phones + locations:
        if channel["hours"] and channel["hours"]["holidays"]:
            holidays = channel["hours"]["holidays"]
            break
    organisation = service.organisation
    area = area_view(service, lang, languages)
    counties = service.counties
    home_county = counties[0] if len(counties) == 1 and not service.national else None
    access_routes = codes.labelled("access_routes")
    chat, e_service = service.chat, service.e_service
    return {
        "id": service.id,
        "name": name, "name_lang": name_lang,
        "summary": summary, "summary_lang": summary_lang,
        "temporarily_closed": service.status == "temporarily-closed",
        "level": {
            "n": service.care_level,
            "title": str(strings["service.level_n"]).format(
                n=service.care_level, label=label(level["label"], lang, languages)),
            "explain": label(level["explain"], lang, languages),
        },
        "target_groups": [_code_label("target_groups", g, lang, languages)
                          for g in service.target_groups],
        "age": _age(service, lang),
        "topics": [label(codes.topics()[t], lang, languages) for t in service.topics],
        "methods": [_code_label("methods", m, lang, languages) for m in service.methods],
        "access": [{"label": _code_label("access_routes", a, lang, languages),
                    "explain": label(access_routes[a]["explain"], lang, languages)}
                   for a in service.access],
        "charge": strings["service.free" if service.charge.free else "service.chargeable"],
        "charge_details": service.charge.details.in_language(lang, languages)[0],
        "languages": [str(strings.get(f"language_names.{code}", code))
                      for code in service.languages],
        "area": area,
        "organisation": {
            "name": organisation.name.in_language(lang, languages)[0],
            "type": strings[f"org_type.{organisation.type}"],
            "website": organisation.website,
        },
        "phones": phones,
        "locations": locations,
        "web": service.web,
        "email": service.email,
        "e_service": {"url": e_service.url, "login": strings[
            "service.login_required" if e_service.login_required else "service.no_login"]}
        if e_service else None,
        "chat": {"url": chat.url,
                 "hours": hours_view(chat.hours, lang, today, languages) if chat.hours
                 else None}
        if chat else None,
        "holidays": holidays,
        "validity": _validity(service, lang, today),
        "reviewed": {"text": i18n.format_date(service.last_reviewed, lang),
                     "by": service.reviewed_by},
        "ptv_id": service.ptv_id,
        "home_county": home_county,
        # Where the service is, shown beside search results: many counties run a
        # service of the same name.
        "search_area": area["text"],
    }


def list_item(service: Service, lang: str, languages: tuple[str, ...]) -> dict[str, Any]:
    """A service in listings and the finder: name, summary and what the filters need."""
    age = service.age
    level = codes.labelled("care_levels")[str(service.care_level)]["label"]
    name, name_lang = service.name.in_language(lang, languages)
    summary, summary_lang = service.summary.in_language(lang, languages)
    return {
        "id": service.id,
        "name": name, "name_lang": name_lang,
        "summary": summary, "summary_lang": summary_lang,
        "level": service.care_level,
        "level_label": label(level, lang, languages),
        "munis": "all" if service.national else " ".join(sorted(service.municipalities)),
        "counties": " ".join(service.counties),
        "topics": " ".join(service.topics),
        "groups": " ".join(service.target_groups),
        "langs": " ".join(service.languages),
        "age_min": age.min if age.min is not None else 0,
        "age_max": age.max if age.max is not None else 120,
    }
