"""Internal links and anchors in what editors write, checked the way the build resolves
them, so that ``etulinja check`` refuses at the editor's line what MkDocs would refuse
later in a copy the editor never wrote.

How the build resolves a link (MkDocs 1.6, mkdocs-static-i18n 1.3 with suffix files,
``use_directory_urls``), and so how it is checked here:

- MkDocs builds the assembled tree (``build/content/``) once per language. A relative
  link with a file extension (``anxiety.md``, ``../self-care/sleep/index.md``,
  ``kaavio.png``) is joined to the folder of the page's assembled file and looked up
  among that language's files as static-i18n does: ``anxiety.<lang>.md``, then
  ``anxiety.<default>.md``, then ``anxiety.md``. Only files of the language being built
  are there: Etulinja writes a fallback copy of an untranslated page into each language,
  so ``anxiety.md`` from an English page finds the Finnish text's English copy, but
  ``anxiety.fi.md`` and an image without a language suffix exist only in the Finnish
  build. A link that finds nothing fails ``mkdocs build --strict``; here it is refused at
  the line of the file the editor wrote, once per language whose page shows that file.
- Links MkDocs leaves as they are (an address without a file extension, ``../sleep/``,
  ``/sv/articles/sleep/``, the site's own ``https://`` address) lead where the browser
  takes them from the page's address; one leading to no page of the site is refused.
- An anchor (``#heading``, ``sleep.md#heading``) must be an ``id`` in the target: the
  ids Markdown's toc extension gives headings with the portal's one Markdown
  configuration (``sources/markup.py``), ``{#id}`` of attr_list and ids in raw HTML,
  found as MkDocs finds them. MkDocs only logs a missing anchor; the site's quality gate
  refuses it, so check does too (and ``etulinja build``, which runs check first). Ids
  of generated pages come from templates and are not checked.
- Service descriptions are Markdown made into HTML without MkDocs (``site/frames.py``),
  so their links are never rewritten: each must be an address of the site as seen from
  the service's page.

Markdown is rendered only for texts that can hold an internal link, and for pages an
anchor points into; each text once (also across ``etulinja serve`` rebuilds).
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree import ElementTree

import markdown
from markdown.treeprocessors import Treeprocessor

from etulinja.catalogue.model import Service
from etulinja.config import PortalConfig
from etulinja.reference import geography, i18n
from etulinja.site import urls
from etulinja.site.care_paths import county_pages
from etulinja.site.frames import SERVICE_PAGES
from etulinja.sources import markup
from etulinja.sources.problems import Problems

if TYPE_CHECKING:
    from etulinja.site.content import Content

# static-i18n takes the last suffix of a file's stem as its language when it looks like
# a locale (mkdocs_static_i18n.config.RE_LOCALE): ``kaavio.sv.png`` is Swedish.
_LOCALE = re.compile(r"(^[a-z]{2}(-[A-Za-z]{4})?(-[A-Z]{2})?$)|(^[a-z]{2}_[A-Z]{2}$)")
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
# What Markdown writes a link with: an inline link or image (](x) or a reference
# definition (]: x). A text without one whose target could be internal needs no render.
_INTERNAL_CANDIDATE = re.compile(r"\]\(\s*<?(?![a-zA-Z][a-zA-Z0-9+.-]*:|//)|\]\s*:")
_AMP_SUBSTITUTE = "\x02amp\x03"  # Python-Markdown's obfuscated e-mail links
THEME_ASSETS = "assets/"
"""Where the theme (Material and ``overrides/``) puts the files it publishes."""


# ---------------------------------------------------------------- reading Markdown

@dataclass(frozen=True)
class Read:
    """What the build sees in one text: its links in order, and the ids it has."""

    links: tuple[tuple[str, str], ...]
    """(tag, address): ``a`` with its ``href``, ``img`` with its ``src``."""
    ids: frozenset[str]


class _Collect(Treeprocessor):
    """Links and ids of the rendered tree, after every other treeprocessor that sets
    them (toc, attr_list, unescaping), as MkDocs' own link and anchor processors see it."""

    links: list[tuple[str, str]]
    ids: set[str]

    def run(self, root: ElementTree.Element) -> None:
        self.links, self.ids = [], set()
        for element in root.iter():
            if anchor := element.get("id"):
                self.ids.add(anchor)
            if element.tag == "a":
                if name := element.get("name"):
                    self.ids.add(name)
                if (href := element.get("href")) is not None:
                    self.links.append(("a", href))
            elif element.tag == "img" and (src := element.get("src")) is not None:
                self.links.append(("img", src))


