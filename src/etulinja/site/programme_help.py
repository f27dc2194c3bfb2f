""""Help near you" on a programme's landing page: the catalogue's services on the
programme's topics, for the readers it is written for, that a reader can narrow to their
municipality in the browser (``assets/javascripts/programme-help.js``).

Every candidate is rendered into the page, hidden, with the codes of the municipalities
where it is available; the script shows those of the municipality the reader types.
Nothing is sent anywhere, and the choice is kept on the device only when the reader
ticks "remember". Without JavaScript the page links to the service finder with the
programme's topics in its address (``?aihe=``), which works without a server too.

A national catalogue can hold hundreds of matching services: past ``NEAR_LIMIT`` the
page keeps only the finder link, which filters the catalogue's own pages.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from etulinja.catalogue.model import Catalogue, Service
from etulinja.catalogue.views import group_view, label
from etulinja.reference import geography
from etulinja.self_care.programmes import Programme
from etulinja.site import urls

NEAR_LIMIT = 200
"""At most this many candidates are rendered into a landing page."""
NEAR_LEVELS = (0, 1, 2)
"""Levels of care a self-care reader is pointed to: self-care, guided self-care and
front-line care; specialised care is reached by referral."""
AGE_SPANS = {"children": (0, 12), "youth": (13, 17), "adults": (18, 120),
             "older-people": (65, 120), "families": (0, 120)}
"""The ages each of a programme's age groups means, to match a service's age range."""


def _for_readers(service: Service, programme: Programme) -> bool:
    low, high = service.age.min or 0, service.age.max if service.age.max is not None else 120
    return any(low <= AGE_SPANS[g][1] and AGE_SPANS[g][0] <= high
               for g in programme.age_groups)


def candidates(programme: Programme, catalogue: Catalogue, today: dt.date) -> list[Service]:
    """The regional services a reader of the programme may be pointed to: listed, on one
    of its topics, at a low level of care or a helpline, for the programme's ages."""
    topics = set(programme.topics)
    return [s for s in catalogue.listed(today)
            if not s.national and topics & set(s.topics) and _for_readers(s, programme)
            and (s.kind == "helpline" or (s.kind == "care" and s.care_level in NEAR_LEVELS))]


def finder_url(programme: Programme) -> str:
    """The service finder with the programme's topics: 'catalogue/?aihe=depression'."""
    return urls.CATALOGUE + "?" + urlencode([("aihe", t) for t in programme.topics])


def nearby(programmes: list[Programme], catalogue: Catalogue, today: dt.date,
           languages: tuple[str, ...]) -> dict[str, dict[str, dict[str, Any]]]:
    """Programme id -> language -> what its "help near you" box shows."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    places = geography.municipalities().values()
    for programme in programmes:
        found = candidates(programme, catalogue, today)
        shown = found if len(found) <= NEAR_LIMIT else []
        out[programme.id] = {}
        for lang in languages:
            services = []
            for service in shown:
                name, name_lang = service.name.in_language(lang, languages)
                summary, summary_lang = service.summary.in_language(lang, languages)
                services.append({
                    "name": name, "name_lang": name_lang if name_lang != lang else None,
                    "summary": summary,
                    "summary_lang": summary_lang if summary_lang != lang else None,
                    "url": urls.service(service.id),
                    "level": group_view(service, lang, languages)["title"],
                    "munis": " ".join(sorted(service.municipalities))})
            services.sort(key=lambda s: str(s["name"]).casefold())
            municipalities = []
            if services:
                for place in places:
                    name = label(place.name, lang, languages)
                    municipalities.append({"code": place.code, "name": name,
                                           "other": place.other_name(name),
                                           "county": place.county_code})
                municipalities.sort(key=lambda m: m["name"])
            out[programme.id][lang] = {"services": services,
                                       "municipalities": municipalities,
                                       "finder_url": finder_url(programme)}
    return out
