"""Questionnaires: ``self_care/questionnaires/<id>.yml`` (PHQ-9, GAD-7, AUDIT…).

A questionnaire is items answered on a scale of options, each option with a score; the
total is the sum of the item scores (a reverse-scored item counts its scale the other
way round) and falls in exactly one band, which says in plain words what the total
means and what to do next. A risk rule names an item and a threshold: an answer at or
above it shows urgent help at once, before any score. The scoring rule is this data:
the reader's browser applies it (``overrides/assets/javascripts/questionnaire.js``)
to the bands the page lists, and ``Questionnaire.total``/``band`` here are the same rule
for tests and tools. Nothing a reader answers is sent anywhere.

Each language version says whether it is a validated translation (with its source) or
our own, awaiting clinical verification. An own version is labelled on its page and
``etulinja check`` warns about it until someone responsible has acknowledged publishing
it labelled (``acknowledged: {by, date}``), and again once that acknowledgement is older
than the review age. Every problem is reported at its ``path:line``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from etulinja.reference import i18n
from etulinja.reference.i18n import Text
from etulinja.sources.problems import Problems
from etulinja.sources.rules import Limits, SourceRead, check_review, read_yaml

if TYPE_CHECKING:
    from etulinja.self_care.programmes import Programme

FOLDER = "questionnaires"
"""``self_care/questionnaires/``: beside the programmes' folders, never a programme."""
WHEN = ("start", "end", "any")


@dataclass(frozen=True)
class Option:
    score: int
    label: Text


@dataclass(frozen=True)
class Item:
    id: str
    text: Text
    options: tuple[Option, ...]
    reverse: bool = False

    def counts(self, score: int) -> int:
        """What the option with ``score`` adds to the total."""
        if not self.reverse:
            return score
        scores = [option.score for option in self.options]
        return min(scores) + max(scores) - score

    @property
    def counted(self) -> list[int]:
        """The scores this item can add, one per option, in the options' order."""
        return [self.counts(option.score) for option in self.options]


@dataclass(frozen=True)
class RiskRule:
    item: str
    threshold: int
    """An answer whose counted score is at least this shows urgent help."""
    text: Text


@dataclass(frozen=True)
class Band:
    min: int
    max: int
    level: str
    title: Text
    text: Text
    next: Text


@dataclass(frozen=True)
class Translation:
    status: str
    """'validated' (a published translation or the original) or 'own'."""
    source: str = ""
    acknowledged_by: str = ""
    acknowledged_on: dt.date | None = None


@dataclass(frozen=True)
class Questionnaire:
    id: str
    source: Path
    title: Text
    summary: Text
    instructions: Text
    citation: str
    licence: str
    translations: Mapping[str, Translation]
    items: tuple[Item, ...]
    risk: tuple[RiskRule, ...]
    bands: tuple[Band, ...]
    last_reviewed: dt.date

    @property
    def lowest(self) -> int:
        return sum(min(item.counted) for item in self.items)

    @property
    def highest(self) -> int:
        return sum(max(item.counted) for item in self.items)

    def total(self, answers: Mapping[str, int]) -> int:
        """The total of complete answers: item id -> the chosen option's score."""
        return sum(item.counts(answers[item.id]) for item in self.items)

    def band(self, total: int) -> Band:
        return next(band for band in self.bands if band.min <= total <= band.max)

    def risks(self, answers: Mapping[str, int]) -> list[RiskRule]:
        """The risk rules the answers so far (complete or not) meet."""
        items = {item.id: item for item in self.items}
        return [rule for rule in self.risk if rule.item in answers
                and items[rule.item].counts(answers[rule.item]) >= rule.threshold]


@dataclass(frozen=True)
class QuestionnaireUse:
    """A step's ``questionnaire: {id, when}``."""

    id: str
    when: str
    """'start', 'end' (compared with the start) or 'any'."""
    line: int
    """The line of ``id`` in the step file, for a questionnaire that does not exist."""


def _text_paths(data: dict[str, Any]) -> Iterable[tuple[str | int, ...]]:
    """Where the file holds text per language."""
    yield from (("title",), ("summary",), ("instructions",))
    for name, options in (data.get("scales") or {}).items():
        for index, _ in enumerate(options if isinstance(options, list) else []):
            yield ("scales", name, index, "label")
    for key, fields in (("items", ("text",)), ("risk", ("text",)),
                        ("bands", ("title", "text", "next"))):
        for index, entry in enumerate(data.get(key) or []):
            for name in fields:
                if isinstance(entry, dict) and name in entry:
                    yield (key, index, name)


