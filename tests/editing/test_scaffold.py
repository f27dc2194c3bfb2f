"""`etulinja new`: a new service, article, programme, care path or organisation starts
from a file that passes `etulinja check` as written, explains its fields in the editor's
language, lands where the portal expects it, and never replaces an existing file."""

from __future__ import annotations

import datetime as dt
import errno
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from etulinja.config import load_config
from etulinja.editing.scaffold import ScaffoldError, plan, templates, write
from etulinja.sources.rules import PLACEHOLDERS
from tests.support.content import article
from tests.support.files import tree_digest
from tests.support.portal import REPO, copy_portal, run_etulinja

SCHEMAS = REPO / "src" / "etulinja" / "schemas"

NEW: dict[str, tuple[list[str], list[str], str]] = {
    # kind: (arguments after the kind, the files it writes, the schema of the first)
    "service": (["paijat-hame-new-service", "--municipality", "Lahti"],
                ["catalogue/services/paijat-hame/paijat-hame-new-service.yml"], "service"),
    "article": (["new-article"],
                ["docs/articles/new-article.fi.md", "docs/articles/new-article.sv.md"],
                "article"),
    "programme": (["new-programme"],
                  ["self_care/new-programme/programme.yml",
                   "self_care/new-programme/first-step.fi.md",
                   "self_care/new-programme/first-step.sv.md"], "programme"),
    "care-path": (["new-path"], ["catalogue/care_paths/new-path/path.yml"], "care_path"),
    "organisation": (["new-provider"], ["catalogue/organisations/new-provider.yml"],
                     "organisation"),
}
LIKE = {
    # a file of the example portal the new one should start like ($schema line)
    "service": "catalogue/services/paijat-hame/paijat-hame-crisis-duty.yml",
    "programme": "self_care/sleep/programme.yml",
    "care-path": "catalogue/care_paths/adults-substance-use/path.yml",
    "organisation": "catalogue/organisations/mieli.yml",
}
MARKERS = {"fi": "TÄYTÄ:", "sv": "FYLL I:"}


