"""Care-path pages as staff and citizens meet them, in the built example site: the county
page lists exactly the services the merged path resolves to there, a municipality's
exception is shown for its residents and no one else's, exceptions are said in words
without JavaScript, the compare view marks what a variation changed, and service and
municipality pages link to the steps they take part in.

What each page should show is asked of the domain (``CarePaths``), not written here, so
the tests hold for any paths the example portal has.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from etulinja.care_paths import CarePaths
from etulinja.care_paths.paths import county_municipalities
from etulinja.config import load_config
from etulinja.reference import geography, i18n
from etulinja.site import urls
from etulinja.site.care_paths import SERVICES_PER_STEP
from etulinja.site.content import check
from tests.support.sitepages import soup

PATH = "adults-depression-anxiety"
PAIJAT_HAME = "09"
ORIMATTILA, SYSMA, LAHTI = "560", "781", "398"
PREFIX = {"fi": "", "sv": "sv/", "en": "en/"}


@pytest.fixture(scope="module")
def paths(built_portal: Path) -> CarePaths:
    content, _ = check(load_config(built_portal), dt.date.today())
    assert content.care_paths is not None
    return content.care_paths


def page_of(site: Path, address: str, lang: str = "fi") -> BeautifulSoup:
    return soup(site / PREFIX[lang] / address / "index.html")


def service_ids(element: Tag) -> set[str]:
    """The services an element links to as a step's services."""
    found = set()
    for link in element.select("li.etu-path-service a.etu-path-service__name"):
        path = urlsplit(str(link["href"])).path.rstrip("/")
        found.add(path.rsplit("/", 1)[-1])
    return found


def resolved(page_address: str, href: str) -> str:
    """A link's target as a site path ('care-paths/x/paijat-hame/?kunta=560#…')."""
    full = urljoin(f"http://site/{page_address}", href)
    return full.removeprefix("http://site/")


def test_county_page_lists_exactly_the_services_the_merged_path_resolves_to(
        site: Path, paths: CarePaths) -> None:
    today = dt.date.today()
    checked = 0
    for path_id in paths.ids():
        for county in paths.counties(path_id):
            page = page_of(site, urls.care_path_county(path_id, county))
            version = page.select_one('[data-etu-version="county"]')
            assert version is not None
            merged = paths.merged(path_id, county, None, today)
            steps = version.select("ol.etu-path > li.etu-path-step")
            assert [li["data-step"] for li in steps] == [s.id for s in merged.steps]
            for step, item in zip(merged.steps, steps, strict=True):
                expected = {s.id for s in paths.step_services(step, None, county, today)}
                if len(expected) > SERVICES_PER_STEP:  # the first ones, and a link to all
                    assert len(service_ids(item)) == SERVICES_PER_STEP
                    assert service_ids(item) <= expected and item.select_one(
                        ".etu-path-step__more a")
                else:
                    assert service_ids(item) == expected, (path_id, county, step.id)
                checked += 1
            for exception in paths.municipality_exceptions(path_id, county, today):
                munis = " ".join(exception.municipality_codes)
                local = page.select_one(f'[data-etu-version][data-munis="{munis}"]')
                assert local is not None and local.has_attr("hidden")
                path = paths.merged(path_id, county, exception.municipality_codes[0], today)
                for step in path.steps:
                    item = local.select_one(f'li[data-step="{step.id}"]')
                    assert item is not None
                    expected = {s.id for code in exception.municipality_codes
                                for s in paths.step_services(step, code, county, today)}
                    if len(expected) > SERVICES_PER_STEP:
                        assert service_ids(item) <= expected
                    else:
                        assert service_ids(item) == expected, (path_id, county, munis, step.id)
    assert checked


