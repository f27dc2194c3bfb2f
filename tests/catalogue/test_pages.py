"""Catalogue pages as staff and citizens meet them: right services in the right places."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from etulinja.catalogue.hours import public_holidays
from etulinja.reference import i18n
from tests.support.sitepages import LANGUAGES, soup

PREFIX = {"fi": "", "sv": "sv/", "en": "en/"}


def listed_ids(page: Path) -> set[str]:
    return {li["data-id"] for li in soup(page).select("li.etu-service-item")}


def area_page(site: Path, municipality_slug: str, county_slug: str, lang: str = "fi") -> Path:
    return site / PREFIX[lang] / "catalogue" / "areas" / county_slug / municipality_slug / "index.html"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_service_has_a_page_in_each_language(fixture_site: Path, lang: str) -> None:
    for service_id in ("ph-guided-self-care", "ph-outsourced-self-care", "crisis-line"):
        page = fixture_site / PREFIX[lang] / "catalogue" / "services" / service_id / "index.html"
        assert page.is_file(), page
        assert soup(page).html["lang"] == lang


def test_municipality_page_respects_exclusions(fixture_site: Path) -> None:
    """Päijät-Häme's guided self-care is not provided in Orimattila: the alternative is."""
    assert listed_ids(area_page(fixture_site, "orimattila", "paijat-hame")) == {
        "ph-outsourced-self-care", "crisis-line"}
    assert listed_ids(area_page(fixture_site, "sysma", "paijat-hame")) == {
        "ph-outsourced-self-care", "crisis-line"}
    assert listed_ids(area_page(fixture_site, "lahti", "paijat-hame")) == {
        "ph-guided-self-care", "crisis-line"}


def test_municipality_that_changed_county_follows_its_county(fixture_site: Path) -> None:
    """Pukkila moved to Itä-Uusimaa in 2023: Päijät-Häme's services do not reach it."""
    assert listed_ids(area_page(fixture_site, "pukkila", "ita-uusimaa")) == {"crisis-line"}
    assert not area_page(fixture_site, "pukkila", "paijat-hame").exists()


def test_county_page_lists_services_reaching_any_of_its_municipalities(fixture_site: Path) -> None:
    page = fixture_site / "catalogue" / "areas" / "paijat-hame" / "index.html"
    assert listed_ids(page) == {"ph-guided-self-care", "ph-outsourced-self-care", "crisis-line"}
    links = {a.get_text(strip=True) for a in soup(page).select("#etu-municipalities ~ ul a")}
    assert {"Lahti", "Orimattila", "Sysmä"} <= links and "Pukkila" not in links


def test_county_pages_show_the_county_crisis_number(fixture_site: Path) -> None:
    page = soup(fixture_site / "sv" / "catalogue" / "areas" / "paijat-hame" / "index.html")
    urgent = page.select_one("section.etu-urgent ul.etu-urgent__list")
    assert urgent is not None
    assert "tel:+35835550100" in {a["href"] for a in urgent.select("a")}
    assert "Päijänne-Tavastland: Kriscenter (exempel)" in urgent.get_text(" ", strip=True)
    elsewhere = soup(fixture_site / "sv" / "catalogue" / "areas" / "helsinki" / "index.html")
    assert "tel:+35835550100" not in {a["href"] for a in elsewhere.select("a")}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_example_data_notice_on_every_catalogue_page(fixture_site: Path, lang: str) -> None:
    notice = i18n.table(lang)["catalogue.example_notice"]
    pages = list((fixture_site / PREFIX[lang] / "catalogue").rglob("index.html"))
    assert len(pages) > 300
    for page in pages:
        found = soup(page).select_one(".etu-notice--example")
        assert found is not None and found.get_text(strip=True) == notice, page


def test_service_page_tells_how_to_get_there(fixture_site: Path) -> None:
    page = soup(fixture_site / "en" / "catalogue" / "services" / "ph-guided-self-care" / "index.html")
    text = page.select_one("article").get_text(" ", strip=True)
    assert "Level 1: Guided self-care" in text
    assert "Via a care-need assessment" in text
    assert "Free of charge" in text
    assert "Mon\u2013Fri 8:00\u201315:00" in text  # en dashes
    assert "tel:+35835550142" in {a["href"] for a in page.select("a")}
    assert "not: Orimattila, Sysmä" in text
    # English description is missing: the Finnish one is shown, marked as Finnish.
    described = page.select_one("#etu-what").find_next("div")
    assert described["lang"] == "fi"


def test_holiday_closures_are_listed(fixture_site: Path) -> None:
    page = soup(fixture_site / "catalogue" / "services" / "ph-guided-self-care" / "index.html")
    holidays = page.select("ul.etu-holidays time")
    assert holidays, "a service closed on public holidays lists the coming ones"
    dates = [t["datetime"] for t in holidays]
    assert dates == sorted(dates)
    # The service is open Monday to Friday: only holidays on those days close it, so the
    # list is the coming weekday holidays (Christmas Day is one in any two years).
    today = dt.date.today()
    expected = [d.isoformat() for d, _ in public_holidays(today, 365, "fi") if d.weekday() < 5]
    assert dates == expected[: len(dates)] and len(dates) == min(6, len(expected))
    assert all(dt.date.fromisoformat(d).weekday() < 5 for d in dates)