def _data(path: Path) -> dict[str, Any]:
    """A YAML file's data, or a Markdown file's front matter."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = text.split("---\n")[1]
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def _problems(portal: Path) -> tuple[int, set[str]]:
    result = run_etulinja(portal, "check")
    return result.returncode, set(result.stderr.splitlines())


@pytest.fixture(scope="module")
def before(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, set[str]]:
    """What check says of the example portal itself: a new file must add nothing to it."""
    problems = _problems(copy_portal(tmp_path_factory.mktemp("unchanged") / "portal"))
    assert problems[0] == 0, problems
    return problems


@pytest.mark.parametrize("kind", list(NEW))
def test_each_new_file_passes_check_as_written(portal: Path, kind: str,
                                               before: tuple[int, set[str]]) -> None:
    arguments, files, _ = NEW[kind]

    result = run_etulinja(portal, "new", kind, *arguments)

    assert result.returncode == 0, result.stderr
    for name in files:
        assert (portal / name).is_file()
        assert f"wrote {name}" in result.stdout
    assert "then run etulinja check" in result.stdout
    # no error, and no new message but one warning at each new file's first placeholder
    # (so the editor sees what is left to write): none at other files they touch (an
    # article and a programme sharing a topic must link, for instance)
    code, messages = _problems(portal)
    assert code == 0
    new = messages - before[1]
    assert {message.split(":")[0] for message in new} == set(files), new
    assert all("warning: placeholder text" in message for message in new), new
    for name in files:  # at the line of the first placeholder written
        first = next(i for i, line in enumerate(
            (portal / name).read_text(encoding="utf-8").splitlines(), 1)
            if any(m in line for m in PLACEHOLDERS) and not (
                name.endswith(".yml") and line.lstrip().startswith("#")))
        assert any(message.startswith(f"{name}:{first}: ") for message in new), (name, new)
    # filled in, the file is quiet: nothing is left of the scaffold's warnings
    for name in files:
        path = portal / name
        text = path.read_text(encoding="utf-8")
        for marker in PLACEHOLDERS:
            text = text.replace(marker, "")
        path.write_text(text, encoding="utf-8")
    assert _problems(portal) == before


@pytest.mark.parametrize("kind", list(NEW))
def test_new_files_hold_every_required_field_marked_as_placeholder(portal: Path,
                                                                   kind: str) -> None:
    arguments, files, schema = NEW[kind]
    assert run_etulinja(portal, "new", kind, *arguments).returncode == 0
    required = json.loads((SCHEMAS / f"{schema}.schema.json").read_text())["required"]

    data = _data(portal / files[0])

    assert set(required) <= set(data), set(required) - set(data)
    if kind in LIKE:  # YAML: the schema line editors' completion comes from
        first = (portal / files[0]).read_text(encoding="utf-8").splitlines()[0]
        assert first == (portal / LIKE[kind]).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
    if "last_reviewed" in required:
        assert data["last_reviewed"] == dt.date.today()  # no review-age warning
    title = data.get("title", data.get("name"))
    if isinstance(title, dict):  # a text per language: each in its own language
        assert {lang: text.split(" ")[0] for lang, text in title.items()} == {
            "fi": "TÄYTÄ:", "sv": "FYLL"}
    else:  # a page in one language
        lang = files[0].split(".")[-2]
        assert title.startswith(MARKERS[lang])


def test_a_new_programme_has_the_steps_its_sections_name(portal: Path) -> None:
    assert run_etulinja(portal, "new", "programme", "new-programme").returncode == 0
    folder = portal / "self_care" / "new-programme"

    programme = _data(folder / "programme.yml")
    steps = [step for section in programme["sections"] for step in section["steps"]]

    assert programme["id"] == "new-programme"
    assert steps
    for step in steps:
        for lang in ("fi", "sv"):
            assert _data(folder / f"{step}.{lang}.md")["title"].startswith(MARKERS[lang])


@pytest.mark.parametrize(("municipality", "folder", "code", "provider"), [
    ("Lahti", "paijat-hame", "398", "paijat-hameen-hyvinvointialue"),
    ("Borgå", "ita-uusimaa", "638", "ita-uudenmaan-hyvinvointialue"),
    ("lahtis", "paijat-hame", "398", "paijat-hameen-hyvinvointialue"),
    ("92", "vantaa-kerava", "092", "vantaan-ja-keravan-hyvinvointialue"),
])
def test_a_service_is_filed_under_its_municipalitys_county(
        portal: Path, municipality: str, folder: str, code: str, provider: str,
        before: tuple[int, set[str]]) -> None:
    result = run_etulinja(portal, "new", "service", "new-service",
                          "--municipality", municipality)

    assert result.returncode == 0, result.stderr
    written = portal / "catalogue" / "services" / folder / "new-service.yml"
    service = _data(written)
    assert service["area"] == {"municipalities": [code]}
    assert service["organisation"] == provider  # the county's usual provider
    assert service["status"] == "inactive"  # placeholders are not published
    assert "status: active" in result.stdout
    # nothing but what is left to write: not even "filed under the wrong county"
    code, messages = _problems(portal)
    assert code == 0
    assert all("placeholder text" in m for m in messages - before[1]), messages - before[1]


def test_organisation_given_is_used(portal: Path) -> None:
    result = run_etulinja(portal, "new", "service", "new-service", "--municipality", "Lahti",
                          "--organisation", "mieli")

    assert result.returncode == 0, result.stderr
    assert _data(portal / "catalogue/services/paijat-hame/new-service.yml")[
        "organisation"] == "mieli"


EXISTS = "already exists; nothing was written"


@pytest.mark.parametrize(("kind", "arguments", "message"), [
    ("service", ["paijat-hame-crisis-duty", "--municipality", "Lahti"],
     f"catalogue/services/paijat-hame/paijat-hame-crisis-duty.yml {EXISTS}"),
    # ids are unique across counties: the same id for another county is refused too
    ("service", ["paijat-hame-crisis-duty", "--municipality", "Porvoo"],
     "catalogue/services/paijat-hame/paijat-hame-crisis-duty.yml already exists: a "
     "service's id is unique in the whole catalogue; choose another id"),
    ("article", ["sleep"], f"docs/articles/sleep.fi.md {EXISTS}"),
    ("programme", ["sleep"], f"self_care/sleep/programme.yml {EXISTS}"),
    ("care-path", ["adults-substance-use"],
     f"catalogue/care_paths/adults-substance-use/path.yml {EXISTS}"),
    ("organisation", ["mieli"], f"catalogue/organisations/mieli.yml {EXISTS}"),
])
def test_an_existing_file_is_never_replaced(portal: Path, kind: str, arguments: list[str],
                                            message: str) -> None:
    before = tree_digest(portal)

    result = run_etulinja(portal, "new", kind, *arguments)

    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"etulinja new: {message}"]
    assert result.stdout == ""
    assert tree_digest(portal) == before  # byte for byte, and nothing added


def test_an_article_in_another_language_already_counts_as_existing(portal: Path) -> None:
    english = portal / "docs/articles/new-article.en.md"
    english.write_text("already here\n", encoding="utf-8")
    before = tree_digest(portal)

    result = run_etulinja(portal, "new", "article", "new-article")

    assert result.returncode == 1
    assert "docs/articles/new-article.en.md already exists" in result.stderr
    assert tree_digest(portal) == before


def test_a_file_appearing_while_writing_is_kept_and_nothing_else_is_left(portal: Path) -> None:
    config = load_config(portal)
    scaffold = plan(config, "article", "new-article")
    swedish = portal / "docs/articles/new-article.sv.md"
    swedish.write_text("an editor's own text\n", encoding="utf-8")

    with pytest.raises(ScaffoldError, match=r"docs/articles/new-article\.sv\.md already exists"):
        write(config, scaffold)

    assert swedish.read_text(encoding="utf-8") == "an editor's own text\n"
    assert not (portal / "docs/articles/new-article.fi.md").exists()


def test_a_disk_failure_half_way_leaves_nothing_behind(portal: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A programme is several files in a new folder: when the second cannot be written
    (a full disk), the first and the folder are removed again, and the message says so."""
    config = load_config(portal)
    scaffold = plan(config, "programme", "half-way")
    assert len(scaffold.files) >= 2
    before = tree_digest(portal)
    opened: list[Path] = []
    real_open = Path.open

    def full_disk(self: Path, *args: Any, **kwargs: Any) -> Any:
        if "x" in (args[:1] or (kwargs.get("mode"),)):
            opened.append(self)
            if len(opened) == 2:
                raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", full_disk)
    with pytest.raises(ScaffoldError, match=r"could not be written \(No space left on device\); "
                                            "nothing was written"):
        write(config, scaffold)
    monkeypatch.undo()

    assert not (portal / "self_care" / "half-way").exists()
    assert tree_digest(portal) == before


