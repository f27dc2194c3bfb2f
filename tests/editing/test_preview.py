"""`etulinja serve` as an editor's preview: a broken edit shows its problems in the
browser, at their file and line, instead of leaving the page loading forever; the page
comes back once the edit is fixed; and the fast rebuild falls back to a full one whenever
a change reaches pages it did not touch.

One real `etulinja serve` runs for the module (on a copy of the example portal with the
small test catalogue); every request has a timeout, so a server that hangs fails the test.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from etulinja.reference import i18n
from etulinja.site.preview import RELOAD_SCRIPT
from etulinja.site.rebuild import FastPath, SiteWide
from tests.support.portal import copy_portal, use_fixture_catalogue

REQUEST_SECONDS = 90
"""One request: MkDocs answers a page only after a rebuild under way, which on a slow,
busy machine may take this long; a request that never returns fails the test."""
SHOWN_WITHIN = 240
"""From a save until the served page shows it: a rebuild or two."""

SERVICE = "catalogue/services/paijat-hame/ph-guided-self-care.yml"
ARTICLE = "docs/articles/sleep.fi.md"
ARTICLE_URL = "articles/sleep/"
ARTICLE_TITLE = "Uniongelmat ja unettomuus"


@dataclass
class Response:
    status: int
    body: str


@dataclass
class Preview:
    root: Path
    base: str
    log: Path

    def get(self, path: str) -> Response:
        try:
            with urllib.request.urlopen(self.base + path, timeout=REQUEST_SECONDS) as answer:
                return Response(answer.status, answer.read().decode())
        except urllib.error.HTTPError as error:
            return Response(error.code, error.read().decode())

    def until(self, path: str, shown: Callable[[Response], bool]) -> Response:
        """Fetch ``path`` until ``shown`` holds (or fail with the server's log)."""
        deadline = time.monotonic() + SHOWN_WITHIN
        while True:
            response = self.get(path)
            if shown(response):
                return response
            assert time.monotonic() < deadline, (response.status, response.body[:2000],
                                                 self.log.read_text()[-5000:])
            time.sleep(0.3)

    def edit(self, relative: str, old: str, new: str) -> str:
        """Replace ``old`` with ``new`` in a source file; returns the text it had."""
        path = self.root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return text


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    root = use_fixture_catalogue(copy_portal(tmp_path_factory.mktemp("preview") / "portal"))
    port = _free_port()
    log = root / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "etulinja.cli", "--root", str(root), "serve",
             "--dev-addr", f"127.0.0.1:{port}"],
            stdout=output, stderr=subprocess.STDOUT,
            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), start_new_session=True)
    try:
        running = Preview(root, f"http://127.0.0.1:{port}/", log)
        deadline = time.monotonic() + SHOWN_WITHIN
        while True:
            assert server.poll() is None, log.read_text()
            try:
                if running.get(ARTICLE_URL).status == 200:
                    break
            except OSError:  # not listening yet
                pass
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.3)
        time.sleep(2)  # the watcher takes its first look at the files after serving starts
        yield running
    finally:
        os.killpg(server.pid, signal.SIGINT)
        server.wait(timeout=60)


def _problem_page(location: str) -> Callable[[Response], bool]:
    return lambda response: response.status == 500 and location in response.body


def _the_article(response: Response) -> bool:
    return response.status == 200 and ARTICLE_TITLE in response.body


def _inline_scripts(page: str) -> list[str]:
    """Script elements a browser would run from the page itself (JSON data is not run)."""
    return [tag for tag in re.findall(r"<script\b[^>]*>", page)
            if " src=" not in tag and 'type="application/json"' not in tag]


def _epoch(page: str) -> int:
    found = re.search(rf'<script src="{re.escape(RELOAD_SCRIPT)}" data-epoch="(\d+)"', page)
    assert found, "the page has no live reload"
    return int(found.group(1))


def test_a_yaml_mistake_in_a_service_is_shown_on_every_page_until_fixed(
        preview: Preview) -> None:
    original = preview.edit(SERVICE, "\nsummary:\n", "\nsummary: [unclosed\n")
    line = original.split("\n").index("summary:") + 1
    location = f"{SERVICE}:{line}"

    shown = preview.until(ARTICLE_URL, _problem_page(location))
    # The problem page stands in for every page, in the portal's first language, saying
    # what is wrong at the line.
    assert '<html lang="fi">' in shown.body
    assert str(i18n.table("fi")["preview.title"]) in shown.body
    assert "is not closed" in shown.body
    for other in ("", "catalogue/services/ph-guided-self-care/", "sv/articles/sleep/"):
        assert _problem_page(location)(preview.get(other)), other
    # It runs under the site's security policy: no inline script; the live reload is a
    # file of the site.
    assert _inline_scripts(shown.body) == []
    script = preview.get(RELOAD_SCRIPT.lstrip("/"))
    assert script.status == 200 and "/livereload/" in script.body
    epoch = _epoch(shown.body)

    (preview.root / SERVICE).write_text(original, encoding="utf-8")
    # A browser showing the problem page hears of the next version and reloads… (the
    # server answers the poll once there is one, or after a minute with the same)
    preview.until(f"livereload/{epoch}/1", lambda r: r.status == 200 and int(r.body) > epoch)
    # …and gets the page back.
    back = preview.until(ARTICLE_URL, _the_article)
    assert _inline_scripts(back.body) == []  # MkDocs would have added its own here
    assert RELOAD_SCRIPT in back.body
    service = preview.until("catalogue/services/ph-guided-self-care/",
                            lambda r: r.status == 200)
    assert "[unclosed" not in service.body


