"""Loading care paths and their county variations, and checking every combination.

``load_care_paths`` reads ``<catalogue>/care_paths/<path-id>/path.yml`` and the county
variations beside it, reports every problem at its ``path:line``, and returns a
``CarePaths``: the site's one way to merged paths and the services at each step
(``CarePaths`` in ``paths.py``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from etulinja.care_paths.merge import Anchor, Merging
from etulinja.care_paths.model import CarePath, Review, ServiceRule, Step
from etulinja.catalogue.model import NO_TEXT, Catalogue
from etulinja.reference import codes, geography
from etulinja.reference.i18n import Text
from etulinja.sources import schema
from etulinja.sources.problems import Problems
from etulinja.sources.rules import Limits, SourceRead, check_review, read_yaml, value_at

PATH_FILE = "path.yml"
_PATH_ID = re.compile(r"[a-z][a-z0-9-]*")
Report = tuple[str, int, str]
"""(file as shown, line, message): a problem found while merging, before it is known
whether it is new (the same patch is merged for many places)."""


def in_effect(valid_from: dt.date | None, valid_to: dt.date | None, today: dt.date) -> bool:
    """True on the days from ``valid_from`` to ``valid_to``, both included."""
    return (valid_from is None or valid_from <= today) and (valid_to is None or today <= valid_to)


@dataclass(frozen=True)
class ExceptionSource:
    """A municipality exception as written in a county's variation."""

    index: int
    """Its position under ``municipalities:``."""
    codes: tuple[str, ...]
    """The municipalities as written (known codes only: unknown ones were reported)."""
    explain: Text
    valid_from: dt.date | None
    valid_to: dt.date | None
    operations: tuple[dict[str, Any], ...]
    anchor: Anchor

    def in_effect(self, today: dt.date) -> bool:
        return in_effect(self.valid_from, self.valid_to, today)


@dataclass(frozen=True)
class VariationSource:
    """A county's variation file, checked: ``<path-id>/<county-slug>.yml``."""

    county_code: str
    source: str
    doc_anchor: Anchor
    review: Review
    valid_from: dt.date | None
    valid_to: dt.date | None
    patch: dict[str, Any]
    operations: tuple[dict[str, Any], ...]
    exceptions: tuple[ExceptionSource, ...]

    def in_effect(self, today: dt.date) -> bool:
        return in_effect(self.valid_from, self.valid_to, today)


@dataclass(frozen=True)
class PathSource:
    """A national path as read, and its counties' variations."""

    path: CarePath
    data: dict[str, Any]
    anchor: Anchor
    variations: dict[str, VariationSource]
    """County code -> that county's variation."""


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _text(value: Any) -> Text:
    return Text({k: v for k, v in value.items() if isinstance(v, str)}) \
        if isinstance(value, dict) else NO_TEXT


def municipality_name(code: str) -> str:
    """'Orimattila (560)': how messages name a municipality, so both are searchable."""
    found = geography.municipalities().get(code)
    return f"{found.name['fi']} ({code})" if found else code


def county_name(code: str) -> str:
    found = geography.counties().get(code)
    return f"{found.name['fi']} ({code})" if found else code


