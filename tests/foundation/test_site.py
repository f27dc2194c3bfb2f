"""The built example site, as readers and crawlers meet it, in fi, sv and en."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from etulinja.reference import codes, i18n
from tests.support.sitepages import (
    LANGUAGES,
    content_pages,
    html_pages,
    language_of,
    resolve,
    soup,
    url_of,
)

SITE_URL = "https://etulinja.example/"


def test_every_page_has_the_language_of_its_folder(site: Path) -> None:
    pages = list(html_pages(site))
    assert len(pages) >= 3 * 11
    for page in pages:
        assert soup(page).html["lang"] == language_of(site, page), page


def test_each_page_exists_in_all_three_languages(site: Path) -> None:
    finnish = {url_of(site, p) for p in content_pages(site) if language_of(site, p) == "fi"}
    for lang in ("sv", "en"):
        others = {
            url_of(site, p).removeprefix(f"{lang}/")
            for p in content_pages(site)
            if language_of(site, p) == lang
        }
        assert others == finnish


def test_switcher_and_hreflang_lead_to_the_same_page(site: Path) -> None:
    for page in content_pages(site):
        lang = language_of(site, page)
        path = url_of(site, page).removeprefix(f"{lang}/") if lang != "fi" else url_of(site, page)
        doc = soup(page)
        # Language links in the header: every other language, same page.
        links = {a["hreflang"]: a for a in doc.select("nav.etu-languages a[hreflang]")}
        assert set(links) == set(LANGUAGES) - {lang}, page
        for other, link in links.items():
            target = resolve(site, page, link["href"])
            expected = site / (path if other == "fi" else f"{other}/{path}") / "index.html"
            assert target == expected.resolve(), (page, link["href"])
            assert link["lang"] == other
        # <head> alternates: absolute, one per language plus x-default (Finnish).
        alternates = {
            link["hreflang"]: link["href"]
            for link in doc.select('head link[rel="alternate"][hreflang]')
        }
        assert set(alternates) == {*LANGUAGES, "x-default"}, page
        assert alternates["fi"] == SITE_URL + path
        assert alternates["x-default"] == SITE_URL + path
        assert alternates["sv"] == f"{SITE_URL}sv/{path}"
        assert alternates["en"] == f"{SITE_URL}en/{path}"


def test_sitemap_lists_pages_with_language_alternates(site: Path) -> None:
    tree = ET.parse(site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = {u.findtext("s:loc", namespaces=ns): u for u in tree.getroot().findall("s:url", ns)}
    low_mood = urls[f"{SITE_URL}articles/low-mood/"]
    alternates = {a.get("hreflang"): a.get("href") for a in low_mood.findall("x:link", ns)}
    assert alternates["sv"] == f"{SITE_URL}sv/articles/low-mood/"
    assert alternates["en"] == f"{SITE_URL}en/articles/low-mood/"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_urgent_help_with_tel_links_is_on_every_page(site: Path, lang: str) -> None:
    expected = [line for line in codes.helplines() if lang in line.first_in]
    assert any(line.number == "112" for line in expected)
    for page in html_pages(site):
        if language_of(site, page) != lang:
            continue
        block = soup(page).select_one("section.etu-urgent")
        assert block is not None, page
        assert block.find("h2").get_text(strip=True) == i18n.table(lang)["urgent.title"]
        visible = block.select("ul.etu-urgent__list a[href^='tel:']")
        assert [a["href"] for a in visible][: len(expected)] == [f"tel:{x.tel}" for x in expected]
        everything = {a["href"] for a in block.select("a.etu-urgent__link")}
        assert {f"tel:{x.tel}" if x.tel else x.url for x in codes.helplines()} <= everything
        assert any(x.url for x in codes.helplines()), "a chat for those who cannot call"
        sources = {a["href"] for a in block.select("a.etu-urgent__hours")}
        assert {x.source for x in codes.helplines()} <= sources, "hours link to the operator"


def test_urgent_help_comes_right_after_the_skip_link(site: Path) -> None:
    """Keyboard users reach the numbers with their second Tab press on any page."""
    for page in html_pages(site):
        # Material's own skip link is display:none (it skips the first paragraphs).
        focusable = [
            tag
            for tag in soup(page).select("a[href], button, summary, input:not([type=checkbox])")
            if not tag.find_parent(attrs={"data-md-component": "skip"})
        ]
        assert "etu-skip" in focusable[0].get("class", []), page
        assert focusable[0]["href"] == "#etu-main"
        assert focusable[1]["href"] == "tel:112", page
        assert soup(page).find(id="etu-main") is not None


OUTSIDE = re.compile(
    r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import\s+["']?(?:https?:)?//|\bfetch\(|XMLHttpRequest"""
)


