"""Shared fixtures: a throw-away copy of the example portal, and its built site.

Tests never build inside the working tree: each copy is a complete portal (sources,
theme, configuration) in a temporary folder, built with the real ``etulinja`` command.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PORTAL_PARTS = [
    "docs",
    "catalogue",
    "self_care",
    "overrides",
    "hooks",
    "mkdocs.yml",
    "etulinja.yml",
]


def copy_portal(target: Path) -> Path:
    """Copy the example portal's sources into ``target`` (no build output)."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PORTAL_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        elif source.is_file():
            shutil.copy2(source, target / part)
    (target / "build" / "content").mkdir(parents=True)
    (target / "build" / "content" / ".gitkeep").write_text("")
    return target


def run_etulinja(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the ``etulinja`` command as an editor would, capturing its output."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "etulinja.cli", "--root", str(root), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.fixture
def portal(tmp_path: Path) -> Path:
    """A fresh copy of the example portal for a test that changes it."""
    return copy_portal(tmp_path / "portal")


@pytest.fixture(scope="session")
def built_portal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example portal built once per test session with ``etulinja build``."""
    root = copy_portal(tmp_path_factory.mktemp("built") / "portal")
    result = run_etulinja(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return root


@pytest.fixture(scope="session")
def site(built_portal: Path) -> Path:
    return built_portal / "site"


@pytest.fixture
def write(portal: Path) -> Callable[[str, str], Path]:
    """Write a source file into the portal copy, relative to its root."""

    def _write(relative: str, text: str) -> Path:
        path = portal / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return _write


FIXTURE_CATALOGUE = Path(__file__).resolve().parent / "fixtures" / "catalogue"


def use_fixture_catalogue(root: Path) -> Path:
    """Replace a portal copy's catalogue with the small, known test catalogue."""
    shutil.rmtree(root / "catalogue")
    shutil.copytree(FIXTURE_CATALOGUE, root / "catalogue")
    return root


@pytest.fixture
def catalogue_portal(portal: Path) -> Path:
    """A portal copy whose catalogue is the test fixture, for tests that change it."""
    return use_fixture_catalogue(portal)


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The portal with the fixture catalogue, built once: known services, known answers."""
    root = use_fixture_catalogue(copy_portal(tmp_path_factory.mktemp("fixture") / "portal"))
    result = run_etulinja(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"
