"""Shared fixtures: a throw-away copy of the example portal, and its built site
(the helpers behind them are in tests/support/portal.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.portal import copy_portal, run_etulinja, use_fixture_catalogue


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
