"""Fixtures of the quality gate: the built example site served on 127.0.0.1 once per
session, one Chromium for the whole session and one browser context per viewport.

Also measures the gate: the time spent in each of its test files is added up, printed
at the end of the run and written to test-artifacts/quality-timings.json, so the
README's timings can be checked against any run.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.quality.gate import (
    ARTIFACTS,
    VIEWPORTS,
    GuardedContext,
    launch_chromium,
    missing_tools,
    new_context,
    serve,
)

_SECONDS: dict[str, float] = defaultdict(float)
_STARTED = time.time()


@pytest.fixture(scope="session")
def gate_tools() -> None:
    """Fail, never skip, without the tools: a skipped gate would look like a passed one."""
    missing = missing_tools()
    if missing:
        pytest.fail(f"quality gate tools missing: {', '.join(missing)}; `make test` installs them")


@pytest.fixture(scope="session")
def served_site(site: Path, gate_tools: None) -> Iterator[str]:
    """Base URL of the example site on a loopback server ('http://127.0.0.1:PORT/')."""
    with serve(site) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser(gate_tools: None) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def site_contexts(browser: Browser, served_site: str) -> Iterator[dict[str, GuardedContext]]:
    """One context per viewport, each letting requests reach only the local server."""
    contexts = {name: new_context(browser, vp, served_site) for name, vp in VIEWPORTS.items()}
    yield contexts
    for guarded in contexts.values():
        guarded.context.close()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if "tests/quality/" in report.nodeid:
        part = report.nodeid.split("::")[0].rsplit("/", 1)[-1].removesuffix(".py")
        _SECONDS[part] += report.duration


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _SECONDS:
        return
    terminalreporter.section("quality gate timings")
    for part, seconds in sorted(_SECONDS.items()):
        terminalreporter.write_line(f"{part:<28} {seconds:7.1f} s")
    terminalreporter.write_line(f"{'total':<28} {sum(_SECONDS.values()):7.1f} s")
    record: dict[str, Any] = {"seconds": {k: round(v, 1) for k, v in _SECONDS.items()}}
    summary = ARTIFACTS / "lighthouse" / "summary.json"
    if summary.is_file() and summary.stat().st_mtime >= _STARTED:
        scores = json.loads(summary.read_text(encoding="utf-8"))
        record["lighthouse"] = scores
        for name, categories in scores.items():
            shown = ", ".join(f"{k} {v}" for k, v in categories.items())
            terminalreporter.write_line(f"lighthouse {name}: {shown}")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "quality-timings.json").write_text(json.dumps(record, indent=2) + "\n")
