"""Editors' Markdown as HTML, under one content policy.

Articles, general pages, programme steps and service descriptions are written by many
editors, and soon pasted from spreadsheets and imported from other registers; the pages
they become are read by people in crisis. So Markdown is not trusted to carry HTML:

- **one Markdown configuration** (``MARKDOWN_EXTENSIONS``) is used wherever Markdown
  becomes HTML: MkDocs gets it from the hook, service descriptions are converted with it
  here, so a ``??? note`` works in both or in neither;
- **one policy** says which HTML an editor may produce (``ALLOWED_TAGS``,
  ``ALLOWED_ATTRIBUTES``, links only to web, mail and phone addresses, images and media
  only from the site itself). ``etulinja check`` refuses anything outside it at the
  editor's file and line (``check_markdown``), in plain words;
- a well-kept sanitiser (nh3, bindings to the Rust ammonia library) applies the same
  policy again to every HTML page body Markdown makes (``ContentPolicy``), so a gap in
  the check can never reach a reader.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from typing import Any
from xml.etree import ElementTree

import markdown
import nh3
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

# ---------------------------------------------------------------- the policy

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
    "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol",
    "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
    "audio", "video", "source", "track",
})
"""Tags an editor's Markdown may produce: text, lists, tables, boxes, images, media."""

GLOBAL_ATTRIBUTES = frozenset({"class", "id", "lang", "dir", "title"})
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "hreflang"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "audio": frozenset({"src", "controls", "preload"}),
    "video": frozenset({"src", "controls", "preload", "poster", "width", "height"}),
    "source": frozenset({"src", "type"}),
    "track": frozenset({"src", "kind", "srclang", "label", "default"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan", "scope"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "time": frozenset({"datetime"}),
    "details": frozenset({"open"}),
}
"""Attributes per tag, besides ``GLOBAL_ATTRIBUTES``. No ``style`` (the strict
Content-Security-Policy refuses inline styles) and no event handlers."""

LINK_SCHEMES = ("http", "https", "mailto", "tel")
"""Where a link may lead: web pages, e-mail, phone numbers, and the site's own pages."""
_LINK_ATTRIBUTES = frozenset({"href", "cite"})
_MEDIA_ATTRIBUTES = frozenset({"src", "poster"})
_DATA_IMAGE = re.compile(r"data:image/(?:png|jpeg|gif|webp)[;,]", re.I)
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):", re.I)
# Browsers ignore ASCII whitespace and control characters inside a URL's scheme
# ("java\tscript:"), so the policy does too before it looks at the scheme.
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]")

_REFUSED_WITH_REASON = {
    "script": "scripts would run in readers' browsers",
    "style": "the site's look comes from its theme, and the site's security policy "
             "refuses inline styles",
    "iframe": "embedded pages make readers' browsers contact another site; link to it "
              "instead",
    "frame": "embedded pages make readers' browsers contact another site; link to it "
             "instead",
    "object": "embedded content can run code and contact other sites; link to it instead",
    "embed": "embedded content can run code and contact other sites; link to it instead",
    "form": "a form could send what readers type to another site",
    "input": "a form field could collect what readers type",
    "textarea": "a form field could collect what readers type",
    "button": "a form button could send what readers type to another site",
    "select": "a form field could collect what readers type",
    "link": "it would load files from another site",
    "meta": "it would change how browsers treat the page",
    "base": "it would send every link of the page elsewhere",
    "svg": "inline SVG can carry scripts; put the image beside the page as a file",
    "math": "MathML is not part of what editors may write",
}


