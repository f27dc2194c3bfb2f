"""All content, loaded and validated for one build: the site's way into the domain.

The domain loaders take what they check against as values (``Limits``); here the
portal's settings become those values, and the catalogue's service files are checked the
site's way: on every core for a national catalogue, and under ``etulinja serve`` only
the files whose bytes or context changed since the last rebuild (``memo``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field

from etulinja.articles.pages import Page, load_pages
from etulinja.care_paths import CarePaths, load_care_paths
from etulinja.catalogue.load import CheckServices, ServiceFile, ServiceResult, load_catalogue
from etulinja.catalogue.model import Catalogue
from etulinja.config import PortalConfig
from etulinja.reference import codes
from etulinja.self_care.programmes import Programme, load_programmes
from etulinja.self_care.questionnaires import FOLDER as QUESTIONNAIRE_FOLDER
from etulinja.self_care.questionnaires import Questionnaire, check_uses, load_questionnaires
from etulinja.site.content_links import check_programme_links
from etulinja.site.links import check_links
from etulinja.site.memo import Memo
from etulinja.site.parallel import fork_map
from etulinja.sources.problems import ContentError, Problems
from etulinja.sources.rules import Limits, check_verified


@dataclass
class Content:
    """Everything editors wrote, loaded and validated."""

    pages: list[Page]
    catalogue: Catalogue
    today: dt.date
    programmes: list[Programme] = field(default_factory=list)
    care_paths: CarePaths | None = None
    """Care paths (``catalogue/care_paths/``), checked against the catalogue."""
    questionnaires: dict[str, Questionnaire] = field(default_factory=dict)
    """Questionnaires (``self_care/questionnaires/``), by id."""



def limits_of(config: PortalConfig, today: dt.date) -> Limits:
    """The portal's settings as what loaders check content against."""
    return Limits(today=today, languages=config.languages,
                  required_languages=config.required_languages,
                  review_max_age_days=config.review_max_age_days,
                  urgent_help_max_age_days=config.urgent_help_max_age_days)


def service_checker(memo: Memo | None) -> CheckServices:
    """Check service files on every core; with a ``memo`` (``etulinja serve``), a file
    whose bytes and context (organisations, date, limits) are as at the last rebuild
    keeps its result from then."""

    def check_services(files: Sequence[ServiceFile],
                       check: Callable[[ServiceFile], ServiceResult],
                       context: Hashable) -> list[ServiceResult]:
        remembered = memo.services if memo is not None else {}
        keys = [(file.digest, context) for file in files]
        stale = [i for i, file in enumerate(files)
                 if remembered.get(file.path, ((),))[0] != keys[i]]
        fresh = dict(zip(stale, fork_map(lambda i: check(files[i]), stale), strict=True))
        results = [fresh[i] if i in fresh else remembered[file.path][1]
                   for i, file in enumerate(files)]
        if memo is not None:
            memo.services = {file.path: (keys[i], results[i]) for i, file in enumerate(files)}
        return results

    return check_services


def check(config: PortalConfig, today: dt.date | None = None,
          memo: Memo | None = None) -> tuple[Content, Problems]:
    """Load and validate all content; problems are returned, never raised."""
    today = today or dt.date.today()
    limits = limits_of(config, today)
    problems = Problems(config.root)
    pages = load_pages(config.docs_dir, limits, problems)
    catalogue = load_catalogue(config.catalogue_dir, limits, problems, service_checker(memo))
    programmes = load_programmes(config.self_care_dir, limits, problems)
    check_programme_links(pages, programmes, problems)
    questionnaires = load_questionnaires(config.self_care_dir / QUESTIONNAIRE_FOLDER, limits,
                                         problems)
    check_uses(programmes, questionnaires, problems)
    for helpline in codes.helplines():  # the national numbers, in the package's data
        check_verified(helpline.verified, limits, problems, codes.urgent_help_file(),
                       helpline.line, f"{helpline.id}: verified")
    care_paths = load_care_paths(config.catalogue_dir / "care_paths", catalogue, problems,
                                 today, limits)
    content = Content(pages, catalogue, today, programmes, care_paths,
                      questionnaires=questionnaires)
    check_links(config, content, problems)  # what MkDocs would refuse, at the editor's line
    return content, problems


def load_valid(config: PortalConfig, today: dt.date | None = None,
               memo: Memo | None = None) -> tuple[Content, Problems]:
    """All content, validated; raise ContentError if anything has an error."""
    content, problems = check(config, today, memo)
    if problems.errors:
        raise ContentError(problems)
    return content, problems
