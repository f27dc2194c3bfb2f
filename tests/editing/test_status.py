"""`etulinja status` and the editors' page: what a county's content lacks, each item at
the file an editor opens, counted the same way in the text, the JSON and the page.

A copy of the example portal gets planted gaps (a lapsed review, one due within 30
days and one within 60, an English name taken out, an English article removed, a county
crisis number verified long ago); the report must list exactly those at their files.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from etulinja.config import load_config
from etulinja.reference import i18n
from etulinja.site.content import check
from etulinja.site.search_index import NOT_INDEXED, index_entries
from etulinja.site.status import CATEGORIES
from etulinja.sources.schema import load_schema, validator
from tests.support.portal import REPO, copy_portal, run_etulinja
from tests.support.sitepages import soup

TODAY = dt.date.today()
SITE_URL = "https://etulinja.example/"
OVERDUE = "catalogue/services/paijat-hame/paijat-hame-short-therapy.yml"
DUE_SOON = "catalogue/services/paijat-hame/paijat-hame-psychiatric-outpatient.yml"
DUE_LATER = "catalogue/services/paijat-hame/paijat-hame-addiction-psychiatry.yml"
NO_ENGLISH_NAME = OVERDUE
ARTICLE = "docs/articles/low-mood"
REGION = "catalogue/regions/paijat-hame.yml"


def _set_review(root: Path, relative: str, days_ago: int) -> dt.date:
    path = root / relative
    date = TODAY - dt.timedelta(days=days_ago)
    text, count = re.subn(r"^last_reviewed: .*$", f"last_reviewed: {date.isoformat()}",
                          path.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert count == 1, relative
    path.write_text(text, encoding="utf-8")
    return date


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example portal with known gaps; the unplanted rest is the baseline."""
    root = copy_portal(tmp_path_factory.mktemp("status") / "portal")
    _set_review(root, OVERDUE, 400)            # the check warns: 35 days past the limit
    _set_review(root, DUE_SOON, 365 - 10)      # due in 10 days
    _set_review(root, DUE_LATER, 365 - 45)     # due in 45 days
    service = root / NO_ENGLISH_NAME
    text = service.read_text(encoding="utf-8")
    assert "  en: Front-line short therapy\n" in text
    service.write_text(text.replace("  en: Front-line short therapy\n", "", 1), encoding="utf-8")
    (root / f"{ARTICLE}.en.md").unlink()
    region = root / REGION
    verified = (TODAY - dt.timedelta(days=170)).isoformat()  # due in 10 days (limit 180)
    region.write_text(re.sub(r'verified: "[0-9-]+"', f'verified: "{verified}"',
                             region.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    return root


def _json(root: Path, *args: str) -> dict[str, Any]:
    result = run_etulinja(root, "status", "--json", *args)
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.fixture(scope="module")
def report(planted: Path) -> dict[str, Any]:
    return _json(planted)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return _json(copy_portal(tmp_path_factory.mktemp("baseline") / "portal"))


def _items(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [dict(item, group=group["id"]) for group in data["groups"]
            for item in group["items"]]


def _key(item: dict[str, Any]) -> str:
    return json.dumps({k: v for k, v in item.items() if k != "message"}, sort_keys=True)


def test_the_planted_gaps_and_nothing_else_are_new(report: dict[str, Any],
                                                    baseline: dict[str, Any]) -> None:
    before = {_key(item) for item in _items(baseline)}
    new = [item for item in _items(report) if _key(item) not in before]
    found = sorted((item["group"], item["category"], item["path"], item["key"]) for item in new)
    assert found == sorted([
        ("national", "translation", f"{ARTICLE}.fi.md", ""),
        ("paijat-hame", "review-overdue", OVERDUE, "last_reviewed"),
        ("paijat-hame", "review-due-30", DUE_SOON, "last_reviewed"),
        ("paijat-hame", "review-due-60", DUE_LATER, "last_reviewed"),
        ("paijat-hame", "translation", NO_ENGLISH_NAME, ""),
        ("paijat-hame", "urgent-due-30", REGION, "helplines.0.verified"),
    ])


def test_an_overdue_review_names_its_file_date_and_age(report: dict[str, Any]) -> None:
    item = next(i for i in _items(report)
                if i["category"] == "review-overdue" and i["path"] == OVERDUE)
    reviewed = TODAY - dt.timedelta(days=400)
    assert item["type"] == "services"
    assert item["id"] == "paijat-hame-short-therapy"
    assert item["date"] == reviewed.isoformat()
    assert item["due"] == (reviewed + dt.timedelta(days=365)).isoformat()
    assert item["days"] == 400
    assert "400 days ago (limit 365 days)" in item["message"]


def test_reviews_due_soon_say_when(report: dict[str, Any]) -> None:
    due = {i["path"]: (i["category"], i["days"]) for i in _items(report)
           if i["category"].startswith("review-due")}
    assert due[DUE_SOON] == ("review-due-30", 10)
    assert due[DUE_LATER] == ("review-due-60", 45)


def test_missing_translations_name_the_language_and_the_file_to_add(
        report: dict[str, Any]) -> None:
    items = _items(report)
    article = next(i for i in items if i["path"] == f"{ARTICLE}.fi.md")
    assert (article["type"], article["lang"], article["add"]) == ("articles", "en",
                                                                  "low-mood.en.md")
    assert article["id"] == "articles/low-mood"
    service = next(i for i in items
                   if i["category"] == "translation" and i["path"] == NO_ENGLISH_NAME)
    assert (service["type"], service["lang"], service["fields"]) == ("services", "en",
                                                                     ["name"])
    assert service["group"] == "paijat-hame"
    # Finnish and Swedish are required where the law requires them: never reported here
    # for a name or a page (check refuses them), only where a text may be in any language.
    for item in items:
        if item["category"] == "translation" and item["lang"] in ("fi", "sv"):
            assert item["fields"] == ["description"], item


def test_an_urgent_number_due_for_verification_is_at_its_line(planted: Path,
                                                              report: dict[str, Any]) -> None:
    item = next(i for i in _items(report) if i["path"] == REGION)
    assert (item["category"], item["days"]) == ("urgent-due-30", 10)
    text = (planted / REGION).read_text(encoding="utf-8").splitlines()
    assert text[item["line"] - 1].strip().startswith("verified:")
    assert item["label"] == "Sosiaali- ja kriisipäivystys"


def test_counts_match_the_items(report: dict[str, Any]) -> None:
    totals: Counter[str] = Counter()
    for group in report["groups"]:
        counted = Counter(item["category"] for item in group["items"])
        assert group["counts"] == {c: counted.get(c, 0) for c in CATEGORIES}
        by_type: Counter[str] = Counter()
        for counts in group["counts_by_type"].values():
            by_type.update(counts)
        assert {c: by_type.get(c, 0) for c in CATEGORIES} == group["counts"]
        totals.update(counted)
    assert report["counts"] == {c: totals.get(c, 0) for c in CATEGORIES}
    assert report["check"] == {"errors": 0, "warnings": 1}  # the lapsed review


@pytest.mark.parametrize("county", ["09", "paijat-hame", "Päijät-Häme"])
def test_county_filters_to_its_own_group(planted: Path, report: dict[str, Any],
                                         county: str) -> None:
    data = _json(planted, "--county", county)
    assert [g["id"] for g in data["groups"]] == ["paijat-hame"]
    whole = next(g for g in report["groups"] if g["id"] == "paijat-hame")
    assert data["groups"][0] == whole
    assert data["counts"] == whole["counts"]


def test_national_content_is_a_group_of_its_own(planted: Path) -> None:
    data = _json(planted, "--county", "national")
    paths = {item["path"] for item in data["groups"][0]["items"]}
    assert f"{ARTICLE}.fi.md" in paths
    assert not any(p.startswith("catalogue/services/paijat-hame/") for p in paths)


def test_a_county_with_nothing_missing_is_listed_with_zeros(planted: Path) -> None:
    data = _json(planted, "--county", "kainuu")
    assert data["groups"] == [{"id": "kainuu", "county": "20", "name": data["groups"][0]["name"],
                               "counts": dict.fromkeys(CATEGORIES, 0), "counts_by_type": {},
                               "items": []}]


def test_an_unknown_county_or_date_is_one_line(planted: Path) -> None:
    for args, said in ((["--county", "atlantis"], "no county 'atlantis'"),
                       (["--date", "5.12.2026"], "--date '5.12.2026' is not a date")):
        result = run_etulinja(planted, "status", *args)
        assert result.returncode == 1
        assert result.stderr.strip().count("\n") == 0 and said in result.stderr
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [[], ["--county", "09"], ["--county", "national"]])
def test_the_json_validates_against_its_schema(planted: Path, report: dict[str, Any],
                                               args: list[str]) -> None:
    data = report if not args else _json(planted, *args)
    Draft202012Validator.check_schema(load_schema("status"))
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}"
              for e in validator("status").iter_errors(data)]
    assert errors == []


