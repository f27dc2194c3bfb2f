"""Every address of the site, and the assembled file behind it, worked out here once.

A page's address is its path from the site root, ending in '/': ``catalogue/services/
lahti-ipc/``. The default language is served at the root, the others under their code
(``sv/catalogue/services/lahti-ipc/``). The assembled Markdown file of a page is its path
without the slash, with the language as suffix (``catalogue/services/lahti-ipc.sv.md``;
a folder's own page is ``…/index.sv.md``): static-i18n turns it into that address.
"""

from __future__ import annotations

from etulinja.reference import geography

ARTICLES = "articles/"
CATALOGUE = "catalogue/"
SERVICES = "catalogue/services/"
AREAS = "catalogue/areas/"
SELF_CARE = "self-care/"
QUESTIONNAIRES = "self-care/questionnaires/"
SEARCH = "search/"
CARE_PATHS = "care-paths/"
EDITORS = "editors/"
"""The editors' page (``editors_page: true``, ``site/status.py``); an editor's own page
cannot take it while the setting is on."""
OPEN_DATA = "open-data/"


def language_prefix(lang: str, languages: tuple[str, ...]) -> str:
    """Where a language's pages live: '' for the default (the first), 'sv/' for Swedish."""
    return "" if lang == languages[0] else f"{lang}/"


def in_language(path: str, lang: str, languages: tuple[str, ...]) -> str:
    """A page's address in one language: 'catalogue/' -> 'sv/catalogue/'."""
    return language_prefix(lang, languages) + path


def absolute(site_url: str, path: str, lang: str, languages: tuple[str, ...]) -> str:
    """The full address of a page in one language, for open data and structured data."""
    return site_url + in_language(path, lang, languages)


def source_file(path: str, lang: str) -> str:
    """The assembled Markdown file of the page at ``path``: 'catalogue/services/x/' ->
    'catalogue/services/x.sv.md' (the home page, '', is 'index.sv.md')."""
    return f"{path.rstrip('/') or 'index'}.{lang}.md"


def index_file(path: str, lang: str) -> str:
    """The assembled file of a folder's own page, when pages live inside it too:
    'catalogue/' -> 'catalogue/index.sv.md'."""
    return f"{path}index.{lang}.md"


def article(page_id: str) -> str:
    """An editor's page: 'articles/sleep' -> 'articles/sleep/', 'index' -> ''."""
    return "" if page_id == "index" else f"{page_id}/"


def service(service_id: str) -> str:
    return f"{SERVICES}{service_id}/"


def county(code: str) -> str:
    """A county's page: 'catalogue/areas/paijat-hame/'."""
    return f"{AREAS}{geography.counties()[code].slug}/"


def municipality(code: str) -> str:
    """A municipality's page, inside its county's: 'catalogue/areas/paijat-hame/lahti/'.

    The county comes from the code list, so a municipality that moved to another county
    moves with it."""
    place = geography.municipalities()[code]
    return f"{county(place.county_code)}{place.slug}/"


def programme(programme_id: str) -> str:
    return f"{SELF_CARE}{programme_id}/"


def step(programme_id: str, step_id: str) -> str:
    return f"{programme(programme_id)}{step_id}/"


def guide(programme_id: str) -> str:
    """A programme's guide for the professional who guides it: 'self-care/<id>/guide/'
    (no step may be called 'guide')."""
    return f"{programme(programme_id)}guide/"


def questionnaire(questionnaire_id: str) -> str:
    """A questionnaire's own page: 'self-care/questionnaires/phq-9/' (self_care/
    questionnaires/ is never a programme's folder)."""
    return f"{QUESTIONNAIRES}{questionnaire_id}/"


def care_path(path_id: str) -> str:
    """A care path's national overview: 'care-paths/adults-depression-anxiety/'."""
    return f"{CARE_PATHS}{path_id}/"


def care_path_county(path_id: str, county_code: str) -> str:
    """A care path as it applies in a county: 'care-paths/<id>/paijat-hame/'."""
    return f"{care_path(path_id)}{geography.counties()[county_code].slug}/"


def care_path_compare(path_id: str) -> str:
    """A care path's steps side by side across counties: 'care-paths/<id>/compare/'
    (no county's slug is 'compare')."""
    return f"{care_path(path_id)}compare/"
