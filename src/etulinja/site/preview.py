"""What ``etulinja serve`` shows in the browser besides the site: live reload, and the
problems of an edit that cannot be built.

Two things in ``mkdocs serve`` (MkDocs 1.6, ``mkdocs/livereload/__init__.py``) work
against an editor here:

- When a rebuild raises, the server keeps the version it wanted to show ahead of the one
  it shows, and every page request waits for them to meet: the browser hangs until a
  later rebuild succeeds, and the reason is only in the terminal. Under ``etulinja
  serve`` a failed rebuild counts as done, and while its problems stand every page is
  this module's problem page: each problem at its file and line, in the portal's first
  language, reloading by itself once a save fixes them.
- MkDocs writes its live-reload script into every page inline, which the pages' own
  Content-Security-Policy (``headers.py``, no inline script) forbids: the browser never
  ran it. Pages get the same script as a file of the site instead, so the preview runs
  under the policy the published site has.

The hook (``hooks/etulinja_site.py``) connects these to MkDocs' server; nothing here
imports MkDocs.
"""

from __future__ import annotations

import html
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from etulinja.reference import i18n
from etulinja.site import headers
from etulinja.sources.problems import Problem

PREFIX = "/.etulinja-preview/"
"""Where the server answers for the preview itself: no page of a site can be there."""
RELOAD_SCRIPT = PREFIX + "livereload.js"
STYLESHEET = PREFIX + "preview.css"

RELOAD_JS = b"""\
// Live reload for `etulinja serve`: MkDocs' own script, as a file of the site, because the
// pages' Content-Security-Policy allows no inline script. The page's script element says
// which version of the site it shows; the server answers the poll when a newer one is built.
(function () {
  "use strict";
  var script = document.currentScript;
  var epoch = Number(script.getAttribute("data-epoch"));
  var request = script.getAttribute("data-request");
  var req, timeout;
  function poll() {
    req = new XMLHttpRequest();
    req.onloadend = function () {
      if (parseFloat(this.responseText) > epoch) {
        location.reload();
      } else {
        timeout = setTimeout(poll, this.status === 200 ? 0 : 3000);
      }
    };
    req.open("GET", "/livereload/" + epoch + "/" + request);
    req.send();
  }
  function stop() {
    if (req) { req.abort(); }
    if (timeout) { clearTimeout(timeout); }
    req = timeout = undefined;
  }
  window.addEventListener("load", function () {
    if (document.visibilityState === "visible") { poll(); }
  });
  window.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { poll(); } else { stop(); }
  });
  window.addEventListener("beforeunload", stop);
})();
"""

STYLE_CSS = b"""\
body { font: 1.0625rem/1.5 system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #fff; }
main { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.5rem; line-height: 1.25; border-left: 0.375rem solid #b3261e;
     padding-left: 0.75rem; }
h2 { font-size: 1.125rem; margin-top: 2rem; }
ul { padding-left: 1.25rem; }
li { margin: 0 0 0.75rem; }
code { font: 0.9375rem/1.4 ui-monospace, monospace; background: #f3f3f3; padding: 0 0.25rem;
       overflow-wrap: anywhere; }
.etu-preview-message { display: block; white-space: pre-wrap; }
"""

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


@dataclass(frozen=True)
class Failure:
    """Why the last rebuild could not be shown: each item a (location, what is wrong)
    pair; the location is ``path:line`` where the problem has one, else empty."""

    items: tuple[tuple[str, str], ...]
    content: bool
    """True for problems in the content (what ``etulinja check`` reports), False when the
    build itself stopped (a template, MkDocs in strict mode)."""

    @classmethod
    def of_content(cls, problems: Iterable[Problem]) -> Failure:
        return cls(tuple((f"{p.path}:{p.line}" if p.line else p.path, p.message)
                         for p in problems), content=True)

    @classmethod
    def of_build(cls, logged: Iterable[str], error: BaseException,
                 root: Path | None = None) -> Failure:
        """From what MkDocs logged as warnings and errors during the rebuild, and what it
        raised (a template error names its file and line: shown from ``root``)."""
        items = [("", message) for message in logged]
        filename, lineno = getattr(error, "filename", None), getattr(error, "lineno", None)
        if filename and root is not None and Path(filename).is_relative_to(root):
            filename = Path(filename).relative_to(root).as_posix()
        location = f"{filename}:{lineno}" if filename and lineno else str(filename or "")
        text = str(error) or type(error).__name__
        if not any(text == message for _, message in items):
            items.append((location, text))
        return cls(tuple(items), content=False)