class _RawIds(HTMLParser):
    """Ids in raw HTML, which Markdown keeps out of its tree (MkDocs reads them so too)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name == "id" or (name == "name" and tag == "a")):
                self.ids.add(value)


@cache
def _reader() -> tuple[markdown.Markdown, _Collect]:
    configs: dict[str, dict[str, Any]] = {
        name: dict(options) for name, options in markup.MARKDOWN_CONFIGS.items()}
    configs[markup.POLICY_EXTENSION] = {"sanitise": False}  # nothing is published from here
    md = markdown.Markdown(extensions=list(markup.MARKDOWN_EXTENSIONS),
                           extension_configs=configs)
    collect = _Collect(md)
    md.treeprocessors.register(collect, "etulinja_links", 0)  # where MkDocs' relpath is
    return md, collect


@lru_cache(maxsize=4096)
def read(text: str) -> Read:
    """The links and ids of ``text`` as the build renders it."""
    md, collect = _reader()
    md.reset()
    md.convert(text)
    ids = set(collect.ids)
    if "id=" in text or "name=" in text:
        raw = _RawIds()
        raw.feed(text)
        raw.close()
        ids |= raw.ids
    return Read(tuple(collect.links), frozenset(ids))


def _line_of(lines: list[str], pattern: re.Pattern[str], occurrence: int) -> int | None:
    """0-based line of the ``occurrence``-th match of ``pattern``, or of the last one (a
    reference definition used twice is written once)."""
    seen, last = 0, None
    for index, row in enumerate(lines):
        count = len(pattern.findall(row))
        if count:
            last = index
            seen += count
            if seen >= occurrence:
                return index
    return last


def _link_line(lines: list[str], url: str, occurrence: int) -> int | None:
    """0-based line where the ``occurrence``-th link to ``url`` is written: as a link
    (``](url)``, ``](<url>``, ``]: url``) if it can be found so, else anywhere."""
    end = r"(?=[\s)>\"']|$)"
    written = re.escape(url)
    for pattern in (rf"\]\(\s*<?{written}{end}", rf"\]:\s*<?{written}{end}",
                    rf"{written}{end}"):
        at = _line_of(lines, re.compile(pattern), occurrence)
        if at is not None:
            return at
    return None


# ---------------------------------------------------------------- the site's pages

@dataclass(frozen=True)
class Written:
    """Markdown an editor wrote (a page's or a step's body) and where it is published."""

    source: Path
    lang: str
    """The language it is written in."""
    text: str
    path: str
    """The page's address without language: 'articles/sleep/'; its assembled file in a
    language is ``urls.source_file(path, lang)``."""
    languages: tuple[str, ...]
    """The site languages whose page shows this text (its own, and those falling back
    to it)."""

    @cached_property
    def first_line(self) -> int:
        """The file line of the text's first line (read only for a text with a problem)."""
        return _body_line(self.source, self.text)


