"""Build the published site aside and swap it in only when the build succeeded.

A static host may publish ``site/`` at any moment, so a failed or half-finished build
must never touch it: MkDocs writes into a staging folder, and only a complete, strict
build replaces the last good site.

The same holds when the build is stopped (Ctrl-C, SIGTERM): everything it started is
stopped at once, its folders are removed and ``site/`` is as it was. One build of a
portal runs at a time: a second one would delete the first one's staging folder under it.
"""

from __future__ import annotations

import fcntl
import functools
import multiprocessing
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from pathlib import Path

from etulinja.catalogue.export import export_files
from etulinja.config import PortalConfig
from etulinja.site import urls
from etulinja.site.assemble import assemble
from etulinja.site.content import Content, load_valid
from etulinja.site.headers import HEADERS_FILE, headers_file
from etulinja.site.parallel import quiet_worker, stop, uninterrupted
from etulinja.site.search_index import PAGEFIND_DIR, Indexer
from etulinja.site.signals import BuiltLanguages
from etulinja.site.slots import FRAME_ID

LOCK_FILE = ".build.lock"
"""In the portal's ``build/`` folder: held (``flock``) by the build under way, and by every
process it started, and holding the build's process id for the message a second build
shows. Never removed: removing a lock file lets two processes lock two different files."""


class BuildFailed(Exception):
    """MkDocs refused the site; ``output`` holds its log for the editor."""

    def __init__(self, output: str) -> None:
        super().__init__(output)
        self.output = output