def test_a_step_with_more_services_than_it_lists_links_to_all_of_them_in_the_finder(
        built_portal: Path, paths: CarePaths, monkeypatch: pytest.MonkeyPatch) -> None:
    """A county page lists the first services of a step (those available throughout the
    county first) and says how many there are, with a link to the county's finder filtered
    to the step's level and topics, and how many each municipality has, for the script."""
    from etulinja.site import care_paths as site_paths

    today = dt.date.today()
    content, _ = check(load_config(built_portal), today)
    monkeypatch.setattr(site_paths, "SERVICES_PER_STEP", 1)
    pages = site_paths.Pages(paths, content.catalogue, ("fi", "sv", "en"), today, False)
    step = paths.merged(PATH, PAIJAT_HAME, None, today).step("guided-self-care")
    assert step is not None and step.rule is not None
    every = paths.step_services(step, None, PAIJAT_HAME, today)
    assert len(every) >= 2  # the example county has more than one: the test needs it
    members = county_municipalities(PAIJAT_HAME)
    county_wide = {s.id for s in every if members <= s.municipalities}
    for lang, words in (("fi", f"1/{len(every)}"), ("sv", f"1 av {len(every)}"),
                        ("en", f"1 of {len(every)}")):
        page = pages.county(PATH, PAIJAT_HAME, lang)
        shown = next(s for s in page.data["versions"][0]["steps"]
                     if s["id"] == "guided-self-care")
        assert len(shown["services"]) == 1
        if county_wide:
            assert shown["services"][0]["id"] in county_wide
        more = shown["more"]
        assert words in more["text"]
        assert geography.counties()[PAIJAT_HAME].name[lang] in more["text"]
        assert more["url"] == urls.county(PAIJAT_HAME) + "?" + "&".join(
            [f"taso=level-{step.rule.care_level}", *(f"aihe={t}" for t in step.rule.topics)])
        counts = dict(pair.split(":") for pair in more["counts"].split())
        for code in members:
            there = len(paths.step_services(step, code, PAIJAT_HAME, today))
            assert int(counts.get(code, 0)) == there, code
    # a step with no more than the limit says nothing more
    monkeypatch.setattr(site_paths, "SERVICES_PER_STEP", len(every))
    page = site_paths.Pages(paths, content.catalogue, ("fi",), today, False).county(
        PATH, PAIJAT_HAME, "fi")
    shown = next(s for s in page.data["versions"][0]["steps"] if s["id"] == "guided-self-care")
    assert shown["more"] is None and len(shown["services"]) == len(every)


def test_each_steps_exit_names_a_few_lines_those_of_the_whole_county_first(
        built_portal: Path, paths: CarePaths, monkeypatch: pytest.MonkeyPatch) -> None:
    """The exit repeated at every step stays short however many crisis services a county
    lists (a national catalogue has dozens in a city): 112, the county's own lines up to
    EXIT_OWN_LINES (those for the whole county first) and one national line; every urgent
    service is in the list at the end of the page."""
    from etulinja.site import care_paths as site_paths

    today = dt.date.today()
    content, _ = check(load_config(built_portal), today)
    members = county_municipalities(PAIJAT_HAME)
    own = [s for s in paths.urgent_help(PAIJAT_HAME, None, today)
           if s.kind == "crisis" and not s.national and s.phones]
    assert own  # the example county has its crisis duty: the test needs one
    for limit in (1, site_paths.EXIT_OWN_LINES):
        monkeypatch.setattr(site_paths, "EXIT_OWN_LINES", limit)
        pages = site_paths.Pages(paths, content.catalogue, ("fi",), today, False)
        urgent = pages.county(PATH, PAIJAT_HAME, "fi").data["urgent"]
        named = [line["url"] for line in urgent["short"]]
        local = [line for line in named if line in {urls.service(s.id) for s in own}]
        assert len(local) == min(limit, len(own))
        wide = [urls.service(s.id) for s in own if members <= s.municipalities]
        if wide:
            assert local[0] in wide
        assert len(named) <= limit + 1  # and one national line
        assert {urls.service(s.id) for s in own} <= {line["url"] for line in urgent["all"]}