def validate_merged(merging: Merging, catalogue: Catalogue, *,
                    with_schema: bool = True) -> list[Report]:
    """Everything wrong with a merged (or national) path, each at the line that wrote it:
    the schema (unless ``with_schema`` is false: already reported), unique step ids,
    codes, and explicitly named services."""
    found: list[Report] = [*merging.errors]
    data = merging.data
    errors = sorted(schema.validator("care_path").iter_errors(schema.to_json_value(data)),
                    key=lambda e: list(map(str, e.absolute_path)))
    for error in errors if with_schema else ():
        if error.validator == "maxProperties":  # two ways to services: said below, in words
            continue
        where = tuple(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.schema, dict):
            extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
            where = (*where, extra[0]) if extra else where
        source, line = merging.locate(where)
        key = ".".join(map(str, error.absolute_path))
        found.append((source, line, f"{key + ': ' if key else ''}"
                      f"{schema._describe(error)}"))
    refused = schema.refused_paths(data, "care_path") if errors else frozenset()

    def check(where: tuple[str | int, ...], known: Any, what: str) -> None:
        values = value_at(data, where)
        if not isinstance(values, list):
            return
        for index, value in enumerate(values):
            if schema.sound(refused, (*where, index)) and value not in known:
                source, line = merging.locate((*where, index))
                found.append((source, line, f"{'.'.join(map(str, where))}.{index}: unknown "
                              f"{what} '{value}'; known: {', '.join(sorted(known))}"))

    check(("topics",), codes.topics(), "topic")
    seen: set[str] = set()
    for index, step in enumerate(merging.steps):
        if not isinstance(step, dict):
            continue
        step_id = step.get("id")
        if isinstance(step_id, str) and step_id in seen:
            source, line = merging.locate(("steps", index, "id"))
            found.append((source, line, f"steps.{index}.id: a second step '{step_id}'; "
                          "each step needs an id of its own"))
        seen.add(str(step_id))
        services = step.get("services")
        if isinstance(services, dict) and len(services) > 1:
            source, line = merging.locate(("steps", index, "services"))
            found.append((source, line, f"steps.{index}.services: give one of rule, ids or "
                          f"outside_catalogue, not {', '.join(sorted(services))} (in a "
                          "variation, set the one to drop to null, e.g. rule: null)"))
            continue
        where = ("steps", index, "services", "rule")
        check((*where, "topics"), codes.topics(), "topic")
        check((*where, "methods"), codes.labelled("methods"), "method")
        check((*where, "target_groups"), codes.labelled("target_groups"), "target group")
        check(("steps", index, "services", "ids"), catalogue.services, "service")
    return found


def typed_steps(merging: Merging, path_topics: tuple[str, ...]) -> tuple[Step, ...]:
    """The merged data's steps as values (the data is valid)."""
    steps = []
    for index, data in enumerate(merging.steps):
        services = data["services"]
        rule = services.get("rule")
        source, line = merging.locate(("steps", index, "services"))
        level = int(data["care_level"])
        steps.append(Step(
            id=data["id"], care_level=level, title=_text(data["title"]),
            what=_text(data["what"]), who_decides=_text(data["who_decides"]),
            length=_text(data["length"]), how_to_get=_text(data["how_to_get"]),
            decision=_text(data.get("decision")),
            rule=None if rule is None else ServiceRule(
                care_level=int(rule.get("care_level", level)),
                topics=tuple(rule.get("topics") or path_topics),
                methods=tuple(rule.get("methods") or ()),
                target_groups=tuple(rule.get("target_groups") or ()),
                age_min=(rule.get("age") or {}).get("min"),
                age_max=(rule.get("age") or {}).get("max")),
            service_ids=tuple(services.get("ids") or ()),
            outside_catalogue=_text(services.get("outside_catalogue")),
            source=source, line=line))
    return tuple(steps)


def read_path(folder: Path, catalogue: Catalogue, problems: Problems,
              limits: Limits) -> PathSource | None:
    """The national path of ``folder`` and its variations; None when the national path
    has errors (they are reported, and its variations are still checked on their own)."""
    path_file = folder / PATH_FILE
    read = read_yaml(path_file, "care_path", problems, what="the care path file")
    variations = _read_variations(folder, problems, limits)
    if read is None:
        return None
    check_review(read, limits, problems, "care path")
    anchor = Anchor(problems.display_path(path_file), read.doc, ())
    merging = Merging.start(read.data, anchor)
    # The schema's errors were reported as the file was read; the rest is checked anyway.
    reports = validate_merged(merging, catalogue, with_schema=read.valid)
    for source, line, message in reports:
        problems.error(source, line, message)
    if reports or not read.valid:
        return None
    data = merging.data
    topics = tuple(data["topics"])
    path = CarePath(id=folder.name, source=path_file, title=Text(data["title"]),
                    summary=Text(data["summary"]), audience=tuple(data["audience"]),
                    topics=topics, steps=typed_steps(merging, topics),
                    reviewed_by=data["reviewed_by"], last_reviewed=data["last_reviewed"])
    return PathSource(path, read.data, anchor, variations)


