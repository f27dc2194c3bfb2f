"""Service pages filled in by Etulinja into a frame that MkDocs renders once per language.

A national catalogue has about 10,000 services in 3 languages. Through MkDocs, Material and
static-i18n each page cost about 12 ms (Material's frame in Jinja, a new Markdown parser per
page, static-i18n reconsidering every file once per language) and MkDocs kept every page in
memory: 475 s and 2.7 GB for 10,000 services. Yet every service page has the same frame:
the same depth, menu, header and footer. So the assembly gives MkDocs one *frame* page per
language (``catalogue/services/_etulinja-frame``, laid out by ``service.html`` with markers
where a service's own parts go), and this module fills that frame for each service: its
title and description, its address (canonical, hreflang alternates, language links), its
county's urgent-help numbers, its JSON-LD and its body, rendered from our own template
``partials/etu-service-body.html``. The frame is MkDocs' own output, so a service page looks
and behaves exactly like every other page, and nothing here imports MkDocs.
"""

from __future__ import annotations

import gzip
import html
import json
import os
import posixpath
import re
import shutil
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

import jinja2
from jinja2.utils import htmlsafe_json_dumps

from etulinja.config import PortalConfig
from etulinja.site.memo import Memo, digest
from etulinja.site.theme import template_context
from etulinja.sources import markup

FRAME_ID = "_etulinja-frame"
"""The frame page's id: a service file name cannot start with '_' (load.py checks)."""
TITLE_SLOT = "etulinja-slot-title-d41c"
DESCRIPTION_SLOT = "etulinja-slot-description-d41c"
HEAD_SLOT = "<!--etulinja:head-->"
CONTENT_SLOT = "<!--etulinja:content-->"
COUNTY_FIRST_SLOT = "<!--etulinja:county-first-->"
COUNTY_ALL_SLOT = "<!--etulinja:county-all-->"
BODY_TEMPLATE = "partials/etu-service-body.html"
URGENT_TEMPLATE = "partials/etu-urgent.html"
RECORDS = "_services"
"""Folder in the page-data tree holding one JSON record per service per language."""
_PARALLEL_FROM = 600  # pages; below this a worker process costs more than it saves
_SLOT = re.compile("|".join(re.escape(s) for s in (
    FRAME_ID, TITLE_SLOT, DESCRIPTION_SLOT, HEAD_SLOT, CONTENT_SLOT, COUNTY_FIRST_SLOT,
    COUNTY_ALL_SLOT)))


class FrameError(Exception):
    """The frame page is missing or lacks a marker: the theme templates were changed."""


def services_path(prefix: str) -> str:
    return f"{prefix}catalogue/services"


def record_path(lang: str, service_id: str) -> str:
    """Where the assembly keeps a service page's record, inside the page-data tree."""
    return f"{RECORDS}/{lang}/{service_id}.json"


def body_html(text: str) -> str:
    """A service description as HTML, converted once at assembly (not per build), with
    the Markdown and the content policy of every other page (markup.py)."""
    return markup.render(text)