def _check_languages(read: SourceRead, limits: Limits, problems: Problems) -> None:
    if not read.sound("translations"):
        return
    path = read.path
    declared = set(read.data["translations"])
    for lang, version in read.data["translations"].items():
        line = read.line("translations", lang)
        if lang not in limits.languages:
            # a version in a language this portal does not build is kept for portals that
            # do (a shared instrument file); an unknown code is a typo
            if lang not in i18n.available_languages():
                problems.error(path, line, f"translations.{lang}: no such language; use one "
                               "of: " + ", ".join(limits.languages))
            continue
        if version["status"] == "validated" and "acknowledged" in version:
            problems.error(path, read.line("translations", lang, "acknowledged"),
                           f"translations.{lang}.acknowledged: only an own translation is "
                           "acknowledged; a validated one names its source")
        if version["status"] == "own":
            if "source" in version:
                problems.error(path, read.line("translations", lang, "source"),
                               f"translations.{lang}.source: an own translation has no "
                               "published source; write status: validated if it is one")
            _check_acknowledged(read, lang, limits, problems)
    for where in _text_paths(read.data):
        value = read.value(*where)
        if not isinstance(value, dict) or not read.sound(*where):
            continue
        label = ".".join(map(str, where))
        for lang in sorted(declared - set(value)):
            problems.error(path, read.line(*where), f"{label}: no {lang} text, but "
                           f"translations lists {lang}; add it")
        for lang in sorted(set(value) - declared):
            problems.error(path, read.line(*where, lang), f"{label}.{lang}: translations "
                           f"does not say the status of the {lang} version; add "
                           f"translations.{lang}")


def _check_acknowledged(read: SourceRead, lang: str, limits: Limits,
                        problems: Problems) -> None:
    ack = read.data["translations"][lang].get("acknowledged")
    if ack is None:
        problems.warning(read.path, read.line("translations", lang),
                         f"translations.{lang}: our own translation, awaiting clinical "
                         "verification (the page says so); once someone responsible has "
                         "accepted publishing it so labelled, add acknowledged: {by, date}")
        return
    date = ack["date"]
    date = dt.date.fromisoformat(date) if isinstance(date, str) else date
    age = (limits.today - date).days
    line = read.line("translations", lang, "acknowledged", "date")
    if age < 0:
        problems.error(read.path, line, f"translations.{lang}.acknowledged.date: "
                       f"{date.isoformat()} is in the future")
    elif age > limits.review_max_age_days:
        problems.warning(read.path, line, f"translations.{lang}.acknowledged.date: "
                         f"{date.isoformat()} is {age} days ago; our own translation is still "
                         "unverified: have it verified, or acknowledged again (limit "
                         f"{limits.review_max_age_days} days)")


def _items(read: SourceRead, problems: Problems) -> dict[str, Item]:
    path, data = read.path, read.data
    scales: dict[str, tuple[Option, ...]] = {}
    if read.sound("scales"):
        for name, options in data["scales"].items():
            scores = [option["score"] for option in options]
            for index, score in enumerate(scores):
                if score in scores[:index]:
                    problems.error(path, read.line("scales", name, index, "score"),
                                   f"scales.{name}.{index}.score: {score} is there twice; "
                                   "each answer of a scale has its own score")
            scales[name] = tuple(Option(o["score"], Text(o["label"])) for o in options)
    items: dict[str, Item] = {}
    if not read.sound("items"):
        return items
    for index, entry in enumerate(data["items"]):
        if entry["id"] in items:
            problems.error(path, read.line("items", index, "id"),
                           f"items.{index}.id: '{entry['id']}' is there twice; answers are "
                           "kept under the item's id")
            continue
        options = scales.get(entry["scale"])
        if options is None:
            if read.sound("scales"):
                problems.error(path, read.line("items", index, "scale"),
                               f"items.{index}.scale: no scale '{entry['scale']}' under "
                               "scales, so the item has no answers; known: "
                               + ", ".join(sorted(scales)))
            continue
        items[entry["id"]] = Item(entry["id"], Text(entry["text"]), options,
                                  bool(entry.get("reverse", False)))
    return items


def _risk(read: SourceRead, items: dict[str, Item], problems: Problems) -> list[RiskRule]:
    rules: list[RiskRule] = []
    if not read.sound("risk"):
        return rules
    written = {entry["id"] for entry in read.data["items"]} if read.sound("items") else set()
    for index, entry in enumerate(read.data.get("risk") or []):
        item = items.get(entry["item"])
        if item is None and entry["item"] in written:
            continue  # the item itself is in error, reported there
        if item is None:
            problems.error(read.path, read.line("risk", index, "item"),
                           f"risk.{index}.item: no item '{entry['item']}'; name one of: "
                           + ", ".join(items))
            continue
        if entry["threshold"] > max(item.counted):
            problems.error(read.path, read.line("risk", index, "threshold"),
                           f"risk.{index}.threshold: {entry['threshold']} is above the item's "
                           f"highest score, {max(item.counted)}: urgent help would never show")
            continue
        rules.append(RiskRule(entry["item"], entry["threshold"], Text(entry.get("text") or {})))
    return rules


