"""Assembly and publishing: idempotent writes, and a failed build never touches the site."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from etulinja.config import load_config
from etulinja.site.assemble import assemble
from tests.support.content import article
from tests.support.files import tree_digest
from tests.support.portal import run_etulinja


def test_second_assembly_writes_nothing(portal: Path) -> None:
    config = load_config(portal)
    first = assemble(config, force=True)
    assert first.written > 0
    mtimes = {p: p.stat().st_mtime_ns for p in config.content_dir.rglob("*.md")}
    second = assemble(config, force=True)
    assert (second.written, second.deleted) == (0, 0)
    assert second.unchanged == first.written
    assert {p: p.stat().st_mtime_ns for p in config.content_dir.rglob("*.md")} == mtimes


def test_unchanged_sources_skip_assembly_entirely(portal: Path) -> None:
    """static-i18n calls the hook once per language; the later calls must cost nothing."""
    config = load_config(portal)
    assemble(config, force=True)
    assert assemble(config).skipped


def test_removed_source_removes_its_pages(portal: Path) -> None:
    # A page no other page links to: removing a linked one is refused (test_links.py).
    for lang in ("fi", "sv"):
        (portal / "docs" / "articles" / f"extra.{lang}.md").write_text(article(), "utf-8")
    config = load_config(portal)
    assemble(config, force=True)
    for lang in ("fi", "sv"):
        (portal / "docs" / "articles" / f"extra.{lang}.md").unlink()
    report = assemble(config, force=True)
    assert report.deleted == 6  # fi, sv and the English fallback, each with its page data
    assert not list(config.content_dir.glob("articles/extra.*"))
    assert (config.content_dir / ".gitkeep").exists()


def test_missing_english_becomes_a_marked_fallback(portal: Path) -> None:
    config = load_config(portal)
    assemble(config, force=True)
    assert (config.content_dir / "articles" / "sleep.en.md").is_file()
    data = json.loads((config.page_data_dir / "articles" / "sleep.en.md.json").read_text("utf-8"))
    assert data["fallback"] is True
    assert data["content_lang"] == "fi"
    assert data["reviewed"]["text"].count(" ") == 2  # "14 October 2026"


def test_failed_content_check_leaves_the_site_byte_identical(
    catalogue_portal: Path, write: Callable[[str, str], Path]
) -> None:
    portal = catalogue_portal
    assert run_etulinja(portal, "build").returncode == 0
    before = tree_digest(portal / "site")
    write("docs/articles/low-mood.fi.md", "---\ntitle: [broken\n---\n")
    result = run_etulinja(portal, "build")
    assert result.returncode == 1
    assert "docs/articles/low-mood.fi.md:2:" in result.stderr
    assert "nothing was changed" in result.stderr
    assert tree_digest(portal / "site") == before


def test_failed_mkdocs_build_leaves_the_site_byte_identical(
    catalogue_portal: Path, write: Callable[[str, str], Path]
) -> None:
    """Content that passes our check but fails MkDocs' strict build (a menu entry for a
    page that does not exist: broken links in content are refused by check itself)."""
    portal = catalogue_portal
    assert run_etulinja(portal, "build").returncode == 0
    before = tree_digest(portal / "site")
    settings = portal / "mkdocs.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "  - about.md\n", "  - about.md\n  - no-such-page.md\n"), encoding="utf-8")
    result = run_etulinja(portal, "build")
    assert result.returncode == 1
    assert "no-such-page.md" in result.stderr
    assert "the last good site was left as it was" in result.stderr
    assert tree_digest(portal / "site") == before
    assert not (portal / "build" / "site-staging").exists()


def test_builds_are_deterministic(catalogue_portal: Path) -> None:
    portal = catalogue_portal
    assert run_etulinja(portal, "build").returncode == 0
    first = tree_digest(portal / "site")
    assert run_etulinja(portal, "build").returncode == 0
    assert tree_digest(portal / "site") == first
