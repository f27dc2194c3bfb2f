"""Every page type in fi, sv and en, on a desktop and a phone, in Debian's Chromium.

What a reader would notice: a WCAG 2.2 A/AA failure axe-core can see (also once the
menu is open, the helplines expanded, the finder used), a page that scrolls sideways
on a small phone, a keyboard path that does not start with the skip link and the
emergency number or hides where focus is, and a request to any other host.
Full-page screenshots go to test-artifacts/screenshots/: every page on load, and in
Finnish also after each interaction.

Each page is visited once per viewport (load, keyboard walk, then the interactions,
one after another) and the findings are kept; the four tests below each assert one
kind of finding, so a failure names both the page and what is wrong with it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.quality.gate import (
    ARTIFACTS,
    LANGUAGES,
    NARROW_WIDTHS,
    VIEWPORTS,
    GuardedContext,
    axe_violations,
    csp_violations,
    describe_violations,
    head_problems,
    keyboard_problems,
    load_gate_config,
    localized,
    open_page,
    outside_requests,
    overflow_problems,
    perform,
)

CONFIG = load_gate_config(Path(__file__).with_name("page_types.yml"))
SCREENSHOTS = ARTIFACTS / "screenshots"


@dataclass(frozen=True)
class Case:
    page_type: str
    path: str  # Finnish site path
    lang: str
    viewport: str
    name: str  # e.g. 'article2-sv-mobile', also the screenshots' name

    @property
    def url_path(self) -> str:
        return localized(self.path, self.lang)

    def __str__(self) -> str:
        return f"/{self.url_path} at {self.viewport}"


CASES = [
    Case(name, path, lang, viewport, f"{name}{'' if n == 0 else n + 1}-{lang}-{viewport}")
    for name, spec in CONFIG.page_types.items()
    for n, path in enumerate(spec.paths)
    for lang in LANGUAGES
    for viewport in VIEWPORTS
]
CASE_PARAMS = [pytest.param(case, id=case.name) for case in CASES]


@dataclass
class Visit:
    """What one visit to a page found, state by state."""

    violations: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    layout: list[str] = field(default_factory=list)
    keyboard: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    csp: dict[str, str] = field(default_factory=dict)
    """Content-Security-Policy violation -> the state in which it was first seen."""

    def note_csp(self, page: Any, when: str) -> None:
        for violation in csp_violations(page):
            self.csp.setdefault(violation, when)


def _screenshot(page: Any, case: Case, state: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{case.name}-{state}.png"
    page.screenshot(path=str(target), full_page=True, scale="css")


def visit(guarded: GuardedContext, case: Case) -> Visit:
    """Load the page, scan it, walk it by keyboard, then interact and scan each state."""
    found = Visit()
    guarded.outside.clear()
    page = open_page(guarded, case.url_path)
    widths = NARROW_WIDTHS[case.viewport]
    found.layout += head_problems(page, case.lang)
    found.layout += [f"on load {p}" for p in overflow_problems(page, widths)]
    found.violations["on load"] = axe_violations(page)
    found.note_csp(page, "on load")
    _screenshot(page, case, "load")
    found.keyboard = keyboard_problems(page)
    for interaction in CONFIG.interactions(case.page_type, case.viewport):
        if not perform(page, interaction):
            continue  # this page has no such state (no collapsible boxes)
        found.layout += [f"after {interaction.state} {p}" for p in overflow_problems(page, widths)]
        found.violations[f"after {interaction.state}"] = axe_violations(page, interaction.scan)
        found.note_csp(page, f"after {interaction.state}")
        if case.lang == "fi":  # states look alike in every language; each shot costs time
            _screenshot(page, case, interaction.state)
    # Anything loaded late (scrolled to, or after the interactions) counts too.
    page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_load_state("networkidle")
    found.outside = outside_requests(guarded)
    found.note_csp(page, "at the end")
    return found


@pytest.fixture(scope="session")
def visited(site_contexts: dict[str, GuardedContext]) -> Callable[[Case], Visit]:
    """Each case visited once, on first use, and remembered for the other tests."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)  # only this run's screenshots
    done: dict[str, Visit] = {}

    def _visited(case: Case) -> Visit:
        if case.name not in done:
            done[case.name] = visit(site_contexts[case.viewport], case)
        return done[case.name]

    return _visited


@pytest.mark.parametrize("case", CASE_PARAMS)
def test_no_wcag_violations_on_load_or_after_interaction(
    visited: Callable[[Case], Visit], case: Case
) -> None:
    found = visited(case).violations
    report = "\n".join(f"{when}:\n{describe_violations(v)}" for when, v in found.items() if v)
    assert not report, f"{case}, axe-core found:\n{report}"


@pytest.mark.parametrize("case", CASE_PARAMS)
def test_fits_a_small_screen_and_declares_its_language(
    visited: Callable[[Case], Visit], case: Case
) -> None:
    problems = visited(case).layout
    assert not problems, f"{case}:\n" + "\n".join(problems)


@pytest.mark.parametrize("case", CASE_PARAMS)
def test_keyboard_reaches_help_first_and_always_shows_focus(
    visited: Callable[[Case], Visit], case: Case
) -> None:
    problems = visited(case).keyboard
    assert not problems, f"{case}:\n" + "\n".join(problems)


@pytest.mark.parametrize("case", CASE_PARAMS)
def test_nothing_is_requested_from_other_hosts(
    visited: Callable[[Case], Visit], case: Case
) -> None:
    outside = visited(case).outside
    assert not outside, f"{case} asked other hosts for (blocked):\n" + "\n".join(outside)


@pytest.mark.parametrize("case", CASE_PARAMS)
def test_works_under_the_strict_content_security_policy(
    visited: Callable[[Case], Visit], case: Case
) -> None:
    """Served with the portal's headers: no inline script or style, nothing refused."""
    violations = [f"{when}: {v}" for v, when in visited(case).csp.items()]
    assert not violations, f"{case} broke the Content-Security-Policy:\n" + "\n".join(violations)
