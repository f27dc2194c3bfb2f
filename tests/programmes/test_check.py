"""`etulinja check` on self-care programmes: every broken programme gives path:line."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from etulinja.config import PortalConfig, load_config
from etulinja.self_care.programmes import Programme
from etulinja.self_care.programmes import load_programmes as load_folder
from etulinja.site.content import limits_of
from etulinja.sources.problems import Problems
from tests.support.portal import REPO, run_etulinja

PROGRAMME = """\
id: test-programme
title:
  fi: Testiohjelma
  sv: Testprogram
summary:
  fi: Lyhyt kuvaus testiohjelmasta, joka on tarpeeksi pitkä.
  sv: En kort beskrivning av testprogrammet, tillräckligt lång.
audience: [citizens]
age_groups: [adults]
topics: [sleep]
for_whom:
  fi: [Sinulla on ollut univaikeuksia.]
  sv: [Du har haft svårt att sova.]
written_by:
  fi: Kirjoittaja, psykologi
  sv: Skribent, psykolog
reviewed_by:
  fi: Tarkastaja, psykiatri
  sv: Granskare, psykiater
last_reviewed: {reviewed}
sections:
  - kind: information
    steps: [first]
  - kind: exercises
    steps: [second]
"""

STEP = """---
title: {title}
summary: Lyhyt kuvaus vaiheesta, joka on tarpeeksi pitkä.
minutes: 5
---

Tekstiä.
"""


def make_root(tmp_path: Path, programme: str | None = None,
              steps: dict[str, str] | None = None) -> Path:
    """A portal with only etulinja.yml and one programme, for fast in-process checks."""
    root = tmp_path / "portal"
    folder = root / "self_care" / "test-programme"
    folder.mkdir(parents=True)
    shutil.copy2(REPO / "etulinja.yml", root / "etulinja.yml")
    for source in ("docs", "catalogue"):  # etulinja.yml names them; they must exist
        (root / source).mkdir()
    text = programme if programme is not None else PROGRAMME
    (folder / "programme.yml").write_text(
        text.replace("{reviewed}", dt.date.today().isoformat()), encoding="utf-8")
    default_steps = {f"{step}.{lang}.md": STEP.replace("{title}", f"Vaihe {step} {lang}")
                     for step in ("first", "second") for lang in ("fi", "sv")}
    for name, body in (default_steps | (steps or {})).items():
        if body:
            (folder / name).write_text(body, encoding="utf-8")
    return root


def load_programmes(config: PortalConfig, problems: Problems) -> list[Programme]:
    """The portal's programmes, checked against its settings as of today."""
    return load_folder(config.self_care_dir, limits_of(config, dt.date.today()), problems)


def problems_of(root: Path) -> list[str]:
    config = load_config(root)
    problems = Problems(root)
    load_programmes(config, problems)
    return [str(p) for p in problems.sorted()]