@pytest.mark.parametrize(("arguments", "message"), [
    (["service", "Uusi Palvelu", "--municipality", "Lahti"],
     "'Uusi Palvelu' cannot be an id: use lowercase letters a-z, digits and single hyphens, "
     "starting with a letter (it becomes the file's name and the page's address); "
     "try 'uusi-palvelu'"),
    (["article", "ahdistus_ja_uni"], "try 'ahdistus-ja-uni'"),
    (["programme", "index"], "'index' is a name the site uses for a page of its own"),
    (["service", "new-service", "--municipality", "Lahtti"],
     "no municipality 'Lahtti' (did you mean Lahti?); give its Finnish or Swedish name or its "
     "3-digit Statistics Finland code"),
    (["service", "new-service", "--municipality", "588"],
     "municipality 588 no longer exists: it was merged into Mäntyharju (507); use that"),
    (["service", "new-service"], "a new service needs --municipality NAME_OR_CODE"),
    (["service", "new-service", "--municipality", "Lahti", "--organisation", "miel"],
     "--organisation: no catalogue/organisations/miel.yml (did you mean mieli?)"),
    (["article", "new-article", "--municipality", "Lahti"],
     "--municipality and --organisation are for a new service only"),
])
def test_bad_input_is_refused_in_one_line(portal: Path, arguments: list[str],
                                          message: str) -> None:
    before = tree_digest(portal)

    result = run_etulinja(portal, "new", *arguments)

    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("etulinja new: ")
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(portal) == before


