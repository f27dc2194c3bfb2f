"""Urgent help one tap away on a phone, and paper: what a reader in crisis and the staff
helping a client notice in a real browser (Chromium, headless, nothing leaving the
device)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from etulinja.reference import codes, i18n
from tests.quality.gate import (
    GuardedContext,
    axe_violations,
    describe_violations,
    open_page,
    outside_requests,
)

PREFIX = {"fi": "", "sv": "sv/", "en": "en/"}
CLOSED_SERVICE = "catalogue/services/keski-uusimaa-dbt-skills-group/"
"""A temporarily closed group in Keski-Uusimaa: a phone, a location and the county's
own numbers; the client card must still fit one page."""


def pdf_pages(page: Page) -> int:
    """How many A4 pages the page prints on, as Chromium lays it out on paper."""
    return len(re.findall(rb"/Type\s*/Page[^s]", page.pdf(format="A4")))


def popover_open(page: Page) -> bool:
    return bool(page.evaluate(
        "() => document.getElementById('etu-help-all').matches(':popover-open')"))


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_get_help_now_is_one_tap_away_on_a_phone_scrolled_down(
        site_contexts: dict[str, GuardedContext], lang: str) -> None:
    """Mid-article on a phone the header's button opens every number and chat, the
    national ones and the county's, without leaving the place in the text."""
    guarded = site_contexts["mobile"]
    page = open_page(guarded, f"{PREFIX[lang]}{CLOSED_SERVICE}")
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    button = page.locator("button.etu-help-now")
    assert button.is_visible() and button.inner_text() == i18n.table(lang)["urgent.help_now"]
    box = button.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 740, box
    assert box["height"] >= 44 and box["width"] >= 44, "a target a thumb can hit (2.5.8)"
    scrolled = page.evaluate("() => window.scrollY")
    button.click()
    assert popover_open(page)
    panel = page.locator("#etu-help-all")
    links = panel.locator("a.etu-urgent__link")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert "tel:112" in hrefs and "tel:+358925250111" in hrefs
    assert any(h and h.startswith("tel:+3589555020") for h in hrefs), "the county's own"
    chats = [line.url for line in codes.helplines() if line.url]
    assert chats and set(chats) <= set(hrefs), "a chat for whoever cannot call"
    first = panel.locator("a.etu-urgent__link").first.bounding_box()
    assert first is not None and first["y"] + first["height"] <= 740, "a number on screen"
    assert abs(page.evaluate("() => window.scrollY") - scrolled) < 400
    page.keyboard.press("Escape")
    assert not popover_open(page)
    assert not outside_requests(guarded)


def test_the_help_list_is_reached_and_closed_by_keyboard(
        site_contexts: dict[str, GuardedContext]) -> None:
    guarded = site_contexts["desktop"]
    page = open_page(guarded, "articles/low-mood/")
    page.locator("button.etu-help-now").focus()
    page.keyboard.press("Enter")
    assert popover_open(page)
    page.keyboard.press("Tab")  # into the list, right after the button that opened it
    assert page.evaluate("() => document.activeElement.closest('#etu-help-all') !== null")
    page.keyboard.press("Enter")  # "Close"
    assert not popover_open(page)
    violations = axe_violations(page, "header")
    assert not violations, describe_violations(violations)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
def test_the_client_card_prints_on_one_page_with_the_urgent_numbers(
        site_contexts: dict[str, GuardedContext], lang: str, viewport: str) -> None:
    guarded = site_contexts[viewport]
    page = open_page(guarded, f"{PREFIX[lang]}{CLOSED_SERVICE}")
    strings = i18n.table(lang)
    button = page.locator("[data-etu-print-card]")
    assert button.inner_text() == strings["service.print_card"]
    button.click()
    assert page.evaluate("() => window.__etuPrinted") == 1, "the button prints"
    page.emulate_media(media="print")
    try:
        card = page.locator(".etu-client-card")
        assert card.is_visible()
        text = card.inner_text()
        assert page.locator("h1").first.is_hidden(), "the card alone, not the page"
        assert "112" in text and "09 2525 0111" in text and "09 555 0201" in text
        assert f"https://etulinja.example/{PREFIX[lang]}{CLOSED_SERVICE}" in text
        assert "09 555 0250" in text, "the service's own number"
        assert strings["service.how_to_get"] in text
        assert pdf_pages(page) == 1
        violations = axe_violations(page, ".etu-client-card")
        assert not violations, describe_violations(violations)
    finally:
        page.emulate_media(media="screen")
        page.evaluate("() => document.documentElement.classList.remove('etu-printing-card')")


def test_a_printed_page_carries_the_urgent_numbers_without_the_site_around_it(
        site_contexts: dict[str, GuardedContext]) -> None:
    guarded = site_contexts["desktop"]
    page = open_page(guarded, CLOSED_SERVICE)
    page.emulate_media(media="print")
    try:
        urgent = page.locator(".etu-urgent__list")
        assert urgent.is_visible() and "112" in urgent.inner_text()
        assert page.locator(".md-header").is_hidden()
        assert page.locator(".etu-client-card").is_hidden(), "only when asked for"
        assert pdf_pages(page) <= 2
    finally:
        page.emulate_media(media="screen")


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_a_phone_reaches_the_service_number_in_the_first_screens(
        site_contexts: dict[str, GuardedContext], lang: str) -> None:
    """The first phone link of a service page is near the top on a phone, not after
    everything the page says about the service."""
    page = open_page(site_contexts["mobile"], f"{PREFIX[lang]}{CLOSED_SERVICE}")
    call = page.locator("a.etu-quick__call")
    assert call.is_visible() and call.get_attribute("href") == "tel:+35895550250"
    box = call.bounding_box()
    assert box is not None and box["y"] < 740 * 1.6, box


def test_the_footer_says_when_the_pages_were_built(
        site_contexts: dict[str, GuardedContext]) -> None:
    import datetime as dt

    page = open_page(site_contexts["desktop"], "sv/")
    stamp = page.locator(".etu-footer__built time")
    assert stamp.get_attribute("datetime") == dt.date.today().isoformat()
    assert stamp.inner_text().startswith("Sidorna sammanställda")


def test_a_county_with_several_numbers_keeps_the_block_short_on_a_phone(
        site_contexts: dict[str, GuardedContext]) -> None:
    """Österbotten has three numbers of its own: a phone shows the first above the page
    (the others would push the page a screen down) and every one in the list of all
    numbers; a wide screen shows all three in the block."""
    path = "sv/catalogue/services/pohjanmaa-miepa-reception-south/"
    shown = {}
    for viewport in ("mobile", "desktop"):
        page = open_page(site_contexts[viewport], path)
        shown[viewport] = page.eval_on_selector_all(
            ".etu-urgent__list a.etu-urgent__link",
            "links => links.filter(a => a.offsetParent !== null).map(a => a.getAttribute('href'))")
        listed = page.eval_on_selector_all(
            "#etu-help-all a.etu-urgent__link", "links => links.map(a => a.getAttribute('href'))")
        county = [h for h in listed if h.startswith("tel:+3586555170")]
        assert len(county) == 3, listed
        if viewport == "mobile":
            top = page.eval_on_selector("#etu-main", "h => h.getBoundingClientRect().top")
            assert top < 740, "the service's name on the first screen"
    assert [h for h in shown["mobile"] if h.startswith("tel:+3586555170")] == [county[0]]
    assert [h for h in shown["desktop"] if h.startswith("tel:+3586555170")] == county
