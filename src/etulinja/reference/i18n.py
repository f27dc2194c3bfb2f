"""Translation tables: one per language, every visible string of the site's own.

Templates never hold literal text; they look strings up here. English may miss a key
and fall back to Finnish; tests keep fi and sv complete (Language Act 423/2003).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources
from typing import Any

import yaml

LOCALES_PACKAGE = "etulinja.locales"


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


@cache
def raw_table(lang: str) -> dict[str, Any]:
    """The strings a language's table defines itself, keyed by dotted name."""
    try:
        text = resources.files(LOCALES_PACKAGE).joinpath(f"{lang}.yml").read_text("utf-8")
    except FileNotFoundError:
        return {}
    data = yaml.safe_load(text) or {}
    return _flatten(data)


def available_languages() -> list[str]:
    """Languages that have a translation table."""
    files = resources.files(LOCALES_PACKAGE).iterdir()
    return sorted(f.name.removesuffix(".yml") for f in files if f.name.endswith(".yml"))


@cache
def table(lang: str, fallback: str = "fi") -> dict[str, Any]:
    """All strings for ``lang``, with the fallback language filling any gap."""
    merged = dict(raw_table(fallback))
    merged.update(raw_table(lang))
    return merged


def missing_keys(lang: str, reference: str = "fi") -> list[str]:
    """Keys the reference table has and ``lang``'s table lacks."""
    return sorted(set(raw_table(reference)) - set(raw_table(lang)))


def format_date(value: dt.date, lang: str) -> str:
    """A date as readers of ``lang`` write it: 2.11.2026, 2 November 2026."""
    strings = table(lang)
    months: list[str] = strings["date.months"]
    return str(strings["date.format"]).format(
        day=value.day, month=value.month, year=value.year, month_name=months[value.month - 1]
    )
