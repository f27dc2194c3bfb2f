"""The pages of care paths (hoitopolut), per language, and the links to them from
municipality and service pages.

Pages (``urls``): the list of paths (``care-paths/``); each path's national overview
(``care-paths/<id>/``); a page per county the domain gives the path a page in
(``CarePaths.counties``: a county with a variation, or one a municipality exception
followed its residents to), with the merged steps and the services at each step there;
and the compare view (``care-paths/<id>/compare/``). A county without a variation has no
page of its own: the national page says the national path applies there and links to
the county's services. So a portal's page count grows with the variations written, not
with paths times 22 counties, and every link (service pages, municipality pages) points at a
page that exists, since the domain picks those links from the same counties.

The county page is the county's path for every municipality in it, and each municipality
exception's version of the path rendered beside it, hidden; ``care-path.js`` shows the
version of the municipality the reader types (``?kunta=560``) and hides the services not
available there. Without JavaScript the exceptions are listed in words and each service
says where in the county it is available. County pages are filled into a frame, as
service pages are (``site/frames.py``): MkDocs renders one frame per path and language
at their depth (``county_pages``), and each county's page is a record, not a Markdown
page; with 10 paths varied in every county, MkDocs rendering each county page was most
of what paths added to a national build (benchmarks/care_paths.md).

Services are resolved here with ``ServiceRule.matches`` once per distinct step (what
``CarePaths.step_services`` does once per call): with 10 paths in 22 counties and 10,000
services, asking the domain per county and step, or ``paths_of_service`` per service,
would scan the catalogue thousands of times. Tests check the result against the domain's.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from etulinja.care_paths import CarePaths, Change, MergedPath, Step
from etulinja.care_paths.paths import URGENT_KINDS, county_municipalities
from etulinja.catalogue.model import Catalogue, Service
from etulinja.catalogue.views import county_helplines, label, list_item, municipality_name
from etulinja.reference import codes, geography, i18n
from etulinja.reference.i18n import Text
from etulinja.site import urls
from etulinja.site.frames import FrameKind, page_record
from etulinja.site.listing import common, page
from etulinja.site.pagefile import PageSource
from etulinja.site.parallel import fork_map
from etulinja.site.slots import marker
from etulinja.sources.rules import digest

STEP_FIELDS = ("title", "care_level", "what", "who_decides", "length", "how_to_get",
               "decision", "services")
"""A step's fields as changes name them ('how_to_get.fi' -> 'how_to_get'), in the order
a reader meets them; each has its label in the translation tables (care_paths.field.*)."""

EMERGENCY = {"number": "112", "tel": "112"}

EXIT_OWN_LINES = 2
"""How many of the area's own crisis lines a step's exit names (the rest are in the list
at the end of the page it links to): the exit is repeated at every step, and a reader who
is getting worse needs a number to call, not a list to choose from."""

SERVICES_PER_STEP = 12
"""How many services a step lists on a county page; the rest are one link away, in the
county's service finder filtered to the step. A list longer than this is no longer read on
a phone, and every listed service is paid for in each language on every county page of
every path (a national catalogue put hundreds behind some steps: benchmarks/care_paths.md)."""


def county_pages(path_id: str) -> FrameKind:
    """A path's county pages as a kind of framed page: 'care-paths/<id>/<county slug>/',
    laid out by ``partials/etu-care-path-county-body.html`` in the frame MkDocs renders
    from ``care-path-county.html``; one kind per path, so that the frame stands at the
    depth of the pages filled into it."""
    return FrameKind(f"care-path-{path_id}", urls.care_path(path_id), "care-path-county.html",
                     "partials/etu-care-path-county-body.html", f"_care-paths/{path_id}",
                     others=(urls.care_path_compare(path_id).removeprefix(
                         urls.care_path(path_id)).strip("/"),))


COUNTY_PAGES_IN_PARALLEL = 40
"""From this many county pages their records are made on all cores (a worker process costs
about what laying out a few dozen pages does)."""


@dataclass
class Resolver:
    """The services at each step where a page is about: ``CarePaths.step_services``
    (which matches each rule against the catalogue once), narrowed to some of the
    county's municipalities when a page shows one municipality's version."""

    paths: CarePaths
    catalogue: Catalogue
    today: dt.date

    def in_county(self, step: Step, county_code: str,
                  municipalities: Iterable[str] | None = None) -> list[Service]:
        """The step's services available in the county (in any of ``municipalities``
        when given)."""
        found = self.paths.step_services(step, None, county_code, self.today)
        if municipalities is None:
            return found
        place = frozenset(municipalities)
        return [s for s in found if s.municipalities & place]


def _text(value: Text, lang: str, languages: tuple[str, ...]) -> dict[str, Any]:
    """A text in the page's language (or the first that has it), with its language when
    it is another (WCAG 3.1.2)."""
    text, found = value.in_language(lang, languages)
    return {"text": text, "lang": found if found != lang else None}


def _level_label(level: int, lang: str, languages: tuple[str, ...]) -> str:
    labels = codes.labelled("care_levels")[str(level)]
    return str(i18n.table(lang)["service.level_n"]).format(
        n=level, label=label(labels["label"], lang, languages))


def _names(municipality_codes: Iterable[str], lang: str, languages: tuple[str, ...]) -> str:
    return ", ".join(sorted((municipality_name(c, lang, languages) for c in municipality_codes),
                            key=str.casefold))


def _reviewed(by: str, date: dt.date, lang: str) -> dict[str, str]:
    return {"by": by, "date": date.isoformat(), "text": i18n.format_date(date, lang)}


class Pages:
    """Builds every care-path page, and the links to paths, for one build."""

    def __init__(self, paths: CarePaths, catalogue: Catalogue, languages: tuple[str, ...],
                 today: dt.date, example_notice: bool) -> None:
        self.paths = paths
        self.catalogue = catalogue
        self.languages = languages
        self.today = today
        self.example_notice = example_notice
        self.resolver = Resolver(paths, catalogue, today)
        self._merged: dict[tuple[str, str, str | None], MergedPath | None] = {}
        self._services: dict[tuple[str, str, str], dict[str, Any]] = {}
        self._items: dict[tuple[str, str], dict[str, Any]] = {}
        self._exits: dict[tuple[str | None, str], dict[str, Any]] = {}

    # -- the domain, asked once ------------------------------------------------------------

    def merged(self, path_id: str, county: str, municipality: str | None = None
               ) -> MergedPath | None:
        key = (path_id, county, municipality)
        if key not in self._merged:
            try:
                self._merged[key] = self.paths.merged(path_id, county, municipality,
                                                      self.today)
            except LookupError:  # reported by etulinja check; no page for it
                self._merged[key] = None
        return self._merged[key]

    def counties(self, path_id: str) -> list[str]:
        """Counties with a page for the path, where the path merges."""
        return [c for c in self.paths.counties(path_id)
                if self.merged(path_id, c) is not None]

    # -- pieces -------------------------------------------------------------------------

    def _service(self, service: Service, county: str, lang: str) -> dict[str, Any]:
        """A service as a step lists it in a county: made once per county and language,
        however many paths, steps and municipality versions list it."""
        key = (service.id, county, lang)
        found = self._services.get(key)
        if found is None:
            found = self._services[key] = self._service_view(service, county, lang)
        return found

    def _service_view(self, service: Service, county: str, lang: str) -> dict[str, Any]:
        item = self._items.get((service.id, lang))
        if item is None:  # a national service is listed in every county: made once
            item = self._items[service.id, lang] = list_item(service, lang, self.languages,
                                                              self.today)
        members = county_municipalities(county)
        here = service.municipalities & members
        return {
            "id": service.id, "name": item["name"], "name_lang": (
                item["name_lang"] if item["name_lang"] != lang else None),
            "url": urls.service(service.id), "phone": item["phone"], "hours": item["hours"],
            "closed": item["closed"], "munis": "all" if here >= members else " ".join(sorted(here)),
            "only_in": "" if here >= members else _names(here, lang, self.languages),
        }

    def _step(self, step: Step, n: int, total: int, county: str | None,
              lang: str, within: Iterable[str] | None = None,
              changes: tuple[Change, ...] = ()) -> dict[str, Any]:
        strings = i18n.table(lang)
        data: dict[str, Any] = {
            "id": step.id, "n": n,
            "position": str(strings["care_paths.step_of"]).format(n=n, total=total),
            "level": _level_label(step.care_level, lang, self.languages),
            "level_code": f"level-{step.care_level}",
            "title": _text(step.title, lang, self.languages),
            "what": _text(step.what, lang, self.languages),
            "who_decides": _text(step.who_decides, lang, self.languages),
            "length": _text(step.length, lang, self.languages),
            "how_to_get": _text(step.how_to_get, lang, self.languages),
            "decision": _text(step.decision, lang, self.languages) if step.decision else None,
            "outside": (_text(step.outside_catalogue, lang, self.languages)
                        if step.outside_catalogue else None),
            "services": None, "more": None,
            "changed": _explain(changes, step.id, lang),
        }
        if county is not None:
            services = self.resolver.in_county(step, county, within)
            place = frozenset(within) if within is not None else county_municipalities(county)
            # Services available throughout the place first: they are the answer for
            # whichever municipality the reader lives in.
            services = sorted(services, key=lambda s: not place <= s.municipalities)
            data["services"] = [self._service(s, county, lang)
                                for s in services[:SERVICES_PER_STEP]]
            data["more"] = (self._more(step, services, county, place, lang)
                            if len(services) > SERVICES_PER_STEP else None)
        return data

    def _more(self, step: Step, services: list[Service], county: str,
              place: frozenset[str], lang: str) -> dict[str, Any]:
        """What a step says when it lists only the first ``SERVICES_PER_STEP`` of its
        services: how many there are, a link to the county's service finder filtered to
        the step's level and topics, and how many each municipality has (``data-counts``:
        care-path.js says "27 services in Lahti" and links there when a municipality is
        chosen)."""
        strings = i18n.table(lang)
        counts: dict[str, int] = {}
        for service in services:
            for code in service.municipalities & place:
                counts[code] = counts.get(code, 0) + 1
        query = ""
        if step.rule is not None:
            query = "?" + "&".join([f"taso=level-{step.rule.care_level}",
                                    *(f"aihe={topic}" for topic in step.rule.topics)])
        name = geography.counties()[county].name[lang]
        return {
            "url": urls.county(county) + query,
            "text": str(strings["care_paths.more_services"]).format(
                shown=SERVICES_PER_STEP, total=len(services), county=name),
            "counts": " ".join(f"{code}:{n}" for code, n in sorted(counts.items())),
        }

    def _steps(self, path: MergedPath, lang: str, county: str | None,
               within: Iterable[str] | None = None) -> list[dict[str, Any]]:
        total = len(path.steps)
        return [self._step(step, i + 1, total, county, lang, within, path.changes)
                for i, step in enumerate(path.steps)]

    def _urgent(self, county: str | None, lang: str) -> dict[str, Any]:
        """The urgent-help exit of every step: 112, the county's own crisis lines and the
        first national crisis line in the reader's language (the block stays short),
        and every urgent service there in the list at the end of the page. The same for
        every path of a county: made once per county and language."""
        key = (county, lang)
        if key not in self._exits:
            self._exits[key] = self._urgent_view(county, lang)
        return self._exits[key]

    def _urgent_view(self, county: str | None, lang: str) -> dict[str, Any]:
        if county is not None:
            found = self.paths.urgent_help(county, None, self.today)
        else:
            found = sorted((s for s in self.catalogue.listed(self.today)
                            if s.kind in URGENT_KINDS and s.national),
                           key=lambda s: (URGENT_KINDS.index(s.kind), s.id))
        phoned = [s for s in found if s.phones]
        own = [s for s in phoned if s.kind == "crisis" and not s.national]
        if county is not None:  # the lines for the whole county first: anyone there may call
            members = county_municipalities(county)
            own.sort(key=lambda s: not members <= s.municipalities)
        national = [s for s in phoned if s.kind == "crisis" and s.national]
        spoken = [s for s in national if lang in s.languages] or national
        short = [*own[:EXIT_OWN_LINES], *spoken[:1]]
        strings = i18n.table(lang)

        def line(service: Service) -> dict[str, Any]:
            name, name_lang = service.name.in_language(lang, self.languages)
            phone = service.phones[0] if service.phones else None
            return {"name": name, "name_lang": name_lang if name_lang != lang else None,
                    "url": urls.service(service.id),
                    "number": phone.number if phone else "", "tel": phone.tel if phone else ""}

        return {
            "emergency": {**EMERGENCY, "name": str(strings["care_paths.emergency"])},
            "short": [line(s) for s in short],
            "all": [line(s) for s in found],
        }

    def _base(self, kind: str, path_id: str | None, lang: str) -> dict[str, Any]:
        meta = common(kind, lang, self.example_notice)
        if path_id is not None:
            path = self.paths.path(path_id)
            title, title_lang = path.title.in_language(lang, self.languages)
            meta.update({
                "path_title": title, "path_title_lang": title_lang if title_lang != lang else None,
                "path_url": urls.care_path(path_id),
                "compare_url": urls.care_path_compare(path_id),
                "path_reviewed": _reviewed(path.reviewed_by, path.last_reviewed, lang),
                "audience": [str(i18n.table(lang)[f"age_group.{a}"]) for a in path.audience],
                "topics": [label(codes.topics()[t], lang, self.languages)
                           for t in path.topics],
            })
        return meta

    def _county_links(self, path_id: str, lang: str) -> list[dict[str, str]]:
        counties = geography.counties()
        return sorted(({"code": c, "name": counties[c].name[lang],
                        "url": urls.care_path_county(path_id, c)}
                       for c in self.counties(path_id)), key=lambda c: c["name"])

    # -- pages ----------------------------------------------------------------------------

    def index(self, lang: str) -> PageSource:
        strings = i18n.table(lang)
        items: list[dict[str, Any]] = []
        for path_id in self.paths.ids():
            path = self.paths.path(path_id)
            items.append({
                "title": _text(path.title, lang, self.languages),
                "summary": _text(path.summary, lang, self.languages),
                "url": urls.care_path(path_id),
                "audience": [str(strings[f"age_group.{a}"]) for a in path.audience],
                "counties": self._county_links(path_id, lang),
            })
        items.sort(key=lambda i: str(i["title"]["text"]).casefold())
        meta = common("care-path-index", lang, self.example_notice)
        meta["paths"] = items
        return page({"title": strings["care_paths.title"],
                     "description": strings["care_paths.summary"],
                     "template": "care-paths.html", "etulinja": meta})

    def national(self, path_id: str, lang: str) -> PageSource:
        strings = i18n.table(lang)
        path = self.paths.path(path_id)
        meta = self._base("care-path", path_id, lang)
        with_page = set(self.counties(path_id))
        counties = geography.counties()
        total = len(path.steps)
        meta.update({
            "summary": _text(path.summary, lang, self.languages),
            "steps": [self._step(s, i + 1, total, None, lang)
                      for i, s in enumerate(path.steps)],
            "counties": self._county_links(path_id, lang),
            "other_counties": sorted(({"name": c.name[lang], "url": urls.county(code)}
                                      for code, c in counties.items()
                                      if code not in with_page), key=lambda c: c["name"]),
            "urgent": self._urgent(None, lang),
        })
        return page({"title": meta["path_title"],
                     "description": meta["summary"]["text"] or strings["care_paths.summary"],
                     "template": "care-path.html", "etulinja": meta})

    def frame(self, lang: str) -> PageSource:
        """The one county page MkDocs renders per path and language: slots instead of a
        county's path (``site/frames.py``)."""
        data = common("care-path-county", lang, self.example_notice)
        data["frame"] = True
        return PageSource(title=marker("title"), description=marker("description"),
                          data=data, template="care-path-county.html", hide=("toc",))

    def county(self, path_id: str, county: str, lang: str) -> PageSource:
        """The path's page in the county: what its record holds (``render_care_paths``),
        filled into the path's frame."""
        strings = i18n.table(lang)
        merged = self.merged(path_id, county)
        assert merged is not None  # only counties that merge get a page
        place = geography.counties()[county]
        meta = self._base("care-path-county", path_id, lang)
        versions = [{"key": "county", "munis": "", "names": "",
                     "steps": self._steps(merged, lang, county)}]
        exceptions = []
        for index, exception in enumerate(
                self.paths.municipality_exceptions(path_id, county, self.today)):
            local = self.merged(path_id, county, exception.municipality_codes[0])
            if local is None:
                continue
            names = _names(exception.municipality_codes, lang, self.languages)
            versions.append({"key": f"x{index + 1}",
                             "munis": " ".join(exception.municipality_codes), "names": names,
                             "steps": self._steps(local, lang, county,
                                                  exception.municipality_codes)})
            exceptions.append({
                "names": names, "explain": _text(exception.explain, lang, self.languages),
                "differences": [self._difference(d.status, d.step_id, d.step, merged,
                                                 exception.changes, lang)
                                for d in exception.differences],
            })
        variation = merged.variation
        members = sorted(county_municipalities(county),
                         key=lambda c: municipality_name(c, lang, self.languages).casefold())
        meta.update({
            "county_name": place.name[lang], "county_code": county,
            "county_url": urls.county(county),
            "title": _text(merged.title, lang, self.languages),
            "summary": _text(merged.summary, lang, self.languages),
            "note": _text(variation.note, lang, self.languages) if variation and (
                variation.note) else None,
            "variation_reviewed": _reviewed(variation.reviewed_by, variation.last_reviewed,
                                            lang) if variation else None,
            "versions": versions, "exceptions": exceptions,
            "municipalities": [{"code": c, "name": municipality_name(c, lang, self.languages),
                                "other": _other(c, lang, self.languages),
                                "url": urls.municipality(c)} for c in members],
            "urgent": self._urgent(county, lang),
            "county_helplines": county_helplines(self.catalogue, county, lang,
                                                 self.languages),
        })
        title = str(strings["care_paths.county_title"]).format(
            path=merged.title.in_language(lang, self.languages)[0], county=place.name[lang])
        return PageSource(title=title, description=meta["summary"]["text"], data=meta)

    def _difference(self, status: str, step_id: str, step: Step | None, county: MergedPath,
                    changes: tuple[Change, ...], lang: str) -> dict[str, Any]:
        """How a municipality's step differs from the county's, in words."""
        strings = i18n.table(lang)
        theirs = county.step(step_id)
        shown = step or theirs
        title = shown.title.in_language(lang, self.languages)[0] if shown else step_id
        fields = _explain(changes, step_id, lang)
        return {"status": status, "title": title,
                "text": str(strings[f"care_paths.difference.{status}"]).format(step=title),
                "fields": fields if status == "changed" else ""}

    def compare(self, path_id: str, lang: str) -> PageSource:
        strings = i18n.table(lang)
        counties = self.counties(path_id)
        names = geography.counties()
        rows = []
        for row in self.paths.compare(path_id, counties, self.today):
            national = row.national
            title = (national.title.in_language(lang, self.languages)[0] if national
                     else next(c.step.title.in_language(lang, self.languages)[0]
                               for c in row.counties if c.step is not None))
            cells = []
            for cell in row.counties:
                step_title = (cell.step.title.in_language(lang, self.languages)[0]
                              if cell.step is not None else "")
                cells.append({
                    "county": names[cell.county_code].name[lang], "status": cell.status,
                    "status_label": str(strings[f"care_paths.status.{cell.status}"]),
                    "title": step_title if national is None or (
                        cell.step is not None and cell.step.title != national.title) else "",
                    "explain": _explain(cell.changes, row.step_id, lang),
                    "sources": _sources(cell.changes),
                })
            rows.append({"id": row.step_id, "title": title,
                         "national": bool(national), "cells": cells})
        exceptions = []
        for county in counties:
            merged = self.merged(path_id, county)
            assert merged is not None
            found = self.paths.municipality_exceptions(path_id, county, self.today)
            if found:
                exceptions.append({"county": names[county].name[lang], "exceptions": [{
                    "names": _names(e.municipality_codes, lang, self.languages),
                    "explain": _text(e.explain, lang, self.languages),
                    "source": e.source,
                    "differences": [self._difference(d.status, d.step_id, d.step, merged,
                                                     e.changes, lang)
                                    for d in e.differences]} for e in found]})
        meta = self._base("care-path-compare", path_id, lang)
        meta.update({"counties": [{"name": names[c].name[lang],
                                   "url": urls.care_path_county(path_id, c)}
                                  for c in counties],
                     "rows": rows, "exceptions": exceptions})
        title = str(strings["care_paths.compare_title"]).format(path=meta["path_title"])
        return page({"title": title, "description": str(strings["care_paths.compare_summary"]),
                     "template": "care-path-compare.html", "etulinja": meta})

    # -- links from other pages -------------------------------------------------------------

    def service_links(self) -> dict[str, list[tuple[str, str, int, tuple[str, ...]]]]:
        """Service id -> (path id, step id, step number, counties) of every step it
        delivers: what ``paths_of_service`` answers, for every service at once."""
        found: dict[str, dict[tuple[str, str, int], list[str]]] = {}
        for path_id in self.paths.ids():
            for county in self.counties(path_id):
                variants = [self.merged(path_id, county)] + [
                    self.merged(path_id, county, e.municipality_codes[0])
                    for e in self.paths.municipality_exceptions(path_id, county, self.today)]
                seen: set[tuple[str, str]] = set()
                for variant in variants:
                    if variant is None:
                        continue
                    for index, step in enumerate(variant.steps):
                        for service in self.resolver.in_county(step, county):
                            if (service.id, step.id) in seen:
                                continue
                            seen.add((service.id, step.id))
                            found.setdefault(service.id, {}).setdefault(
                                (path_id, step.id, index + 1), []).append(county)
        return {sid: [(p, s, n, tuple(c)) for (p, s, n), c in links.items()]
                for sid, links in found.items()}

    def service_block(self, links: list[tuple[str, str, int, tuple[str, ...]]],
                      lang: str) -> list[dict[str, Any]]:
        """A service page's block: each path step it delivers, with the counties."""
        counties = geography.counties()
        out = []
        for path_id, step_id, n, where in links:
            title, title_lang = self.paths.path(path_id).title.in_language(lang, self.languages)
            out.append({
                "n": n, "path": title, "path_lang": title_lang if title_lang != lang else None,
                "counties": sorted(({"name": counties[c].name[lang],
                                     "url": urls.care_path_county(path_id, c)
                                     + f"#etu-step-{step_id}"} for c in where),
                                   key=lambda c: c["name"]),
            })
        return out

    def municipality_block(self, code: str, lang: str) -> list[dict[str, Any]]:
        """A municipality page's block: each path its residents follow, as they see it."""
        place = geography.municipalities()[code]
        county = place.county_code
        out = []
        for path_id in self.paths.ids():
            if county not in self.counties(path_id):
                continue
            merged = self.merged(path_id, county, code)
            if merged is None:
                continue
            title, title_lang = merged.title.in_language(lang, self.languages)
            out.append({
                "title": title, "title_lang": title_lang if title_lang != lang else None,
                "url": urls.care_path_county(path_id, county) + f"?kunta={code}",
                "county": geography.counties()[county].name[lang],
                "steps": [_text(s.title, lang, self.languages) for s in merged.steps],
            })
        return out


