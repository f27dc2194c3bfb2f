"""Questionnaires and worksheets: the example instruments score as published, at every
band boundary, and each broken questionnaire or worksheet is reported at its line."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from etulinja.self_care.programmes import load_programmes
from etulinja.self_care.questionnaires import check_uses, load_questionnaires
from etulinja.sources.problems import Problems
from tests.support.portal import REPO
from tests.support.questionnaires import LIMITS, answers_for, example_questionnaires

PUBLISHED = {
    # Kroenke, Spitzer & Williams 2001
    "phq-9": [(0, 4, "minimal"), (5, 9, "mild"), (10, 14, "moderate"),
              (15, 19, "moderately-severe"), (20, 27, "severe")],
    # Spitzer, Kroenke, Williams & Löwe 2006
    "gad-7": [(0, 4, "minimal"), (5, 9, "mild"), (10, 14, "moderate"), (15, 21, "severe")],
    # WHO 2001: risk zones I-IV
    "audit": [(0, 7, "low-risk"), (8, 15, "increased-risk"), (16, 19, "high-risk"),
              (20, 40, "very-high-risk")],
}
BOUNDARIES = [pytest.param(name, total, level, id=f"{name}-{total}")
              for name, bands in PUBLISHED.items()
              for low, high, level in bands for total in sorted({low, high})]


def test_the_bands_are_the_published_ones() -> None:
    found = example_questionnaires()
    for name, bands in PUBLISHED.items():
        assert [(b.min, b.max, b.level) for b in found[name].bands] == bands
        assert (found[name].lowest, found[name].highest) == (bands[0][0], bands[-1][1])


@pytest.mark.parametrize(("name", "total", "level"), BOUNDARIES)
def test_scoring_at_every_band_boundary(name: str, total: int, level: str) -> None:
    questionnaire = example_questionnaires()[name]
    answers = answers_for(questionnaire, total)
    assert questionnaire.total(answers) == total
    assert questionnaire.band(total).level == level


def test_audit_items_9_and_10_score_0_2_4_and_the_others_0_to_4() -> None:
    audit = example_questionnaires()["audit"]
    assert [item.counted for item in audit.items[8:]] == [[0, 2, 4], [0, 2, 4]]
    assert all(item.counted == [0, 1, 2, 3, 4] for item in audit.items[:8])


def test_phq9_item_9_is_the_risk_item_at_any_answer_above_not_at_all() -> None:
    phq = example_questionnaires()["phq-9"]
    assert [(r.item, r.threshold) for r in phq.risk] == [("better-off-dead", 1)]
    assert phq.items[8].id == "better-off-dead"
    assert phq.risks({"better-off-dead": 0}) == []
    assert len(phq.risks({"better-off-dead": 1})) == 1  # before any other answer
    assert not example_questionnaires()["gad-7"].risk


def test_a_reverse_scored_item_counts_its_scale_the_other_way_round(tmp_path: Path) -> None:
    text = _phq().replace("  - id: interest\n    scale: frequency\n",
                          "  - id: interest\n    scale: frequency\n    reverse: true\n")
    problems, found = _load(tmp_path, text)
    assert not problems.errors, [str(p) for p in problems]
    item = found["phq-9"].items[0]
    assert item.counted == [3, 2, 1, 0]
    answers = dict.fromkeys((i.id for i in found["phq-9"].items), 0)
    assert found["phq-9"].total(answers) == 3


def test_every_translation_is_honest_about_its_status() -> None:
    for questionnaire in example_questionnaires().values():
        assert questionnaire.translations["fi"].status == "own"
        assert questionnaire.translations["sv"].status == "own"
        assert questionnaire.translations["en"].status == "validated"
        assert questionnaire.translations["en"].source


# ---------------------------------------------------------------- broken files

def _phq() -> str:
    return (REPO / "self_care" / "questionnaires" / "phq-9.yml").read_text(encoding="utf-8")


def _load(tmp_path: Path, text: str, name: str = "phq-9") -> tuple[Problems, dict[str, object]]:
    folder = tmp_path / "questionnaires"
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.yml").write_text(text, encoding="utf-8")
    problems = Problems(tmp_path)
    return problems, dict(load_questionnaires(folder, LIMITS, problems))


def _line(text: str, needle: str, occurrence: int = 1) -> int:
    lines = text.splitlines()
    hits = [n for n, row in enumerate(lines, 1) if needle in row]
    return hits[occurrence - 1]


def _only(problems: Problems) -> str:
    assert len(problems.errors) == 1, [str(p) for p in problems]
    return str(problems.errors[0])


BAND_10 = "  - min: 10\n    max: 14\n"
BROKEN = [
    # (name, change, the line's needle, what the message says)
    ("an item without options", lambda t: t.replace(
        "  - id: energy\n    scale: frequency", "  - id: energy\n    scale: sometimes"),
     ("scale: sometimes", 1), "no scale 'sometimes' under scales, so the item has no answers"),
    ("a scale with one option", lambda t: t[:t.index("    - score: 1\n")] + t[t.index("items:"):],
     ("  frequency:", 1), "2"),
    ("a gap between bands", lambda t: t.replace(BAND_10, "  - min: 11\n    max: 14\n"),
     ("min: 11", 1), "leaves a total of 10 in no band"),
    ("overlapping bands", lambda t: t.replace(BAND_10, "  - min: 9\n    max: 14\n"),
     ("min: 9", 1), "overlaps the band before"),
    ("a total outside every band", lambda t: t.replace("    max: 27\n", "    max: 25\n"),
     ("max: 25", 1), "leaves a total of 26 to 27 in no band"),
    ("a band above the highest total", lambda t: t.replace("    max: 27\n", "    max: 30\n"),
     ("max: 30", 1), "above the highest possible total, 27"),
    ("an unknown risk item", lambda t: t.replace("  - item: better-off-dead",
                                                 "  - item: self-harm"),
     ("item: self-harm", 1), "no item 'self-harm'"),
    ("a risk threshold never reached", lambda t: t.replace("    threshold: 1",
                                                           "    threshold: 4"),
     ("threshold: 4", 1), "urgent help would never show"),
    ("an item twice", lambda t: t.replace("  - id: down\n", "  - id: interest\n"),
     ("  - id: interest", 2), "'interest' is there twice"),
    ("a text missing a listed language", lambda t: t.replace(
        "      en: Feeling tired or having little energy\n", ""),
     ("    text:", 4), "items.3.text: no en text, but translations lists en"),
    ("a validated version without its source", lambda t: t.replace(
        "    source: The original English instrument (Kroenke, Spitzer & Williams 2001), word "
        "for word.\n", ""), ("  en:", 4), "translations.en: missing required key 'source'"),
    ("an id that is not the file's name", lambda t: t.replace("id: phq-9", "id: phq9"),
     ("id: phq9", 1), "must be the file's name"),
]


@pytest.mark.parametrize(("case", "change", "where", "says"), BROKEN,
                         ids=[case[0] for case in BROKEN])
def test_each_broken_questionnaire_gives_its_own_line(
        tmp_path: Path, case: str, change: object, where: tuple[str, int], says: str) -> None:
    assert callable(change)
    text = change(_phq())
    assert text != _phq(), case
    problems, found = _load(tmp_path, text)
    message = _only(problems)
    assert message.startswith(f"questionnaires/phq-9.yml:{_line(text, *where)}: "), message
    assert says in message, message
    assert "phq-9" not in found


def test_an_own_translation_warns_until_acknowledged_and_again_when_that_is_old(
        tmp_path: Path) -> None:
    fi_ack = '    acknowledged: {by: "Olli Esimerkki, psykiatri (esimerkkiportaali)", ' \
             'date: 2026-10-14}\n'
    text = _phq().replace(fi_ack, "", 1)
    problems, found = _load(tmp_path, text)
    assert not problems.errors and "phq-9" in found
    assert [str(p) for p in problems.warnings] == [
        f"questionnaires/phq-9.yml:{_line(text, '  fi:', 4)}: warning: translations.fi: our "
        "own translation, awaiting clinical verification (the page says so); once someone "
        "responsible has accepted publishing it so labelled, add acknowledged: {by, date}"]
    old = _phq().replace("date: 2026-10-14}", "date: 2024-10-14}", 1)
    problems, _ = _load(tmp_path, old)
    assert len(problems.warnings) == 1 and "acknowledged.date" in str(problems.warnings[0])


STEP = """---
title: Missä olet nyt
summary: Vastaat kyselyyn ja näet, missä olet ohjelman alussa.
minutes: 5
{extra}---

