"""Checks across content types that no single domain package can make: an article about
a topic that has a self-care programme for the same readers should lead to it.

Articles and programmes know nothing of each other (``articles/``, ``self_care/``), so
the check is composed here and run by ``site/content.py`` with the rest of
``etulinja check``.
"""

from __future__ import annotations

import re
from pathlib import Path

from etulinja.articles.pages import Page
from etulinja.self_care.programmes import Programme
from etulinja.site import urls
from etulinja.sources.problems import Problems

_TOPICS_LINE = re.compile(r"^topics\s*:")


def _topics_line(source: Path) -> int:
    """The line of ``topics:`` in a page's front matter (1 when it cannot be found)."""
    try:
        lines = source.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    return next((n for n, line in enumerate(lines, start=1) if _TOPICS_LINE.match(line)), 1)


def programmes_for(topics: tuple[str, ...], age_groups: tuple[str, ...],
                   programmes: list[Programme]) -> list[Programme]:
    """The programmes an article should lead to: sharing a topic and an age group."""
    return [p for p in programmes
            if set(p.topics) & set(topics) and set(p.age_groups) & set(age_groups)]


def check_programme_links(pages: list[Page], programmes: list[Programme],
                          problems: Problems) -> None:
    """Warn, at the ``topics:`` line, about each language version of an article whose
    topic has a programme for its readers that its text does not link to."""
    for page in pages:
        if not page.is_article:
            continue
        for version in page.versions.values():
            for programme in programmes_for(version.topics, version.age_groups, programmes):
                if urls.programme(programme.id) in version.body:
                    continue
                title = programme.title.in_language(version.lang, (version.lang, "fi"))[0]
                problems.warning(
                    version.source, _topics_line(version.source),
                    f"topics: the self-care programme '{programme.id}' ({title}) is on this "
                    "article's topic for its readers, but the article does not link to it; "
                    f"add a link such as [{title}](../{urls.programme(programme.id)}index.md)")
