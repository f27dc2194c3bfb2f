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

from etulinja.catalogue.hours import DAYS, minutes, overnight, public_holidays
from etulinja.catalogue.model import GROUPS, NO_TEXT, Catalogue, Hours, Location, Service
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


def _interval(opens: str, closes: str, lang: str) -> str:
    strings = i18n.table(lang)
    form = strings["time.overnight" if overnight(opens, closes) else "time.range"]
    return str(form).format(start=_time(opens, lang), end=_time(closes, lang))


def open_days(hours: Hours) -> set[int]:
    """Weekdays (0 = Monday) on which the hours open at some time."""
    if hours.always_open:
        return set(range(7))
    return {DAYS.index(day) for entry in hours.weekly for day in entry.days}


def hours_view(hours: Hours, lang: str, today: dt.date,
               languages: tuple[str, ...]) -> dict[str, Any]:
    """Opening hours in words, and ``machine``: the same as data for the reader's browser
    to say whether it is open now (the build cannot know the time it will be read)."""
    strings = i18n.table(lang)
    lines = []
    if hours.always_open:
        lines.append({"days": "", "time": strings["time.always_open"]})
    for entry in hours.weekly:
        lines.append({"days": _day_span(entry.days, lang),
                      "time": _interval(entry.opens, entry.closes, lang)})
    exceptions = []
    horizon = today + dt.timedelta(days=HOLIDAYS_SHOWN_DAYS)
    for exception in sorted(hours.exceptions, key=lambda e: e.date):
        if not today <= exception.date <= horizon:
            continue
        when = (strings["time.closed"] if exception.closed else
                ", ".join(_interval(x.opens, x.closes, lang) for x in exception.intervals))
        note, note_lang = exception.note.in_language(lang, languages)
        exceptions.append({"date": i18n.format_date(exception.date, lang), "time": when,
                           "note": note, "note_lang": note_lang})
    excepted = {exception.date for exception in hours.exceptions}
    days = open_days(hours)
    closed_holidays = [] if not hours.closed_on_public_holidays else [
        (date, name) for date, name in public_holidays(today, HOLIDAYS_SHOWN_DAYS, lang)
        if date.weekday() in days and date not in excepted]  # only days it would be open
    holidays = [{"date": i18n.format_date(d, lang), "iso": d.isoformat(), "name": name}
                for d, name in closed_holidays]
    machine = {
        "always": hours.always_open,
        "weekly": [[DAYS.index(day), entry.opens, entry.closes]
                   for entry in hours.weekly for day in entry.days],
        "dates": {exception.date.isoformat(): [[x.opens, x.closes] for x in exception.intervals]
                  for exception in hours.exceptions if today <= exception.date <= horizon},
        "closed": [d.isoformat() for d, _ in closed_holidays],
        # Holidays and exceptions are known up to here; a page read later than this was
        # not rebuilt, and the browser must not claim "open now" from weekly hours alone.
        "until": horizon.isoformat(),
    }
    note, note_lang = hours.note.in_language(lang, languages)
    return {"lines": lines, "exceptions": exceptions, "holidays": holidays,
            "note": note, "note_lang": note_lang, "machine": machine}


def group_view(service: Service, lang: str, languages: tuple[str, ...]) -> dict[str, Any]:
    """What kind of help a service is: a level of stepped care, urgent help or a helpline:
    its code (listings group by it, in ``model.GROUPS`` order), title and meaning."""
    if service.care_level is None:
        kind = codes.labelled("help_kinds")[service.kind]
        title = label(kind["label"], lang, languages)
        explain = label(kind["explain"], lang, languages)
    else:
        level = codes.labelled("care_levels")[str(service.care_level)]
        title = str(i18n.table(lang)["service.level_n"]).format(
            n=service.care_level, label=label(level["label"], lang, languages))
        explain = label(level["explain"], lang, languages)
    return {"code": service.group, "order": GROUPS.index(service.group), "title": title,
            "explain": explain}


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
        "note_lang": area.note.in_language(lang, languages)[1],
    }


