"""Lighthouse, mobile, on the page types listed under `lighthouse` in page_types.yml.

A second opinion to axe-core with audits it lacks (tap targets, font sizes, console
errors, crawlability, hreflang). Accessibility, best practices and SEO are gated at
0.95; performance is written down, not gated (it varies run to run on this hardware).
The site is served from 127.0.0.1 but built with its real site_url, so canonical and
hreflang links point to https://etulinja.example/: Lighthouse 13 accepts that (its
canonical audit passes), so no address is rewritten for the gate.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.quality.gate import (
    ARTIFACTS,
    lighthouse_failures,
    lighthouse_report,
    lighthouse_scores,
)
from tests.quality.test_browser import CONFIG

REPORTS = ARTIFACTS / "lighthouse"


@pytest.fixture(scope="module")
def recorded() -> dict[str, Any]:
    """This run's scores, written to test-artifacts/lighthouse/summary.json as they come."""
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "summary.json").unlink(missing_ok=True)
    return {}


@pytest.mark.parametrize("page_type", CONFIG.lighthouse)
def test_lighthouse_scores(served_site: str, recorded: dict[str, Any], page_type: str) -> None:
    path = CONFIG.page_types[page_type].paths[0]
    report = lighthouse_report(served_site + path, REPORTS / f"{page_type}.json")
    scores = lighthouse_scores(report)
    recorded[page_type] = {"path": "/" + path, **scores}
    (REPORTS / "summary.json").write_text(json.dumps(recorded, indent=2) + "\n", encoding="utf-8")
    print(f"lighthouse /{path}: {scores}")
    failures = lighthouse_failures(report)
    assert not failures, f"/{path} (report: {REPORTS / f'{page_type}.json'}):\n" + "\n".join(
        failures
    )
