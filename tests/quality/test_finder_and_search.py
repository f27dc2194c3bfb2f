"""The service finder and the site search, used the way readers use them: by keyboard,
on a phone and on a desktop, in each language, with nothing leaving the device.

The finder's expectations are read from the pages themselves where they can be (what a
municipality's own page lists, each service's data attributes), so services added to
the example catalogue keep them true; the services named are the example's own cases:
Lahti's youth substance-use service, Porvoo's adult-only local services, Espoo's
parenting groups (for parents, by the child's age), Keski-Uusimaa's closed DBT group."""

from __future__ import annotations

import re
import shutil
from collections.abc import Set
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from playwright.sync_api import Browser, Page

from etulinja.reference import i18n
from tests.quality.gate import (
    VIEWPORTS,
    GuardedContext,
    axe_violations,
    csp_violations,
    describe_violations,
    new_context,
    open_page,
    outside_requests,
    serve,
)
from tests.theme.test_partials import environment

REPO = Path(__file__).resolve().parents[2]
PREFIX = {"fi": "", "sv": "sv/", "en": "en/"}
LAHTI = "catalogue/areas/paijat-hame/lahti/"


def tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until ``selector`` has focus: proof it is reachable by keyboard."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} not reached with {limit} Tab presses")


def shift_tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Press Shift+Tab until ``selector`` has focus."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} not reached with {limit} Shift+Tab presses")


def visible_in_order(page: Page) -> list[str]:
    """The ids of the services a reader sees in the results, top to bottom."""
    found: list[str] = page.eval_on_selector_all(
        "#etu-listing li.etu-service-item:not([hidden])",
        "items => items.filter(i => !i.closest('[hidden]')).map(i => i.dataset.id)")
    return found


def visible_services(page: Page) -> set[str]:
    return set(visible_in_order(page))


def listed(page: Page) -> list[dict[str, Any]]:
    """Every service item of the page's listing, with what the finder filters on."""
    found: list[dict[str, Any]] = page.eval_on_selector_all(
        "#etu-listing li.etu-service-item",
        """items => items.map(i => ({id: i.dataset.id, scope: i.dataset.scope,
             topics: i.dataset.topics.split(' '), min: Number(i.dataset.ageMin),
             max: Number(i.dataset.ageMax), of: i.dataset.ageOf,
             langs: i.dataset.langs.split(' ')}))""")
    return found


def fits(item: dict[str, Any], *, topics: Set[str] = frozenset(), age: int | None = None,
         language: str = "") -> bool:
    """The finder's rule, written out as staff would expect it: any chosen topic (with
    the related ones), the client's age within the ages served, or any adult's age for
    a service to parents by their child's age, and the service language."""
    if topics and not topics & set(item["topics"]):
        return False
    if age is not None and not (item["min"] <= age <= item["max"] or (
            item["of"] == "child" and age >= 18)):
        return False
    return not language or language in item["langs"]


def status_of(page: Page) -> str:
    """All the status says, what screen readers hear included."""
    return str(page.eval_on_selector("#etu-finder-status", "s => s.textContent"))


def query_of(page: Page) -> dict[str, list[str]]:
    """The filters in the address as the page has it now (Playwright's page.url learns
    of a replaceState a moment later)."""
    return parse_qs(urlsplit(str(page.evaluate("() => location.href"))).query)


def href_of(page: Page, selector: str) -> str:
    return str(page.eval_on_selector(selector, "a => a.getAttribute('href')"))