Tekstiä.
"""
PROGRAMME = (REPO / "self_care" / "sleep" / "programme.yml").read_text(encoding="utf-8")


def _programme_with(tmp_path: Path, extra: str) -> tuple[Problems, Path]:
    """The sleep programme with its diary step's front matter given ``extra``."""
    root = tmp_path / "self_care"
    folder = root / "sleep"
    folder.mkdir(parents=True)
    for source in (REPO / "self_care" / "sleep").iterdir():
        (folder / source.name).write_bytes(source.read_bytes())
    for lang in ("fi", "sv", "en"):
        (folder / f"sleep-diary.{lang}.md").write_text(STEP.format(extra=extra),
                                                       encoding="utf-8")
    problems = Problems(tmp_path)
    limits = LIMITS.__class__(today=dt.date(2026, 12, 1), languages=LIMITS.languages,
                              required_languages=LIMITS.required_languages)
    programmes = load_programmes(root, limits, problems)
    check_uses(programmes, example_questionnaires(), problems)
    return problems, folder / "sleep-diary.fi.md"


def test_a_step_naming_an_unknown_questionnaire_is_an_error_at_its_id(tmp_path: Path) -> None:
    problems, _ = _programme_with(tmp_path, "questionnaire:\n  id: phq-8\n  when: start\n")
    messages = sorted(str(p) for p in problems.errors)
    assert messages[0] == ("self_care/sleep/sleep-diary.en.md:6: questionnaire.id: no "
                           "questionnaire 'phq-8' in self_care/questionnaires/; known: "
                           "audit, gad-7, phq-9"), messages
    assert len(messages) == 3  # one per language file