def service_record(title: str, description: str, data: dict[str, Any], body: str) -> bytes:
    return json.dumps({"title": title, "description": description, "data": data,
                       "content": body_html(body)},
                      ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def relative_url(url: str, other: str) -> str:
    """``url`` as a link from the page at ``other``, as MkDocs' ``url`` filter makes it
    (same algorithm as mkdocs.utils.get_relative_url, so links match MkDocs' pages)."""
    parsed = urlsplit(url)
    if parsed.scheme or parsed.netloc or url.startswith(("/", "#")):
        return url
    other_parts = [p for p in posixpath.normpath(other).split("/") if p not in ("", ".")]
    dest_parts = [p for p in posixpath.normpath(url or ".").split("/") if p not in ("", ".")]
    common = 0
    for a, b in zip(other_parts, dest_parts, strict=False):
        if a != b:
            break
        common += 1
    relative = "/".join([".."] * (len(other_parts) - common) + dest_parts[common:]) or "."
    return relative + "/" if url.endswith("/") else relative


@dataclass
class Frame:
    """The frame page cut at its slots: literal text, slot, literal text, slot…"""

    parts: list[str]

    @classmethod
    def parse(cls, text: str) -> Frame:
        for slot in (TITLE_SLOT, HEAD_SLOT, CONTENT_SLOT, COUNTY_FIRST_SLOT, COUNTY_ALL_SLOT):
            if slot not in text:
                raise FrameError(f"the service frame page lacks the marker {slot!r}: "
                                 "overrides/service.html and main.html must keep it")
        parts: list[str] = []
        position = 0
        for match in _SLOT.finditer(text):
            parts += [text[position:match.start()], match.group()]
            position = match.end()
        parts.append(text[position:])
        return cls(parts)

    def fill(self, values: dict[str, str]) -> str:
        return "".join(values[p] if i % 2 else p for i, p in enumerate(self.parts))


class _Renderer:
    """Jinja over the theme folder, escaping as Etulinja's templates do under MkDocs."""

    def __init__(self, theme_dir: Path, config: PortalConfig, lang: str) -> None:
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(theme_dir)),
                                      auto_reload=False, autoescape=True)
        self.env.filters["url"] = jinja2.pass_context(
            lambda context, value: relative_url(str(value), context["page"].url))
        self.env.globals["etulinja"] = template_context(config, lang)
        self.body = self.env.get_template(BODY_TEMPLATE)
        self.urgent = self.env.get_template(URGENT_TEMPLATE).module
        self.prefix = config.language_prefix(lang)

    def values(self, service_id: str, record: dict[str, Any]) -> dict[str, str]:
        url = f"{services_path(self.prefix)}/{service_id}/"
        page = SimpleNamespace(title=record["title"], content=record["content"], url=url,
                               meta={"etulinja": record["data"]})
        data = record["data"]
        county = data.get("county_helplines") or []
        line = self.urgent.line  # type: ignore[attr-defined]
        return {
            FRAME_ID: service_id,
            TITLE_SLOT: html.escape(record["title"]),
            DESCRIPTION_SLOT: html.escape(record["description"]),
            HEAD_SLOT: '<script type="application/ld+json">'
                       f"{htmlsafe_json_dumps(data['jsonld'])}</script>",
            CONTENT_SLOT: self.body.render(page=page),
            COUNTY_FIRST_SLOT: "".join(str(line(x)) for x in county),
            COUNTY_ALL_SLOT: "".join(str(line(x, True)) for x in county),
        }


_worker: dict[str, Any] = {}


def _start_worker(theme_dir: Path, config: PortalConfig, lang: str, frame: Frame,
                  records: Path, out: Path) -> None:
    _worker.update(renderer=_Renderer(theme_dir, config, lang), frame=frame, records=records,
                   out=out)


def _render_some(service_ids: list[str]) -> int:
    renderer: _Renderer = _worker["renderer"]
    frame: Frame = _worker["frame"]
    written = 0
    for service_id in service_ids:
        record = json.loads((_worker["records"] / f"{service_id}.json").read_bytes())
        page = frame.fill(renderer.values(service_id, record)).encode()
        target = _worker["out"] / service_id / "index.html"
        if target.is_file() and target.read_bytes() == page:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(page)
        written += 1
    return written


