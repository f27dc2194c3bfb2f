"""MkDocs adapter for Etulinja: guard, call the package, turn its errors into build errors.

Kept thin on purpose (MkDocs 1.x is frozen and Material reaches end of life in 2027):
all content logic lives in the ``etulinja`` package, which never imports MkDocs. This
file is named unlike the package, because a hook's own folder is on ``sys.path`` while
it loads and would shadow it.
"""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.exceptions import PluginError

from etulinja.config import PortalConfig, load_config
from etulinja.reference import i18n
from etulinja.site.assemble import assemble
from etulinja.site.frames import FrameError, complete_sitemap, render_service_pages
from etulinja.site.memo import Memo
from etulinja.site.pagefile import PAGE_DATA_SUFFIX
from etulinja.site.search_index import LANGUAGE_BUILT
from etulinja.site.theme import COMPILED_TEMPLATES, escaping_for, template_context
from etulinja.sources import markup
from etulinja.sources.problems import ContentError

log = logging.getLogger("mkdocs.hooks.etulinja")
_portal: PortalConfig | None = None
_memo: Memo | None = None
"""Kept between the rebuilds of `mkdocs serve` only: a build always starts cold. (MkDocs
loads a hook module once per process, so its globals outlive a rebuild.)"""
_dirty = False
"""`mkdocs serve --dirty`: MkDocs reads only the pages that changed."""


class _Progress:
    """Pages done of the total and time left, logged about every tenth of a language build:
    a national catalogue takes minutes, and a silent terminal looks like a hang."""

    def __init__(self) -> None:
        self.lang, self.total, self.done, self.started, self.next_report = "", 0, 0, 0.0, 0

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


_progress = _Progress()


def _portal_config(config: Any) -> PortalConfig:
    global _portal
    root = Path(config.config_file_path).resolve().parent
    if _portal is None or _portal.root != root:
        try:
            _portal = load_config(root)
        except ContentError as error:
            raise PluginError(f"etulinja.yml has errors:\n{error}") from None
        if Path(config.docs_dir).resolve() != _portal.content_dir.resolve():
            raise PluginError(
                f"mkdocs.yml docs_dir must be the assembled tree '{_portal.content_dir}', "
                "not the sources: editors write in docs/, Etulinja writes docs_dir"
            )
        plugin = config.plugins.get("i18n")
        built = [lang.locale for lang in plugin.config.languages] if plugin else []
        if built and built != list(_portal.languages):
            raise PluginError(
                f"mkdocs.yml builds the languages {built}, etulinja.yml has "
                f"{list(_portal.languages)}: list the same languages in the same order")
    return _portal


def on_config(config: Any) -> Any:
    """Markdown is converted with Etulinja's one configuration, content policy included
    (etulinja/markup.py), so pages and service descriptions take the same Markdown and
    nothing outside the policy reaches a page. mkdocs.yml may not set its own."""
    builtins = ["toc", "tables", "fenced_code"]  # what MkDocs adds to every list
    if list(config.markdown_extensions) not in (builtins, list(markup.MARKDOWN_EXTENSIONS)):
        raise PluginError(
            "mkdocs.yml: remove markdown_extensions; Etulinja sets them (with its content "
            "policy) in src/etulinja/markup.py, so every page and service description is "
            "written in the same Markdown")
    config.markdown_extensions = list(markup.MARKDOWN_EXTENSIONS)
    config.mdx_configs = {name: dict(options) for name, options in
                          markup.MARKDOWN_CONFIGS.items()}
    return config


def on_startup(command: str, dirty: bool) -> None:
    """Under `mkdocs serve`, remember each rebuild's work: an edit then redoes only what
    it changed (etulinja/memo.py)."""
    global _memo, _dirty
    _memo = Memo() if command == "serve" else None
    _dirty = dirty


def on_nav(nav: Any, config: Any, files: Any) -> Any:
    """A dirty rebuild (`etulinja serve --dirty`) reads only the pages that changed, so
    every page it writes would show "None" in the menu for the others: read the menu's
    own pages (a handful) so their titles are known."""
    if _dirty:
        for page in nav.pages:
            if page.markdown is None:
                page.read_source(config)
                _title_as_text(page)
    return nav


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    _title_as_text(page)
    return markdown


