"""Questionnaires and worksheets in a real browser (Chromium, nothing leaving the
device): scoring by the bands the YAML states, urgent help at once on a risk answer,
answers kept on the device until forgotten, worksheets kept and cleared, a worksheet on
paper, and PHQ-9 completed with the keyboard alone on a phone-sized screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from etulinja.reference import i18n
from tests.quality.gate import (
    GuardedContext,
    axe_violations,
    csp_violations,
    describe_violations,
    open_page,
    outside_requests,
)
from tests.support.questionnaires import answers_for, example_questionnaires

PREFIX = {"fi": "", "sv": "sv/", "en": "en/"}
PHQ = "self-care/questionnaires/phq-9/"
DIARY = "self-care/sleep/sleep-diary/"


def fresh(guarded: GuardedContext, path: str) -> Page:
    """The page at ``path`` with nothing kept on the device from earlier tests."""
    page = open_page(guarded, path)
    page.evaluate("() => localStorage.clear()")
    return open_page(guarded, path)


def answer(page: Page, questionnaire_id: str, answers: dict[str, int]) -> None:
    questionnaire = example_questionnaires()[questionnaire_id]
    for item in questionnaire.items:
        value = item.counts(answers[item.id])
        page.check(f'input[name="etu-q-{questionnaire_id}-{item.id}"][value="{value}"]')


def stored_keys(page: Page) -> list[str]:
    keys: list[str] = page.evaluate("() => Object.keys(localStorage)")
    return sorted(key for key in keys if key.startswith("etulinja."))


@pytest.mark.parametrize("name", ["phq-9", "gad-7", "audit"])
def test_the_browser_scores_by_the_bands_in_the_yaml_at_every_boundary(
        site_contexts: dict[str, GuardedContext], name: str) -> None:
    guarded = site_contexts["desktop"]
    questionnaire = example_questionnaires()[name]
    for band in questionnaire.bands:
        for total in sorted({band.min, band.max}):
            page = fresh(guarded, f"self-care/questionnaires/{name}/")
            answer(page, name, answers_for(questionnaire, total))
            score = page.locator("[data-etu-q-result] .etu-q-score")
            assert score.get_attribute("data-etu-total") == str(total)
            assert score.get_attribute("data-etu-level") == band.level, (name, total)
            assert band.title.in_language("fi", ("fi",))[0] in score.inner_text()
    assert not outside_requests(guarded)
    assert not csp_violations(page)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_a_risk_answer_shows_urgent_help_at_once_before_any_score(
        site_contexts: dict[str, GuardedContext], lang: str) -> None:
    guarded = site_contexts["mobile"]
    page = fresh(guarded, PREFIX[lang] + PHQ)
    page.check('input[name="etu-q-phq-9-better-off-dead"][value="1"]')  # the first answer
    alert = page.locator('[data-etu-q-alert="better-off-dead"]')
    assert alert.get_attribute("role") == "alert"
    assert alert.is_visible()
    assert i18n.table(lang)["questionnaire.risk_title"] in alert.inner_text()
    hrefs = alert.locator("a").evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
    assert "tel:112" in hrefs
    assert page.locator("[data-etu-q-result]").inner_text().strip() == "", "no score yet"
    # a county chosen in the block shows its own numbers
    select = alert.locator("select")
    codes = select.locator("option").evaluate_all("(o) => o.map((x) => x.value)")
    select.select_option(codes[1])
    assert alert.locator(f'[data-etu-county="{codes[1]}"] a[href^="tel:"]').first.is_visible()
    # the answer taken back: the block goes
    page.check('input[name="etu-q-phq-9-better-off-dead"][value="0"]')
    assert alert.inner_text().strip() == ""
    assert not outside_requests(guarded)
    assert not csp_violations(page)


def test_answers_survive_a_reload_and_are_gone_after_forget(
        site_contexts: dict[str, GuardedContext]) -> None:
    guarded = site_contexts["desktop"]
    phq = example_questionnaires()["phq-9"]
    page = fresh(guarded, PHQ)
    answer(page, "phq-9", answers_for(phq, 12))
    assert stored_keys(page) == ["etulinja.questionnaire.page.phq-9.any"]
    page = open_page(guarded, PHQ)
    assert page.locator("input[type=radio]:checked").count() == len(phq.items)
    assert page.locator(".etu-q-score").get_attribute("data-etu-total") == "12"
    page.click("[data-etu-q-forget]")
    assert stored_keys(page) == []
    assert page.locator("input[type=radio]:checked").count() == 0
    assert page.locator("[data-etu-q-status]").inner_text() == \
        i18n.table("fi")["questionnaire.forgotten"]
    page = open_page(guarded, PHQ)
    assert page.locator("input[type=radio]:checked").count() == 0
    assert not outside_requests(guarded)


def test_a_worksheet_is_kept_on_the_device_and_cleared(
        site_contexts: dict[str, GuardedContext]) -> None:
    guarded = site_contexts["mobile"]
    page = fresh(guarded, DIARY)
    page.fill("#etu-ws-diary-1-day", "ma 7.12.")
    page.fill("#etu-ws-diary-1-to-bed", "22.45")
    page.fill("#etu-ws-notes-text", "Kahvi klo 16")
    assert stored_keys(page) == ["etulinja.worksheet.sleep/sleep-diary/diary",
                                 "etulinja.worksheet.sleep/sleep-diary/notes"]
    page = open_page(guarded, DIARY)
    assert page.input_value("#etu-ws-diary-1-to-bed") == "22.45"
    assert page.input_value("#etu-ws-notes-text") == "Kahvi klo 16"
    page.click("#etu-ws-diary [data-etu-ws-clear]")
    assert page.input_value("#etu-ws-diary-1-day") == ""
    assert stored_keys(page) == ["etulinja.worksheet.sleep/sleep-diary/notes"]
    page = open_page(guarded, DIARY)
    assert page.input_value("#etu-ws-diary-1-day") == ""
    assert page.input_value("#etu-ws-notes-text") == "Kahvi klo 16"
    assert not outside_requests(guarded)
    assert not csp_violations(page)


def test_a_printed_worksheet_is_one_clean_sheet_with_the_urgent_numbers(
        site_contexts: dict[str, GuardedContext]) -> None:
    guarded = site_contexts["desktop"]
    page = fresh(guarded, DIARY)
    page.fill("#etu-ws-diary-1-day", "ma 7.12.")
    page.click("#etu-ws-diary [data-etu-ws-print]")
    assert page.evaluate("() => window.__etuPrinted") == 1
    page.emulate_media(media="print")
    try:
        for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".etu-body",
                       "h1", ".etu-pager", "#etu-ws-notes", "[data-etu-ws-actions]"):
            assert not page.locator(chrome).first.is_visible(), chrome
        sheet = page.locator("#etu-ws-diary")
        assert sheet.is_visible()
        assert "Parempaa unta" in page.locator("#etu-ws-diary .etu-ws__context").inner_text()
        banner = page.locator(".md-banner")
        assert banner.is_visible()
        assert banner.locator('a[href="tel:112"]').first.is_visible()
        row = page.locator("#etu-ws-diary tbody tr").first.bounding_box()
        assert row is not None and row["height"] >= 38, "room to write by hand (1 cm)"
    finally:
        page.emulate_media(media="screen")
        page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")


def test_phq9_completed_with_the_keyboard_alone_on_a_phone(
        site_contexts: dict[str, GuardedContext]) -> None:
    """Tab into the first question, arrows choose an answer, Tab goes to the next one;
    the result is announced in a live region with an accessible name for every field."""
    guarded = site_contexts["mobile"]
    page = fresh(guarded, PHQ)
    page.focus("#etu-main")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.name === 'etu-q-phq-9-interest'"):
            break
    else:
        pytest.fail("Tab never reached the first question")
    presses = [1, 2, 0, 1, 1, 0, 2, 0, 0]  # arrows: the n-th answer (0: the first, Space)
    for n, downs in enumerate(presses):
        if downs == 0:
            page.keyboard.press("Space")
        for _ in range(downs):
            page.keyboard.press("ArrowDown")
        if n < len(presses) - 1:
            page.keyboard.press("Tab")
    assert page.locator("input[type=radio]:checked").count() == 9
    unlabelled = page.evaluate("""() => [...document.querySelectorAll('.etu-q input')]
        .filter((i) => !i.labels || !i.labels.length).length""")
    assert unlabelled == 0
    result = page.locator("[data-etu-q-result]")
    assert result.get_attribute("aria-live") == "polite"
    assert result.locator(".etu-q-score").get_attribute("data-etu-total") == str(sum(presses))
    assert page.locator('[data-etu-q-alert="better-off-dead"]').inner_text().strip() == ""
    box = page.locator("input[type=radio]").first.bounding_box()
    assert box is not None and box["width"] >= 24 and box["height"] >= 24
    violations = axe_violations(page, ".etu-q")
    assert not violations, describe_violations(violations)
    assert not outside_requests(guarded)
