"""What a county's content lacks: ``etulinja status`` and the editors' page.

``etulinja check`` says what is wrong; nothing said what is *missing* until a reader met
it: an English page shown in Finnish, a review that lapsed last week, a crisis number
nobody has looked at since spring, a service page with no opening hours. The report is
worked out here once, from the content as ``check`` loads it, and shown three ways: the
command's text (``path: what``, for an editor to open), its JSON (for a county's own
dashboards; the shape is ``schemas/status.schema.json``) and, behind the
``editors_page`` setting, a page per language in the built site (``editors.html``).

Everything is grouped by who looks after it: a county (its services are filed in
``catalogue/services/<county>/``, its urgent numbers in ``catalogue/regions/``, its
care-path variations beside the national paths) or the national content (articles,
general pages, self-care, questionnaires, national paths and services, the package's
urgent numbers). Within a group items are sorted by category, content type and file.

What counts as missing:

- **translation**: a text or file in one of the site's languages is not there, so the
  page falls back to another language. The required languages (Finnish and Swedish) are
  errors in ``check`` for what the law requires (names, summaries, pages, steps), so
  here they appear only where they are optional: a service's description, an
  organisation's description.
- **review-overdue**, **review-due-30**, **review-due-60**: ``last_reviewed`` (and a
  questionnaire's own translation's ``acknowledged`` date) against
  ``review_max_age_days``, the rule of ``sources.rules.check_review``: overdue is what
  ``check`` warns about; the others are due within 30 days, or in 31 to 60.
- **urgent-overdue**, **urgent-due-30**, **urgent-due-60**: urgent-help numbers against
  ``urgent_help_max_age_days`` (``sources.rules.check_verified``): the package's
  national numbers and each county's (``verified``), and the catalogue's crisis and
  helpline services (``last_reviewed``: their number is what a reader dials in a
  crisis, so they are held to the urgent numbers' limit, not the general one).
- **service-field**: a listed service without something its page and the finder show
  staff: a phone or chat, opening hours of a channel, a place's accessibility, what a
  charged service costs, a description, where referrals go (a service that takes
  them), an age range (a care service).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from etulinja.articles.pages import Page
from etulinja.care_paths import CarePaths
from etulinja.care_paths.model import Step as PathStep
from etulinja.care_paths.paths import URGENT_KINDS, CarePathError, find_county
from etulinja.catalogue.model import SHOWN_STATUSES, Catalogue, Organisation, Service
from etulinja.config import PortalConfig
from etulinja.reference import codes, geography, i18n
from etulinja.self_care.programmes import Programme
from etulinja.self_care.questionnaires import Questionnaire
from etulinja.site import urls
from etulinja.site.content import Content
from etulinja.site.pagefile import PageSource
from etulinja.sources.problems import ContentError, Problems
from etulinja.sources.yamldoc import YamlSyntaxError, load_yaml

SCHEMA_VERSION = 1
"""Raised when the JSON's shape changes in a way a dashboard would notice."""
NATIONAL = "national"
"""The group of content no county owns."""
CATEGORIES = ("translation", "review-overdue", "review-due-30", "review-due-60",
              "urgent-overdue", "urgent-due-30", "urgent-due-60", "service-field")
"""The kinds of missing things, in the order they are shown."""
TYPES = ("services", "organisations", "urgent-help", "articles", "pages", "programmes",
         "steps", "questionnaires", "care-paths", "care-path-variations")
"""The content types, in the order they are shown."""
SERVICE_FIELDS = ("phone", "hours", "accessibility", "charge", "description", "referral",
                  "age")
"""What a listed service may lack that staff rely on (category ``service-field``)."""
DUE_SOON = 30
DUE_LATER = 60
"""The windows of "due soon": within 30 days, and in 31 to 60."""
EDITORS = urls.EDITORS
PAGE_ITEMS_LIMIT = 200
"""Items of one category shown per group on the editors' page; the command lists all
(a national catalogue could otherwise put tens of thousands on one page)."""
_PATH_TEXTS = ("title", "what", "who_decides", "length", "how_to_get", "decision",
               "outside_catalogue")
