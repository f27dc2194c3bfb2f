"""Plain-text fields are text everywhere: a planted ``<script>`` never becomes markup.

Every field an editor writes as plain text (titles, summaries, names, addresses, labels,
notes, who reviewed it…) in every kind of source gets a value with a script, an image
with an event handler, both kinds of quote and an ampersand, each tagged with where it
was planted. The portal is built with the real command; then every HTML page, the
open data and the CSV are read the way a browser and a spreadsheet would: no planted
value may have become an element or an attribute, and each must show up as the very
text the editor wrote, on every kind of page it reaches.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from tests.support.portal import copy_portal, run_etulinja


def plant(tag: str) -> str:
    """A value that is markup if anything forgets to escape it (≤ 90 characters)."""
    return f"""{tag}<script>pwn(1)</script><img src=x onerror="pwn(2)">'"&"""


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _front(meta: dict[str, Any], body: str) -> str:
    return f"---\n{_dump(meta)}---\n\n{body}\n"


LANGS = ("fi", "sv", "en")


def _each(tag: str) -> dict[str, str]:
    return {lang: plant(f"{tag}-{lang}") for lang in LANGS}


def plant_everywhere(root: Path) -> None:
    """Write an article, a general page, a programme, an organisation, a service and a
    county's help numbers whose every plain-text field is a planted value."""
    articles = root / "docs" / "articles"
    for lang in LANGS:
        meta = {"title": plant(f"article.title-{lang}"),
                "summary": plant(f"article.summary-{lang}"),
                "audience": ["citizens"], "age_groups": ["adults"], "topics": ["sleep"],
                "last_reviewed": "2026-11-01",
                "reviewed_by": plant(f"article.reviewed_by-{lang}"),
                "sources": [{"title": plant(f"article.source-{lang}"),
                             "url": "https://example.org/?a=1&b=2"}]}
        (articles / f"planted.{lang}.md").write_text(
            _front(meta, "Tavallista tekstiä, jossa on & ja < merkit.\n\n## Otsikko"),
            encoding="utf-8")
        page = {"title": plant(f"page.title-{lang}"), "summary": plant(f"page.summary-{lang}")}
        (root / "docs" / f"planted-page.{lang}.md").write_text(
            _front(page, "Tekstiä."), encoding="utf-8")

    programme = root / "self_care" / "planted"
    programme.mkdir()
    (programme / "programme.yml").write_text(_dump({
        "id": "planted",
        "title": _each("programme.title"),
        "summary": _each("programme.summary"),
        "audience": ["citizens"], "age_groups": ["adults"], "topics": ["sleep"],
        "for_whom": {lang: [plant(f"programme.for_whom-{lang}")] for lang in LANGS},
        "written_by": _each("programme.written_by"),
        "reviewed_by": _each("programme.reviewed_by"),
        "last_reviewed": "2026-11-01",
        "sections": [{"kind": "information", "steps": ["first", "second"]}],
    }), encoding="utf-8")
    for step in ("first", "second"):
        for lang in LANGS:
            meta = {"title": plant(f"step.title-{step}-{lang}"),
                    "summary": plant(f"step.summary-{step}-{lang}"), "minutes": 5}
            (programme / f"{step}.{lang}.md").write_text(_front(meta, "Tekstiä."),
                                                           encoding="utf-8")

    (root / "catalogue" / "organisations" / "planted-org.yml").write_text(_dump({
        "name": _each("organisation.name"), "type": "ngo",
        "website": "https://example.org/?a=1&b=2",
        "description": _each("organisation.description"),
    }), encoding="utf-8")
    hours = {"weekly": [{"days": ["mo", "tu", "we", "th", "fr"], "opens": "08:00",
                         "closes": "16:00"}],
             "note": _each("hours.note"),
             "exceptions": [{"date": "2027-01-07", "opens": "09:00", "closes": "12:00",
                             "note": _each("exception.note")}]}
    (root / "catalogue" / "services" / "paijat-hame" / "planted-service.yml").write_text(_dump({
        "name": _each("service.name"),
        "summary": _each("service.summary"),
        "description": {lang: "Kuvaus, jossa on & ja < merkit." for lang in LANGS},
        "organisation": "planted-org",
        "status": "active", "care_level": 1, "target_groups": ["KR1"],
        "age": {"min": 18}, "topics": ["sleep"], "access": ["self-referral"],
        "charge": {"free": False, "details": _each("charge.details")},
        "languages": ["fi", "sv"],
        "area": {"municipalities": ["398"], "note": _each("area.note")},
        "channels": {
            "phones": [{"number": "03 555 0899", "label": _each("phone.label"),
                        "charge": _each("phone.charge"), "hours": hours}],
            "locations": [{"name": _each("location.name"),
                           "address": {"street": plant("location.street"),
                                       "postal_code": "15110", "municipality": "398"},
                           "accessibility": _each("location.accessibility"),
                           "hours": hours}],
            "web": "https://example.org/?a=1&b=2",
        },
        "last_reviewed": "2026-11-01",
        "reviewed_by": plant("service.reviewed_by"),
    }), encoding="utf-8")
    region = root / "catalogue" / "regions" / "paijat-hame.yml"
    data = yaml.safe_load(region.read_text(encoding="utf-8"))
    data["helplines"].append({"label": _each("helpline.label"), "number": "03 555 0898",
                              "hours": _each("helpline.hours"),
                              "source": "https://example.org/?a=1&b=2",
                              "verified": "2026-11-20"})
    region.write_text(_dump(data), encoding="utf-8")


