"""Under ``etulinja serve``: rebuild only the pages an edit changed, when that gives the
same site as rebuilding every page, and every page otherwise.

``mkdocs serve --dirty`` renders a page again only when its Markdown in the assembled
tree is newer than its HTML. Etulinja's assembly writes exactly the files whose bytes
changed (a page's template data included, ``assemble.py``), so a page's own edits always
reach it. What a dirty rebuild cannot see is what *every* page is built with:

- the menu: each page carries the titles of the menu's pages, so a changed title there
  (``docs/index.fi.md``, ``docs/about.sv.md``) would leave every other page's menu old;
- the theme (``overrides/``), the translation tables (``locales/*.yml``), the settings
  (``etulinja.yml``, ``mkdocs.yml``) and the date (hours "today" and the footer's date);
- a page that is gone: its HTML would stay in the site, still served;
- a rebuild that failed half-way: the site folder may hold some pages of it.

In those cases :class:`FastPath` says why, and the site folder is emptied before MkDocs
builds into it, which makes every page "changed": a full rebuild. ``etulinja serve
--full`` never takes the fast path. Etulinja's own Python code is read once per process:
restart ``etulinja serve`` after changing it.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from etulinja.reference import i18n

Stamp = tuple[int, int]
"""A file's (size, modification time in ns): what tells an edited file from the last one."""


def translation_tables() -> Path:
    """The folder of the translation tables (``fi.yml``, ``sv.yml``…), to be watched."""
    # The tables are a namespace package: their folder is where one of them is.
    return Path(str(resources.files(i18n.LOCALES_PACKAGE).joinpath("fi.yml"))).parent


def _stamps(paths: Iterable[Path]) -> Iterator[tuple[str, Stamp]]:
    for root in paths:
        found = [root] if root.is_file() else sorted(root.rglob("*")) if root.is_dir() else []
        for path in found:
            if path.is_file() and "__pycache__" not in path.parts:
                stat = path.stat()
                yield str(path), (stat.st_size, stat.st_mtime_ns)


@dataclass(frozen=True)
class SiteWide:
    """What every page is built with, as files on disk and the date."""

    files: tuple[tuple[str, Stamp], ...]
    today: dt.date

    @classmethod
    def now(cls, theme_dir: Path, settings: Iterable[Path]) -> SiteWide:
        return cls(tuple(_stamps([theme_dir, translation_tables(), *settings])),
                   dt.date.today())

    def changes(self, last: SiteWide) -> list[str]:
        """The files (or the date) that differ from ``last``, for the terminal."""
        now, then = dict(self.files), dict(last.files)
        changed = sorted(p for p in now.keys() | then.keys() if now.get(p) != then.get(p))
        return changed + (["the date"] if self.today != last.today else [])

    def tables_changed(self, last: SiteWide) -> bool:
        tables = str(translation_tables()) + os.sep
        return any(p.startswith(tables) for p in self.changes(last))


def menu_files(nav_pages: Iterable[str], languages: Iterable[str]) -> list[str]:
    """The assembled files of the menu's pages in every language: ``about.md`` in the
    menu is ``about.fi.md``, ``about.sv.md``… in the tree."""
    files = []
    for page in nav_pages:
        stem = page.removesuffix(".md")
        files += [f"{stem}.{lang}.md" for lang in languages]
    return files


def front_matter(path: Path) -> bytes | None:
    """A page's front matter as written (its title among it); None when there is no file.
    The assembly writes it as the first block between ``---`` lines."""
    try:
        with path.open("rb") as page:
            head = page.read(4096)
    except (FileNotFoundError, IsADirectoryError):
        return None
    end = head.find(b"\n---", 4)
    return head[:end] if head.startswith(b"---") and end >= 0 else head


def menu_front_matter(content_dir: Path, files: Iterable[str]) -> dict[str, bytes | None]:
    """The front matter of each menu page in the assembled tree: a title that changes
    there changes the menu of every page."""
    return {name: front_matter(content_dir / name) for name in files}


@dataclass
class FastPath:
    """What a serve process knows about its site folder between rebuilds."""

    site_wide: SiteWide | None = None
    """As at the last rebuild that got as far as building."""
    menu: dict[str, bytes | None] | None = None
    """Front matter of the menu's pages, as at the last rebuild that got as far."""
    site_current: bool = True
    """The site folder holds exactly what the last successful rebuild wrote: False from
    the moment MkDocs starts writing until the rebuild has succeeded."""

    def full_rebuild_reason(self, site_wide: SiteWide, menu: dict[str, bytes | None],
                            written: list[str], deleted: int, every_page_in_menu: bool
                            ) -> str | None:
        """Why this rebuild must render every page, in words for the terminal; None when
        the pages whose files the assembly wrote are all that changed. Called once the
        assembly has succeeded: remembers ``site_wide`` and ``menu`` for the next one."""
        changed = site_wide.changes(self.site_wide) if self.site_wide is not None else []
        menu_changed = self.menu is not None and menu != self.menu
        self.site_wide, self.menu = site_wide, menu
        if not self.site_current:
            return "the last rebuild did not finish"
        if changed:
            shown = ", ".join(changed[:3]) + (" …" if len(changed) > 3 else "")
            return f"every page is built with what changed ({shown})"
        if deleted:
            return f"{deleted} assembled file(s) were removed"
        if menu_changed or (every_page_in_menu and any(p.endswith(".md") for p in written)):
            return "the menu changed"
        return None


def empty(folder: Path) -> None:
    """Remove everything in the site folder but the folder itself (the server serves it),
    as ``mkdocs serve`` does before a full rebuild."""
    if not folder.is_dir():
        return
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
