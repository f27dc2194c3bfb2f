"""`etulinja check`: every problem in one run as path:line, never a traceback."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.content import article
from tests.support.portal import run_etulinja


def test_shipped_content_passes(portal: Path) -> None:
    result = run_etulinja(portal, "check")
    assert result.returncode == 0, result.stderr
    assert "content is valid" in result.stdout


@pytest.mark.parametrize(
    ("fi_text", "expected"),
    [
        pytest.param(
            article().replace("topics: [sleep]", "topics: [sleep\n"),
            ":6: YAML syntax error",
            id="yaml-syntax",
        ),
        pytest.param(
            article().replace("age_groups: [adults]", "age_groups:\n\t- adults"),
            ":6: a tab character is used for indentation",
            id="tab-indent",
        ),
        pytest.param(
            article().replace("topics: [sleep]", "topics: [sleep]\ntopics: [alcohol]"),
            ":7: duplicate key 'topics' (first given on line 6)",
            id="duplicate-key",
        ),
        pytest.param(
            article().replace("reviewed_by: Testaaja, psykologi\n", ""),
            ":2: missing required key 'reviewed_by'",
            id="missing-key",
        ),
        pytest.param(
            article().replace("topics: [sleep]", "topics: [sleep]\ncolour: blue"),
            ":7: unknown key 'colour'",
            id="unknown-key",
        ),
        pytest.param(
            article().replace("topics: [sleep]", "topics: [sleeping]"),
            ":6: topics.0: unknown topic 'sleeping'",
            id="unknown-topic",
        ),
        pytest.param(
            article().replace("audience: [citizens]", "audience: [everyone]"),
            ":4: audience.0: 'everyone' is not allowed here",
            id="bad-enum",
        ),
        pytest.param(
            article(reviewed="2026-13-40"),
            ":7: last_reviewed: '2026-13-40' is not a date",
            id="bad-date",
        ),
        pytest.param(
            article(reviewed=(dt.date.today() + dt.timedelta(days=30)).isoformat()),
            ":7: last_reviewed: ",
            id="future-date",
        ),
        pytest.param(
            article().replace("Lyhyt kuvaus", "x" * 170), ":3: summary: is ", id="summary-too-long"
        ),
        pytest.param(
            article().replace("---\n\nTekstiä", "\nTekstiä"),
            ":1: front matter is not closed",
            id="unclosed-front-matter",
        ),
        pytest.param(
            "Ei etusivua.\n", ":1: the file must start with front matter", id="no-front-matter"
        ),
        pytest.param(
            article().replace("title: Testiartikkeli", "title: Huom: tärkeä"),
            ":2: unexpected ':'",
            id="unquoted-colon",
        ),
    ],
)
def test_broken_article_gives_file_and_line(
    portal: Path, write: Callable[[str, str], Path], fi_text: str, expected: str
) -> None:
    write("docs/articles/test.fi.md", fi_text)
    write("docs/articles/test.sv.md", article())
    result = run_etulinja(portal, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"docs/articles/test.fi.md{expected}" in result.stderr, result.stderr


def test_all_problems_reported_in_one_run(portal: Path, write: Callable[[str, str], Path]) -> None:
    write("docs/articles/one.fi.md", article().replace("topics: [sleep]", "topics: [nope]"))
    write("docs/articles/one.sv.md", article())
    write("docs/articles/two.fi.md", article().replace("audience: [citizens]", "audience: [x]"))
    write("docs/articles/two.sv.md", article())
    write("docs/stray.md", "---\ntitle: x\n---\n")
    result = run_etulinja(portal, "check")
    assert result.returncode == 1
    assert "docs/articles/one.fi.md:6:" in result.stderr
    assert "docs/articles/two.fi.md:4:" in result.stderr
    assert "docs/stray.md: the file name needs a language suffix" in result.stderr
    assert "3 error(s)" in result.stderr


def test_missing_swedish_version_is_an_error(
    portal: Path, write: Callable[[str, str], Path]
) -> None:
    write("docs/articles/only-finnish.fi.md", article())
    result = run_etulinja(portal, "check")
    assert result.returncode == 1
    assert "docs/articles/only-finnish.fi.md: 'articles/only-finnish' has no sv version" in (
        result.stderr
    )


def test_missing_english_version_is_allowed(
    portal: Path, write: Callable[[str, str], Path]
) -> None:
    write("docs/articles/no-english.fi.md", article())
    write("docs/articles/no-english.sv.md", article())
    assert run_etulinja(portal, "check").returncode == 0


def test_stale_review_is_a_warning_not_an_error(
    portal: Path, write: Callable[[str, str], Path]
) -> None:
    write("docs/articles/old.fi.md", article(reviewed="2020-01-15"))
    write("docs/articles/old.sv.md", article())
    result = run_etulinja(portal, "check")
    assert result.returncode == 0, result.stderr
    assert "docs/articles/old.fi.md:7: warning: last_reviewed: 2020-01-15 is" in result.stderr
    assert "0 error(s)" in result.stdout


def test_template_syntax_in_content_is_rejected(
    portal: Path, write: Callable[[str, str], Path]
) -> None:
    write("docs/articles/tpl.fi.md", article().replace("Tekstiä.", "Rivi\n{{ config }}"))
    write("docs/articles/tpl.sv.md", article())
    result = run_etulinja(portal, "check")
    assert result.returncode == 1
    assert "docs/articles/tpl.fi.md:12: '{{' and '{%' are reserved" in result.stderr


def test_unknown_language_suffix(portal: Path, write: Callable[[str, str], Path]) -> None:
    write("docs/articles/x.de.md", article())
    result = run_etulinja(portal, "check")
    assert "docs/articles/x.de.md: unknown language 'de'" in result.stderr


def test_broken_portal_config_names_its_line(portal: Path) -> None:
    config = portal / "etulinja.yml"
    config.write_text(config.read_text() + "review_max_age_days: soon\n")
    result = run_etulinja(portal, "check")
    assert result.returncode == 1
    assert "etulinja.yml:" in result.stderr and "duplicate key 'review_max_age_days'" in (
        result.stderr
    )
