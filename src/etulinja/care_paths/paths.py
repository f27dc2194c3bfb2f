"""All care paths of a portal, merged on demand for a county, a municipality and a date.

The site layer asks here, and only here, what a path looks like in a place: the merge,
the services at each step, the urgent-help exit, municipality exceptions, the compare
view and the links from service and municipality pages. Every answer is for a date the
caller gives (the build date), never for the clock's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from etulinja.care_paths.load import (
    PathSource,
    Report,
    VariationSource,
    county_name,
    municipality_name,
    read_path,
    typed_steps,
    validate_merged,
)
from etulinja.care_paths.merge import Anchor, Merging
from etulinja.care_paths.model import (
    CarePath,
    CountyStep,
    MergedPath,
    MunicipalityException,
    PathLink,
    Review,
    ServiceRule,
    Step,
    StepComparison,
    StepDifference,
)
from etulinja.catalogue.model import Catalogue, Service
from etulinja.reference import geography
from etulinja.reference.i18n import Text
from etulinja.sources.problems import Problems
from etulinja.sources.rules import Limits

URGENT_KINDS = ("crisis", "helpline")
"""The catalogue's kinds of urgent and low-threshold help: every step's exit."""


class CarePathError(LookupError):
    """A path, county or municipality that does not exist, or a path that cannot be
    merged there: said in words, for a command's message or a page's build error."""


@cache
def county_municipalities(county_code: str) -> frozenset[str]:
    """Codes of the municipalities a county organises services for today."""
    return frozenset(code for code, m in geography.municipalities().items()
                     if m.county_code == county_code)


def find_county(text: str) -> geography.County | None:
    """A county by code ('09'), address part ('paijat-hame') or name in any language."""
    wanted = text.strip().casefold()
    for county in geography.counties().values():
        names = {county.code, county.slug, *(n.casefold() for n in county.name.values())}
        if wanted in names:
            return county
    return None


def find_municipality(text: str) -> geography.Municipality | None:
    """A municipality by code ('560') or name in Finnish or Swedish."""
    wanted = text.strip().casefold()
    for municipality in geography.municipalities().values():
        if wanted in {municipality.code, *(n.casefold() for n in municipality.name.values())}:
            return municipality
    return None


@dataclasses.dataclass(frozen=True)
class _Exception:
    """A municipality exception that applies in a county: from that county's own
    variation, or followed from the variation of the county its municipality left."""

    variation: VariationSource
    index: int
    codes: tuple[str, ...]
    """Its municipalities that belong to the county today."""


class CarePaths:
    """The portal's care paths, checked, with the catalogue their steps resolve against."""

    def __init__(self, catalogue: Catalogue, sources: dict[str, PathSource] | None = None
                 ) -> None:
        self.catalogue = catalogue
        self._sources = sources or {}
        self._merged: dict[tuple[str, str, str | None, dt.date], MergedPath] = {}
        self._listed: dict[dt.date, list[Service]] = {}
        # Steps of many paths, counties and municipalities share a few rules: each rule
        # is matched against the whole catalogue once per date (10 paths x 22 counties at
        # 10,000 services otherwise matched every service again per municipality).
        self._matching: dict[tuple[ServiceRule | tuple[str, ...], dt.date], list[Service]] = {}
        self._by_place: dict[tuple[ServiceRule | tuple[str, ...], dt.date],
                             dict[str, list[Service]]] = {}

    # -- what there is ------------------------------------------------------------------

    def ids(self) -> list[str]:
        """Ids of the paths that loaded without errors, sorted."""
        return sorted(self._sources)

    def path(self, path_id: str) -> CarePath:
        """The national path; CarePathError for an unknown id."""
        return self._source(path_id).path

    def national_source(self, path_id: str) -> str:
        """The national path's file as editors see it (relative to the portal)."""
        return self._source(path_id).anchor.source

    def counties(self, path_id: str) -> list[str]:
        """Codes of the counties that have a page for the path: those with a variation
        file, and those a followed municipality exception brings the path to."""
        source = self._source(path_id)
        found = set(source.variations)
        for variation in source.variations.values():
            for exception in variation.exceptions:
                found |= {geography.municipalities()[c].county_code for c in exception.codes}
        return sorted(found)

    # -- merging --------------------------------------------------------------------------

    def merged(self, path_id: str, county_code: str, municipality_code: str | None,
               today: dt.date) -> MergedPath:
        """The path as it applies in ``county_code`` on ``today``: the national path, the
        county's variation if in effect, and with ``municipality_code`` that
        municipality's exceptions. CarePathError for an unknown path, county or
        municipality, a municipality of another county, or a merge with errors."""
        key = (path_id, county_code, municipality_code, today)
        if key in self._merged:
            return self._merged[key]
        source = self._source(path_id)
        if county_code not in geography.counties():
            raise CarePathError(f"no county '{county_code}'; counties: "
                                + ", ".join(sorted(geography.counties())))
        exceptions: list[_Exception] = []
        if municipality_code is not None:
            place = geography.municipalities().get(municipality_code)
            if place is None:
                raise CarePathError(f"no municipality '{municipality_code}'")
            if place.county_code != county_code:
                raise CarePathError(
                    f"{municipality_name(municipality_code)} belongs to "
                    f"{county_name(place.county_code)}, not {county_name(county_code)}")
            exceptions = [e for e in self._exceptions(source, county_code, today)
                          if municipality_code in e.codes]
            if not exceptions:  # the county's path, said for the municipality
                county = self.merged(path_id, county_code, None, today)
                result = dataclasses.replace(county, municipality_code=municipality_code)
                self._merged[key] = result
                return result
        merging, reports, review = self._merge(source, county_code, exceptions, today)
        if reports:
            raise CarePathError("\n".join(f"{f}:{line}: {m}" for f, line, m in reports))
        data = merging.data
        topics = tuple(data["topics"])
        result = MergedPath(
            path=source.path, county_code=county_code, municipality_code=municipality_code,
            date=today, title=Text(data["title"]), summary=Text(data["summary"]),
            audience=tuple(data["audience"]), topics=topics,
            steps=typed_steps(merging, topics), changes=tuple(merging.changes),
            variation=review,
            exceptions=tuple(e.variation.exceptions[e.index].explain for e in exceptions))
        self._merged[key] = result
        return result

    def _source(self, path_id: str) -> PathSource:
        try:
            return self._sources[path_id]
        except KeyError:
            known = ", ".join(self.ids()) or "none"
            raise CarePathError(f"no care path '{path_id}'; paths: {known}") from None

    def _exceptions(self, source: PathSource, county_code: str,
                    today: dt.date) -> list[_Exception]:
        """The exceptions in effect in the county: its own variation's first, then those
        that follow a municipality from another county's variation."""
        order = sorted(source.variations, key=lambda c: (c != county_code, c))
        found = []
        members = county_municipalities(county_code)
        for code in order:
            variation = source.variations[code]
            if not variation.in_effect(today):
                continue
            for exception in variation.exceptions:
                here = tuple(c for c in exception.codes if c in members)
                if here and exception.in_effect(today):
                    found.append(_Exception(variation, exception.index, here))
        return found

    def _merge(self, source: PathSource, county_code: str, exceptions: list[_Exception],
               today: dt.date) -> tuple[Merging, list[Report], Review | None]:
        merging = Merging.start(source.data, source.anchor)
        variation = source.variations.get(county_code)
        review = None
        context = f" as {county_name(county_code)} has it"
        if variation is not None and variation.in_effect(today):
            review = variation.review
            doc = variation.doc_anchor.doc
            if variation.patch:
                merging.patch_fields(variation.patch, Anchor(variation.source, doc, ("patch",)))
            for index, operation in enumerate(variation.operations):
                merging.apply(operation, Anchor(variation.source, doc, ("steps", index)),
                              context=context)
        for exception in exceptions:
            written = exception.variation.exceptions[exception.index]
            followed = exception.variation.county_code != county_code
            for index, operation in enumerate(written.operations):
                anchor = Anchor(written.anchor.source, written.anchor.doc,
                                (*written.anchor.prefix, "steps", index))
                merging.apply(operation, anchor, exception.codes, context + (
                    f" (the exception follows {', '.join(map(municipality_name, exception.codes))}"
                    f", which now belong to {county_name(county_code)})" if followed else ""))
        return merging, validate_merged(merging, self.catalogue), review

    # -- services -------------------------------------------------------------------------

    def _candidates(self, step: Step, today: dt.date) -> list[Service]:
        """The listed services that deliver ``step`` anywhere (place aside)."""
        key = (step.rule if step.rule is not None else step.service_ids, today)
        found = self._matching.get(key)
        if found is not None:
            return found
        if today not in self._listed:
            self._listed[today] = self.catalogue.listed(today)
        if step.rule is not None:
            found = [s for s in self._listed[today] if step.rule.matches(s)]
        else:
            services = self.catalogue.services
            found = [services[i] for i in step.service_ids
                     if i in services and services[i].is_listed(today)]
        self._matching[key] = found
        return found

    def step_services(self, step: Step, municipality_code: str | None, county_code: str,
                      today: dt.date) -> list[Service]:
        """The services delivering ``step``: with a municipality, those available to its
        residents; without, those available in at least one municipality of the county
        (``step_services_by_municipality`` says where each differs). Explicitly named
        services count only where they are available too. Empty for a step given
        outside the catalogue."""
        candidates = self._candidates(step, today)
        if municipality_code is not None:
            return self._placed(step, today).get(municipality_code, [])
        members = county_municipalities(county_code)
        return [s for s in candidates if s.municipalities & members]

    def _placed(self, step: Step, today: dt.date) -> dict[str, list[Service]]:
        """``_candidates`` by municipality, in the same order: each municipality of each
        county asks for its services, so the catalogue is sorted by place once per rule."""
        key = (step.rule if step.rule is not None else step.service_ids, today)
        found = self._by_place.get(key)
        if found is None:
            found = {}
            for service in self._candidates(step, today):
                for code in service.municipalities:
                    found.setdefault(code, []).append(service)
            self._by_place[key] = found
        return found

    def step_services_by_municipality(self, step: Step, county_code: str,
                                      today: dt.date) -> dict[str, list[Service]]:
        """For each municipality of the county whose services for ``step`` differ from
        those available county-wide (in every municipality), its own list: what a county
        page shows as "in Orimattila: …"."""
        candidates = self.step_services(step, None, county_code, today)
        members = county_municipalities(county_code)
        everywhere = [s for s in candidates if members <= s.municipalities]
        found = {}
        for code in sorted(members):
            own = [s for s in candidates if code in s.municipalities]
            if own != everywhere:
                found[code] = own
        return found

    def urgent_help(self, county_code: str, municipality_code: str | None,
                    today: dt.date) -> list[Service]:
        """Every step's exit: the catalogue's crisis services, then helplines, available
        in the municipality, or without one, throughout the county."""
        if today not in self._listed:
            self._listed[today] = self.catalogue.listed(today)
        place = ({municipality_code} if municipality_code is not None
                 else county_municipalities(county_code))
        found = [s for s in self._listed[today]
                 if s.kind in URGENT_KINDS and place <= s.municipalities]
        return sorted(found, key=lambda s: (URGENT_KINDS.index(s.kind), s.id))

    # -- views ----------------------------------------------------------------------------

    def municipality_exceptions(self, path_id: str, county_code: str,
                                today: dt.date) -> list[MunicipalityException]:
        """Which municipalities of the county see other steps than the county, why, and
        how their steps differ (their first municipality's path compared with the
        county's)."""
        source = self._source(path_id)
        county = self.merged(path_id, county_code, None, today)
        found = []
        for exception in self._exceptions(source, county_code, today):
            written = exception.variation.exceptions[exception.index]
            local = self.merged(path_id, county_code, exception.codes[0], today)
            found.append(MunicipalityException(
                municipality_codes=exception.codes, explain=written.explain,
                source=written.anchor.at(), differences=_differences(county, local),
                changes=local.changes[len(county.changes):]))
        return found

    def compare(self, path_id: str, county_codes: Iterable[str],
                today: dt.date) -> list[StepComparison]:
        """One row per step (national order, then steps counties added), one cell per
        county: 'same', 'changed', 'absent' or 'added', with the changes that made it so."""
        national = self.path(path_id)
        merged = [self.merged(path_id, code, None, today) for code in county_codes]
        order = [step.id for step in national.steps]
        for path in merged:
            order += [s.id for s in path.steps if s.id not in order]
        rows = []
        for step_id in order:
            base = next((s for s in national.steps if s.id == step_id), None)
            cells = []
            for path in merged:
                step = path.step(step_id)
                changes = tuple(c for c in path.changes if c.step_id == step_id)
                if step is None:
                    status = "absent"
                elif base is None:
                    status = "added"
                else:
                    status = "same" if _same(step, base) else "changed"
                cells.append(CountyStep(path.county_code, status, step, changes))
            rows.append(StepComparison(step_id, base, tuple(cells)))
        return rows

    def paths_of_service(self, service_id: str, today: dt.date) -> list[PathLink]:
        """Every step of every path, in each county with a page for it, that ``service_id``
        delivers (in the county or in a municipality exception there)."""
        found: list[PathLink] = []
        for path_id in self.ids():
            for county in self.counties(path_id):
                seen: set[str] = set()
                for path in self._variants(path_id, county, today):
                    for index, step in enumerate(path.steps):
                        if step.id in seen:
                            continue
                        if any(s.id == service_id
                               for s in self.step_services(step, None, county, today)):
                            seen.add(step.id)
                            found.append(PathLink(path.path, county, index, step))
        return found

    def paths_in_municipality(self, municipality_code: str, today: dt.date) -> list[PathLink]:
        """Every step of every path that has a page in the municipality's county, as its
        residents see it (their exceptions applied)."""
        place = geography.municipalities().get(municipality_code)
        if place is None:
            return []
        found = []
        for path_id in self.ids():
            if place.county_code not in self.counties(path_id):
                continue
            try:
                path = self.merged(path_id, place.county_code, municipality_code, today)
            except CarePathError:  # reported by the check; nothing to link to
                continue
            found += [PathLink(path.path, place.county_code, i, s)
                      for i, s in enumerate(path.steps)]
        return found

    def _variants(self, path_id: str, county_code: str, today: dt.date) -> list[MergedPath]:
        """The county's path and each of its municipality exceptions' paths."""
        try:
            county = self.merged(path_id, county_code, None, today)
        except CarePathError:
            return []
        found = [county]
        for exception in self._exceptions(self._sources[path_id], county_code, today):
            try:
                found.append(self.merged(path_id, county_code, exception.codes[0], today))
            except CarePathError:
                continue
        return found

    def explain(self, path_id: str, county: str, municipality: str | None,
                today: dt.date) -> str:
        """The merged path as text for ``etulinja explain-path`` (``explain.explain``);
        CarePathError, a LookupError, with the message for an unknown path or place."""
        from etulinja.care_paths.explain import explain

        return explain(self, path_id, county, municipality, today)

    # -- checking -------------------------------------------------------------------------

    def check(self, problems: Problems, today: dt.date) -> None:
        """Merge every path for every county and municipality exception it has, at
        ``today`` (and at the first day of variations and exceptions still to come), and
        report what is wrong at its line; then warn of steps that resolve to no service
        in some municipality, naming them."""
        reported: set[Report] = set()

        def report(found: Iterable[Report]) -> None:
            for item in found:
                if item not in reported:
                    reported.add(item)
                    problems.error(*item)

        for path_id in self.ids():
            source = self._sources[path_id]
            self._warn_moved(source, problems)
            for county in self.counties(path_id):
                dates = {today} | {d for v in source.variations.values()
                                   for d in (v.valid_from, *(e.valid_from for e in v.exceptions))
                                   if d is not None and d > today}
                for date in sorted(dates):
                    report(self._merge(source, county, [], date)[1])
                    for exception in self._exceptions(source, county, date):
                        report(self._merge(source, county, [exception], date)[1])
                self._warn_unserved(path_id, county, problems, today)

    @staticmethod
    def _warn_moved(source: PathSource, problems: Problems) -> None:
        """An exception written for a municipality that belongs to another county now
        (Pukkila and Myrskylä left Päijät-Häme for Itä-Uusimaa in 2023) follows its
        residents there; its editors are told, so that the county now responsible sees
        it in its own file."""
        every = geography.municipalities()
        for variation in source.variations.values():
            for exception in variation.exceptions:
                written = exception.anchor.doc.data["municipalities"][exception.index]
                for code in exception.codes:
                    now = every[code].county_code
                    if now == variation.county_code:
                        continue
                    position = written["municipalities"].index(code)
                    slug = geography.counties()[now].slug
                    problems.warning(
                        variation.source, exception.anchor.line("municipalities", position),
                        f"municipalities.{exception.index}.municipalities.{position}: "
                        f"{municipality_name(code)} belongs to {county_name(now)}, not "
                        f"{county_name(variation.county_code)}; the exception follows its "
                        f"residents to {county_name(now)}'s path: move it to {slug}.yml so "
                        "that county's editors see it, or end it with valid_to")

    def _warn_unserved(self, path_id: str, county: str, problems: Problems,
                       today: dt.date) -> None:
        missing: dict[tuple[str, str, int], list[str]] = {}
        for code in sorted(county_municipalities(county)):
            try:
                path = self.merged(path_id, county, code, today)
            except CarePathError:  # its errors are reported
                return
            for step in path.steps:
                if step.outside_catalogue:
                    continue
                if not self.step_services(step, code, county, today):
                    missing.setdefault((step.id, step.source, step.line), []).append(code)
        for (step_id, source, line), codes in missing.items():
            names = ", ".join(municipality_name(c) for c in codes)
            problems.warning(source, line,
                             f"step '{step_id}' of '{path_id}' resolves to no service in "
                             f"{county_name(county)}: {names}; widen the rule, name the "
                             "services, or vary the step for these municipalities")