def _bands(read: SourceRead, lowest: int, highest: int, problems: Problems) -> list[Band]:
    """The bands, each total from ``lowest`` to ``highest`` in exactly one of them."""
    path = read.path
    bands = [Band(b["min"], b["max"], b["level"], Text(b["title"]), Text(b["text"]),
                  Text(b["next"])) for b in read.data["bands"]]
    good = True
    expected = lowest
    for index, band in enumerate(bands):
        if band.min > band.max:
            problems.error(path, read.line("bands", index, "max"),
                           f"bands.{index}.max: {band.max} is below its min, {band.min}")
            return []
        if band.min > expected:
            gap = f"{expected}" if band.min - 1 == expected else f"{expected} to {band.min - 1}"
            problems.error(path, read.line("bands", index, "min"),
                           f"bands.{index}.min: {band.min} leaves a total of {gap} in no band"
                           + (f" (the band before ends at {expected - 1})" if index else
                              f" (the lowest possible total is {lowest})"))
            good = False
        elif band.min < expected:
            problems.error(path, read.line("bands", index, "min"),
                           f"bands.{index}.min: {band.min} "
                           + (f"overlaps the band before, which ends at {expected - 1}; "
                              f"start at {expected}" if index else
                              f"is below the lowest possible total, {lowest}"))
            good = False
        expected = band.max + 1
    last = len(bands) - 1
    if bands and bands[-1].max < highest:
        rest = f"{highest}" if bands[-1].max + 1 == highest else f"{bands[-1].max + 1} to {highest}"
        problems.error(path, read.line("bands", last, "max"),
                       f"bands.{last}.max: {bands[-1].max} leaves a total of {rest} in no band "
                       f"(the highest possible total is {highest})")
        good = False
    elif bands and bands[-1].max > highest:
        problems.error(path, read.line("bands", last, "max"),
                       f"bands.{last}.max: {bands[-1].max} is above the highest possible "
                       f"total, {highest}")
        good = False
    levels = [band.level for band in bands]
    for index, level in enumerate(levels):
        if level in levels[:index]:
            problems.error(path, read.line("bands", index, "level"),
                           f"bands.{index}.level: '{level}' is there twice")
            good = False
    return bands if good else []


def _load(path: Path, limits: Limits, problems: Problems) -> Questionnaire | None:
    read = read_yaml(path, "questionnaire", problems, what="the questionnaire file")
    if read is None:
        return None
    errors = len(problems.errors)
    data = read.data
    if read.sound("id") and data["id"] != path.stem:
        problems.error(path, read.line("id"), f"id: '{data['id']}' must be the file's name, "
                       f"'{path.stem}' (steps name the questionnaire by it)")
    check_review(read, limits, problems, "questionnaire")
    _check_languages(read, limits, problems)
    items = _items(read, problems)
    risk = _risk(read, items, problems)
    complete = read.sound("items") and len(items) == len(data["items"])
    bands = _bands(read, sum(min(i.counted) for i in items.values()),
                   sum(max(i.counted) for i in items.values()), problems) \
        if complete and read.sound("bands") else []
    if len(problems.errors) > errors or not read.valid or not bands or not complete:
        return None
    translations = {
        lang: Translation(v["status"], v.get("source", ""),
                          (v.get("acknowledged") or {}).get("by", ""),
                          _date((v.get("acknowledged") or {}).get("date")))
        for lang, v in data["translations"].items()}
    return Questionnaire(
        id=data["id"], source=path, title=Text(data["title"]), summary=Text(data["summary"]),
        instructions=Text(data["instructions"]), citation=data["source"]["citation"],
        licence=data["source"]["licence"], translations=translations,
        items=tuple(items.values()), risk=tuple(risk), bands=tuple(bands),
        last_reviewed=data["last_reviewed"])


def _date(value: object) -> dt.date | None:
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value if isinstance(value, dt.date) else None


def load_questionnaires(root: Path, limits: Limits,
                        problems: Problems) -> dict[str, Questionnaire]:
    """Every questionnaire in ``root`` (self_care/questionnaires/), by id."""
    found: dict[str, Questionnaire] = {}
    if not root.is_dir():
        return found
    for path in sorted(root.iterdir()):
        if path.name.startswith("."):
            continue
        if path.suffix != ".yml" or not path.is_file():
            problems.error(path, 0, "a questionnaire is one file, <id>.yml, directly in "
                           f"self_care/{FOLDER}/")
            continue
        questionnaire = _load(path, limits, problems)
        if questionnaire is not None:
            found[questionnaire.id] = questionnaire
    return found


def read_use(meta: Mapping[str, Any], line: int) -> QuestionnaireUse | None:
    """A step's ``questionnaire:`` (already checked by the step's schema)."""
    use = meta.get("questionnaire")
    if not isinstance(use, Mapping):
        return None
    return QuestionnaireUse(str(use["id"]), str(use["when"]), line)


def check_uses(programmes: Iterable[Programme], questionnaires: Mapping[str, Questionnaire],
               problems: Problems) -> None:
    """Each questionnaire a step names exists (at the line of its ``id``)."""
    for programme in programmes:
        for step in programme.steps:
            for version in step.versions.values():
                use = version.questionnaire
                if use is not None and use.id not in questionnaires:
                    problems.error(version.source, use.line,
                                   f"questionnaire.id: no questionnaire '{use.id}' in "
                                   f"self_care/{FOLDER}/; known: "
                                   + (", ".join(sorted(questionnaires)) or "none"))