def _chunks(items: list[str], count: int) -> Iterable[list[str]]:
    size = max(1, -(-len(items) // count))
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _frame_text(config: PortalConfig, site_dir: Path, lang: str) -> str:
    """This build's frame page, taken out of the site; or the last one, kept aside.

    ``mkdocs serve --dirty`` rebuilds only changed pages, so a rebuild may not render the
    frame again: the last frame of each language is kept in the build folder.
    """
    prefix = config.language_prefix(lang)
    frame_dir = site_dir / services_path(prefix) / FRAME_ID
    kept = config.page_data_dir.parent / "frames" / f"{lang}.html"
    if (frame_dir / "index.html").is_file():
        text = (frame_dir / "index.html").read_text(encoding="utf-8")
        kept.parent.mkdir(parents=True, exist_ok=True)
        if not kept.is_file() or kept.read_text(encoding="utf-8") != text:
            kept.write_text(text, encoding="utf-8")
        shutil.rmtree(frame_dir)
        return text
    if kept.is_file():
        return kept.read_text(encoding="utf-8")
    raise FrameError(f"MkDocs did not render the service frame page for '{lang}' "
                     f"({services_path(prefix)}/{FRAME_ID}/)")


def render_service_pages(config: PortalConfig, site_dir: Path, lang: str,
                         theme_dir: Path, jobs: int | None = None,
                         memo: Memo | None = None) -> int:
    """Write every service page of one language into ``site_dir``; return how many changed.

    Pages whose bytes are unchanged are not touched, and pages of services that no longer
    exist are removed (``mkdocs serve`` reuses its site folder). With a ``memo``
    (``etulinja serve``), a page is not even laid out again when its frame and its record
    file are as this process last filled them and the page is still there.
    """
    records = config.page_data_dir / RECORDS / lang
    # os.scandir, not pathlib: at 10,000 services per language, building Path objects
    # for every record and page was most of what a serve rebuild spent here.
    stats = {}
    if records.is_dir():
        with os.scandir(records) as entries:
            for entry in entries:
                if entry.name.endswith(".json"):
                    stat = entry.stat()
                    stats[entry.name[:-5]] = (stat.st_size, stat.st_mtime_ns)
    ids = sorted(stats)
    if not ids and not (site_dir / services_path(config.language_prefix(lang)) / FRAME_ID
                        ).is_dir():
        return 0
    frame_text = _frame_text(config, site_dir, lang)
    frame = Frame.parse(frame_text)
    out = site_dir / services_path(config.language_prefix(lang))
    out.mkdir(parents=True, exist_ok=True)
    with os.scandir(out) as entries:
        folders = {entry.name for entry in entries if entry.is_dir()}
    for name in folders - set(ids):
        if (out / name / "index.html").is_file():
            shutil.rmtree(out / name)
    todo = ids
    if memo is not None:
        # Everything a page is made of besides its record: the frame, our templates (the
        # body and the partials it imports) and the strings and helplines they show.
        theme = b"".join(p.as_posix().encode() + p.read_bytes()
                         for p in sorted(theme_dir.rglob("*.html")))
        context = json.dumps(template_context(config, lang), sort_keys=True, default=str)
        frame_digest = digest(frame_text.encode() + theme + context.encode())
        last_frame, last_stats = memo.filled.pop(out, (b"", {}))
        if last_frame == frame_digest:
            # A page folder holds only its index.html, written whole or not at all.
            todo = [i for i in ids if last_stats.get(i) != stats[i] or i not in folders]
    jobs = jobs or min(4, os.cpu_count() or 1)
    args = (theme_dir, config, lang, frame, records, out)
    if jobs == 1 or len(todo) < _PARALLEL_FROM:
        _start_worker(*args)
        written = _render_some(todo)
    else:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("fork"),
                                 initializer=_start_worker, initargs=args) as pool:
            written = sum(pool.map(_render_some, _chunks(todo, jobs * 4)))
    if memo is not None:  # only once every page is written: a failure redoes them all
        memo.filled[out] = (frame_digest, stats)
    return written


_URL_BLOCK = re.compile(r"[ \t]*<url>(?:(?!</url>).)*?" + re.escape(FRAME_ID)
                        + r".*?</url>\n?", re.S)


def complete_sitemap(config: PortalConfig, site_dir: Path) -> bool:
    """Put every service in sitemap.xml where MkDocs listed the frame page (with its
    language alternates); True when the sitemap was changed."""
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file():
        return False
    text = sitemap.read_text(encoding="utf-8")
    if FRAME_ID not in text:
        return False
    records = config.page_data_dir / RECORDS / config.default_language
    ids = sorted(p.stem for p in records.glob("*.json")) if records.is_dir() else []
    # static-i18n lists each language's pages: one frame entry per language.
    text = _URL_BLOCK.sub(
        lambda match: "".join(match.group().replace(FRAME_ID, i) for i in ids), text)
    sitemap.write_text(text, encoding="utf-8")
    gz = site_dir / "sitemap.xml.gz"
    if gz.is_file():
        with gz.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw,
                                                 mtime=0) as out:
            out.write(text.encode())
    return True
