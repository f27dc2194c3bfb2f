"""Markdown pages in ``docs/``: general pages and psychoeducation articles.

Files are translated by suffix (``low-mood.fi.md``, ``low-mood.sv.md``): the part before
the language code is the page's id and URL, shared by all its language versions.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from etulinja.reference import codes
from etulinja.sources.problems import Problems
from etulinja.sources.rules import Limits, MarkdownFile, missing_languages, read_markdown

ARTICLES_FOLDER = "articles"
_SUFFIX = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2})\.md$")
# A page's id is its address: plain letters, digits and hyphens, folders by '/'. Anything
# else would need escaping in every link, sitemap entry and search-index pattern.
_PAGE_ID = re.compile(r"[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*")
# A generated page owns this id; an editor's file with the same id would be overwritten.
RESERVED_IDS = {f"{ARTICLES_FOLDER}/index", "search"}
# Folders whose pages Etulinja generates from other sources (catalogue/, self_care/).
RESERVED_FOLDERS = ("catalogue", "self-care")


@dataclass(frozen=True)
class Source:
    """A source an article is based on, listed at its end."""

    title: str
    url: str = ""
    """https:// address, or "" for a source that is not online."""


@dataclass(frozen=True)
class PageVersion:
    """One language version of a page, as the editor wrote it, checked."""

    lang: str
    source: Path
    title: str
    """The page's title and only ``#`` heading."""
    summary: str
    """Meta description and the text in listings, at most 160 characters."""
    body: str
    """Markdown, checked against the content policy."""
    last_reviewed: dt.date | None = None
    reviewed_by: str = ""
    audience: tuple[str, ...] = ()
    """Articles: 'citizens', 'professionals'."""
    age_groups: tuple[str, ...] = ()
    """Articles: 'adults', 'youth', 'children', 'families', 'older-people'."""
    topics: tuple[str, ...] = ()
    """Articles: topic codes (data/topics.yml)."""
    sources: tuple[Source, ...] = ()
    """Articles: what the text is based on."""

    @classmethod
    def of(cls, file: MarkdownFile) -> PageVersion:
        """The typed version of a Markdown file whose front matter is valid."""
        meta = file.meta
        return cls(
            lang=file.lang, source=file.source, title=str(meta["title"]),
            summary=str(meta["summary"]), body=file.body, last_reviewed=file.last_reviewed,
            reviewed_by=str(meta.get("reviewed_by", "")),
            audience=tuple(meta.get("audience", ())),
            age_groups=tuple(meta.get("age_groups", ())),
            topics=tuple(meta.get("topics", ())),
            sources=tuple(Source(str(s["title"]), str(s.get("url", "")))
                          for s in meta.get("sources", ())))


@dataclass(frozen=True)
class Page:
    """A page and its language versions; ``kind`` picks its schema and template."""

    page_id: str
    """Path without language suffix, e.g. ``articles/low-mood`` — also its URL."""
    kind: str
    """'article', 'home' or 'page'."""
    versions: dict[str, PageVersion] = field(default_factory=dict)
    """Language -> that language's version; the required languages are all there."""

    @property
    def is_article(self) -> bool:
        return self.kind == "article"


def _kind(page_id: str) -> str:
    """Page type: picks the schema, the template's layout and the quality gate's sample."""
    if page_id.startswith(f"{ARTICLES_FOLDER}/"):
        return "article"
    return "home" if page_id == "index" else "page"


def load_pages(docs: Path, limits: Limits, problems: Problems) -> list[Page]:
    """Read every Markdown file in ``docs``, collecting problems instead of stopping."""
    pages: dict[str, Page] = {}
    if not docs.is_dir():
        problems.error(docs, 0, "the docs folder is missing")
        return []
    unreadable: set[tuple[str, str]] = set()
    for path in sorted(docs.rglob("*")):
        if any(part.startswith(".") for part in path.relative_to(docs).parts):
            continue
        relative = path.relative_to(docs).as_posix()
        if path.is_dir():
            if relative.endswith(".md"):
                problems.error(path, 0, "is a folder, but a name ending in .md is for a page; "
                               "rename the folder")
            continue
        if not relative.endswith(".md"):
            continue  # images and other assets are copied as they are
        match = _SUFFIX.match(relative)
        if match is None:
            problems.error(
                path,
                0,
                "the file name needs a language suffix, e.g. "
                f"'{relative.removesuffix('.md')}.fi.md'",
            )
            continue
        stem, lang = match["stem"], match["lang"]
        if not _PAGE_ID.fullmatch(stem):
            problems.error(path, 0, f"the file name '{path.name}' is the page's address: use "
                           "lowercase letters a-z, digits and hyphens in file and folder "
                           "names, e.g. 'articles/sleep-problems.fi.md'")
            continue
        if lang not in limits.languages:
            problems.error(
                path,
                0,
                f"unknown language '{lang}' in the file name; use one of: "
                + ", ".join(limits.languages),
            )
            continue
        if stem in RESERVED_IDS or stem.split("/")[0] in RESERVED_FOLDERS:
            problems.error(path, 0, f"'{stem}' is generated by Etulinja; choose another name")
            continue
        kind = _kind(stem)
        version = read_markdown(path, lang, "article" if kind == "article" else "page",
                                limits, problems, topics=codes.topics())
        if version is None:
            unreadable.add((stem, lang))  # already reported; not "missing" as well
            continue
        page = pages.setdefault(stem, Page(stem, _kind(stem)))
        page.versions[lang] = PageVersion.of(version)

    for page in pages.values():
        first = next(iter(page.versions.values())).source
        for lang in missing_languages(page.versions, limits):
            if (page.page_id, lang) not in unreadable:
                problems.error(
                    first,
                    0,
                    f"'{page.page_id}' has no {lang} version: add "
                    f"'{Path(page.page_id).name}.{lang}.md' beside it",
                )
    return [pages[key] for key in sorted(pages)]