@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
def test_a_16_year_old_using_substances_in_lahti_by_keyboard_only(
    site_contexts: dict[str, GuardedContext], viewport: str
) -> None:
    """Staff type the municipality and the client's age and tick substance use: they get
    every service in Lahti about substance use or alcohol that takes a 16-year-old,
    Lahti's own before national ones, the count said, and reach the first result by
    keyboard through "go to the results"."""
    guarded = site_contexts[viewport]
    page = open_page(guarded, LAHTI)
    expected = {item["id"] for item in listed(page)
                if fits(item, topics={"substance-use", "alcohol"}, age=16)}
    assert "paijat-hame-youth-substance-use" in expected  # Lahti's own youth service
    assert "paijat-hame-substance-use-clinic" not in expected  # adults only

    page = open_page(guarded, "catalogue/")
    tab_to(page, "#etu-f-municipality")
    page.keyboard.type("Lahti")
    tab_to(page, "#etu-f-age", limit=3)
    page.keyboard.type("16")
    tab_to(page, "#etu-finder-topics > summary", limit=4)
    if not page.eval_on_selector("#etu-finder-topics", "d => d.open"):
        page.keyboard.press("Enter")  # on a phone the topics open from their heading
    tab_to(page, "#etu-f-topic-substance-use", limit=30)
    page.keyboard.press("Space")
    assert page.is_checked("#etu-f-topic-substance-use")
    assert visible_services(page) == expected
    order = visible_in_order(page)
    assert order.index("paijat-hame-youth-substance-use") < min(
        order.index(i) for i in order if i.startswith("national-"))
    assert status_of(page).startswith(f"Lahti (Lahtis): {len(expected)} palvelua")
    assert query_of(page) == {"kunta": ["398"], "aihe": ["substance-use"], "ika": ["16"]}

    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    # "Go to the results" is just after the first fields; it takes focus to the results,
    # and the next Tab reaches the first result (on the catalogue home, after the link
    # to the county's own page in the group's heading), which Enter opens.
    shift_tab_to(page, ".etu-finder__jump")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.closest('#etu-listing') !== null")
    box = page.evaluate("() => document.activeElement.getBoundingClientRect().toJSON()")
    assert 0 <= box["top"] < page.evaluate("() => innerHeight"), box
    page.keyboard.press("Tab")
    if page.evaluate("() => document.activeElement.closest('h2, h3') !== null"):
        assert href_of(page, ":focus").startswith("areas/paijat-hame/")  # the county
        page.keyboard.press("Tab")
    first = page.evaluate("() => document.activeElement.closest('li').dataset.id")
    assert first == visible_in_order(page)[0]
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"/catalogue/services/{first}/" in page.url
    assert not outside_requests(guarded)


def test_a_swedish_speaking_adult_with_depression_in_narpes_by_keyboard_only(
    site_contexts: dict[str, GuardedContext]
) -> None:
    guarded = site_contexts["desktop"]
    page = open_page(guarded, "sv/catalogue/areas/pohjanmaa/narpio/")
    expected = {item["id"] for item in listed(page)
                if fits(item, topics={"depression"}, age=40, language="sv")}
    # Swedish-first and local: the reception without a referral, and specialised care
    assert {"pohjanmaa-miepa-reception-south", "pohjanmaa-depression-outpatient-south"} <= expected

    page = open_page(guarded, "sv/catalogue/")
    tab_to(page, "#etu-f-municipality")
    page.keyboard.type("Närpes")
    page.keyboard.press("Tab")
    page.keyboard.type("40")
    tab_to(page, "#etu-f-topic-depression", limit=30)
    page.keyboard.press("Space")
    tab_to(page, "#etu-finder-more > summary", limit=30)
    page.keyboard.press("Enter")
    tab_to(page, "#etu-f-language", limit=6)
    for _ in range(10):  # choose with the arrow keys, as a keyboard user would
        if page.eval_on_selector("#etu-f-language", "s => s.value") == "sv":
            break
        page.keyboard.press("ArrowDown")
    assert visible_services(page) == expected
    # the first step of care where the client lives comes first
    assert visible_in_order(page)[0] == "pohjanmaa-miepa-reception-south"
    assert page.inner_text("#etu-f-municipality-found") == "Närpes (Närpiö), kommunnummer 545"
    assert status_of(page).startswith(f"Närpes (Närpiö): {len(expected)} tjänst")
    assert page.inner_text("#etu-finder-more > summary") == "Fler avgränsningar (1 valda)"
    assert query_of(page) == {"kunta": ["545"], "aihe": ["depression"], "ika": ["40"],
                              "kieli": ["sv"]}
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)


