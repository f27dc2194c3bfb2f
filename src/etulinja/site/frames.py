"""Generated pages filled in by Etulinja into a frame that MkDocs renders once per language.

A national catalogue has about 10,000 services in 3 languages. Through MkDocs, Material and
static-i18n each page cost about 12 ms (Material's frame in Jinja, a new Markdown parser per
page, static-i18n reconsidering every file once per language) and MkDocs kept every page in
memory: 475 s and 2.7 GB for 10,000 services. Yet every such page has the same frame: the
same depth, menu, header and footer. So for each kind of generated page (``FrameKind``:
service pages; each care path's county pages) the assembly gives MkDocs one *frame* page
per language, laid out by the kind's template with a marker wherever a page's own
part goes, and this module fills that frame for each page from its record: its title and
description, its address (canonical, hreflang alternates, language links), its county's
urgent-help numbers, its structured data and its body, rendered from the kind's own
template. The frame is MkDocs' own output, so a filled page looks and behaves exactly like
every other page, and nothing here imports MkDocs.

**The contract** is ``SLOTS``: each slot's name, its marker, how a value is made safe for
it and how often the frame must hold it. Templates never spell a marker: they print
``etulinja.slots.<name>`` (``theme.template_context``). ``Frame.parse`` refuses a frame
that breaks the contract, ``Frame.fill`` escapes each value as its slot says and refuses a
value that still holds a marker, so a page is either filled whole or not written.
"""

from __future__ import annotations

import html
import json
import os
import posixpath
import re
import shutil
from collections.abc import Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

import jinja2
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from etulinja.config import PortalConfig
from etulinja.site import urls
from etulinja.site.memo import Memo, digest
from etulinja.site.slots import FRAME_ID, MARKER_PARTS, SLOTS, Escaping, Slot
from etulinja.site.theme import CompiledTemplates, template_context
from etulinja.sources import markup

_PARALLEL_FROM = 600  # pages; below this a worker process costs more than it saves
_BY_MARKER = {slot.marker: slot for slot in SLOTS}
_MARKERS = re.compile("|".join(re.escape(slot.marker) for slot in SLOTS))
_ADDRESS = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass(frozen=True)
class FrameKind:
    """A kind of page filled into a frame: where its pages live and what lays them out."""

    name: str
    folder: str
    """The pages' folder (``catalogue/services/``): each page is ``<folder><id>/``."""
    template: str
    """The theme template MkDocs renders the frame with (``service.html``)."""
    body_template: str
    """Etulinja's template for a page's own body (``partials/etu-service-body.html``)."""
    records: str
    """Folder in the page-data tree holding one JSON record per page per language."""
    others: tuple[str, ...] = ()
    """Pages MkDocs renders inside the folder that are not of this kind (a path's compare
    view beside its county pages): never taken for a page whose record is gone."""

    def record_path(self, lang: str, page_id: str) -> str:
        """Where the assembly keeps a page's record, inside the page-data tree."""
        return f"{self.records}/{lang}/{page_id}.json"

    @property
    def frame_address(self) -> str:
        return f"{self.folder}{FRAME_ID}/"


SERVICE_PAGES = FrameKind("service", urls.SERVICES, "service.html",
                          "partials/etu-service-body.html", "_services")
URGENT_TEMPLATE = "partials/etu-urgent.html"
KINDS_FILE = "_frame-kinds.json"
"""The page-data tree's list of this build's frame kinds besides service pages: the
assembly writes it (``kinds_file``), the hook and the sitemap read it (``frame_kinds``),
so that neither needs to know which domain made a kind (a care path's county pages)."""


def kinds_file(kinds: Iterable[FrameKind]) -> bytes:
    """The list of frame kinds as the page-data tree keeps it."""
    return json.dumps([vars(kind) for kind in kinds], ensure_ascii=False, sort_keys=True,
                      indent=1).encode()


def frame_kinds(config: PortalConfig) -> tuple[FrameKind, ...]:
    """Every kind of framed page of the assembled portal: service pages, then those the
    assembly listed."""
    listed = config.page_data_dir / KINDS_FILE
    more = json.loads(listed.read_bytes()) if listed.is_file() else []
    return (SERVICE_PAGES, *(FrameKind(**{**kind, "others": tuple(kind["others"])})
                             for kind in more))


class FrameError(Exception):
    """A frame breaks the contract (a template was changed) or a value would."""


def body_html(text: str) -> str:
    """A page's Markdown (a service description) as HTML, converted once at assembly,
    with the Markdown and the content policy of every other page (markup.py)."""
    return markup.render(text)


