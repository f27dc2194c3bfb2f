"""Portal settings from ``etulinja.yml``: languages, source folders, review age."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from etulinja.problems import ContentError, Problems
from etulinja.yamlsource import YamlSyntaxError, load_yaml

CONFIG_FILE = "etulinja.yml"


@dataclass(frozen=True)
class PortalConfig:
    """Settings for one portal; paths are absolute."""

    root: Path
    languages: tuple[str, ...]
    required_languages: tuple[str, ...]
    docs_dir: Path
    catalogue_dir: Path
    self_care_dir: Path
    content_dir: Path
    site_dir: Path
    review_max_age_days: int
    site_url: str
    """Public address of the site, ending in '/': used in open data and structured data."""
    example_data_notice: bool
    """Show the 'example data' notice on every catalogue page."""

    @property
    def default_language(self) -> str:
        """The language served at ``/`` and the one every page must exist in."""
        return self.languages[0]

    @property
    def page_data_dir(self) -> Path:
        """Template data of each assembled page, kept beside (not in) the Markdown tree."""
        return self.content_dir.parent / "pagedata"

    def language_prefix(self, lang: str) -> str:
        """URL prefix of a language's pages: '' for the default, 'sv/' for Swedish."""
        return "" if lang == self.default_language else f"{lang}/"


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` holding ``etulinja.yml``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    raise FileNotFoundError(f"no {CONFIG_FILE} found in {here} or any folder above it")


def load_config(root: Path | None = None) -> PortalConfig:
    """Read and check ``etulinja.yml``; every problem is reported with its line."""
    root = find_root(root)
    path = root / CONFIG_FILE
    problems = Problems(root)
    try:
        doc = load_yaml(path.read_text(encoding="utf-8"))
    except YamlSyntaxError as error:
        problems.error(path, error.line, error.message)
        raise ContentError(problems) from None
    data = doc.data if isinstance(doc.data, dict) else {}

    def text(key: str, default: str) -> str:
        value = data.get(key, default)
        if not isinstance(value, str) or not value:
            problems.error(path, doc.line_of([key]), f"{key}: must be a folder path")
            return default
        return value

    languages = data.get("languages", ["fi", "sv", "en"])
    if not (
        isinstance(languages, list)
        and languages
        and all(isinstance(x, str) and len(x) == 2 for x in languages)
    ):
        problems.error(path, doc.line_of(["languages"]), "languages: a list of two-letter codes")
        languages = ["fi", "sv", "en"]
    required = data.get("required_languages", languages[:1])
    if not isinstance(required, list) or any(x not in languages for x in required):
        problems.error(
            path,
            doc.line_of(["required_languages"]),
            "required_languages: each must be one of the languages",
        )
        required = languages[:1]
    max_age = data.get("review_max_age_days", 365)
    if not isinstance(max_age, int) or isinstance(max_age, bool) or max_age < 1:
        problems.error(
            path,
            doc.line_of(["review_max_age_days"]),
            "review_max_age_days: a whole number of days, at least 1",
        )
        max_age = 365
    site_url = data.get("site_url", "https://etulinja.example/")
    if not isinstance(site_url, str) or not site_url.startswith(("https://", "http://")):
        problems.error(path, doc.line_of(["site_url"]), "site_url: the site's full address")
        site_url = "https://etulinja.example/"
    notice = data.get("example_data_notice", False)
    if not isinstance(notice, bool):
        problems.error(path, doc.line_of(["example_data_notice"]),
                       "example_data_notice: true or false")
        notice = False
    config = PortalConfig(
        root=root,
        languages=tuple(languages),
        required_languages=tuple(dict.fromkeys([languages[0], *required])),
        docs_dir=root / text("docs_dir", "docs"),
        catalogue_dir=root / text("catalogue_dir", "catalogue"),
        self_care_dir=root / text("self_care_dir", "self_care"),
        content_dir=root / text("content_dir", "build/content"),
        site_dir=root / text("site_dir", "site"),
        review_max_age_days=max_age,
        site_url=site_url.rstrip("/") + "/",
        example_data_notice=notice,
    )
    if problems.errors:
        raise ContentError(problems)
    return config