# (page language, what staff type, the municipality's code, how the finder shows it)
MUNICIPALITIES = [
    ("fi", "Borgå", "638", "Porvoo (Borgå)"),
    ("fi", "  porvoo ", "638", "Porvoo (Borgå)"),
    ("fi", "638", "638", "Porvoo (Borgå)"),
    ("fi", "91", "091", "Helsinki (Helsingfors)"),
    ("sv", "Porvoo", "638", "Borgå (Porvoo)"),
    ("sv", "LAHTI", "398", "Lahtis (Lahti)"),
    ("sv", "398", "398", "Lahtis (Lahti)"),
    ("en", "Lahtis", "398", "Lahti (Lahtis)"),
    ("en", "Hollola", "098", "Hollola"),
]


@pytest.mark.parametrize(("lang", "typed", "code", "shown"), MUNICIPALITIES)
def test_a_municipality_by_either_languages_name_or_its_code(
    site_contexts: dict[str, GuardedContext], lang: str, typed: str, code: str, shown: str
) -> None:
    """The home's finder understands a municipality by its Finnish or Swedish name or
    its code, whatever the page's language, shows the other name too, and lists exactly
    what the municipality's own page lists."""
    guarded = site_contexts["desktop"]
    page = open_page(guarded, f"{PREFIX[lang]}catalogue/")
    page.fill("#etu-f-municipality", typed)
    found = page.inner_text("#etu-f-municipality-found")
    assert found.startswith(f"{shown}, ") and found.endswith(f" {code}"), found
    assert status_of(page).startswith(f"{shown}: "), status_of(page)
    assert query_of(page) == {"kunta": [code]}
    shown_here = visible_services(page)
    own_page = page.eval_on_selector(  # its address, relative to the catalogue home
        f'#etu-municipalities option[data-code="{code}"][data-url]', "o => o.dataset.url")
    page = open_page(guarded, f"{PREFIX[lang]}catalogue/{own_page}")
    assert shown_here == {item["id"] for item in listed(page)}
    assert not outside_requests(guarded)


def test_an_unknown_municipality_is_said_plainly(site_contexts: dict[str, GuardedContext]) -> None:
    page = open_page(site_contexts["desktop"], "sv/catalogue/")
    page.fill("#etu-f-municipality", "Atlantis")
    assert "Kommunen hittades inte" in page.inner_text("#etu-finder-status")
    assert "kunta" not in query_of(page)
    page.fill("#etu-f-municipality", "Lahtis")  # Swedish name of Lahti
    assert "paijat-hame-guided-self-care" in visible_services(page)
    page.fill("#etu-f-municipality", "999")  # no such code
    assert "Kommunen hittades inte" in page.inner_text("#etu-finder-status")


# What staff type in the municipality field, and the municipality it means, the same in
# all three places that ask (the finder, "help near you", a county's care path): either
# language's name in any case and spacing, "Name (Other)" either way round, the code
# with or without its zeros, a name typed with a combining mark (NFD).
TYPED_THE_SAME = [
    ("lahti", "398"), ("LAHTIS", "398"), ("Lahti (Lahtis)", "398"), ("Lahtis (Lahti)", "398"),
    ("398", "398"), ("98", "098"), ("  gustav   ADOLFS ", "081"),
    ("Hartola (Gustav Adolfs)", "081"), ("Sysma\u0308", "781"),
    ("Atlantis", "unknown"), ("999", "unknown"),
]


