"""Open data in the built site: HSDS 3.0 JSON validated against the official schemas, CSV."""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.support.portal import run_etulinja

HSDS = Path(__file__).resolve().parents[2] / "src" / "etulinja" / "data" / "hsds" / "3.0"


@cache
def hsds_validator(name: str) -> Draft202012Validator:
    """A validator for an HSDS 3.0 entity with format checking on (uri, email, uuid, date)."""
    resources = []
    for path in HSDS.glob("*.json"):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((path.name, Resource.from_contents(
            contents, default_specification=DRAFT202012)))
    registry: Registry = Registry().with_resources(resources)
    schema = json.loads((HSDS / f"{name}.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema, registry=registry,
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_format_checking_is_really_on() -> None:
    """The validator must reject a bad uuid and uri, or the export tests prove nothing."""
    errors = list(hsds_validator("service").iter_errors(
        {"id": "not-a-uuid", "name": "x", "status": "active", "url": "no uri"}))
    assert {e.validator for e in errors} == {"format"} and len(errors) == 2


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_exported_service_validates_against_hsds_3_0(site: Path, lang: str) -> None:
    files = sorted((site / "open-data" / "hsds" / lang / "services").glob("*.json"))
    assert len(files) >= 60
    for path in files:
        record = json.loads(path.read_text(encoding="utf-8"))
        errors = [f"{list(e.absolute_path)}: {e.message}"
                  for e in hsds_validator("service").iter_errors(record)]
        assert not errors, (path.name, errors[:5])
        assert path.stem == record["id"]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_page_shaped_list_matches_the_service_files(site: Path, lang: str) -> None:
    page = json.loads((site / "open-data" / "hsds" / lang / "services.json").read_text("utf-8"))
    files = {p.stem for p in (site / "open-data" / "hsds" / lang / "services").glob("*.json")}
    assert page["total_items"] == page["size"] == len(page["contents"]) == len(files)
    assert (page["page_number"], page["total_pages"]) == (1, 1)
    assert page["first_page"] and page["last_page"] and not page["empty"]
    assert {item["id"] for item in page["contents"]} == files
    for item in page["contents"]:
        assert not list(hsds_validator("service").iter_errors(item))


def test_nested_service_carries_what_staff_need(fixture_site: Path) -> None:
    from etulinja.catalogue.export import hsds_id

    path = (fixture_site / "open-data" / "hsds" / "fi" / "services" /
            f"{hsds_id('service', 'ph-guided-self-care')}.json")
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["organization"]["name"] == "Päijät-Hämeen hyvinvointialue"
    assert record["phones"][0]["number"] == "+35835550142"
    extents = {area["extent"] for area in record["service_areas"]}
    assert "398" in extents and "560" not in extents and "781" not in extents
    schedule = record["schedules"][0]
    assert (schedule["byday"], schedule["opens_at"], schedule["closes_at"]) == (
        "MO,TU,WE,TH,FR", "08:00", "15:00")
    assert record["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] == "15100"


def test_ids_are_identical_across_two_builds(catalogue_portal: Path) -> None:
    portal = catalogue_portal
    def ids() -> list[str]:
        folder = portal / "site" / "open-data" / "hsds" / "fi" / "services"
        return sorted(p.stem for p in folder.glob("*.json"))

    assert run_etulinja(portal, "build").returncode == 0
    first = ids()
    assert run_etulinja(portal, "build").returncode == 0
    assert ids() == first and len(first) == 3


def test_csv_has_a_row_per_listed_service(site: Path, built_portal: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(
        (site / "open-data" / "services.csv").read_text(encoding="utf-8"))))
    hsds = {p.stem for p in (site / "open-data" / "hsds" / "fi" / "services").glob("*.json")}
    assert {row["hsds_id"] for row in rows} == hsds
    sources = {p.stem for p in (built_portal / "catalogue" / "services").rglob("*.yml")}
    assert {row["id"] for row in rows} <= sources
    assert all(row["name_fi"] and row["name_sv"] for row in rows)
