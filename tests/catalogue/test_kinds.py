"""Urgent help and helplines are kinds of their own, never a step of care: over the
example site, wherever a service is listed or shown, and in the order readers meet them."""

from __future__ import annotations

from pathlib import Path

import pytest

from etulinja.catalogue.model import GROUPS, Catalogue
from etulinja.config import load_config
from etulinja.reference import codes, i18n
from tests.support.sitepages import LANGUAGES, html_pages, soup

PREFIX = {"fi": "", "sv": "sv/", "en": "en/"}


@pytest.fixture(scope="module")
def example_catalogue(built_portal: Path) -> Catalogue:
    from etulinja.site.content import check

    content, problems = check(load_config(built_portal))
    assert not problems.errors
    return content.catalogue


def level_words(lang: str) -> list[str]:
    """How a care level is labelled in ``lang``: 'Taso 0: Omahoito' and each level's name."""
    strings = i18n.table(lang)
    words = [str(strings["service.level_n"]).split("{")[0].strip()]
    words += [str(level["label"][lang]) for level in codes.labelled("care_levels").values()]
    return words


def test_the_example_data_has_urgent_help_and_helplines(example_catalogue: Catalogue) -> None:
    kinds = {s.kind for s in example_catalogue.services.values()}
    assert {"crisis", "helpline", "care"} <= kinds
    assert all((s.care_level is None) == (s.kind != "care")
               for s in example_catalogue.services.values())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_urgent_service_carries_a_care_level_label_anywhere(
        site: Path, example_catalogue: Catalogue, lang: str) -> None:
    urgent = {s.id for s in example_catalogue.services.values() if s.kind != "care"}
    words = level_words(lang)
    seen = 0
    for path in html_pages(site):
        relative = path.relative_to(site).as_posix()
        if not relative.startswith(f"{PREFIX[lang]}catalogue/"):
            continue
        page = soup(path)
        for item in page.select("li.etu-service-item"):
            if item["data-id"] in urgent:
                seen += 1
                tag = item.select_one(".etu-level").get_text(" ", strip=True)
                assert not any(word in tag for word in words), (relative, item["data-id"], tag)
        service = relative.removeprefix(f"{PREFIX[lang]}catalogue/services/").split("/")[0]
        if service in urgent:
            heading = page.select_one("#etu-level")
            assert heading.get_text(strip=True) == i18n.table(lang)["service.group"]
            tag = page.select_one(".etu-level").get_text(" ", strip=True)
            assert not any(word in tag for word in words), (relative, tag)
    assert seen > 20


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_area_page_lists_urgent_help_first_then_helplines_then_care_by_level(
        site: Path, lang: str) -> None:
    areas = sorted((site / PREFIX[lang] / "catalogue" / "areas").rglob("index.html"))
    assert len(areas) > 50
    for path in areas:
        groups = [s["data-group"] for s in soup(path).select("#etu-listing section.etu-group")]
        assert groups == sorted(groups, key=GROUPS.index), path
        assert len(groups) == len(set(groups)), path
        assert groups[0] == "crisis", (path, groups)
