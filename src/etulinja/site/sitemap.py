"""The sitemap lists every filled page, written from the pages' records.

MkDocs lists the pages it rendered, a frame page among them (once per language, with its
language alternates), not the pages Etulinja fills into the frame. Each frame entry is
replaced by one entry per page of its kind that has a record, in the same language and
with the same alternates, read and written as XML (not edited as text).
"""

from __future__ import annotations

import copy
import gzip
from pathlib import Path
from xml.etree import ElementTree

from etulinja.config import PortalConfig
from etulinja.site import urls
from etulinja.site.frames import FRAME_KINDS, FrameKind, page_ids
from etulinja.site.slots import FRAME_ID

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
ElementTree.register_namespace("", SITEMAP_NS)
ElementTree.register_namespace("xhtml", XHTML_NS)


def complete_sitemap(config: PortalConfig, site_dir: Path,
                     kinds: tuple[FrameKind, ...] = FRAME_KINDS) -> bool:
    """Put every filled page in sitemap.xml where MkDocs listed its frame; True when the
    sitemap was changed."""
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file() or FRAME_ID not in sitemap.read_text(encoding="utf-8"):
        return False  # each language's build ends here; the first one completed it
    tree = ElementTree.parse(sitemap)
    urlset = tree.getroot()
    frames = {urls.absolute(config.site_url, kind.frame_address, lang, config.languages):
              (kind, lang) for kind in kinds for lang in config.languages}
    changed = False
    for index, entry in reversed(list(enumerate(list(urlset)))):
        loc = entry.find(f"{{{SITEMAP_NS}}}loc")
        found = frames.get(loc.text or "") if loc is not None else None
        if found is None:
            continue
        kind, lang = found
        urlset.remove(entry)
        ids = sorted(page_ids(config, config.default_language, kind))
        for offset, page_id in enumerate(ids):
            urlset.insert(index + offset, _entry(entry, config, kind, lang, page_id))
        changed = True
    if not changed:
        return False
    text = ElementTree.tostring(urlset, encoding="unicode", xml_declaration=False)
    text = f'<?xml version="1.0" encoding="UTF-8"?>\n{text}\n'
    sitemap.write_text(text, encoding="utf-8")
    gz = site_dir / "sitemap.xml.gz"
    if gz.is_file():
        with gz.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw,
                                                 mtime=0) as out:
            out.write(text.encode())
    return True


def _entry(frame: ElementTree.Element, config: PortalConfig, kind: FrameKind, lang: str,
           page_id: str) -> ElementTree.Element:
    """The frame's entry made the page's: its address in ``lang`` and its alternates (a
    copy, so it keeps the frame entry's layout too)."""
    entry = copy.deepcopy(frame)
    path = f"{kind.folder}{page_id}/"
    loc = entry.find(f"{{{SITEMAP_NS}}}loc")
    assert loc is not None
    loc.text = urls.absolute(config.site_url, path, lang, config.languages)
    for link in entry.findall(f"{{{XHTML_NS}}}link"):
        other = link.get("hreflang") or ""
        if other in config.languages:
            link.set("href", urls.absolute(config.site_url, path, other, config.languages))
    return entry