def county_helplines(catalogue: Catalogue, county: str | None, lang: str,
                     languages: tuple[str, ...]) -> list[dict[str, str]]:
    """A county's own urgent-help numbers, worded for the urgent-help block."""
    if county is None:
        return []
    name = geography.counties()[county].name[lang]
    return [
        {"label": f"{name}: {line.label.in_language(lang, languages)[0]}",
         "number": line.phone.number, "tel": line.phone.tel, "url": "",
         "hours": line.hours.in_language(lang, languages)[0], "source": line.source}
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
    # Optional texts may be written in any language (a Swedish-first service): each comes
    # with the language it is in, for the lang attribute (WCAG 3.1.2).
    phones: list[dict[str, Any]] = [{
        "number": phone.number, "tel": phone.tel,
        "label": phone.label.in_language(lang, languages)[0],
        "label_lang": phone.label.in_language(lang, languages)[1],
        "charge": phone.charge.in_language(lang, languages)[0],
        "charge_lang": phone.charge.in_language(lang, languages)[1],
        "hours": hours_view(phone.hours, lang, today, languages) if phone.hours else None,
    } for phone in service.phones]
    locations: list[dict[str, Any]] = []
    for location in service.locations:
        town = municipality_name(location.municipality_code, lang, languages)
        locations.append({
            "name": location.name.in_language(lang, languages)[0],
            "name_lang": location.name.in_language(lang, languages)[1],
            "street": location.street,
            "postal": f"{location.postal_code} {town.upper()}",
            "accessibility": location.accessibility.in_language(lang, languages)[0],
            "accessibility_lang": location.accessibility.in_language(lang, languages)[1],
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
        "temporarily_closed": service.temporarily_closed,
        "closure": _closure(service, lang, languages),
        "kind": service.kind,
        "group": group_view(service, lang, languages),
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
        "charge_details_lang": service.charge.details.in_language(lang, languages)[1],
        "languages": [str(strings.get(f"language_names.{code}", code))
                      for code in service.languages],
        "area": area,
        "organisation": {
            "name": organisation.name.in_language(lang, languages)[0],
            "name_lang": organisation.name.in_language(lang, languages)[1],
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
        "sessions": _sessions(service, lang, today, languages),
        "professionals": _professionals(service, lang, languages),
        "home_county": home_county,
        # Where the service is, shown beside search results: many counties run a
        # service of the same name.
        "search_area": area["text"],
    }


def list_item(service: Service, lang: str, languages: tuple[str, ...],
              today: dt.date) -> dict[str, Any]:
    """A service in listings and the finder: name, summary, what the filters need, and
    what staff look at before they open it: the first phone and its hours today, ages,
    the way in and the area."""
    age = service.age
    name, name_lang = service.name.in_language(lang, languages)
    summary, summary_lang = service.summary.in_language(lang, languages)
    group = group_view(service, lang, languages)
    phone = service.phones[0] if service.phones else None
    hours = next((phone.hours for phone in service.phones if phone.hours), None) or next(
        (location.hours for location in service.locations if location.hours), None)
    area = service.area
    scope = ("national" if area.national else "regional" if area.county_codes
             else "local")
    closure = _closure(service, lang, languages)
    return {
        "id": service.id,
        "name": name, "name_lang": name_lang,
        "summary": summary, "summary_lang": summary_lang,
        "group": group["code"], "group_order": group["order"], "group_title": group["title"],
        "kind": service.kind,
        "level": service.care_level,
        "level_label": group["title"],
        "scope": scope,
        "munis": "all" if service.national else " ".join(sorted(service.municipalities)),
        "counties": " ".join(service.counties),
        "topics": " ".join(service.topics),
        "groups": " ".join(service.target_groups),
        "langs": " ".join(service.languages),
        "age_min": age.min if age.min is not None else 0,
        "age_max": age.max if age.max is not None else 120,
        "age_of": age.of,
        "ages": _age(service, lang),
        "phone": {"number": phone.number, "tel": phone.tel} if phone else None,
        "hours": hours_view(hours, lang, today, languages)["machine"] if hours else None,
        "access": ", ".join(_code_label("access_routes", a, lang, languages)
                            for a in service.access),
        "area": area_view(service, lang, languages)["text"],
        "closed": service.temporarily_closed,
        "closure": closure["text"] if closure else "",
    }


def _closure(service: Service, lang: str, languages: tuple[str, ...]) -> dict[str, str] | None:
    """Why and until when a temporarily closed service is closed, in one sentence."""
    if not service.temporarily_closed:
        return None
    strings = i18n.table(lang)
    closure = service.closure
    parts = []
    if closure is not None and closure.reopens is not None:
        parts.append(str(strings["service.closed_until"]).format(
            date=i18n.format_date(closure.reopens, lang)))
    else:
        parts.append(str(strings["service.temporarily_closed"]))
    reason, reason_lang = (closure.reason if closure else NO_TEXT).in_language(lang,
                                                                                languages)
    return {"text": " ".join(parts), "reason": reason, "reason_lang": reason_lang,
            "reason_label": str(strings["service.closed_reason"]).format(reason=reason)
            if reason else ""}


def _sessions(service: Service, lang: str, today: dt.date,
              languages: tuple[str, ...]) -> list[dict[str, str]]:
    """The coming dated meetings of a group or course, in date order."""
    return [{"date": i18n.format_date(x.date, lang), "iso": x.date.isoformat(),
             "time": _interval(x.interval.opens, x.interval.closes, lang),
             "title": x.title.in_language(lang, languages)[0],
             "title_lang": x.title.in_language(lang, languages)[1],
             "note": x.note.in_language(lang, languages)[0],
             "note_lang": x.note.in_language(lang, languages)[1]}
            for x in sorted(service.sessions, key=lambda x: (x.date, x.interval.opens))
            if x.date >= today]


def _professionals(service: Service, lang: str,
                   languages: tuple[str, ...]) -> dict[str, Any] | None:
    """What staff need to refer a client, as labelled rows (each text with its language)."""
    found = service.professionals
    if found is None:
        return None
    strings = i18n.table(lang)
    rows = []
    for key, value in (("who_may_refer", found.who_may_refer),
                       ("where_to_send", found.where_to_send),
                       ("what_to_include", found.what_to_include),
                       ("criteria", found.criteria), ("exclusions", found.exclusions),
                       ("waiting_time", found.waiting_time)):
        text, text_lang = value.in_language(lang, languages)
        if text:
            rows.append({"label": str(strings[f"service.{key}"]), "text": text,
                         "lang": text_lang})
    consultation = None
    if found.consultation is not None:
        text, text_lang = found.consultation.text.in_language(lang, languages)
        phone = found.consultation.phone
        consultation = {"label": str(strings["service.consultation"]), "text": text,
                        "lang": text_lang,
                        "phone": {"number": phone.number, "tel": phone.tel} if phone else None}
    return {"rows": rows, "consultation": consultation}
