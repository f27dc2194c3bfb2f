"""Code lists shipped with the package: topics and urgent-help numbers."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from etulinja.phones import parse_phone


def _data(name: str) -> Any:
    text = resources.files("etulinja.data").joinpath(name).read_text("utf-8")
    return yaml.safe_load(text)


@cache
def topics() -> dict[str, dict[str, str]]:
    """Topic code -> label per language."""
    data: dict[str, dict[str, str]] = _data("topics.yml")
    return data


@dataclass(frozen=True)
class Helpline:
    """A number shown in the urgent-help block ("Tarvitsetko apua heti?")."""

    id: str
    number: str
    tel: str
    label: dict[str, str]
    hours: dict[str, str]
    first_in: tuple[str, ...]


@cache
def helplines() -> tuple[Helpline, ...]:
    """National urgent-help numbers, in the order they are shown; each dials the number
    it shows (a number phones.parse_phone refuses stops every build)."""
    return tuple(
        Helpline(
            id=item["id"],
            number=str(item["number"]),
            tel=parse_phone(str(item["number"])).tel,
            label=dict(item["label"]),
            hours=dict(item.get("hours") or {}),
            first_in=tuple(item.get("first_in") or ()),
        )
        for item in _data("urgent_help.yml")
    )


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
    import csv
    import io

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
    import csv
    import io

    official: dict[str, dict[str, str]] = {}
    text = resources.files("etulinja.data").joinpath("municipalities.csv").read_text("utf-8")
    for row in csv.DictReader(io.StringIO(text)):
        official[row["wellbeing_county_code"]] = {
            "fi": row["wellbeing_county_fi"], "sv": row["wellbeing_county_sv"],
        }
    data: dict[str, dict[str, str]] = _data("counties.yml")
    return {
        code: County(
            code=code,
            slug=item["slug"],
            name={lang: item[lang] for lang in ("fi", "sv", "en")},
            official_name={**official.get(code, {}), "en": item["en"]},
        )
        for code, item in data.items()
    }


@cache
def labelled(name: str) -> dict[str, dict[str, Any]]:
    """A code list with per-language labels: methods, target_groups, care_levels, access_routes."""
    data: dict[Any, dict[str, Any]] = _data(f"{name}.yml")
    return {str(code): value for code, value in data.items()}