def page_record(title: str, description: str, data: dict[str, Any], body: str = "") -> bytes:
    """What a filled page is made of besides its frame: kept as JSON in the page-data tree.
    ``body``: the page's Markdown, if it has any (a service's description); the kind's
    body template lays out the rest from ``data``."""
    return json.dumps({"title": title, "description": description, "data": data,
                       "content": body_html(body) if body else ""},
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
    """A frame page cut at its slots: literal text, slot, literal text, slot…"""

    parts: list[str]

    @classmethod
    def parse(cls, text: str, kind: FrameKind) -> Frame:
        """The frame, checked against the contract: each slot as often as it must be, and
        markup slots outside any tag, where the markup they take can stand."""
        parts: list[str] = []
        position = 0
        seen: dict[str, int] = {}
        for match in _MARKERS.finditer(text):
            slot = _BY_MARKER[match.group()]
            seen[slot.name] = seen.get(slot.name, 0) + 1
            if slot.escaping is Escaping.MARKUP and (
                    text.rfind("<", 0, match.start()) > text.rfind(">", 0, match.start())):
                raise FrameError(f"the {kind.name} frame has the '{slot.name}' slot inside a "
                                 f"tag; {kind.template} must print it between elements")
            parts += [text[position:match.start()], slot.name]
            position = match.end()
        parts.append(text[position:])
        for slot in SLOTS:
            count = seen.get(slot.name, 0)
            if count == 0 or (slot.count is not None and count != slot.count):
                expected = "at least once" if slot.count is None else f"{slot.count} time(s)"
                raise FrameError(f"the {kind.name} frame holds the '{slot.name}' slot "
                                 f"{count} time(s), not {expected}: {kind.template} and "
                                 "main.html must print etulinja.slots."
                                 f"{slot.name} (and never spell a marker)")
        return cls(parts)

    def fill(self, values: Mapping[str, str]) -> str:
        """The frame with every slot filled, each value made safe as its slot says."""
        safe = {slot.name: _safe(slot, values[slot.name]) for slot in SLOTS}
        return "".join(safe[p] if i % 2 else p for i, p in enumerate(self.parts))


def _safe(slot: Slot, value: str) -> str:
    if slot.escaping is Escaping.TEXT:
        made = html.escape(value)
    elif slot.escaping is Escaping.ADDRESS:
        if not _ADDRESS.fullmatch(value):
            raise FrameError(f"'{value}' cannot stand in an address ({slot.name} slot)")
        made = value
    else:
        if not isinstance(value, Markup):
            raise FrameError(f"the {slot.name} slot takes markup from Etulinja's "
                             "templates, not text")
        made = str(value)
    # Plain substring tests spare the pattern on nearly every value (a page body is
    # kilobytes, and there are tens of thousands of pages); every marker holds one.
    leftover = _MARKERS.search(made) if any(part in made for part in MARKER_PARTS) else None
    if leftover:  # a value holding a marker would leave a slot unfilled in the page
        raise FrameError(f"the {slot.name} value holds the marker of the "
                         f"'{_BY_MARKER[leftover.group()].name}' slot")
    return made


class _Renderer:
    """Jinja over the theme folder, escaping as Etulinja's templates do under MkDocs: one
    environment per language for every kind, its templates compiled once per process
    (``COMPILED``), before any worker is forked."""

    def __init__(self, theme_dir: Path, config: PortalConfig, lang: str) -> None:
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(theme_dir)),
                                      auto_reload=False, autoescape=True,
                                      bytecode_cache=COMPILED)
        self.env.filters["url"] = jinja2.pass_context(
            lambda context, value: relative_url(str(value), context["page"].url))
        self.env.globals["etulinja"] = template_context(config, lang)
        self.urgent = self.env.get_template(URGENT_TEMPLATE).module
        self.bodies: dict[str, jinja2.Template] = {}
        self.config = config
        self.lang = lang

    def values(self, kind: FrameKind, page_id: str, record: dict[str, Any]) -> dict[str, str]:
        body = self.bodies.get(kind.body_template)
        if body is None:
            body = self.bodies[kind.body_template] = self.env.get_template(kind.body_template)
        address = urls.in_language(kind.folder, self.lang, self.config.languages)
        page = SimpleNamespace(title=record["title"], content=record["content"],
                               url=f"{address}{page_id}/",
                               meta={"etulinja": record["data"]})
        data = record["data"]
        county = data.get("county_helplines") or []
        line = self.urgent.line  # type: ignore[attr-defined]
        jsonld = data.get("jsonld")
        return {
            "id": page_id,
            "title": record["title"],
            "description": record["description"],
            "head": Markup('<script type="application/ld+json">'
                           f"{htmlsafe_json_dumps(jsonld)}</script>") if jsonld else Markup(),
            "content": Markup(body.render(page=page)),
            "county_first": Markup("").join(line(x, False, i > 0) for i, x in enumerate(county)),
            "county_all": Markup("").join(line(x, True) for x in county),
        }