def test_orimattila_sees_the_alternative_and_lahti_does_not(
        site: Path, paths: CarePaths) -> None:
    today = dt.date.today()
    page = page_of(site, urls.care_path_county(PATH, PAIJAT_HAME))
    ori = paths.merged(PATH, PAIJAT_HAME, ORIMATTILA, today).step("guided-self-care")
    lahti = paths.merged(PATH, PAIJAT_HAME, LAHTI, today).step("guided-self-care")
    assert ori is not None and lahti is not None and ori.title != lahti.title
    versions = {str(v["data-munis"]): v for v in page.select("[data-etu-version]")}
    local = next(v for munis, v in versions.items() if ORIMATTILA in munis.split())
    assert SYSMA in str(local["data-munis"]).split()
    assert not any(LAHTI in munis.split() for munis in versions)  # Lahti: the county's

    def title(version: Tag) -> str:
        found = version.select_one('li[data-step="guided-self-care"] h3 span:last-child')
        assert found is not None
        return found.get_text(strip=True)

    assert title(local) == ori.title["fi"]
    assert title(versions[""]) == lahti.title["fi"]
    # Lahti's residents are not offered the service only Orimattila and Sysmä have
    only_there = {s.id for s in paths.step_services(ori, ORIMATTILA, PAIJAT_HAME, today)}
    for item in versions[""].select('li[data-step="guided-self-care"] li.etu-path-service'):
        munis = str(item["data-munis"])
        if munis != "all" and LAHTI not in munis.split():
            assert service_ids(BeautifulSoup(f"<ul>{item}</ul>", "html.parser")) <= only_there


def test_exceptions_are_listed_in_words_without_javascript(site: Path,
                                                          paths: CarePaths) -> None:
    today = dt.date.today()
    for lang in ("fi", "sv"):
        page = page_of(site, urls.care_path_county(PATH, PAIJAT_HAME), lang)
        words = page.select_one(".etu-path-exceptions")
        assert words is not None and not words.find_parent(attrs={"hidden": True})
        text = words.get_text(" ", strip=True)
        for exception in paths.municipality_exceptions(PATH, PAIJAT_HAME, today):
            for code in exception.municipality_codes:
                assert geography.municipalities()[code].name[lang] in text
            assert exception.explain[lang] in text
        # the chooser is hidden until the script shows it
        form = page.select_one("form#etu-path-place")
        assert form is not None and form.has_attr("hidden")


def test_compare_view_marks_each_difference_a_patch_made(site: Path,
                                                         paths: CarePaths) -> None:
    today = dt.date.today()
    marked = 0
    for path_id in paths.ids():
        counties = paths.counties(path_id)
        page = page_of(site, urls.care_path_compare(path_id), "en")
        table = page.select_one("table.etu-compare")
        assert table is not None and table.select_one("caption")
        assert len(table.select('thead th[scope="col"]')) == len(counties) + 1
        rows = table.select("tbody tr")
        comparison = paths.compare(path_id, counties, today)
        assert len(rows) == len(comparison)
        for row, compared in zip(rows, comparison, strict=True):
            assert row.select_one('th[scope="row"]')
            cells = row.select("td")
            for cell, county in zip(cells, compared.counties, strict=True):
                assert f"etu-compare__cell--{county.status}" in cell["class"]
                if county.status != "same":
                    marked += 1
                    label = i18n.table("en")[f"care_paths.status.{county.status}"]
                    assert label in cell.get_text(" ", strip=True)
                    assert all(c.source.rsplit("/", 1)[-1] in cell.get_text()
                               for c in county.changes)
    assert marked, "the example paths have county variations"
    # Päijät-Häme's variation changes who decides on short therapy: said in words
    page = page_of(site, urls.care_path_compare(PATH), "en")
    names = [th.get_text(strip=True) for th in page.select('thead th[scope="col"]')]
    column = names.index(geography.counties()[PAIJAT_HAME].name["en"])
    row = next(tr for tr in page.select("tbody tr")
               if tr.select_one("th").get_text(strip=True).startswith("Short therapy"))
    cell = row.select("th, td")[column]
    assert "etu-compare__cell--changed" in cell["class"]
    assert "who decides" in cell.get_text(" ", strip=True)


def test_service_pages_link_to_the_steps_they_give(site: Path, paths: CarePaths) -> None:
    today = dt.date.today()
    for service_id in ("paijat-hame-guided-self-care",
                       "paijat-hame-guided-self-care-orimattila-sysma"):
        links = paths.paths_of_service(service_id, today)
        assert links
        address = urls.service(service_id)
        page = page_of(site, address)
        block = page.select_one('section[aria-labelledby="etu-care-paths"]')
        assert block is not None
        targets = {resolved(address, str(a["href"])) for a in block.select("a")}
        for link in links:
            assert (urls.care_path_county(link.path.id, link.county_code)
                    + f"#etu-step-{link.step.id}") in targets
        text = block.get_text(" ", strip=True)
        assert f"Vaihe {links[0].step_index + 1} polulla" in text