def url_problem(attribute: str, value: str) -> str | None:
    """Why ``value`` may not stand in ``attribute``, or None when it may.

    Links go to web pages (``https://``, ``http://``), e-mail (``mailto:``), phone
    numbers (``tel:``) or the site's own pages; images and media come only from the
    site itself (or are ``data:`` images written into the page), because fetching a
    picture from another host tells that host who is reading about mental health.
    """
    url = _IGNORED_IN_URL.sub("", html.unescape(value))
    scheme_match = _SCHEME.match(url)
    scheme = scheme_match.group(1).lower() if scheme_match else ""
    if attribute in _MEDIA_ATTRIBUTES:
        if _DATA_IMAGE.match(url):
            return None
        if scheme == "data":
            return (f"an image written into the page ('{value[:40]}…') must be PNG, JPEG, "
                    "GIF or WebP; put other files beside the page and refer to them by name")
        if scheme or url.startswith(("//", "\\\\", "/\\", "\\/")):
            return (f"an image or media file from another site ('{value}') is not allowed: "
                    "it would tell that site who reads this page; put the file beside the "
                    "page and refer to it by its name")
        return None
    if attribute in _LINK_ATTRIBUTES and scheme and scheme not in LINK_SCHEMES:
        return (f"a link to '{value}' is not allowed: links may lead to web pages "
                "(https://…), e-mail (mailto:…), phone numbers (tel:…) or the site's own "
                "pages")
    return None


@dataclass(frozen=True)
class Violation:
    """One thing in rendered HTML that the policy refuses."""

    key: tuple[str, ...]
    """What it is, to recognise the same thing in a shorter render (see check_markdown)."""
    message: str


