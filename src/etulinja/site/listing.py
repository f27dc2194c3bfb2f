"""What every catalogue listing shares: the page shape, each service as a list item,
the finder's choices, and where each service is listed (by county, by municipality).

The catalogue home (``site/catalogue.py``) and the county and municipality pages
(``site/areas.py``) are built from one ``Listing``: worked out once per build, since at
10,000 services a pass over every service per area and language costs seconds.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from etulinja.catalogue.model import GROUPS, Catalogue, Service
from etulinja.catalogue.views import group_view, label, list_item
from etulinja.reference import codes, geography, i18n
from etulinja.site import urls
from etulinja.site.pagefile import PageSource
from etulinja.sources.rules import digest


@dataclass
class Listing:
    """The listed services, each as its list item per language, and who is where."""

    listed: list[Service]
    items: dict[str, dict[str, dict[str, Any]]]
    """Language -> service id -> the service as listings and the finder show it."""
    by_county: dict[str, list[Service]] = field(default_factory=dict)
    by_municipality: dict[str, list[Service]] = field(default_factory=dict)

    @property
    def key(self) -> bytes:
        """A digest of everything listings show of the services: their list items."""
        return digest(json.dumps(self.items, sort_keys=True, default=str).encode())


def listing(catalogue: Catalogue, languages: tuple[str, ...], today: dt.date) -> Listing:
    listed = catalogue.listed(today)
    found = Listing(listed, {lang: {s.id: list_item(s, lang, languages, today)
                                    for s in listed} for lang in languages})
    for service in listed:
        for county in service.counties:
            found.by_county.setdefault(county, []).append(service)
        for code in sorted(service.municipalities):
            found.by_municipality.setdefault(code, []).append(service)
    return found


def page(meta: dict[str, Any], body: str = "") -> PageSource:
    # hide the table of contents: the layout has its own sections; give it the width.
    return PageSource(title=str(meta["title"]), description=str(meta["description"]),
                      data=meta["etulinja"], body=body, template=meta["template"],
                      hide=("toc",))


def by_name(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Listings by name, as readers scan them."""
    return sorted(items, key=lambda item: (str(item["name"]).casefold(), item["id"]))


def common(kind: str, lang: str, example_notice: bool) -> dict[str, Any]:
    return {"kind": kind, "content_lang": lang, "fallback": False, "reviewed": None,
            "example_notice": example_notice}


SCOPES = ("local", "regional", "national")
"""How near a service is, nearest first: named municipalities, a whole county, the
country (``list_item``'s ``scope``)."""

TOPIC_RELATIONS = "topic_relations.yml"


def by_level(services: list[Service], items: dict[str, dict[str, Any]],
             lang: str) -> list[dict[str, Any]]:
    """Listing on area pages: urgent help first, then helplines, then care by level; in
    each, local services (named municipalities) before a whole county's before national
    ones, then by name: how staff think of services, a person in crisis needs the first
    first, and what is nearest is what a client is usually sent to."""
    return sorted((items[s.id] for s in services),
                  key=lambda item: (item["group_order"], SCOPES.index(item["scope"]),
                                    str(item["name"]).casefold(), item["id"]))


@cache
def topic_relations() -> dict[str, tuple[str, ...]]:
    """Topic code -> the topics the finder also finds when it is chosen
    (``data/topic_relations.yml``, where each relation is explained)."""
    text = resources.files("etulinja.data").joinpath(TOPIC_RELATIONS).read_text("utf-8")
    data: dict[str, list[str]] = yaml.safe_load(text) or {}
    known = codes.topics()
    for topic, related in data.items():
        for code in [topic, *related]:
            if code not in known:
                raise ValueError(f"{TOPIC_RELATIONS}: {topic}: unknown topic {code!r}; "
                                 f"known topics: {', '.join(known)}")
    return {topic: tuple(related) for topic, related in data.items()}


def filters(listed: list[Service], lang: str, languages: tuple[str, ...],
            places: bool = False) -> dict[str, Any]:
    """Choices for the finder's filters: only values some service actually has.

    Every page's finder gets the choices of the whole catalogue (``listed``), so filters
    chosen on one page (kept in the address) can be chosen on any other: the catalogue
    home's choices carried into a municipality page, a shared link, a language switch.
    Each topic names its related topics (``topic_relations``) for the finder.

    ``places`` adds the municipality and county choices, which only the catalogue home
    asks for: area pages are already about one place. A municipality is found by its
    name in either national language or by its code, so each carries both names.
    """
    strings = i18n.table(lang)
    topics = sorted({t for s in listed for t in s.topics})
    groups = sorted({g for s in listed for g in s.target_groups})
    spoken = sorted({code for s in listed for code in s.languages})
    kinds = sorted({s.group for s in listed}, key=GROUPS.index)
    counties = geography.counties()
    choices: dict[str, Any] = {} if not places else {
        "municipalities": sorted(
            ({"code": m.code, "name": label(m.name, lang, languages),
              "other": m.other_name(label(m.name, lang, languages)),
              "county": m.county_code, "url": urls.municipality(m.code)}
             for m in geography.municipalities().values()), key=lambda m: m["name"]),
        "counties": sorted(({"code": c.code, "name": c.name[lang]} for c in counties.values()),
                           key=lambda c: c["name"]),
    }
    return {
        **choices,
        "topics": sorted(({"code": t, "name": label(codes.topics()[t], lang, languages) or t,
                           "related": [r for r in topic_relations().get(t, ()) if r in topics]}
                          for t in topics), key=lambda x: x["name"]),
        "groups": [{"code": g, "name": label(codes.labelled("target_groups")[g], lang,
                                             languages)}
                   for g in groups],
        "languages": [{"code": code, "name": strings.get(f"language_names.{code}", code)}
                      for code in spoken],
        "levels": [{"code": group, "name": next(
            group_view(s, lang, languages)["title"] for s in listed if s.group == group)}
                   for group in kinds],
    }
