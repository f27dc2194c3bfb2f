"""What Pagefind is given to read: every page that can be a search result, and not the
listings, which would cost a national catalogue's build 80 MB of HTML per language."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

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


def _bundle(folder: Path, values: list[list[object]]) -> Path:
    """A Pagefind 1.5.2 bundle holding one filter whose values are in the given order,
    named as Pagefind names its files (any hash: Pagefind's are from its own bytes)."""
    from etulinja.site import pagefind_bundle as bundle

    (folder / "filter").mkdir(parents=True)

    def write(path: Path, value: object) -> None:
        path.write_bytes(gzip.compress(bundle.SIGNATURE + bundle._encode(value)))

    write(folder / "filter" / "fi_1234567.pf_filter", ["type", values])
    write(folder / "pagefind.fi_0123456789.pf_meta",
          ["1.5.2", [["fi_aaaaaaa", 10]], [["0", "x", "fi_bbbbbbb"]],
           [["type", "fi_1234567"]], [], ["kind", "title"]])
    (folder / "pagefind-entry.json").write_text(json.dumps(
        {"version": "1.5.2", "languages": {"fi": {"hash": "fi_0123456789", "page_count": 5,
                                                  "wasm": "fi"}}}), encoding="utf-8")
    return folder


def test_a_filter_index_is_the_same_whatever_order_pagefind_wrote_it_in(tmp_path: Path) -> None:
    """Pagefind writes a filter's values in hash-map order; the build sorts them, so the
    same site gives the same bundle (deterministic builds) and search still finds them."""
    from etulinja.site import pagefind_bundle as bundle

    values = [["service", [2, 3]], ["article", [0]], ["self-care", [1, 4]]]
    one = _bundle(tmp_path / "one", values)
    two = _bundle(tmp_path / "two", list(reversed(values)))
    for folder in (one, two):
        bundle.sort_filters(folder)

    def files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes()
                for p in sorted(folder.rglob("*")) if p.is_file()}

    assert files(one) == files(two)
    entry = json.loads((one / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = bundle.read(one / f"pagefind.{entry['languages']['fi']['hash']}.pf_meta")
    assert meta[3][0][0] == "type"
    index = bundle.read(one / "filter" / f"{meta[3][0][1]}.pf_filter")
    assert index == ["type", sorted(values)]
    assert len(list((one / "filter").iterdir())) == 1  # the unsorted one is gone


def test_a_bundle_in_an_unknown_format_fails_the_indexing_loudly(tmp_path: Path) -> None:
    from etulinja.site import pagefind_bundle as bundle

    folder = _bundle(tmp_path / "b", [["page", [0]]])
    meta = folder / "pagefind.fi_0123456789.pf_meta"
    meta.write_bytes(gzip.compress(bundle.SIGNATURE + bundle._encode(["2.0.0", [], [], [], []])))
    with pytest.raises(bundle.BundleFormatError, match=r"not a Pagefind 1\.5\.2"):
        bundle.sort_filters(folder)
