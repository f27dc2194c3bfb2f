"""The search page, one per language: what ``search.html`` lays out and what the
reader's browser needs to search well (``assets/javascripts/search.js``), handed over as
data attributes (the site's CSP allows no inline script).

- the crisis phrasings of every language (a reader may type in their own language on
  any language's page) and the urgent-help lines of the crisis answer;
- every county's own urgent numbers, hidden: the page shows the reader's county's when
  the reader has chosen to remember a place (``localStorage["etulinja.county"]``);
- the page language's everyday words per topic, searched as well as what was typed.
"""

from __future__ import annotations

import json
from typing import Any

from etulinja.catalogue.model import Catalogue
from etulinja.catalogue.views import county_helplines
from etulinja.reference import geography, i18n, search_terms
from etulinja.site import urls
from etulinja.site.pagefile import PageSource


def _counties(catalogue: Catalogue, lang: str,
              languages: tuple[str, ...]) -> list[dict[str, Any]]:
    counties = geography.counties()
    return [{"code": code, "lines": county_helplines(catalogue, code, lang, languages)}
            for code in sorted(catalogue.helplines)
            if code in counties and catalogue.helplines[code]]


def search_page(catalogue: Catalogue, lang: str, languages: tuple[str, ...]) -> PageSource:
    """The search page in ``lang``."""
    strings = i18n.table(lang)
    crisis = search_terms.crisis_terms()
    phrases = sorted({phrase for found in crisis.terms.values() for phrase in found})
    synonyms = search_terms.synonyms().get(lang, {})
    return PageSource(
        title=str(strings["search.title"]), description=str(strings["search.summary"]),
        data={"kind": "search", "content_lang": lang, "fallback": False, "reviewed": None,
              "crisis_terms": json.dumps(phrases, ensure_ascii=False),
              "crisis_lines": list(crisis.answer_lines(lang)),
              "synonyms": json.dumps({key: list(words) for key, words in synonyms.items()},
                                     ensure_ascii=False),
              "counties": _counties(catalogue, lang, languages)},
        template="search.html", hide=("toc",))


def render_search(catalogue: Catalogue, languages: tuple[str, ...]) -> dict[str, PageSource]:
    """The search page of every language: assembled path -> page."""
    return {urls.source_file(urls.SEARCH, lang): search_page(catalogue, lang, languages)
            for lang in languages}
