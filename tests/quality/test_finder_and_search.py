"""The service finder and the site search, used the way readers use them: by keyboard,
on a phone and on a desktop, in each language, with nothing leaving the device."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import Page

from etulinja.reference import i18n
from tests.quality.gate import (
    GuardedContext,
    axe_violations,
    describe_violations,
    open_page,
    outside_requests,
)

PREFIX = {"fi": "", "sv": "sv/", "en": "en/"}


def tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until ``selector`` has focus: proof it is reachable by keyboard."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} not reached with {limit} Tab presses")


def visible_services(page: Page) -> set[str]:
    return set(page.eval_on_selector_all(
        "#etu-listing li.etu-service-item:not([hidden])",
        "items => items.filter(i => !i.closest('[hidden]')).map(i => i.dataset.id)"))


@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
def test_find_a_service_by_municipality_and_topic_with_keyboard_only(
    site_contexts: dict[str, GuardedContext], viewport: str
) -> None:
    guarded = site_contexts[viewport]
    # What staff should find for a client in Orimattila with low mood: the municipality
    # page's services about depression (Päijät-Häme's own guided self-care excluded).
    page = open_page(guarded, "catalogue/areas/paijat-hame/orimattila/")
    expected = set(page.eval_on_selector_all(
        "li.etu-service-item",
        "items => items.filter(i => i.dataset.topics.split(' ').includes('depression'))"
        ".map(i => i.dataset.id)"))
    assert expected and "paijat-hame-guided-self-care" not in expected

    page = open_page(guarded, "catalogue/")
    tab_to(page, "#etu-f-municipality")
    page.keyboard.type("Orimattila")
    tab_to(page, "#etu-f-topic", limit=3)
    for _ in range(40):  # choose the topic with the arrow keys, as a keyboard user would
        if page.eval_on_selector("#etu-f-topic", "s => s.value") == "depression":
            break
        page.keyboard.press("ArrowDown")
    assert page.eval_on_selector("#etu-f-topic", "s => s.value") == "depression"
    assert visible_services(page) == expected
    status = page.inner_text("#etu-finder-status")
    assert re.search(rf"\b{len(expected)}\b", status), status

    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    # The first result is the next stop for Tab after the form; Enter opens it.
    tab_to(page, "#etu-listing li.etu-service-item:not([hidden]) a")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/catalogue/services/" in page.url
    assert not outside_requests(guarded)


def test_an_unknown_municipality_is_said_plainly(site_contexts: dict[str, GuardedContext]) -> None:
    page = open_page(site_contexts["desktop"], "sv/catalogue/")
    page.fill("#etu-f-municipality", "Atlantis")
    assert "Kommunen hittades inte" in page.inner_text("#etu-finder-status")
    page.fill("#etu-f-municipality", "Lahtis")  # Swedish name of Lahti
    assert "paijat-hame-guided-self-care" in visible_services(page)


SEARCHES = [
    # (language, query, a page it must find)
    ("fi", "ahdistus", "articles/anxiety/"),
    ("sv", "ångest", "sv/articles/anxiety/"),
    ("en", "anxiety", "en/articles/anxiety/"),
    ("fi", "Peluuri", "catalogue/services/national-peluuri-helpline/"),
    ("sv", "spelproblem", "sv/catalogue/services/national-peluuri-helpline/"),
    ("en", "gambling", "en/catalogue/services/national-peluuri-helpline/"),
    # a step of a self-care programme, found by a word from its text
    ("fi", "huoliaika", "self-care/sleep/night-worries/"),
    ("sv", "orostid", "sv/self-care/sleep/night-worries/"),
    ("en", "worry time", "en/self-care/sleep/night-worries/"),
]


def search_results(page: Page) -> list[str]:
    page.wait_for_selector(".etu-search-results li", timeout=15_000)
    return page.eval_on_selector_all(".etu-search-results li a",
                                     "links => links.map(a => a.pathname)")


@pytest.mark.parametrize(("lang", "query", "expected"), SEARCHES)
def test_search_finds_articles_steps_and_services_in_the_readers_language_only(
    site_contexts: dict[str, GuardedContext], lang: str, query: str, expected: str
) -> None:
    guarded = site_contexts["desktop"]
    page = open_page(guarded, f"{PREFIX[lang]}search/#q={quote(query)}")
    found = search_results(page)
    assert f"/{expected}" in found[:5], found
    for path in found:
        in_language = (path.startswith(f"/{lang}/") if lang != "fi"
                       else not path.startswith(("/sv/", "/en/")))
        assert in_language, (lang, path)
    if "/catalogue/services/" in expected:
        # A service's facts ("Aiheet: Rahapelaaminen") are indexed as separate words, not
        # one run-together token ("AiheetRahapelaaminen") that no search would match.
        strings = i18n.table(lang)
        labels = [strings[key] for key in ("catalogue.target_group", "service.topics",
                                            "service.languages")]
        excerpts = " ".join(page.eval_on_selector_all(
            ".etu-search-results__excerpt", "items => items.map(p => p.textContent)"))
        glued = re.findall("(?:" + "|".join(map(re.escape, labels)) + r")\w", excerpts)
        assert not glued, excerpts
    assert not outside_requests(guarded)


# Words on nearly every service page: its review line ("Tarkastaja"), holiday closures
# ("Stängt på helgdagar", "Closed on public holidays"). Not "arkipyhinä": Pagefind's
# Finnish stemming matches it to "arkea" (everyday life) in many descriptions.
@pytest.mark.parametrize(("lang", "query"), [("fi", "tarkastaja"), ("sv", "helgdagar"),
                                           ("en", "holidays")])
def test_text_every_service_shares_does_not_make_every_service_a_result(
    site_contexts: dict[str, GuardedContext], lang: str, query: str
) -> None:
    """Holiday closures, opening hours, the review line and what a level of care means
    are on most service pages: a search for them must not list the whole catalogue."""
    guarded = site_contexts["desktop"]
    page = open_page(guarded, f"{PREFIX[lang]}search/#q={quote(query)}")
    page.wait_for_function(
        "() => document.querySelector('.etu-search-page__status').textContent.trim() !== ''",
        timeout=15_000)
    found = page.eval_on_selector_all(".etu-search-results li a",
                                      "links => links.map(a => a.pathname)")
    services = [path for path in found if "/catalogue/services/" in path]
    assert not services, services


def test_header_search_box_works_by_keyboard_and_passes_axe(
    site_contexts: dict[str, GuardedContext]
) -> None:
    guarded = site_contexts["desktop"]
    page = open_page(guarded, "sv/articles/sleep/")
    tab_to(page, "#etu-search-header")
    page.keyboard.type("sömn")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/sv/search/#q=s%C3%B6mn$"))
    assert "/sv/articles/sleep/" in search_results(page)
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    # The query stayed in the fragment: no request carried it to the server.
    assert not outside_requests(guarded)


def test_phone_header_links_to_the_search_page(site_contexts: dict[str, GuardedContext]) -> None:
    page = open_page(site_contexts["mobile"], "en/")
    assert not page.is_visible("#etu-search-header")
    link = page.locator("a.etu-search-link")
    assert link.is_visible()
    with page.expect_navigation():
        link.click()
    assert page.url.endswith("/en/search/")
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)


def test_a_service_page_prints_as_a_clean_card(site_contexts: dict[str, GuardedContext]) -> None:
    """Staff print service cards for clients: no header, banner, menus or finder on paper."""
    page = open_page(site_contexts["desktop"], "catalogue/services/paijat-hame-guided-self-care/")
    page.emulate_media(media="print")
    try:
        for chrome in (".md-header", ".md-banner", ".md-sidebar--primary", ".md-footer"):
            assert page.eval_on_selector(chrome, "e => getComputedStyle(e).display") == "none"
        assert page.is_visible("h1#etu-main")
        assert page.is_visible("a.etu-tel")
    finally:
        page.emulate_media(media="screen")


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_search_that_cannot_load_says_so_and_offers_other_ways_in(
    site_contexts: dict[str, GuardedContext], lang: str
) -> None:
    """If the index cannot be loaded (a host that blocks it, a network error), the page
    says search is unavailable and links to the articles and the service finder; it
    never blames a preview."""
    guarded = site_contexts["mobile"]
    context = guarded.context
    context.route("**/pagefind/pagefind.js", lambda route: route.abort())
    try:
        page = open_page(guarded, f"{PREFIX[lang]}search/#q=uni")
        status = page.locator(".etu-search-page__status")
        status.filter(has_text=i18n.table(lang)["search.unavailable"]).wait_for(timeout=15_000)
        assert "preview" not in status.text_content().lower()
        links = page.eval_on_selector_all(".etu-search-page__unavailable:not([hidden]) a",
                                          "links => links.map(a => a.pathname)")
        assert links == [f"/{PREFIX[lang]}articles/", f"/{PREFIX[lang]}catalogue/"]
        violations = axe_violations(page)
        assert not violations, describe_violations(violations)
    finally:
        context.unroute("**/pagefind/pagefind.js")
