"""The pages editors write in ``docs/``, per language: general pages, articles and the
article list, as assembled pages for MkDocs (the search page: ``search_page``).

A page missing in a language that may fall back (English) is published from the file of
the first of the site's languages that has one (the default first: ``i18n.in_language``),
with the fallback notice and ``lang`` set to the language it is in.
"""

from __future__ import annotations

from typing import Any

from etulinja.articles.pages import Page, PageVersion
from etulinja.reference import codes, i18n
from etulinja.site import urls
from etulinja.site.pagefile import PageSource


def _reviewed(version: PageVersion, lang: str) -> dict[str, str] | None:
    date = version.last_reviewed
    if date is None:
        return None
    return {
        "date": date.isoformat(),
        "text": i18n.format_date(date, lang),
        "by": version.reviewed_by,
    }


def _version(page: Page, lang: str, languages: tuple[str, ...]) -> PageVersion | None:
    """The page in ``lang``, or in the first of the site's languages it is written in."""
    return i18n.in_language(page.versions, lang, languages, None)[0]


def _page_source(page: Page, version: PageVersion, lang: str,
                 languages: tuple[str, ...]) -> PageSource:
    strings = i18n.table(lang)
    topic_labels = codes.topics()
    info: dict[str, Any] = {
        "kind": page.kind,
        "content_lang": version.lang,
        "fallback": version.lang != lang,
        "reviewed": _reviewed(version, lang),
    }
    if page.is_article:
        info["audience"] = [strings[f"audience.{a}"] for a in version.audience]
        info["age_groups"] = [strings[f"age_group.{a}"] for a in version.age_groups]
        info["topics"] = [i18n.in_language(topic_labels[t], lang, languages, "")[0]
                          for t in version.topics]
        info["sources"] = [{"title": s.title, **({"url": s.url} if s.url else {})}
                           for s in version.sources]
    return PageSource(title=version.title, description=version.summary, data=info,
                      body=version.body)


def _articles_index(pages: list[Page], lang: str, languages: tuple[str, ...]) -> PageSource:
    """The generated article listing for one language ("Artikkelit").

    An article not yet translated is listed in the language it exists in, marked as
    such and tagged with ``lang`` so screen readers switch voice (WCAG 3.1.2).
    """
    strings = i18n.table(lang)
    items: list[dict[str, Any]] = []
    for page in pages:
        if not page.is_article:
            continue
        version = _version(page, lang, languages)
        if version is None:
            continue
        items.append({"title": version.title,
                      "summary": version.summary,
                      "url": urls.article(page.page_id),
                      "lang": version.lang if version.lang != lang else None})
    items.sort(key=lambda item: (str(item["title"]).casefold(), item["url"]))
    return PageSource(
        title=str(strings["articles.title"]), description=str(strings["articles.summary"]),
        data={"kind": "article-index", "content_lang": lang, "fallback": False,
              "reviewed": None, "intro": str(strings["articles.intro"]), "articles": items},
        template="articles.html")



def render_articles(pages: list[Page], languages: tuple[str, ...]) -> dict[str, PageSource]:
    """Every page of docs/ in every language and the article list:
    assembled path (``articles/sleep.sv.md``) -> page."""
    out: dict[str, PageSource] = {}
    for page in pages:
        for lang in languages:
            version = _version(page, lang, languages)
            if version is not None:
                out[urls.source_file(urls.article(page.page_id), lang)] = _page_source(
                    page, version, lang, languages)
    if any(page.is_article for page in pages):
        for lang in languages:
            out[urls.index_file(urls.ARTICLES, lang)] = _articles_index(pages, lang, languages)
    return out