def test_a_known_questionnaire_in_a_step_is_read(tmp_path: Path) -> None:
    problems, _ = _programme_with(tmp_path, "questionnaire: {id: phq-9, when: end}\n")
    assert not problems.errors, [str(p) for p in problems]


BROKEN_SHEETS = [
    ("a table without columns",
     "worksheets:\n  - id: diary\n    title: Päiväkirja\n    kind: table\n    rows: 7\n",
     6, "missing required key 'columns'"),
    ("columns on a list",
     "worksheets:\n  - id: diary\n    title: Lista\n    kind: list\n"
     "    columns:\n      - {id: a, label: A}\n", 9, "only a table has columns"),
    ("a worksheet id twice",
     "worksheets:\n  - id: notes\n    title: Muistiinpanot\n    kind: text\n"
     "  - id: notes\n    title: Toiset\n    kind: text\n", 9, "'notes' is there twice"),
    ("a column id twice",
     "worksheets:\n  - id: diary\n    title: Päiväkirja\n    kind: table\n    rows: 2\n"
     "    columns:\n      - {id: day, label: Päivä}\n      - {id: day, label: Yö}\n",
     10, "the id 'day' is there twice"),
    ("an unknown kind",
     "worksheets:\n  - id: diary\n    title: Päiväkirja\n    kind: grid\n", 8, "'grid' is not allowed here"),
    ("an unknown column type",
     "worksheets:\n  - id: d\n    title: Päiväkirja\n    kind: table\n    rows: 2\n"
     "    columns:\n      - {id: day, label: Päivä, type: date}\n", 11, "'date' is not allowed here"),
]


@pytest.mark.parametrize(("case", "extra", "line", "says"), BROKEN_SHEETS,
                         ids=[case[0] for case in BROKEN_SHEETS])
def test_each_broken_worksheet_gives_its_own_line(tmp_path: Path, case: str, extra: str,
                                                  line: int, says: str) -> None:
    problems, _ = _programme_with(tmp_path, extra)
    fi = [str(p) for p in problems.errors if "sleep-diary.fi.md" in str(p)]
    assert len(fi) == 1, [str(p) for p in problems]
    assert fi[0].startswith(f"self_care/sleep/sleep-diary.fi.md:{line}: "), fi
    assert says in fi[0], fi


def test_a_version_in_a_language_the_portal_does_not_build_is_kept_quietly(
        tmp_path: Path) -> None:
    """A portal of Finnish and Swedish only can use the shared instrument file that also
    has English (as its services may); a language code that is no language is a typo."""
    fi_sv = dataclasses.replace(LIMITS, languages=("fi", "sv"))
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    (folder / "phq-9.yml").write_text(_phq(), encoding="utf-8")
    problems = Problems(tmp_path)
    assert "phq-9" in load_questionnaires(folder, fi_sv, problems)
    assert not problems.errors
    typo = _phq().replace("\n  en:\n    status: validated", "\n  eng:\n    status: validated")
    assert typo != _phq()
    (folder / "phq-9.yml").write_text(typo, encoding="utf-8")
    problems = Problems(tmp_path)
    load_questionnaires(folder, fi_sv, problems)
    line = _line(typo, "  eng:")
    assert any(str(p).startswith(f"questionnaires/phq-9.yml:{line}: translations")
               and "eng" in str(p) for p in problems.errors), [str(p) for p in problems]
