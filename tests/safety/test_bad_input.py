"""A corpus of bad input, one kind per file, all in one portal: ``etulinja check`` names
every problem at its file and line in one run, never a traceback, and a build with
them writes nothing.

Each case plants one broken file and says where the problem is (a marker comment
``#<`` on the line, or line 0 for the whole file) and which words the message has.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.content import article
from tests.support.files import tree_digest
from tests.support.portal import copy_portal, run_etulinja, use_fixture_catalogue

SERVICE = (Path(__file__).resolve().parents[1] / "fixtures/catalogue/services/paijat-hame/"
           "ph-guided-self-care.yml").read_text(encoding="utf-8")
ARTICLE = article("2026-11-01")


@dataclass(frozen=True)
class Case:
    """One broken file: where it goes, what it holds, the words of its problem."""

    name: str
    path: str
    text: str | bytes | None  # None: a folder of that name
    words: tuple[str, ...]
    line: int | None = None  # None: the line marked with '#<' (or '<!--<-->')

    @property
    def expected_line(self) -> int:
        if self.line is not None:
            return self.line
        text = self.text.decode("utf-8", "replace") if isinstance(self.text, bytes) else (
            self.text or "")
        for number, row in enumerate(text.splitlines(), 1):
            if "#<" in row or "<!--<-->" in row:
                return number
        raise AssertionError(f"{self.name}: no line marked")


def service(old: str, new: str) -> str:
    assert old in SERVICE, old
    return SERVICE.replace(old, new, 1)


S = "catalogue/services/paijat-hame"
BOMB = "".join([
    "name: {fi: x, sv: y}\n",
    'a: &a ["l", "l", "l", "l", "l", "l", "l", "l", "l"]\n',
    *(f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
      for p, c in zip("abcdefgh", "bcdefghi", strict=True)),
])

UNSAFE_ARTICLE = article("2026-11-01", **{"topics: [sleep]": "topics: [sleep]\nextra: 1"}).replace(
    "Tekstiä.", "Tekstiä.\n\n<script>alert(1)</script>")

CASES = [
    Case("folder-named-like-a-service", f"{S}/a-folder.yml", None, ("is a folder",), 0),
    Case("folder-named-like-an-article", "docs/articles/kansio.fi.md", None,
         ("is a folder",), 0),
    Case("folder-named-like-a-step", "self_care/sleep/kansio.fi.md", None, ("is a folder",), 0),
    Case("folder-named-like-an-organisation", "catalogue/organisations/kansio.yml", None,
         ("is a folder",), 0),
    Case("page-name-with-quotes", 'docs/articles/uni "ja" <lepo>.fi.md', ARTICLE,
         ("is the page's address",), 0),
    Case("email-that-is-markup", f"{S}/email.yml",
         service("channels:\n", 'channels:\n  email: \'x" onmouseover="alert(1)\'  #<\n'),
         ("channels.email", "is not an e-mail address")),
    Case("service-language-unknown", f"{S}/language.yml",
         service("languages: [fi]", "languages: [fi, xx]  #<"),
         ("languages.1: 'xx' is not allowed here",)),
    Case("svg-written-into-page", "docs/articles/svg.fi.md",
         ARTICLE + "\n![x](data:image/svg+xml;base64,PHN2Zz4=)  <!--<-->\n",
         ("must be PNG, JPEG, GIF or WebP",)),
    Case("unknown-county-at-its-line", f"{S}/bad-county.yml",
         service('counties: ["09"]', 'counties:\n    - "09"\n    - "99"  #<'),
         ("area.counties.1: unknown county code '99'",)),
    Case("schema-error-hides-nothing-1", f"{S}/many-problems.yml",
         service("topics: [depression, anxiety]",
                 "colour: blue  #<\ntopics: [depression, anxiety]"),
         ("unknown key 'colour'",)),
    Case("schema-error-hides-nothing-2", f"{S}/many-problems-2.yml",
         service("topics: [depression, anxiety]",
                 "colour: blue\ntopics:\n  - depression\n  - anxieties  #<"),
         ("topics.1: unknown topic 'anxieties'",)),
    Case("schema-error-hides-nothing-3", f"{S}/many-problems-3.yml",
         service("care_level: 1", "care_level: one").replace(
             "    - number: 03 555 0142", "    - number: 03 555  #<"),
         ("channels.phones.0.number: '03 555' is not a valid Finnish phone number",)),
    Case("phone-with-letter-o", f"{S}/letter-o.yml",
         service("    - number: 03 555 0142", '    - number: "O3 555 O8O1"  #<'),
         ("'O' looks like 0",)),
    Case("phone-with-extension", f"{S}/extension.yml",
         service("    - number: 03 555 0142", '    - number: "03 555 0142 ext 12"  #<'),
         ("may hold only digits",)),
    Case("phone-with-written-zero", f"{S}/written-zero.yml",
         service("    - number: 03 555 0142", '    - number: "+358 (0)3 555 0142"  #<'),
         ("not the number shown",)),
    Case("helpline-with-letters", "catalogue/regions/extra-county.yml",
         'county: "07"\nhelplines:\n  - label: {fi: Päivystys, sv: Jour}\n'
         '    number: "O5 555 O7O1"  #<\n'
         '    source: https://www.example.org/kriisi\n    verified: 2026-11-20\n',
         ("helplines.0.number", "'O' looks like 0")),
    Case("script-link-in-web", f"{S}/script-web.yml",
         service("channels:\n", "channels:\n  web: \"javascript:alert(1)\"  #<\n"),
         ("channels.web", "https://")),
    Case("alias-bomb", f"{S}/bomb.yml", BOMB, ("this alias (*d)",), 6),
    Case("unclosed-quote", f"{S}/unclosed.yml",
         service("reviewed_by: Testi Editori", 'reviewed_by: "Testi Editori  #<')
         .replace("last_reviewed: 2026-11-01", 'last_reviewed: "2026-11-01"'),
         ("quote",)),
    Case("not-utf8", f"{S}/latin1.yml",
         service("Testi Editori", "Testi Editori  #<").encode("utf-8").replace(
             b"Editori", "Edit\xe4ri".encode("latin-1")),
         ("not UTF-8",)),
    Case("too-large", f"{S}/huge.yml", "# " + "x" * 1_200_000 + "\n",
         ("a content file may be at most",), 0),
    Case("unsafe-article-and-schema-error", "docs/articles/unsafe.fi.md", UNSAFE_ARTICLE,
         ("<script> is not allowed",), 14),
    Case("unsafe-article-and-schema-error-2", "docs/articles/unsafe.fi.md", UNSAFE_ARTICLE,
         ("unknown key 'extra'",), 7),
    Case("script-source-link", "docs/articles/source.fi.md",
         article("2026-11-01", **{"reviewed_by: Testaaja, psykologi":
                                  "reviewed_by: Testaaja, psykologi\nsources:\n"
                                  "  - title: Lähde\n    url: \"javascript:alert(1)\"  #<"}),
         ("sources.0.url",)),
    Case("unsafe-step", "self_care/sleep/wind-down.sv.md",
         (Path(__file__).resolve().parents[2] / "self_care/sleep/wind-down.sv.md").read_text(
             encoding="utf-8") + "\n[x](javascript:alert(1))  <!--<-->\n",
         ("a link to 'javascript:alert(1)'",)),
]
# Files the cases above leave without their other language or referring to nothing.
COMPANIONS = {
    'docs/articles/uni "ja" <lepo>.sv.md': ARTICLE,
    "docs/articles/svg.sv.md": ARTICLE,
    "docs/articles/unsafe.sv.md": ARTICLE,
    "docs/articles/source.sv.md": ARTICLE,
}


@pytest.fixture(scope="module")
def broken_portal(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """The fixture portal with every broken file of CASES at once, checked once."""
    root = use_fixture_catalogue(copy_portal(tmp_path_factory.mktemp("bad") / "portal"))
    built = run_etulinja(root, "build")
    assert built.returncode == 0, built.stderr
    site = tree_digest(root / "site")
    for case in CASES:
        target = root / case.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if case.text is None:
            target.mkdir()
        elif isinstance(case.text, bytes):
            target.write_bytes(case.text)
        else:
            target.write_text(case.text, encoding="utf-8")
    for relative, text in COMPANIONS.items():
        (root / relative).write_text(text, encoding="utf-8")
    os.symlink(root / "missing.yml", root / S / "dangling.yml")
    started = time.monotonic()
    checked = run_etulinja(root, "check")
    seconds = time.monotonic() - started
    assert checked.returncode == 1
    assert seconds < 30, f"check took {seconds:.0f} s"
    build = run_etulinja(root, "build")
    assert build.returncode == 1
    assert "Traceback" not in build.stderr
    assert tree_digest(root / "site") == site, "a refused build changed the site"
    return root, checked.stderr, build.stderr




def test_no_traceback(broken_portal: tuple[Path, str, str]) -> None:
    _, checked, built = broken_portal
    assert "Traceback" not in checked and "Traceback" not in built


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_problem_at_its_file_and_line(broken_portal: tuple[Path, str, str],
                                           case: Case) -> None:
    _, checked, _ = broken_portal
    prefix = f"{case.path}:{case.expected_line}: " if case.expected_line else f"{case.path}: "
    rows = [row for row in checked.splitlines() if row.startswith(prefix)]
    assert any(all(words in row for words in case.words) for row in rows), (
        f"expected {prefix}… with {case.words}; got:\n"
        + "\n".join(r for r in checked.splitlines() if r.startswith(case.path)))


def test_a_broken_link_is_reported_as_such(broken_portal: tuple[Path, str, str]) -> None:
    _, checked, _ = broken_portal
    assert f"{S}/dangling.yml: is a link to" in checked