def understood(page: Page, field: str, typed: str) -> str:
    """The municipality code a page took ``typed`` for, "unknown" when it said it knows
    no such municipality, or "" when it took it for nothing yet (still being typed)."""
    page.fill(field, "")
    page.fill(field, typed)
    if field == "#etu-near-municipality":  # "help near you" answers when sent
        page.click("#etu-near button[type=submit]")
        if page.get_attribute(field, "aria-invalid") == "true":
            return "unknown"
        chosen = parse_qs(urlsplit(href_of(page, "#etu-near-finder")).query).get("kunta")
        return chosen[0] if chosen else ""
    if field == "#etu-f-municipality" and status_of(page).startswith(
            str(page.get_attribute("#etu-finder", "data-unknown"))):
        return "unknown"
    if page.get_attribute(field, "aria-invalid") == "true":
        return "unknown"
    return query_of(page).get("kunta", [""])[0]


def test_a_municipality_typed_the_same_way_is_the_same_everywhere(
    site_contexts: dict[str, GuardedContext]
) -> None:
    """The finder, a programme's "help near you" and a county's care path (all three
    read by places.js) take every form of a municipality's name or code for the same
    municipality, and all three say plainly when there is none such; a name or code
    still being typed is not yet called unknown where the page answers as one types."""
    guarded = site_contexts["desktop"]
    fields = {"catalogue/": "#etu-f-municipality",
              "self-care/low-mood/": "#etu-near-municipality",
              "care-paths/adults-depression-anxiety/paijat-hame/": "#etu-path-municipality"}
    for address, field in fields.items():
        page = open_page(guarded, address)
        got = [(typed, understood(page, field, typed)) for typed, _ in TYPED_THE_SAME]
        assert got == TYPED_THE_SAME, address
        if field != "#etu-near-municipality":
            assert [understood(page, field, typed) for typed in ("Lah", "56", "Lahti (La")] == (
                ["", "", ""]), address
        assert not csp_violations(page), address
    assert not outside_requests(guarded)


def test_several_topics_at_once_and_related_topics_found_together(
    site_contexts: dict[str, GuardedContext]
) -> None:
    page = open_page(site_contexts["desktop"], LAHTI)
    every = listed(page)
    page.check("#etu-f-topic-depression")
    depression = visible_services(page)
    page.check("#etu-f-topic-sleep")
    either = visible_services(page)
    assert depression < either  # a second topic adds its services: any topic, not all
    assert either == {i["id"] for i in every if fits(i, topics={"depression", "sleep"})}
    assert query_of(page)["aihe"] == ["depression", "sleep"]
    assert page.inner_text("#etu-finder-topics > summary") == "Aiheet (2 valittu)"

    page.click("button[type=reset]")
    page.wait_for_function("() => location.search === ''")
    assert visible_services(page) == {i["id"] for i in every}
    # Substance use also finds alcohol services (src/etulinja/data/topic_relations.yml):
    # Päijät-Häme's guided self-care is tagged alcohol, not substance use.
    page.check("#etu-f-topic-substance-use")
    shown = visible_services(page)
    assert "paijat-hame-guided-self-care" in shown
    assert shown == {i["id"] for i in every if fits(i, topics={"substance-use", "alcohol"})}
    assert page.inner_text("#etu-f-topic-related") == "Mukana myös läheiset aiheet: Alkoholi."


def order_in_html(html: str) -> list[list[tuple[int, str]]]:
    """Each service's kind of help (data-order) and scope, list by list, in the order a
    built page has them."""
    lists = re.findall(r'<ul class="etu-services">(.*?)</ul>', html, re.S)
    return [[(int(order), scope) for order, scope in re.findall(
        r'<li class="etu-service-item[^"]*"[^>]* data-order="(\d+)" data-scope="(\w+)"', x)]
        for x in lists]


def order_shown(page: Page) -> list[list[tuple[int, str]]]:
    """The same for the services a reader sees, list by list, top to bottom."""
    found: list[list[list[Any]]] = page.eval_on_selector_all(
        "#etu-listing ul.etu-services",
        """lists => lists.filter(l => !l.closest('[hidden]')).map(l =>
             [...l.querySelectorAll('li:not([hidden])')].map(
               i => [Number(i.dataset.order), i.dataset.scope]))""")
    return [[(order, scope) for order, scope in services] for services in found]