def test_an_unknown_key_in_an_article_is_shown_at_its_line_until_fixed(
        preview: Preview) -> None:
    original = preview.edit(ARTICLE, "\ntopics:", "\ncolour: blue\ntopics:")
    line = original.split("\n").index(next(
        row for row in original.split("\n") if row.startswith("topics:"))) + 1
    shown = preview.until(ARTICLE_URL, _problem_page(f"{ARTICLE}:{line}"))
    assert "unknown key &#x27;colour&#x27;" in shown.body or "unknown key 'colour'" in shown.body
    # Another page says the same: nothing of the site is served while it stands.
    assert _problem_page(f"{ARTICLE}:{line}")(preview.get("about/"))

    (preview.root / ARTICLE).write_text(original, encoding="utf-8")
    preview.until(ARTICLE_URL, _the_article)


def test_a_menu_title_edit_reaches_every_page(preview: Preview) -> None:
    """The fast rebuild renders only the pages whose files changed; the menu is on every
    page, so its titles changing makes it rebuild them all."""
    page = preview.root / "docs/about.fi.md"
    title = re.search(r"^title: (.+)$", page.read_text(encoding="utf-8"), re.M)
    assert title
    preview.edit("docs/about.fi.md", f"title: {title.group(1)}", "title: Tietoa meistä")
    preview.until("about/", lambda r: r.status == 200 and "Tietoa meistä" in r.body)
    assert "Tietoa meistä" in preview.get(ARTICLE_URL).body
    assert "Tietoa meistä" in preview.get("catalogue/services/ph-guided-self-care/").body


# What makes a fast rebuild fall back to rendering every page (src/etulinja/site/rebuild.py).

TODAY = dt.date(2026, 12, 5)
SETTLED = SiteWide((("overrides/main.html", (10, 1)), ("locales/fi.yml", (20, 1))), TODAY)
MENU = {"about.fi.md": b'---\n{"title": "Tietoa"}', "index.fi.md": b'---\n{"title": "Etusivu"}'}


def _after_one_rebuild() -> FastPath:
    path = FastPath()
    assert path.full_rebuild_reason(SETTLED, MENU, ["x.fi.md"], 0, False) is None  # first
    return path


@pytest.mark.parametrize(("site_wide", "menu", "written", "deleted", "why"), [
    (SETTLED, MENU, ["articles/sleep.fi.md", "articles/index.fi.md"], 0, None),
    (SETTLED, MENU, [], 0, None),
    (SiteWide((("overrides/main.html", (11, 2)), ("locales/fi.yml", (20, 1))), TODAY),
     MENU, [], 0, "overrides/main.html"),
    (SiteWide((("overrides/main.html", (10, 1)), ("locales/fi.yml", (21, 2))), TODAY),
     MENU, [], 0, "locales/fi.yml"),
    (SiteWide(SETTLED.files, TODAY + dt.timedelta(days=1)), MENU, [], 0, "the date"),
    (SETTLED, {**MENU, "about.fi.md": b'---\n{"title": "Meista"}'}, ["about.fi.md"], 0,
     "the menu"),
    (SETTLED, MENU, [], 2, "removed"),
], ids=["pages-written", "nothing", "theme", "translation-table", "new-day", "menu-title",
        "page-removed"])
def test_when_a_rebuild_renders_every_page(site_wide: SiteWide,
                                           menu: dict[str, bytes | None], written: list[str],
                                           deleted: int, why: str | None) -> None:
    reason = _after_one_rebuild().full_rebuild_reason(site_wide, menu, written, deleted,
                                                      False)
    if why is None:
        assert reason is None
    else:
        assert reason is not None and why in reason


def test_a_rebuild_after_one_that_stopped_half_way_renders_every_page() -> None:
    path = _after_one_rebuild()
    path.site_current = False  # MkDocs had started writing when the rebuild failed
    assert path.full_rebuild_reason(SETTLED, MENU, [], 0, False) is not None


def test_without_a_menu_in_mkdocs_yml_any_page_edit_renders_every_page() -> None:
    assert _after_one_rebuild().full_rebuild_reason(SETTLED, MENU, ["a.fi.md"], 0,
                                                    True) is not None
