"""Every example of every partial's contract, on one page in the site's own frame and
styles, passes axe-core in Chromium on a desktop and a phone.

The page is the built catalogue home with its content replaced by the examples (those
of src/etulinja/site/partials.yml not marked ``text``, which hold deliberate junk), so
colours, sizes and the frame are the site's.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.quality.gate import (
    VIEWPORTS,
    axe_violations,
    describe_violations,
    new_context,
    open_page,
    serve,
)
from tests.theme.test_partials import CONTRACTS, environment, render


def gallery(site: Path, target: Path) -> Path:
    """The catalogue home of the built site with the partials' examples as its content."""
    shutil.copytree(site / "assets", target / "assets")
    page = (site / "catalogue" / "index.html").read_text(encoding="utf-8")
    env = environment()
    sections = []
    for template, macros in CONTRACTS.items():
        for name, contract in macros.items():
            for example in contract["examples"]:
                if example.get("text"):
                    continue
                html = render(env, template, name, example)
                if html.lstrip().startswith("<li"):
                    html = f'<ul class="etu-services">{html}</ul>'
                # finder.js shows the finder over a listing; here it is scanned as shown
                html = html.replace('class="etu-finder" id="etu-finder" hidden',
                                    'class="etu-finder" id="etu-finder"')
                sections.append(f'<section class="etu-card"><h2>{template} {name}: '
                                f'{example["name"]}</h2>{html}</section>')
    body = "\n".join(sections)
    article = re.compile(r'(<article class="md-content__inner md-typeset">).*?(</article>)',
                         re.S)
    assert article.search(page)
    html = article.sub(lambda m: m.group(1) + body + m.group(2), page)
    html = html.replace('id="etu-main"', 'id="etu-gallery-main"', 1) if html.count(
        'id="etu-main"') > 1 else html
    (target / "gallery").mkdir()
    (target / "gallery" / "index.html").write_text(html, encoding="utf-8")
    return target


@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
def test_every_partial_example_passes_axe(site: Path, browser: Browser, tmp_path: Path,
                                          viewport: str) -> None:
    folder = gallery(site, tmp_path / "gallery-site")
    with serve(folder) as base_url:
        guarded = new_context(browser, VIEWPORTS[viewport], base_url)
        try:
            page = open_page(guarded, "gallery/")
            assert page.locator("section.etu-card").count() >= 15
            violations = axe_violations(page)
            assert not violations, describe_violations(violations)
        finally:
            guarded.context.close()