"""A care-path step's texts, each in every language or falling back."""


@dataclass(frozen=True)
class Item:
    """One missing thing, in one file."""

    category: str
    """One of ``CATEGORIES``."""
    type: str
    """One of ``TYPES``."""
    path: str
    """The file as editors see it, relative to the portal folder where it is inside."""
    line: int = 0
    """1-based line in the file, where known; 0 for the whole file."""
    key: str = ""
    """Where in the file: 'last_reviewed', 'helplines.0.verified',
    'channels.phones.0.hours'; "" for the whole file."""
    id: str = ""
    """The content's id: a service's or programme's, a page's address."""
    lang: str = ""
    """translation: the language missing."""
    fields: tuple[str, ...] = ()
    """translation: the texts missing in ``lang`` ('name', 'steps.self-care.what');
    empty when the whole file is."""
    add: str = ""
    """translation of a whole file: the file to add beside ``path``."""
    date: dt.date | None = None
    """reviews and urgent numbers: the date last reviewed or verified."""
    due: dt.date | None = None
    """reviews and urgent numbers: the last day that date is within the limit."""
    days: int = 0
    """overdue: days since ``date``; due: days left until ``due``."""
    label: str = ""
    """urgent numbers: what the number is (in Finnish), to tell lines of a file apart."""
    labels: tuple[tuple[str, str], ...] = ()
    """urgent numbers: ``label`` per language, for the editors' page."""
    field: str = ""
    """service-field: one of ``SERVICE_FIELDS``."""

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class Group:
    """What one county (or the national content) lacks."""

    id: str
    """The county's slug (its catalogue folder), or 'national'."""
    county: str | None
    """The county's code; None for the national content."""
    items: tuple[Item, ...]

    def counts(self) -> dict[str, int]:
        """Items per category, every category present."""
        return {category: sum(1 for item in self.items if item.category == category)
                for category in CATEGORIES}

    def counts_by_type(self) -> dict[str, dict[str, int]]:
        """Items per content type and category, for the types that have any."""
        found: dict[str, dict[str, int]] = {}
        for item in self.items:
            found.setdefault(item.type, dict.fromkeys(CATEGORIES, 0))[item.category] += 1
        return {kind: found[kind] for kind in TYPES if kind in found}

    def name(self, lang: str, languages: tuple[str, ...]) -> str:
        if self.county is None:
            return str(i18n.table(lang)["editors.national"])
        county = geography.counties()[self.county]
        return f"{i18n.in_language(county.name, lang, languages, self.id)[0]} ({self.county})"


@dataclass(frozen=True)
class StatusReport:
    """What the portal's content lacks on one date, by county."""

    today: dt.date
    languages: tuple[str, ...]
    required_languages: tuple[str, ...]
    review_max_age_days: int
    urgent_help_max_age_days: int
    groups: tuple[Group, ...]
    errors: int | None = None
    """``etulinja check``'s errors and warnings when the report was made with them;
    content with errors is reported where it could be loaded."""
    warnings: int | None = None

    def select(self, county: str) -> StatusReport:
        """Only one county's group (code, slug or name; 'national' for the national
        content), empty when it has nothing; LookupError for no such county."""
        if county.strip().casefold() == NATIONAL:
            wanted, code = NATIONAL, None
        else:
            found = find_county(county)
            if found is None:
                raise LookupError(f"no county '{county}'; use a code (09), a slug "
                                  f"(paijat-hame), a name or '{NATIONAL}'")
            wanted, code = found.slug, found.code
        group = next((g for g in self.groups if g.id == wanted), Group(wanted, code, ()))
        return replace(self, groups=(group,))

    def counts(self) -> dict[str, int]:
        return {category: sum(g.counts()[category] for g in self.groups)
                for category in CATEGORIES}

    def as_json(self) -> dict[str, Any]:
        """The report as ``schemas/status.schema.json`` describes it."""
        return {
            "schema_version": SCHEMA_VERSION,
            "date": self.today.isoformat(),
            "languages": list(self.languages),
            "required_languages": list(self.required_languages),
            "limits": {"review_max_age_days": self.review_max_age_days,
                       "urgent_help_max_age_days": self.urgent_help_max_age_days,
                       "due_soon_days": DUE_SOON, "due_later_days": DUE_LATER},
            "check": None if self.errors is None else {"errors": self.errors,
                                                      "warnings": self.warnings or 0},
            "counts": self.counts(),
            "groups": [{
                "id": group.id, "county": group.county,
                "name": {lang: group.name(lang, self.languages) for lang in self.languages},
                "counts": group.counts(), "counts_by_type": group.counts_by_type(),
                "items": [self._item_json(item) for item in group.items],
            } for group in self.groups],
        }

    def _item_json(self, item: Item) -> dict[str, Any]:
        return {
            "category": item.category, "type": item.type, "path": item.path,
            "line": item.line, "key": item.key, "id": item.id, "lang": item.lang or None,
            "fields": list(item.fields), "add": item.add or None,
            "date": item.date.isoformat() if item.date else None,
            "due": item.due.isoformat() if item.due else None,
            "days": item.days if item.date else None, "label": item.label or None,
            "field": item.field or None,
            "message": describe(item, self, "en", dt.date.isoformat),
        }

    def limit(self, item: Item) -> int:
        return (self.urgent_help_max_age_days if item.category.startswith("urgent")
                else self.review_max_age_days)


