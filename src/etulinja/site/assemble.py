"""Assemble the plain Markdown tree that MkDocs and static-i18n build the site from.

Every page becomes one physical file per language (``page.sv.md``): static-i18n only
handles real files, so nothing is created in memory. Front matter is written as JSON
(valid YAML, and fast to read back). A file is written only when its bytes change and
files whose source is gone are deleted, so ``mkdocs serve`` never rebuilds because of
its own output.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from etulinja.config import PortalConfig
from etulinja.site.articles import render_articles
from etulinja.site.care_paths import Pages, PathLinks, path_links, render_care_paths
from etulinja.site.catalogue import render_catalogue, service_records
from etulinja.site.content import Content, load_valid
from etulinja.site.frames import KINDS_FILE, FrameKind, kinds_file
from etulinja.site.guides import guide_links, render_guides
from etulinja.site.memo import Memo
from etulinja.site.pagefile import PAGE_DATA_SUFFIX
from etulinja.site.programme_help import nearby
from etulinja.site.programmes import render_programmes
from etulinja.site.questionnaires import render_questionnaires, step_tools
from etulinja.site.search_page import render_search
from etulinja.site.status import render_editors_pages
from etulinja.sources.problems import Problems


@dataclass
class AssemblyReport:
    """What one assembly run did: counts let tests and the CLI show it wrote nothing."""

    written_paths: list[str] = field(default_factory=list)
    unchanged: int = 0
    deleted: int = 0
    skipped: bool = False
    problems: Problems | None = None

    @property
    def written(self) -> int:
        return len(self.written_paths)


FINGERPRINT_FILE = "assembly.fingerprint"


def _fingerprint(config: PortalConfig) -> str:
    """A digest of every source's path, size and modification time, and of our own code.

    static-i18n runs one build per language and ``etulinja build`` assembles before MkDocs
    starts: each would otherwise validate and render everything again. The digest is kept
    on disk beside the tree, so any process can tell the tree is already up to date.
    """
    package = Path(__file__).parent
    roots = [config.docs_dir, config.catalogue_dir, config.self_care_dir, package,
             config.root / "etulinja.yml"]
    hasher = hashlib.sha256()
    for root in roots:
        paths: Iterable[Path] = [root] if root.is_file() else (
            sorted(root.rglob("*")) if root.is_dir() else [])
        for path in paths:
            if path.is_file() and "__pycache__" not in path.parts:
                stat = path.stat()
                hasher.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    hasher.update(str(dt.date.today()).encode())  # holidays and expiries move with the date
    return hasher.hexdigest()


def _fingerprint_path(config: PortalConfig) -> Path:
    return config.content_dir.parent / FINGERPRINT_FILE


@dataclass
class Tree:
    """The assembled output: Markdown pages and assets for MkDocs, page data beside them."""

    content: dict[str, bytes]
    page_data: dict[str, bytes]
    assets: dict[str, Path] = field(default_factory=dict)
    """Files copied as they are: relative path in the tree -> source file."""


def render_tree(content: Content, config: PortalConfig, memo: Memo | None = None) -> Tree:
    """Every output file: relative path -> bytes."""
    out = render_articles(content.pages, config.languages)
    out.update(render_search(content.catalogue, config.languages))
    links = PathLinks()
    records: dict[str, bytes] = {}
    kinds: list[FrameKind] = []
    if content.care_paths is not None:
        paths = Pages(content.care_paths, content.catalogue, config.languages,
                      content.today, config.example_data_notice)
        path_pages, records, kinds = render_care_paths(paths)
        out.update(path_pages)
        links = path_links(paths)
    out.update(render_catalogue(content.catalogue, config.languages, config.site_url,
                                content.today, config.example_data_notice, memo, links))
    programme_pages, programme_assets = render_programmes(
        content.programmes, config.languages,
        step_tools(content.questionnaires, content.catalogue, config.languages),
        nearby(content.programmes, content.catalogue, content.today, config.languages))
    out.update(programme_pages)
    out.update(render_guides(content.programmes, config.languages))
    guides = guide_links(content.programmes, content.catalogue, content.today,
                         config.languages)
    out.update(render_questionnaires(content.questionnaires, content.catalogue,
                                     config.languages))
    if config.editors_page:
        out.update(render_editors_pages(content, config))
    files = {path: source.markdown() for path, source in out.items()}
    page_data = {path + PAGE_DATA_SUFFIX: source.data_json() for path, source in out.items()}
    page_data.update(records)
    page_data[KINDS_FILE] = kinds_file(kinds)
    page_data.update(service_records(content.catalogue, config.languages, config.site_url,
                                     content.today, config.example_data_notice, memo, links,
                                     guides))
    return Tree(content=files, page_data=page_data,
                assets={**_assets(config), **programme_assets})


def _assets(config: PortalConfig) -> dict[str, Path]:
    """Images and other non-Markdown files in docs/, copied as they are."""
    assets: dict[str, Path] = {}
    for path in sorted(config.docs_dir.rglob("*")):
        relative = path.relative_to(config.docs_dir)
        if (
            path.is_file()
            and path.suffix != ".md"
            and not any(part.startswith(".") for part in relative.parts)
        ):
            assets[relative.as_posix()] = path
    return assets


def write_tree(files: dict[str, bytes], assets: dict[str, Path], target: Path,
               memo: Memo | None = None) -> AssemblyReport:
    """Make ``target`` hold exactly these files, touching only what differs.

    With a ``memo`` (``etulinja serve``), a file this process wrote last time, with the
    same content, size and modification time, is taken as unchanged without reading it.
    The memo keeps the bytes themselves: most are the very objects it handed out again
    (records, catalogue pages), so the comparison is usually an identity check.
    """
    report = AssemblyReport()
    target.mkdir(parents=True, exist_ok=True)
    wanted = [*files.items(), *((name, source.read_bytes()) for name, source in assets.items())]
    known = memo.written.get(target) if memo is not None else None
    now: dict[str, tuple[bytes, int, int]] = {}
    base = str(target)
    for relative, data in wanted:
        if known is not None:
            last = known.get(relative)
            if last is not None and (last[0] is data or last[0] == data):
                stat = _stat(os.path.join(base, relative))
                if stat == last[1:]:
                    now[relative] = last
                    report.unchanged += 1
                    continue
        path = target / relative
        if path.is_file() and path.read_bytes() == data:
            report.unchanged += 1
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            report.written_paths.append(relative)
        if memo is not None:
            now[relative] = (data, *_stat(str(path)))
    expected = set(files) | set(assets)
    for path in sorted(target.rglob("*"), reverse=True):
        parts = path.relative_to(target).parts
        if any(part.startswith(".") for part in parts):
            continue  # .gitkeep keeps docs_dir present for MkDocs' config check
        if path.is_file() and "/".join(parts) not in expected:
            path.unlink()
            report.deleted += 1
        elif path.is_dir() and not any(path.iterdir()):
            shutil.rmtree(path)
    if memo is not None:
        memo.written[target] = now
    return report


def _stat(path: str) -> tuple[int, int]:
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return (-1, -1)
    return (stat.st_size, stat.st_mtime_ns)


def assemble(config: PortalConfig, *, force: bool = False,
             content: Content | None = None, memo: Memo | None = None) -> AssemblyReport:
    """Validate content and write the Markdown tree; raise ContentError on any error.

    On error nothing is written, so the tree (and any site built from it) stays as the
    last good run left it. ``content`` already loaded and valid saves validating twice.
    ``memo``: what this process did at its last assembly (``etulinja serve``), so that
    only what changed since is done again.
    """
    fingerprint = _fingerprint(config)
    stored = _fingerprint_path(config)
    if not force and (memo is None or memo.warm) and stored.is_file() and (
        stored.read_text() == fingerprint and any(config.content_dir.iterdir())
    ):
        return AssemblyReport(skipped=True)
    stored.unlink(missing_ok=True)  # until this run succeeds, the tree is not known good
    problems = None
    if content is None:
        content, problems = load_valid(config, memo=memo)
    tree = render_tree(content, config, memo)
    report = write_tree(tree.content, tree.assets, config.content_dir, memo)
    data_report = write_tree(tree.page_data, {}, config.page_data_dir, memo)
    # A page whose data changed but whose Markdown did not must still look modified, or
    # `mkdocs serve --dirty` (which compares modification times) would keep it stale.
    written = set(report.written_paths)
    for data_path in data_report.written_paths:
        relative = data_path.removesuffix(PAGE_DATA_SUFFIX)
        if relative not in written and (config.content_dir / relative).is_file():
            os.utime(config.content_dir / relative)
    report.written_paths += data_report.written_paths
    report.deleted += data_report.deleted
    report.unchanged += data_report.unchanged
    report.problems = problems
    stored.write_text(fingerprint)
    if memo is not None:
        memo.warm = True
    return report