def test_the_schema_refuses_what_a_dashboard_could_not_read() -> None:
    example = load_schema("status")["examples"][0]
    broken = json.loads(json.dumps(example))
    broken["groups"][0]["items"][0]["category"] = "stale"
    del broken["counts"]["translation"]
    assert len(list(validator("status").iter_errors(broken))) == 2


def test_the_text_gives_counts_first_then_each_file(planted: Path) -> None:
    result = run_etulinja(planted, "status", "--county", "09")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    group = next(i for i, line in enumerate(lines) if line.startswith("Päijät-Häme (09):"))
    assert "review-overdue 1" in lines[group]
    assert lines[group + 1].startswith("  services: ")
    overdue = next(i for i, line in enumerate(lines) if line.startswith(f"    {OVERDUE}: "
                                                                          "last_reviewed"))
    assert overdue > group + 1
    assert "is 400 days ago (limit 365 days)" in lines[overdue]
    assert f"    {NO_ENGLISH_NAME}: no English text: name" in lines
    assert any(line.startswith(f"    {REGION}:") and "helplines.0.verified" in line
               for line in lines)
    national = run_etulinja(planted, "status", "--county", "national").stdout
    assert f"    {ARTICLE}.fi.md: no English version: add low-mood.en.md" in national


EXAMPLE_RENEWED = dt.date(2026, 12, 5)
"""When the example content's reviews, verifications, pilots and closures were last
brought up to date. Its dates lapse as real content's do (the first, a closure's
reopening, on 2027-01-13; `etulinja status` lists them): the suite checks it as of this
day, so that CI does not fail on a later day for a reason no commit made."""


