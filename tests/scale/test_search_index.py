"""What Pagefind is given to read: every page that can be a search result, and not the
listings, which would cost a national catalogue's build 80 MB of HTML per language."""

from __future__ import annotations

from pathlib import Path

from etulinja.site.search_index import NOT_INDEXED, index_entries


def _site(root: Path, files: list[str]) -> Path:
    for name in files:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("<html></html>", encoding="utf-8")
    return root


def test_listings_and_404_are_left_out_and_everything_else_is_read(tmp_path: Path) -> None:
    site = _site(tmp_path, [
        "index.html", "404.html", "sitemap.xml", "articles/sleep/index.html",
        "catalogue/index.html", "catalogue/services/a/index.html",
        "catalogue/areas/paijat-hame/index.html", "catalogue/areas/paijat-hame/lahti/index.html",
        "self-care/sleep/wind-down/index.html", "sv/index.html",
    ])
    entries = index_entries(site, set(NOT_INDEXED) | {"sv"})
    assert entries == ["articles/**/*.html", "catalogue/index.html",
                       "catalogue/services/**/*.html", "index.html", "self-care/**/*.html"]
