"""`etulinja check` refuses the internal links and anchors the build would refuse (or
publish broken), at the line of the file the editor wrote, never at a generated copy."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from etulinja.config import load_config
from etulinja.site.assemble import render_tree
from etulinja.site.content import check
from etulinja.site.links import site_of
from tests.support.files import tree_digest
from tests.support.portal import run_etulinja


def append(portal: Path, relative: str, text: str) -> int:
    """Append ``text`` (one line) to a source file; return that line's number."""
    path = portal / relative
    body = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    path.write_text(body + text + "\n", encoding="utf-8")
    return body.count("\n") + 1


def refused(portal: Path) -> list[str]:
    """The error lines of a real `etulinja check` run, which must fail."""
    result = run_etulinja(portal, "check")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return [line for line in result.stderr.splitlines() if re.match(r"\S+:\d+: ", line)]


def test_the_example_portal_links_check_clean(portal: Path) -> None:
    """Every kind of link the example content uses (articles to articles and programmes,
    general pages to listings, tel: links) passes."""
    result = run_etulinja(portal, "check")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("source", "written", "expected"),
    [
        pytest.param("docs/articles/alcohol.fi.md", "Katso [tämä](ei-ole.md).",
                     "link 'ei-ole.md' points to no page", id="page-link"),
        pytest.param("docs/articles/alcohol.fi.md", "Katso [tämä](anxity.md).",
                     "link 'anxity.md' points to no page; did you mean 'anxiety.md'?",
                     id="page-link-with-suggestion"),
        pytest.param("docs/articles/alcohol.fi.md", "Katso [ankkuri](#puuttuu).",
                     "anchor '#puuttuu' is not a heading in this page", id="same-page-anchor"),
        pytest.param("docs/articles/alcohol.fi.md",
                     "Katso [ahdistus](anxiety.md#mika-autaa).",
                     "anchor '#mika-autaa' is not a heading in 'anxiety.md'; did you mean "
                     "'#mika-auttaa'?", id="other-page-anchor"),
        pytest.param("docs/articles/sleep.sv.md", "Läs [mer](angest.md).",
                     "link 'angest.md' points to no page", id="swedish-page"),
        pytest.param("self_care/sleep/wind-down.fi.md", "Katso [uni](../../articles/uni.md).",
                     "link '../../articles/uni.md' points to no page", id="programme-step"),
        pytest.param("self_care/sleep/wind-down.fi.md",
                     "Katso [perusteet](how-sleep-works.md#ei-tallaista).",
                     "anchor '#ei-tallaista' is not a heading in 'how-sleep-works.md'",
                     id="programme-step-anchor"),
        pytest.param("docs/about.fi.md", "Katso [sivu](/articles/ei-ole/).",
                     "link '/articles/ei-ole/' points to no page of the site",
                     id="own-site-address"),
        pytest.param("docs/about.fi.md", "Katso [sivu](https://etulinja.example/sv/ei-ole/).",
                     "link 'https://etulinja.example/sv/ei-ole/' points to no page of the site",
                     id="own-site-url"),
        pytest.param("docs/articles/alcohol.fi.md", "Katso [palvelu](../catalogue/services/x/).",
                     "link '../catalogue/services/x/' points to no page of the site",
                     id="address-relative-to-the-page"),
        pytest.param("docs/articles/alcohol.fi.md",
                     "Katso [polku](../care-paths/adults-substance-use/paijat-hame.md).",
                     "link '../care-paths/adults-substance-use/paijat-hame.md' points to a "
                     "page made without a file of its own; link to its address instead: "
                     "'../../care-paths/adults-substance-use/paijat-hame/'",
                     id="file-of-a-framed-page"),
    ],
)
def test_a_broken_link_is_refused_at_its_line(portal: Path, source: str, written: str,
                                              expected: str) -> None:
    line = append(portal, source, written)
    [message] = refused(portal)
    assert message.startswith(f"{source}:{line}: {expected}")


def test_a_language_suffix_works_only_in_that_language(portal: Path) -> None:
    """`alcohol.fi.md` has no English version: the English site shows it, and there
    `anxiety.fi.md` finds nothing (MkDocs names the copy `articles/alcohol.en.md`)."""
    line = append(portal, "docs/articles/alcohol.fi.md", "Katso [x](anxiety.fi.md).")
    [message] = refused(portal)
    assert message.startswith(f"docs/articles/alcohol.fi.md:{line}: link 'anxiety.fi.md' "
                              "points to no page; did you mean 'anxiety.md'?")
    assert "'en' pages show this file" in message
    assert "alcohol.en.md" not in message