def _same(step: Step, other: Step) -> bool:
    """Equal in everything a reader sees (where it was written aside)."""
    return dataclasses.replace(step, source="", line=0) == dataclasses.replace(
        other, source="", line=0)


def _differences(county: MergedPath, local: MergedPath) -> tuple[StepDifference, ...]:
    found = []
    for step in local.steps:
        theirs = county.step(step.id)
        if theirs is None:
            found.append(StepDifference(step.id, "added", step))
        elif not _same(step, theirs):
            found.append(StepDifference(step.id, "changed", step))
    found += [StepDifference(s.id, "removed", None) for s in county.steps
              if local.step(s.id) is None]
    return tuple(found)


def load_care_paths(folder: Path, catalogue: Catalogue, problems: Problems,
                    today: dt.date, limits: Limits | None = None) -> CarePaths:
    """Read every path folder of ``folder`` (``<catalogue>/care_paths``) and check it
    against ``catalogue`` on ``today``; every problem goes to ``problems``. A path whose
    national file has errors is left out; a variation with errors is left out (its
    county sees the national path). ``limits``: the portal's review age and languages
    (the defaults otherwise)."""
    limits = limits or Limits(today=today, languages=("fi", "sv", "en"),
                              required_languages=("fi", "sv"))
    sources: dict[str, PathSource] = {}
    if folder.is_dir():
        for entry in sorted(folder.iterdir()):
            if entry.name.startswith("."):
                continue
            if not entry.is_dir():
                problems.error(entry, 0, "care paths are folders: put the path in "
                               "care_paths/<path-id>/path.yml, and its county variations "
                               "beside it (<county>.yml)")
                continue
            if not _valid_id(entry.name):
                problems.error(entry, 0, f"the folder name '{entry.name}' is the path's "
                               "address: use lowercase letters a-z, digits and hyphens")
                continue
            if not (entry / "path.yml").is_file():
                problems.error(entry, 0, "the care path has no path.yml: write the national "
                               "path there")
                continue
            source = read_path(entry, catalogue, problems, limits)
            if source is not None:
                sources[entry.name] = source
    paths = CarePaths(catalogue, sources)
    paths.check(problems, today)
    return paths


def _valid_id(name: str) -> bool:
    return name[:1].isalpha() and name.islower() and all(
        ch.isalnum() or ch == "-" for ch in name) and name.isascii()