def _sources(changes: Iterable[Change]) -> list[str]:
    """Where changes are written, a file once with its lines: 'paijat-hame.yml:12,13'."""
    lines: dict[str, list[int]] = {}
    for change in changes:
        lines.setdefault(change.source.rsplit("/", 1)[-1], []).append(change.line)
    return [f"{name}:{','.join(str(n) for n in sorted(set(found)))}"
            for name, found in sorted(lines.items())]


def _other(code: str, lang: str, languages: tuple[str, ...]) -> str:
    """The municipality's name in the other national language, when it differs."""
    municipality = geography.municipalities()[code]
    return municipality.other_name(label(municipality.name, lang, languages))


def _explain(changes: Iterable[Change], step_id: str, lang: str) -> str:
    """What changes made to a step, in words: the fields, each once ('how to get there,
    who decides'), or that the step was added or removed."""
    strings = i18n.table(lang)
    fields: list[str] = []
    actions = set()
    for change in changes:
        if change.step_id != step_id:
            continue
        actions.add(change.action)
        if change.field in STEP_FIELDS and change.field not in fields:
            fields.append(change.field)  # a step's field replaced
    if "remove" in actions:
        return str(strings["care_paths.explain.removed"])
    if actions & {"insert-before", "insert-after"}:
        return str(strings["care_paths.explain.added"])
    if not fields:
        return ""
    fields.sort(key=STEP_FIELDS.index)
    return str(strings["care_paths.explain.changed"]).format(fields=", ".join(
        str(strings[f"care_paths.field.{f}"]) for f in fields))


