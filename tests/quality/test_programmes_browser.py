"""Programmes in a real browser: the list's filters, and "help near you" showing only
the services of the chosen municipality, with nothing sent and the choice kept on the
device only when the reader asks."""

from __future__ import annotations

from typing import Any

from tests.quality.gate import csp_violations, open_page, outside_requests


def _visible_cards(page: Any) -> list[str]:
    found: list[str] = page.eval_on_selector_all(
        "#etu-programme-list > li:not([hidden])", "els => els.map(e => e.dataset.topics)")
    return found


def test_filter_by_topic_shows_only_matching_programmes(site_contexts: Any) -> None:
    guarded = site_contexts["desktop"]
    page = open_page(guarded, "self-care/")
    every = _visible_cards(page)
    assert len(every) >= 6
    page.select_option("#etu-pf-topic", "anxiety")
    shown = _visible_cards(page)
    assert shown and all("anxiety" in topics.split() for topics in shown)
    assert len(shown) == sum("anxiety" in t.split() for t in every)
    page.select_option("#etu-pf-group", "youth")
    assert all("anxiety" in t.split() for t in _visible_cards(page))
    assert "aihe=anxiety" in page.url and "ryhma=youth" in page.url
    assert page.locator("#etu-programme-filter-status").inner_text().strip()
    assert outside_requests(guarded) == [] and csp_violations(page) == []


def test_help_near_you_shows_only_that_municipalitys_services(site_contexts: Any) -> None:
    guarded = site_contexts["desktop"]
    page = open_page(guarded, "self-care/low-mood/")
    assert page.locator("#etu-near-list li:not([hidden])").count() == 0
    page.fill("#etu-near-municipality", "Helsinki")
    page.click("#etu-near button[type=submit]")
    shown = page.eval_on_selector_all("#etu-near-list li:not([hidden])",
                                      "els => els.map(e => e.dataset.munis)")
    assert shown and all("091" in munis.split() for munis in shown)
    hidden = page.eval_on_selector_all("#etu-near-list li[hidden]",
                                       "els => els.map(e => e.dataset.munis)")
    assert all("091" not in munis.split() for munis in hidden)
    assert "kunta=091" in (page.get_attribute("#etu-near-finder", "href") or "")
    # not remembered unless asked
    assert page.evaluate("() => localStorage.getItem('etulinja.near.municipality')") is None
    page.check("#etu-near-remember")
    page.click("#etu-near button[type=submit]")
    assert page.evaluate("() => localStorage.getItem('etulinja.near.municipality')") == "091"
    page.reload()
    page.wait_for_selector("#etu-near-list li:not([hidden])")
    page.click("#etu-near-forget")
    assert page.evaluate("() => localStorage.getItem('etulinja.near.municipality')") is None
    assert outside_requests(guarded) == [] and csp_violations(page) == []
