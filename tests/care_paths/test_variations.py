"""Care paths: merging county variations and municipality exceptions, dates, moved
municipalities, problems at ``path:line``, services per step, and ``explain-path``.

Each test writes a small path (and variations) into a temporary folder and checks it
against the example catalogue, whose Päijät-Häme services are real example data.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from etulinja import cli
from etulinja.care_paths import CarePathError, CarePaths, load_care_paths
from etulinja.catalogue.load import load_catalogue
from etulinja.catalogue.model import Catalogue
from etulinja.sources.problems import Problems
from etulinja.sources.rules import Limits
from tests.support.portal import copy_portal

REPO = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 12, 5)
PATH_ID = "mood"


def _step(step_id: str, level: int, services: str) -> str:
    return textwrap.dedent(f"""\
    - id: {step_id}
      care_level: {level}
      title: {{fi: Vaihe {step_id}, sv: Steg {step_id}}}
      what: {{fi: Mitä tapahtuu, sv: Vad som händer}}
      who_decides: {{fi: Ammattilainen, sv: Yrkesperson}}
      length: {{fi: 1-5 kertaa, sv: 1-5 gånger}}
      how_to_get: {{fi: Hoidon tarpeen arvio, sv: Bedömning av vårdbehovet}}
      services: {services}
    """)


BASE = textwrap.dedent("""\
    title: {fi: Mieliala aikuisilla, sv: Stämningsläge hos vuxna}
    summary: {fi: Porrastettu hoito aikuisille., sv: Stegvis vård för vuxna.}
    audience: [adults]
    topics: [depression, anxiety]
    steps:
    """) + "".join([
        _step("self-care", 0, "{rule: {target_groups: [KR1]}}"),
        _step("guided", 1, "{rule: {methods: [guided-self-care], age: {min: 18}}}"),
        _step("short", 2, "{rule: {methods: [cbt-short-therapy]}}"),
    ]) + "last_reviewed: 2026-11-20\nreviewed_by: Testi Tarkastaja, psykologi\n"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    limits = Limits(today=TODAY, languages=("fi", "sv", "en"), required_languages=("fi", "sv"))
    return load_catalogue(REPO / "catalogue", limits, Problems(REPO))


def _load(tmp_path: Path, catalogue: Catalogue, variations: dict[str, str],
          base: str = BASE, today: dt.date = TODAY) -> tuple[CarePaths, Problems]:
    folder = tmp_path / "care_paths" / PATH_ID
    folder.mkdir(parents=True)
    (folder / "path.yml").write_text(base)
    for name, text in variations.items():
        (folder / f"{name}.yml").write_text(textwrap.dedent(text))
    problems = Problems(tmp_path)
    return load_care_paths(tmp_path / "care_paths", catalogue, problems, today), problems


def _messages(problems: Problems) -> list[str]:
    return [str(p) for p in problems]


def _line_of(tmp_path: Path, name: str, needle: str) -> int:
    text = (tmp_path / "care_paths" / PATH_ID / f"{name}.yml").read_text().split("\n")
    return next(i for i, row in enumerate(text, 1) if needle in row)


HEAD = """\
county: "09"
last_reviewed: 2026-11-20
reviewed_by: Testi Tarkastaja, koordinaattori
"""


def test_field_patch_and_each_step_operation(tmp_path: Path, catalogue: Catalogue) -> None:
    variation = HEAD + textwrap.dedent("""\
        patch:
          summary: {fi: Päijät-Hämeen porrastettu hoito.}
        steps:
        - replace: short
          with:
            how_to_get: {fi: Lääkärin lähete, sv: Läkarremiss}
        - remove: self-care
        - insert_before: guided
          step:
            id: navigator
            care_level: 1
            title: {fi: Terapianavigaattori, sv: Terapinavigatorn}
            what: {fi: Kysely, sv: Enkät}
            who_decides: {fi: Sinä, sv: Du}
            length: {fi: 30 min, sv: 30 min}
            how_to_get: {fi: Verkossa, sv: På nätet}
            services: {outside_catalogue: {fi: Verkossa, sv: På nätet}}
        - insert_after: short
          step:
            id: group
            care_level: 2
            title: {fi: Ryhmä, sv: Grupp}
            what: {fi: Ryhmä, sv: Grupp}
            who_decides: {fi: Sinä, sv: Du}
            length: {fi: 8 kertaa, sv: 8 gånger}
            how_to_get: {fi: Lähete, sv: Remiss}
            services: {ids: [paijat-hame-short-therapy]}
        """)
    paths, problems = _load(tmp_path, catalogue, {"paijat-hame": variation})
    assert problems.errors == []
    merged = paths.merged(PATH_ID, "09", None, TODAY)
    national = paths.path(PATH_ID)
    assert [s.id for s in merged.steps] == ["navigator", "guided", "short", "group"]
    assert merged.summary["fi"] == "Päijät-Hämeen porrastettu hoito."
    assert merged.summary["sv"] == national.summary["sv"]  # merge patch: untouched kept
    short = merged.step("short")
    assert short is not None and short.how_to_get["fi"] == "Lääkärin lähete"
    assert short.what == next(s for s in national.steps if s.id == "short").what
    # provenance: each change names the line of the variation that made it
    by_action = {c.action: c for c in merged.changes}
    assert by_action["remove"].line == _line_of(tmp_path, "paijat-hame", "remove: self-care")
    assert by_action["insert-before"].step_id == "navigator"
    assert by_action["insert-after"].line == _line_of(tmp_path, "paijat-hame", "insert_after")
    assert by_action["set"].line == _line_of(tmp_path, "paijat-hame", "summary:")
    # the national path elsewhere is unchanged
    elsewhere = paths.merged(PATH_ID, "11", None, TODAY)
    assert [s.id for s in elsewhere.steps] == [s.id for s in national.steps]
    assert elsewhere.changes == ()


EXCEPTION = HEAD + textwrap.dedent("""\
    municipalities:
    - municipalities: ["560", "781"]
      explain: {fi: Ulkoistettu palveluntuottaja, sv: Utlagd serviceproducent}
      steps:
      - replace: guided
        with:
          title: {fi: Ohjattu omahoito palveluntuottajalla}
          services: {rule: null, ids: [paijat-hame-guided-self-care-orimattila-sysma]}
    """)


def test_orimattila_sees_the_alternative_and_lahti_does_not(tmp_path: Path,
                                                            catalogue: Catalogue) -> None:
    paths, problems = _load(tmp_path, catalogue, {"paijat-hame": EXCEPTION})
    assert problems.errors == []
    orimattila = paths.merged(PATH_ID, "09", "560", TODAY)
    lahti = paths.merged(PATH_ID, "09", "398", TODAY)
    guided = orimattila.step("guided")
    assert guided is not None and guided.title["fi"] == "Ohjattu omahoito palveluntuottajalla"
    assert [s.id for s in paths.step_services(guided, "560", "09", TODAY)] == [
        "paijat-hame-guided-self-care-orimattila-sysma"]
    assert orimattila.exceptions and not lahti.exceptions
    lahti_guided = lahti.step("guided")
    assert lahti_guided is not None and lahti_guided.title["fi"] == "Vaihe guided"
    assert "paijat-hame-guided-self-care" in [
        s.id for s in paths.step_services(lahti_guided, "398", "09", TODAY)]
    found = paths.municipality_exceptions(PATH_ID, "09", TODAY)
    assert [e.municipality_codes for e in found] == [("560", "781")]
    assert [(d.step_id, d.status) for d in found[0].differences] == [("guided", "changed")]


def test_validity_dates_are_applied_at_the_date_given(tmp_path: Path,
                                                      catalogue: Catalogue) -> None:
    variation = HEAD + "valid_from: 2027-01-01\nsteps:\n- remove: self-care\n"
    paths, problems = _load(tmp_path, catalogue, {"paijat-hame": variation})
    assert problems.errors == []
    before = paths.merged(PATH_ID, "09", None, dt.date(2026, 12, 31))
    after = paths.merged(PATH_ID, "09", None, dt.date(2027, 1, 1))
    assert before.step("self-care") is not None and before.variation is None
    assert after.step("self-care") is None and after.variation is not None


def test_an_expired_variation_is_a_warning_at_its_line(tmp_path: Path,
                                                       catalogue: Catalogue) -> None:
    variation = HEAD + "valid_to: 2025-12-31\nsteps:\n- remove: self-care\n"
    paths, problems = _load(tmp_path, catalogue, {"paijat-hame": variation})
    line = _line_of(tmp_path, "paijat-hame", "valid_to")
    assert any(f"paijat-hame.yml:{line}: warning: valid_to" in m for m in _messages(problems))
    assert paths.merged(PATH_ID, "09", None, TODAY).step("self-care") is not None


def test_an_exception_follows_a_municipality_that_changed_county(
        tmp_path: Path, catalogue: Catalogue) -> None:
    # Written in 2021 for Päijät-Häme; Pukkila (616) and Myrskylä (504) are Itä-Uusimaa's now.
    variation = HEAD + textwrap.dedent("""\
        municipalities:
        - municipalities: ["560", "616", "504"]
          explain: {fi: Ulkoistettu palveluntuottaja, sv: Utlagd serviceproducent}
          steps:
          - remove: guided
        """)
    paths, problems = _load(tmp_path, catalogue, {"paijat-hame": variation})
    assert problems.errors == []
    pukkila = paths.merged(PATH_ID, "01", "616", TODAY)
    assert pukkila.step("guided") is None and pukkila.exceptions
    assert paths.merged(PATH_ID, "01", "638", TODAY).step("guided") is not None  # Porvoo
    assert paths.merged(PATH_ID, "09", "560", TODAY).step("guided") is None
    with pytest.raises(CarePathError, match="belongs to Itä-Uusimaa"):
        paths.merged(PATH_ID, "09", "616", TODAY)
    warnings = [str(w) for w in problems.warnings]
    for code in ("616", "504"):
        assert any(f"({code}) belongs to Itä-Uusimaa" in w and "ita-uusimaa.yml" in w
                   for w in warnings)
    assert "01" in paths.counties(PATH_ID)


def test_a_followed_exception_must_fit_its_new_county(tmp_path: Path,
                                                      catalogue: Catalogue) -> None:
    ph = HEAD + textwrap.dedent("""\
        municipalities:
        - municipalities: ["616"]
          explain: {fi: Ulkoistettu, sv: Utlagd}
          steps:
          - remove: guided
        """)
    iu = HEAD.replace('"09"', '"01"') + "steps:\n- remove: guided\n"
    _, problems = _load(tmp_path, catalogue, {"paijat-hame": ph, "ita-uusimaa": iu})
    line = _line_of(tmp_path, "paijat-hame", "remove: guided")
    assert any(f"paijat-hame.yml:{line}: remove: no step 'guided'" in str(e)
               and "follows Pukkila (616)" in str(e) for e in problems.errors)


@pytest.mark.parametrize(("name", "text", "needle", "expected"), [
    ("paijat-hame", HEAD + "steps:\n- replace: nothing\n  with: {what: {fi: x}}\n",
     "replace: nothing", "no step 'nothing'"),
    ("paijat-hame", HEAD.replace('"09"', '"99"'), "county:", "unknown county code '99'"),
    ("kymenlaakso", HEAD, "county:", "name a county's variation after the county"),
    ("paijat-hame", HEAD + textwrap.dedent("""\
        municipalities:
        - municipalities: ["999"]
          explain: {fi: x, sv: x}
          steps: [{remove: guided}]
        """), '"999"', "unknown municipality code '999'"),
    ("paijat-hame", HEAD + "steps:\n- remove: guided\n  colour: red\n", "colour",
     "unknown key 'colour'"),
    ("paijat-hame", HEAD + "steps:\n- replace: short\n  with: {care_level: 9}\n",
     "care_level: 9", "care_level"),
])
def test_each_broken_patch_is_an_error_at_its_line(tmp_path: Path, catalogue: Catalogue,
                                                   name: str, text: str, needle: str,
                                                   expected: str) -> None:
    _, problems = _load(tmp_path, catalogue, {name: text})
    line = _line_of(tmp_path, name, needle)
    errors = [str(e) for e in problems.errors]
    assert any(e.startswith(f"care_paths/{PATH_ID}/{name}.yml:{line}: ") and expected in e
               for e in errors), errors


def test_a_step_with_no_service_is_a_warning_naming_municipalities(
        tmp_path: Path, catalogue: Catalogue) -> None:
    # Guided self-care in Itä-Uusimaa is only at the Loviisa, Porvoo and Sipoo stations.
    _, problems = _load(tmp_path, catalogue, {"ita-uusimaa": HEAD.replace('"09"', '"01"')})
    warnings = [str(w) for w in problems.warnings if "resolves to no service" in str(w)]
    guided = [w for w in warnings if "'guided'" in w]
    assert len(guided) == 1
    assert "Askola (018)" in guided[0] and "Pukkila (616)" in guided[0]
    assert "Porvoo (638)" not in guided[0]
    assert guided[0].startswith(f"care_paths/{PATH_ID}/path.yml:")


def test_compare_marks_what_a_patch_changed(tmp_path: Path, catalogue: Catalogue) -> None:
    variation = HEAD + "steps:\n- replace: short\n  with: {length: {fi: 10 kertaa}}\n" \
        "- remove: self-care\n"
    paths, _ = _load(tmp_path, catalogue, {"paijat-hame": variation})
    rows = {row.step_id: row for row in paths.compare(PATH_ID, ["09", "11"], TODAY)}
    cells = {r: {c.county_code: c for c in row.counties} for r, row in rows.items()}
    assert cells["short"]["09"].status == "changed"
    assert cells["short"]["09"].changes[0].line == _line_of(tmp_path, "paijat-hame", "length")
    assert cells["short"]["11"].status == "same"
    assert cells["self-care"]["09"].status == "absent"
    assert cells["guided"]["09"].status == "same"


def test_links_from_service_and_municipality_pages(tmp_path: Path,
                                                   catalogue: Catalogue) -> None:
    paths, _ = _load(tmp_path, catalogue, {"paijat-hame": EXCEPTION})
    links = paths.paths_of_service("paijat-hame-short-therapy", TODAY)
    assert [(link.county_code, link.step.id) for link in links] == [("09", "short")]
    assert paths.paths_of_service("paijat-hame-guided-self-care-orimattila-sysma", TODAY)
    in_lahti = paths.paths_in_municipality("398", TODAY)
    assert [link.step.id for link in in_lahti] == ["self-care", "guided", "short"]
    assert paths.paths_in_municipality("091", TODAY) == []  # no Helsinki page


def test_urgent_help_is_the_places_crisis_services(tmp_path: Path,
                                                   catalogue: Catalogue) -> None:
    paths, _ = _load(tmp_path, catalogue, {"paijat-hame": HEAD})
    urgent = paths.urgent_help("09", "398", TODAY)
    assert urgent and urgent[0].kind == "crisis"
    assert {s.kind for s in urgent} <= {"crisis", "helpline"}
    assert all("398" in s.municipalities for s in urgent)
    assert "paijat-hame-crisis-duty" in [s.id for s in urgent]
    assert "kymenlaakso-crisis-social-duty-24-7" not in [s.id for s in urgent]


def test_explain_path_prints_the_merge_and_the_services(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_portal(tmp_path / "portal")
    code = cli.main(["--root", str(root), "explain-path", "adults-depression-anxiety",
                     "--county", "paijat-hame", "--municipality", "560",
                     "--date", "2026-12-05"])
    out = capsys.readouterr().out
    assert code == 0
    variation = root / "catalogue/care_paths/adults-depression-anxiety/paijat-hame.yml"
    rows = variation.read_text().split("\n")
    ids_line = next(i for i, row in enumerate(rows, 1) if "ids:" in row)
    shown = "catalogue/care_paths/adults-depression-anxiety/paijat-hame.yml"
    assert f"{shown}:{ids_line}: step 'guided-self-care': services.ids changed" in out
    assert "paijat-hame-guided-self-care-orimattila-sysma" in out
    assert "Orimattila (560)" in out
    code = cli.main(["--root", str(root), "explain-path", "no-such-path", "--county", "09"])
    assert code == 1 and "no care path 'no-such-path'" in capsys.readouterr().err
    code = cli.main(["--root", str(root), "explain-path", "adults-depression-anxiety",
                     "--county", "Atlantis"])
    assert code == 1 and "no county 'Atlantis'" in capsys.readouterr().err


def test_the_example_paths_check_clean(catalogue: Catalogue) -> None:
    problems = Problems(REPO)
    paths = load_care_paths(REPO / "catalogue" / "care_paths", catalogue, problems, TODAY)
    assert _messages(problems) == []
    assert paths.ids()
    for path_id in paths.ids():
        national = paths.path(path_id)
        assert national.reviewed_by and "(esimerkki)" in national.reviewed_by
        for step in national.steps:
            assert step.title["fi"] and step.title["sv"]
