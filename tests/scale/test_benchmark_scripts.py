"""The benchmark scripts start: they are not run by the suite (their figures are reported,
never asserted), so a script that no longer even parses would go unnoticed until someone
needs a figure (benchmarks/run.py did, for a while)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.mark.parametrize("script", ["run.py", "measure.py", "walkthrough.py"])
def test_each_benchmark_script_compiles(script: str) -> None:
    source = (BENCHMARKS / script).read_text(encoding="utf-8")
    compile(source, script, "exec")


def test_the_benchmark_explains_its_options() -> None:
    result = subprocess.run([sys.executable, str(BENCHMARKS / "run.py"), "--help"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    for option in ("--sizes", "--compare", "--serve-only", "--search-only"):
        assert option in result.stdout