def test_json_ld_carries_contacts_and_opening_hours(fixture_site: Path) -> None:
    page = soup(fixture_site / "catalogue" / "services" / "ph-guided-self-care" / "index.html")
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "GovernmentService"
    assert data["provider"]["name"] == "Päijät-Hämeen hyvinvointialue"
    (phone,) = [c["servicePhone"] for c in data["availableChannel"] if "servicePhone" in c]
    assert phone["@type"] == "ContactPoint" and phone["telephone"] == "+35835550142"
    hours = phone["hoursAvailable"]
    weekly = [h for h in hours if "dayOfWeek" in h and h.get("opens") == "08:00"]
    assert weekly and "https://schema.org/Monday" in weekly[0]["dayOfWeek"]
    assert any(h.get("dayOfWeek") == "https://schema.org/PublicHolidays"
               and h["opens"] == h["closes"] == "00:00" for h in hours)
    assert any(h.get("validFrom") == "2026-12-23" and h["closes"] == "12:00" for h in hours)
    (place,) = [c["serviceLocation"] for c in data["availableChannel"] if "serviceLocation" in c]
    assert place["address"]["postalCode"] == "15100"


def test_catalogue_home_lists_services_by_county_without_javascript(fixture_site: Path) -> None:
    page = soup(fixture_site / "catalogue" / "index.html")
    groups = {s["data-group"]: {li["data-id"] for li in s.select("li")}
              for s in page.select("section.etu-group")}
    assert groups == {"national": {"crisis-line"},
                      "09": {"ph-guided-self-care", "ph-outsourced-self-care"}}
    form = page.select_one("form#etu-finder")
    assert form.has_attr("hidden"), "the finder only appears when its script runs"


def test_finder_data_agrees_with_municipality_pages(fixture_site: Path) -> None:
    """The finder filters on data-munis; it must select what the municipality page lists."""
    home = soup(fixture_site / "catalogue" / "index.html")
    for slug, code in (("orimattila", "560"), ("lahti", "398"), ("sysma", "781")):
        chosen = {li["data-id"] for li in home.select("li.etu-service-item")
                  if li["data-munis"] == "all" or code in li["data-munis"].split()}
        assert chosen == listed_ids(area_page(fixture_site, slug, "paijat-hame")), slug


def test_inactive_and_expired_services_are_not_shown(catalogue_portal: Path) -> None:
    from tests.support.portal import run_etulinja

    service = catalogue_portal / "catalogue/services/paijat-hame/ph-outsourced-self-care.yml"
    service.write_text(service.read_text(encoding="utf-8").replace(
        "status: active", "status: inactive"), encoding="utf-8")
    crisis = catalogue_portal / "catalogue/services/national/crisis-line.yml"
    crisis.write_text(crisis.read_text(encoding="utf-8").replace(
        "status: active", "status: active\nvalid_to: 2020-12-31"), encoding="utf-8")
    result = run_etulinja(catalogue_portal, "build")
    assert result.returncode == 0, result.stderr
    site = catalogue_portal / "site"
    assert listed_ids(area_page(site, "orimattila", "paijat-hame")) == set()
    assert not (site / "catalogue" / "services" / "ph-outsourced-self-care").exists()
    assert not (site / "catalogue" / "services" / "crisis-line").exists()


def test_a_national_catalogue_home_lists_counties_not_every_service(
    catalogue_portal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """10,000 services on one page is megabytes on a phone: past the limit the home lists
    counties (with counts) and national services, and the finder opens municipality pages."""
    import datetime as dt

    from etulinja.config import load_config
    from etulinja.site import catalogue as pages
    from etulinja.site.content import check

    config = load_config(catalogue_portal)
    content, _ = check(config)
    monkeypatch.setattr(pages, "HOME_LISTING_LIMIT", 2)
    out = pages.render_catalogue(content.catalogue, config.languages, config.site_url,
                                 dt.date(2026, 11, 25), True)
    home = out["catalogue/index.sv.md"].data
    assert home["compact"] is True
    assert [(g["name"], g["count"], g["services"]) for g in home["groups"]] == [
        ("Päijänne-Tavastland", 2, [])]
    assert [s["id"] for s in home["national"]] == ["crisis-line"]
    orimattila = next(m for m in home["filters"]["municipalities"] if m["code"] == "560")
    assert orimattila["url"] == "catalogue/areas/paijat-hame/orimattila/"
    # Area pages keep their full listing and get the other filters.
    county = out["catalogue/areas/paijat-hame/index.sv.md"].data
    assert len(county["services"]) == 3 and county["filters"]["topics"]
    assert "municipalities" not in county["filters"]


def test_area_pages_have_filters_over_their_own_list(fixture_site: Path) -> None:
    page = soup(fixture_site / "catalogue" / "areas" / "paijat-hame" / "index.html")
    form = page.select_one("form#etu-finder")
    assert form is not None and form.has_attr("hidden")  # shown by the script
    # topics as checkboxes (several at once), the place already known: no municipality field
    topics = {box["value"] for box in page.select("input[type=checkbox][name=topic]")}
    listed = {code for item in page.select("#etu-listing li.etu-service-item")
              for code in item["data-topics"].split()}
    assert topics and topics <= listed  # only topics some listed service has
    assert not page.select_one("#etu-f-municipality")
    assert page.select("#etu-listing li.etu-service-item")