def error_page(failure: Failure, lang: str) -> bytes:
    """The page every address shows while ``failure`` stands, in ``lang``: no script and
    no style of its own (the live reload is added like on every page)."""
    t = i18n.table(lang)
    esc = html.escape
    items = "\n".join(
        "<li>" + (f"<code>{esc(location)}</code> " if location else "")
        + f'<span class="etu-preview-message">{esc(message)}</span></li>'
        for location, message in failure.items)
    lead = t["preview.problems"].format(count=len(failure.items)) if failure.content else (
        t["preview.build_failed"])
    return f"""<!doctype html>
<html lang="{esc(lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{esc(headers.meta_policy())}">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<title>{esc(t["preview.title"])}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{STYLESHEET}">
</head>
<body>
<main>
<h1>{esc(t["preview.title"])}</h1>
<p>{esc(t["preview.intro"])}</p>
<h2>{esc(lead)}</h2>
<ul>
{items}
</ul>
<p>{esc(t["preview.note" if failure.content else "preview.note_build"])}</p>
</main>
</body>
</html>
""".encode()


def with_reload(page: bytes, epoch: int) -> bytes:
    """``page`` with the live-reload script, as MkDocs adds its own: before ``</body>``."""
    tag = (f'<script src="{RELOAD_SCRIPT}" data-epoch="{epoch}" '
           f'data-request="{time.monotonic_ns() // 1000}"></script>').encode()
    end = page.rfind(b"</body>")
    end = len(page) if end < 0 else end
    return page[:end] + tag + page[end:]


def _is_page(path: str) -> bool:
    """An address a reader opens (a folder or an HTML file), not a file a page loads."""
    last = path.rsplit("/", 1)[-1]
    return not last or last.endswith(".html") or "." not in last


@dataclass
class Preview:
    """What the server shows instead of the site, while it must."""

    lang: str = "fi"
    """The portal's first language: the problem page's language."""
    failure: Failure | None = None

    def app(self, site: WSGIApp, settled: Callable[[], int]) -> WSGIApp:
        """MkDocs' server application ``site``, answering for the preview first.
        ``settled`` waits for a rebuild under way and gives the version now shown."""

        def serve(environ: dict[str, Any], start_response: Callable[..., Any]
                  ) -> Iterable[bytes]:
            path = str(environ.get("PATH_INFO", ""))
            if path == RELOAD_SCRIPT:
                return _respond(start_response, "200 OK", "application/javascript", RELOAD_JS)
            if path == STYLESHEET:
                return _respond(start_response, "200 OK", "text/css", STYLE_CSS)
            if self.failure is not None and _is_page(path) and not path.startswith(
                    "/livereload/"):
                epoch = settled()  # a save may be fixing it right now
                failure = self.failure
                if failure is not None:
                    # 500: nothing can be built until the problems are fixed; the page
                    # says which and reloads once they are.
                    return _respond(start_response, "500 Internal Server Error",
                                    "text/html; charset=utf-8",
                                    with_reload(error_page(failure, self.lang), epoch))
            return site(environ, start_response)

        return serve


def _respond(start_response: Callable[..., Any], status: str, kind: str,
             body: bytes) -> list[bytes]:
    start_response(status, [("Content-Type", kind), ("Content-Length", str(len(body))),
                            ("Cache-Control", "no-store")])
    return [body]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def logged_problems(logger: str = "mkdocs") -> Iterator[list[str]]:
    """The warnings and errors MkDocs logs while the block runs: in strict mode each
    warning stops the build, and the problem page lists them."""
    collect = _Collect()
    target = logging.getLogger(logger)
    target.addHandler(collect)
    try:
        yield collect.messages
    finally:
        target.removeHandler(collect)


class WithoutDirtyWarning(logging.Filter):
    """MkDocs warns on every dirty build, which strict mode would count as a problem:
    the fast path of ``etulinja serve`` keeps strict mode without it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


class RequestsAsInfo(logging.Filter):
    """MkDocs logs every request it answered with an error (a 404, the problem page) as a
    warning, and strict mode counts warnings against the rebuild under way: a reader's
    request at that moment would fail a sound rebuild. Logged as information instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and '" code ' in record.getMessage():
            record.levelno, record.levelname = logging.INFO, logging.getLevelName(logging.INFO)
        return True
