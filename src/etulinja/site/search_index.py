"""The site's search index: Pagefind, one bundle per language, built while MkDocs works.

Pagefind runs in the reader's browser (no search server, no query sent anywhere) from a
bundle per language (``pagefind/``, ``sv/pagefind/``…): each language's search page loads
only its own, so results stay in the reader's language.

At 10,000 services indexing took as long as everything else in the build together (about
28 s a language, one after another, after MkDocs had finished). Two things cut it:

- Pagefind is given only folders that hold indexed pages. The county and municipality
  listings carry no ``data-pagefind-body``, yet Pagefind would parse all of them
  (80 MB of HTML per language at 10,000 services) to find that out.
- A language is indexed as soon as MkDocs has finished it, while MkDocs builds the next
  one: MkDocs mostly uses one core, Pagefind the other. Languages are indexed one at a
  time, because Pagefind holds every page it indexes in memory.
"""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from etulinja.config import PortalConfig
from etulinja.site import urls
from etulinja.site.pagefind_bundle import sort_filters

PAGEFIND_DIR = "pagefind"
NOT_INDEXED = frozenset({"catalogue/areas", "care-paths", "404.html", "editors"})
"""Paths under a language's root whose pages have no ``data-pagefind-body``: listings
(county and municipality pages), care paths (a page per path and county: 720 pages at
10 paths in 22 counties, 43 MB of HTML to parse for nothing), the 404 page and the
editors' page (``site/status.py``), which is for editors, not readers."""


def index_entries(root: Path, skip: frozenset[str] | set[str], relative: str = "") -> list[str]:
    """Glob entries for every HTML file under ``root`` except the ``skip`` paths.

    Folders that hold nothing skipped become one ``folder/**/*.html`` entry; a folder with
    a skipped path inside is listed entry by entry.
    """
    entries: list[str] = []
    for path in sorted(root.iterdir()):
        name = f"{relative}{path.name}"
        if name in skip:
            continue
        if path.is_dir():
            if any(s.startswith(name + "/") for s in skip):
                entries += index_entries(path, skip, name + "/")
            else:
                entries.append(f"{name}/**/*.html")
        elif path.suffix == ".html":
            entries.append(name)
    return entries


def index_language(site: Path, config: PortalConfig, lang: str,
                   pass_fds: tuple[int, ...] = ()) -> subprocess.Popen[str]:
    """Start Pagefind over one language's pages; its bundle goes to ``<prefix>pagefind/``.

    Pagefind leads its own process group, so that stopping the build stops the binary
    itself, whatever starts it (the ``pagefind`` wrapper execs it, but need not).
    ``pass_fds``: the build's lock, held as long as Pagefind may write into the site.
    """
    prefix = urls.language_prefix(lang, config.languages)
    others = set(config.languages) - {config.default_language}
    skip = set(NOT_INDEXED) | ({PAGEFIND_DIR} if prefix else {PAGEFIND_DIR, *others})
    root = site / prefix
    entries = (index_entries(root, skip) if root.is_dir() else []) or ["*.html"]
    pattern = prefix + "{" + ",".join(entries) + "}"
    return subprocess.Popen(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--glob", pattern,
         "--output-subdir", f"{prefix}{PAGEFIND_DIR}", "--silent"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True, pass_fds=pass_fds,
    )


def normalise_entry(site: Path, config: PortalConfig, lang: str) -> bool:
    """Sort the bundle's filter indexes and entry file; False when Pagefind wrote no
    bundle.

    Pagefind lists languages, and a filter's values, in hash-map order, which changes
    from run to run; sorted, the same site gives the same bytes (deterministic builds;
    ``pagefind_bundle``).
    """
    bundle = site / urls.in_language(PAGEFIND_DIR, lang, config.languages)
    if not (bundle / "pagefind-entry.json").is_file():
        return False
    sort_filters(bundle)
    return True


@dataclass
class Indexer:
    """Indexes languages one at a time, in a thread, as they are handed in."""

    site: Path
    config: PortalConfig
    pass_fds: tuple[int, ...] = ()
    """Handed to every Pagefind run (see :func:`index_language`)."""
    log: list[str] = field(default_factory=list)
    failed: bool = False
    done: set[str] = field(default_factory=set)
    _queue: queue.Queue[str | None] = field(default_factory=queue.Queue)
    _asked: set[str] = field(default_factory=set)
    _running: subprocess.Popen[str] | None = None
    _cancelled: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _thread: threading.Thread | None = None

    def start(self) -> Indexer:
        self._thread = threading.Thread(target=self._work, name="pagefind", daemon=True)
        self._thread.start()
        return self

    def language_built(self, lang: str) -> None:
        if lang in self.config.languages and lang not in self._asked:
            self._asked.add(lang)
            self._queue.put(lang)

    def finish(self) -> bool:
        """Index every language not yet handed in, wait, and say whether all succeeded."""
        for lang in self.config.languages:
            self.language_built(lang)
        self._queue.put(None)
        if self._thread is not None:
            self._thread.join()
        return not self.failed and self.done == set(self.config.languages)

    def cancel(self) -> subprocess.Popen[str] | None:
        """The build failed or was stopped: index nothing more of a site that will be
        thrown away. Returns the Pagefind run under way, if any, for the caller to stop
        together with the build's other processes (:func:`etulinja.site.parallel.stop`);
        then :meth:`join`."""
        with self._lock:
            self._cancelled = True
            running = self._running
        self._queue.put(None)
        return running

    def join(self) -> None:
        """Wait for the thread: after :meth:`cancel`, until the Pagefind run has ended."""
        if self._thread is not None:
            self._thread.join()

    def _work(self) -> None:
        while (lang := self._queue.get()) is not None:
            if self._cancelled or self.failed:
                continue
            try:
                self._index(lang)
            except Exception:  # reported with the build's log, never a silent dead thread
                self.failed = True
                self.log.append(f"Indexing the '{lang}' pages failed:\n"
                                f"{traceback.format_exc()}")

    def _index(self, lang: str) -> None:
        started = time.monotonic()
        with self._lock:  # cancel() either stops this run or prevents it
            if self._cancelled:
                return
            running = self._running = index_language(self.site, self.config, lang,
                                                     self.pass_fds)
        try:
            output, _ = running.communicate()
        finally:
            with self._lock:
                self._running = None
        if self._cancelled:  # stopped: its output and its bundle mean nothing
            return
        self.log.append(output)
        if running.returncode != 0 or not normalise_entry(self.site, self.config, lang):
            self.failed = True
            self.log.append(f"Pagefind could not index the '{lang}' pages.\n")
            return
        self.done.add(lang)
        # The last language is indexed after MkDocs has finished: say so, or the terminal
        # would be silent for the last part of a long build.
        print(f"etulinja: {lang} search index written in "
              f"{time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
