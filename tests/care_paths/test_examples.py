"""The example care paths in ``catalogue/care_paths``: each merges in every county that has
a page for it, and in each municipality there (exceptions applied), with every step
resolving to at least one example service or saying where it is given outside the
catalogue; Finnish and Swedish are complete, and the example portal checks clean."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from etulinja.care_paths import CarePaths, load_care_paths
from etulinja.care_paths.paths import county_municipalities
from etulinja.catalogue.load import load_catalogue
from etulinja.sources.problems import Problems
from etulinja.sources.rules import Limits

REPO = Path(__file__).resolve().parents[2]
FOLDER = REPO / "catalogue" / "care_paths"
TODAY = dt.date(2026, 12, 5)
TEXTS = ("title", "what", "who_decides", "length", "how_to_get")
EXAMPLES = ("adults-depression-anxiety", "youth-depression", "children-anxiety",
            "adults-substance-use")


@pytest.fixture(scope="module")
def loaded() -> tuple[CarePaths, Problems]:
    limits = Limits(today=TODAY, languages=("fi", "sv", "en"), required_languages=("fi", "sv"))
    problems = Problems(REPO)
    catalogue = load_catalogue(REPO / "catalogue", limits, problems)
    paths = load_care_paths(FOLDER, catalogue, problems, TODAY, limits)
    return paths, problems


def test_examples_load_without_errors_or_warnings(loaded: tuple[CarePaths, Problems]) -> None:
    paths, problems = loaded
    assert [str(p) for p in problems.errors] == []
    assert [str(p) for p in problems.warnings if "care_paths" in str(p)] == []
    assert set(EXAMPLES) <= set(paths.ids())


def _cases() -> list[tuple[str, str]]:
    return [(p.parent.name, p.stem) for p in sorted(FOLDER.glob("*/*.yml"))
            if p.name != "path.yml"]


@pytest.mark.parametrize("path_id", EXAMPLES)
def test_every_example_has_county_variations(path_id: str) -> None:
    assert [slug for pid, slug in _cases() if pid == path_id], path_id


@pytest.mark.parametrize("path_id", EXAMPLES)
def test_every_step_resolves_in_every_county_and_municipality(
        loaded: tuple[CarePaths, Problems], path_id: str) -> None:
    paths, _ = loaded
    for county in paths.counties(path_id):
        merged = paths.merged(path_id, county, None, TODAY)
        assert merged.variation is not None, (path_id, county)
        for code in sorted(county_municipalities(county)):
            local = paths.merged(path_id, county, code, TODAY)
            for step in local.steps:
                found = paths.step_services(step, code, county, TODAY)
                assert found or step.outside_catalogue, (path_id, county, code, step.id)
                for lang in ("fi", "sv"):
                    for field in TEXTS:
                        assert getattr(step, field).get(lang), (path_id, county, step.id, field)
                    if step.outside_catalogue:
                        assert step.outside_catalogue.get(lang), (path_id, step.id, lang)
        for lang in ("fi", "sv"):
            assert merged.title.get(lang) and merged.summary.get(lang), (path_id, lang)


@pytest.mark.parametrize("path_id", EXAMPLES)
def test_example_reviewer_and_date_are_given(loaded: tuple[CarePaths, Problems],
                                             path_id: str) -> None:
    path = loaded[0].path(path_id)
    assert "(esimerkki)" in path.reviewed_by
    assert path.last_reviewed <= TODAY


def test_specialised_care_resolves_to_the_catalogue_in_paijat_hame_and_ita_uusimaa(
        loaded: tuple[CarePaths, Problems]) -> None:
    paths, _ = loaded
    for county, service in (("09", "paijat-hame-psychiatric-outpatient"),
                            ("01", "ita-uusimaa-psychiatric-outpatient")):
        step = paths.merged("adults-depression-anxiety", county, None, TODAY).step(
            "specialised-care")
        assert step is not None and not step.outside_catalogue
        assert [s.id for s in paths.step_services(step, None, county, TODAY)] == [service]


def test_orimattila_sees_the_providers_brief_intervention(
        loaded: tuple[CarePaths, Problems]) -> None:
    paths, _ = loaded
    for code, expected in (("560", ["paijat-hame-guided-self-care-orimattila-sysma"]),
                           ("398", ["paijat-hame-guided-self-care"])):
        step = paths.merged("adults-substance-use", "09", code, TODAY).step("brief-intervention")
        assert step is not None
        assert [s.id for s in paths.step_services(step, code, "09", TODAY)] == expected
