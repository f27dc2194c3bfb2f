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

from etulinja.config import CONFIG_FILE, PortalConfig, load_config
from etulinja.reference import i18n
from etulinja.site import rebuild, signals, urls
from etulinja.site.assemble import AssemblyReport, assemble
from etulinja.site.frames import FrameError, frame_kinds, render_kinds
from etulinja.site.memo import Memo
from etulinja.site.pagefile import PAGE_DATA_SUFFIX
from etulinja.site.preview import Failure, Preview, WithoutDirtyWarning
from etulinja.site.sitemap import complete_sitemap
from etulinja.site.theme import COMPILED_TEMPLATES, escaping_for, template_context
from etulinja.sources import markup
from etulinja.sources.problems import ContentError, Problems

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
    site_dir: Path | None = None
    theme_dir: Path | None = None
    menu: tuple[str, ...] | None = ()
    """The pages of mkdocs.yml's ``nav`` (``about.md``); None without one: every page is
    in the menu."""


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
    """``mkdocs serve --dirty`` (``etulinja serve`` without ``--full``): MkDocs reads only
    the pages that changed, unless the site folder was emptied first (site/rebuild.py)."""
    progress: _Progress = field(default_factory=_Progress)
    default_404: bytes | None = None
    fast_path: rebuild.FastPath = field(default_factory=rebuild.FastPath)
    """Serving: whether MkDocs may rebuild only the pages an edit changed (site/rebuild.py)."""
    preview: Preview = field(default_factory=Preview)
    """Serving: what the browser is shown instead of the site while a rebuild fails."""
    problems: Problems | None = None
    """The content's problems, when they stopped this rebuild."""
    settings_stamp: tuple[int, int] | None = None

    def settings(self, build: Build, reread: bool = False) -> PortalConfig:
        """The portal's settings, checked against MkDocs' once per process; ``reread``:
        again if etulinja.yml changed (at each serve rebuild)."""
        root = build.config_file.resolve().parent
        stamp = _stamp(root / CONFIG_FILE) if reread or self.portal is None else None
        if self.portal is not None and self.portal.root == root and (
                stamp is None or stamp == self.settings_stamp):
            return self.portal
        try:
            portal = load_config(root)
        except ContentError as error:
            self.problems = error.problems
            raise SiteError(f"etulinja.yml has errors:\n{error}") from None
        if build.docs_dir.resolve() != portal.content_dir.resolve():
            raise SiteError(
                f"mkdocs.yml docs_dir must be the assembled tree '{portal.content_dir}', "
                "not the sources: editors write in docs/, Etulinja writes docs_dir")
        if build.languages and build.languages != portal.languages:
            raise SiteError(
                f"mkdocs.yml builds the languages {list(build.languages)}, etulinja.yml has "
                f"{list(portal.languages)}: list the same languages in the same order")
        if self.portal is not None and self.memo is not None:
            self.memo = Memo()  # what it remembers was made with the old settings
        self.portal, self.settings_stamp = portal, stamp
        self.preview.lang = portal.default_language
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
        if dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(WithoutDirtyWarning())

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
        # A serve rebuild starts with the first language: settings are read again there.
        first = not build.languages or lang == build.languages[0]
        portal = self.settings(build, reread=self.memo is not None and first)
        if self.memo is not None and self.memo.warm and lang != portal.default_language:
            # Serving: the default language's build assembled this rebuild's tree moments
            # ago (static-i18n builds the others from inside it); checking every source
            # again would only cost time. `etulinja build` assembles before MkDocs starts.
            return str(i18n.table(lang)["site_description"])
        site_wide = None
        if self.memo is not None and first:  # once per rebuild, before MkDocs writes
            site_wide = rebuild.SiteWide.now(build.theme_dir or portal.root / "overrides",
                                             [build.config_file, portal.root / CONFIG_FILE])
            last = self.fast_path.site_wide
            if last is not None and site_wide.tables_changed(last):
                # A translation table is read once per process: read them again, and
                # forget what was made with the old strings.
                i18n.raw_table.cache_clear()
                i18n.table.cache_clear()
                self.memo = Memo()
        description = str(i18n.table(lang)["site_description"])
        try:
            report = assemble(portal, memo=self.memo)
        except ContentError as error:
            self.problems = error.problems
            raise SiteError(
                f"Content has errors (run 'etulinja check' for the same list):\n{error}"
            ) from None
        if site_wide is not None:
            self._choose_rebuild(build, portal, site_wide, report)
        for problem in report.problems.warnings if report.problems else []:
            log.info("%s", problem)  # a warning would fail --strict; stale reviews must not
        if not report.skipped:
            log.info("etulinja: assembled %d changed file(s), %d removed",
                     report.written, report.deleted)
        return description

    def _choose_rebuild(self, build: Build, portal: PortalConfig, site_wide: rebuild.SiteWide,
                        report: AssemblyReport) -> None:
        """Serving: let MkDocs rebuild only the pages whose files the assembly wrote, or,
        when that would leave other pages wrong, empty the site folder so that it
        rebuilds every page (``--full`` has MkDocs do that at every rebuild)."""
        menu = rebuild.menu_files(build.menu or (), portal.languages)
        reason = self.fast_path.full_rebuild_reason(
            site_wide, rebuild.menu_front_matter(portal.content_dir, menu),
            report.written_paths, report.deleted, every_page_in_menu=build.menu is None)
        if self.dirty and build.site_dir is not None:
            if reason is not None:
                log.info("etulinja: rebuilding every page: %s", reason)
                rebuild.empty(build.site_dir)
            self.fast_path.site_current = False  # until this rebuild has succeeded

    def rebuild_started(self) -> None:
        self.problems = None

    def rebuild_failed(self, logged: list[str], error: BaseException) -> Failure:
        """Serving: a rebuild failed; from now on the browser shows why, until one
        succeeds. Returns what it shows."""
        if self.problems is not None and self.problems.errors:
            failure = Failure.of_content(self.problems.errors)
        else:
            failure = Failure.of_build(logged, error,
                                       self.portal.root if self.portal is not None else None)
        self.preview.failure = failure
        return failure

    def rebuild_succeeded(self) -> None:
        self.preview.failure = None
        self.fast_path.site_current = True

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
            written = render_kinds(portal, site_dir, lang, theme_dir, frame_kinds(portal),
                                   memo=self.memo)
            complete_sitemap(portal, site_dir)
        except FrameError as error:
            raise SiteError(str(error)) from None
        if written:
            log.info("etulinja: %s %d framed page(s) written in %.1f s", lang, written,
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


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return (stat.st_size, stat.st_mtime_ns)