class BuildLocked(Exception):
    """Another build of this portal is running: this one must not start."""

    def __init__(self, pid: int | None) -> None:
        self.pid = pid
        running = pid is not None and _running(pid)
        if pid is None or running:
            super().__init__(
                "another `etulinja build` of this portal is running"
                + (f" (pid {pid})" if pid is not None else "")
                + "; wait for it or stop it")
        else:  # killed outright (SIGKILL): MkDocs or Pagefind it started still holds the lock
            super().__init__(
                f"an `etulinja build` of this portal (pid {pid}) was killed, but programs "
                "it started are still running; wait for them or stop them")


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def build_lock(work: Path) -> Iterator[int]:
    """Hold the portal's build lock, or raise :class:`BuildLocked` touching nothing.

    Yields the lock's file descriptor, to be handed to MkDocs and Pagefind: a lock held by
    ``flock`` is released only when every process holding the descriptor has ended, and
    by the system even when a process is killed outright, so the lock guards the staging
    folders as long as anything of this build may still write into them.
    """
    work.mkdir(parents=True, exist_ok=True)
    fd = os.open(work / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            written = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            raise BuildLocked(int(written) if written.isdigit() else None) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield fd
    finally:
        os.close(fd)


@dataclass
class BuildResult:
    site_dir: Path
    log: str
    warnings: list[str]


def mkdocs_command(config: PortalConfig, *args: str) -> list[str]:
    """MkDocs run as a separate program: the package itself never imports MkDocs."""
    return [sys.executable, "-m", "mkdocs", *args, "-f", str(config.root / "mkdocs.yml")]


def mkdocs_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner on every build
    return env


def write_exports(config: PortalConfig, content: Content, site: Path) -> None:
    """Open data, and the host configuration of the site's headers (``_headers``), go
    straight into the built site, not through MkDocs: static-i18n would reconsider every
    file once per language, and these need no template."""
    files = export_files(
        content.catalogue.listed(content.today), config.languages,
        lambda service_id, lang: urls.absolute(config.site_url, urls.service(service_id),
                                               lang, config.languages))
    files[HEADERS_FILE] = headers_file()
    for relative, text in files.items():
        path = site / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


class _Finished:
    """Stands in for a process that already ran here."""

    exitcode = 0

    def join(self) -> None:
        pass


def _beside(work: Callable[[], None]) -> multiprocessing.process.BaseProcess | _Finished:
    """Run ``work`` in a forked process (it inherits what this one has loaded); where
    fork is not available, run it here."""
    if "fork" not in multiprocessing.get_all_start_methods():
        work()
        return _Finished()
    process = multiprocessing.get_context("fork").Process(target=_quietly, args=(work,))
    process.start()
    return process


def _quietly(work: Callable[[], None]) -> None:
    quiet_worker()
    work()


def build_site(config: PortalConfig) -> BuildResult:
    """Validate, assemble and build strictly; publish to ``site_dir`` only on success.

    Raises :class:`BuildLocked` when another build of the portal runs, ContentError before
    anything is built, :class:`BuildFailed` when MkDocs or Pagefind failed, and whatever
    stopped it (:class:`etulinja.site.parallel.Interrupted`) after stopping what it started.
    """
    work = config.root / "build"
    with build_lock(work) as lock:
        return _Build(config, work, lock).run()


@dataclass
class _Build:
    """One build, and what it has started, so that a failure or a stop signal can end
    all of it at once and remove what it wrote."""

    config: PortalConfig
    work: Path
    lock: int
    """The build lock's descriptor, handed to MkDocs and Pagefind (see :func:`build_lock`)."""
    mkdocs: subprocess.Popen[str] | None = None
    exporter: BaseProcess | _Finished = field(default_factory=_Finished)
    indexer: Indexer | None = None

    @property
    def staging(self) -> Path:
        return self.work / "site-staging"

    @property
    def previous(self) -> Path:
        return self.work / "site-previous"

    @property
    def exports(self) -> Path:
        return self.work / "open-data-staging"

    def run(self) -> BuildResult:
        try:
            return self._build()
        except BaseException:
            # A refused build, a stop signal, anything else (a full disk): nothing of this
            # build left running into folders being deleted, no half-built folders, site/
            # as it was. A signal arriving now waits until this is done.
            with uninterrupted():
                self._abandon()
            raise

    def _abandon(self) -> None:
        pagefind = self.indexer.cancel() if self.indexer is not None else None
        stop(groups=[p for p in (self.mkdocs, pagefind) if p is not None],
             forked=[self.exporter] if isinstance(self.exporter, BaseProcess) else [])
        if self.mkdocs is not None and self.mkdocs.stdout is not None:
            self.mkdocs.stdout.close()
        if self.indexer is not None:
            self.indexer.join()
        shutil.rmtree(self.staging, ignore_errors=True)
        shutil.rmtree(self.exports, ignore_errors=True)
        if self.config.site_dir.exists():  # else site-previous is the only site there is
            shutil.rmtree(self.previous, ignore_errors=True)

    def _tidy(self) -> None:
        """Remove what a build killed outright (SIGKILL, a power cut) left behind; if it
        died between the two renames that publish, its site-previous is the last good
        site and becomes site/ again."""
        site = self.config.site_dir
        if self.previous.is_dir() and not site.exists():
            self.previous.rename(site)
        for folder in (self.staging, self.previous, self.exports):
            if folder.exists():
                shutil.rmtree(folder)

    def _build(self) -> BuildResult:
        config = self.config
        self._tidy()  # first: a site/ lost to a killed build comes back even if this fails
        # Raises ContentError before anything is built. Validated once, here: the MkDocs
        # process finds the tree current by its fingerprint and does not assemble again.
        content, problems = load_valid(config)
        assemble(config, content=content)
        # Open data needs no MkDocs: it is written in a forked process while MkDocs
        # builds, on the core MkDocs leaves idle, and moved into the site when both
        # have finished.
        with uninterrupted():
            self.exporter = _beside(functools.partial(write_exports, config, content,
                                                      self.exports))
        del content  # held by the exporter until it is done, then not needed (Pagefind next)
        # Each language is indexed for search as soon as MkDocs has written it.
        self.indexer = indexer = Indexer(self.staging, config, pass_fds=(self.lock,)).start()
        returncode, log = self._run_mkdocs(BuiltLanguages(indexer.language_built))
        self.exporter.join()
        if self.exporter.exitcode != 0:
            log += f"\nWriting the open data failed (exit code {self.exporter.exitcode}).\n"
            returncode = returncode or 1
        staging = self.staging
        frames = [str(p.relative_to(staging)) for p in staging.rglob(FRAME_ID)]
        if frames:  # the hook fills framed pages in; a frame left means it did not run
            log += ("\nService pages and care paths' county pages were not filled in (is "
                    "hooks/etulinja_site.py in mkdocs.yml?): " + ", ".join(sorted(frames))
                    + "\n")
        if returncode != 0 or frames or not (staging / "index.html").is_file():
            raise BuildFailed(log)  # run() stops indexing and removes the folders
        for entry in sorted(self.exports.iterdir()):
            entry.rename(staging / entry.name)
        self.exports.rmdir()
        indexed = indexer.finish()
        log += "".join(indexer.log)
        if not indexed or not all(
            (staging / urls.in_language(PAGEFIND_DIR, lang, config.languages)
             / "pagefind.js").is_file()
            for lang in config.languages
        ):
            raise BuildFailed(log)
        site = config.site_dir
        with uninterrupted():  # never a moment with no site/
            if site.exists():
                site.rename(self.previous)
            staging.rename(site)
        shutil.rmtree(self.previous, ignore_errors=True)
        return BuildResult(site_dir=site, log=log, warnings=[str(p) for p in problems.warnings])

    def _run_mkdocs(self, built: BuiltLanguages) -> tuple[int, str]:
        """Run MkDocs, showing our progress lines and its warnings as they come; keep it
        all for the error report. ``built`` hears each language as MkDocs finishes it.

        MkDocs leads its own process group: the workers its hook forks end with it, and
        the terminal's Ctrl-C reaches only us, who stop it and clean up after it.
        """
        command = mkdocs_command(self.config, "build", "--strict", "--clean",
                                 "--site-dir", str(self.staging))
        with uninterrupted():
            self.mkdocs = process = subprocess.Popen(
                command, cwd=self.config.root, env={**mkdocs_env(), **built.environment()},
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                start_new_session=True, pass_fds=(self.lock, built.write))
            built.listen()
        assert process.stdout is not None
        lines: list[str] = []
        for line in process.stdout:
            lines.append(line)
            if "etulinja:" in line or line.startswith(("WARNING", "ERROR")):
                print(line.rstrip(), file=sys.stderr, flush=True)
        process.stdout.close()
        returncode = process.wait()
        built.join()
        return returncode, "".join(lines)


