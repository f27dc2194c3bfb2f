"""Work spread over forked workers gives exactly what one process gives: the same
services, the same problems at the same lines, the same pages."""

from __future__ import annotations

import datetime as dt
import functools
import shutil
from pathlib import Path

import pytest

from etulinja.catalogue import load
from etulinja.site import catalogue as pages
from etulinja.site import content, parallel
from etulinja.sources.problems import Problems
from etulinja.sources.rules import Limits
from tests.support.portal import REPO

TODAY = dt.date(2026, 11, 25)
LIMITS = Limits(TODAY, ("fi", "sv", "en"), ("fi", "sv"))


def test_fork_map_keeps_order_and_runs_closures() -> None:
    offset = 7  # a closure: workers inherit it, nothing is pickled but results
    items = list(range(1000))
    assert parallel.fork_map(lambda x: x * x + offset, items, min_items=1) == [
        x * x + offset for x in items]


def _load(folder: Path, root: Path) -> tuple[dict[str, object], list[str]]:
    problems = Problems(root)
    catalogue = load.load_catalogue(folder, LIMITS, problems, content.service_checker(None))
    return ({k: s for k, s in catalogue.services.items()},
            [str(p) for p in problems.sorted()])


def test_parallel_validation_matches_one_process(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "catalogue"
    shutil.copytree(REPO / "catalogue", folder)
    services = sorted((folder / "services").rglob("*.yml"))
    services[3].write_text(services[3].read_text().replace("topics: [", "topics: [[", 1))
    services[10].write_text(services[10].read_text().replace("status: active",
                                                             "status: open"))
    serial = _load(folder, tmp_path)
    assert len(serial[1]) >= 2  # the planted problems are found
    monkeypatch.setattr(content, "fork_map", functools.partial(parallel.fork_map, min_items=1))
    assert _load(folder, tmp_path) == serial


def test_parallel_service_records_match_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    problems = Problems(REPO)
    catalogue = load.load_catalogue(REPO / "catalogue", LIMITS, problems)
    args = (catalogue, ("fi", "sv", "en"), "https://etulinja.example/", TODAY, True)
    serial = pages.service_records(*args)
    monkeypatch.setattr(pages, "fork_map", functools.partial(parallel.fork_map, min_items=1))
    assert pages.service_records(*args) == serial
    assert len(serial) == 3 * len(catalogue.listed(TODAY))