def describe(item: Item, report: StatusReport, lang: str,
             date: Callable[[dt.date], str]) -> str:
    """What is missing, in words of ``lang`` (the command's are English): the part
    after ``path:`` in every view."""
    t = i18n.table(lang)
    values: dict[str, Any] = {
        "key": item.key, "label": dict(item.labels).get(lang) or item.label, "days": item.days,
        "limit": report.limit(item), "file": item.add, "fields": ", ".join(item.fields),
        "language": t.get(f"language_names.{item.lang}", item.lang),
        "date": date(item.date) if item.date else "", "due": date(item.due) if item.due else "",
    }
    if item.category == "translation":
        name = "editors.item.missing_file" if item.add else "editors.item.missing_text"
    elif item.category == "service-field":
        name = f"editors.field.{item.field}"
    else:
        kind = "urgent" if item.category.startswith("urgent") else "review"
        state = "overdue" if item.category.endswith("overdue") else "due"
        name = f"editors.item.{kind}_{state}"
    text = str(t[name]).format(**values)
    return f"{item.key}: {text}" if item.category == "service-field" and item.key else text


# -- making the report -------------------------------------------------------------------

def status_report(content: Content, config: PortalConfig,
                  problems: Problems | None = None) -> StatusReport:
    """What the content lacks on ``content.today``; ``problems``: check's, counted."""
    shown = Problems(config.root)
    collect = _Collector(content.today, config, shown.display_path)
    services_dir = config.catalogue_dir / "services"
    owners: dict[str, set[str]] = {}
    for service in content.catalogue.services.values():
        group = _service_group(service, services_dir)
        owners.setdefault(service.organisation.id, set()).add(group)
        collect.service(group, service)
    for organisation in content.catalogue.organisations.values():
        users = owners.get(organisation.id, set())
        collect.organisation(next(iter(users)) if len(users) == 1 else NATIONAL,
                             organisation)
    collect.urgent_numbers(content.catalogue, config.catalogue_dir / "regions")
    for page in content.pages:
        collect.page(page)
    for programme in content.programmes:
        collect.programme(programme)
    for questionnaire in content.questionnaires.values():
        collect.questionnaire(questionnaire)
    if content.care_paths is not None:
        collect.care_paths(content.care_paths)
    order = {name: index for index, name in enumerate(CATEGORIES)}
    types = {name: index for index, name in enumerate(TYPES)}
    counties = {c.slug: c.code for c in geography.counties().values()}
    groups = []
    for group_id in sorted(collect.groups, key=lambda g: (g != NATIONAL, counties.get(g, g))):
        items = sorted(collect.groups[group_id], key=lambda i: (
            order[i.category], types[i.type], i.path, i.line, i.key, i.lang))
        groups.append(Group(group_id, counties.get(group_id), tuple(items)))
    return StatusReport(
        today=content.today, languages=config.languages,
        required_languages=config.required_languages,
        review_max_age_days=config.review_max_age_days,
        urgent_help_max_age_days=config.urgent_help_max_age_days, groups=tuple(groups),
        errors=len(problems.errors) if problems is not None else None,
        warnings=len(problems.warnings) if problems is not None else None)


