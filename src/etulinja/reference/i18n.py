"""Translation tables, one per language, and the one way content falls back to another
language.

Templates never hold literal text; they look strings up here. English may miss a key
and fall back to Finnish; tests keep fi and sv complete (Language Act 423/2003).

Content written per language (a service's name, a programme's title, an article's
versions) is shown in the reader's language when it exists there, and otherwise in the
first of the site's languages that has it, the default first: ``in_language`` says
which, so a page can mark the text with the language it is really in (WCAG 3.1.2).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from importlib import resources
from typing import Any, TypeVar

import yaml

LOCALES_PACKAGE = "etulinja.locales"

T = TypeVar("T")


def in_language(values: Mapping[str, T] | None, lang: str, fallbacks: Iterable[str],
                missing: T) -> tuple[T, str]:
    """The value in ``lang``, else in the first of ``fallbacks`` (the site's languages,
    the default first) that has one, with the language it is really in; ``(missing,
    lang)`` when none has. An empty value counts as missing.

    Every fallback of content to another language goes through here."""
    if values:
        value = values.get(lang)
        if value:
            return value, lang
        for candidate in fallbacks:
            value = values.get(candidate)
            if value:
                return value, candidate
    return missing, lang


class PerLanguage(Mapping[str, T]):
    """A value per language, as an editor wrote it (``{fi: …, sv: …}``); frozen."""

    __slots__ = ("_values",)
    _values: dict[str, T]

    def __init__(self, values: Mapping[str, T] | None = None) -> None:
        object.__setattr__(self, "_values", dict(values) if values else {})

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def __getitem__(self, lang: str) -> T:
        return self._values[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PerLanguage):
            return self._values == other._values
        return super().__eq__(other)

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._values.items())))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._values!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self._values,)

    def in_language(self, lang: str, fallbacks: Iterable[str]) -> tuple[T, str] | None:
        """The value in ``lang``, else in the first of ``fallbacks`` that has one, with
        the language it is really in; None when none has one."""
        value, found = in_language(self._values, lang, fallbacks, None)
        return None if value is None else (value, found)


class Text(PerLanguage[str]):
    """Plain text per language: a name, a summary, a note."""

    __slots__ = ()

    def in_language(self, lang: str, fallbacks: Iterable[str]) -> tuple[str, str]:
        """The text in ``lang``, else in the first of ``fallbacks`` that has it, with the
        language it is really in; ``("", lang)`` when there is none."""
        return in_language(self._values, lang, fallbacks, "")


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
