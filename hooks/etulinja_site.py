"""MkDocs adapter for Etulinja: guard, call the site's facade, turn its errors into
build errors.

Kept thin on purpose (MkDocs 1.x is frozen and Material reaches end of life in 2027):
each event reads what it needs from MkDocs' objects, hands plain values to
``etulinja.site.hook.SiteHooks`` and puts back what it returns. The ``etulinja`` package
never imports MkDocs. This file is named unlike the package, because a hook's own folder
is on ``sys.path`` while it loads and would shadow it.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import Abort, PluginError

from etulinja.site import preview
from etulinja.site.hook import Build, SiteError, SiteHooks
from etulinja.site.rebuild import translation_tables

if TYPE_CHECKING:  # for the types only: `mkdocs build` would not load the server's modules
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

_log = logging.getLogger("mkdocs.hooks.etulinja")
_site = SiteHooks()
"""Everything kept between events. MkDocs loads a hook once per process, so it outlives
a serve rebuild (which is what the serve memo wants) and dies with a build."""


@contextmanager
def _guard() -> Iterator[None]:
    try:
        yield
    except SiteError as error:
        raise PluginError(str(error)) from None


def _build(config: MkDocsConfig) -> Build:
    plugin: Any = config.plugins.get("i18n")
    languages = tuple(lang.locale for lang in plugin.config.languages) if plugin else ()
    return Build(Path(str(config.config_file_path)), Path(config.docs_dir), languages,
                 Path(config.site_dir), Path(str(config.theme.custom_dir)),
                 None if config.nav is None else tuple(_pages(config.nav)))


def _pages(nav: Any) -> Iterator[str]:
    """The Markdown files mkdocs.yml's ``nav`` lists, at any depth."""
    if isinstance(nav, str):
        if nav.endswith(".md"):
            yield nav
    elif isinstance(nav, dict):
        for entry in nav.values():
            yield from _pages(entry)
    elif isinstance(nav, list):
        for entry in nav:
            yield from _pages(entry)


def _language(config: MkDocsConfig) -> str:
    return str(config.theme["language"])


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    with _guard():
        extensions, configs = _site.markdown(list(config.markdown_extensions))
    config.markdown_extensions = extensions
    config.mdx_configs = configs
    return config


def on_startup(command: str, dirty: bool) -> None:
    _site.startup(command, dirty)


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """A dirty rebuild (``etulinja serve``'s fast path) reads only the pages that changed, so
    every page it writes would show "None" in the menu for the others: read the menu's
    own pages (a handful) so their titles are known."""
    if _site.dirty:
        for page in nav.pages:
            if page.markdown is None:
                page.read_source(config)
                _site.title_as_text(page.meta)
    return nav


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    _site.title_as_text(page.meta)
    return markdown


def on_pre_build(config: MkDocsConfig) -> None:
    with _guard():
        config["site_description"] = _site.pre_build(_build(config), _language(config))


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig,
                    nav: Navigation) -> dict[str, Any]:
    with _guard():
        data = _site.page_data(_build(config), Path(page.file.abs_src_path or ""))
    if data is not None:
        page.meta["etulinja"] = data
    return context


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    with _guard():
        context, autoescape, compiled = _site.environment(
            _build(config), _language(config), Path(str(config.theme.custom_dir)),
            len(files.documentation_pages()))
    env.globals["etulinja"] = context
    env.autoescape = autoescape
    env.bytecode_cache = compiled
    return env


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    _site.page_done()
    return output


def on_post_build(config: MkDocsConfig) -> None:
    with _guard():
        _site.post_build(_build(config), _language(config), Path(config.site_dir),
                         Path(str(config.theme.custom_dir)))


def on_serve(server: LiveReloadServer, config: MkDocsConfig,
             builder: Callable[..., Any]) -> LiveReloadServer:
    """Watch the sources, not the assembled tree (our own writes must not retrigger), and
    what every page is built with: the theme and the translation tables. A failed rebuild
    shows its problems in the browser instead of leaving every request waiting, and live
    reload comes as a file the pages' security policy allows (site/preview.py)."""
    server.unwatch(config.docs_dir)
    server.watch(str(config.theme.custom_dir))
    server.watch(str(translation_tables()))
    server.builder = _showing_problems(server.builder)
    _site.rebuild_succeeded()  # MkDocs serves only after a first build that succeeded
    logging.getLogger("mkdocs.livereload").addFilter(preview.RequestsAsInfo())
    server._inject_js_into_html = preview.with_reload  # type: ignore[method-assign]
    server.set_app(_site.preview.app(server.serve_request, lambda: _settled(server)))
    return server


def _showing_problems(rebuild: Callable[[], None]) -> Callable[[], None]:
    """MkDocs' rebuild, ending normally even when it fails: MkDocs then shows the new
    version of the site (the problem page) and reloads browsers, instead of answering no
    request until a rebuild succeeds."""

    def rebuild_or_show_problems() -> None:
        _site.rebuild_started()
        with preview.logged_problems() as logged:
            try:
                rebuild()
            except Exception as error:
                if not isinstance(error, Abort | PluginError):
                    traceback.print_exc()  # a bug or a template error: the details help
                failure = _site.rebuild_failed(logged, error)
                _log.error("etulinja serve: the browser shows %d problem(s) instead of the "
                           "site until they are fixed", len(failure.items))
                return
        _site.rebuild_succeeded()

    return rebuild_or_show_problems


def _settled(server: LiveReloadServer) -> int:
    """Wait for a rebuild under way, as MkDocs does before answering; the version shown."""
    with server._epoch_cond:
        server._epoch_cond.wait_for(lambda: server._visible_epoch == server._wanted_epoch)
        return server._visible_epoch
