"""Opening hours: weekly hours, dated exceptions and Finland's public holidays."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from functools import cache
from typing import Any

import holidays

DAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")
_HOLIDAY_LANGUAGE = {"fi": "fi", "sv": "sv_FI", "en": "en_US"}


def minutes(text: str) -> int:
    hours, mins = text.split(":")
    return int(hours) * 60 + int(mins)


@dataclass(frozen=True)
class HoursProblem:
    path: tuple[str | int, ...]
    message: str


def check_hours(hours: dict[str, Any], path: tuple[str | int, ...]) -> list[HoursProblem]:
    """Ranges that end before they start, or overlap another range on the same day."""
    problems: list[HoursProblem] = []
    by_day: dict[str, list[tuple[int, int, int]]] = {}
    for index, entry in enumerate(hours.get("weekly", [])):
        opens, closes = minutes(entry["opens"]), minutes(entry["closes"])
        if closes <= opens:
            problems.append(HoursProblem(
                (*path, "weekly", index, "closes"),
                f"closes at {entry['closes']}, not after it opens at {entry['opens']}",
            ))
            continue
        for day in entry["days"]:
            by_day.setdefault(day, []).append((opens, closes, index))
    for day, ranges in by_day.items():
        ranges.sort()
        for (_, end, first), (start, _, second) in itertools.pairwise(ranges):
            if start < end:
                problems.append(HoursProblem(
                    (*path, "weekly", second),
                    f"overlaps entry {first + 1} of weekly hours on {day}",
                ))
    if hours.get("always_open") and hours.get("weekly"):
        problems.append(HoursProblem((*path, "always_open"),
                                     "always_open cannot be combined with weekly hours"))
    seen: dict[str, int] = {}
    for index, exception in enumerate(hours.get("exceptions", [])):
        date = str(exception["date"])
        if date in seen:
            problems.append(HoursProblem((*path, "exceptions", index),
                                         f"{date} is given twice (also entry {seen[date] + 1})"))
        seen[date] = index
        has_times = "opens" in exception or "closes" in exception
        if exception.get("closed") and has_times:
            problems.append(HoursProblem((*path, "exceptions", index),
                                         "an exception is either closed or has opens/closes"))
        elif not exception.get("closed"):
            if not ("opens" in exception and "closes" in exception):
                problems.append(HoursProblem(
                    (*path, "exceptions", index),
                    "give both opens and closes, or closed: true",
                ))
            elif minutes(exception["closes"]) <= minutes(exception["opens"]):
                problems.append(HoursProblem(
                    (*path, "exceptions", index, "closes"),
                    f"closes at {exception['closes']}, not after it opens at {exception['opens']}",
                ))
    return problems


@cache
def _finnish_holidays(year: int, lang: str) -> dict[dt.date, str]:
    calendar = holidays.country_holidays(
        "FI", years=year, language=_HOLIDAY_LANGUAGE.get(lang, "fi")
    )
    return dict(calendar.items())


def public_holidays(start: dt.date, days: int, lang: str) -> list[tuple[dt.date, str]]:
    """Finnish public holidays from ``start`` for ``days`` days, named in ``lang``."""
    end = start + dt.timedelta(days=days)
    found: list[tuple[dt.date, str]] = []
    for year in range(start.year, end.year + 1):
        for date, name in sorted(_finnish_holidays(year, lang).items()):
            if start <= date <= end:
                found.append((date, name))
    return found