def render_care_paths(pages: Pages
                      ) -> tuple[dict[str, PageSource], dict[str, bytes], list[FrameKind]]:
    """Every care-path page in every language: the pages MkDocs renders (assembled path
    -> page: the list, each path's national page, compare view and the frame of its
    county pages), the county pages' records (path in the page-data tree -> record) and
    the frame kinds they are filled in as."""
    out: dict[str, PageSource] = {}
    kinds: list[FrameKind] = []
    paths = pages.paths
    for path_id in paths.ids():
        if pages.counties(path_id):
            kinds.append(county_pages(path_id))
    for lang in pages.languages:
        # the list exists even before any path is written: pages may link to it
        out[urls.index_file(urls.CARE_PATHS, lang)] = pages.index(lang)
        for path_id in paths.ids():
            out[urls.index_file(urls.care_path(path_id), lang)] = pages.national(path_id, lang)
            out[urls.source_file(urls.care_path_compare(path_id), lang)] = pages.compare(
                path_id, lang)
            if pages.counties(path_id):
                out[urls.source_file(county_pages(path_id).frame_address, lang)] = (
                    pages.frame(lang))
    return out, county_records(pages), kinds


def county_records(pages: Pages) -> dict[str, bytes]:
    """Every county page's record in every language (path in the page-data tree ->
    record), on all cores when there are many: 10 paths varied in every county are 660
    pages, each listing services at every step."""
    counties = geography.counties()
    # county by county, so that a worker lays out a county's services once for every
    # path that lists them (Pages keeps them per county and language)
    work = sorted(((path_id, county) for path_id in pages.paths.ids()
                   for county in pages.counties(path_id)), key=lambda item: item[1])

    def records_of(item: tuple[str, str]) -> dict[str, bytes]:
        path_id, county = item
        kind = county_pages(path_id)
        found = {}
        for lang in pages.languages:
            page = pages.county(path_id, county, lang)
            found[kind.record_path(lang, counties[county].slug)] = page_record(
                page.title, page.description, page.data)
        return found

    records: dict[str, bytes] = {}
    for found in fork_map(records_of, work, min_items=COUNTY_PAGES_IN_PARALLEL):
        records.update(found)
    return records


