"""Every visible string comes from a translation table; fi and sv must be complete."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from etulinja.reference import i18n

REPO = Path(__file__).resolve().parents[2]


def test_translation_tables_exist_for_every_language() -> None:
    assert set(i18n.available_languages()) == {"fi", "sv", "en"}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_no_key_missing_compared_with_finnish(lang: str) -> None:
    assert i18n.missing_keys(lang) == []
    assert i18n.missing_keys("fi", reference=lang) == []


def test_every_key_a_template_uses_is_defined() -> None:
    used: set[str] = set()
    for template in (REPO / "overrides").rglob("*.html"):
        used |= set(re.findall(r"t\['([a-z0-9_.-]+)'\]", template.read_text(encoding="utf-8")))
    assert used, "templates look strings up as t['key']"
    for lang in ("fi", "sv", "en"):
        missing = sorted(key for key in used if key not in i18n.raw_table(lang))
        assert not missing, (lang, missing)


def test_templates_hold_no_literal_text() -> None:
    """Text between tags in our templates must come from a lookup, not be typed in."""
    for template in (REPO / "overrides").rglob("*.html"):
        source = template.read_text(encoding="utf-8")
        source = re.sub(r"\{#.*?#\}", "", source, flags=re.S)
        source = re.sub(r"\{[{%].*?[}%]\}", "", source, flags=re.S)
        for text in re.findall(r">([^<>]+)<", source):
            assert not re.search(r"[A-Za-zÅÄÖåäö]{2,}", text), (template.name, text.strip())


def test_dates_are_written_as_readers_expect() -> None:
    import datetime as dt

    day = dt.date(2026, 11, 2)
    assert i18n.format_date(day, "fi") == "2.11.2026"
    assert i18n.format_date(day, "sv") == "2.11.2026"
    assert i18n.format_date(day, "en") == "2 November 2026"


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_string_is_text(lang: str) -> None:
    """YAML 1.1 reads a bare `on`, `no` or `yes` as a boolean: Swedish 'on' (Wednesday)."""
    for key, value in i18n.raw_table(lang).items():
        values = value if isinstance(value, list) else [value]
        assert all(isinstance(v, str) for v in values), (key, value)


def test_site_url_is_the_same_in_both_configurations() -> None:
    """MkDocs' site_url makes hreflang and canonical links; ours makes open-data links.
    (The hook cannot compare them: `mkdocs serve` replaces site_url with its own address.)"""
    import yaml

    from etulinja.config import load_config

    mkdocs = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert mkdocs["site_url"] == load_config(REPO).site_url


def test_every_service_language_has_a_name_in_every_table() -> None:
    """A service's languages are shown by name: each allowed code has one everywhere."""
    from etulinja.sources.schema import load_schema

    codes = load_schema("service")["properties"]["languages"]["items"]["enum"]
    for lang in i18n.available_languages():
        assert all(f"language_names.{code}" in i18n.raw_table(lang) for code in codes), lang
