"""Code lists shipped with the package: topics, methods, target groups, care levels,
access routes and the national urgent-help numbers. Places are in ``geography``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from etulinja.reference.phones import parse_phone


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


@cache
def labelled(name: str) -> dict[str, dict[str, Any]]:
    """A code list with per-language labels: methods, target_groups, care_levels, access_routes."""
    data: dict[Any, dict[str, Any]] = _data(f"{name}.yml")
    return {str(code): value for code, value in data.items()}