def _service_group(service: Service, services_dir: Path) -> str:
    """The county whose folder the service is filed in; national for the rest."""
    try:
        parts = service.source.relative_to(services_dir).parts
    except ValueError:
        return NATIONAL
    county = geography.county_by_slug(parts[0]) if len(parts) > 1 else None
    return county.slug if county is not None else NATIONAL


def _lacks(values: Mapping[str, object] | None, lang: str) -> bool:
    return not values or not values.get(lang)


@dataclass
class _Collector:
    """Items found so far, by group."""

    today: dt.date
    config: PortalConfig
    shown: Callable[[Path | str], str]
    groups: dict[str, list[Item]] = field(default_factory=dict)

    def add(self, group: str, item: Item) -> None:
        self.groups.setdefault(group, []).append(item)

    @property
    def languages(self) -> tuple[str, ...]:
        return self.config.languages

    def texts(self, group: str, kind: str, path: Path | str, content_id: str,
              texts: Iterable[tuple[str, Mapping[str, object] | None]]) -> None:
        """A translation item per language some of ``texts`` lack (a text that is not
        there in any language is no translation's business)."""
        present = [(name, values) for name, values in texts if values]
        for lang in self.languages:
            missing = tuple(name for name, values in present if _lacks(values, lang))
            if missing:
                self.add(group, Item("translation", kind, self.shown(path), id=content_id,
                                     lang=lang, fields=missing))

    def files(self, group: str, kind: str, content_id: str,
              versions: Mapping[str, Any], source: Callable[[Any], Path]) -> None:
        """A translation item per language a page or step has no file in."""
        first = next((versions[lang] for lang in self.languages if lang in versions), None)
        if first is None:
            return
        path = source(first)
        for lang in self.languages:
            if lang not in versions:
                stem = path.name.split(".")[0]
                self.add(group, Item("translation", kind, self.shown(path), id=content_id,
                                     lang=lang, add=f"{stem}.{lang}.md"))

    def review(self, group: str, kind: str, path: Path | str, content_id: str,
               reviewed: dt.date | None, *, key: str = "last_reviewed", line: int = 0,
               urgent: bool = False, labels: Mapping[str, str] | None = None) -> None:
        """Overdue, or due soon, against the review age (or the urgent numbers')."""
        if reviewed is None:
            return
        limit = (self.config.urgent_help_max_age_days if urgent
                 else self.config.review_max_age_days)
        due = reviewed + dt.timedelta(days=limit)
        left = (due - self.today).days
        if reviewed > self.today:
            return  # an error in check, not something missing
        prefix = "urgent" if urgent else "review"
        if left < 0:
            category, days = f"{prefix}-overdue", (self.today - reviewed).days
        elif left <= DUE_SOON:
            category, days = f"{prefix}-due-{DUE_SOON}", left
        elif left <= DUE_LATER:
            category, days = f"{prefix}-due-{DUE_LATER}", left
        else:
            return
        self.add(group, Item(category, kind, self.shown(path), line=line, key=key,
                             id=content_id, date=reviewed, due=due, days=days,
                             label=(labels or {}).get("fi", ""),
                             labels=tuple(sorted((labels or {}).items()))))

    # -- per content type ------------------------------------------------------------

    def service(self, group: str, service: Service) -> None:
        urgent = service.kind in URGENT_KINDS
        self.review(group, "services", service.source, service.id, service.last_reviewed,
                    urgent=urgent, labels=service.name if urgent else None)
        if service.status not in SHOWN_STATUSES:
            return  # hidden from readers: only its review matters
        self.texts(group, "services", service.source, service.id, [
            ("name", service.name), ("summary", service.summary),
            ("description", service.description)])
        for code, key in _service_gaps(service):
            self.add(group, Item("service-field", "services", self.shown(service.source),
                                 key=key, id=service.id, field=code))

    def organisation(self, group: str, organisation: Organisation) -> None:
        self.texts(group, "organisations", organisation.source, organisation.id, [
            ("name", organisation.name), ("description", organisation.description)])

    def urgent_numbers(self, catalogue: Catalogue, regions: Path) -> None:
        """The package's national numbers and each county's own."""
        national = codes.urgent_help_file()
        for line in codes.helplines():
            self.review(NATIONAL, "urgent-help", national, line.id, line.verified,
                        key="verified", line=line.line, urgent=True, labels=line.label)
        for county, (path, lines) in _region_files(regions).items():
            if county not in catalogue.helplines:
                continue  # the file has errors: check reports them
            group = geography.counties()[county].slug
            for index, (entry, verified_line) in enumerate(lines):
                written = entry.get("label")
                label: dict[str, str] = ({k: str(v) for k, v in written.items()}
                                         if isinstance(written, dict) else {})
                self.texts(group, "urgent-help", path, county, [
                    (f"helplines.{index}.label", label),
                    (f"helplines.{index}.hours", entry.get("hours") or None)])
                verified = entry.get("verified")
                if isinstance(verified, str):
                    try:
                        verified = dt.date.fromisoformat(verified)
                    except ValueError:
                        continue
                if isinstance(verified, dt.date):
                    self.review(group, "urgent-help", path, county, verified,
                                key=f"helplines.{index}.verified", line=verified_line,
                                urgent=True, labels=label)

    def page(self, page: Page) -> None:
        kind = "articles" if page.is_article else "pages"
        self.files(NATIONAL, kind, page.page_id, page.versions, lambda v: v.source)
        for version in page.versions.values():
            self.review(NATIONAL, kind, version.source, page.page_id, version.last_reviewed)

    def programme(self, programme: Programme) -> None:
        source = programme.source
        guide_texts: list[tuple[str, Mapping[str, object] | None]] = []
        if programme.guide is not None:  # one field: the guide is translated as a whole
            parts: list[Mapping[str, object]] = [programme.guide.step_up]
            for contact in programme.guide.contacts:
                parts += [contact.focus, contact.ask]
            guide_texts.append(("guide", {lang: all(not _lacks(part, lang) for part in parts)
                                          for lang in self.languages}))
        self.texts(NATIONAL, "programmes", source, programme.id, [
            ("title", programme.title), ("summary", programme.summary),
            ("for_whom", programme.for_whom), ("written_by", programme.written_by),
            ("reviewed_by", programme.reviewed_by), *guide_texts])
        self.review(NATIONAL, "programmes", source, programme.id, programme.last_reviewed)
        for step in programme.steps:
            self.files(NATIONAL, "steps", f"{programme.id}/{step.id}", step.versions,
                       lambda v: v.source)

    def questionnaire(self, questionnaire: Questionnaire) -> None:
        source = questionnaire.source
        for lang in self.languages:
            if lang not in questionnaire.translations:
                self.add(NATIONAL, Item("translation", "questionnaires", self.shown(source),
                                        id=questionnaire.id, lang=lang,
                                        fields=("translations",)))
        self.review(NATIONAL, "questionnaires", source, questionnaire.id,
                    questionnaire.last_reviewed)
        for lang, translation in questionnaire.translations.items():
            if translation.status == "own" and translation.acknowledged_on is not None:
                self.review(NATIONAL, "questionnaires", source, questionnaire.id,
                            translation.acknowledged_on,
                            key=f"translations.{lang}.acknowledged.date")

    def care_paths(self, paths: CarePaths) -> None:
        for path_id in paths.ids():
            path = paths.path(path_id)
            national = paths.national_source(path_id)
            self.texts(NATIONAL, "care-paths", national, path_id, [
                ("title", path.title), ("summary", path.summary),
                *_step_texts(path.steps)])
            self.review(NATIONAL, "care-paths", national, path_id, path.last_reviewed)
            steps = {step.id: step for step in path.steps}
            for county in paths.counties(path_id):
                self._variation(paths, path_id, county, steps)

    def _variation(self, paths: CarePaths, path_id: str, county: str,
                   national: dict[str, PathStep]) -> None:
        """A county's variation: its review, and the texts it wrote that lack a
        language (texts it left to the national path are reported there)."""
        try:
            merged = paths.merged(path_id, county, None, self.today)
            exceptions = paths.municipality_exceptions(path_id, county, self.today)
        except CarePathError:
            return  # a merge with errors: check reports it
        variation = merged.variation
        if variation is None:
            return  # no variation of its own in effect (an exception followed here)
        group = geography.counties()[county].slug
        own = list(_variation_texts(merged.steps, national, self.languages))
        own.append(("note", variation.note))
        own += [(f"municipalities.{index}.explain", exception.explain)
                for index, exception in enumerate(exceptions)
                if exception.source.split(":")[0] == variation.source]
        self.texts(group, "care-path-variations", variation.source, path_id, own)
        self.review(group, "care-path-variations", variation.source, path_id,
                    variation.last_reviewed)


