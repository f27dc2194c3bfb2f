"""Reading the built site the way a browser or crawler would: pages, languages, links."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

from bs4 import BeautifulSoup

LANGUAGES = ("fi", "sv", "en")


def language_of(site: Path, page: Path) -> str:
    """The language a page is published in, from its folder (/sv/, /en/ or the root)."""
    first = page.relative_to(site).parts[0]
    return first if first in ("sv", "en") else "fi"


def html_pages(site: Path) -> Iterator[Path]:
    """Every HTML page of the site, in a stable order."""
    yield from sorted(site.rglob("*.html"))


def content_pages(site: Path) -> Iterator[Path]:
    """Pages a reader reaches by link (every HTML page but the 404s)."""
    for page in html_pages(site):
        if page.name != "404.html":
            yield page


@cache
def soup(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def url_of(site: Path, page: Path) -> str:
    """Site-relative URL of a page: 'sv/articles/sleep/'."""
    relative = page.relative_to(site).as_posix()
    return relative.removesuffix("index.html")


def resolve(site: Path, page: Path, href: str) -> Path:
    """The file a relative link on ``page`` leads to."""
    path = href.split("#")[0]
    base = site if path.startswith("/") else page.parent
    target = (base / path.lstrip("/")).resolve()
    if target.is_dir() or href.split("#")[0].endswith("/") or not target.suffix:
        target = target / "index.html"
    return target
