"""``etulinja explain-path``: a merged path in plain text, for staff and editors.

It answers the questions a variation raises: what does the path look like here, which
file and line made each difference, and which services does each step lead to.
"""

from __future__ import annotations

import datetime as dt

from etulinja.care_paths.load import county_name, municipality_name
from etulinja.care_paths.model import Step
from etulinja.care_paths.paths import (
    CarePathError,
    CarePaths,
    county_municipalities,
    find_county,
    find_municipality,
)
from etulinja.reference.i18n import Text

LANGUAGES = ("fi", "sv", "en")


def _in(text: Text, lang: str) -> str:
    return text.in_language(lang, LANGUAGES)[0]


def explain(paths: CarePaths, path_id: str, county: str, municipality: str | None,
            today: dt.date, lang: str = "fi") -> str:
    """The merged path as text; CarePathError (with a message for the user) for an
    unknown path, county or municipality, or a path that cannot be merged there.

    ``county`` and ``municipality`` may be codes or names."""
    found = find_county(county)
    if found is None:
        raise CarePathError(f"no county '{county}'; give a code (09) or a name "
                            "(Päijät-Häme, paijat-hame)")
    municipality_code = None
    if municipality is not None:
        place = find_municipality(municipality)
        if place is None:
            raise CarePathError(f"no municipality '{municipality}'; give a code (560) or a "
                                "name (Orimattila)")
        municipality_code = place.code
    merged = paths.merged(path_id, found.code, municipality_code, today)
    national = merged.path
    out = [f"{_in(merged.title, lang)} ({merged.id})",
           f"  in {county_name(found.code)}"
           + (f", {municipality_name(municipality_code)}" if municipality_code else "")
           + f" on {today.isoformat()}",
           f"  national path: {paths.national_source(path_id)} (reviewed "
           f"{national.last_reviewed.isoformat()} by {national.reviewed_by})"]
    if merged.variation is not None:
        review = merged.variation
        out.append(f"  variation: {review.source} (reviewed {review.last_reviewed.isoformat()}"
                   f" by {review.reviewed_by})")
        if review.note:
            out.append(f"    {_in(review.note, lang)}")
    else:
        out.append("  variation: none in effect; the national path applies")
    for text in merged.exceptions:
        out.append(f"  municipality exception: {_in(text, lang)}")
    out += ["", "Changes to the national path:"]
    out += [f"  {c.where}: {c.describe()}"
            + (f" (for {', '.join(map(municipality_name, c.municipality_codes))})"
               if c.municipality_codes else "") for c in merged.changes] or ["  none"]
    out += ["", "Steps:"]
    for number, step in enumerate(merged.steps, 1):
        out += _step(paths, step, number, found.code, municipality_code, today, lang)
    if municipality_code is None:
        exceptions = paths.municipality_exceptions(path_id, found.code, today)
        if exceptions:
            out += ["", "Municipality exceptions:"]
        for exception in exceptions:
            names = ", ".join(map(municipality_name, exception.municipality_codes))
            out.append(f"  {names} ({exception.source}): {_in(exception.explain, lang)}")
            out += [f"    step '{d.step_id}' {d.status}" for d in exception.differences]
    return "\n".join(out) + "\n"


def _step(paths: CarePaths, step: Step, number: int, county: str,
          municipality: str | None, today: dt.date, lang: str) -> list[str]:
    lines = [f"  {number}. {_in(step.title, lang)} [{step.id}, care level {step.care_level}]",
             f"     what: {_in(step.what, lang)}",
             f"     who decides: {_in(step.who_decides, lang)}",
             f"     length: {_in(step.length, lang)}",
             f"     how to get there: {_in(step.how_to_get, lang)}"]
    if step.decision:
        lines.append(f"     decision: {_in(step.decision, lang)}")
    if step.outside_catalogue:
        lines.append(f"     services: outside the catalogue: {_in(step.outside_catalogue, lang)}")
    else:
        services = paths.step_services(step, municipality, county, today)
        how = "rule" if step.rule is not None else "named"
        lines.append(f"     services ({how}, {step.where}):" if services
                     else f"     services ({how}, {step.where}): none found")
        members = county_municipalities(county)
        for service in services:
            shared = service.municipalities & members
            only = "" if municipality is not None or shared == members else (
                f" (only in {', '.join(map(municipality_name, sorted(shared)))})")
            lines.append(f"       - {service.id}: {_in(service.name, lang)}{only}")
    urgent = paths.urgent_help(county, municipality, today)
    lines.append("     urgent help: " + (", ".join(s.id for s in urgent) or "none listed; 112"))
    return lines

