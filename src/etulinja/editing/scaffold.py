"""New content from a template: ``etulinja new service|article|programme|care-path|organisation``.

Editors in the counties start a service, an article, a programme, a care path or a
provider from a file that already has every field the schema requires, each explained in
a comment in the editor's language (``templates/<lang>.yml``), so that nobody copies an
old file and guesses which of its fields matter. What the files hold follows three rules:

- **It passes ``etulinja check`` as written**, with no error and one warning per file,
  at its first placeholder (``rules.check_placeholders``): the editor's next step is that
  check, and it should speak only of what is left to write. So every placeholder fits its
  schema, review dates are today's, and codes are real ones (the organisation of a
  service, its municipality).
- **A placeholder is obvious**: each text starts with the language's marker ("TÄYTÄ:",
  "FYLL I:", "FILL IN:"). A new service is ``status: inactive`` (the catalogue's own way
  of keeping a service off the site) until the editor makes it active; other kinds have
  no such state, so their placeholders are what shows if one is published unedited.
- **Nothing is overwritten**: every target is looked at before anything is written, and
  each file is created exclusively, so a file that appears meanwhile is not replaced
  either. A refusal is one line naming the file.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import sys
import textwrap
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

import yaml

from etulinja.articles.pages import load_pages
from etulinja.config import PortalConfig
from etulinja.editing.yamledit import schema_line
from etulinja.reference import codes, geography
from etulinja.self_care.programmes import load_programmes
from etulinja.site.content import limits_of
from etulinja.sources.problems import Problems

KINDS = ("service", "article", "programme", "care-path", "organisation")
"""What ``etulinja new`` can start, as the editor types it."""
TEMPLATE_LANGUAGES = ("fi", "sv", "en")
"""Languages the comments and placeholders are written in (``templates/<lang>.yml``)."""
FIRST_STEP = "first-step"
"""The one step a new programme starts with (its schema asks for at least one)."""

_ID = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
"""An id every kind accepts as a file or folder name and address: the strictest of the
schemas' patterns, without a double or trailing hyphen."""
_RESERVED = {"index", "guide", "questionnaires"}
"""Names the site uses for pages of its own (list pages, a programme's guide, the
questionnaires' folder): content called so would collide with them."""
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9.-]*")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
"""Plain words YAML would read as something other than text (YAML 1.1 booleans, null)."""
_WIDTH = 92
_NO_BREAK = "\u00a0"
_ARTICLE_TOPICS = ("seeking-help", "stress", "relationships", "loneliness")
_PROGRAMME_TOPICS = ("loneliness", "relationships", "stress", "trauma")
"""Placeholder topics, in order of preference; see _untaken_topic for why a list."""
_AGE_GROUP = "adults"


class ScaffoldError(Exception):
    """Why nothing was written: one line for the editor, naming the file or the input."""


@dataclass(frozen=True)
class Field:
    """One key of a new file, its placeholder value and the comment above it."""

    key: str
    value: Value
    note: str | None = None
    """Key of the comment in the template (``comments.<kind>.<note>``); the field's own
    key when None, no comment when ""."""
    optional: bool = False
    """Written commented out: an example the editor takes into use by removing ``# ``."""


@dataclass(frozen=True)
class Block:
    """A nested mapping."""

    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Items:
    """A list of mappings (a care path's steps, a programme's sections)."""

    blocks: tuple[Block, ...]


Scalar = str | int | bool | dt.date
Value = Scalar | tuple[Scalar, ...] | dict[str, str] | dict[str, list[str]] | Block | Items
"""A tuple is written as a flow list (``[adults]``), a dict as one line per language."""


@dataclass(frozen=True)
class Scaffold:
    """What ``etulinja new`` is about to write."""

    files: dict[Path, str]
    """Each new file and its text, in the order they are written."""
    notes: tuple[str, ...] = ()
    """What the editor should know besides the next step (a service is hidden)."""


