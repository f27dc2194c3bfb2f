"""Code lists shipped with the package: topics, methods, target groups, care levels,
access routes and the national urgent-help numbers. Places are in ``geography``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from etulinja.reference.phones import parse_phone
from etulinja.sources.yamldoc import load_yaml


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
    """A number or chat shown in the urgent-help block ("Tarvitsetko apua heti?")."""

    id: str
    number: str
    """As shown; "" for a chat."""
    tel: str
    """The tel: target made from the number; "" for a chat."""
    url: str
    """A chat's address; "" for a number."""
    label: dict[str, str]
    hours: dict[str, str]
    first_in: tuple[str, ...]
    source: str
    """The operator's page giving the number and its hours."""
    verified: dt.date
    """When the number and hours were last checked against ``source``."""
    line: int = 0
    """Where it is written in urgent_help.yml, for `etulinja check`'s warnings."""


URGENT_HELP = "urgent_help.yml"


@cache
def helplines() -> tuple[Helpline, ...]:
    """National urgent-help numbers and chats, in the order they are shown; each number
    dials what it shows (a number phones.parse_phone refuses stops every build)."""
    text = resources.files("etulinja.data").joinpath(URGENT_HELP).read_text("utf-8")
    doc = load_yaml(text)
    found = []
    for index, item in enumerate(doc.data):
        number = str(item.get("number", ""))
        found.append(Helpline(
            id=item["id"], number=number, tel=parse_phone(number).tel if number else "",
            url=str(item.get("url", "")), label=dict(item["label"]),
            hours=dict(item.get("hours") or {}), first_in=tuple(item.get("first_in") or ()),
            source=str(item["source"]), verified=item["verified"],
            line=doc.line_of([index, "verified"])))
    return tuple(found)


def urgent_help_file() -> Path:
    """Where the national urgent-help numbers are written (package data)."""
    return Path(str(resources.files("etulinja.data").joinpath(URGENT_HELP)))


@cache
def labelled(name: str) -> dict[str, dict[str, Any]]:
    """A code list with per-language labels: methods, target_groups, care_levels, access_routes."""
    data: dict[Any, dict[str, Any]] = _data(f"{name}.yml")
    return {str(code): value for code, value in data.items()}
