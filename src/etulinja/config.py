"""Portal settings from ``etulinja.yml``: languages, source folders, review age.

The settings decide which folders a build deletes and replaces, so they are checked
before anything is written: against a committed schema (``schemas/portal.schema.json``)
and for folders that would overlap, where a build would overwrite or delete what editors
wrote (``site_dir: docs``) or publish an empty catalogue (a mistyped ``catalogue_dir``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from etulinja.sources import schema
from etulinja.sources.problems import ContentError, Problems
from etulinja.sources.yamldoc import YamlDocument, YamlSyntaxError, load_yaml

CONFIG_FILE = "etulinja.yml"
WORK_DIR = "build"
"""Where a build stages the site aside before publishing it (``build/site-staging``)."""
THEME_PARTS = ("overrides", "hooks", "mkdocs.yml", CONFIG_FILE)
"""Portal files besides the content folders that no output may overwrite."""
_SOURCE_KEYS = ("docs_dir", "catalogue_dir", "self_care_dir")
_OUTPUT_KEYS = ("content_dir", "site_dir")
_DEFAULT_FOLDERS = {"docs_dir": "docs", "catalogue_dir": "catalogue",
                    "self_care_dir": "self_care", "content_dir": "build/content",
                    "site_dir": "site"}


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
    urgent_help_max_age_days: int
    """An urgent-help number verified longer ago than this gets a warning."""
    site_url: str
    """Public address of the site, ending in '/': used in open data and structured data."""
    example_data_notice: bool
    """Show the 'example data' notice on every catalogue page."""
    editors_page: bool = False
    """Publish the editors' page (``editors/``): what the content lacks, as ``etulinja
    status`` reports it; never in the menu, the sitemap or search."""

    @property
    def default_language(self) -> str:
        """The language served at ``/`` and the one every page must exist in."""
        return self.languages[0]

    @property
    def page_data_dir(self) -> Path:
        """Template data of each assembled page, kept beside (not in) the Markdown tree."""
        return self.content_dir.parent / "pagedata"

    @property
    def work_dir(self) -> Path:
        """Where a build stages the site before swapping it into ``site_dir``."""
        return self.root / WORK_DIR


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` holding ``etulinja.yml``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    raise FileNotFoundError(f"no {CONFIG_FILE} found in {here} or any folder above it")


def load_config(root: Path | None = None) -> PortalConfig:
    """Read and check ``etulinja.yml``; raise ContentError with every problem at its line."""
    root = find_root(root)
    path = root / CONFIG_FILE
    problems = Problems(root)
    try:
        doc = load_yaml(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        problems.error(path, 0, "the file is not UTF-8 text; save it as UTF-8")
        raise ContentError(problems) from None
    except YamlSyntaxError as error:
        problems.error(path, error.line, error.message)
        raise ContentError(problems) from None
    if doc.data is None:
        problems.error(path, 1, "the settings file is empty; copy the example in "
                       "src/etulinja/schemas/portal.schema.json and adjust it")
        raise ContentError(problems)
    if not isinstance(doc.data, dict):
        problems.error(path, 1, "the settings must be keys and values (languages: [fi, sv], …)")
        raise ContentError(problems)
    if not schema.validate(doc.data, "portal", doc, path, problems):
        raise ContentError(problems)
    data = doc.data
    languages = tuple(data["languages"])
    required = tuple(data["required_languages"])
    for index, lang in enumerate(required):
        if lang not in languages:
            problems.error(path, doc.line_of(["required_languages", index]),
                           f"required_languages.{index}: '{lang}' is not one of the "
                           f"languages ({', '.join(languages)})")
    if languages[0] not in required:
        problems.error(path, doc.line_of(["required_languages"]),
                       f"required_languages: must include the default language "
                       f"'{languages[0]}' (the first of languages): every page is built "
                       "from it")
    folders = _folders(data, doc, root, path, problems)
    if problems.errors:
        raise ContentError(problems)
    return PortalConfig(
        root=root,
        languages=languages,
        required_languages=required,
        docs_dir=folders["docs_dir"],
        catalogue_dir=folders["catalogue_dir"],
        self_care_dir=folders["self_care_dir"],
        content_dir=folders["content_dir"],
        site_dir=folders["site_dir"],
        review_max_age_days=int(data.get("review_max_age_days", 365)),
        urgent_help_max_age_days=int(data.get("urgent_help_max_age_days", 180)),
        site_url=str(data["site_url"]).rstrip("/") + "/",
        example_data_notice=bool(data.get("example_data_notice", False)),
        editors_page=bool(data.get("editors_page", False)),
    )


def _folders(data: dict[str, object], doc: YamlDocument, root: Path, path: Path,
             problems: Problems) -> dict[str, Path]:
    """Each folder setting as an absolute path, after checking that a build can only
    ever write where no editor writes."""
    folders: dict[str, Path] = {}
    for key, default in _DEFAULT_FOLDERS.items():
        value = str(data.get(key, default))
        relative = Path(value)
        if relative.is_absolute() or ".." in relative.parts:
            problems.error(path, doc.line_of([key]), f"{key}: '{value}' must be a folder "
                           "inside the portal, written relative to etulinja.yml")
            continue
        folders[key] = (root / relative).resolve()
    if len(folders) < len(_DEFAULT_FOLDERS):
        return folders
    root = root.resolve()
    for key in _SOURCE_KEYS:
        folder = folders[key]
        if folder == root:
            problems.error(path, doc.line_of([key]), f"{key}: must be a folder of its own, "
                           "not the portal's root")
        elif not folder.is_dir():
            problems.error(path, doc.line_of([key]), f"{key}: the folder "
                           f"'{_shown(folder, root)}' does not exist; create it or fix the "
                           "name (an empty folder is fine)")
    for index, first in enumerate(_SOURCE_KEYS):
        for second in _SOURCE_KEYS[index + 1:]:
            if _overlap(folders[first], folders[second]):
                problems.error(path, doc.line_of([second]), f"{second}: overlaps {first} "
                               f"('{_shown(folders[first], root)}'): each kind of content "
                               "needs a folder of its own")
    content = folders["content_dir"]
    # What builds write besides the two configured outputs (see PortalConfig, build.py).
    written = {
        "site_dir": [folders["site_dir"]],
        "content_dir": [content, content.parent / "pagedata", content.parent / "frames",
                        content.parent / "assembly.fingerprint"],
    }
    staging = [root / WORK_DIR / name for name in
               ("site-staging", "site-previous", "open-data-staging")]
    protected = {key: folders[key] for key in _SOURCE_KEYS}
    protected.update({part: root / part for part in THEME_PARTS})
    for key in _OUTPUT_KEYS:  # the two outputs may not overlap either
        protected[key] = folders[key]
    for key in _OUTPUT_KEYS:
        message = _output_problem(key, folders[key], written[key], protected, staging, root)
        if message:
            problems.error(path, doc.line_of([key]), message)
    return folders


def _output_problem(key: str, folder: Path, outputs: list[Path], protected: dict[str, Path],
                    staging: list[Path], root: Path) -> str | None:
    """Why a build writing ``outputs`` (for setting ``key``) would destroy something."""
    shown = _shown(folder, root)
    suggestion = f"choose another folder, e.g. '{_DEFAULT_FOLDERS[key]}'"
    if folder == root or root.is_relative_to(folder):
        return (f"{key}: '{shown}' would be the whole portal; a build replaces it, so it "
                f"must be a folder of its own: {suggestion}")
    for name, target in protected.items():
        if name != key and any(_overlap(output, target) for output in outputs):
            return (f"{key}: '{shown}' overlaps {name} ('{_shown(target, root)}'): a build "
                    f"deletes and rewrites {key}, which would destroy what is there; "
                    f"{suggestion}")
    if any(_overlap(output, stage) for output in outputs for stage in staging):
        return (f"{key}: '{shown}' overlaps the folders a build stages the site in "
                f"({WORK_DIR}/site-staging, …); {suggestion}")
    return None


def _overlap(first: Path, second: Path) -> bool:
    """The same folder, or one inside the other."""
    return first == second or first.is_relative_to(second) or second.is_relative_to(first)


def _shown(folder: Path, root: Path) -> str:
    return folder.relative_to(root).as_posix() if folder.is_relative_to(root) else str(folder)