def _step_texts(steps: Iterable[PathStep]) -> Iterator[tuple[str, Mapping[str, object]]]:
    for step in steps:
        for name in _PATH_TEXTS:
            yield f"steps.{step.id}.{name}", getattr(step, name)


def _variation_texts(steps: Iterable[PathStep], national: dict[str, PathStep],
                     languages: tuple[str, ...]
                     ) -> Iterator[tuple[str, Mapping[str, object]]]:
    """A county's merged step texts, a language counted as there when the national text
    lacks it too: that language is the national path's to add, and reported there. What
    is left missing is what the variation wrote (a step it added, a text it replaced or
    added) without it."""
    for name, values in _step_texts(steps):
        _, step_id, text = name.split(".", 2)
        step = national.get(step_id)
        written: Mapping[str, object] = getattr(step, text) if step is not None else {}
        adjusted = dict(values)
        if written:
            for lang in languages:
                if _lacks(values, lang) and _lacks(written, lang):
                    adjusted[lang] = "the national path's"
        yield name, adjusted


def _service_gaps(service: Service) -> Iterator[tuple[str, str]]:
    """(field code, key) for each thing staff rely on that the service lacks."""
    if not (service.phones or service.chat or service.e_service or service.care_level == 0):
        yield "phone", "channels.phones"  # self-care on the web needs no number
    for index, phone in enumerate(service.phones):
        if phone.hours is None:
            yield "hours", f"channels.phones.{index}.hours"
    for index, location in enumerate(service.locations):
        if location.hours is None:
            yield "hours", f"channels.locations.{index}.hours"
        if not location.accessibility:
            yield "accessibility", f"channels.locations.{index}.accessibility"
    if service.chat is not None and service.chat.hours is None:
        yield "hours", "channels.chat.hours"
    if not service.charge.free and not service.charge.details:
        yield "charge", "charge.details"
    if not service.description:
        yield "description", "description"
    if "referral" in service.access and (
            service.professionals is None or not service.professionals.where_to_send):
        yield "referral", "professionals.where_to_send"
    if service.kind == "care" and service.age.min is None and service.age.max is None:
        yield "age", "age"


