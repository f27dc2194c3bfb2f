"""The site's side of the MkDocs hook: one object that holds what a build keeps between
MkDocs' events, and one method per event, taking and giving plain values.

``hooks/etulinja_site.py`` is the adapter: it reads what a method needs from MkDocs'
objects, calls it, and turns a ``SiteError`` into MkDocs' ``PluginError``. So this module
knows MkDocs' ways (static-i18n builds one language after another into one folder, the
frame page, the 404 page at the root, ``--dirty`` rebuilds) without importing MkDocs.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from etulinja.config import PortalConfig, load_config
from etulinja.reference import i18n
from etulinja.site import signals, urls
from etulinja.site.assemble import assemble
from etulinja.site.frames import FRAME_KINDS, FrameError, render_pages
from etulinja.site.memo import Memo
from etulinja.site.pagefile import PAGE_DATA_SUFFIX
from etulinja.site.sitemap import complete_sitemap
from etulinja.site.theme import COMPILED_TEMPLATES, escaping_for, template_context
from etulinja.sources import markup
from etulinja.sources.problems import ContentError

log = logging.getLogger("mkdocs.hooks.etulinja")
MKDOCS_BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")
"""What MkDocs adds to every list of Markdown extensions."""


class SiteError(Exception):
    """Something the build must stop for, said in plain words for the editor."""


@dataclass(frozen=True)
class Build:
    """Where MkDocs builds from and to, as its configuration says."""

    config_file: Path
    docs_dir: Path
    languages: tuple[str, ...]
    """The languages the i18n plugin builds, in order (empty without the plugin)."""


@dataclass
class _Progress:
    """Pages done of the total and time left, logged about every tenth of a language build:
    a national catalogue takes minutes, and a silent terminal looks like a hang."""

    lang: str = ""
    total: int = 0
    done: int = 0
    started: float = 0.0
    next_report: int = 0

    def start(self, lang: str, total: int) -> None:
        self.lang, self.total, self.done = lang, total, 0
        self.started = time.monotonic()
        self.next_report = max(100, total // 10)

    def page_done(self) -> None:
        self.done += 1
        if self.done < self.next_report or self.total < 200:
            return
        self.next_report += max(100, self.total // 10)
        elapsed = time.monotonic() - self.started
        left = elapsed / self.done * (self.total - self.done)
        log.info("etulinja: %s %d/%d pages, about %.0f s left in this language",
                 self.lang, self.done, self.total, left)


@dataclass
class SiteHooks:
    """What one MkDocs process (a build, or a serve with its rebuilds) keeps."""

    portal: PortalConfig | None = None
    memo: Memo | None = None
    """Kept between the rebuilds of ``mkdocs serve`` only: a build always starts cold."""
    dirty: bool = False
    """``mkdocs serve --dirty``: MkDocs reads only the pages that changed."""
    progress: _Progress = field(default_factory=_Progress)
    default_404: bytes | None = None

    def settings(self, build: Build) -> PortalConfig:
        """The portal's settings, checked against MkDocs' once per process."""
        root = build.config_file.resolve().parent
        if self.portal is not None and self.portal.root == root:
            return self.portal
        try:
            portal = load_config(root)
        except ContentError as error:
            raise SiteError(f"etulinja.yml has errors:\n{error}") from None
        if build.docs_dir.resolve() != portal.content_dir.resolve():
            raise SiteError(
                f"mkdocs.yml docs_dir must be the assembled tree '{portal.content_dir}', "
                "not the sources: editors write in docs/, Etulinja writes docs_dir")
        if build.languages and build.languages != portal.languages:
            raise SiteError(
                f"mkdocs.yml builds the languages {list(build.languages)}, etulinja.yml has "
                f"{list(portal.languages)}: list the same languages in the same order")
        self.portal = portal
        return portal

    def markdown(self, configured: list[str]) -> tuple[list[str], dict[str, dict[str, Any]]]:
        """Markdown is converted with Etulinja's one configuration, content policy
        included (sources/markup.py), so pages and service descriptions take the same
        Markdown and nothing outside the policy reaches a page."""
        if configured not in (list(MKDOCS_BUILTIN_EXTENSIONS),
                              list(markup.MARKDOWN_EXTENSIONS)):
            raise SiteError(
                "mkdocs.yml: remove markdown_extensions; Etulinja sets them (with its "
                "content policy) in src/etulinja/sources/markup.py, so every page and "
                "service description is written in the same Markdown")
        return (list(markup.MARKDOWN_EXTENSIONS),
                {name: dict(options) for name, options in markup.MARKDOWN_CONFIGS.items()})

    def startup(self, command: str, dirty: bool) -> None:
        """Under ``mkdocs serve``, remember each rebuild's work: an edit then redoes only
        what it changed (site/memo.py)."""
        self.memo = Memo() if command == "serve" else None
        self.dirty = dirty

    @staticmethod
    def title_as_text(meta: MutableMapping[str, Any]) -> None:
        """A title is text. Material's own templates print titles (the menu, <title>)
        without escaping: hand them the escaped text, marked as such so that Etulinja's
        templates, which escape everything, do not escape it twice."""
        title = meta.get("title")
        if isinstance(title, str) and not isinstance(title, Markup):
            meta["title"] = Markup.escape(title)

    def pre_build(self, build: Build, lang: str) -> str:
        """Assemble before MkDocs collects files, on every build, serve rebuild and
        language; return the site's description in ``lang``."""
        portal = self.settings(build)
        description = str(i18n.table(lang)["site_description"])
        if self.memo is not None and self.memo.warm and lang != portal.default_language:
            # Serving: the default language's build assembled this rebuild's tree moments
            # ago (static-i18n builds the others from inside it); checking every source
            # again would only cost time. `etulinja build` assembles before MkDocs starts.
            return description
        try:
            report = assemble(portal, memo=self.memo)
        except ContentError as error:
            raise SiteError(
                f"Content has errors (run 'etulinja check' for the same list):\n{error}"
            ) from None
        for problem in report.problems.warnings if report.problems else []:
            log.info("%s", problem)  # a warning would fail --strict; stale reviews must not
        if not report.skipped:
            log.info("etulinja: assembled %d changed file(s), %d removed",
                     report.written, report.deleted)
        return description

    def page_data(self, build: Build, source: Path) -> dict[str, Any] | None:
        """A page's template data, kept beside the Markdown tree as JSON."""
        portal = self.settings(build)
        # relpath, not resolve(): both paths come from docs_dir as configured.
        relative = Path(os.path.relpath(source, build.docs_dir))
        data_file = portal.page_data_dir / (relative.as_posix() + PAGE_DATA_SUFFIX)
        if not data_file.is_file():
            return None
        data: dict[str, Any] = json.loads(data_file.read_bytes())
        return data

    def environment(self, build: Build, lang: str, theme_dir: Path, pages: int
                    ) -> tuple[dict[str, Any], Callable[[str | None], bool], jinja2.BytecodeCache]:
        """What templates get in ``lang`` (strings, helplines, slots), how they escape, and
        the compiled templates kept for the process; starts the language's progress."""
        self.progress.start(lang, pages)
        return (template_context(self.settings(build), lang), escaping_for(theme_dir),
                COMPILED_TEMPLATES)

    def page_done(self) -> None:
        self.progress.page_done()

    def post_build(self, build: Build, lang: str, site_dir: Path, theme_dir: Path) -> None:
        """Fill in the framed pages of the language just built, complete the sitemap,
        keep the language's 404 page, then say the language is built."""
        portal = self.settings(build)
        started = time.monotonic()
        try:
            written = sum(render_pages(portal, site_dir, lang, theme_dir, kind, memo=self.memo)
                          for kind in FRAME_KINDS)
            complete_sitemap(portal, site_dir)
        except FrameError as error:
            raise SiteError(str(error)) from None
        if written:
            log.info("etulinja: %s %d service page(s) written in %.1f s", lang, written,
                     time.monotonic() - started)
        self._keep_404(portal, lang, site_dir)
        # `etulinja build` indexes this language for search while MkDocs builds the next.
        log.info("%s%s", signals.BUILT_LOG, lang)
        signals.language_built(lang)

    def _keep_404(self, portal: PortalConfig, lang: str, site_dir: Path) -> None:
        """Keep a 404 page per language, and the default language's at the root.

        static-i18n builds every language into the same site folder and MkDocs writes
        404.html to its root each time. The default language is built first: keep its
        page, copy each later language's to /<lang>/404.html and put the default one
        back. Its links are absolute, so the copies work from any address.
        """
        root_404 = site_dir / "404.html"
        if not root_404.is_file():
            return
        prefix = urls.language_prefix(lang, portal.languages)
        if not prefix:
            self.default_404 = root_404.read_bytes()
            return
        target = site_dir / prefix / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(root_404.read_bytes())
        if self.default_404 is not None:
            root_404.write_bytes(self.default_404)
