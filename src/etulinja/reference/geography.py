"""Where services are: municipalities, wellbeing services counties and service areas.

Codes are Statistics Finland's (valid 1 January 2026, CC BY 4.0). A municipality's
county comes from this table, not from any content file, so when a municipality moves
to another county (Pukkila and Myrskylä moved to Itä-Uusimaa in 2023) everything that
refers to it follows without an edit. The catalogue, care paths and the site's area
pages all resolve places here, so none of them needs the others.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

MERGED_MUNICIPALITIES = {"588": "507"}
"""Codes that no longer exist -> the municipality they were merged into (Pertunmaa
joined Mäntyharju on 1 January 2025): the hint an editor gets for an old code."""


@dataclass(frozen=True)
class Municipality:
    """A municipality (kunta) and the wellbeing services county organising its services."""

    code: str
    """Statistics Finland code, three digits: '398' is Lahti."""
    name: dict[str, str]
    county_code: str

    @property
    def slug(self) -> str:
        return slugify(self.name["fi"])

    def other_name(self, shown: str) -> str:
        """The name in the other national language, when it differs from the one shown
        (Borgå beside Porvoo): what staff may type instead; "" when both are the same
        (Hollola)."""
        return next((self.name[lang] for lang in ("fi", "sv")
                     if self.name.get(lang, shown) != shown), "")


@dataclass(frozen=True)
class County:
    """A wellbeing services county (hyvinvointialue), Helsinki (90) or Åland (91)."""

    code: str
    slug: str
    name: dict[str, str]
    """Short name per language: 'Päijät-Häme', 'Päijänne-Tavastland'."""
    official_name: dict[str, str]


def slugify(text: str) -> str:
    """An address-safe form of a Finnish or Swedish name: 'Mänttä-Vilppula' -> 'mantta-vilppula'."""
    table = str.maketrans({"ä": "a", "å": "a", "ö": "o", "é": "e", "ü": "u", " ": "-"})
    lowered = text.lower().translate(table)
    return "".join(ch for ch in lowered if ch.isalnum() or ch == "-").strip("-")


@cache
def municipalities() -> dict[str, Municipality]:
    """All municipalities by code, from Statistics Finland's 2026 classification."""
    text = resources.files("etulinja.data").joinpath("municipalities.csv").read_text("utf-8")
    result: dict[str, Municipality] = {}
    for row in csv.DictReader(io.StringIO(text)):
        result[row["municipality_code"]] = Municipality(
            code=row["municipality_code"],
            name={"fi": row["name_fi"], "sv": row["name_sv"], "en": row["name_fi"]},
            county_code=row["wellbeing_county_code"],
        )
    return result


@cache
def counties() -> dict[str, County]:
    """Counties by code, with their member municipalities in municipalities()."""
    official: dict[str, dict[str, str]] = {}
    text = resources.files("etulinja.data").joinpath("municipalities.csv").read_text("utf-8")
    for row in csv.DictReader(io.StringIO(text)):
        official[row["wellbeing_county_code"]] = {
            "fi": row["wellbeing_county_fi"], "sv": row["wellbeing_county_sv"],
        }
    text = resources.files("etulinja.data").joinpath("counties.yml").read_text("utf-8")
    data: dict[str, dict[str, str]] = yaml.safe_load(text)
    return {
        code: County(
            code=code,
            slug=item["slug"],
            name={lang: item[lang] for lang in ("fi", "sv", "en")},
            official_name={**official.get(code, {}), "en": item["en"]},
        )
        for code, item in data.items()
    }


def resolve_area(*, national: bool, county_codes: Iterable[str],
                 municipality_codes: Iterable[str], excluded: Iterable[str]) -> frozenset[str]:
    """Codes of every municipality an area covers: the whole country, or its counties and
    municipalities, less the exclusions. Unknown codes cover nothing."""
    every = municipalities()
    if national:
        covered = set(every)
    else:
        wanted = set(county_codes)
        covered = {code for code, m in every.items() if m.county_code in wanted}
        covered |= {code for code in municipality_codes if code in every}
    return frozenset(covered - set(excluded))


def county_by_slug(slug: str) -> County | None:
    """The county whose address part (and catalogue folder) is ``slug``, if any."""
    return next((county for county in counties().values() if county.slug == slug), None)
