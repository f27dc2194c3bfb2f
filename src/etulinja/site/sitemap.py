"""The sitemap lists every filled page, written from the pages' records.

MkDocs lists the pages it rendered, a frame page among them (once per language, with its
language alternates), not the pages Etulinja fills into the frame. Each frame entry is
replaced by one entry per page of its kind that has a record, in the same language and
with the same alternates. Pages for editors, not readers (``UNLISTED``), are left out.

Each language's build writes the sitemap again, with every language built so far, so it
is completed once: when it lists a frame entry for every language. It is read as XML (an
entry at a time, so a national sitemap of 18 MB is never held whole) and written back
entry by entry.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from xml.etree import ElementTree

from etulinja.config import PortalConfig
from etulinja.site import urls
from etulinja.site.frames import FrameKind, frame_kinds, page_ids
from etulinja.site.slots import FRAME_ID

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
UNLISTED = (urls.EDITORS,)
"""Pages MkDocs lists that the sitemap leaves out: the editors' page is for editors."""


@dataclass
class _Entry:
    """One <url> of the sitemap."""

    loc: str
    lastmod: str = ""
    changefreq: str = ""
    alternates: list[tuple[str, str]] = field(default_factory=list)
    """(hreflang, href) of each language version."""

    def xml(self) -> str:
        lines = ["    <url>", f"        <loc>{escape(self.loc)}</loc>"]
        if self.lastmod:
            lines.append(f"        <lastmod>{escape(self.lastmod)}</lastmod>")
        if self.changefreq:
            lines.append(f"        <changefreq>{escape(self.changefreq)}</changefreq>")
        lines += [f'        <xhtml:link rel="alternate" hreflang="{escape(lang)}" '
                  f'href="{escape(href)}"/>' for lang, href in self.alternates]
        return "\n".join([*lines, "    </url>"])


def _entries(sitemap: Path) -> Iterator[_Entry]:
    for _, element in ElementTree.iterparse(sitemap, events=("end",)):
        if element.tag != f"{{{SITEMAP_NS}}}url":
            continue
        yield _Entry(
            loc=element.findtext(f"{{{SITEMAP_NS}}}loc", ""),
            lastmod=element.findtext(f"{{{SITEMAP_NS}}}lastmod", ""),
            changefreq=element.findtext(f"{{{SITEMAP_NS}}}changefreq", ""),
            alternates=[(link.get("hreflang", ""), link.get("href", ""))
                        for link in element.findall(f"{{{XHTML_NS}}}link")])
        element.clear()


def complete_sitemap(config: PortalConfig, site_dir: Path,
                     kinds: tuple[FrameKind, ...] | None = None) -> bool:
    """Put every filled page in sitemap.xml where MkDocs listed its frame, once the
    sitemap lists every language's frame; True when the sitemap was changed. ``kinds``:
    the frame kinds (those of the assembled portal unless given)."""
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file():
        return False
    kinds = frame_kinds(config) if kinds is None else kinds
    frames = {urls.absolute(config.site_url, kind.frame_address, lang, config.languages):
              (kind, lang) for kind in kinds for lang in config.languages}
    text = sitemap.read_text(encoding="utf-8")
    unlisted = {urls.absolute(config.site_url, path, lang, config.languages)
                for path in UNLISTED for lang in config.languages}
    if FRAME_ID not in text and not any(f"<loc>{loc}</loc>" in text for loc in unlisted):
        return False
    ids = {kind: sorted(page_ids(config, config.default_language, kind)) for kind in kinds}
    if any(f"<loc>{loc}</loc>" not in text for loc, (kind, _) in frames.items() if ids[kind]):
        return False  # not every language built yet: the last one's build completes it
    del text
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">']
    for entry in _entries(sitemap):
        if entry.loc in unlisted:
            continue
        found = frames.get(entry.loc)
        if found is None:
            out.append(entry.xml())
            continue
        kind, lang = found
        out += [_page_entry(entry, config, kind, lang, page_id).xml() for page_id in ids[kind]]
    out.append("</urlset>")
    text = "\n".join(out) + "\n"
    sitemap.write_text(text, encoding="utf-8")
    gz = site_dir / "sitemap.xml.gz"
    if gz.is_file():
        with gz.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw,
                                                 mtime=0) as packed:
            packed.write(text.encode())
    return True


def _page_entry(frame: _Entry, config: PortalConfig, kind: FrameKind, lang: str,
                page_id: str) -> _Entry:
    """The frame's entry made the page's: its address in ``lang`` and its alternates."""
    path = f"{kind.folder}{page_id}/"
    return _Entry(
        loc=urls.absolute(config.site_url, path, lang, config.languages),
        lastmod=frame.lastmod, changefreq=frame.changefreq,
        alternates=[(other, urls.absolute(config.site_url, path, other, config.languages)
                     if other in config.languages else href)
                    for other, href in frame.alternates])