def test_municipality_pages_link_to_the_paths_their_residents_follow(
        site: Path, paths: CarePaths) -> None:
    today = dt.date.today()
    address = urls.municipality(ORIMATTILA)
    page = page_of(site, address)
    block = page.select_one("section.etu-area-paths")
    assert block is not None
    targets = {resolved(address, str(a["href"])) for a in block.select("a")}
    assert urls.care_path_county(PATH, PAIJAT_HAME) + f"?kunta={ORIMATTILA}" in targets
    ori = paths.merged(PATH, PAIJAT_HAME, ORIMATTILA, today)
    steps = [li.get_text(strip=True) for li in block.select("ol li")]
    assert all(step.title["fi"] in steps for step in ori.steps)
    lahti = page_of(site, urls.municipality(LAHTI)).select_one("section.etu-area-paths")
    assert lahti is not None and ori.steps[1].title["fi"] not in lahti.get_text()


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_care_path_page_exists_in_each_language(site: Path, paths: CarePaths,
                                                      lang: str) -> None:
    addresses = [urls.CARE_PATHS]
    for path_id in paths.ids():
        addresses += [urls.care_path(path_id), urls.care_path_compare(path_id)]
        addresses += [urls.care_path_county(path_id, c) for c in paths.counties(path_id)]
    for address in addresses:
        page = page_of(site, address, lang)
        assert page.html is not None and page.html["lang"] == lang, address
        assert page.select_one("h1#etu-main"), address
    county = page_of(site, urls.care_path_county(PATH, PAIJAT_HAME), lang)
    banner = county.select_one(".etu-path-banner")
    assert banner is not None
    assert geography.counties()[PAIJAT_HAME].name[lang] in banner.get_text()
    assert county.select_one("ol.etu-path li.etu-path-step .etu-path-exit a[href='tel:112']")


def test_a_portal_without_paths_still_has_the_list_of_paths() -> None:
    """Pages may link to the list (the example home page does): before any path is
    written it exists in every language and says none has been published."""
    from etulinja.catalogue.model import Catalogue
    from etulinja.site.care_paths import Pages, render_care_paths

    languages = ("fi", "sv", "en")
    pages, records, kinds = render_care_paths(Pages(CarePaths(Catalogue()), Catalogue(),
                                                    languages, dt.date(2026, 12, 5), False))
    assert records == {} and kinds == []
    assert set(pages) == {urls.index_file(urls.CARE_PATHS, lang) for lang in languages}
    for lang in languages:
        page = pages[urls.index_file(urls.CARE_PATHS, lang)]
        assert page.data["paths"] == [] and page.template == "care-paths.html"


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_county_pages_are_whole_pages_filled_into_their_paths_frame(site: Path,
                                                                     lang: str) -> None:
    """County pages are filled into one frame MkDocs renders per path (site/frames.py):
    each has its own title, canonical address, language alternates and county numbers,
    the frame's folder is gone and the sitemap lists the county page, not the frame."""
    address = urls.care_path_county(PATH, PAIJAT_HAME)
    page = page_of(site, address, lang)
    county = geography.counties()[PAIJAT_HAME].name[lang]
    assert page.title is not None and county in page.title.get_text()
    assert page.select_one("h1").get_text(strip=True) in page.title.get_text()
    canonical = page.select_one('link[rel="canonical"]')["href"]
    assert canonical == f"https://etulinja.example/{PREFIX[lang]}{address}"
    alternates = {a["hreflang"]: a["href"] for a in page.select('link[rel="alternate"]')}
    assert alternates["sv"] == f"https://etulinja.example/sv/{address}"
    assert page.select_one('meta[name="etulinja:page-type"]')["content"] == "care-path-county"
    # the county's own crisis line sits in the urgent-help block, as on its other pages
    area = page_of(site, urls.county(PAIJAT_HAME), lang)
    assert [a["href"] for a in page.select(".etu-urgent__list a")] == [
        a["href"] for a in area.select(".etu-urgent__list a")]
    assert not list((site / PREFIX[lang] / urls.care_path(PATH)).glob("_*"))
    assert f"<loc>{canonical}</loc>" in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_a_county_page_whose_record_is_gone_goes_alone(built_portal: Path,
                                                       tmp_path: Path) -> None:
    """What `mkdocs serve` relies on (it reuses its site folder): when a county's
    variation is gone, its page goes; the path's compare view, which MkDocs renders in
    the same folder, and the other counties' pages stay."""
    import shutil

    from etulinja.site.care_paths import county_pages
    from etulinja.site.frames import render_pages
    from tests.support.portal import REPO

    root = tmp_path / "portal"
    shutil.copytree(built_portal, root, ignore=shutil.ignore_patterns("node_modules"))
    config = load_config(root)
    kind = county_pages(PATH)
    folder = root / "site" / "sv" / urls.care_path(PATH)
    slugs = sorted(p.name for p in folder.iterdir()
                   if p.is_dir() and p.name != "compare")
    assert len(slugs) >= 2, slugs  # the example varies the path in more than one county
    gone, kept = slugs[0], folder / slugs[1] / "index.html"
    stamp = kept.stat().st_mtime_ns
    (config.page_data_dir / kind.record_path("sv", gone)).unlink()
    assert render_pages(config, root / "site", "sv", REPO / "overrides", kind) == 0
    assert not (folder / gone).exists()
    assert kept.stat().st_mtime_ns == stamp
    assert (folder / "compare" / "index.html").is_file()
    assert (folder / "index.html").is_file()


