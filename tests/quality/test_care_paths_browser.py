"""A county's care path in a real browser: the reader types their municipality and sees
their own version of the path, kept in the address, on a phone and by keyboard alone
(Chromium, headless, nothing leaving the device)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from tests.quality.gate import GuardedContext, open_page, outside_requests

COUNTY_PAGE = "care-paths/adults-depression-anxiety/paijat-hame/"
"""Päijät-Häme: Orimattila and Sysmä reach guided self-care through an outsourced
provider's health station; Lahti follows the county's path."""
STEP = 'li[data-step="guided-self-care"]'


def shown_version(page: Page) -> str:
    """The municipalities of the version of the path on screen ("" for the county's)."""
    versions = page.locator("[data-etu-version]:visible")
    assert versions.count() == 1
    return str(versions.first.get_attribute("data-munis"))


def shown_step_title(page: Page) -> str:
    return page.locator(f"[data-etu-version]:visible {STEP} h3").inner_text()


@pytest.mark.parametrize("typed", ["Orimattila", "560"])
def test_typing_a_municipality_shows_its_path_and_keeps_it_in_the_address(
        site_contexts: dict[str, GuardedContext], typed: str) -> None:
    guarded = site_contexts["mobile"]
    page = open_page(guarded, COUNTY_PAGE)
    assert page.viewport_size is not None and page.viewport_size["width"] == 360
    county_title = shown_step_title(page)
    assert shown_version(page) == ""
    page.locator("#etu-path-municipality").fill(typed)
    assert "560" in shown_version(page).split()
    assert shown_step_title(page) != county_title
    assert page.url.endswith("?kunta=560")
    assert "Orimattila" in page.locator("#etu-path-status").inner_text()
    page.reload()
    assert page.locator("#etu-path-municipality").input_value() == "Orimattila"
    assert "560" in shown_version(page).split()
    # Lahti: the county's steps, and only services available in Lahti
    page.locator("#etu-path-municipality").fill("Lahtis")  # its Swedish name
    assert shown_version(page) == ""
    assert page.url.endswith("?kunta=398")
    for item in page.locator(f"[data-etu-version]:visible {STEP} li.etu-path-service").all():
        munis = str(item.get_attribute("data-munis"))
        assert item.is_visible() == (munis == "all" or "398" in munis.split())
    box = page.locator("#etu-path-municipality").bounding_box()
    assert box is not None and box["x"] + box["width"] <= 360
    assert not outside_requests(guarded)


def test_the_municipality_choice_works_by_keyboard(
        site_contexts: dict[str, GuardedContext]) -> None:
    guarded = site_contexts["desktop"]
    page = open_page(guarded, COUNTY_PAGE)
    field = page.locator("#etu-path-municipality")
    for _ in range(60):  # tab from the top of the page to the field
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "etu-path-municipality":
            break
    else:
        pytest.fail("the municipality field cannot be reached with Tab")
    page.keyboard.type("Sysmä")
    assert "781" in shown_version(page).split()
    assert page.url.endswith("?kunta=781")
    assert field.get_attribute("aria-describedby") and page.locator(
        "#etu-path-status[role=status]").inner_text()
    page.keyboard.press("Tab")  # on to "show the whole area"
    page.keyboard.press("Enter")
    # the form's reset runs the update once the fields are cleared (a zero timeout):
    # wait for it, or a loaded machine reads the page before it
    page.wait_for_function("() => !location.search.includes('kunta=')", timeout=5000)
    assert field.input_value() == ""
    assert shown_version(page) == ""
    assert "kunta=" not in page.url


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_a_county_path_prints_on_one_or_two_pages(
        site_contexts: dict[str, GuardedContext], lang: str) -> None:
    """Staff print a county's path for a client or a meeting: two A4 pages at most,
    the urgent numbers on it once, no form and no per-step repetition."""
    page = open_page(site_contexts["desktop"], ("" if lang == "fi" else f"{lang}/") + COUNTY_PAGE)
    page.emulate_media(media="null")  # pdf() lays out for paper unless told otherwise
    pages = len(re.findall(rb"/Type\s*/Page[^s]", page.pdf(format="A4")))
    assert 1 <= pages <= 2, pages
    page.emulate_media(media="print")
    assert page.locator("#etu-path-urgent").is_visible()
    assert not page.locator("#etu-path-place").is_visible()
    assert not page.locator(".etu-path-exit").first.is_visible()
    page.emulate_media(media="null")  # the shared page back as it was


def test_a_step_listing_some_of_its_services_counts_those_of_the_chosen_municipality(
        site_contexts: dict[str, GuardedContext]) -> None:
    """A county page lists a step's first services only (site/care_paths.py
    SERVICES_PER_STEP; the example county has fewer, so the note is put in as the
    template writes it): with a municipality chosen, the note says how many services that
    municipality has and links to the finder for it; with none, it says the county's."""
    guarded = site_contexts["mobile"]
    page = open_page(guarded, COUNTY_PAGE)
    page.evaluate("""() => {
      const at = document.querySelector(
        '[data-etu-version="county"] li[data-step="guided-self-care"] .etu-path-step__services');
      const note = document.createElement("p");
      note.className = "etu-path-step__more";
      note.setAttribute("data-counts", "398:9 560:5");
      note.setAttribute("data-text", "{name}: {total} palvelua tähän vaiheeseen.");
      const link = document.createElement("a");
      link.href = "../../../catalogue/areas/paijat-hame/?taso=level-1&aihe=depression";
      link.textContent = "Näytetään 2/14 palvelua.";
      note.appendChild(link);
      at.appendChild(note);
    }""")
    note = page.locator('[data-etu-version="county"] .etu-path-step__more')
    link = note.locator("a")
    page.locator("#etu-path-municipality").fill("Lahti")
    assert note.is_visible()
    assert link.inner_text() == "Lahti: 9 palvelua tähän vaiheeseen."
    href = str(link.get_attribute("href"))  # Lahti's own page, with the step's filters
    assert href.endswith("catalogue/areas/paijat-hame/lahti/?taso=level-1&aihe=depression")
    page.locator("#etu-path-municipality").fill("Hollola")  # none of the nine
    assert note.count() == 1 and not note.is_visible()
    page.locator("#etu-path-municipality").fill("")
    assert note.is_visible() and link.inner_text() == "Näytetään 2/14 palvelua."
    assert str(link.get_attribute("href")).startswith("../../../catalogue/areas/")
    page.locator("#etu-path-municipality").fill("Lahti")
    link.click()
    page.wait_for_url(re.compile(r"catalogue/areas/paijat-hame/lahti/\?taso=level-1"))
    assert page.locator("#etu-f-topic-depression").is_checked()
    assert not outside_requests(guarded)