@pytest.fixture(scope="module")
def planted_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_portal(tmp_path_factory.mktemp("planted") / "portal")
    plant_everywhere(root)
    result = run_etulinja(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def _pages(site: Path) -> Iterator[tuple[Path, str]]:
    for page in sorted(site.rglob("*.html")):
        yield page, page.read_text(encoding="utf-8")


def _injected(soup: BeautifulSoup) -> list[str]:
    """Elements and attributes a planted value made: scripts it wrote, images it added,
    event handlers anywhere."""
    found = []
    for script in soup.find_all("script"):
        assert isinstance(script, Tag)
        data = script.get("type") in ("application/ld+json", "application/json")
        if data and "<" in script.get_text():  # could close the element early
            found.append(f"<script type={script.get('type')}> holds a '<'")
        elif not data and "pwn(" in script.get_text():
            found.append(f"<script> {script.get_text()[:60]}")
    for element in soup.find_all(True):
        assert isinstance(element, Tag)
        for name, value in element.attrs.items():
            if name.startswith("on"):
                found.append(f"<{element.name} {name}={value!r}>")
        if element.name == "img" and element.get("src") == "x":
            found.append("<img src=x>")
    return found


def test_no_planted_value_becomes_markup_on_any_page(planted_site: Path) -> None:
    problems = []
    pages = 0
    for page, text in _pages(planted_site):
        if "pwn(" not in text:
            continue
        pages += 1
        for found in _injected(BeautifulSoup(text, "html.parser")):
            problems.append(f"{page.relative_to(planted_site)}: {found}")
    assert pages > 20, "the planted values should reach many pages"
    assert not problems, "\n".join(problems[:30])


def _texts(soup: BeautifulSoup) -> str:
    """What a reader (or a crawler) gets as text: the page's text and its attributes."""
    values = [soup.get_text(" ")]
    for element in soup.find_all(True):
        assert isinstance(element, Tag)
        values += [v if isinstance(v, str) else " ".join(v) for v in element.attrs.values()]
    return "\n".join(values)


# Where each planted field must appear as text: site path -> tags expected there.
EXPECTED_TEXT = {
    "articles/planted/": ["article.title-fi", "article.summary-fi", "article.reviewed_by-fi",
                          "article.source-fi"],
    "sv/articles/planted/": ["article.title-sv", "article.summary-sv"],
    "articles/": ["article.title-fi", "article.summary-fi"],
    "planted-page/": ["page.title-fi", "page.summary-fi"],
    "self-care/": ["programme.title-fi", "programme.summary-fi"],
    "self-care/planted/": ["programme.title-fi", "programme.summary-fi",
                           "programme.for_whom-fi", "programme.written_by-fi",
                           "programme.reviewed_by-fi", "step.title-first-fi",
                           "step.summary-first-fi"],
    "self-care/planted/first/": ["step.title-first-fi", "step.summary-first-fi",
                                 "programme.title-fi", "step.title-second-fi",
                                 "programme.reviewed_by-fi"],
    "en/self-care/planted/second/": ["step.title-second-en", "step.title-first-en"],
    "catalogue/services/planted-service/": [
        "service.name-fi", "service.summary-fi", "organisation.name-fi", "charge.details-fi",
        "area.note-fi", "phone.label-fi", "phone.charge-fi", "location.name-fi",
        "location.street", "location.accessibility-fi", "hours.note-fi", "exception.note-fi",
        "service.reviewed_by", "helpline.label-fi", "helpline.hours-fi"],
    "sv/catalogue/services/planted-service/": ["service.name-sv", "helpline.label-sv"],
    "catalogue/": ["service.name-fi", "service.summary-fi"],
    "catalogue/areas/paijat-hame/": ["service.name-fi", "helpline.label-fi"],
    "catalogue/areas/paijat-hame/lahti/": ["service.name-fi", "helpline.label-fi"],
    "catalogue/services/paijat-hame-guided-self-care/": ["helpline.label-fi"],
}


@pytest.mark.parametrize("path", sorted(EXPECTED_TEXT))
def test_each_planted_value_shows_as_the_text_the_editor_wrote(planted_site: Path,
                                                               path: str) -> None:
    soup = BeautifulSoup((planted_site / path / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    text = _texts(soup)
    missing = [tag for tag in EXPECTED_TEXT[path] if plant(tag) not in text]
    assert not missing, f"/{path} does not show as text: {missing}"


def test_meta_description_and_title_hold_the_whole_value(planted_site: Path) -> None:
    soup = BeautifulSoup((planted_site / "articles/planted/index.html").read_text("utf-8"),
                         "html.parser")
    description = soup.find("meta", attrs={"name": "description"})
    assert isinstance(description, Tag)
    assert description["content"] == plant("article.summary-fi")
    assert soup.title is not None
    assert soup.title.get_text().startswith(plant("article.title-fi"))
    policy = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert isinstance(policy, Tag) and "script-src 'self'" in str(policy["content"])


def test_structured_data_carries_the_values_as_strings(planted_site: Path) -> None:
    html = (planted_site / "catalogue/services/planted-service/index.html").read_text("utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    assert "</script" not in blocks[0].lower() and "<" not in blocks[0]
    data = json.loads(blocks[0])
    assert data["name"] == plant("service.name-fi")
    assert data["provider"]["name"] == plant("organisation.name-fi")


def test_finder_and_search_data_hold_text(planted_site: Path) -> None:
    soup = BeautifulSoup((planted_site / "catalogue/index.html").read_text("utf-8"),
                         "html.parser")
    item = soup.find("li", attrs={"data-id": "planted-service"})
    assert isinstance(item, Tag)
    assert plant("service.name-fi") in item.get_text()
    service = BeautifulSoup(
        (planted_site / "catalogue/services/planted-service/index.html").read_text("utf-8"),
        "html.parser")
    metas = [str(t["data-pagefind-meta"]) for t in service.find_all(attrs={
        "data-pagefind-meta": True}) if isinstance(t, Tag)]
    assert "kind:service" in metas


def test_open_data_and_csv_carry_the_values_as_written(planted_site: Path) -> None:
    listing = json.loads((planted_site / "open-data/hsds/fi/services.json").read_text("utf-8"))
    names = {record["name"] for record in listing["contents"]}
    assert plant("service.name-fi") in names
    rows = list(csv.DictReader(io.StringIO(
        (planted_site / "open-data/services.csv").read_text("utf-8"))))
    row = next(r for r in rows if r["id"] == "planted-service")
    assert row["name_fi"] == plant("service.name-fi")
    assert row["reviewed_by"] == plant("service.reviewed_by")


def test_a_spreadsheet_cell_that_starts_like_a_formula_stays_text(tmp_path: Path) -> None:
    """CSV injection: =HYPERLINK(…) typed into a name must not run in a spreadsheet."""
    root = copy_portal(tmp_path / "portal")
    service = root / "catalogue/services/paijat-hame/paijat-hame-guided-self-care.yml"
    data = yaml.safe_load(service.read_text(encoding="utf-8"))
    data["name"]["fi"] = '=HYPERLINK("https://evil.example/","Avaa")'
    data["reviewed_by"] = "@SUM(1+1)"
    service.write_text(_dump(data), encoding="utf-8")
    assert run_etulinja(root, "build").returncode == 0
    rows = list(csv.DictReader(io.StringIO((root / "site/open-data/services.csv").read_text())))
    row = next(r for r in rows if r["id"] == "paijat-hame-guided-self-care")
    assert row["name_fi"] == "'" + data["name"]["fi"]
    assert row["reviewed_by"] == "'@SUM(1+1)"
    hsds = json.loads((root / "site/open-data/hsds/fi/services.json").read_text())
    assert data["name"]["fi"] in {r["name"] for r in hsds["contents"]}  # JSON keeps it as is