class _PolicyScanner(HTMLParser):
    """Lists every tag, attribute and address in a piece of HTML that the policy refuses."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Violation] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            reason = _REFUSED_WITH_REASON.get(tag)
            message = (f"HTML <{tag}> is not allowed: {reason}" if reason else
                       f"HTML <{tag}> is not allowed; Markdown, and these tags, are: "
                       + ", ".join(sorted(ALLOWED_TAGS)))
            self.found.append(Violation(("tag", tag), message))
            return
        allowed = ALLOWED_ATTRIBUTES.get(tag, frozenset()) | GLOBAL_ATTRIBUTES
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(Violation(
                    ("attribute", tag, name),
                    f"the attribute {name}= on <{tag}> is not allowed: it runs a script"))
            elif name == "style":
                self.found.append(Violation(
                    ("attribute", tag, name),
                    f"the attribute style= on <{tag}> is not allowed: the site's look comes "
                    "from its theme, and its security policy refuses inline styles"))
            elif name not in allowed:
                self.found.append(Violation(
                    ("attribute", tag, name),
                    f"the attribute {name}= on <{tag}> is not allowed"))
            elif value is not None and (problem := url_problem(name, value)) is not None:
                self.found.append(Violation(("address", tag, name, value), problem))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def violations(fragment: str) -> list[Violation]:
    """Everything in ``fragment`` (HTML) that the content policy refuses, in order."""
    scanner = _PolicyScanner()
    scanner.feed(fragment)
    scanner.close()
    return scanner.found


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    return None if url_problem(attribute, value) is not None else value


@cache
def _cleaner() -> nh3.Cleaner:
    attributes = {tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()}
    attributes["*"] = set(GLOBAL_ATTRIBUTES)
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes=attributes,
        attribute_filter=_filter_attribute,
        url_schemes={*LINK_SCHEMES, "data"},  # data: only survives the filter as an image
        link_rel=None,
        strip_comments=True,
    )


def sanitise(fragment: str) -> str:
    """``fragment`` (HTML) with everything outside the policy removed.

    The second line of defence: ``etulinja check`` has already refused such content,
    so for a checked site this changes nothing a reader would see.
    """
    return str(_cleaner().clean(fragment))


# ---------------------------------------------------------------- Markdown

_ALIGN = re.compile(r"\s*text-align:\s*(left|right|center)\s*;?\s*", re.I)


class _TableAlignment(Treeprocessor):
    """Table column alignment as a class instead of an inline style (``|:---:|``).

    Python-Markdown writes ``style="text-align: center;"``, which the site's
    Content-Security-Policy refuses; the theme has a class for each alignment.
    """

    def run(self, root: ElementTree.Element) -> None:
        for element in root.iter():
            if element.tag in ("th", "td"):
                match = _ALIGN.fullmatch(element.get("style") or "")
                if match:
                    del element.attrib["style"]
                    classes = (element.get("class") or "").split()
                    element.set("class", " ".join([*classes,
                                                   f"etu-align-{match.group(1).lower()}"]))


class _Sanitise(Postprocessor):
    def run(self, text: str) -> str:
        return sanitise(text)


class ContentPolicy(Extension):
    """The content policy as a Markdown extension: every page body it makes is sanitised.

    ``sanitise=False`` is for ``check_markdown`` only, which must see what an editor
    wrote in order to say what is wrong with it.
    """

    def __init__(self, **kwargs: Any) -> None:
        self.config = {"sanitise": [True, "remove whatever the content policy refuses"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_TableAlignment(md), "etulinja_table_alignment", 1)
        if self.getConfig("sanitise"):
            # Last of all: after raw HTML and stashed blocks are put back.
            md.postprocessors.register(_Sanitise(md), "etulinja_content_policy", 0)


def makeExtension(**kwargs: Any) -> ContentPolicy:
    return ContentPolicy(**kwargs)


POLICY_EXTENSION = "etulinja.sources.markup"
MARKDOWN_EXTENSIONS: tuple[str, ...] = (
    "admonition",
    "attr_list",
    "md_in_html",
    "tables",
    "toc",
    "pymdownx.details",
    "pymdownx.superfences",
    POLICY_EXTENSION,
)
"""The Markdown every page body is written in, in MkDocs and in service descriptions."""
MARKDOWN_CONFIGS: dict[str, dict[str, Any]] = {"toc": {"permalink": False}}


def _converter(sanitise: bool) -> markdown.Markdown:
    configs = {name: dict(options) for name, options in MARKDOWN_CONFIGS.items()}
    configs[POLICY_EXTENSION] = {"sanitise": sanitise}
    return markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS), extension_configs=configs)


@cache
def _converters() -> dict[bool, markdown.Markdown]:
    return {True: _converter(True), False: _converter(False)}


def render(text: str) -> str:
    """Markdown as HTML under the content policy (a service description, for example)."""
    converter = _converters()[True]
    converter.reset()
    return converter.convert(text)


def _render_unsanitised(text: str) -> str:
    converter = _converters()[False]
    converter.reset()
    return converter.convert(text)


# Constructs through which Markdown can produce HTML outside the policy: raw HTML and
# autolinks (<), inline links and images (](), reference definitions (]:), attribute
# lists ({). Text with none of them is only formatting, and needs no render to check.
_MAY_VIOLATE = re.compile(r"<|\]\(|\]:|\{")


def check_markdown(text: str, first_line: int = 1) -> list[tuple[int, str]]:
    """What in ``text`` the content policy refuses, as (line, message), in line order.

    ``first_line`` is the file line of the text's first line. Markdown keeps no source
    positions, so the line of each refused thing is found by rendering ever shorter
    beginnings of the text: it is the first line whose inclusion makes it appear.
    """
    if not _MAY_VIOLATE.search(text):
        return []
    found = violations(_render_unsanitised(text))
    if not found:
        return []
    lines = text.split("\n")
    counts: Counter[tuple[str, ...]] = Counter()
    located: list[tuple[int, str]] = []
    for violation in found:
        counts[violation.key] += 1
        line = _first_line_with(lines, violation.key, counts[violation.key])
        located.append((first_line + line, violation.message))
    return sorted(dict.fromkeys(located))


def _first_line_with(lines: list[str], key: tuple[str, ...], occurrence: int) -> int:
    """0-based index of the first line whose inclusion gives ``occurrence`` of ``key``."""

    def present(count: int) -> bool:
        rendered = _render_unsanitised("\n".join(lines[:count]))
        return sum(1 for v in violations(rendered) if v.key == key) >= occurrence

    low, high = 1, len(lines)
    while low < high:
        middle = (low + high) // 2
        if present(middle):
            high = middle
        else:
            low = middle + 1
    return low - 1

