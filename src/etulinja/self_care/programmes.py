"""Self-care programmes: ``self_care/<id>/programme.yml`` and its steps beside it.

A programme is what a citizen works through on their own or with a professional (guided
self-care): sections in a fixed order — information, exercises, keeping it up — each an
ordered list of steps. Each step is one Markdown file per language
(``wind-down.fi.md``); ``programme.yml`` says which section a step belongs to, who wrote
and reviewed the programme and when. Everything an editor can get wrong here is reported
at ``programme.yml``'s line or at the step file, never as a missing page later.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from etulinja.reference import codes
from etulinja.reference.i18n import PerLanguage, Text
from etulinja.self_care.guides import Guide, read_guide
from etulinja.self_care.questionnaires import FOLDER as QUESTIONNAIRE_FOLDER
from etulinja.self_care.questionnaires import QuestionnaireUse, read_use
from etulinja.self_care.worksheets import Worksheet, read_worksheets
from etulinja.sources.problems import Problems
from etulinja.sources.rules import (
    Limits,
    MarkdownFile,
    SourceRead,
    check_codes,
    check_review,
    missing_languages,
    read_markdown,
    read_yaml,
)

PROGRAMME_FILE = "programme.yml"
SECTION_ORDER = ("information", "exercises", "keeping-up")
_STEP_FILE = re.compile(r"^(?P<step>[^./]+)\.(?P<lang>[a-z]{2})\.md$")
# A step may not take the landing page's address (self-care/<id>/index) nor the guide's.
_RESERVED_STEPS = {"index", "guide"}


@dataclass(frozen=True)
class StepVersion:
    """One language version of a step (``wind-down.fi.md``), checked."""

    lang: str
    source: Path
    title: str
    summary: str
    """Shown in the programme's step list and as the meta description."""
    minutes: int
    """About how long reading and doing the step takes."""
    body: str
    """Markdown, checked against the content policy."""
    questionnaire: QuestionnaireUse | None = None
    """A questionnaire answered in the step (``questionnaire: {id, when}``)."""
    worksheets: tuple[Worksheet, ...] = ()
    """Fillable worksheets shown after the text (``worksheets:``)."""

    @classmethod
    def of(cls, file: MarkdownFile, problems: Problems | None = None) -> StepVersion:
        """The typed version of a step file whose front matter is valid."""
        meta = file.meta
        line = file.doc.line_of(["questionnaire", "id"]) if file.doc is not None else 0
        return cls(lang=file.lang, source=file.source, title=str(meta["title"]),
                   summary=str(meta["summary"]), minutes=int(meta["minutes"]), body=file.body,
                   questionnaire=read_use(meta, line),
                   worksheets=read_worksheets(
                       file, problems if problems is not None else Problems()))


@dataclass(frozen=True)
class Step:
    """One step and its language versions, in the section ``programme.yml`` put it in."""

    id: str
    """The files' name before the language: the step's address."""
    section: str
    versions: dict[str, StepVersion] = field(default_factory=dict)
    """Language -> that language's version."""


@dataclass(frozen=True)
class Section:
    kind: str
    """'information', 'exercises' or 'keeping-up' (in that order)."""
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Programme:
    """A self-care programme: what ``programme.yml`` says, typed, and its steps."""

    id: str
    """The folder's name: the programme's address."""
    source: Path
    """Its ``programme.yml``."""
    title: Text
    summary: Text
    audience: tuple[str, ...]
    age_groups: tuple[str, ...]
    topics: tuple[str, ...]
    for_whom: PerLanguage[tuple[str, ...]]
    """"Is this programme for you?": short sentences per language."""
    written_by: Text
    reviewed_by: Text
    last_reviewed: dt.date
    sections: tuple[Section, ...]
    assets: tuple[Path, ...]
    """Images and worksheet files beside the steps, published as they are."""
    guide: Guide | None = None
    """How a professional guides it in one to five contacts (guided self-care)."""

    @property
    def steps(self) -> list[Step]:
        return [step for section in self.sections for step in section.steps]


def _check_meta(read: SourceRead, folder: str, problems: Problems, limits: Limits) -> None:
    data, path = read.data, read.path
    if read.sound("id") and data["id"] != folder:
        problems.error(path, read.line("id"),
                       f"id: '{data['id']}' must be the folder's name, '{folder}' "
                       "(the folder name is the programme's address)")
    check_codes(read, ("topics",), codes.topics(), problems, "topic")
    kinds = [section["kind"] for section in data["sections"]] if read.sound("sections") else []
    for index, kind in enumerate(kinds):
        if kind in kinds[:index]:
            problems.error(path, read.line("sections", index, "kind"),
                           f"sections.{index}.kind: '{kind}' is there twice; put all its "
                           "steps in one section")
        elif sorted(kinds[: index + 1], key=SECTION_ORDER.index) != kinds[: index + 1]:
            problems.error(path, read.line("sections", index, "kind"),
                           f"sections.{index}.kind: '{kind}' is out of order; sections go "
                           + " → ".join(SECTION_ORDER))
    check_review(read, limits, problems, "programme")


