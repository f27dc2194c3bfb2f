"""Opening hours: weekly hours (overnight ones too), dated exceptions with one or more
times, and Finland's public holidays."""

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
    warning: bool = False
    """A hint (a form that works but has a better one), not an error."""


WEEK = 7 * 24 * 60


def span(opens: str, closes: str) -> tuple[int, int]:
    """(start, end) in minutes from the day's midnight; a time that closes earlier than
    it opens runs over midnight into the next morning (20:00-06:00 ends at 30:00)."""
    start, end = minutes(opens), minutes(closes)
    return (start, end + 24 * 60) if end < start else (start, end)


def overnight(opens: str, closes: str) -> bool:
    return minutes(closes) < minutes(opens)


def _week_spans(entry: dict[str, Any]) -> list[tuple[int, int]]:
    """Where a weekly entry stands in the week, in minutes from Monday 00:00; a span
    over Sunday midnight continues on Monday morning."""
    start, end = span(entry["opens"], entry["closes"])
    found = []
    for day in entry["days"]:
        offset = DAYS.index(day) * 24 * 60
        if offset + end <= WEEK:
            found.append((offset + start, offset + end))
        else:
            found += [(offset + start, WEEK), (0, offset + end - WEEK)]
    return found


def check_hours(hours: dict[str, Any], path: tuple[str | int, ...]) -> list[HoursProblem]:
    """What the schema cannot say about opening hours: a time that opens and closes at
    once, times that overlap in the week (overnight ones included), exceptions written
    two ways at once, and 00:00-24:00 every day where always_open says it plainly."""
    problems: list[HoursProblem] = []
    week: list[tuple[int, int, int]] = []
    for index, entry in enumerate(hours.get("weekly", [])):
        if minutes(entry["opens"]) == minutes(entry["closes"]):
            problems.append(HoursProblem(
                (*path, "weekly", index, "closes"),
                f"opens and closes at {entry['opens']}: for the whole day write "
                "opens: \"00:00\" and closes: \"24:00\""))
            continue
        week += [(start, end, index) for start, end in _week_spans(entry)]
    week.sort()
    entries = hours.get("weekly", [])
    for (_, end, first), (start, _, second) in itertools.pairwise(week):
        if start < end and first != second:
            day = DAYS[start // (24 * 60) % 7]
            hint = "" if not any(overnight(entries[i]["opens"], entries[i]["closes"])
                                 for i in (first, second)) else (
                " (a time that closes earlier than it opens runs to the next morning)")
            problems.append(HoursProblem(
                (*path, "weekly", second),
                f"overlaps entry {first + 1} of weekly hours on {day}{hint}"))
    covered = sum(end - start for start, end, _ in week)
    if hours.get("weekly") and covered >= WEEK and not problems:
        problems.append(HoursProblem(
            (*path, "weekly"), "open day and night every day: write always_open: true "
            "instead of weekly hours", warning=True))
    if hours.get("always_open") and hours.get("weekly"):
        problems.append(HoursProblem((*path, "always_open"),
                                     "always_open cannot be combined with weekly hours"))
    seen: dict[str, int] = {}
    for index, exception in enumerate(hours.get("exceptions", [])):
        problems += _check_exception(exception, (*path, "exceptions", index), seen, index)
    return problems


def _check_exception(exception: dict[str, Any], where: tuple[str | int, ...],
                     seen: dict[str, int], index: int) -> list[HoursProblem]:
    problems: list[HoursProblem] = []
    date = str(exception["date"])
    if date in seen:
        problems.append(HoursProblem(where, f"{date} is given twice (also entry "
                                            f"{seen[date] + 1})"))
    seen[date] = index
    single = "opens" in exception or "closes" in exception
    several = "intervals" in exception
    if exception.get("closed") and (single or several):
        problems.append(HoursProblem(where, "an exception is either closed or has times "
                                            "(opens and closes, or intervals)"))
    elif single and several:
        problems.append(HoursProblem(where, "give opens and closes, or intervals for "
                                            "several times, not both"))
    elif not exception.get("closed"):
        intervals: list[tuple[int | None, dict[str, Any]]]
        if several:
            intervals = list(enumerate(exception["intervals"]))
        elif "opens" in exception and "closes" in exception:
            intervals = [(None, exception)]
        else:
            return [HoursProblem(where, "give both opens and closes, intervals, or "
                                        "closed: true")]
        spans: list[tuple[int, int, int | None]] = []
        for i, interval in intervals:
            place = where if i is None else (*where, "intervals", i)
            if minutes(interval["opens"]) == minutes(interval["closes"]):
                problems.append(HoursProblem((*place, "closes"),
                                             f"opens and closes at {interval['opens']}"))
                continue
            spans.append((*span(interval["opens"], interval["closes"]), i))
        spans.sort()
        for (_, end, _), (start, _, second) in itertools.pairwise(spans):
            if start < end:
                problems.append(HoursProblem((*where, "intervals", second or 0),
                                             "overlaps another interval of the same date"))
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