@dataclass
class _Context:
    """What a kind's files are written with: the editor's comments, the placeholders of
    each content language and the values comments mention."""

    config: PortalConfig
    id: str
    lang: str
    today: dt.date
    values: dict[str, str] = field(default_factory=dict)

    def note(self, kind: str, key: str) -> str:
        text: str = templates(self.lang)["comments"][kind][key]
        values = {"id": self.id, "step": FIRST_STEP,
                  "max_age": str(self.config.review_max_age_days),
                  "languages": ", ".join(self.config.required_languages), **self.values}
        return Template(text).safe_substitute(values)

    def text(self, kind: str, key: str, lang: str) -> str:
        """The placeholder of a text field written in ``lang``."""
        table = templates(lang if lang in TEMPLATE_LANGUAGES else "en")["texts"]
        value: str = table[kind][key] if kind else table[key]
        return value

    def texts(self, kind: str, key: str) -> dict[str, str]:
        """A placeholder per required language, for a field written in each."""
        return {lang: self.text(kind, key, lang) for lang in self.config.required_languages}

    def markers(self, languages: Iterable[str]) -> None:
        """Name in comments the markers of the placeholders the next file holds."""
        self.values["markers"] = " / ".join(
            templates(lang if lang in TEMPLATE_LANGUAGES else "en")["marker"]
            for lang in languages).replace(" ", _NO_BREAK)

    def reviewer(self) -> str:
        """Who reviewed: one text for every language, so in the portal's first one."""
        return self.text("", "reviewed_by", self.config.default_language)