def _load_programme(folder: Path, limits: Limits, problems: Problems) -> Programme | None:
    path = folder / PROGRAMME_FILE
    if path.is_dir():
        problems.error(path, 0, f"is a folder; {PROGRAMME_FILE} must be a file")
        return None
    if not path.is_file():
        problems.error(folder, 0, f"the programme folder has no {PROGRAMME_FILE}; add one "
                       "(see src/etulinja/schemas/programme.schema.json)")
        return None
    # Step files are read even when programme.yml has errors: every problem in one run.
    files: dict[str, dict[str, Path]] = {}
    assets: list[Path] = []
    for file in sorted(folder.rglob("*")):
        relative = file.relative_to(folder)
        if file == path or any(p.startswith(".") for p in relative.parts):
            continue
        if file.is_dir():
            if file.suffix in (".md", ".yml"):
                problems.error(file, 0, f"is a folder, but a name ending in {file.suffix} is "
                               "for a file; rename the folder")
            continue
        if file.suffix != ".md":
            assets.append(file)
            continue
        match = _STEP_FILE.match(relative.as_posix())
        if match is None:
            problems.error(file, 0, "a step file is named <step>.<language>.md, e.g. "
                           f"'{relative.as_posix().split('.')[0]}.fi.md', directly in the "
                           "programme's folder")
            continue
        if match["lang"] not in limits.languages:
            problems.error(file, 0, f"unknown language '{match['lang']}' in the file name; use "
                           "one of: " + ", ".join(limits.languages))
            continue
        files.setdefault(match["step"], {})[match["lang"]] = file

    versions: dict[str, dict[str, StepVersion]] = {}
    for step_id, by_lang in files.items():
        for lang, file in by_lang.items():
            version = read_markdown(file, lang, "step", limits, problems)
            if version is not None:
                versions.setdefault(step_id, {})[lang] = StepVersion.of(version, problems)

    read = read_yaml(path, "programme", problems, what=PROGRAMME_FILE)
    if read is None:
        return None
    _check_meta(read, folder.name, problems, limits)
    if not read.sound("sections"):
        return None
    data, doc = read.data, read.doc

    sections: list[Section] = []
    placed: dict[str, str] = {}
    for s_index, section in enumerate(data["sections"]):
        steps: list[Step] = []
        for index, step_id in enumerate(section["steps"]):
            where: list[str | int] = ["sections", s_index, "steps", index]
            line = doc.line_of(where)
            label = ".".join(map(str, where))
            if step_id in _RESERVED_STEPS:
                problems.error(path, line, f"{label}: '{step_id}' is the address of a "
                               "programme's own page; "
                               "give the step another name")
                continue
            if step_id in placed:
                problems.error(path, line, f"{label}: step '{step_id}' is already in the "
                               f"'{placed[step_id]}' section; a step belongs to one section")
                continue
            placed[step_id] = section["kind"]
            present = files.get(step_id, {})
            if not present:
                problems.error(path, line, f"{label}: step '{step_id}' has no files; add "
                               f"'{step_id}.fi.md' and '{step_id}.sv.md' beside programme.yml")
                continue
            for lang in missing_languages(present, limits):
                problems.error(path, line, f"{label}: step '{step_id}' has no {lang} "
                               f"version; add '{step_id}.{lang}.md' beside programme.yml")
            steps.append(Step(step_id, section["kind"], versions.get(step_id, {})))
        sections.append(Section(section["kind"], tuple(steps)))
    for step_id, by_lang in sorted(files.items()):
        if step_id not in placed:
            first = next(iter(sorted(by_lang.values())))
            problems.error(first, 0, f"step '{step_id}' is in no section of programme.yml; "
                           "list it under a section's steps, or remove the file")
    guide = read_guide(read, set(placed), problems)
    if not read.valid:
        return None
    return Programme(
        id=folder.name, source=path, title=Text(data["title"]), summary=Text(data["summary"]),
        audience=tuple(data["audience"]), age_groups=tuple(data["age_groups"]),
        topics=tuple(data["topics"]),
        for_whom=PerLanguage({lang: tuple(lines) for lang, lines in data["for_whom"].items()}),
        written_by=Text(data["written_by"]), reviewed_by=Text(data["reviewed_by"]),
        last_reviewed=data["last_reviewed"], sections=tuple(sections), assets=tuple(assets),
        guide=guide)


def load_programmes(root: Path, limits: Limits, problems: Problems) -> list[Programme]:
    """Every programme in ``root`` (self_care/), in id order; problems are collected."""
    if not root.is_dir():
        return []
    programmes = []
    for folder in sorted(root.iterdir()):
        if folder.name.startswith(".") or folder.name == QUESTIONNAIRE_FOLDER:
            continue
        if not folder.is_dir():
            if folder.suffix in (".md", ".yml", ".yaml"):
                problems.error(folder, 0, "put each programme in its own folder: "
                               "self_care/<programme>/programme.yml and its step files")
            continue
        programme = _load_programme(folder, limits, problems)
        if programme is not None:
            programmes.append(programme)
    return programmes
