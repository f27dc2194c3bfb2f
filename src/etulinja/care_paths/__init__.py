"""Care paths (hoitopolut) with regional variations: written once nationally, varied per
county and municipality, resolved to the catalogue's services in each place.

Files
    ``catalogue/care_paths/<path-id>/path.yml`` is the national path
    (``schemas/care_path.schema.json``); beside it ``<county-slug>.yml`` is a county's
    variation (``schemas/care_path_variation.schema.json``): ``county: "09"`` (the file
    must be named after that county's slug), ``valid_from``/``valid_to``, a ``patch`` of
    the path's own fields (RFC 7386 merge patch: ``null`` removes a key), ``steps``: a
    list of operations by step id (``replace`` + ``with``: a merge patch onto that step;
    ``remove``; ``insert_before``/``insert_after`` + ``step``: a new step), and
    ``municipalities``: exceptions, each for a list of municipality codes, with its own
    ``explain`` text, dates and step operations, applied after the county's.

Dates
    Merging is always for a date the caller gives (the build date). A variation or
    exception not yet in effect is not applied (and is checked as of its first day); one
    that has ended is not applied and is a *warning*, not an error: the path is still
    coherent (the county sees the national path), but an editor should tidy the file.

Municipalities that change county
    A municipality's county comes from ``reference/geography`` (Statistics Finland), not
    from the variation's file. An exception is about a municipality's residents, so it
    follows them: an exception written in Päijät-Häme's variation for Pukkila (616) is
    applied, while in effect, to Pukkila's path in Itä-Uusimaa, its county since 2023, on
    top of Itä-Uusimaa's variation. Its step operations must fit that county's path (a
    step it names that Itä-Uusimaa's path lacks is an error at the operation's line), and
    ``etulinja check`` warns at the code's line that the exception should move to
    ``ita-uusimaa.yml`` (or end), so the county now responsible sees it.

Problems
    Every problem is reported at ``file:line``: schema errors; a step operation naming a
    missing step; an unknown county or municipality code; a variation file named after
    another county; an expired variation or exception (warning). The merged path is
    validated like a national one, and its errors point at the patch line that made the
    value. A step that resolves to no service in some municipality of a county that has
    the path is a warning naming the municipalities (a step may instead say, in words,
    that it is given ``outside_catalogue``).

API for the site (``CarePaths``, from ``load_care_paths``): ``merged``,
``step_services``, ``step_services_by_municipality``, ``urgent_help``,
``municipality_exceptions``, ``compare``, ``paths_of_service``,
``paths_in_municipality``; ``explain`` renders a merged path for the command line.
"""

from __future__ import annotations

from etulinja.care_paths.explain import explain
from etulinja.care_paths.merge import Change
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
from etulinja.care_paths.paths import CarePathError, CarePaths, load_care_paths

__all__ = [
    "CarePath", "CarePathError", "CarePaths", "Change", "CountyStep", "MergedPath",
    "MunicipalityException", "PathLink", "Review", "ServiceRule", "Step", "StepComparison",
    "StepDifference", "explain", "load_care_paths",
]