@cache
def templates(lang: str) -> dict[str, Any]:
    """Comments and placeholders in one language (``templates/<lang>.yml``)."""
    text = resources.files("etulinja.editing").joinpath("templates", f"{lang}.yml").read_text(
        encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


# --- writing YAML with comments -----------------------------------------------------------

def _scalar(value: Scalar) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if _PLAIN.fullmatch(value) and value.lower() not in _YAML_WORDS:
        return value
    # JSON's double-quoted strings are YAML's: a colon, a leading bracket, a code like
    # "09" and any Finnish or Swedish letter stay text, exactly as written.
    return json.dumps(value, ensure_ascii=False)


def _comment(text: str, indent: int) -> list[str]:
    pad = " " * indent + "# "
    # Unbroken at hyphens, so that codes such as care-need-assessment stay whole, and at
    # the no-break spaces of markers ("FYLL I:"), which textwrap does not count as spaces.
    lines = textwrap.wrap(text, _WIDTH - len(pad), break_on_hyphens=False,
                          break_long_words=False)
    return [pad + line.replace(_NO_BREAK, " ") for line in lines]


def _render(fields: Iterable[Field], kind: str, context: _Context, indent: int = 0
            ) -> list[str]:
    lines: list[str] = []
    for item in fields:
        note = item.key if item.note is None else item.note
        if note:
            lines += _comment(context.note(kind, note), indent)
        own = _render_value(item, kind, context, indent)
        if item.optional:
            own = [line[:indent] + "# " + line[indent:] for line in own]
        lines += own
    return lines


def _render_value(item: Field, kind: str, context: _Context, indent: int) -> list[str]:
    pad, value = " " * indent, item.value
    if isinstance(value, Block):
        return [f"{pad}{item.key}:", *_render(value.fields, kind, context, indent + 2)]
    if isinstance(value, Items):
        lines = [f"{pad}{item.key}:"]
        for block in value.blocks:
            rendered = _render(block.fields, kind, context, indent + 2)
            first = next(i for i, line in enumerate(rendered)
                         if not line.lstrip().startswith("#"))
            rendered[first] = f"{pad}- {rendered[first][indent + 2:]}"
            lines += rendered
        return lines
    if isinstance(value, dict):
        lines = [f"{pad}{item.key}:"]
        for lang, text in value.items():
            if isinstance(text, list):
                lines += [f"{pad}  {lang}:", *(f"{pad}    - {_scalar(t)}" for t in text)]
            else:
                lines.append(f"{pad}  {lang}: {_scalar(text)}")
        return lines
    if isinstance(value, tuple):
        return [f"{pad}{item.key}: [{', '.join(map(_scalar, value))}]"]
    return [f"{pad}{item.key}: {_scalar(value)}"]


def _yaml_file(config: PortalConfig, target: Path, schema: str, kind: str,
               fields: tuple[Field, ...], context: _Context) -> str:
    context.markers(context.config.required_languages)
    lines = [schema_line(config.root, target, schema), *_comment(context.note(kind, "file"), 0),
             "", *_render(fields, kind, context)]
    return "\n".join(lines) + "\n"


def _markdown_file(kind: str, lang: str, fields: tuple[Field, ...], context: _Context) -> str:
    """A page in one language: front matter, then the placeholder text of ``kind``."""
    # No schema line: the example's pages have none (the YAML extension does not read
    # Markdown front matter); the header comment names the schema instead.
    context.markers((lang,))
    body = context.text(kind, "body", lang)
    lines = ["---", *_comment(context.note(kind, "file"), 0), "",
             *_render(fields, kind, context),
             "---", "", body.rstrip("\n")]
    return "\n".join(lines) + "\n"


# --- the kinds ---------------------------------------------------------------------------

def _service(context: _Context, municipality: str | None, organisation: str | None
             ) -> Scaffold:
    config, service_id = context.config, context.id
    if not municipality:
        raise ScaffoldError("a new service needs --municipality NAME_OR_CODE: the "
                            "municipality where it is given decides its county's folder")
    place = find_municipality(municipality)
    county = geography.counties()[place.county_code]
    services = config.catalogue_dir / "services"
    folder = services / county.slug
    for existing in sorted(services.glob(f"*/{service_id}.yml")):
        if existing.parent != folder:  # the same folder's file: refused as any other
            raise ScaffoldError(f"{_shown(config, existing)} already exists: a service's id "
                                "is unique in the whole catalogue; choose another id")
    provider = _organisation(config, folder, organisation)
    context.values.update(municipality=place.name[context.lang], municipality_code=place.code,
                          county=county.name[context.lang], county_code=county.code)
    other = place.other_name(place.name["fi"])
    fields = (
        Field("name", context.texts("service", "name")),
        Field("summary", context.texts("service", "summary")),
        Field("description", context.texts("service", "description")),
        Field("organisation", provider),
        Field("status", "inactive"),
        Field("kind", "care"),
        Field("care_level", 1),
        Field("target_groups", ("KR1",)),
        Field("age", Block((Field("min", 18, note=""),))),
        Field("topics", ("depression",)),
        Field("methods", ("guided-self-care",)),
        Field("access", ("care-need-assessment",)),
        Field("charge", Block((Field("free", True, note=""),))),
        Field("languages", tuple(config.required_languages)),
        Field("area", Block((Field("municipalities", (place.code,), note=""),))),
        Field("channels", Block((
            Field("phones", Items((Block((Field(
                "number", context.text("service", "phone", config.default_language),
                note=""),)),)), note=""),
            Field("web", "https://", note=""),
        )), optional=True),
        Field("last_reviewed", context.today),
        Field("reviewed_by", context.reviewer()),
    )
    target = folder / f"{service_id}.yml"
    return Scaffold(
        {target: _yaml_file(config, target, "service", "service", fields, context)},
        notes=(f"the service is status: inactive, so it is not shown until you set "
               f"status: active; it is filed under {county.name['fi']} for "
               f"{place.name['fi']}{' / ' + other if other else ''} ({place.code})",))


def _article(context: _Context) -> Scaffold:
    config = context.config
    problems = Problems(config.root)
    programmes = load_programmes(config.self_care_dir, limits_of(config, context.today),
                                 problems)
    taken = {(topic, group) for p in programmes for topic in p.topics for group in p.age_groups}
    topic = _untaken_topic(_ARTICLE_TOPICS, taken)
    files: dict[Path, str] = {}
    for lang in config.required_languages:
        fields = (
            Field("title", context.text("article", "title", lang)),
            Field("summary", context.text("article", "summary", lang)),
            Field("audience", ("citizens",)),
            Field("age_groups", (_AGE_GROUP,)),
            Field("topics", (topic,)),
            Field("last_reviewed", context.today),
            Field("reviewed_by", context.text("", "reviewed_by", lang)),
            Field("sources", Items((Block((
                Field("title", context.text("article", "source_title", lang), note=""),
                Field("url", "https://", note=""))),)), optional=True),
        )
        files[config.docs_dir / "articles" / f"{context.id}.{lang}.md"] = _markdown_file(
            "article", lang, fields, context)
    return Scaffold(files)


def _programme(context: _Context) -> Scaffold:
    config = context.config
    problems = Problems(config.root)
    pages = load_pages(config.docs_dir, limits_of(config, context.today), problems)
    taken = {(topic, group) for page in pages if page.is_article
             for version in page.versions.values()
             for topic in version.topics for group in version.age_groups}
    folder = config.self_care_dir / context.id
    fields = (
        Field("id", context.id),
        Field("title", context.texts("programme", "title")),
        Field("summary", context.texts("programme", "summary")),
        Field("audience", ("citizens",)),
        Field("age_groups", (_AGE_GROUP,)),
        Field("topics", (_untaken_topic(_PROGRAMME_TOPICS, taken),)),
        Field("for_whom", {lang: [context.text("programme", "for_whom", lang)]
                           for lang in config.required_languages}),
        Field("written_by", context.texts("programme", "written_by")),
        Field("reviewed_by", context.texts("", "reviewed_by")),
        Field("last_reviewed", context.today),
        Field("sections", Items((Block((
            Field("kind", "information", note=""),
            Field("steps", (FIRST_STEP,), note=""))),))),
    )
    target = folder / "programme.yml"
    files = {target: _yaml_file(config, target, "programme", "programme", fields, context)}
    for lang in config.required_languages:
        step = (
            Field("title", context.text("step", "title", lang)),
            Field("summary", context.text("step", "summary", lang)),
            Field("minutes", 5),
        )
        files[folder / f"{FIRST_STEP}.{lang}.md"] = _markdown_file("step", lang, step,
                                                                   context)
    return Scaffold(files)


def _care_path(context: _Context) -> Scaffold:
    config = context.config
    step = Block((
        Field("id", FIRST_STEP, note="step_id"),
        Field("care_level", 0),
        Field("title", context.texts("care_path", "step_title"), note="step_title"),
        Field("what", context.texts("care_path", "what")),
        Field("who_decides", context.texts("care_path", "who_decides")),
        Field("length", context.texts("care_path", "length")),
        Field("how_to_get", context.texts("care_path", "how_to_get")),
        # outside_catalogue is the one choice that passes check in any catalogue: a rule
        # that finds no service, or an id, would not; the comment says to replace it.
        Field("services", Block((Field(
            "outside_catalogue", context.texts("care_path", "outside_catalogue"),
            note=""),))),
    ))
    fields = (
        Field("title", context.texts("care_path", "title")),
        Field("summary", context.texts("care_path", "summary")),
        Field("audience", (_AGE_GROUP,)),
        Field("topics", ("depression",)),
        Field("steps", Items((step,))),
        Field("last_reviewed", context.today),
        Field("reviewed_by", context.reviewer()),
    )
    target = config.catalogue_dir / "care_paths" / context.id / "path.yml"
    return Scaffold({target: _yaml_file(config, target, "care_path", "care_path", fields,
                                        context)})


def _new_organisation(context: _Context) -> Scaffold:
    config = context.config
    fields = (
        Field("name", context.texts("organisation", "name")),
        Field("type", "public"),
        Field("website", "https://", optional=True),
        Field("business_id", context.text("organisation", "business_id",
                                          config.default_language), optional=True),
        Field("description", context.texts("organisation", "description")),
    )
    target = config.catalogue_dir / "organisations" / f"{context.id}.yml"
    return Scaffold({target: _yaml_file(config, target, "organisation", "organisation",
                                        fields, context)})


def _untaken_topic(preferred: tuple[str, ...], taken: set[tuple[str, str]]) -> str:
    """A placeholder topic that no other content pairs with the placeholder age group.

    An article and a programme sharing a topic and an age group must link (check warns
    at the article otherwise), so a placeholder topic some programme (or, for a new
    programme, some article) already has would make the new files fail their first check
    for a reason the editor did not cause. Which topics are free depends on the portal."""
    known = codes.topics()
    candidates = [t for t in preferred if t in known] + sorted(set(known) - set(preferred))
    return next((t for t in candidates if (t, _AGE_GROUP) not in taken), candidates[0])


# --- input -------------------------------------------------------------------------------

def check_id(text: str) -> str:
    """The id as given, when it can name a file and an address; otherwise why not, with
    the id it could be."""
    if _ID.fullmatch(text) and text not in _RESERVED:
        return text
    if text in _RESERVED:
        raise ScaffoldError(f"'{text}' is a name the site uses for a page of its own; "
                            "choose another id")
    suggestion = re.sub(r"-+", "-", geography.slugify(text.replace("_", "-"))).strip("-")
    hint = (f"; try '{suggestion}'" if _ID.fullmatch(suggestion) and suggestion != text
            else "")
    raise ScaffoldError(f"'{text}' cannot be an id: use lowercase letters a-z, digits and "
                        f"single hyphens, starting with a letter (it becomes the file's name "
                        f"and the page's address){hint}")


def find_municipality(text: str) -> geography.Municipality:
    """A municipality by its code ('398', '91' for '091'), Finnish or Swedish name in any
    case ('Lahti', 'lahtis'), or its name without å, ä, ö ('Hameenlinna')."""
    wanted = text.strip()
    every = geography.municipalities()
    if wanted.isdigit():
        code = wanted.zfill(3)
        if code in every:
            return every[code]
        if code in geography.MERGED_MUNICIPALITIES:
            merged = every[geography.MERGED_MUNICIPALITIES[code]]
            raise ScaffoldError(f"municipality {code} no longer exists: it was merged into "
                                f"{merged.name['fi']} ({merged.code}); use that")
        raise ScaffoldError(f"no municipality has the code '{wanted}'; give its Finnish or "
                            "Swedish name or its 3-digit Statistics Finland code")
    names: dict[str, geography.Municipality] = {}
    for municipality in every.values():
        for name in (municipality.name["fi"], municipality.name["sv"]):
            names.setdefault(name.casefold(), municipality)
            names.setdefault(geography.slugify(name), municipality)
    found = names.get(wanted.casefold()) or names.get(geography.slugify(wanted))
    if found is not None:
        return found
    shown = sorted({n for m in every.values() for n in (m.name["fi"], m.name["sv"])})
    close = difflib.get_close_matches(wanted, shown, n=1, cutoff=0.7)
    hint = f" (did you mean {close[0]}?)" if close else ""
    raise ScaffoldError(f"no municipality '{wanted}'{hint}; give its Finnish or Swedish "
                        "name or its 3-digit Statistics Finland code")


def _organisation(config: PortalConfig, folder: Path, given: str | None) -> str:
    """The provider of a new service: the one given, which must exist, or else the one
    the county's other services name most (the county itself, usually)."""
    known = sorted(p.stem for p in (config.catalogue_dir / "organisations").glob("*.yml"))
    if given:
        if given in known:
            return given
        close = difflib.get_close_matches(given, known, n=1)
        hint = f" (did you mean {close[0]}?)" if close else \
            "; start it with: etulinja new organisation ID"
        raise ScaffoldError(f"--organisation: no catalogue/organisations/{given}.yml{hint}")
    pattern = re.compile(r"^organisation:\s*['\"]?([a-z0-9][a-z0-9-]*)", re.MULTILINE)
    named = Counter(match.group(1) for path in sorted(folder.glob("*.yml"))
                    if (match := pattern.search(path.read_text(encoding="utf-8",
                                                               errors="replace"))))
    usual = next((org for org, _ in named.most_common() if org in known), None)
    if usual is None:
        raise ScaffoldError(f"give --organisation ID (a file name in catalogue/"
                            f"organisations/): {_shown(config, folder)}/ has no service yet "
                            "to take the county's usual provider from; a new provider is "
                            "started with: etulinja new organisation ID")
    return usual


def _shown(config: PortalConfig, path: Path) -> str:
    return Problems(config.root).display_path(path)


# --- the command -------------------------------------------------------------------------

def plan(config: PortalConfig, kind: str, content_id: str, *, municipality: str | None = None,
         organisation: str | None = None, lang: str | None = None,
         today: dt.date | None = None) -> Scaffold:
    """The files ``etulinja new`` would write; ScaffoldError when the input is wrong or
    one of them exists already. Nothing is written."""
    if kind not in KINDS:
        raise ScaffoldError(f"cannot start a '{kind}'; choose one of {', '.join(KINDS)}")
    if kind != "service" and (municipality or organisation):
        raise ScaffoldError("--municipality and --organisation are for a new service only")
    lang = lang or (config.default_language if config.default_language in TEMPLATE_LANGUAGES
                    else "en")
    if lang not in TEMPLATE_LANGUAGES:
        raise ScaffoldError(f"--lang {lang}: comments are written in "
                            f"{', '.join(TEMPLATE_LANGUAGES)}")
    context = _Context(config, check_id(content_id), lang, today or dt.date.today())
    if kind == "service":
        scaffold = _service(context, municipality, organisation)
    elif kind == "article":
        scaffold = _article(context)
    elif kind == "programme":
        scaffold = _programme(context)
    elif kind == "care-path":
        scaffold = _care_path(context)
    else:
        scaffold = _new_organisation(context)
    _refuse_existing(config, scaffold.files, kind, context.id)
    return scaffold


def _refuse_existing(config: PortalConfig, files: Mapping[Path, str], kind: str,
                     content_id: str) -> None:
    """Refuse a target that exists, and for an article any language version of it: a
    new language beside an existing article is not a new article."""
    existing = [path for path in files if path.exists()]
    if kind == "article":
        existing += sorted((config.docs_dir / "articles").glob(f"{content_id}.*.md"))
    elif kind == "programme":
        folder = config.self_care_dir / content_id
        existing += [folder] if folder.exists() else []
    if existing:
        shown = _shown(config, existing[0]) + ("/" if existing[0].is_dir() else "")
        raise ScaffoldError(f"{shown} already exists; nothing was written")


def write(config: PortalConfig, scaffold: Scaffold) -> list[Path]:
    """Create the files, never replacing one: if any appears meanwhile, the ones written
    here are removed again and the existing one is named."""
    written: list[Path] = []
    made: list[Path] = []  # folders made here, innermost last
    try:
        for path, text in scaffold.files.items():
            missing = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
            path.parent.mkdir(parents=True, exist_ok=True)
            made += [p for p in reversed(missing) if p not in made]
            with path.open("x", encoding="utf-8", newline="\n") as file:
                written.append(path)
                file.write(text)
    except OSError as error:  # a file that appeared meanwhile, a full disk, no permission
        for path in written:
            path.unlink(missing_ok=True)
        for folder in reversed(made):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
        where = _shown(config, Path(str(error.filename))) if error.filename else "a file"
        if isinstance(error, FileExistsError):
            raise ScaffoldError(f"{where} already exists; nothing was written") from None
        raise ScaffoldError(f"{where} could not be written ({error.strerror}); nothing was "
                            "written") from None
    return written


def run_new(config: PortalConfig, kind: str, content_id: str, *,
            municipality: str | None = None, organisation: str | None = None,
            lang: str | None = None) -> int:
    """``etulinja new``: write the files, list them and say what to do next."""
    try:
        scaffold = plan(config, kind, content_id, municipality=municipality,
                        organisation=organisation, lang=lang)
        written = write(config, scaffold)
    except ScaffoldError as error:
        print(f"etulinja new: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(f"etulinja new: wrote {_shown(config, path)}")
    for note in scaffold.notes:
        print(f"etulinja new: {note}")
    markers = " / ".join(templates(lang if lang in TEMPLATE_LANGUAGES else "en")["marker"]
                         for lang in config.required_languages)
    them = "it" if len(written) == 1 else "them"
    print(f"etulinja new: next, edit {them} (replace every text starting {markers}), "
          "then run etulinja check")
    return 0