@dataclass
class Site:
    """What the build will have, per language: MkDocs' files and the site's addresses."""

    config: PortalConfig
    files: dict[str, set[str]] = field(default_factory=dict)
    """Language -> the files MkDocs finds links among when building it (src_uri)."""
    pages: dict[str, dict[str, str]] = field(default_factory=dict)
    """Language -> Markdown file (src_uri, language suffix left out) -> its address."""
    addresses: dict[str, set[str]] = field(default_factory=dict)
    """Language -> its page addresses, with the language prefix: 'sv/articles/sleep/'."""
    every_address: set[str] = field(default_factory=set)
    written: dict[str, Written] = field(default_factory=dict)
    """Address with language prefix -> the editor's text that page shows."""
    services: list[Service] = field(default_factory=list)
    """Listed services: each has a page in every language (filled into a frame, so
    not among MkDocs' files); their addresses are worked out only when asked for."""
    _service_ids: set[str] = field(default_factory=set)

    def has_address(self, address: str) -> bool:
        if address in self.every_address:
            return True
        for lang in self.languages:
            prefix = urls.in_language(urls.SERVICES, lang, self.languages)
            if address.startswith(prefix) and address.endswith("/"):
                if not self._service_ids:
                    self._service_ids = {service.id for service in self.services}
                return address[len(prefix):-1] in self._service_ids
        return False

    def addresses_near(self, lang: str, path: str) -> set[str]:
        """The language's page addresses to suggest for ``path``: the service pages
        only when it names their folder (a national catalogue has thousands)."""
        known = set(self.addresses.get(lang, set()))
        if urls.SERVICES in path:
            prefix = urls.in_language(urls.SERVICES, lang, self.languages)
            known |= {prefix + s.id + "/" for s in self.services}
        return known

    @property
    def languages(self) -> tuple[str, ...]:
        return self.config.languages

    def add_page(self, path: str, is_index: bool) -> None:
        for lang in self.languages:
            uri = urls.index_file(path, lang) if is_index else urls.source_file(path, lang)
            self.files.setdefault(lang, set()).add(uri)
            self.pages.setdefault(lang, {})[_without_language(uri, lang)] = path
            self.add_address(lang, path)

    def add_asset(self, relative: str) -> None:
        """A file copied as it is: in the build of its suffix's language (``x.sv.png``),
        or, without one, of the default language only (static-i18n with
        ``fallback_to_default: false``)."""
        stem = PurePosixPath(relative).stem
        suffix = PurePosixPath(stem).suffix.lstrip(".")
        lang = suffix if suffix and (suffix in self.languages or _LOCALE.match(suffix)) \
            else self.languages[0]
        self.files.setdefault(lang, set()).add(relative)

    def add_address(self, lang: str, path: str) -> None:
        address = urls.in_language(path, lang, self.languages)
        self.addresses.setdefault(lang, set()).add(address)
        self.every_address.add(address)

    def address(self, lang: str, path: str) -> str:
        return urls.in_language(path, lang, self.languages)


def _without_language(uri: str, lang: str) -> str:
    return uri.removesuffix(f".{lang}.md") + ".md"


def site_of(config: PortalConfig, content: Content) -> Site:
    """Every page and file the build will have, from the loaded content (the same
    addresses ``site/assemble.py`` writes; tests/editing/test_links.py compares them)."""
    site = Site(config)
    pages = content.pages
    for page in pages:
        site.add_page(urls.article(page.page_id), False)
    if any(page.is_article for page in pages):
        site.add_page(urls.ARTICLES, True)
    site.add_page(urls.SEARCH, False)
    site.add_page(urls.CATALOGUE, True)
    today = content.today
    site.services = content.catalogue.listed(today)
    if site.services:
        site.add_page(SERVICE_PAGES.frame_address, False)
    for county in geography.counties():
        site.add_page(urls.county(county), True)
    for code in geography.municipalities():
        site.add_page(urls.municipality(code), False)
    paths = content.care_paths
    if paths is not None:
        site.add_page(urls.CARE_PATHS, True)
        for path_id in paths.ids():
            site.add_page(urls.care_path(path_id), True)
            site.add_page(urls.care_path_compare(path_id), False)
            framed = False
            for county in paths.counties(path_id):
                try:
                    paths.merged(path_id, county, None, today)
                except LookupError:  # reported by check; the build makes no page for it
                    continue
                # filled into the path's frame (site/care_paths.py): an address, no file
                for lang in site.languages:
                    site.add_address(lang, urls.care_path_county(path_id, county))
                framed = True
            if framed:
                site.add_page(county_pages(path_id).frame_address, False)
    if content.programmes:
        site.add_page(urls.SELF_CARE, True)
    for programme in content.programmes:
        site.add_page(urls.programme(programme.id), True)
        for step in programme.steps:
            site.add_page(urls.step(programme.id, step.id), False)
        if programme.guide is not None:
            site.add_page(urls.guide(programme.id), False)
        folder = programme.source.parent
        for asset in programme.assets:
            site.add_asset(urls.programme(programme.id) + asset.relative_to(folder).as_posix())
    for questionnaire_id in content.questionnaires:
        site.add_page(urls.questionnaire(questionnaire_id), False)
    if config.editors_page:
        site.add_page(urls.EDITORS, False)
    _add_docs_files(site, config.docs_dir)
    for text in _written(content, site.languages):
        for lang in text.languages:
            site.written[site.address(lang, text.path)] = text
    return site