def test_a_good_programme_has_no_problems(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    assert problems_of(root) == []
    programmes = load_programmes(load_config(root), Problems(root))
    assert [s.id for s in programmes[0].steps] == ["first", "second"]
    assert [s.kind for s in programmes[0].sections] == ["information", "exercises"]


P = "self_care/test-programme/programme.yml"
D = "self_care/test-programme"


@pytest.mark.parametrize(
    ("programme", "steps", "expected"),
    [
        pytest.param(PROGRAMME.replace("    steps: [second]", "    steps: [second, third]"),
                     {}, f"{P}:25: sections.1.steps.1: step 'third' has no files; add "
                     "'third.fi.md' and 'third.sv.md'", id="missing-step-file"),
        pytest.param(None, {"second.sv.md": ""},
                     f"{P}:25: sections.1.steps.0: step 'second' has no sv version; add "
                     "'second.sv.md'", id="missing-swedish"),
        pytest.param(None, {"extra.fi.md": STEP.replace("{title}", "Ylimääräinen"),
                            "extra.sv.md": STEP.replace("{title}", "Extra")},
                     f"{D}/extra.fi.md: step 'extra' is in no section of programme.yml",
                     id="step-in-no-section"),
        pytest.param(PROGRAMME.replace("topics: [sleep]", "topics: [sleeep]"), {},
                     f"{P}:10: topics.0: unknown topic 'sleeep'", id="unknown-topic"),
        pytest.param(PROGRAMME.replace("  sv: Testprogram\n", ""), {},
                     f"{P}:2: title: missing required key 'sv'", id="missing-sv-title"),
        pytest.param(PROGRAMME.replace("id: test-programme", "id: other"), {},
                     f"{P}:1: id: 'other' must be the folder's name, 'test-programme'",
                     id="id-not-folder"),
        pytest.param(PROGRAMME.replace("kind: information", "kind: keeping-up"), {},
                     f"{P}:24: sections.1.kind: 'exercises' is out of order",
                     id="section-order"),
        pytest.param(PROGRAMME.replace("kind: exercises", "kind: information"), {},
                     f"{P}:24: sections.1.kind: 'information' is there twice",
                     id="section-twice"),
        pytest.param(PROGRAMME.replace("    steps: [second]", "    steps: [first]"),
                     {}, f"{P}:25: sections.1.steps.0: step 'first' is already in the "
                     "'information' section", id="step-twice"),
        pytest.param(PROGRAMME.replace("kind: exercises", "kind: excercises"), {},
                     f"{P}:24: sections.1.kind: 'excercises' is not allowed here",
                     id="unknown-section"),
        pytest.param(PROGRAMME.replace("sections:", "sections: [\n"), {},
                     f"{P}:", id="yaml-syntax"),
        pytest.param(None, {"first.fi.md": STEP.replace("minutes: 5", "minutes: viisi")},
                     f"{D}/first.fi.md:4: minutes: must be integer", id="step-minutes"),
        pytest.param(None, {"first.fi.md": STEP.replace("summary: Lyhyt", "sumary: Lyhyt")},
                     f"{D}/first.fi.md:3: unknown key 'sumary'", id="step-unknown-key"),
        pytest.param(None, {"first.de.md": STEP.replace("{title}", "Erster Schritt")},
                     f"{D}/first.de.md: unknown language 'de'", id="unknown-language"),
    ],
)
def test_broken_programme_names_file_and_line(tmp_path: Path, programme: str | None,
                                              steps: dict[str, str], expected: str) -> None:
    root = make_root(tmp_path, programme, steps)
    found = problems_of(root)
    assert any(line.startswith(expected) for line in found), found


def test_step_in_a_subfolder_is_reported(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    sub = root / "self_care" / "test-programme" / "extra"
    sub.mkdir()
    (sub / "third.fi.md").write_text(STEP.replace("{title}", "Kolmas"), encoding="utf-8")
    found = problems_of(root)
    assert any(line.startswith(f"{D}/extra/third.fi.md: a step file is named")
               for line in found), found


def test_stale_programme_is_a_warning_and_future_review_an_error(tmp_path: Path) -> None:
    stale = make_root(tmp_path / "a", PROGRAMME.replace("{reviewed}", "2020-01-01"))
    config = load_config(stale)
    problems = Problems(stale)
    load_programmes(config, problems)
    assert not problems.errors
    assert str(problems.warnings[0]).startswith(
        f"{P}:20: warning: last_reviewed: 2020-01-01 is")
    future = make_root(tmp_path / "b", PROGRAMME.replace("{reviewed}", "2999-01-01"))
    assert any(line.startswith(f"{P}:20: last_reviewed: 2999-01-01 is in the future")
               for line in problems_of(future))


def test_programme_file_missing(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    (root / "self_care" / "test-programme" / "programme.yml").unlink()
    assert problems_of(root) == [f"{D}: the programme folder has no programme.yml; add one "
                                 "(see src/etulinja/schemas/programme.schema.json)"]


def test_every_problem_of_a_broken_programme_in_one_run(portal: Path) -> None:
    """The editor's view: the CLI lists every problem and exits non-zero, no traceback."""
    folder = portal / "self_care" / "sleep"
    yml = folder / "programme.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("topics: [sleep]",
                                                           "topics: [sleep, dreams]"))
    (folder / "wind-down.sv.md").unlink()
    (folder / "stray.fi.md").write_text(STEP.replace("{title}", "Irrallinen"))
    result = run_etulinja(portal, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    out = result.stdout + result.stderr
    assert "self_care/sleep/programme.yml:" in out and "unknown topic 'dreams'" in out
    assert "step 'wind-down' has no sv version" in out
    assert "self_care/sleep/stray.fi.md: step 'stray' is in no section" in out
