"""The catalogue's generated pages, per language: home with finder, service, county and
municipality pages. They are physical Markdown files with JSON front matter, laid out by
theme templates (``service.html``, ``catalogue.html``, ``area.html``)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from etulinja.catalogue.jsonld import service_jsonld
from etulinja.catalogue.model import Catalogue, Service
from etulinja.catalogue.views import county_helplines, list_item, service_view, text
from etulinja.reference import codes, geography, i18n
from etulinja.site.frames import (
    DESCRIPTION_SLOT,
    FRAME_ID,
    TITLE_SLOT,
    record_path,
    service_record,
)
from etulinja.site.memo import Memo, digest
from etulinja.site.pagefile import PageSource
from etulinja.site.parallel import fork_map

CATALOGUE = "catalogue"
# Up to this many services the catalogue home lists them all (grouped by county) and the
# finder filters that list in place. A national catalogue is too big for one phone page
# (10,000 services made a 6.6 MB page): the home then lists counties and national
# services, the finder's municipality choice leads to that municipality's page, and the
# other filters work on the county and municipality pages.
HOME_LISTING_LIMIT = 400


def service_path(service_id: str) -> str:
    return f"{CATALOGUE}/services/{service_id}"


def county_path(county: str) -> str:
    return f"{CATALOGUE}/areas/{geography.counties()[county].slug}/index"


def municipality_path(code: str) -> str:
    municipality = geography.municipalities()[code]
    county = geography.counties()[municipality.county_code]
    return f"{CATALOGUE}/areas/{county.slug}/{municipality.slug}"


def _page(meta: dict[str, Any], body: str = "") -> PageSource:
    # hide the table of contents: the layout has its own sections; give it the width.
    return PageSource(title=str(meta["title"]), description=str(meta["description"]),
                      data=meta["etulinja"], body=body, template=meta["template"],
                      hide=("toc",))


def _sorted(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(items, key=lambda item: (str(item["name"]).casefold(), item["id"]))


def _common(kind: str, lang: str, example_notice: bool) -> dict[str, Any]:
    return {"kind": kind, "content_lang": lang, "fallback": False, "reviewed": None,
            "example_notice": example_notice}


def service_records(catalogue: Catalogue, languages: tuple[str, ...], site_url: str,
                    today: dt.date, example_notice: bool,
                    memo: Memo | None = None) -> dict[str, bytes]:
    """Every service page's record (title, description, template data, body HTML) in
    every language, keyed by its path in the page-data tree: Etulinja renders these pages
    itself into MkDocs' frame page (servicepages.py).

    With a ``memo`` (``etulinja serve``), a service whose file, organisations, regions,
    date and settings are as at the last rebuild keeps the records made then.
    """
    def records_of(service: Service) -> dict[str, bytes]:
        out = {}
        for lang in languages:
            prefix = "" if lang == languages[0] else f"{lang}/"
            url = f"{site_url}{prefix}{service_path(service.id)}/"
            title, description, data, body = _service_page(service, catalogue, lang, url,
                                                            today, example_notice)
            out[record_path(lang, service.id)] = service_record(title, description, data,
                                                                body)
        return out

    listed = catalogue.listed(today)
    context = (catalogue.context, languages, site_url, today, example_notice)
    remembered = memo.records if memo is not None else {}
    stale = [s for s in listed
             if not s.digest or remembered.get(s.id, ((),))[0] != (s.digest, context)]
    made = {s.id: found for s, found in zip(stale, fork_map(records_of, stale), strict=True)}
    chosen = {s.id: made[s.id] if s.id in made else remembered[s.id][1] for s in listed}
    if memo is not None:
        memo.records = {s.id: ((s.digest, context), chosen[s.id]) for s in listed}
    records: dict[str, bytes] = {}
    for found in chosen.values():
        records.update(found)
    return records


def _frame_page(lang: str, example_notice: bool) -> PageSource:
    """The one service page MkDocs renders per language: slots instead of a service."""
    data = _common("service", lang, example_notice)
    data["frame"] = True
    return PageSource(title=TITLE_SLOT, description=DESCRIPTION_SLOT, data=data,
                      template="service.html", hide=("toc",))


def render_catalogue(catalogue: Catalogue, languages: tuple[str, ...], site_url: str,
                     today: dt.date, example_notice: bool,
                     memo: Memo | None = None) -> dict[str, PageSource]:
    """Every catalogue page MkDocs builds, in every language: relative path -> source.

    Service pages are not among them (see ``service_records``), only their frame.

    These pages show each listed service only as its list item (``list_item``: name,
    summary, level, area, topics, groups, languages, ages), plus the county help numbers.
    With a ``memo`` (``etulinja serve``), when those are as at the last rebuild (an edit
    to a description, a phone number, opening hours…) the pages made then are reused.
    """
    listed = catalogue.listed(today)
    items_by_lang = {lang: {s.id: list_item(s, lang) for s in listed} for lang in languages}
    key = (digest(json.dumps(items_by_lang, sort_keys=True, default=str).encode()),
           catalogue.context, languages, site_url, today, example_notice)
    if memo is not None and memo.catalogue_pages is not None and (
            memo.catalogue_pages[0] == key):
        return memo.catalogue_pages[1]
    out = _catalogue_pages(catalogue, listed, items_by_lang, languages, example_notice)
    if memo is not None:
        memo.catalogue_pages = (key, out)
    return out


def _catalogue_pages(catalogue: Catalogue, listed: list[Service],
                     items_by_lang: dict[str, dict[str, dict[str, Any]]],
                     languages: tuple[str, ...], example_notice: bool) -> dict[str, PageSource]:
    out: dict[str, PageSource] = {}
    counties = geography.counties()
    munis = geography.municipalities()
    # Who is where, worked out once: per area and language it would be a pass over every
    # service (2.4 s a language for 310 municipalities at 10,000 services).
    in_counties = {s.id: set(s.counties) for s in listed}
    by_county: dict[str, list[Service]] = {}
    by_municipality: dict[str, list[Service]] = {}
    for service in listed:
        for county in sorted(in_counties[service.id]):
            by_county.setdefault(county, []).append(service)
        for code in sorted(service.municipalities):
            by_municipality.setdefault(code, []).append(service)
    used_counties = sorted({c for s in listed if not s.national for c in in_counties[s.id]})
    compact_home = len(listed) > HOME_LISTING_LIMIT
    for lang in languages:
        strings = i18n.table(lang)
        items = items_by_lang[lang]
        if listed:
            out[f"{service_path(FRAME_ID)}.{lang}.md"] = _frame_page(lang, example_notice)
        groups = []
        for county in sorted(used_counties, key=lambda c: counties[c].name[lang]):
            in_county = [items[s.id] for s in by_county.get(county, []) if not s.national]
            groups.append({"code": county, "name": counties[county].name[lang],
                           "url": f"{CATALOGUE}/areas/{counties[county].slug}/",
                           "count": len(in_county),
                           "services": _sorted(in_county) if not compact_home else []})
        national = _sorted([items[s.id] for s in listed if s.national])
        home = _common("catalogue-home", lang, example_notice)
        home.update({
            "groups": groups, "national": national, "compact": compact_home,
            "filters": _filters(listed, lang, places=True),
        })
        out[f"{CATALOGUE}/index.{lang}.md"] = _page({
            "title": strings["catalogue.title"], "description": strings["catalogue.summary"],
            "template": "catalogue.html", "etulinja": home})
        for county in counties:
            services = by_county.get(county, [])
            members = sorted((m for m in munis.values() if m.county_code == county),
                             key=lambda m: m.name.get(lang, m.name["fi"]))
            name = counties[county].name[lang]
            meta = _common("county", lang, example_notice)
            meta.update({
                "filters": _filters(services, lang),
                "area_name": name,
                "official_name": counties[county].official_name.get(lang, name),
                "county_helplines": county_helplines(catalogue, county, lang),
                "services": _area_items(services, items, lang),
                "municipalities": [{"name": m.name.get(lang, m.name["fi"]),
                                    "url": f"{CATALOGUE}/areas/{counties[county].slug}/{m.slug}/"}
                                   for m in members],
            })
            out[f"{county_path(county)}.{lang}.md"] = _page({
                "title": str(strings["catalogue.services_in"]).format(area=name),
                "description": str(strings["catalogue.summary"]),
                "template": "area.html", "etulinja": meta})
        for code, municipality in munis.items():
            services = by_municipality.get(code, [])
            name = municipality.name.get(lang, municipality.name["fi"])
            county = municipality.county_code
            meta = _common("municipality", lang, example_notice)
            meta.update({
                "filters": _filters(services, lang),
                "area_name": name,
                "county_name": counties[county].name[lang],
                "county_url": f"{CATALOGUE}/areas/{counties[county].slug}/",
                "county_helplines": county_helplines(catalogue, county, lang),
                "services": _area_items(services, items, lang),
            })
            out[f"{municipality_path(code)}.{lang}.md"] = _page({
                "title": str(strings["catalogue.services_in"]).format(area=name),
                "description": str(strings["catalogue.summary"]),
                "template": "area.html", "etulinja": meta})
    return out


def _area_items(services: list[Service], items: dict[str, dict[str, Any]],
                lang: str) -> list[dict[str, Any]]:
    """Listing on area pages, by level of care then name: how staff think of services."""
    return sorted((items[s.id] for s in services),
                  key=lambda item: (item["level"], str(item["name"]).casefold(), item["id"]))


def _service_page(service: Service, catalogue: Catalogue, lang: str, url: str, today: dt.date,
                  example_notice: bool) -> tuple[str, str, dict[str, Any], str]:
    view = service_view(service, catalogue, lang, today)
    description, description_lang = text(service.data.get("description"), lang)
    meta = _common("service", lang, example_notice)
    meta.update({
        "service": view,
        "description_lang": description_lang,
        "county_helplines": county_helplines(catalogue, view["home_county"], lang),
        "jsonld": service_jsonld(service, lang, url, today),
    })
    return str(view["name"]), str(view["summary"]), meta, description + "\n"


def _filters(listed: list[Service], lang: str, places: bool = False) -> dict[str, Any]:
    """Choices for the finder's filters: only values some service actually has.

    ``places`` adds the municipality and county choices, which only the catalogue home
    asks for: area pages are already about one place.
    """
    strings = i18n.table(lang)
    topics = sorted({t for s in listed for t in s.data["topics"]})
    groups = sorted({g for s in listed for g in s.data["target_groups"]})
    languages = sorted({code for s in listed for code in s.data["languages"]})
    levels = sorted({s.care_level for s in listed})
    counties = geography.counties()
    choices: dict[str, Any] = {} if not places else {
        "municipalities": sorted(
            ({"code": m.code, "name": m.name.get(lang, m.name["fi"]), "county": m.county_code,
              "url": f"{CATALOGUE}/areas/{counties[m.county_code].slug}/{m.slug}/"}
             for m in geography.municipalities().values()), key=lambda m: m["name"]),
        "counties": sorted(({"code": c.code, "name": c.name[lang]} for c in counties.values()),
                           key=lambda c: c["name"]),
    }
    return {
        **choices,
        "topics": sorted(({"code": t, "name": codes.topics()[t].get(lang, t)}
                          for t in topics), key=lambda x: x["name"]),
        "groups": [{"code": g, "name": codes.labelled("target_groups")[g][lang]}
                   for g in groups],
        "languages": [{"code": code, "name": strings.get(f"language_names.{code}", code)}
                      for code in languages],
        "levels": [{"code": n, "name": str(strings["service.level_n"]).format(
            n=n, label=codes.labelled("care_levels")[str(n)]["label"][lang])}
                   for n in levels],
    }
