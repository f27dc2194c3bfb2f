"""A throw-away copy of the example portal, and the ``etulinja`` command run on it.

Tests never build inside the working tree: each copy is a complete portal (sources,
theme, configuration) in a temporary folder, built with the real command.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
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


FIXTURE_CATALOGUE = REPO / "tests" / "fixtures" / "catalogue"


def use_fixture_catalogue(root: Path) -> Path:
    """Replace a portal copy's catalogue with the small, known test catalogue."""
    shutil.rmtree(root / "catalogue")
    shutil.copytree(FIXTURE_CATALOGUE, root / "catalogue")
    return root


