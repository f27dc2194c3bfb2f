"""`etulinja synth`: a synthetic national catalogue for benchmarks, valid and repeatable."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from tests.support.portal import run_etulinja


def digest(folder: Path) -> str:
    hasher = hashlib.sha256()
    for path in sorted(folder.rglob("*.yml")):
        hasher.update(path.relative_to(folder).as_posix().encode())
        hasher.update(path.read_bytes())
    return hasher.hexdigest()


def test_synthetic_catalogue_passes_check_and_is_repeatable(portal: Path, tmp_path: Path) -> None:
    result = run_etulinja(portal, "synth", "--services", "150", "--seed", "7", str(tmp_path / "a"))
    assert result.returncode == 0, result.stderr
    assert "150 services" in result.stdout
    run_etulinja(portal, "synth", "--services", "150", "--seed", "7", str(tmp_path / "b"))
    assert digest(tmp_path / "a" / "catalogue") == digest(tmp_path / "b" / "catalogue")

    shutil.rmtree(portal / "catalogue")
    shutil.copytree(tmp_path / "a" / "catalogue", portal / "catalogue")
    check = run_etulinja(portal, "check")
    assert check.returncode == 0, check.stderr


def test_services_follow_county_size_and_use_exclusions(tmp_path: Path, portal: Path) -> None:
    run_etulinja(portal, "synth", "--services", "600", "--seed", "1", str(tmp_path))
    services = tmp_path / "catalogue" / "services"
    per_county = {folder.name: len(list(folder.glob("*.yml"))) for folder in services.iterdir()}
    assert len(per_county) == 22  # 21 counties and Helsinki
    assert per_county["helsinki"] > per_county["kainuu"] * 5
    texts = [p.read_text(encoding="utf-8") for p in services.rglob("*.yml")]
    assert sum("exclude_municipalities" in t for t in texts) > 30
    assert sum('"municipalities"' in t for t in texts) > 60