def test_an_image_without_a_language_is_refused_on_a_swedish_page(portal: Path) -> None:
    (portal / "docs/articles/kaavio.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    append(portal, "docs/articles/sleep.fi.md", "![Kaavio](kaavio.png)")
    sv_line = append(portal, "docs/articles/sleep.sv.md", "![Diagram](kaavio.png)")
    messages = refused(portal)
    assert f"docs/articles/sleep.sv.md:{sv_line}: image 'kaavio.png' points to no file for " \
           "the 'sv' pages" in "\n".join(messages)
    shutil.copy(portal / "docs/articles/kaavio.png", portal / "docs/articles/kaavio.sv.png")
    shutil.copy(portal / "docs/articles/kaavio.png", portal / "docs/articles/kaavio.en.png")
    assert run_etulinja(portal, "check").returncode == 0


def test_a_link_in_a_service_description_is_checked_from_the_service_page(
        portal: Path) -> None:
    source = "catalogue/services/paijat-hame/paijat-hame-cool-kids.yml"
    path = portal / source
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, row in enumerate(lines) if row.startswith("    Cool Kids"))
    lines[at] = "    Lue [uni](/articles/sleep/) ja [ahdistus](anxiety.md). " + lines[at][4:]
    path.write_text("\n".join(lines), encoding="utf-8")
    assert refused(portal) == [
        f"{source}:{at + 1}: description.fi: link 'anxiety.md' points to no page: links in a "
        "description are not rewritten, so write the page's address from the site's root, "
        "such as '/articles/sleep/'"]


GOOD_LINKS = {
    "docs/articles/alcohol.fi.md": [
        "## Oma otsikko {#oma}",
        "## Väliotsikko ääkkösin",
        "[a](#oma) [b](#valiotsikko-aakkosin) [c](low-mood.md#lisaa)",
        "[d](low-mood.md) [e](../index.md) [f](../self-care/sleep/index.md)",
        "[g](../catalogue/areas/paijat-hame/lahti.md) [h](../catalogue/areas/paijat-hame/index.md)",
        "[i](../../care-paths/adults-substance-use/paijat-hame/)",
        "[j](../self-care/questionnaires/phq-9.md) [k](../self-care/low-mood/guide.md)",
        "[l](../../catalogue/services/paijat-hame-cool-kids/) [m](../anxiety/)",
        "[n](/sv/articles/sleep/) [o](https://etulinja.example/en/articles/alcohol/#oma)",
        "[p](sleep.md) [q](https://www.thl.fi/) [r](mailto:a@example.org) [s](tel:112)",
        "[t](../assets/images/favicon.svg) [u](../care-paths/index.md)",
    ],
    "docs/articles/sleep.sv.md": ["[a](#nar-oron-haller-dig-vaken) [b](alcohol.md)"],
    "self_care/sleep/wind-down.fi.md": [
        "[a](how-sleep-works.md#miksi-yrittaminen-ei-auta) [b](../../articles/sleep.md)",
    ],
}
"""Links that lead somewhere in the built site: every kind the example uses and more.
(`alcohol.md` from Swedish: a page; `sleep.md` from `alcohol.fi.md`, which the English
site shows: the English fallback copy of sleep.)"""


def test_an_anchor_must_be_in_every_language_version_the_link_reaches(portal: Path) -> None:
    """The English site shows the Finnish `alcohol.fi.md`, whose link to `anxiety.md`
    leads there to the English `anxiety.en.md`, where the Finnish heading's id is not."""
    line = append(portal, "docs/articles/alcohol.fi.md", "[x](anxiety.md#mika-auttaa)")
    assert refused(portal) == [
        f"docs/articles/alcohol.fi.md:{line}: anchor '#mika-auttaa' is not a heading in "
        "'anxiety.md' of anxiety.en.md, the version the 'en' pages link to; give the heading "
        "the same id in every language: '## … {#mika-auttaa}' (the 'en' pages show this "
        "file, having no version of their own)"]


def test_good_links_of_every_kind_pass(portal: Path) -> None:
    for lang in ("fi", "sv", "en"):  # a heading with the same id in every language
        append(portal, f"docs/articles/low-mood.{lang}.md", "## Lisää {#lisaa}")
    for source, lines in GOOD_LINKS.items():
        for line in lines:
            append(portal, source, line)
    result = run_etulinja(portal, "check")
    assert result.returncode == 0, result.stderr


def test_the_site_has_the_pages_assembly_writes(portal: Path) -> None:
    """The check's list of MkDocs' files is the tree `etulinja assemble` writes."""
    config = load_config(portal)
    content, problems = check(config)
    assert not problems.errors
    tree = render_tree(content, config)
    site = site_of(config, content)
    for lang in config.languages:
        pages = {path for path in tree.content if path.endswith(f".{lang}.md")}
        assert {f for f in site.files[lang] if f.endswith(".md")} == pages
    assert {name for name in tree.assets if name in site.files["fi"]} == set(tree.assets)


def test_build_refuses_the_same_link_at_the_editors_file(portal: Path) -> None:
    """Build runs check first: it fails naming the source line, before MkDocs (which
    would name the generated `articles/alcohol.en.md`), with site/ untouched."""
    site = portal / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>the last good site</p>", encoding="utf-8")
    before = tree_digest(site)
    line = append(portal, "docs/articles/alcohol.fi.md", "Katso [tämä](ei-ole.md).")
    result = run_etulinja(portal, "build")
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert f"docs/articles/alcohol.fi.md:{line}: link 'ei-ole.md' points to no page" in output
    assert "alcohol.en.md" not in output
    assert "Traceback" not in output
    assert tree_digest(site) == before