def _region_files(folder: Path) -> dict[str, tuple[Path, list[tuple[dict[str, Any], int]]]]:
    """Each county's region file, its numbers and the line of each one's ``verified``.

    The catalogue keeps a county's numbers without their file and lines (pages need
    neither); an editor needs both, so the small files are read again here."""
    found: dict[str, tuple[Path, list[tuple[dict[str, Any], int]]]] = {}
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        try:
            doc = load_yaml(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, YamlSyntaxError):
            continue
        data = doc.data
        if not isinstance(data, dict) or not isinstance(data.get("county"), str):
            continue
        entries = data.get("helplines")
        lines = [(entry, doc.line_of(["helplines", index, "verified"]))
                 for index, entry in enumerate(entries if isinstance(entries, list) else [])
                 if isinstance(entry, dict)]
        found.setdefault(data["county"], (path, lines))
    return found


# -- the command's text --------------------------------------------------------------------

def as_text(report: StatusReport) -> str:
    """The report for a terminal: per group its counts by content type first, then each
    item as ``path: what`` (``path:line`` where the line is known), to open."""
    out = [f"Content status on {report.today.isoformat()} (reviews: "
           f"{report.review_max_age_days} days, urgent numbers: "
           f"{report.urgent_help_max_age_days} days; due soon: within {DUE_SOON} and "
           f"{DUE_LATER} days)"]
    if report.errors:
        out.append(f"check found {report.errors} error(s): content with errors is left out "
                   "here; run 'etulinja check'")
    totals = report.counts()
    out.append("Total: " + (_counts(totals) or "nothing missing"))
    t = i18n.table("en")
    for group in report.groups:
        out += ["", f"{group.name('en', ('en', *report.languages))}: "
                + (_counts(group.counts()) or "nothing missing")]
        for kind, counts in group.counts_by_type().items():
            out.append(f"  {kind}: {_counts(counts)}")
        for category in CATEGORIES:
            items = [item for item in group.items if item.category == category]
            if not items:
                continue
            out.append(f"  {t[f'editors.category.{category}']} ({len(items)}):")
            out += [f"    {item.where}: {describe(item, report, 'en', dt.date.isoformat)}"
                    for item in items]
    return "\n".join(out) + "\n"