def nearest_first(services: list[tuple[int, str]]) -> bool:
    """Urgent help, helplines, then care by level; in each, local services before a
    county's before national ones."""
    ranks = [(order, ("local", "regional", "national").index(scope))
             for order, scope in services]
    return ranks == sorted(ranks)


def scopes_shown(page: Page) -> list[list[str]]:
    return [[scope for _, scope in services] for services in order_shown(page)]


def sections_shown(page: Page) -> list[str]:
    found: list[str] = page.eval_on_selector_all(
        "#etu-listing .etu-group:not([hidden])", "groups => groups.map(g => g.dataset.group)")
    return found


def test_local_services_first_then_the_countys_then_national(
    site_contexts: dict[str, GuardedContext]
) -> None:
    guarded = site_contexts["desktop"]
    # as built, without JavaScript: each kind of help lists Lahti's own services first
    built = order_in_html(guarded.context.request.get(guarded.base_url + LAHTI).text())
    assert any(len({scope for _, scope in x}) > 1 for x in built)  # something to order
    assert all(nearest_first(services) for services in built), built
    page = open_page(guarded, LAHTI)
    page.fill("#etu-f-age", "16")
    assert all(nearest_first(services) for services in order_shown(page))
    # the catalogue home, for a municipality: its county's services, then national ones
    page = open_page(guarded, "catalogue/")
    page.fill("#etu-f-municipality", "Lahti")
    assert sections_shown(page) == ["09", "national"]
    assert all(nearest_first(services) for services in order_shown(page)), order_shown(page)
    page.fill("#etu-f-municipality", "")
    assert sections_shown(page)[0] == "national"  # no municipality: the page's own order


NOTHING_LOCAL = {
    "fi": "{municipality}: hakuasi vastaavia paikallisia palveluja ei löytynyt. Alla ovat "
          "palvelut, jotka kattavat koko hyvinvointialueen ({county}) tai koko maan.",
    "sv": "Inga lokala tjänster i {municipality} motsvarar din sökning. Nedan finns tjänster "
          "för hela välfärdsområdet ({county}) eller hela landet.",
    "en": "No local services in {municipality} match your search. Below are services "
          "covering the whole wellbeing services county ({county}) or the whole country.",
}


# Porvoo's own services are for adults: a 16-year-old gets Itä-Uusimaa's and national ones.
@pytest.mark.parametrize(("lang", "path", "typed", "municipality", "county"), [
    ("fi", "catalogue/areas/ita-uusimaa/porvoo/", None, "Porvoo", "Itä-Uusimaa"),
    ("sv", "sv/catalogue/", "Borgå", "Borgå (Porvoo)", "Östra Nyland"),
    ("en", "en/catalogue/areas/ita-uusimaa/porvoo/", None, "Porvoo", "Itä-Uusimaa"),
])
def test_when_nothing_local_matches_the_finder_says_so(
    site_contexts: dict[str, GuardedContext], lang: str, path: str, typed: str | None,
    municipality: str, county: str
) -> None:
    page = open_page(site_contexts["mobile"], path)
    if typed:
        page.fill("#etu-f-municipality", typed)
    page.fill("#etu-f-age", "16")
    scopes = {scope for scopes in scopes_shown(page) for scope in scopes}
    assert scopes and "local" not in scopes
    expected = NOTHING_LOCAL[lang].format(municipality=municipality, county=county)
    assert page.is_visible("#etu-finder-notice")
    assert page.inner_text("#etu-finder-notice") == expected
    # in the results, before the first group, and heard with the count (a polite status)
    assert page.evaluate("""() => document.querySelector('#etu-finder-notice')
        .compareDocumentPosition(document.querySelector('#etu-listing .etu-group:not([hidden])'))
        === Node.DOCUMENT_POSITION_FOLLOWING""")
    assert status_of(page).endswith(expected)
    assert page.get_attribute("#etu-finder-status", "role") == "status"
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)


