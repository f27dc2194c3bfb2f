"""etulinja.yml cannot destroy or empty anything: dangerous settings are refused at their
line before anything is written, and the sources stay as they were."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.files import tree_digest
from tests.support.portal import copy_portal, run_etulinja


def set_key(settings: Path, key: str, value: str | None) -> int:
    """Set (or with None remove) a key of etulinja.yml; return the line it is on."""
    lines = settings.read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if line.startswith(f"{key}:"):
            if value is None:
                del lines[index]
            else:
                lines[index] = f"{key}: {value}"
            settings.write_text("\n".join(lines) + "\n", encoding="utf-8")
            return index + 1
    lines.append(f"{key}: {value}")
    settings.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


DANGEROUS = [
    pytest.param("site_dir", "docs", "overlaps docs_dir", id="site-is-docs"),
    pytest.param("site_dir", "catalogue", "overlaps catalogue_dir", id="site-is-catalogue"),
    pytest.param("site_dir", "self_care/built", "overlaps self_care_dir", id="site-in-sources"),
    pytest.param("site_dir", ".", "would be the whole portal", id="site-is-root"),
    pytest.param("site_dir", "overrides", "overlaps overrides", id="site-is-theme"),
    pytest.param("site_dir", "build/content", "overlaps content_dir", id="site-is-tree"),
    pytest.param("site_dir", "build/site-staging", "stages the site", id="site-is-staging"),
    pytest.param("site_dir", "/tmp/somewhere", "must be a folder inside the portal",
                 id="site-absolute"),
    pytest.param("site_dir", "../elsewhere", "must be a folder inside the portal",
                 id="site-outside"),
    pytest.param("content_dir", "docs", "overlaps docs_dir", id="tree-is-docs"),
    pytest.param("content_dir", "docs/build", "overlaps docs_dir", id="tree-in-docs"),
    pytest.param("content_dir", "site", "overlaps site_dir", id="tree-is-site"),
    pytest.param("content_dir", ".", "would be the whole portal", id="tree-is-root"),
    pytest.param("catalogue_dir", "katalogi", "'katalogi' does not exist", id="catalogue-typo"),
    pytest.param("docs_dir", "sivut", "'sivut' does not exist", id="docs-typo"),
    pytest.param("self_care_dir", "catalogue", "overlaps catalogue_dir", id="sources-overlap"),
    pytest.param("languages", "[fi, sv, xx]", "'xx' is not allowed here; use one of: fi, sv, en",
                 id="unknown-language"),
    pytest.param("languages", "[]", "languages: needs at least 1", id="no-languages"),
    pytest.param("required_languages", "[fi, sv, de]", "'de' is not allowed here",
                 id="unknown-required-language"),
    pytest.param("required_languages", "[sv]", "must include the default language 'fi'",
                 id="default-not-required"),
    pytest.param("site_url", "etulinja.example", "site_url: ", id="site-url-not-an-address"),
    pytest.param("site_url", "javascript:alert(1)", "site_url: ", id="site-url-script"),
    pytest.param("review_max_age_days", "0", "review_max_age_days: ", id="review-age-zero"),
    pytest.param("review_max_age_days", "yes", "review_max_age_days: ", id="review-age-word"),
    pytest.param("example_data_notice", "maybe", "example_data_notice: ", id="notice-word"),
    pytest.param("sitedir", "public", "unknown key 'sitedir'", id="key-typo"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One built portal for every case: a refused setting must leave it as it is."""
    root = copy_portal(tmp_path_factory.mktemp("settings") / "portal")
    run = run_etulinja(root, "build")
    assert run.returncode == 0, run.stderr
    return root


@pytest.mark.parametrize(("key", "value", "words"), DANGEROUS)
def test_dangerous_settings_are_refused_at_their_line_and_nothing_is_written(
        built: Path, key: str, value: str, words: str) -> None:
    settings = built / "etulinja.yml"
    good = settings.read_text(encoding="utf-8")
    sources = {name: tree_digest(built / name) for name in ("docs", "catalogue", "self_care",
                                                        "overrides")}
    site = tree_digest(built / "site")
    line = set_key(settings, key, value)
    try:
        for command in ("check", "build"):
            result = run_etulinja(built, command)
            assert result.returncode == 1, f"{command} accepted {key}: {value}"
            assert "Traceback" not in result.stderr
            found = [row for row in result.stderr.splitlines() if words in row]
            assert found, f"{command}: no {words!r} in:\n{result.stderr}"
            assert any(row.startswith(f"etulinja.yml:{line}: ") for row in found), (
                f"{command}: expected at etulinja.yml:{line}:\n{result.stderr}")
    finally:
        settings.write_text(good, encoding="utf-8")
    assert {name: tree_digest(built / name) for name in sources} == sources
    assert tree_digest(built / "site") == site


@pytest.mark.parametrize("key", ["languages", "required_languages", "site_url"])
def test_a_setting_that_matters_cannot_be_left_out(portal: Path, key: str) -> None:
    set_key(portal / "etulinja.yml", key, None)
    result = run_etulinja(portal, "check")
    assert result.returncode == 1
    assert f"missing required key '{key}'" in result.stderr
    assert re.search(r"^etulinja\.yml:\d+: ", result.stderr, re.M)


def test_an_empty_settings_file_is_refused(portal: Path) -> None:
    (portal / "etulinja.yml").write_text("# nothing yet\n", encoding="utf-8")
    result = run_etulinja(portal, "check")
    assert result.returncode == 1
    assert "etulinja.yml:1: the settings file is empty" in result.stderr


def test_settings_that_are_not_keys_and_values_are_refused(portal: Path) -> None:
    (portal / "etulinja.yml").write_text("- fi\n- sv\n", encoding="utf-8")
    result = run_etulinja(portal, "check")
    assert result.returncode == 1
    assert "etulinja.yml:1: the settings must be keys and values" in result.stderr


def test_mkdocs_building_other_languages_is_refused(portal: Path) -> None:
    """etulinja.yml and mkdocs.yml must agree on the languages, or pages would be missing."""
    set_key(portal / "etulinja.yml", "languages", "[fi, sv]")
    for page in portal.rglob("*.en.md"):
        page.unlink()
    result = run_etulinja(portal, "build")
    assert result.returncode == 1
    assert "mkdocs.yml builds the languages ['fi', 'sv', 'en']" in result.stdout + result.stderr
    assert not (portal / "site").exists()


def test_readme_shows_the_headers_the_site_is_published_with() -> None:
    """The deployment snippets in the README are the policy the gate tests."""
    from etulinja.site import headers

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for snippet in (headers.headers_file(), headers.nginx_snippet(), headers.apache_snippet()):
        assert snippet in readme, snippet


def test_the_built_site_carries_its_headers_file(built: Path) -> None:
    from etulinja.site import headers

    assert (built / "site" / headers.HEADERS_FILE).read_text(encoding="utf-8") == (
        headers.headers_file())
