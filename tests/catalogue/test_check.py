"""`etulinja check` on the service catalogue: each kind of bad input at its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.portal import run_etulinja

SERVICE = "catalogue/services/paijat-hame/ph-guided-self-care.yml"


def edit(root: Path, relative: str, old: str, new: str) -> Path:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def problems_of(root: Path) -> str:
    result = run_etulinja(root, "check")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def test_fixture_catalogue_passes(catalogue_portal: Path) -> None:
    result = run_etulinja(catalogue_portal, "check")
    assert result.returncode == 0, result.stderr


def test_example_catalogue_passes(portal: Path) -> None:
    result = run_etulinja(portal, "check")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param("care_level: 1", "care_level: [1", ":11: YAML syntax error", id="bad-yaml"),
        pytest.param("care_level: 1", "care_level: one", ":11: care_level: must be integer",
                     id="schema-violation"),
        pytest.param('exclude_municipalities: ["560", "781"]',
                     'exclude_municipalities: ["560", "999"]',
                     ":21: area.exclude_municipalities.1: unknown municipality code '999'",
                     id="unknown-municipality"),
        pytest.param('counties: ["09"]', 'counties: ["09"]\n  municipalities: ["588"]',
                     "unknown municipality code '588' (merged into 507; use that code)",
                     id="merged-municipality"),
        pytest.param("number: 03 555 0142", "number: 03 555",
                     ":25: channels.phones.0.number: '03 555' is not a valid Finnish phone number",
                     id="invalid-phone"),
        pytest.param('- {days: [mo, tu, we, th, fr], opens: "08:00", closes: "15:00"}',
                     '- {days: [mo, tu, we, th, fr], opens: "08:00", closes: "15:00"}\n'
                     '          - {days: [fr], opens: "14:00", closes: "16:00"}',
                     ":30: channels.phones.0.hours.weekly.1: overlaps entry 1 of weekly hours on fr",
                     id="overlapping-hours"),
        pytest.param('opens: "08:00", closes: "15:00"', 'opens: "15:00", closes: "15:00"',
                     "channels.phones.0.hours.weekly.0.closes: opens and closes at 15:00",
                     id="hours-that-open-and-close-at-once"),
        pytest.param("sv: Handledd egenvård för vuxna, ", "",
                     ":1: name: missing required key 'sv'", id="missing-swedish-name"),
        pytest.param("organisation: paijat-hame-county", "organisation: nobody",
                     ":9: organisation: unknown organisation 'nobody'", id="unknown-organisation"),
        pytest.param("topics: [depression, anxiety]", "topics: [depression, worries]",
                     ":14: topics.1: unknown topic 'worries'", id="unknown-topic"),
        pytest.param('exclude_municipalities: ["560", "781"]',
                     'exclude_municipalities: ["560", "091"]',
                     "'091' is not in the service's area", id="exclusion-outside-area"),
        pytest.param("age: {min: 18}", "age: {min: 30, max: 18}", ":13: age: max 18 is below min 30",
                     id="age-range"),
    ],
)
def test_broken_service_is_reported_at_its_line(
    catalogue_portal: Path, old: str, new: str, expected: str
) -> None:
    edit(catalogue_portal, SERVICE, old, new)
    stderr = problems_of(catalogue_portal)
    assert (f"{SERVICE}{expected}" if expected.startswith(":") else expected) in stderr, stderr


def test_duplicate_service_id(catalogue_portal: Path) -> None:
    source = catalogue_portal / SERVICE
    copy = catalogue_portal / "catalogue/services/national/ph-guided-self-care.yml"
    copy.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    stderr = problems_of(catalogue_portal)
    assert (
        "catalogue/services/paijat-hame/ph-guided-self-care.yml:1: duplicate service id "
        "'ph-guided-self-care': catalogue/services/national/ph-guided-self-care.yml" in stderr
    )


def test_every_problem_in_one_run(catalogue_portal: Path) -> None:
    edit(catalogue_portal, SERVICE, "number: 03 555 0142", 'number: "12 34"')
    edit(catalogue_portal, SERVICE, "topics: [depression, anxiety]", "topics: [nope]")
    edit(catalogue_portal, "catalogue/regions/paijat-hame.yml", "number: 03 555 0100",
         "number: abc")
    stderr = problems_of(catalogue_portal)
    assert f"{SERVICE}:14:" in stderr
    assert f"{SERVICE}:25:" in stderr
    assert "catalogue/regions/paijat-hame.yml:4: helplines.0.number: 'abc'" in stderr
    assert "3 error(s)" in stderr


def test_wrong_business_id_check_digit(catalogue_portal: Path) -> None:
    edit(catalogue_portal, "catalogue/organisations/outsourced-provider.yml",
         "business_id: 1234567-1", "business_id: 1234567-2")
    assert ("catalogue/organisations/outsourced-provider.yml:3: business_id: '1234567-2' has a "
            "wrong check digit") in problems_of(catalogue_portal)


def test_stale_service_review_is_a_warning(catalogue_portal: Path) -> None:
    edit(catalogue_portal, SERVICE, "last_reviewed: 2026-11-01", "last_reviewed: 2024-01-01")
    result = run_etulinja(catalogue_portal, "check")
    assert result.returncode == 0
    assert f"{SERVICE}:38: warning: last_reviewed: 2024-01-01 is" in result.stderr


def test_bad_catalogue_keeps_the_last_good_site(catalogue_portal: Path) -> None:
    assert run_etulinja(catalogue_portal, "build").returncode == 0
    before = (catalogue_portal / "site" / "catalogue" / "index.html").read_bytes()
    edit(catalogue_portal, SERVICE, "number: 03 555 0142", "number: 12")
    result = run_etulinja(catalogue_portal, "build")
    assert result.returncode == 1
    assert f"{SERVICE}:25:" in result.stderr
    assert (catalogue_portal / "site" / "catalogue" / "index.html").read_bytes() == before


def test_unquoted_number_gets_a_hint(catalogue_portal: Path) -> None:
    """YAML reads an unquoted 116117 as a number (and 0401234567 loses nothing only by luck)."""
    edit(catalogue_portal, SERVICE, "number: 03 555 0142", "number: 116117")
    assert (f"{SERVICE}:25: channels.phones.0.number: must be text: put it in quotes"
            in problems_of(catalogue_portal))
