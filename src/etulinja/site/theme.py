"""What the theme templates get from the domain: strings, helplines and links.

Templates only present; every visible string and every number comes from here, so
that a template holds no Finnish, Swedish or English text of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2

from etulinja.config import PortalConfig
from etulinja.reference import codes, i18n
from etulinja.site import headers, urls
from etulinja.site.slots import slot_markers


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled theme templates, kept for the life of the process.

    MkDocs makes a new Jinja environment for every language of every build, so Material's
    templates were compiled three times a build and again at every `mkdocs serve`
    rebuild (about 2 s each time). Jinja checks each template's source checksum before
    using what is kept here, so an edited template is compiled afresh.
    """

    def __init__(self) -> None:
        self._kept: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        kept = self._kept.get(bucket.key)
        if kept is not None:
            bucket.bytecode_from_string(kept)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._kept[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = CompiledTemplates()


def escaping_for(theme_dir: Path) -> Callable[[str | None], bool]:
    """Jinja's autoescape setting for MkDocs' environment: on for Etulinja's templates.

    Material's templates print HTML they build themselves (the page body, icons) and were
    written for an environment without autoescape, so they keep it off; every template
    in ``overrides/`` escapes whatever it prints unless it marks it as HTML (``| safe``,
    used only for the page body, which the content policy has cleaned).
    """
    ours = frozenset(p.relative_to(theme_dir).as_posix() for p in theme_dir.rglob("*.html"))

    def autoescape(name: str | None) -> bool:
        return name is None or name in ours

    return autoescape


def template_context(config: PortalConfig, lang: str) -> dict[str, Any]:
    """The ``etulinja`` object templates read for one language build."""
    strings = i18n.table(lang, fallback=config.default_language)
    built = dt.date.today()
    helplines = [{
        "id": line.id, "number": line.number, "tel": line.tel, "url": line.url,
        "label": i18n.in_language(line.label, lang, config.languages, "")[0],
        "hours": i18n.in_language(line.hours, lang, config.languages, "")[0],
        "source": line.source, "first": lang in line.first_in,
    } for line in codes.helplines()]
    return {
        "lang": lang,
        "default_language": config.default_language,
        "prefix": urls.language_prefix(lang, config.languages),
        "t": strings,
        "helplines": helplines,
        "autonyms": {code: i18n.table(code)["language_autonym_link"] for code in config.languages},
        "autonyms_short": {code: str(i18n.table(code)["language_name"]).capitalize()
                           for code in config.languages},
        "csp": headers.meta_policy(),
        "site_url": config.site_url,
        # Hours "today", holidays and pilots are worked out for this date: the footer
        # says it, so a page that was not rebuilt shows its age.
        "built": {"iso": built.isoformat(), "text": i18n.format_date(built, lang)},
        "slots": slot_markers(),
    }