def test_the_example_content_checks_clean() -> None:
    """The example portal passes `etulinja check` without a warning: new editors learn
    from it that a warning is worth reading."""
    problems = check(load_config(REPO), EXAMPLE_RENEWED)[1]
    assert [str(p) for p in problems.errors] == []
    assert [str(p) for p in problems.warnings] == []


# -- the editors' page ---------------------------------------------------------------------

def _assemble(root: Path, editors_page: bool) -> subprocess.CompletedProcess[str]:
    settings = root / "etulinja.yml"
    text = re.sub(r"^editors_page: .*\n", "", settings.read_text(encoding="utf-8"),
                  flags=re.MULTILINE)
    settings.write_text(text + f"editors_page: {str(editors_page).lower()}\n",
                        encoding="utf-8")
    return run_etulinja(root, "assemble")


def test_the_page_exists_only_when_the_setting_is_on(portal: Path) -> None:
    pages = [f"editors.{lang}.md" for lang in ("fi", "sv", "en")]
    assert _assemble(portal, False).returncode == 0
    assert not [p for p in pages if (portal / "build/content" / p).exists()]
    assert _assemble(portal, True).returncode == 0
    assert all((portal / "build/content" / p).is_file() for p in pages)
    data = json.loads((portal / "build/pagedata/editors.sv.md.json").read_text())
    assert data["kind"] == "editors-status"
    assert "Nationellt innehåll" in json.dumps(data, ensure_ascii=False)


def test_an_editors_own_page_at_its_address_is_refused(portal: Path) -> None:
    (portal / "docs" / "editors.fi.md").write_text("---\ntitle: Toimittajat\nsummary: "
                                                   "Sivu portaalin toimittajille.\n---\n\nTeksti.\n")
    (portal / "docs" / "editors.sv.md").write_text("---\ntitle: Redaktörer\nsummary: "
                                                   "En sida för redaktörer.\n---\n\nText.\n")
    result = _assemble(portal, True)
    assert result.returncode == 1
    assert "docs/editors.fi.md: 'editors/' is the editors' page's address" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_setting_is_in_the_portal_schema() -> None:
    settings = yaml.safe_load((REPO / "etulinja.yml").read_text(encoding="utf-8"))
    assert settings["editors_page"] is True, "the example shows the page, so it is tested"
    assert load_config(REPO).editors_page is True
    assert "editors_page" in load_schema("portal")["properties"]


@pytest.mark.parametrize("prefix", ["", "sv/", "en/"])
def test_the_built_page_is_for_editors_only(site: Path, prefix: str) -> None:
    page = site / prefix / "editors" / "index.html"
    html = soup(page)
    robots = html.select_one('meta[name="robots"]')
    assert robots is not None and "noindex" in str(robots.get("content"))
    assert html.select_one('meta[name="etulinja:page-type"]')["content"] == "editors-status"
    assert html.select_one("[data-pagefind-body]") is None
    assert html.select_one(".etu-notice[role=note]") is not None  # says who it is for
    assert not html.select('.md-nav a[href$="editors/"]'), "not in the menu"
    groups = [h.get_text(strip=True) for h in html.select("section.etu-editors__group h2")]
    lang = prefix.rstrip("/") or "fi"
    assert groups[0] == i18n.table(lang)["editors.national"]
    assert any(name.endswith("(09)") for name in groups)


def test_the_page_is_not_in_the_sitemap_nor_searched(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE_URL}search/</loc>" in sitemap  # a page listed the same way
    assert "/editors/" not in sitemap
    for prefix in ("", "sv/", "en/"):
        assert not any("editors" in entry for entry in index_entries(site / prefix,
                                                                     NOT_INDEXED))
        for fragment in (site / prefix / "pagefind" / "fragment").iterdir():
            assert b'"url":"/' + prefix.encode() + b'editors/' not in gzip.decompress(
                fragment.read_bytes())