def test_county_records_are_the_same_made_on_all_cores(
        built_portal: Path, paths: CarePaths, monkeypatch: pytest.MonkeyPatch) -> None:
    """A national portal's county pages are laid out by forked workers, county by county
    (site/care_paths.county_records): the records are those made in one process."""
    from etulinja.site import care_paths as site_paths

    today = dt.date.today()
    content, _ = check(load_config(built_portal), today)

    def records() -> dict[str, bytes]:
        return site_paths.county_records(site_paths.Pages(
            paths, content.catalogue, ("fi", "sv", "en"), today, False))

    monkeypatch.setattr(site_paths, "COUNTY_PAGES_IN_PARALLEL", 10_000)
    alone = records()
    monkeypatch.setattr(site_paths, "COUNTY_PAGES_IN_PARALLEL", 1)
    monkeypatch.setattr("etulinja.site.parallel.jobs", lambda: 2)
    assert records() == alone
    assert len(alone) == 3 * sum(len(paths.counties(p)) for p in paths.ids())


def test_under_serve_a_paths_county_pages_go_with_its_last_variation(
        built_portal: Path, tmp_path: Path) -> None:
    """`etulinja serve` reuses its site folder: when a path's last variation is removed,
    the path has no county pages, no frame and no kind any more, and the pages filled at
    the last rebuild are removed; the national page and the compare view stay."""
    import shutil

    from etulinja.site.care_paths import county_pages
    from etulinja.site.frames import SERVICE_PAGES, render_kinds
    from etulinja.site.memo import Memo
    from tests.support.portal import REPO

    root = tmp_path / "portal"
    shutil.copytree(built_portal, root, ignore=shutil.ignore_patterns("node_modules"))
    config = load_config(root)
    site, theme, memo = root / "site", REPO / "overrides", Memo()
    kind = county_pages(PATH)
    folder = site / "sv" / urls.care_path(PATH)
    counties = sorted(p.name for p in folder.iterdir() if p.is_dir() and p.name != "compare")
    assert counties
    services = site / "sv" / urls.SERVICES
    service_pages = sorted(p.name for p in services.iterdir())
    render_kinds(config, site, "sv", theme, (SERVICE_PAGES, kind), memo=memo)
    shutil.rmtree(config.page_data_dir / kind.records)  # what assembly leaves then
    render_kinds(config, site, "sv", theme, (SERVICE_PAGES,), memo=memo)
    assert not any((folder / county).exists() for county in counties)
    assert (folder / "compare" / "index.html").is_file()
    assert (folder / "index.html").is_file()
    assert sorted(p.name for p in services.iterdir()) == service_pages  # left alone
