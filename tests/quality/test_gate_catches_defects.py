"""The gate's own checkers fail on planted defects: proof that a green gate means something.

A tiny static site is written into a temporary folder: one sound page (with Material's
checkbox markup, which must be let through) and one page per defect. The same checker
functions the real gate uses run on it; each must report its defect and nothing on the
sound page.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.quality.gate import (
    VIEWPORTS,
    GuardedContext,
    Interaction,
    InteractionFailed,
    axe_violations,
    broken_anchors,
    broken_links,
    csp_violations,
    head_problems,
    keyboard_problems,
    lighthouse_failures,
    new_context,
    open_page,
    outside_requests,
    overflow_problems,
    perform,
    serve,
    tel_problems,
    uncovered_page_types,
    vnu_errors,
)


def _page(title: str, body: str, head: str = "") -> str:
    """A page shaped like ours: skip link, then the emergency number, then the heading."""
    return f"""<!doctype html>
<html lang="fi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{title}</title>
<style>.md-toggle {{ display: none; }} a {{ display: inline-block; padding: 4px 0; }}</style>
{head}
</head>
<body>
<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">
<a class="etu-skip" href="#etu-main">Siirry sisältöön</a>
<aside aria-label="Apua heti"><a href="tel:112">Hätänumero 112</a></aside>
<main>
<h1 id="etu-main" tabindex="-1">{title}</h1>
{body}
</main>
</body>
</html>
"""


DEFECTS = {
    "index.html": _page("Ehjä sivu", '<p><a href="sivu/">Toinen sivu</a></p>'),
    "sivu/index.html": _page("Toinen sivu", '<p><a href="../">Etusivu</a></p>'),
    # (a) grey text on white, 2.3:1 where 4.5:1 is required
    "contrast/index.html": _page("Kontrasti", '<p style="color:#aaaaaa">Vaalea teksti</p>'),
    # (b) a tracking pixel and a font service: the reader's visit leaks to two hosts
    "outside/index.html": _page(
        "Ulkopuolinen",
        '<p><img src="https://tracker.example/pixel.gif" alt=""></p>',
        '<link rel="stylesheet" href="https://fonts.example/css2?family=Inter">',
    ),
    # (c) a page that does not exist, and an anchor that does not exist
    "broken-link/index.html": _page(
        "Rikkinäinen linkki",
        '<p><a href="../puuttuu/">Puuttuva sivu</a> <a href="../sivu/#ei-ole">Puuttuva kohta</a></p>',
    ),
    # (d) a block inside an inline element, and autocomplete on a checkbox that is not
    # Material's (only Material's own toggles may be let through)
    "invalid/index.html": _page(
        "Virheellinen",
        "<ul><div>Lohko</div></ul>"
        '<p><label>Valinta <input type="checkbox" autocomplete="off"></label></p>',
    ),
    "wide/index.html": _page("Leveä", '<div style="width:500px">Leveä laatikko</div>'),
    "no-focus/index.html": _page(
        "Ei kohdistusta",
        '<p><a href="../">Etusivu</a></p>',
        "<style>a:focus { outline: none; } .etu-skip { display: none; }</style>",
    ),
    "bad-tel/index.html": _page(
        "Puhelinnumerot",
        '<p><a href="tel:0925250111">09 2525 0111</a> <a href="tel:+358925250111">09 2525 0112</a>'
        ' <a href="tel:116117">116117</a></p>',
    ),
}


@pytest.fixture(scope="module")
def defect_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("defects")
    for name, text in DEFECTS.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def defect_url(defect_site: Path, gate_tools: None) -> Iterator[str]:
    # Served bare: the defect pages use inline styles to plant their defects.
    with serve(defect_site, security_headers=False) as base_url:
        yield base_url


@pytest.fixture
def mobile(browser: Browser, defect_url: str) -> Iterator[GuardedContext]:
    guarded = new_context(browser, VIEWPORTS["mobile"], defect_url)
    yield guarded
    guarded.context.close()


def test_axe_reports_a_contrast_defect(mobile: GuardedContext) -> None:
    assert axe_violations(open_page(mobile, "")) == []
    found = axe_violations(open_page(mobile, "contrast/"))
    assert [v["id"] for v in found] == ["color-contrast"]
    assert found[0]["impact"] == "serious"
    assert "p" in found[0]["nodes"][0]["target"]


def test_requests_to_other_hosts_are_blocked_and_listed(mobile: GuardedContext) -> None:
    open_page(mobile, "")
    assert outside_requests(mobile) == []
    open_page(mobile, "outside/")
    assert outside_requests(mobile) == [
        "https://fonts.example/css2?family=Inter",
        "https://tracker.example/pixel.gif",
    ]


def test_a_missing_page_and_a_missing_anchor_are_reported(
    defect_site: Path, defect_url: str
) -> None:
    assert broken_links(defect_url, [""]) == []
    broken = broken_links(defect_url, ["broken-link/"])
    assert len(broken) == 1 and "../puuttuu/" in broken[0] and "404" in broken[0], broken
    assert broken_anchors(defect_site) == [
        "broken-link/index.html: ../sivu/#ei-ole (no id 'ei-ole' there)"
    ]


def test_vnu_reports_invalid_html_but_not_materials_checkbox(defect_site: Path) -> None:
    errors = vnu_errors(defect_site)
    assert len(errors) == 2, errors
    assert errors[0].startswith("invalid/index.html:"), errors
    assert "“div” not allowed as child of element “ul”" in errors[0], errors
    assert errors[1].startswith("invalid/index.html:"), errors
    assert "autocomplete" in errors[1] and 'type="checkbox"' in errors[1], errors


def test_sideways_scrolling_on_a_phone_is_reported(mobile: GuardedContext) -> None:
    assert overflow_problems(open_page(mobile, ""), (360, 320)) == []
    problems = overflow_problems(open_page(mobile, "wide/"), (360, 320))
    assert len(problems) == 2 and "div" in problems[0], problems


def test_wrong_page_language_is_reported(mobile: GuardedContext) -> None:
    page = open_page(mobile, "")
    assert head_problems(page, "fi") == []
    assert head_problems(page, "sv") == ['<html lang="fi">, expected "sv"']


def test_missing_skip_link_and_hidden_focus_are_reported(mobile: GuardedContext) -> None:
    assert keyboard_problems(open_page(mobile, "")) == []
    problems = keyboard_problems(open_page(mobile, "no-focus/"))
    assert problems == [
        'first Tab focused a[href="tel:112"] "Hätänumero 112", not the skip link (a.etu-skip)',
        'a[href="tel:112"] "Hätänumero 112": no visible focus indicator (outline or box-shadow)',
        'second Tab focused a[href="../"] "Etusivu", not the tel:112 link',
        'a[href="../"] "Etusivu": no visible focus indicator (outline or box-shadow)',
    ]


def test_an_interaction_that_finds_nothing_fails(mobile: GuardedContext) -> None:
    page = open_page(mobile, "")
    with pytest.raises(InteractionFailed):
        perform(page, Interaction("menu-open", ({"click": "label[for=__drawer]"},)))
    with pytest.raises(InteractionFailed):
        perform(page, Interaction("details-open", ({"expand": "details"},)))
    # Said to be optional: the page simply has no such state, and nothing is scanned for it.
    assert not perform(page, Interaction("details-open", ({"expand": "details", "optional": True},)))
    with pytest.raises(ValueError):
        perform(page, Interaction("typo", ({"clik": "a"},)))


def test_tel_links_that_would_not_ring_the_number_shown_are_reported(defect_site: Path) -> None:
    problems = tel_problems(defect_site)
    assert problems == [
        "bad-tel/index.html: tel:0925250111 is neither a valid E.164 number (+358…) nor a "
        "national short number (112, 116117, 116111)",
        "bad-tel/index.html: link text shows '09 2525 0112' but dials tel:+358925250111",
    ]


def test_a_page_type_missing_from_the_gate_is_reported() -> None:
    found = {"home": [""], "questionnaire": ["self-care/mood/step-1/", "sv/self-care/mood/step-1/"]}
    assert uncovered_page_types(found, ["home", "questionnaire"]) == []
    assert uncovered_page_types(found, ["home"]) == ["questionnaire (e.g. /self-care/mood/step-1/)"]


def _report(**scores: float) -> dict[str, Any]:
    audits = {"color-contrast": {"score": 0, "title": "Contrast"}, "doctype": {"score": 1}}
    refs = [{"id": "color-contrast", "weight": 7}, {"id": "doctype", "weight": 1}]
    return {
        "categories": {name: {"score": s, "auditRefs": refs} for name, s in scores.items()},
        "audits": audits,
    }


def test_lighthouse_scores_under_the_line_fail_with_their_audits() -> None:
    passing = _report(
        **{"accessibility": 1, "best-practices": 0.96, "seo": 0.95, "performance": 0.4}
    )
    assert lighthouse_failures(passing) == []
    failing = _report(**{"accessibility": 0.89, "best-practices": 1, "seo": 1, "performance": 1})
    assert lighthouse_failures(failing) == [
        "accessibility: 0.89 < 0.95; failing audits: color-contrast (Contrast)"
    ]


CSP_SITE = {
    "index.html": _page("Ehjä sivu", '<p id="x">Teksti</p>',
                        '<script src="ok.js" defer></script>').replace("<style>", "<!--").replace(
                            "</style>", "-->"),
    "ok.js": 'document.getElementById("x").textContent = "Skripti toimii";\n',
    "inline/index.html": _page("Upotettu skripti", '<p id="x">Teksti</p>',
                               "<script>window.pwned = true;</script>").replace(
                                   "<style>", "<!--").replace("</style>", "-->"),
    "style/index.html": _page("Tyyli", '<p style="color: red">Teksti</p>').replace(
        "<style>", "<!--").replace("</style>", "-->"),
}


def test_an_inline_script_or_style_breaks_the_content_security_policy(
        browser: Browser, tmp_path: Path, gate_tools: None) -> None:
    """Served with the portal's headers, as the real site is in the gate."""
    for name, text in CSP_SITE.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    with serve(tmp_path) as base_url:
        guarded = new_context(browser, VIEWPORTS["desktop"], base_url)
        try:
            sound = open_page(guarded, "")
            assert csp_violations(sound) == []
            assert sound.locator("#x").text_content() == "Skripti toimii"
            inline = open_page(guarded, "inline/")
            assert inline.evaluate("() => window.pwned === undefined")
            found = csp_violations(inline)
            assert len(found) == 1 and found[0].startswith("script-src-elem refused inline")
            styled = csp_violations(open_page(guarded, "style/"))
            assert len(styled) == 1 and styled[0].startswith("style-src-attr refused inline")
        finally:
            guarded.context.close()
