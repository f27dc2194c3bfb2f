"""Guided self-care pages: each programme's guide for the professional who guides a
client through it ("ohjaajan opas", ``self-care/<id>/guide/``), and the links to these
guides from the catalogue's guided self-care services.

The guide is the ``guide:`` part of ``programme.yml`` (``self_care/guides.py``): one to
five contacts, the steps and questions of each, and when to step up to the next level of
care. A service links to a programme's guide when it is guided self-care (its methods
name ``guided-self-care``) and shares a topic with the programme: composed here, so the
catalogue knows nothing of programmes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from etulinja.catalogue.model import Catalogue, Service
from etulinja.reference import i18n
from etulinja.self_care.programmes import Programme
from etulinja.site import urls
from etulinja.site.pagefile import PageSource

GUIDED_SELF_CARE = "guided-self-care"
"""The method code of guided self-care (src/etulinja/data/methods.yml)."""


def guided_programmes(service: Service, programmes: list[Programme]) -> list[Programme]:
    """The programmes with a guide that a guided self-care service can use: those sharing
    one of its topics. Empty for a service that is not guided self-care."""
    if GUIDED_SELF_CARE not in service.methods:
        return []
    topics = set(service.topics)
    return [p for p in programmes if p.guide is not None and topics & set(p.topics)]


def _text(value: i18n.Text, lang: str, languages: tuple[str, ...]) -> dict[str, Any]:
    text, found = value.in_language(lang, languages)
    return {"text": text, "lang": found if found != lang else None}


def _lines(value: i18n.PerLanguage[tuple[str, ...]], lang: str,
           languages: tuple[str, ...]) -> dict[str, Any]:
    found = value.in_language(lang, languages)
    if found is None:
        return {"lines": [], "lang": None}
    lines, in_lang = found
    return {"lines": list(lines), "lang": in_lang if in_lang != lang else None}


def _guide_page(programme: Programme, lang: str, languages: tuple[str, ...]) -> PageSource:
    guide = programme.guide
    assert guide is not None  # only programmes with a guide get a page
    strings = i18n.table(lang)
    title, title_lang = programme.title.in_language(lang, languages)
    numbers = {step.id: n for n, step in enumerate(programme.steps, start=1)}
    steps = {step.id: step for step in programme.steps}
    contacts = []
    for n, contact in enumerate(guide.contacts, start=1):
        links = []
        for step_id in contact.steps:
            version = i18n.in_language(steps[step_id].versions, lang, languages, None)[0]
            if version is None:  # etulinja check refuses a step without fi and sv
                continue
            links.append({"n": numbers[step_id], "title": version.title,
                          "url": urls.step(programme.id, step_id),
                          "lang": version.lang if version.lang != lang else None})
        contacts.append({"n": n, "title": str(strings["guide.contact"]).format(n=n),
                         "steps": links, "focus": _text(contact.focus, lang, languages),
                         "ask": _lines(contact.ask, lang, languages)})
    step_up = _lines(guide.step_up, lang, languages)
    fallback = bool(step_up["lang"]) or any(
        contact.focus.in_language(lang, languages)[1] != lang for contact in guide.contacts)
    by, by_lang = programme.reviewed_by.in_language(lang, languages)
    data = {
        "kind": "programme-guide", "content_lang": languages[0] if fallback else lang,
        "fallback": fallback,
        "reviewed": {"date": programme.last_reviewed.isoformat(),
                     "text": i18n.format_date(programme.last_reviewed, lang),
                     "by": by, "by_lang": by_lang if by_lang != lang else None},
        "programme": {"title": title, "url": urls.programme(programme.id),
                      "lang": title_lang if title_lang != lang else None},
        "contacts": contacts,
        "step_up": step_up,
    }
    return PageSource(title=str(strings["guide.title"]).format(programme=title),
                      description=str(strings["guide.summary"]), data=data,
                      template="programme-guide.html", hide=("toc",))


def render_guides(programmes: list[Programme],
                  languages: tuple[str, ...]) -> dict[str, PageSource]:
    """The guide page of every programme that has a guide, in every language."""
    return {urls.source_file(urls.guide(p.id), lang): _guide_page(p, lang, languages)
            for lang in languages for p in programmes if p.guide is not None}


def guide_links(programmes: list[Programme], catalogue: Catalogue, today: dt.date,
                languages: tuple[str, ...]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Service id -> language -> the programme guides its page links to, for every
    listed guided self-care service that shares a topic with a programme."""
    found: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for service in catalogue.listed(today):
        chosen = guided_programmes(service, programmes)
        if not chosen:
            continue
        found[service.id] = {}
        for lang in languages:
            items = []
            for programme in chosen:
                title, title_lang = programme.title.in_language(lang, languages)
                items.append({"title": title, "lang": title_lang if title_lang != lang else None,
                              "url": urls.programme(programme.id),
                              "guide_url": urls.guide(programme.id)})
            found[service.id][lang] = items
    return found
