"""Code lists shipped with the package: topics and urgent-help numbers."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml


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
    """National urgent-help numbers, in the order they are shown."""
    return tuple(
        Helpline(
            id=item["id"],
            number=str(item["number"]),
            tel=str(item["tel"]),
            label=dict(item["label"]),
            hours=dict(item.get("hours") or {}),
            first_in=tuple(item.get("first_in") or ()),
        )
        for item in _data("urgent_help.yml")
    )