@pytest.mark.parametrize(("kind", "lang", "said", "not_said"), [
    ("service", None, "# Uusi palvelu palveluluetteloon.", "# En ny tjänst"),
    ("service", "sv", "# En ny tjänst i servicekatalogen.", "# Uusi palvelu"),
    ("service", "en", "# A new service of the catalogue.", "# Uusi palvelu"),
    ("article", "sv", "# En ny artikel.", "# Uusi artikkeli"),
    ("programme", "sv", "# Ett nytt egenvårdsprogram.", "# Uusi omahoito-ohjelma"),
    ("care-path", "sv", "# En ny vårdkedja", "# Uusi hoitopolku"),
    ("organisation", "sv", "# En ny producent.", "# Uusi palveluntuottaja"),
])
def test_comments_are_in_the_editors_language(portal: Path, kind: str, lang: str | None,
                                              said: str, not_said: str) -> None:
    arguments, files, _ = NEW[kind]
    chosen = ["--lang", lang] if lang else []

    assert run_etulinja(portal, "new", kind, *arguments, *chosen).returncode == 0

    text = (portal / files[0]).read_text(encoding="utf-8")
    assert said in text
    assert not_said not in text
    comments = [line for line in text.splitlines() if line.lstrip().startswith("# ")]
    assert len(comments) > 10  # a comment for every field, not only the header


def test_swedish_comments_keep_the_placeholders_in_each_texts_language(portal: Path) -> None:
    assert run_etulinja(portal, "new", "article", "new-article", "--lang", "sv").returncode == 0

    finnish = (portal / "docs/articles/new-article.fi.md").read_text(encoding="utf-8")

    assert "# Sidans rubrik på den här filens språk" in finnish  # the editor's language
    assert _data(portal / "docs/articles/new-article.fi.md")["title"].startswith("TÄYTÄ:")


def test_a_new_programme_avoids_a_topic_articles_would_have_to_link(
        portal: Path, write: Callable[[str, str], Path]) -> None:
    # an article on the topic a new programme would otherwise take, for the same readers
    lonely = article(**{"topics: [sleep]": "topics: [loneliness]"})
    write("docs/articles/lonely.fi.md", lonely)
    write("docs/articles/lonely.sv.md", lonely)
    before = _problems(portal)

    assert run_etulinja(portal, "new", "programme", "new-programme").returncode == 0

    assert _data(portal / "self_care/new-programme/programme.yml")["topics"] != ["loneliness"]
    code, messages = _problems(portal)
    assert code == 0  # and nothing at the article: only what is left to write
    assert all(m.startswith("self_care/new-programme/") and "placeholder text" in m
               for m in messages - before[1]), messages - before[1]


def test_each_languages_placeholders_are_the_ones_check_warns_about() -> None:
    assert {templates(lang)["marker"] for lang in ("fi", "sv", "en")} == set(PLACEHOLDERS)


def test_every_language_explains_the_same_fields() -> None:
    def keys(value: object, path: str = "") -> set[str]:
        if not isinstance(value, dict):
            return {path}
        return set().union(*(keys(v, f"{path}.{k}") for k, v in value.items()))

    finnish = keys(templates("fi"))

    for lang in ("sv", "en"):
        assert keys(templates(lang)) == finnish, lang