@dataclass
class PathLinks:
    """What service and municipality pages show of care paths, per language: made here,
    so that the catalogue's pages can show it without the catalogue knowing of paths."""

    services: dict[str, dict[str, list[dict[str, Any]]]] = field(default_factory=dict)
    """Service id -> language -> the path steps it delivers."""
    municipalities: dict[str, dict[str, list[dict[str, Any]]]] = field(default_factory=dict)
    """Municipality code -> language -> the paths its residents follow."""
    index: str = ""
    """The list of paths' address, when there are paths: the catalogue home links to it."""

    @property
    def key(self) -> bytes:
        """A digest of everything shown, for the memo of unchanged pages."""
        return digest(json.dumps([self.services, self.municipalities, self.index],
                                 sort_keys=True,
                                 default=str).encode())


def path_links(pages: Pages) -> PathLinks:
    """The links to paths of every service and municipality page, in every language."""
    found = PathLinks()
    paths, languages = pages.paths, pages.languages
    if not paths.ids():
        return found
    found.index = urls.CARE_PATHS
    for service_id, links in pages.service_links().items():
        found.services[service_id] = {lang: pages.service_block(links, lang)
                                      for lang in languages}
    counties = {c for path_id in paths.ids() for c in pages.counties(path_id)}
    for code, place in geography.municipalities().items():
        if place.county_code in counties:
            blocks = {lang: pages.municipality_block(code, lang) for lang in languages}
            if any(blocks.values()):
                found.municipalities[code] = blocks
    return found
