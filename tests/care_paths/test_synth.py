"""`etulinja synth` also writes care paths: a variation for each of the 22 areas, a few
municipality exceptions, resolving against the synthetic catalogue without a problem,
and the same files for the same seed."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from etulinja import cli
from etulinja.care_paths import load_care_paths
from etulinja.catalogue.load import load_catalogue
from etulinja.catalogue.synth import COUNTY_WEIGHTS
from etulinja.sources.problems import Problems
from etulinja.sources.rules import Limits

TODAY = dt.date(2026, 12, 5)


def _digest(folder: Path) -> str:
    hasher = hashlib.sha256()
    for path in sorted(folder.rglob("*.yml")):
        hasher.update(path.relative_to(folder).as_posix().encode())
        hasher.update(path.read_bytes())
    return hasher.hexdigest()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    assert cli.main(["synth", "--services", "400", "--seed", "3", str(out)]) == 0
    return out


def test_paths_are_written_with_a_variation_for_every_area(synthetic: Path) -> None:
    folders = sorted(p for p in (synthetic / "catalogue" / "care_paths").iterdir())
    assert len(folders) == 10
    for folder in folders:
        assert (folder / "path.yml").is_file()
        assert len(list(folder.glob("*.yml"))) == 1 + len(COUNTY_WEIGHTS) == 23
    texts = [p.read_text(encoding="utf-8") for p in synthetic.rglob("care_paths/*/*.yml")]
    assert sum('"municipalities"' in t for t in texts) >= 3  # a few exceptions
    assert any('"valid_to"' in t for t in texts)


def test_generated_paths_load_without_errors_or_warnings(synthetic: Path) -> None:
    limits = Limits(today=TODAY, languages=("fi", "sv", "en"), required_languages=("fi", "sv"))
    problems = Problems(synthetic)
    catalogue = load_catalogue(synthetic / "catalogue", limits, problems)
    assert not problems.errors, problems.errors[:5]
    paths = load_care_paths(synthetic / "catalogue" / "care_paths", catalogue, problems, TODAY,
                            limits)
    assert not problems.errors, [str(p) for p in problems.errors[:5]]
    assert not [w for w in problems.warnings if "care_paths" in str(w)], [
        str(w) for w in problems.warnings if "care_paths" in str(w)][:5]
    assert len(paths.ids()) == 10
    for path_id in paths.ids():
        assert len(paths.counties(path_id)) == 22
        for county in paths.counties(path_id):
            merged = paths.merged(path_id, county, None, TODAY)
            for step in merged.steps:
                assert step.outside_catalogue or paths.step_services(step, None, county, TODAY)


def test_same_seed_same_files_and_more_paths_on_request(tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert cli.main(["synth", "--services", "120", "--seed", "5", "--paths", "12",
                         str(tmp_path / name)]) == 0
    assert _digest(tmp_path / "a" / "catalogue") == _digest(tmp_path / "b" / "catalogue")
    assert len(list((tmp_path / "a" / "catalogue" / "care_paths").iterdir())) == 12
    assert cli.main(["synth", "--services", "120", "--paths", "0", str(tmp_path / "c")]) == 0
    assert not (tmp_path / "c" / "catalogue" / "care_paths").exists()