@pytest.mark.parametrize(("path", "typed", "topic", "age"), [
    ("catalogue/areas/ita-uusimaa/porvoo/", None, None, "30"),  # Porvoo's own, for adults
    ("catalogue/", "Lahti", "substance-use", "16"),             # Lahti's youth service
    ("catalogue/areas/paijat-hame/asikkala/", None, None, None),  # nothing asked yet
])
def test_no_such_notice_when_something_local_matches_or_nothing_is_asked(
    site_contexts: dict[str, GuardedContext], path: str, typed: str | None,
    topic: str | None, age: str | None
) -> None:
    page = open_page(site_contexts["desktop"], path)
    if typed:
        page.fill("#etu-f-municipality", typed)
    if topic:
        page.check(f"#etu-f-topic-{topic}")
    if age:
        page.fill("#etu-f-age", age)
        assert any("local" in scopes for scopes in scopes_shown(page))
    assert page.is_hidden("#etu-finder-notice")
    assert "paikallisia" not in status_of(page)


def test_filters_survive_back_reload_a_language_switch_and_a_shared_link(
    site_contexts: dict[str, GuardedContext]
) -> None:
    guarded = site_contexts["desktop"]
    page = open_page(guarded, LAHTI)
    page.check("#etu-f-topic-substance-use")
    page.fill("#etu-f-age", "16")
    chosen = visible_services(page)
    assert chosen and chosen < {item["id"] for item in listed(page)}
    assert query_of(page) == {"aihe": ["substance-use"], "ika": ["16"]}

    def filtered_as_chosen() -> None:
        assert page.is_checked("#etu-f-topic-substance-use")
        assert page.input_value("#etu-f-age") == "16"
        assert visible_services(page) == chosen  # not "filters shown, everything listed"

    with page.expect_navigation():
        page.click("#etu-listing li.etu-service-item:not([hidden]) a.etu-service-item__name")
    page.go_back()
    filtered_as_chosen()
    page.reload()
    filtered_as_chosen()
    # The language links carry the filters: the Swedish page filters the same way.
    assert href_of(page, '.etu-languages a[hreflang="sv"]').endswith("?aihe=substance-use&ika=16")
    with page.expect_navigation():
        page.click('.etu-languages a[hreflang="sv"]')
    assert page.url.endswith("/sv/catalogue/areas/paijat-hame/lahti/?aihe=substance-use&ika=16")
    filtered_as_chosen()
    # A shared link to the home with the municipality: the same services, in English.
    page = open_page(guarded, "en/catalogue/?kunta=398&aihe=substance-use&ika=16")
    assert page.input_value("#etu-f-municipality") == "Lahti"
    assert visible_services(page) == chosen
    assert href_of(page, '.etu-languages a[hreflang="fi"]').endswith(
        "?kunta=398&aihe=substance-use&ika=16")
    # Less-used filters from the address are shown open, not hidden away.
    page = open_page(guarded, f"{LAHTI}?taso=level-2&kieli=fi")
    assert page.eval_on_selector("#etu-finder-more", "d => d.open")
    assert page.input_value("#etu-f-level") == "level-2"
    assert not outside_requests(guarded)


