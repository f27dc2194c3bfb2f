"""Care paths as typed values: the national path, a step, and a path merged for a place.

A care path (hoitopolku) is written once nationally and varied per county; what staff
and citizens see is always a ``MergedPath``: the national path with the variation of the
county where the client lives, and that municipality's exceptions, applied at a date.
The values are frozen and pickle, like the catalogue's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from etulinja.care_paths.merge import Change
from etulinja.catalogue.model import NO_TEXT, Service
from etulinja.reference.i18n import Text

AUDIENCES = ("adults", "youth", "children", "families", "older-people")
"""Who a path is for; the same words as articles' age groups."""


@dataclass(frozen=True)
class ServiceRule:
    """Which catalogue services deliver a step, as a rule: resolved in each municipality
    against the services available there, so a new service in the catalogue joins the
    path without anyone editing the path."""

    care_level: int
    """The services' level of stepped care (the step's own level unless the rule says)."""
    topics: tuple[str, ...]
    """A service matches when it has any of these topics (the path's topics by default)."""
    methods: tuple[str, ...] = ()
    """Any of these methods; empty: any method."""
    target_groups: tuple[str, ...] = ()
    """Any of these PTV target groups; empty: any group."""
    age_min: int | None = None
    age_max: int | None = None
    """The ages the step is for: a service matches when its own age range overlaps."""

    def matches(self, service: Service) -> bool:
        """True when ``service`` delivers care of this kind (place and date aside)."""
        if service.kind != "care" or service.care_level != self.care_level:
            return False
        if self.topics and not set(self.topics) & set(service.topics):
            return False
        if self.methods and not set(self.methods) & set(service.methods):
            return False
        if self.target_groups and not set(self.target_groups) & set(service.target_groups):
            return False
        low = service.age.min if service.age.min is not None else 0
        high = service.age.max if service.age.max is not None else 200
        if self.age_min is not None and high < self.age_min:
            return False
        return not (self.age_max is not None and low > self.age_max)


@dataclass(frozen=True)
class Step:
    """One step of stepped care on a path, with who delivers it."""

    id: str
    """Stable across counties: what variations name when they change, remove or insert
    next to a step, and what the compare view lines counties up by."""
    care_level: int
    """0 self-care … 4 most demanding care, as services' care_level."""
    title: Text
    """The step's heading ("Ohjattu omahoito")."""
    what: Text
    """What happens at this step, in plain words."""
    who_decides: Text
    """Who decides that the client starts (and ends) this step."""
    length: Text
    """Typical length: visits or weeks, in words ("1-5 meetings, 3 on average")."""
    how_to_get: Text
    """How a client gets to this step: self-referral, care-need assessment, referral."""
    decision: Text = NO_TEXT
    """The decision point after the step ("no better after 4-6 weeks: step up"), if any."""
    rule: ServiceRule | None = None
    """Services chosen by rule, resolved per municipality…"""
    service_ids: tuple[str, ...] = ()
    """…or named explicitly (each exists in the catalogue)…"""
    outside_catalogue: Text = NO_TEXT
    """…or, where the catalogue has no service for the step yet, where the step is given,
    in words (no warning is given for such a step: the editor has said so)."""
    source: str = ""
    """The file where the step's services are said (the national path, or the variation
    that inserted or changed the step)…"""
    line: int = 0
    """…and the line: what a warning about a step that resolves to no service points at."""

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"


@dataclass(frozen=True)
class CarePath:
    """A national care path: ``catalogue/care_paths/<id>/path.yml``."""

    id: str
    """The folder's name: the path's address."""
    source: Path
    title: Text
    summary: Text
    audience: tuple[str, ...]
    topics: tuple[str, ...]
    steps: tuple[Step, ...]
    reviewed_by: str
    last_reviewed: dt.date


@dataclass(frozen=True)
class Review:
    """Who reviewed a county's variation, and when: shown beside the national review."""

    source: str
    reviewed_by: str
    last_reviewed: dt.date
    note: Text = NO_TEXT
    """Why the county's path differs, in words."""


@dataclass(frozen=True)
class MergedPath:
    """A path as it applies in a county (and municipality) on a date."""

    path: CarePath
    """The national path it was merged from."""
    county_code: str
    municipality_code: str | None
    date: dt.date
    title: Text
    summary: Text
    audience: tuple[str, ...]
    topics: tuple[str, ...]
    steps: tuple[Step, ...]
    changes: tuple[Change, ...]
    """Every change made to the national path, in the order made, each with its
    ``file:line``."""
    variation: Review | None
    """The county's variation in effect on ``date``, if any."""
    exceptions: tuple[Text, ...] = ()
    """Why this municipality differs from its county, one text per exception applied."""

    @property
    def id(self) -> str:
        return self.path.id

    def step(self, step_id: str) -> Step | None:
        return next((step for step in self.steps if step.id == step_id), None)


@dataclass(frozen=True)
class StepDifference:
    """How a municipality's step differs from its county's."""

    step_id: str
    status: str
    """'changed', 'removed' (the municipality does not have it) or 'added'."""
    step: Step | None
    """The municipality's step; None when removed."""


@dataclass(frozen=True)
class MunicipalityException:
    """Municipalities of a county that see other steps than the rest of the county."""

    municipality_codes: tuple[str, ...]
    """In effect in this county on the date (an exception follows a municipality that
    moved here from another county)."""
    explain: Text
    """Why, in words for citizens and staff."""
    source: str
    """``file:line`` of the exception."""
    differences: tuple[StepDifference, ...]
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class CountyStep:
    """One step in one county, for the compare view."""

    county_code: str
    status: str
    """'same' as nationally, 'changed', 'absent' (removed there) or 'added' (not in the
    national path)."""
    step: Step | None
    changes: tuple[Change, ...]
    """What changed and where, for 'changed', 'absent' and 'added'."""


@dataclass(frozen=True)
class StepComparison:
    """One step across counties: a row of the compare view."""

    step_id: str
    national: Step | None
    """The national step; None for a step some county added."""
    counties: tuple[CountyStep, ...]


@dataclass(frozen=True)
class PathLink:
    """A step of a path in a county: what a service or municipality page links to
    ("step 2 of Mild to moderate depression, adults, in Päijät-Häme")."""

    path: CarePath
    county_code: str
    step_index: int
    """0-based position of the step in the county's merged path."""
    step: Step
