"""Build the published site aside and swap it in only when the build succeeded.

A static host may publish ``site/`` at any moment, so a failed or half-finished build
must never touch it: MkDocs writes into a staging folder, and only a complete, strict
build replaces the last good site.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from etulinja.assemble import Content, assemble, load_valid
from etulinja.catalogue.export import export_files
from etulinja.catalogue.servicepages import FRAME_ID
from etulinja.config import PortalConfig
from etulinja.problems import Problems
from etulinja.search_index import PAGEFIND_DIR, Indexer


class BuildFailed(Exception):
    """MkDocs refused the site; ``output`` holds its log for the editor."""

    def __init__(self, output: str) -> None:
        super().__init__(output)
        self.output = output


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
    """Open data goes straight into the built site, not through MkDocs: static-i18n would
    reconsider every file once per language, and these need no template."""
    for relative, text in export_files(content.catalogue.listed(content.today),
                                       config.languages, config.site_url).items():
        path = site / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _run_streaming(command: list[str], cwd: Path,
                   on_line: Callable[[str], None] | None = None) -> tuple[int, str]:
    """Run MkDocs, showing our progress lines and its warnings as they come; keep it all
    for the error report. ``on_line`` sees every line as it comes."""
    lines: list[str] = []
    with subprocess.Popen(command, cwd=cwd, env=mkdocs_env(), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True) as process:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if on_line is not None:
                on_line(line)
            if "etulinja:" in line or line.startswith(("WARNING", "ERROR")):
                print(line.rstrip(), file=sys.stderr, flush=True)
    return process.returncode, "".join(lines)


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
    process = multiprocessing.get_context("fork").Process(target=work)
    process.start()
    return process


def build_site(config: PortalConfig) -> BuildResult:
    """Validate, assemble and build strictly; publish to ``site_dir`` only on success."""
    # Raises ContentError before anything is built. Validated once, here: the MkDocs
    # process finds the tree current by its fingerprint and does not assemble again.
    content, problems = load_valid(config)
    assemble(config, content=content)
    work = config.root / "build"
    staging = work / "site-staging"
    previous = work / "site-previous"
    exports = work / "open-data-staging"
    for folder in (staging, previous, exports):
        if folder.exists():
            shutil.rmtree(folder)
    # Open data needs no MkDocs: it is written in a forked process while MkDocs builds,
    # on the core MkDocs leaves idle, and moved into the site when both have finished.
    exporter = _beside(functools.partial(write_exports, config, content, exports))
    del content  # held by the exporter until it is done, then not needed (Pagefind next)
    # Each language is indexed for search as soon as MkDocs has written it.
    indexer = Indexer(staging, config).start()
    try:
        return _build_and_publish(config, staging, previous, exports, exporter, indexer,
                                  problems)
    except BaseException:
        # A refused build or anything else (an interrupt, a full disk): no Pagefind left
        # running into a folder being deleted, no half-built folders, site/ as it was.
        indexer.cancel()
        exporter.join()
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(exports, ignore_errors=True)
        raise


def _build_and_publish(config: PortalConfig, staging: Path, previous: Path, exports: Path,
                       exporter: multiprocessing.process.BaseProcess | _Finished,
                       indexer: Indexer, problems: Problems) -> BuildResult:
    returncode, log = _run_streaming(
        mkdocs_command(config, "build", "--strict", "--clean", "--site-dir", str(staging)),
        config.root, indexer.watch,
    )
    exporter.join()
    if exporter.exitcode != 0:
        log += f"\nWriting the open data failed (exit code {exporter.exitcode}).\n"
        returncode = returncode or 1
    frames = [str(p.relative_to(staging)) for p in staging.rglob(FRAME_ID)]
    if frames:  # the hook fills service pages in; a frame left means it did not run
        log += ("\nService pages were not filled in (is hooks/etulinja_site.py in mkdocs.yml?): "
                + ", ".join(sorted(frames)) + "\n")
    if returncode != 0 or frames or not (staging / "index.html").is_file():
        raise BuildFailed(log)  # build_site stops indexing and removes the folders
    for entry in sorted(exports.iterdir()):
        entry.rename(staging / entry.name)
    exports.rmdir()
    indexed = indexer.finish()
    log += "".join(indexer.log)
    if not indexed or not all(
        (staging / config.language_prefix(lang) / PAGEFIND_DIR / "pagefind.js").is_file()
        for lang in config.languages
    ):
        raise BuildFailed(log)
    site = config.site_dir
    if site.exists():
        site.rename(previous)
    staging.rename(site)
    shutil.rmtree(previous, ignore_errors=True)
    return BuildResult(site_dir=site, log=log, warnings=[str(p) for p in problems.warnings])