def test_results_show_phone_open_now_ages_access_and_area(
    site_contexts: dict[str, GuardedContext]
) -> None:
    """Staff see in the result what they would otherwise open each service for."""
    guarded = site_contexts["desktop"]
    page = open_page(guarded, LAHTI)
    item = page.locator('li.etu-service-item[data-id="paijat-hame-substance-use-clinic"]')
    facts = dict(zip(item.locator("dt").all_inner_texts(), item.locator("dd").all_inner_texts(),
                     strict=True))
    assert set(facts) == {"Puhelin", "Ikä", "Pääsy", "Alue"}, facts
    assert facts["Ikä"] == "vähintään 18-vuotiaat"
    assert facts["Alue"] == "Päijät-Häme"
    assert facts["Pääsy"] == "Ilman lähetettä"
    tel = item.locator("a.etu-tel").get_attribute("href")
    open_now = item.locator("[data-etu-hours]")
    assert open_now.is_visible()
    assert re.match(r"^(Auki|Suljettu)", open_now.inner_text()), open_now.inner_text()
    page = open_page(guarded, "catalogue/services/paijat-hame-substance-use-clinic/")
    on_its_page = page.eval_on_selector_all("a[href^='tel:']",
                                            "links => links.map(a => a.getAttribute('href'))")
    assert tel in on_its_page  # the service's own number, as on its page


@pytest.mark.parametrize("path", [
    "catalogue/", "catalogue/areas/keski-uusimaa/", "catalogue/areas/keski-uusimaa/jarvenpaa/",
    "sv/catalogue/areas/keski-uusimaa/jarvenpaa/",
])
def test_a_temporarily_closed_service_is_marked_in_every_listing(
    site_contexts: dict[str, GuardedContext], path: str
) -> None:
    page = open_page(site_contexts["desktop"], path)
    if path == "catalogue/":
        page.fill("#etu-f-municipality", "Järvenpää")  # and among the finder's results
    item = page.locator('li.etu-service-item[data-id="keski-uusimaa-dbt-skills-group"]')
    assert item.is_visible()
    closed = item.locator(".etu-service-item__closed").inner_text()
    assert re.match(r"^(Tilapäisesti suljettu|Tillfälligt stängt)\. .* \d{1,2}\.\d{1,2}\.\d{4}\.$",
                    closed), closed
    assert item.locator("[data-etu-hours]").count() == 0  # never "open now"


def test_a_family_service_fits_the_childs_age_and_a_parents(
    site_contexts: dict[str, GuardedContext]
) -> None:
    """Espoo's parenting groups are for parents of 3-12-year-olds: the client's age
    finds them for a child of 10 and for a parent of 35, not for a 15-year-old."""
    page = open_page(site_contexts["desktop"], "catalogue/areas/lansi-uusimaa/espoo/")
    family = "lansi-uusimaa-parenting-groups-espoo"
    item = page.locator(f'li.etu-service-item[data-id="{family}"]')
    assert "3\u201312-vuotiaat lapset ja heidän vanhempansa" in item.inner_text()  # en dash
    assert page.inner_text("#etu-f-age-hint") == i18n.table("fi")["finder.age_hint"]
    assert page.inner_text("label[for=etu-f-age]") == "Asiakkaan ikä"
    for age, shown in (("10", True), ("35", True), ("15", False), ("2", False)):
        page.fill("#etu-f-age", age)
        assert (family in visible_services(page)) is shown, age
    page.fill("#etu-f-age", "10")
    assert "lansi-uusimaa-guided-self-care-pilots" not in visible_services(page)  # adults'


def test_on_a_phone_the_filters_leave_the_first_result_near(
    site_contexts: dict[str, GuardedContext]
) -> None:
    """The count and "go to the results" come right after the first fields, and the
    topics and the less-used filters wait behind their headings: the first result is
    less than a screen below the finder's top, not 1.5 screens."""
    page = open_page(site_contexts["mobile"], LAHTI)
    tops = page.evaluate("""() => {
        const top = (s) => document.querySelector(s).getBoundingClientRect().top + scrollY;
        return {finder: top('#etu-finder'), jump: top('.etu-finder__jump'),
                first: top('#etu-listing li.etu-service-item:not([hidden])'),
                screen: innerHeight};
    }""")
    assert tops["jump"] - tops["finder"] < tops["screen"] / 2, tops
    assert tops["first"] - tops["finder"] < tops["screen"], tops
    assert not page.is_visible("#etu-f-level")  # behind "more filters"
    page.click("#etu-finder-topics > summary")
    assert page.is_visible("#etu-f-topic-depression")


