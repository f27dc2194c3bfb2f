"""Service pages filled in by Etulinja into MkDocs' frame page: complete, findable, and
a broken frame fails the build instead of publishing markers."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.utils import get_relative_url

from etulinja.catalogue.model import Catalogue
from etulinja.config import load_config
from etulinja.reference import i18n
from etulinja.site.frames import SERVICE_PAGES, relative_url
from etulinja.site.frames import render_pages as render_service_pages
from etulinja.site.memo import Memo
from etulinja.site.slots import FRAME_ID, marker
from tests.support.portal import REPO, run_etulinja
from tests.support.sitepages import LANGUAGES, soup

PREFIX = {"fi": "", "sv": "sv/", "en": "en/"}
SERVICES = ("ph-guided-self-care", "ph-outsourced-self-care", "crisis-line")


def test_no_frame_or_marker_is_published(fixture_site: Path) -> None:
    for path in fixture_site.rglob("*"):
        assert FRAME_ID not in path.as_posix(), path
        if path.suffix in (".html", ".xml"):
            text = path.read_text(encoding="utf-8")
            assert FRAME_ID not in text and "etulinja-slot" not in text, path
            assert "<!--etulinja:" not in text, path


def test_sitemap_lists_every_service_in_every_language(fixture_site: Path) -> None:
    sitemap = (fixture_site / "sitemap.xml").read_text(encoding="utf-8")
    for service_id in SERVICES:
        for lang in LANGUAGES:
            url = f"https://etulinja.example/{PREFIX[lang]}catalogue/services/{service_id}/"
            assert f"<loc>{url}</loc>" in sitemap
            assert sitemap.count(f'href="{url}"') == 3  # an alternate in each language's entry


@pytest.mark.parametrize("lang", LANGUAGES)
def test_service_page_has_its_own_title_address_numbers_and_data(fixture_site: Path,
                                                                 lang: str) -> None:
    page = soup(fixture_site / PREFIX[lang] / "catalogue/services/ph-guided-self-care/index.html")
    name = page.select_one("h1").get_text(strip=True)
    assert page.title is not None and page.title.get_text().startswith(name)
    assert page.select_one('meta[name="description"]')["content"] == page.select_one(
        "p.etu-lead").get_text(strip=True)
    canonical = page.select_one('link[rel="canonical"]')["href"]
    assert canonical.endswith(f"/{PREFIX[lang]}catalogue/services/ph-guided-self-care/")
    alternates = {a["hreflang"]: a["href"] for a in page.select('link[rel="alternate"]')}
    assert alternates["sv"].endswith("/sv/catalogue/services/ph-guided-self-care/")
    # the county's own crisis number, first in the urgent-help block and in the full list
    first = {a["href"] for a in page.select(".etu-urgent__list a")}
    assert "tel:+35835550100" in first
    assert "tel:+35835550100" in {a["href"] for a in page.select(".etu-urgent__all a")}
    jsonld = page.select('script[type="application/ld+json"]')
    assert len(jsonld) == 1 and json.loads(jsonld[0].get_text())["name"] == name
    assert page.select_one('meta[name="etulinja:page-type"]')["content"] == "service"
    national = soup(fixture_site / PREFIX[lang] / "catalogue/services/crisis-line/index.html")
    assert "tel:+35835550100" not in {a["href"] for a in national.select(".etu-urgent a")}


@pytest.mark.parametrize(("url", "page"), [
    ("catalogue/areas/paijat-hame/", "catalogue/services/x/"),
    ("sv/catalogue/areas/paijat-hame/lahti/", "sv/catalogue/services/x/"),
    ("catalogue/services/x/", "catalogue/services/x/"),
    ("assets/stylesheets/etulinja.css", "en/catalogue/services/x/"),
    ("", "catalogue/services/x/"),
    ("https://example.fi/", "catalogue/services/x/"),
    ("#etu-main", "catalogue/services/x/"),
])
def test_links_are_made_as_mkdocs_makes_them(url: str, page: str) -> None:
    expected = url if url.startswith(("https:", "#")) else get_relative_url(url or ".", page)
    assert relative_url(url, page) == expected


def test_a_frame_without_its_markers_fails_the_build_and_keeps_the_site(
    catalogue_portal: Path
) -> None:
    assert run_etulinja(catalogue_portal, "build").returncode == 0
    before = {p: p.read_bytes() for p in (catalogue_portal / "site").rglob("*") if p.is_file()}
    template = catalogue_portal / "overrides" / "service.html"
    text = template.read_text()
    assert "{{ etulinja.slots.content }}" in text
    template.write_text(text.replace("{{ etulinja.slots.content }}", ""))
    result = run_etulinja(catalogue_portal, "build")
    assert result.returncode != 0
    assert "holds the 'content' slot 0 time(s), not 1 time(s)" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    after = {p: p.read_bytes() for p in (catalogue_portal / "site").rglob("*") if p.is_file()}
    assert after == before


def test_a_removed_service_loses_its_page_and_unchanged_pages_are_not_rewritten(
    fixture_site: Path, tmp_path: Path
) -> None:
    """What `mkdocs serve` relies on: it reuses its site folder between rebuilds."""
    root = tmp_path / "portal"
    shutil.copytree(fixture_site.parent, root, ignore=shutil.ignore_patterns("node_modules"))
    config = load_config(root)
    site = root / "site"
    services = site / "sv" / "catalogue" / "services"
    kept = services / "crisis-line" / "index.html"
    stamp = kept.stat().st_mtime_ns
    (config.page_data_dir / SERVICE_PAGES.records / "sv" / "ph-guided-self-care.json").unlink()
    written = render_service_pages(config, site, "sv", REPO / "overrides")
    assert written == 0
    assert not (services / "ph-guided-self-care").exists()
    assert kept.stat().st_mtime_ns == stamp
    record = config.page_data_dir / SERVICE_PAGES.records / "sv" / "crisis-line.json"
    data = json.loads(record.read_bytes())
    data["title"] = "Ny titel"
    record.write_text(json.dumps(data))
    assert render_service_pages(config, site, "sv", REPO / "overrides") == 1
    assert "<title>Ny titel" in kept.read_text(encoding="utf-8")
    assert marker("title") not in kept.read_text(encoding="utf-8")


def test_remembered_fill_redoes_every_page_when_a_template_changes(
    fixture_site: Path, tmp_path: Path
) -> None:
    """`etulinja serve` skips pages whose frame and record are unchanged; an edited body
    template must still reach every page (MkDocs renders an unchanged frame)."""
    root = tmp_path / "portal"
    shutil.copytree(fixture_site.parent, root, ignore=shutil.ignore_patterns("node_modules"))
    config = load_config(root)
    site = root / "site"
    theme = root / "overrides"
    memo = Memo()
    render_service_pages(config, site, "sv", theme, memo=memo)
    assert render_service_pages(config, site, "sv", theme, memo=memo) == 0
    body = theme / "partials" / "etu-service-body.html"
    body.write_text(body.read_text(encoding="utf-8").replace(
        "<div data-pagefind-body>", "<div data-pagefind-body data-edited>"), encoding="utf-8")
    pages = sorted((site / "sv" / "catalogue" / "services").glob("*/index.html"))
    assert render_service_pages(config, site, "sv", theme, memo=memo) == len(pages)
    assert all("data-edited" in page.read_text(encoding="utf-8") for page in pages)


# What a service page says beyond the basics, checked over the example data: every service
# that has the field shows it (and the example data must have some, or nothing is shown).

@pytest.fixture(scope="module")
def example_catalogue(built_portal: Path) -> Catalogue:
    from etulinja.site.content import check

    content, problems = check(load_config(built_portal))
    assert not problems.errors
    return content.catalogue


def _page(site: Path, lang: str, service_id: str) -> BeautifulSoup:
    return soup(site / PREFIX[lang] / "catalogue" / "services" / service_id / "index.html")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_closed_service_says_why_and_when_it_opens(site: Path, example_catalogue: Catalogue,
                                                     lang: str) -> None:
    closed = [s for s in example_catalogue.services.values()
              if s.temporarily_closed and s.closure is not None and s.closure.reopens]
    assert closed
    for service in closed:
        assert service.closure is not None and service.closure.reopens is not None
        notice = _page(site, lang, service.id).select_one(".etu-notice--closed")
        assert notice is not None, service.id
        text = notice.get_text(" ", strip=True)
        assert i18n.format_date(service.closure.reopens, lang) in text
        assert service.closure.reason.in_language(lang, LANGUAGES)[0] in text


def test_coming_sessions_are_listed_in_date_order(site: Path,
                                                  example_catalogue: Catalogue) -> None:
    today = dt.date.today()
    with_sessions = [s for s in example_catalogue.services.values()
                     if any(x.date >= today for x in s.sessions)]
    assert with_sessions
    for service in with_sessions:
        shown = [t["datetime"] for t in
                 _page(site, "sv", service.id).select("ul.etu-sessions time")]
        assert shown == sorted(x.date.isoformat() for x in service.sessions if x.date >= today)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_professionals_find_how_to_refer(site: Path, example_catalogue: Catalogue,
                                         lang: str) -> None:
    strings = i18n.table(lang)
    found = [s for s in example_catalogue.services.values() if s.professionals is not None]
    assert len(found) >= 5
    for service in found:
        pro = service.professionals
        assert pro is not None
        page = _page(site, lang, service.id)
        part = page.select_one("section.etu-card--professionals")
        assert part is not None, service.id
        labels = [dt_.get_text(strip=True) for dt_ in part.select("dt")]
        for key in ("who_may_refer", "where_to_send", "what_to_include", "criteria",
                    "exclusions", "waiting_time"):
            assert (strings[f"service.{key}"] in labels) == bool(getattr(pro, key)), (
                service.id, key)
        if pro.consultation is not None and pro.consultation.phone is not None:
            assert part.select_one(f'a[href="tel:{pro.consultation.phone.tel}"]')
        # staff reach the part from the top of the page
        assert page.select_one('.etu-quick a[href="#etu-professionals"]')


def test_swedish_only_texts_are_marked_swedish_on_other_pages(
        site: Path, example_catalogue: Catalogue) -> None:
    swedish_first = [s for s in example_catalogue.services.values()
                     if s.description.get("sv") and not s.description.get("fi")]
    assert swedish_first, "the example data has a Swedish-first service"
    for service in swedish_first:
        for lang in ("fi", "en"):
            page = _page(site, lang, service.id)
            what = page.select_one("#etu-what").find_parent("section")
            body = what.select_one("div[lang]")
            assert body is not None and body["lang"] == "sv", (service.id, lang)
        assert _page(site, "sv", service.id).select_one("#etu-what").find_parent(
            "section").select_one("div[lang]") is None