def _add_docs_files(site: Site, docs: Path) -> None:
    """Files in docs/ copied as they are, and the pages of every ``<page>.<lang>.md``
    there: a page whose file has errors is reported once, not in every link to it."""
    if not docs.is_dir():
        return
    for path in docs.rglob("*"):
        relative = path.relative_to(docs).as_posix()
        if not path.is_file() or any(part.startswith(".") for part in relative.split("/")):
            continue
        if path.suffix != ".md":
            site.add_asset(relative)
        elif relative.count(".") >= 2:
            site.add_page(urls.article(relative.rsplit(".", 2)[0]), False)


def _written(content: Content, languages: tuple[str, ...]) -> Iterator[Written]:
    """Every page body and step an editor wrote, with the languages showing it."""
    for page in content.pages:
        for lang, version in page.versions.items():
            shown = tuple(site_lang for site_lang in languages if i18n.in_language(
                page.versions, site_lang, languages, None)[0] is version)
            yield Written(version.source, lang, version.body, urls.article(page.page_id), shown)
    for programme in content.programmes:
        for step in programme.steps:
            for lang, step_version in step.versions.items():
                shown = tuple(site_lang for site_lang in languages if i18n.in_language(
                    step.versions, site_lang, languages, None)[0] is step_version)
                yield Written(step_version.source, lang, step_version.body,
                              urls.step(programme.id, step.id), shown)


def _body_line(source: Path, body: str) -> int:
    """The file line where ``body`` (the text after the front matter) starts."""
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeError):
        return 1
    if body and text.endswith(body):
        return text[: len(text) - len(body)].count("\n") + 1
    return 1


# ---------------------------------------------------------------- resolving a link

