"""The catalogue's generated pages, per language: the home with its finder, the frame of
the service pages and each service's record to fill into it; the county and municipality
pages come from ``site/areas.py``. Laid out by theme templates (``catalogue.html``,
``service.html``, ``partials/etu-service-body.html``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from etulinja.catalogue.jsonld import service_jsonld
from etulinja.catalogue.model import Catalogue, Service
from etulinja.catalogue.views import county_helplines, service_view
from etulinja.reference import geography, i18n
from etulinja.site import urls
from etulinja.site.areas import render_areas
from etulinja.site.care_paths import PathLinks
from etulinja.site.frames import SERVICE_PAGES, page_record
from etulinja.site.listing import Listing, by_name, common, filters, listing, page
from etulinja.site.memo import Memo
from etulinja.site.pagefile import PageSource
from etulinja.site.parallel import fork_map
from etulinja.site.slots import marker

# Up to this many services the catalogue home lists them all (grouped by county) and the
# finder filters that list in place. A national catalogue is too big for one phone page
# (10,000 services made a 6.6 MB page): the home then lists counties and national
# services, the finder's municipality choice leads to that municipality's page, and the
# other filters work on the county and municipality pages.
HOME_LISTING_LIMIT = 400


def service_records(catalogue: Catalogue, languages: tuple[str, ...], site_url: str,
                    today: dt.date, example_notice: bool,
                    memo: Memo | None = None,
                    links: PathLinks | None = None,
                    guides: dict[str, dict[str, list[dict[str, Any]]]] | None = None,
                    ) -> dict[str, bytes]:
    """Every service page's record (title, description, template data, body HTML) in
    every language, keyed by its path in the page-data tree: Etulinja renders these pages
    itself into MkDocs' frame page (servicepages.py).

    With a ``memo`` (``etulinja serve``), a service whose file, organisations, regions,
    date and settings are as at the last rebuild keeps the records made then. ``links``:
    the care-path steps each service delivers (``site/care_paths.py``), shown on its page.
    ``guides``: service id -> language -> the self-care programmes whose guides a guided
    self-care service's page links to (``site/guides.py``).
    """
    on_paths = links.services if links is not None else {}
    guides = guides or {}

    def records_of(service: Service) -> dict[str, bytes]:
        out = {}
        for lang in languages:
            url = urls.absolute(site_url, urls.service(service.id), lang, languages)
            title, description, data, body = _service_page(service, catalogue, lang, url,
                                                            today, example_notice, languages)
            data["care_paths"] = on_paths.get(service.id, {}).get(lang, [])
            data["programme_guides"] = guides.get(service.id, {}).get(lang, [])
            out[SERVICE_PAGES.record_path(lang, service.id)] = page_record(
                title, description, data, body)
        return out

    listed = catalogue.listed(today)
    context = (catalogue.context, languages, site_url, today, example_notice)
    remembered = memo.records if memo is not None else {}

    def key(service: Service) -> tuple[object, ...]:
        return (service.digest, context, repr(on_paths.get(service.id)),
                repr(guides.get(service.id)))

    stale = [s for s in listed
             if not s.digest or remembered.get(s.id, ((),))[0] != key(s)]
    made = {s.id: found for s, found in zip(stale, fork_map(records_of, stale), strict=True)}
    chosen = {s.id: made[s.id] if s.id in made else remembered[s.id][1] for s in listed}
    if memo is not None:
        memo.records = {s.id: (key(s), chosen[s.id]) for s in listed}
    records: dict[str, bytes] = {}
    for found in chosen.values():
        records.update(found)
    return records


def _frame_page(lang: str, example_notice: bool) -> PageSource:
    """The one service page MkDocs renders per language: slots instead of a service."""
    data = common("service", lang, example_notice)
    data["frame"] = True
    return PageSource(title=marker("title"), description=marker("description"), data=data,
                      template=SERVICE_PAGES.template, hide=("toc",))


def render_catalogue(catalogue: Catalogue, languages: tuple[str, ...], site_url: str,
                     today: dt.date, example_notice: bool,
                     memo: Memo | None = None,
                     links: PathLinks | None = None) -> dict[str, PageSource]:
    """Every catalogue page MkDocs builds, in every language: assembled path -> page: the
    catalogue home, the service pages' frame, and the county and municipality pages.

    Service pages are not among them (see ``service_records``), only their frame.

    These pages show each listed service only as its list item (``list_item``: name,
    summary, level, area, topics, groups, languages, ages), plus the county help numbers.
    With a ``memo`` (``etulinja serve``), when those are as at the last rebuild (an edit
    to a description, a phone number, opening hours…) the pages made then are reused.
    """
    found = listing(catalogue, languages, today)
    links = links or PathLinks()
    key = (found.key, catalogue.context, languages, site_url, today, example_notice,
           links.key)
    if memo is not None and memo.catalogue_pages is not None and (
            memo.catalogue_pages[0] == key):
        return memo.catalogue_pages[1]
    out = _home_pages(found, languages, example_notice, links.index)
    out.update(render_areas(catalogue, found, languages, example_notice,
                            links.municipalities))
    if memo is not None:
        memo.catalogue_pages = (key, out)
    return out


def _home_pages(found: Listing, languages: tuple[str, ...],
                example_notice: bool, care_paths_url: str = "") -> dict[str, PageSource]:
    """The catalogue home (the finder over every service, by county) and the frame of the
    service pages, in every language."""
    out: dict[str, PageSource] = {}
    counties = geography.counties()
    listed = found.listed
    used_counties = sorted({c for s in listed if not s.national for c in s.counties})
    compact_home = len(listed) > HOME_LISTING_LIMIT
    for lang in languages:
        strings = i18n.table(lang)
        items = found.items[lang]
        if listed:
            out[urls.source_file(SERVICE_PAGES.frame_address, lang)] = _frame_page(
                lang, example_notice)
        groups = []
        for county in sorted(used_counties, key=lambda c: counties[c].name[lang]):
            in_county = [items[s.id] for s in found.by_county.get(county, [])
                         if not s.national]
            groups.append({"code": county, "name": counties[county].name[lang],
                           "url": urls.county(county), "count": len(in_county),
                           "services": by_name(in_county) if not compact_home else []})
        national = by_name([items[s.id] for s in listed if s.national])
        home = common("catalogue-home", lang, example_notice)
        home.update({
            "groups": groups, "national": national, "compact": compact_home,
            "care_paths_url": care_paths_url,
            "filters": filters(listed, lang, languages, places=True),
        })
        out[urls.index_file(urls.CATALOGUE, lang)] = page({
            "title": strings["catalogue.title"], "description": strings["catalogue.summary"],
            "template": "catalogue.html", "etulinja": home})
    return out


def _service_page(service: Service, catalogue: Catalogue, lang: str, url: str, today: dt.date,
                  example_notice: bool,
                  languages: tuple[str, ...]) -> tuple[str, str, dict[str, Any], str]:
    view = service_view(service, catalogue, lang, today, languages)
    view["county_link"] = urls.county(view["home_county"]) if view["home_county"] else ""
    description, description_lang = service.description.in_language(lang, languages)
    meta = common("service", lang, example_notice)
    meta.update({
        "service": view,
        "description_lang": description_lang,
        "county_helplines": county_helplines(catalogue, view["home_county"], lang, languages),
        "jsonld": service_jsonld(service, lang, url, today, languages),
    })
    return str(view["name"]), str(view["summary"]), meta, description + "\n"


