"""A programme's typed model, built by the real loader from a small folder: its texts per
language, its steps' versions, and which language a reader is shown when theirs is missing.

Fast: no site is built; the programme is loaded and laid out in-process.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
from pathlib import Path

import pytest

from etulinja.reference.i18n import PerLanguage, Text
from etulinja.self_care.programmes import Programme, StepVersion, load_programmes
from etulinja.site.programmes import render_programmes
from etulinja.sources.problems import Problems
from etulinja.sources.rules import Limits

TODAY = dt.date(2026, 11, 25)
LANGUAGES = ("fi", "sv", "en")

PROGRAMME = """\
id: calm
title: {fi: Rauhoittuminen, sv: Att lugna sig}
summary:
  fi: Lyhyt kuvaus ohjelmasta, joka on tarpeeksi pitkä.
  sv: En kort beskrivning av programmet, tillräckligt lång.
audience: [citizens]
age_groups: [adults]
topics: [anxiety]
for_whom:
  fi: [Jännität usein., Haluat harjoitella.]
  sv: [Du är ofta nervös.]
written_by: {fi: Kirjoittaja, sv: Skribent}
reviewed_by: {fi: Tarkastaja, sv: Granskare}
last_reviewed: 2026-11-01
sections:
  - kind: information
    steps: [breathing]
"""

STEP = """---
title: {title}
summary: Lyhyt kuvaus vaiheesta, joka on tarpeeksi pitkä.
minutes: 7
---

Tekstiä.
"""


def load(tmp_path: Path, languages: tuple[str, ...] = LANGUAGES) -> Programme:
    folder = tmp_path / "self_care" / "calm"
    folder.mkdir(parents=True)
    (folder / "programme.yml").write_text(PROGRAMME, encoding="utf-8")
    for lang in ("fi", "sv"):
        (folder / f"breathing.{lang}.md").write_text(STEP.replace("{title}", f"Hengitys {lang}"),
                                                     encoding="utf-8")
    problems = Problems(tmp_path)
    (programme,) = load_programmes(tmp_path / "self_care",
                                   Limits(TODAY, languages, ("fi", "sv")), problems)
    assert not problems.errors, [str(p) for p in problems.sorted()]
    return programme


def test_what_programme_yml_says_is_typed(tmp_path: Path) -> None:
    programme = load(tmp_path)
    assert programme.title == Text({"fi": "Rauhoittuminen", "sv": "Att lugna sig"})
    assert programme.for_whom == PerLanguage({"fi": ("Jännität usein.", "Haluat harjoitella."),
                                              "sv": ("Du är ofta nervös.",)})
    assert programme.last_reviewed == dt.date(2026, 11, 1)
    assert (programme.age_groups, programme.topics) == (("adults",), ("anxiety",))


def test_a_step_version_is_typed(tmp_path: Path) -> None:
    (step,) = load(tmp_path).steps
    version = step.versions["sv"]
    assert isinstance(version, StepVersion)
    assert (version.title, version.minutes, version.lang) == ("Hengitys sv", 7, "sv")
    assert version.body.strip() == "Tekstiä."


@pytest.mark.parametrize(("languages", "shown", "shown_in"), [
    pytest.param(LANGUAGES, ["Jännität usein.", "Haluat harjoitella."], "fi",
                 id="default-finnish"),
    pytest.param(("sv", "fi", "en"), ["Du är ofta nervös."], "sv", id="default-swedish"),
])
def test_english_missing_falls_back_to_the_sites_default_language(
        tmp_path: Path, languages: tuple[str, ...], shown: list[str], shown_in: str) -> None:
    pages, _ = render_programmes([load(tmp_path, languages)], languages)
    landing = pages["self-care/calm/index.en.md"].data
    assert (landing["for_whom"], landing["for_whom_lang"]) == (shown, shown_in)
    assert (landing["content_lang"], landing["fallback"]) == (shown_in, True)
    assert landing["reviewed"]["by_lang"] == shown_in
    step = pages["self-care/calm/breathing.en.md"].data
    assert (step["content_lang"], step["programme"]["lang"]) == (shown_in, shown_in)


def test_a_language_the_programme_has_is_not_a_fallback(tmp_path: Path) -> None:
    pages, _ = render_programmes([load(tmp_path)], LANGUAGES)
    landing = pages["self-care/calm/index.sv.md"].data
    assert (landing["content_lang"], landing["fallback"], landing["for_whom_lang"]) == (
        "sv", False, None)


def test_a_programme_is_frozen_and_pickles(tmp_path: Path) -> None:
    programme = load(tmp_path)
    assert pickle.loads(pickle.dumps(programme)) == programme
    with pytest.raises(dataclasses.FrozenInstanceError):
        programme.id = "other"  # type: ignore[misc]