class Resolver:
    """Resolves links of one site, the way its build does (see the module's docstring)."""

    def __init__(self, site: Site) -> None:
        self.site = site
        split = urlsplit(site.config.site_url)
        self.host = split.netloc.lower()
        self.root = split.path if split.path.endswith("/") else split.path + "/"

    # -- addresses the browser goes to -------------------------------------------------

    def own_path(self, url: str) -> str | None:
        """The site path (no leading '/') an absolute or root-relative link leads to, or
        None when it leads elsewhere."""
        scheme, netloc, path, _, _ = urlsplit(url)
        if (scheme or netloc) and (scheme.lower() not in ("http", "https", "")
                                   or netloc.lower() != self.host):
            return None
        path = unquote(path) or "/"
        if not path.startswith(self.root) and path + "/" != self.root:
            return None
        return path[len(self.root):]

    def address_problem(self, written: str, path: str, anchor: str,
                        base: str | None, *, description: bool = False) -> str | None:
        """Why a site path (no leading '/') is no page of the site, or None; ``base``:
        the address of the page a relative link is on (None for an absolute link)."""
        if path.endswith("index.html"):
            path = path.removesuffix("index.html")
        extension = posixpath.splitext(path.rstrip("/"))[1]
        if extension and extension != ".md":
            return None  # open data, theme and search files, images: not pages
        candidates = (path, path + "/") if not path.endswith("/") else (path,)
        found = next((c for c in candidates if self.site.has_address(c)), None)
        if found is None:
            hint = self._close_address(urlsplit(written).path, path, base)
            if extension == ".md" and description:
                return (f"link '{written}' points to no page: links in a description are "
                        "not rewritten, so write the page's address from the site's root, "
                        "such as '/articles/sleep/'")
            if extension == ".md":
                return (f"link '{written}' points to no page: the build leaves such a link "
                        "as it is and no .md file is published; link to the page's file "
                        "relative to this one, or to its address" + hint)
            return f"link '{written}' points to no page of the site" + hint
        if anchor and found in self.site.written:
            return self._anchor_problem(written, anchor, self.site.written[found])
        return None

    # -- one link of an editor's page ---------------------------------------------------

    def page_link(self, tag: str, url: str, text: Written, lang: str) -> str | None:
        """Why ``url`` in ``text`` leads nowhere in the ``lang`` build, or None."""
        if _AMP_SUBSTITUTE in url:
            return None
        scheme, netloc, path, _, anchor = urlsplit(url)
        if scheme or netloc or url.startswith(("/", "\\")):
            own = self.own_path(url.replace("\\", "/"))
            return None if own is None else self.address_problem(url, own, anchor, None)
        if not path:
            return self._anchor_problem(url, anchor, text) if anchor else None
        path = unquote(path)
        page = self.site.address(lang, text.path)
        if not posixpath.splitext(path)[1]:  # MkDocs leaves it as it is: the browser's
            target = urlsplit(urljoin("/" + page, path)).path.lstrip("/")
            return self.address_problem(url, target, anchor, page)
        uri = urls.source_file(text.path, lang)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(uri), path).lstrip("/"))
        found = self._lookup(target, lang)
        if found is None:
            return self._missing_file(tag, url, target, uri, lang, page)
        if anchor:
            address = self._address_of(found, lang)
            if address is not None and address in self.site.written:
                return self._anchor_problem(url, anchor, self.site.written[address],
                                            text.lang)
        return None

    def _lookup(self, target: str, lang: str) -> str | None:
        """The file static-i18n finds for ``target`` in the ``lang`` build."""
        files = self.site.files.get(lang, set())
        pure = PurePosixPath(target)
        try:
            tried = [pure.with_suffix(f".{lang}{pure.suffix}").as_posix(),
                     pure.with_suffix(f".{self.site.languages[0]}{pure.suffix}").as_posix(),
                     target]
        except ValueError:  # no file name to put a language into ('..')
            tried = [target]
        found = next((t for t in tried if t in files), None)
        if found is None and not target.endswith(".md") and (
                target.startswith(THEME_ASSETS) or self._in_theme(target)):
            return target  # the theme's own files are MkDocs files too
        return found

    def _in_theme(self, target: str) -> bool:
        return (self.site.config.root / "overrides" / target).is_file()

    def _address_of(self, uri: str, lang: str) -> str | None:
        path = self.site.pages.get(lang, {}).get(_without_language(uri, lang))
        return None if path is None else self.site.address(lang, path)

    def _missing_file(self, tag: str, url: str, target: str, uri: str, lang: str,
                      page: str) -> str:
        what = "image" if tag == "img" else "link"
        if target.endswith(".md"):
            folder = posixpath.dirname(uri) or "."
            address = self.site.address(lang, target.removesuffix(".md") + "/")
            if self.site.has_address(address):
                # a service page or a care path's county page: filled into a frame
                # (site/frames.py), a page with an address but no Markdown file; an
                # address is relative to the page's address, not to its file
                return (f"{what} '{url}' points to a page made without a file of its own; "
                        "link to its address instead: "
                        f"'{posixpath.relpath(address, page or '.')}/'")
            pages = {posixpath.relpath(page, folder) for page in self.site.pages.get(lang, {})
                     if not posixpath.basename(page).startswith("_")}  # not the frames
            return f"{what} '{url}' points to no page" + self._close(
                unquote(urlsplit(url).path), pages, "")
        elsewhere = [other for other in self.site.languages
                     if other != lang and self._lookup(target, other) == target]
        if elsewhere:
            stem, extension = posixpath.splitext(posixpath.basename(target))
            return (f"{what} '{url}' points to no file for the '{lang}' pages: a file "
                    "beside a page, without a language in its name, is published with the "
                    f"'{elsewhere[0]}' pages only; add a copy named '{stem}.{lang}{extension}'"
                    " beside it")
        return f"{what} '{url}' points to no file"

    def _anchor_problem(self, url: str, anchor: str, target: Written,
                        from_lang: str | None = None) -> str | None:
        """Why ``#anchor`` is no id of ``target``; ``from_lang``: the language of the
        text linking to another page, whose other language version may be shown."""
        ids = read(target.text).ids
        if anchor in ids:
            return None
        problem = f"anchor '#{anchor}' is not a heading in {self._where(url)}"
        if from_lang is not None and target.lang != from_lang:
            return (problem + f" of {target.source.name}, the version the '{target.lang}' "
                    "pages link to; give the heading the same id in every language: "
                    f"'## … {{#{anchor}}}'")
        return problem + self._close(anchor, ids, "#")

    @staticmethod
    def _where(url: str) -> str:
        path = urlsplit(url).path
        return "this page" if not path else f"'{path}'"

    def _close_address(self, written: str, path: str, base: str | None) -> str:
        """A close page address, written as the editor wrote the link: relative to the
        page (``base``) or from the site's root; among the addresses of the language the
        link leads into, in the folder it leads into when there are thousands."""
        languages = self.site.languages
        lang = next((lang for lang in languages[1:]
                     if path.startswith(urls.language_prefix(lang, languages))), languages[0])
        known = self.site.addresses_near(lang, path)
        if base is None:
            shown = {self.root + k for k in known}
        else:
            shown = {posixpath.relpath("/" + k, "/" + base) + "/" for k in known}
        return self._close(written, shown, "")

    @staticmethod
    def _close(wrong: str, known: set[str] | frozenset[str], prefix: str) -> str:
        """'; did you mean …?' when something known is close (difflib), else ''."""
        match = difflib.get_close_matches(wrong, sorted(known), n=1, cutoff=0.6)
        return f"; did you mean '{prefix}{match[0]}'?" if match else ""