def _read_variations(folder: Path, problems: Problems,
                     limits: Limits) -> dict[str, VariationSource]:
    found: dict[str, VariationSource] = {}
    for file in sorted(folder.glob("*.yml")):
        if file.name == PATH_FILE:
            continue
        variation = _read_variation(file, problems, limits)
        if variation is not None:
            found[variation.county_code] = variation
    return found


def _read_variation(file: Path, problems: Problems, limits: Limits) -> VariationSource | None:
    read = read_yaml(file, "care_path_variation", problems, what="a care path variation")
    if read is None:
        return None
    check_review(read, limits, problems, "variation")
    data = read.data
    county = str(data.get("county"))
    ok = read.valid
    if read.sound("county"):
        known = geography.counties().get(county)
        if known is None:
            problems.error(file, read.line("county"), f"county: unknown county code '{county}'; "
                           "known: " + ", ".join(sorted(geography.counties())))
            ok = False
        elif file.stem != known.slug:
            problems.error(file, read.line("county"),
                           f"county: '{county}' is {known.name['fi']}, but the file is named "
                           f"'{file.name}'; name a county's variation after the county: "
                           f"{known.slug}.yml")
            ok = False
    valid_from, valid_to = _dates(read, (), problems)
    if valid_to is not None and valid_to < limits.today:
        problems.warning(file, read.line("valid_to"),
                         f"valid_to: the variation ended on {valid_to.isoformat()}, so "
                         f"{county_name(str(county))} now sees the national path; remove the "
                         "file, or give a later valid_to if it still applies")
    exceptions = []
    items = data.get("municipalities")
    for index, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict):
            continue
        where: tuple[str | int, ...] = ("municipalities", index)
        known_codes = []
        written = item.get("municipalities")
        for position, code in enumerate(written if isinstance(written, list) else []):
            if not read.sound(*where, "municipalities", position):
                continue
            if code in geography.municipalities():
                known_codes.append(code)
                continue
            hint = ""
            if code in geography.MERGED_MUNICIPALITIES:
                hint = f" (merged into {geography.MERGED_MUNICIPALITIES[code]}; use that code)"
            problems.error(file, read.line(*where, "municipalities", position),
                           f"municipalities.{index}.municipalities.{position}: unknown "
                           f"municipality code '{code}'{hint}")
            ok = False
        start, end = _dates(read, where, problems)
        if end is not None and end < limits.today and (valid_to is None
                                                       or valid_to >= limits.today):
            problems.warning(file, read.line(*where, "valid_to"),
                             f"municipalities.{index}.valid_to: the exception ended on "
                             f"{end.isoformat()}, so these municipalities now see the county's "
                             "path; remove the exception, or give a later valid_to")
        exceptions.append(ExceptionSource(
            index, tuple(known_codes), _text(item.get("explain")), start, end,
            _operations(item.get("steps")),
            Anchor(problems.display_path(file), read.doc, where)))
    if not ok:
        return None
    source = problems.display_path(file)
    return VariationSource(
        county_code=county, source=source, doc_anchor=Anchor(source, read.doc, ()),
        review=Review(source, data["reviewed_by"], data["last_reviewed"],
                      _text(data.get("note"))),
        valid_from=valid_from, valid_to=valid_to, patch=dict(data.get("patch") or {}),
        operations=_operations(data.get("steps")),
        exceptions=tuple(exceptions))


def _operations(value: Any) -> tuple[dict[str, Any], ...]:
    return tuple(op for op in value if isinstance(op, dict)) if isinstance(value, list) else ()


def _dates(read: SourceRead, where: tuple[str | int, ...],
           problems: Problems) -> tuple[dt.date | None, dt.date | None]:
    start = _date(read.value(*where, "valid_from")) if read.sound(*where, "valid_from") else None
    end = _date(read.value(*where, "valid_to")) if read.sound(*where, "valid_to") else None
    if start is not None and end is not None and end < start:
        label = ".".join(map(str, (*where, "valid_to")))
        problems.error(read.path, read.line(*where, "valid_to"),
                       f"{label}: {end.isoformat()} is before valid_from {start.isoformat()}")
    return start, end
