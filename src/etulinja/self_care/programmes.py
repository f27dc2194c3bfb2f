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
from typing import Any

from etulinja.articles.pages import PageVersion, load_version
from etulinja.config import PortalConfig
from etulinja.reference import codes
from etulinja.sources import schema
from etulinja.sources.files import read_source
from etulinja.sources.problems import Problems
from etulinja.sources.yamldoc import JsonPath, YamlDocument, YamlSyntaxError, load_yaml

PROGRAMME_FILE = "programme.yml"
SECTION_ORDER = ("information", "exercises", "keeping-up")
_STEP_FILE = re.compile(r"^(?P<step>[^./]+)\.(?P<lang>[a-z]{2})\.md$")
# A step may not take the landing page's address (self-care/<id>/index).
_RESERVED_STEPS = {"index"}


@dataclass
class Step:
    """One step and its language versions, in the section ``programme.yml`` put it in."""

    id: str
    section: str
    versions: dict[str, PageVersion] = field(default_factory=dict)


@dataclass
class Section:
    kind: str
    steps: list[Step]


@dataclass
class Programme:
    id: str
    source: Path
    data: dict[str, Any]
    sections: list[Section]
    assets: list[Path]
    """Images and worksheet files beside the steps, published as they are."""

    @property
    def steps(self) -> list[Step]:
        return [step for section in self.sections for step in section.steps]

    @property
    def last_reviewed(self) -> dt.date:
        value = self.data["last_reviewed"]
        assert isinstance(value, dt.date)
        return value

    def text(self, key: str, lang: str, default_language: str) -> tuple[Any, str]:
        """A per-language value and the language it is really in (English may fall back)."""
        values: dict[str, Any] = self.data[key]
        if lang in values:
            return values[lang], lang
        return values[default_language], default_language


def _read_programme(path: Path, problems: Problems
                    ) -> tuple[dict[str, Any], YamlDocument, frozenset[JsonPath]] | None:
    """programme.yml's data, where each value is, and the paths the schema refused."""
    text = read_source(path, problems)
    if text is None:
        return None
    try:
        doc = load_yaml(text)
    except YamlSyntaxError as error:
        problems.error(path, error.line, error.message)
        return None
    if not isinstance(doc.data, dict):
        problems.error(path, 1, "programme.yml must be a mapping of keys to values")
        return None
    refused: frozenset[JsonPath] = frozenset()
    if not schema.validate(doc.data, "programme", doc, path, problems):
        refused = schema.refused_paths(doc.data, "programme")
    return doc.data, doc, refused


def _check_meta(data: dict[str, Any], doc: YamlDocument, path: Path, folder: str,
                problems: Problems, today: dt.date, max_age: int,
                refused: frozenset[JsonPath]) -> None:
    def sound(*where: str | int) -> bool:
        return schema.sound(refused, where)

    if sound("id") and data["id"] != folder:
        problems.error(path, doc.line_of(["id"]),
                       f"id: '{data['id']}' must be the folder's name, '{folder}' "
                       "(the folder name is the programme's address)")
    known = codes.topics()
    for index, topic in enumerate(data["topics"] if sound("topics") else []):
        if topic not in known:
            problems.error(path, doc.line_of(["topics", index]),
                           f"topics.{index}: unknown topic '{topic}'; known topics: "
                           + ", ".join(known))
    kinds = [section["kind"] for section in data["sections"]] if sound("sections") else []
    for index, kind in enumerate(kinds):
        if kind in kinds[:index]:
            problems.error(path, doc.line_of(["sections", index, "kind"]),
                           f"sections.{index}.kind: '{kind}' is there twice; put all its "
                           "steps in one section")
        elif sorted(kinds[: index + 1], key=SECTION_ORDER.index) != kinds[: index + 1]:
            problems.error(path, doc.line_of(["sections", index, "kind"]),
                           f"sections.{index}.kind: '{kind}' is out of order; sections go "
                           + " → ".join(SECTION_ORDER))
    if not sound("last_reviewed"):
        return
    reviewed = data["last_reviewed"]
    if isinstance(reviewed, str):
        reviewed = data["last_reviewed"] = dt.date.fromisoformat(reviewed)
    age = (today - reviewed).days
    if age > max_age:
        problems.warning(path, doc.line_of(["last_reviewed"]),
                         f"last_reviewed: {reviewed.isoformat()} is {age} days ago; review the "
                         f"programme (limit {max_age} days)")
    elif age < 0:
        problems.error(path, doc.line_of(["last_reviewed"]),
                       f"last_reviewed: {reviewed.isoformat()} is in the future")


def _load_programme(folder: Path, config: PortalConfig, problems: Problems,
                    today: dt.date) -> Programme | None:
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
        if match["lang"] not in config.languages:
            problems.error(file, 0, f"unknown language '{match['lang']}' in the file name; use "
                           "one of: " + ", ".join(config.languages))
            continue
        files.setdefault(match["step"], {})[match["lang"]] = file

    versions: dict[str, dict[str, PageVersion]] = {}
    for step_id, by_lang in files.items():
        for lang, file in by_lang.items():
            version = load_version(file, lang, "step", config, problems, today)
            if version is not None:
                versions.setdefault(step_id, {})[lang] = version

    loaded = _read_programme(path, problems)
    if loaded is None:
        return None
    data, doc, refused = loaded
    _check_meta(data, doc, path, folder.name, problems, today, config.review_max_age_days,
                refused)
    if not schema.sound(refused, ("sections",)):
        return None

    sections: list[Section] = []
    placed: dict[str, str] = {}
    for s_index, section in enumerate(data["sections"]):
        steps: list[Step] = []
        for index, step_id in enumerate(section["steps"]):
            where: list[str | int] = ["sections", s_index, "steps", index]
            line = doc.line_of(where)
            label = ".".join(map(str, where))
            if step_id in _RESERVED_STEPS:
                problems.error(path, line, f"{label}: '{step_id}' is the programme's own page; "
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
            for lang in config.required_languages:
                if lang not in present:
                    problems.error(path, line, f"{label}: step '{step_id}' has no {lang} "
                                   f"version; add '{step_id}.{lang}.md' beside programme.yml")
            steps.append(Step(step_id, section["kind"], versions.get(step_id, {})))
        sections.append(Section(section["kind"], steps))
    for step_id, by_lang in sorted(files.items()):
        if step_id not in placed:
            first = next(iter(sorted(by_lang.values())))
            problems.error(first, 0, f"step '{step_id}' is in no section of programme.yml; "
                           "list it under a section's steps, or remove the file")
    if refused:
        return None
    return Programme(folder.name, path, data, sections, assets)


def load_programmes(config: PortalConfig, problems: Problems,
                    today: dt.date | None = None) -> list[Programme]:
    """Every programme in self_care/, in id order; problems are collected, not raised."""
    today = today or dt.date.today()
    root = config.self_care_dir
    if not root.is_dir():
        return []
    programmes = []
    for folder in sorted(root.iterdir()):
        if folder.name.startswith("."):
            continue
        if not folder.is_dir():
            if folder.suffix in (".md", ".yml", ".yaml"):
                problems.error(folder, 0, "put each programme in its own folder: "
                               "self_care/<programme>/programme.yml and its step files")
            continue
        programme = _load_programme(folder, config, problems, today)
        if programme is not None:
            programmes.append(programme)
    return programmes