# ---------------------------------------------------------------- the check

def check_links(config: PortalConfig, content: Content, problems: Problems) -> None:
    """Report every internal link and anchor of editors' Markdown that leads nowhere, at
    the editor's file and line (see the module's docstring for how links resolve)."""
    site = site_of(config, content)
    resolver = Resolver(site)
    host = resolver.host
    texts = {text.source: text for text in site.written.values()}
    for text in sorted(texts.values(), key=lambda t: str(t.source)):
        if not (_INTERNAL_CANDIDATE.search(text.text) or (host and host in text.text)):
            continue
        links = read(text.text).links
        if not links:
            continue
        lines = text.text.split("\n")
        seen: dict[str, int] = {}
        for tag, url in links:
            seen[url] = seen.get(url, 0) + 1
            failing = {lang: message for lang in text.languages
                       if (message := resolver.page_link(tag, url, text, lang)) is not None}
            if not failing:
                continue
            at = _link_line(lines, url, seen[url])
            line = text.first_line + (at if at is not None else 0)
            # One problem per link: as the file's own language has it, else as the first
            # language showing the file in place of a translation does.
            message = failing.get(text.lang) or next(iter(failing.values()))
            if text.lang not in failing:
                names = ", ".join(f"'{lang}'" for lang in failing)
                message += (f" (the {names} pages show this file, having no version of "
                            "their own)")
            problems.error(text.source, line, message)
    _check_descriptions(resolver, problems)


def _check_descriptions(resolver: Resolver, problems: Problems) -> None:
    """Links in service descriptions, as the browser follows them from the service's page
    (the description is HTML made without MkDocs: nothing rewrites its links)."""
    site = resolver.site
    host = resolver.host
    for service in site.services:
        for written_in, text in service.description.items():
            if not (_INTERNAL_CANDIDATE.search(text) or (host and host in text)):
                continue
            shown = [lang for lang in site.languages
                     if service.description.in_language(lang, site.languages)[1] == written_in]
            reported: set[str] = set()
            for _, url in read(text).links:
                scheme, netloc, path, _, anchor = urlsplit(url)
                if _AMP_SUBSTITUTE in url or url in reported or not (scheme or netloc or path):
                    continue  # e-mail, or an anchor in the service page's frame
                relative = not (scheme or netloc or url.startswith("/"))
                for lang in shown:
                    page = site.address(lang, urls.service(service.id))
                    own = (urlsplit(urljoin("/" + page, unquote(path))).path.lstrip("/")
                           if relative else resolver.own_path(url))
                    message = None if own is None else resolver.address_problem(
                        url, own, anchor, page if relative else None, description=True)
                    if message is not None:
                        reported.add(url)
                        problems.error(service.source, _description_line(service.source, url),
                                       f"description.{written_in}: {message}")
                        break


def _description_line(source: Path, url: str) -> int:
    try:
        lines = source.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeError):
        return 0
    at = _link_line(lines, url, 1)
    if at is None:
        at = next((i for i, row in enumerate(lines) if row.startswith("description")), -1)
    return at + 1
