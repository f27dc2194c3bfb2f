"""The browser checks cover every kind of page the site has, in every language.

The gate visits samples, not all pages, so it is only as good as its list: a page type
the list lacks (say, a new questionnaire page) would never be opened in a browser.
"""

from __future__ import annotations

from pathlib import Path

from tests.quality.gate import LANGUAGES, localized, page_types, uncovered_page_types
from tests.quality.test_browser import CONFIG


def test_every_page_type_of_the_site_is_in_the_gate(site: Path) -> None:
    missing = uncovered_page_types(page_types(site), CONFIG.page_types)
    assert not missing, (
        "page types the quality gate never opens; add each to tests/quality/page_types.yml "
        "with a sample path:\n" + "\n".join(missing)
    )


def test_each_sample_exists_in_every_language_with_its_type(site: Path) -> None:
    kind_of = {path: kind for kind, paths in page_types(site).items() for path in paths}
    problems = []
    for spec in CONFIG.page_types.values():
        for path in spec.paths:
            for lang in LANGUAGES:
                page = localized(path, lang)
                if kind_of.get(page) != spec.name:
                    problems.append(
                        f"/{page}: is {kind_of.get(page, 'missing')}, listed as {spec.name}"
                    )
    assert not problems, "stale samples in tests/quality/page_types.yml:\n" + "\n".join(problems)
