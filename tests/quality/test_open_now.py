"""\"Open now\" as a reader sees it: hours.js says in the page's language whether a
service is open at this moment, in Finnish time whatever the device's own time zone,
from the hours as data (views.hours_view's ``machine``), with the words from the
translation tables.

Most cases run on a small page made here: the real ``open_now`` macro with hand-made
hours and the real hours.js, served with the portal's headers (its strict CSP), in
Chromium whose clock is fixed with Playwright and whose time zone is New York, so a
script that used the device's zone would give other answers. One case reads a real
built page.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route

from tests.quality.gate import csp_violations, serve
from tests.theme.test_partials import environment

REPO = Path(__file__).resolve().parents[2]
HELSINKI_WINTER = dt.timezone(dt.timedelta(hours=2))
HELSINKI_SUMMER = dt.timezone(dt.timedelta(hours=3))

# Weekdays 8-16; Christmas Eve and Day (Thu 24, Fri 25 December 2026) closed as public
# holidays; shorter hours on 23 December and closed on 30 December (exception dates).
OFFICE = {"always": False,
          "weekly": [[day, "08:00", "16:00"] for day in range(5)],
          "dates": {"2026-12-23": [["08:00", "12:00"]], "2026-12-30": []},
          "closed": ["2026-12-24", "2026-12-25"], "until": "2027-12-01"}
# Monday night only: 20:00 until 06:00 on Tuesday morning.
NIGHT = {"always": False, "weekly": [[0, "20:00", "06:00"]], "dates": {}, "closed": [],
         "until": "2027-12-01"}
ALWAYS = {"always": True, "weekly": [], "dates": {}, "closed": [], "until": "2027-12-01"}
# Friday evening until midnight, written as 24:00.
LATE = {"always": False, "weekly": [[4, "18:00", "24:00"]], "dates": {}, "closed": [],
        "until": "2027-12-01"}
HOURS = {"office": OFFICE, "night": NIGHT, "always": ALWAYS, "late": LATE}


def harness(folder: Path, lang: str) -> str:
    """A page with one open_now element per set of hours, and hours.js with the words
    of ``lang``, rendered by the theme's own macros: the page's address in ``folder``."""
    env = environment(lang)
    macros = env.get_template("partials/etu-catalogue.html").make_module(
        {"etulinja": env.globals["etulinja"]})
    spans = "\n".join(f'<p id="{name}">{macros.open_now(machine)}</p>'
                      for name, machine in HOURS.items())
    closed = macros.open_now(ALWAYS, True)
    words = macros.open_now_words(env.globals["etulinja"]["t"])
    page = (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>open now</title></head><body>{spans}\n"
            f'<p id="closed">{closed}</p>\n'
            f"<script src=\"../assets/javascripts/hours.js\" defer data-etu-open='{words}'>"
            "</script></body></html>")
    (folder / lang).mkdir(parents=True, exist_ok=True)
    (folder / lang / "index.html").write_text(page, encoding="utf-8")
    return f"{lang}/"


@pytest.fixture(scope="module")
def harness_site(tmp_path_factory: pytest.TempPathFactory,
                 gate_tools: None) -> Iterator[tuple[str, dict[str, str]]]:
    folder = tmp_path_factory.mktemp("open-now")
    (folder / "assets" / "javascripts").mkdir(parents=True)
    shutil.copy2(REPO / "overrides" / "assets" / "javascripts" / "hours.js",
                 folder / "assets" / "javascripts" / "hours.js")
    pages = {lang: harness(folder, lang) for lang in ("fi", "sv", "en")}
    with serve(folder) as base_url:
        yield base_url, pages


@pytest.fixture(scope="module")
def elsewhere(browser: Browser) -> Iterator[BrowserContext]:
    """A reader whose device is in New York: the answers must still be Finnish time."""
    context = browser.new_context(timezone_id="America/New_York", service_workers="block")

    def local_only(route: Route) -> None:
        if route.request.url.startswith("http://127.0.0.1:"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", local_only)
    yield context
    context.close()


def said_at(context: BrowserContext, url: str, when: dt.datetime) -> dict[str, Any]:
    """What each element says when the page is opened at ``when`` (the clock fixed)."""
    page: Page = context.new_page()
    try:
        page.clock.set_fixed_time(when)
        page.goto(url)  # hours.js is deferred: it has run when the page has loaded
        found: dict[str, Any] = page.evaluate(
            """() => Object.fromEntries([...document.querySelectorAll('p[id]')].map((p) => {
                 const span = p.querySelector('[data-etu-hours]');
                 return [p.id, span && !span.hidden ? span.textContent : null];
               }))""")
        assert not csp_violations(page)
        return found
    finally:
        page.close()


def helsinki(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    zone = HELSINKI_SUMMER if 4 <= month <= 10 else HELSINKI_WINTER
    return dt.datetime(year, month, day, hour, minute, tzinfo=zone)


CASES = [
    # (what, Helsinki time, element, what it says in Finnish)
    ("a weekday in office hours", helsinki(2026, 12, 9, 10), "office",
     "Auki nyt, sulkeutuu klo 16.00"),
    ("a summer weekday (Finnish summer time)", helsinki(2027, 6, 9, 15, 59), "office",
     "Auki nyt, sulkeutuu klo 16.00"),
    ("a weekday morning before opening", helsinki(2026, 12, 9, 7, 30), "office",
     "Suljettu nyt, avautuu klo 8.00"),
    ("a weekday evening", helsinki(2026, 12, 9, 18, 30), "office",
     "Suljettu nyt, avautuu huomenna klo 8.00"),
    ("a Friday evening", helsinki(2026, 12, 11, 17), "office",
     "Suljettu nyt, avautuu maanantaina klo 8.00"),
    ("Christmas Eve, a public holiday, then Christmas Day and a weekend",
     helsinki(2026, 12, 24, 10), "office",
     "Suljettu tänään (arkipyhä), avautuu maanantaina klo 8.00"),
    ("an exception date with shorter hours", helsinki(2026, 12, 23, 10), "office",
     "Auki nyt, sulkeutuu klo 12.00 (poikkeava aukiolo tänään)"),
    ("an exception date after its shorter hours", helsinki(2026, 12, 23, 13), "office",
     "Suljettu nyt, avautuu maanantaina klo 8.00 (poikkeava aukiolo tänään)"),
    ("an exception date closed", helsinki(2026, 12, 30, 10), "office",
     "Suljettu tänään (poikkeusaukiolo), avautuu huomenna klo 8.00"),
    ("overnight: at 02:00 on Tuesday, from Monday evening", helsinki(2026, 12, 8, 2),
     "night", "Auki nyt, sulkeutuu klo 6.00"),
    ("overnight: on Monday evening", helsinki(2026, 12, 7, 21), "night",
     "Auki nyt, sulkeutuu huomenna klo 6.00"),
    ("overnight: on Tuesday after it closed", helsinki(2026, 12, 8, 7), "night",
     "Suljettu nyt, avautuu maanantaina klo 20.00"),
    ("round the clock", helsinki(2026, 12, 24, 3), "always", "Auki ympäri vuorokauden"),
    ("closes at 24:00", helsinki(2026, 12, 11, 20), "late", "Auki nyt, sulkeutuu klo 24.00"),
]


@pytest.mark.parametrize(("what", "when", "element", "expected"), CASES,
                         ids=[case[0] for case in CASES])
def test_open_now_in_finnish_time(harness_site: tuple[str, dict[str, str]],
                                  elsewhere: BrowserContext, what: str, when: dt.datetime,
                                  element: str, expected: str) -> None:
    base_url, pages = harness_site
    said = said_at(elsewhere, base_url + pages["fi"], when)
    assert said[element] == expected, (what, said)
    assert said["closed"] is None  # a temporarily closed service is never said open


@pytest.mark.parametrize(("lang", "open_text", "closed_text"), [
    ("sv", "Öppet nu, stänger kl. 16.00", "Stängt nu, öppnar på måndag kl. 8.00"),
    ("en", "Open now, closes at 16:00", "Closed now, opens Monday at 8:00"),
])
def test_open_now_in_swedish_and_english(harness_site: tuple[str, dict[str, str]],
                                         elsewhere: BrowserContext, lang: str,
                                         open_text: str, closed_text: str) -> None:
    base_url, pages = harness_site
    assert said_at(elsewhere, base_url + pages[lang], helsinki(2026, 12, 9, 10))["office"] == (
        open_text)
    assert said_at(elsewhere, base_url + pages[lang], helsinki(2026, 12, 11, 17))["office"] == (
        closed_text)


def test_nothing_is_said_after_the_hours_are_known(
        harness_site: tuple[str, dict[str, str]], elsewhere: BrowserContext) -> None:
    """A page not rebuilt for over a year knows no holidays or exceptions any more: it
    says nothing rather than guess from the weekly hours."""
    base_url, pages = harness_site
    said = said_at(elsewhere, base_url + pages["fi"], helsinki(2027, 12, 2, 10))
    assert said == {"office": None, "night": None, "always": None, "late": None,
                    "closed": None}