def _counts(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{category} {count}" for category, count in counts.items() if count)


# -- the editors' page -----------------------------------------------------------------------

def editors_page(report: StatusReport, lang: str) -> PageSource:
    """The editors' page in ``lang``: the report, worded from the translation tables."""
    t = i18n.table(lang)
    languages = report.languages

    def date(value: dt.date) -> str:
        return i18n.format_date(value, lang)

    groups = []
    for group in report.groups:
        categories = []
        for category in CATEGORIES:
            items = [item for item in group.items if item.category == category]
            if not items:
                continue
            shown = items[:PAGE_ITEMS_LIMIT]
            categories.append({
                "id": category, "title": str(t[f"editors.category.{category}"]),
                "count": len(items),
                "entries": [{"where": item.where, "what": describe(item, report, lang, date)}
                          for item in shown],
                "more": str(t["editors.more"]).format(count=len(items) - len(shown))
                if len(items) > len(shown) else "",
            })
        types = [{
            "title": str(t[f"editors.type.{kind}"]),
            "counts": "; ".join(f"{t[f'editors.category.{category}']}: {count}"
                                for category, count in counts.items() if count),
        } for kind, counts in group.counts_by_type().items()]
        groups.append({"id": group.id, "name": group.name(lang, languages),
                       "total": len(group.items), "types": types, "categories": categories})
    intro = str(t["editors.intro"]).format(
        date=date(report.today), review=report.review_max_age_days,
        urgent=report.urgent_help_max_age_days)
    return PageSource(
        title=str(t["editors.title"]), description=str(t["editors.summary"]),
        data={"kind": "editors-status", "content_lang": lang, "fallback": False,
              "reviewed": None, "intro": intro, "groups": groups},
        template="editors.html", hide=("toc", "navigation"))


def render_editors_pages(content: Content, config: PortalConfig) -> dict[str, PageSource]:
    """The editors' page of every language (``editors_page: true``): assembled path ->
    page. An editor's own page at its address would be replaced without a word, so it is
    refused (ContentError) and nothing is written."""
    problems = Problems(config.root)
    for source in page_conflicts(content.pages):
        problems.error(source, 0, f"'{EDITORS}' is the editors' page's address while "
                       "editors_page is on in etulinja.yml; rename the page")
    if problems.errors:
        raise ContentError(problems)
    report = status_report(content, config)
    return {urls.source_file(EDITORS, lang): editors_page(report, lang)
            for lang in config.languages}


def page_conflicts(pages: Iterable[Page]) -> list[Path]:
    """Files of editors' pages at the editors' page's address, or under it."""
    reserved = EDITORS.rstrip("/")
    return [version.source for page in pages
            if page.page_id == reserved or page.page_id.startswith(EDITORS)
            for version in page.versions.values()]