COMPILED = CompiledTemplates()
"""The body templates compiled once for the life of the process (every language, and
every rebuild of ``etulinja serve``; an edited template is compiled afresh)."""


@dataclass
class _Work:
    """What filling a language's pages needs, set before workers are forked so that each
    inherits it (compiled templates, parsed frames) instead of making it again."""

    renderer: _Renderer
    kinds: dict[str, tuple[FrameKind, Frame, Path, Path]]
    """Kind name -> the kind, its frame, its records folder and its pages' folder."""


_work: _Work | None = None


def _render_some(pages: list[tuple[str, str]]) -> int:
    """Fill and write some pages, each (kind name, page id); return how many changed."""
    assert _work is not None
    written = 0
    for kind_name, page_id in pages:
        kind, frame, records, out = _work.kinds[kind_name]
        record = json.loads((records / f"{page_id}.json").read_bytes())
        page = frame.fill(_work.renderer.values(kind, page_id, record)).encode()
        target = out / page_id / "index.html"
        if target.is_file() and target.read_bytes() == page:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(page)
        written += 1
    return written


def _chunks(items: list[tuple[str, str]], count: int) -> Iterable[list[tuple[str, str]]]:
    size = max(1, -(-len(items) // count))
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _frame_text(config: PortalConfig, site_dir: Path, lang: str, kind: FrameKind) -> str:
    """This build's frame page, taken out of the site; or the last one, kept aside.

    ``mkdocs serve --dirty`` rebuilds only changed pages, so a rebuild may not render the
    frame again: the last frame of each kind and language is kept in the build folder.
    """
    address = urls.in_language(kind.frame_address, lang, config.languages)
    frame_dir = site_dir / address
    kept = config.page_data_dir.parent / "frames" / f"{kind.name}.{lang}.html"
    if (frame_dir / "index.html").is_file():
        text = (frame_dir / "index.html").read_text(encoding="utf-8")
        kept.parent.mkdir(parents=True, exist_ok=True)
        if not kept.is_file() or kept.read_text(encoding="utf-8") != text:
            kept.write_text(text, encoding="utf-8")
        shutil.rmtree(frame_dir)
        return text
    if kept.is_file():
        return kept.read_text(encoding="utf-8")
    raise FrameError(f"MkDocs did not render the {kind.name} frame page for '{lang}' "
                     f"({address})")


def page_ids(config: PortalConfig, lang: str, kind: FrameKind) -> dict[str, tuple[int, int]]:
    """Each page of a kind that has a record in ``lang``, with its record file's (size,
    mtime): the pages to fill, and what serve's memo compares."""
    records = config.page_data_dir / kind.records / lang
    # os.scandir, not pathlib: at 10,000 services per language, building Path objects
    # for every record and page was most of what a serve rebuild spent here.
    stats: dict[str, tuple[int, int]] = {}
    if records.is_dir():
        with os.scandir(records) as entries:
            for entry in entries:
                if entry.name.endswith(".json"):
                    stat = entry.stat()
                    stats[entry.name[:-5]] = (stat.st_size, stat.st_mtime_ns)
    return stats


def render_pages(config: PortalConfig, site_dir: Path, lang: str, theme_dir: Path,
                 kind: FrameKind = SERVICE_PAGES, jobs: int | None = None,
                 memo: Memo | None = None) -> int:
    """Write every page of one kind in one language (``render_kinds``)."""
    return render_kinds(config, site_dir, lang, theme_dir, (kind,), jobs, memo)


def render_kinds(config: PortalConfig, site_dir: Path, lang: str, theme_dir: Path,
                 kinds: Iterable[FrameKind], jobs: int | None = None,
                 memo: Memo | None = None) -> int:
    """Write every page of these kinds in one language into ``site_dir``; return how many
    changed.

    Pages whose bytes are unchanged are not touched, and pages whose record is gone are
    removed (``mkdocs serve`` reuses its site folder). With a ``memo`` (``etulinja
    serve``), a page is not even laid out again when its frame and its record file are as
    this process last filled them and the page is still there. The pages of every kind
    are shared among the same workers: a care path's 22 county pages alone would not be
    worth a process, 220 of ten paths are.
    """
    global _work
    kinds = tuple(kinds)
    if memo is not None:
        _remove_gone_kinds(config, site_dir, lang, kinds, memo)
    work = _Work(_Renderer(theme_dir, config, lang), {})
    todo: list[tuple[str, str]] = []
    remembered: list[tuple[Path, bytes, dict[str, tuple[int, int]]]] = []
    # Everything a page is made of besides its frame and its record: our templates (the
    # body and the partials it imports) and the strings and helplines they show; the
    # same for every kind, so read once.
    made_with = b"" if memo is None else b"".join(
        p.as_posix().encode() + p.read_bytes() for p in sorted(theme_dir.rglob("*.html"))
    ) + json.dumps(template_context(config, lang), sort_keys=True, default=str).encode()
    for kind in kinds:
        found = _prepare(config, site_dir, lang, kind, work, memo, made_with)
        if found is not None:
            pages, out, frame_digest, stats = found
            todo += [(kind.name, page_id) for page_id in pages]
            remembered.append((out, frame_digest, stats))
    jobs = jobs or min(4, os.cpu_count() or 1)
    _work = work
    try:
        if jobs == 1 or len(todo) < _PARALLEL_FROM:
            written = _render_some(todo)
        else:
            with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("fork")) as pool:
                written = sum(pool.map(_render_some, _chunks(todo, jobs * 4)))
    finally:
        _work = None
    if memo is not None:  # only once every page is written: a failure redoes them all
        for out, frame_digest, stats in remembered:
            memo.filled[out] = (frame_digest, stats)
    return written


def _remove_gone_kinds(config: PortalConfig, site_dir: Path, lang: str,
                       kinds: tuple[FrameKind, ...], memo: Memo) -> None:
    """Remove the pages of kinds filled at the last rebuild and gone since (``mkdocs
    serve`` reuses its site folder; a kind whose last record went has no frame either,
    so nothing else would find its pages)."""
    for kind in memo.kinds.get(lang, ()):
        if kind in kinds:
            continue
        _remove_filled(site_dir / urls.in_language(kind.folder, lang, config.languages),
                       memo)
    memo.kinds[lang] = kinds


def _remove_filled(out: Path, memo: Memo) -> None:
    """Remove the pages last filled into ``out`` (and forget them)."""
    _, pages = memo.filled.pop(out, (b"", {}))
    for page_id in pages:
        if (out / page_id / "index.html").is_file():
            shutil.rmtree(out / page_id)


def _prepare(config: PortalConfig, site_dir: Path, lang: str, kind: FrameKind,
             work: _Work, memo: Memo | None, made_with: bytes
             ) -> tuple[list[str], Path, bytes, dict[str, tuple[int, int]]] | None:
    """A kind's frame taken out of the site and its pages whose record is gone removed;
    the pages to fill, their folder, and what the memo keeps of them (None: the kind has
    neither pages nor a frame). ``made_with``: what its pages are made of besides frame
    and record (``render_kinds``), for the memo."""
    stats = page_ids(config, lang, kind)
    ids = sorted(stats)
    out = site_dir / urls.in_language(kind.folder, lang, config.languages)
    if not ids and not (out / FRAME_ID).is_dir():
        if memo is not None:  # its last record went: MkDocs rendered no frame this time
            _remove_filled(out, memo)
        return None
    frame_text = _frame_text(config, site_dir, lang, kind)
    frame = Frame.parse(frame_text, kind)
    out.mkdir(parents=True, exist_ok=True)
    with os.scandir(out) as entries:
        folders = {entry.name for entry in entries if entry.is_dir()}
    for name in folders - set(ids) - set(kind.others):
        if (out / name / "index.html").is_file():
            shutil.rmtree(out / name)
    work.kinds[kind.name] = (kind, frame, config.page_data_dir / kind.records / lang, out)
    todo = ids
    frame_digest = b""
    if memo is not None:
        frame_digest = digest(frame_text.encode() + made_with)
        last_frame, last_stats = memo.filled.pop(out, (b"", {}))
        if last_frame == frame_digest:
            # A page folder holds only its index.html, written whole or not at all.
            todo = [i for i in ids if last_stats.get(i) != stats[i] or i not in folders]
    return todo, out, frame_digest, stats
