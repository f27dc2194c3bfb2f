"""Programme pages as a reader walks them: landing, sections in order, step by step."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from etulinja.reference import i18n
from tests.support.portal import REPO
from tests.support.sitepages import LANGUAGES, resolve, soup

PREFIX = {"fi": "", "sv": "sv/", "en": "en/"}
PROGRAMMES = sorted(p.parent.name for p in (REPO / "self_care").glob("*/programme.yml"))


def programme_yml(programme: str) -> dict[str, object]:
    data = yaml.safe_load((REPO / "self_care" / programme / "programme.yml").read_text())
    assert isinstance(data, dict)
    return data


def landing(site: Path, programme: str, lang: str) -> Path:
    return site / PREFIX[lang] / "self-care" / programme / "index.html"


def test_example_portal_ships_programmes() -> None:
    assert {"sleep", "social-nerves"} <= set(PROGRAMMES)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("programme", PROGRAMMES)
def test_landing_lists_sections_and_steps_in_order(site: Path, programme: str,
                                                   lang: str) -> None:
    data = programme_yml(programme)
    sections = data["sections"]
    assert isinstance(sections, list)
    strings = i18n.table(lang)
    page = soup(landing(site, programme, lang))
    headings = [h.get_text(" ", strip=True) for h in page.select(".etu-programme-section h3")]
    titles = [strings["programme.section." + s["kind"]] for s in sections]
    assert headings == [f"{n}. {title}" for n, title in enumerate(titles, 1)]
    expected = [step for s in sections for step in s["steps"]]
    links = page.select(".etu-steps li a")
    assert [a["href"].rstrip("/").split("/")[-1] for a in links] == expected
    assert [li["value"] for li in page.select(".etu-steps li")] == [
        str(n) for n in range(1, len(expected) + 1)]
    # the fixed "how to use it" block, and who wrote and reviewed it
    assert str(strings["programme.how_text"]) in page.get_text(" ")
    reviewed = page.select_one(".etu-reviewed--end").get_text(" ", strip=True)
    assert "Esimerkkitarkastaja" in reviewed or "Exempelgranskare" in reviewed or \
        "Example reviewer" in reviewed


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("programme", PROGRAMMES)
def test_every_step_has_its_position_and_previous_next(site: Path, programme: str,
                                                       lang: str) -> None:
    """Walking "next" from the first step visits every step once, in the landing's order."""
    strings = i18n.table(lang)
    start = landing(site, programme, lang)
    steps = [resolve(site, start, a["href"]) for a in soup(start).select(".etu-steps li a")]
    start_button = soup(start).select_one("a.md-button--primary")
    assert resolve(site, start, start_button["href"]) == steps[0]
    total = len(steps)
    for n, step in enumerate(steps, 1):
        page = soup(step)
        position = page.select_one(".etu-step-position__n").get_text(strip=True)
        assert position == str(strings["programme.step_of"]).format(n=n, total=total), step
        prev = page.select_one(".etu-pager a[rel=prev]")
        nxt = page.select_one(".etu-pager a[rel=next]")
        if n == 1:
            assert prev is None
        else:
            assert resolve(site, step, prev["href"]) == steps[n - 2]
        if n == total:
            assert nxt is None
            back = page.select(".etu-pager a")[-1]
            assert resolve(site, step, back["href"]) == start
            assert str(strings["programme.finished"]) in page.get_text(" ")
        else:
            assert resolve(site, step, nxt["href"]) == steps[n]
        context = page.select_one(".etu-step-context a")
        assert resolve(site, step, context["href"]) == start


def test_untranslated_programme_falls_back_with_notice_and_is_not_indexed(site: Path) -> None:
    """social-nerves has no English: English pages show Finnish text marked lang="fi"."""
    notice = str(i18n.table("en")["fallback.notice"])
    for page_path in [landing(site, "social-nerves", "en"),
                      site / "en/self-care/social-nerves/step-ladder/index.html"]:
        page = soup(page_path)
        assert page.html["lang"] == "en"
        assert notice in page.get_text(" ")
        assert page.select_one("h1")["lang"] == "fi"
        assert page.select_one("[data-pagefind-body]") is None
    translated = soup(site / "sv/self-care/social-nerves/step-ladder/index.html")
    assert translated.select_one("[data-pagefind-body]") is not None
    assert translated.select_one("h1").get("lang") is None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_programme_list_is_in_the_menu_and_lists_every_programme(site: Path,
                                                                 lang: str) -> None:
    home = site / PREFIX[lang] / "index.html"
    listing = site / PREFIX[lang] / "self-care" / "index.html"
    menu = [resolve(site, home, a["href"]) for a in soup(home).select(".md-nav--primary a")]
    assert listing in menu
    links = {resolve(site, listing, a["href"])
             for a in soup(listing).select(".etu-programme-card__title a")}
    assert links == {landing(site, p, lang) for p in PROGRAMMES}
    assert soup(listing).select_one("h1").get_text(strip=True) == str(
        i18n.table(lang)["programmes.title"])