def _title_as_text(page: Any) -> None:
    """A title is text. Material's own templates print titles (the menu, <title>)
    without escaping: hand them the escaped text, marked as such so that Etulinja's
    templates, which escape everything, do not escape it twice."""
    title = page.meta.get("title")
    if isinstance(title, str) and not isinstance(title, Markup):
        page.meta["title"] = Markup.escape(title)


def on_pre_build(config: Any) -> None:
    """Assemble before MkDocs collects files: on every build, serve rebuild and language."""
    portal = _portal_config(config)
    if _memo is not None and _memo.warm and config.theme["language"] != portal.default_language:
        # Serving: the default language's build assembled this rebuild's tree moments ago
        # (static-i18n builds the others from inside it); checking every source again
        # would only cost time. `etulinja build` assembles before MkDocs starts.
        _set_description(config)
        return
    try:
        report = assemble(portal, memo=_memo)
    except ContentError as error:
        raise PluginError(
            f"Content has errors (run 'etulinja check' for the same list):\n{error}"
        ) from None
    if report.problems:
        for problem in report.problems.warnings:
            log.info("%s", problem)  # a warning would fail --strict; stale reviews must not
    if not report.skipped:
        log.info(
            "etulinja: assembled %d changed file(s), %d removed", report.written, report.deleted
        )
    _set_description(config)


def _set_description(config: Any) -> None:
    config["site_description"] = i18n.table(config.theme["language"])["site_description"]


def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    """Give the page its template data, kept beside the Markdown tree as JSON."""
    portal = _portal_config(config)
    # relpath, not resolve(): both paths come from docs_dir as configured, symlinks or not.
    source = Path(os.path.relpath(page.file.abs_src_path, config.docs_dir))
    data_file = portal.page_data_dir / (source.as_posix() + PAGE_DATA_SUFFIX)
    if data_file.is_file():
        page.meta["etulinja"] = json.loads(data_file.read_bytes())
    return context


def on_env(env: Any, config: Any, files: Any) -> Any:
    """Give templates the strings and helplines of the language being built, and
    escape everything Etulinja's templates print unless they mark it as HTML."""
    env.globals["etulinja"] = template_context(_portal_config(config), config.theme["language"])
    env.autoescape = escaping_for(Path(config.theme.custom_dir))
    env.bytecode_cache = COMPILED_TEMPLATES
    _progress.start(config.theme["language"], len(files.documentation_pages()))
    return env


def on_post_page(output: str, page: Any, config: Any) -> str:
    _progress.page_done()
    return output


_default_404: bytes | None = None


def on_post_build(config: Any) -> None:
    """Fill in the service pages of the language just built, then fix up 404 pages."""
    portal = _portal_config(config)
    lang = config.theme["language"]
    site_dir = Path(config.site_dir)
    started = time.monotonic()
    try:
        written = render_service_pages(portal, site_dir, lang, Path(config.theme.custom_dir),
                                       memo=_memo)
        complete_sitemap(portal, site_dir)
    except FrameError as error:
        raise PluginError(str(error)) from None
    if written:
        log.info("etulinja: %s %d service page(s) written in %.1f s", lang, written,
                 time.monotonic() - started)
    _keep_404(config, portal)
    # `etulinja build` indexes this language for search while MkDocs builds the next.
    log.info("%s%s", LANGUAGE_BUILT, lang)


def _keep_404(config: Any, portal: PortalConfig) -> None:
    """Keep a 404 page per language, and the Finnish one at the root.

    static-i18n builds every language into the same site_dir and MkDocs writes 404.html
    to its root each time. The default language is built first: keep its page, copy each
    later language's to /<lang>/404.html and put the default one back. Its links are
    absolute, so the copies work from any address.
    """
    global _default_404
    lang = config.theme["language"]
    root_404 = Path(config.site_dir) / "404.html"
    if not root_404.is_file():
        return
    prefix = portal.language_prefix(lang)
    if not prefix:
        _default_404 = root_404.read_bytes()
        return
    target = Path(config.site_dir) / prefix / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(root_404.read_bytes())
    if _default_404 is not None:
        root_404.write_bytes(_default_404)


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    """Watch the sources, not the assembled tree: our own writes must not retrigger."""
    server.unwatch(config.docs_dir)
    return server