def test_the_national_catalogue_home_opens_the_municipality_with_the_filters(
    browser: Browser, tmp_path: Path
) -> None:
    """A national catalogue's home lists no services: its finder opens the
    municipality's page, and the other filters go along in the address. Here the real
    finder macro in compact mode, on a small page of its own with finder.js."""
    env = environment("fi")
    macros = env.get_template("partials/etu-catalogue.html").make_module(
        {"etulinja": env.globals["etulinja"]})
    choices = {
        "municipalities": [{"code": "638", "name": "Porvoo", "other": "Borgå", "county": "01",
                            "url": "catalogue/areas/ita-uusimaa/porvoo/"}],
        "counties": [{"code": "01", "name": "Itä-Uusimaa"}],
        "topics": [{"code": "alcohol", "name": "Alkoholi", "related": ["substance-use"]},
                   {"code": "substance-use", "name": "Päihteet", "related": ["alcohol"]}],
        "groups": [], "levels": [{"code": "level-2", "name": "Taso 2"}], "languages": []}
    form = str(macros.finder(choices, places=True, compact=True))
    home = tmp_path / "catalogue" / "services" / "x"  # where the test's url filter points
    home.mkdir(parents=True)
    (tmp_path / "assets" / "javascripts").mkdir(parents=True)
    for script in ("places.js", "finder.js"):
        shutil.copy2(REPO / "overrides" / "assets" / "javascripts" / script,
                     tmp_path / "assets" / "javascripts" / script)
    (home / "index.html").write_text(
        '<!doctype html><html lang="fi"><head><meta charset="utf-8"><title>x</title></head>'
        f'<body>{form}<script src="../../../assets/javascripts/places.js" defer></script>'
        '<script src="../../../assets/javascripts/finder.js" defer></script>'
        "</body></html>", encoding="utf-8")
    porvoo = tmp_path / "catalogue" / "areas" / "ita-uusimaa" / "porvoo"
    porvoo.mkdir(parents=True)
    (porvoo / "index.html").write_text("<!doctype html><title>Porvoo</title>", encoding="utf-8")
    with serve(tmp_path) as base_url:
        guarded = new_context(browser, VIEWPORTS["desktop"], base_url)
        try:
            page = open_page(guarded, "catalogue/services/x/")
            page.fill("#etu-f-municipality", "borgå")
            assert page.inner_text("#etu-f-municipality-found") == (
                "Porvoo (Borgå), kuntanumero 638")
            page.check("#etu-f-topic-substance-use")
            page.fill("#etu-f-age", "16")
            assert query_of(page) == {"kunta": ["638"], "aihe": ["substance-use"],
                                      "ika": ["16"]}
            with page.expect_navigation():
                page.click("button[type=submit]")
            assert page.url == base_url + (
                "catalogue/areas/ita-uusimaa/porvoo/?aihe=substance-use&ika=16")
            page.go_back()
            assert page.input_value("#etu-f-municipality") == "Porvoo"
            assert page.is_checked("#etu-f-topic-substance-use")
            assert not csp_violations(page)
        finally:
            guarded.context.close()


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
    """A printed service page: no header, menus or footer on paper, but the service and the
    urgent numbers (a printout handed to someone must still say where to get help now)."""
    page = open_page(site_contexts["desktop"], "catalogue/services/paijat-hame-guided-self-care/")
    page.emulate_media(media="print")
    try:
        for chrome in (".md-header", ".md-sidebar--primary", ".md-footer"):
            assert page.eval_on_selector(chrome, "e => getComputedStyle(e).display") == "none"
        assert page.is_visible("h1#etu-main")
        assert page.is_visible("a.etu-tel")
        assert page.is_visible(".md-banner a[href='tel:112']")
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