def test_no_outside_hosts_in_html_css_or_js(site: Path) -> None:
    """Privacy: nothing the site itself loads comes from elsewhere (content links may)."""
    loaded: set[Path] = set()
    for page in html_pages(site):
        for tag in soup(page).select('script[src], link[rel="stylesheet"][href]'):
            loaded.add(resolve(site, page, str(tag.get("src") or tag.get("href"))))
    assert loaded
    for path in sorted(loaded):
        if path.suffix in (".css", ".js"):
            text = path.read_text(encoding="utf-8", errors="replace")
            hits = [
                m.group(0)
                for m in OUTSIDE.finditer(text)
                if "www.w3.org" not in text[m.start() : m.start() + 60]
            ]
            assert not hits, (path, hits[:3])
    for page in html_pages(site):
        doc = soup(page)
        for tag in doc.find_all(
            [
                "script",
                "img",
                "iframe",
                "link",
                "source",
                "video",
                "audio",
                "embed",
                "object",
                "form",
            ]
        ):
            for attribute in ("src", "href", "data", "action", "srcset"):
                value = tag.get(attribute)
                if not value:
                    continue
                if tag.name == "link" and tag.get("rel") in (["alternate"], ["canonical"]):
                    continue  # not fetched by browsers: crawler hints
                assert not re.match(r"^(https?:)?//", str(value)), (page, tag)
        for tag in doc.find_all(style=True):
            assert "//" not in tag["style"], (page, tag)


@pytest.mark.parametrize(("lang", "prefix"), [("fi", ""), ("sv", "sv/"), ("en", "en/")])
def test_legal_pages_exist_and_are_linked_from_every_page(
    site: Path, lang: str, prefix: str
) -> None:
    strings = i18n.table(lang)
    for name in ("accessibility", "privacy", "about"):
        assert (site / prefix / name / "index.html").is_file()
    for page in html_pages(site):
        if language_of(site, page) != lang:
            continue
        footer = soup(page).select_one("nav.etu-footer")
        assert footer is not None, page
        links = {a.get_text(strip=True): a["href"] for a in footer.select("a")}
        for name in ("accessibility", "privacy", "about"):
            target = resolve(site, page, links[strings[f"footer.{name}"]])
            assert target == (site / prefix / name / "index.html").resolve(), (page, name)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_accessibility_statement_has_what_the_law_requires(site: Path, lang: str) -> None:
    prefix = "" if lang == "fi" else f"{lang}/"
    text = (
        soup(site / prefix / "accessibility" / "index.html")
        .select_one("article")
        .get_text(" ", strip=True)
    )
    assert "WCAG" in text
    assert "14" in text  # answered within 14 days
    assert "saavutettavuusvaatimukset.fi" in text
    assert "2026" in text  # when it was assessed


def test_untranslated_page_falls_back_to_finnish_with_a_notice(site: Path) -> None:
    page = soup(site / "en" / "articles" / "sleep" / "index.html")
    notice = page.select_one(".etu-notice")
    assert notice is not None
    assert notice.get_text(strip=True) == i18n.table("en")["fallback.notice"]
    assert page.select_one("h1")["lang"] == "fi"
    assert page.select_one(".etu-body")["lang"] == "fi"
    # A translated page has no notice and no language override.
    translated = soup(site / "en" / "articles" / "low-mood" / "index.html")
    assert translated.select_one(".etu-notice") is None
    assert translated.select_one(".etu-body").get("lang") is None


def test_articles_show_review_date_and_reviewer(site: Path) -> None:
    page = soup(site / "sv" / "articles" / "low-mood" / "index.html")
    reviewed = page.select_one(".etu-reviewed").get_text(" ", strip=True)
    assert reviewed.startswith("Granskad ")
    assert re.search(r"\d{1,2}\.\d{1,2}\.20\d\d", reviewed)
    assert "Granskare:" in reviewed


def test_meta_description_is_the_summary(site: Path, built_portal: Path) -> None:
    source = (built_portal / "docs" / "articles" / "anxiety.sv.md").read_text(encoding="utf-8")
    summary = re.search(r"^summary:\s*(.+)$", source, re.M)
    assert summary is not None
    expected = summary.group(1).strip().strip('"').strip("'")
    page = soup(site / "sv" / "articles" / "anxiety" / "index.html")
    assert page.select_one('meta[name="description"]')["content"] == expected


def test_site_description_is_translated(site: Path) -> None:
    home = soup(site / "sv" / "index.html")
    # The home page's own summary wins; a page without one falls back to the site's.
    assert home.select_one('meta[name="description"]')["content"]
    config = json.loads(soup(site / "sv" / "index.html").select_one("#__config").string)
    assert config["base"]


@pytest.mark.parametrize(("lang", "prefix"), [("fi", ""), ("sv", "sv/"), ("en", "en/")])
def test_a_404_page_in_each_language(site: Path, lang: str, prefix: str) -> None:
    page = soup(site / prefix / "404.html")
    assert page.html["lang"] == lang
    assert page.select_one("h1").get_text(strip=True) == i18n.table(lang)["not_found.title"]


def test_no_material_javascript_bundle(site: Path) -> None:
    """Material's bundle fetches sitemap.xml beside every hreflang link; it must not load."""
    for page in html_pages(site):
        assert not soup(page).select('script[src*="bundle"]'), page
