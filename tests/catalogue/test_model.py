"""The catalogue's typed model, built once by the real loader from small YAML files: what a
service's phones, languages, area and opening hours become, and what pages then show.

Fast: no site is built; each test loads one or two files in-process.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import pickle
from pathlib import Path

import phonenumbers
import pytest

from etulinja.catalogue import views
from etulinja.catalogue.export import hsds_service, services_csv
from etulinja.catalogue.jsonld import service_jsonld
from etulinja.catalogue.load import load_catalogue
from etulinja.catalogue.model import (
    Catalogue,
    Hours,
    HoursException,
    Interval,
    Service,
    WeeklyHours,
)
from etulinja.reference.i18n import Text
from etulinja.sources.problems import Problems
from etulinja.sources.rules import Limits

TODAY = dt.date(2026, 11, 25)
LANGUAGES = ("fi", "sv", "en")
LIMITS = Limits(TODAY, LANGUAGES, ("fi", "sv"))
DASH = "\u2013"  # en dash, between days and times

ORGANISATION = """\
name: {fi: Testin hyvinvointialue, sv: Testens välfärdsområde}
type: public
website: https://example.org/
business_id: 0245437-2
"""

SERVICE = """\
name: {fi: Testipalvelu, sv: Testtjänst}
summary: {fi: Lyhyt kuvaus testipalvelusta., sv: En kort beskrivning av tjänsten.}
organisation: test-org
status: active
care_level: 1
target_groups: [KR1]
topics: [depression]
access: [self-referral]
charge: {free: true}
languages: [fi, sv]
area: {counties: ["09"]}
last_reviewed: 2026-11-01
reviewed_by: Testi Tarkastaja
"""

PHONE = """\
channels:
  phones:
    - number: 03 555 0142
      label: {fi: Ajanvaraus, sv: Tidsbokning}
"""

HOURS = """\
channels:
  phones:
    - number: 03 555 0142
      hours:
        weekly:
          - {days: [mo, tu, we, th, fr], opens: "08:00", closes: "16:00"}
        closed_on_public_holidays: true
        exceptions:
          - {date: 2026-12-31, opens: "08:00", closes: "12:00", note: {fi: Uudenvuodenaatto}}
          - {date: "2026-12-23", closed: true}
          - {date: 2026-01-02, closed: true}
"""

REGION = """\
county: "09"
helplines:
  - label: {fi: Kriisikeskus, sv: Kriscenter}
    number: 03 555 0100
    source: https://www.example.org/paijat-hame/kriisikeskus
    verified: 2026-11-20
"""


def load(tmp_path: Path, service: str = SERVICE, *extra: str,
         languages: tuple[str, ...] = LANGUAGES) -> Catalogue:
    """A catalogue of one organisation and one service (its file: ``service`` plus the
    ``extra`` keys), loaded by the real loader; it must load without errors."""
    folder = tmp_path / "catalogue"
    (folder / "organisations").mkdir(parents=True)
    (folder / "organisations" / "test-org.yml").write_text(ORGANISATION, encoding="utf-8")
    (folder / "regions").mkdir()
    (folder / "regions" / "paijat-hame.yml").write_text(REGION, encoding="utf-8")
    (folder / "services" / "paijat-hame").mkdir(parents=True)
    (folder / "services" / "paijat-hame" / "test-service.yml").write_text(
        service + "".join(extra), encoding="utf-8")
    problems = Problems(tmp_path)
    catalogue = load_catalogue(folder, dataclasses.replace(LIMITS, languages=languages),
                               problems)
    assert not problems.errors, [str(p) for p in problems.sorted()]
    return catalogue


def only(catalogue: Catalogue) -> Service:
    (service,) = catalogue.services.values()
    return service


# Phones: the tel: target is made once, when the number is checked.

def test_a_phone_gets_its_tel_target_at_load(tmp_path: Path) -> None:
    phone = only(load(tmp_path, SERVICE, PHONE)).phones[0]
    assert (phone.number, phone.tel) == ("03 555 0142", "+35835550142")
    assert phone.label == Text({"fi": "Ajanvaraus", "sv": "Tidsbokning"})


def test_pages_open_data_and_structured_data_dial_the_target_made_at_load(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    catalogue = load(tmp_path, SERVICE, PHONE)
    service = only(catalogue)

    def no_second_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a number was parsed again after loading")

    monkeypatch.setattr(phonenumbers, "parse", no_second_parse)
    tel = service.phones[0].tel
    view = views.service_view(service, catalogue, "fi", TODAY, LANGUAGES)
    assert view["phones"][0]["tel"] == tel
    assert hsds_service(service, "fi", "https://x.example/", LANGUAGES)["phones"][0][
        "number"] == tel
    assert service_jsonld(service, "fi", "https://x.example/", TODAY, LANGUAGES)[
        "availableChannel"][0]["servicePhone"]["telephone"] == tel


def test_a_county_help_number_is_typed_with_its_target(tmp_path: Path) -> None:
    catalogue = load(tmp_path)
    (line,) = catalogue.helplines["09"]
    assert (line.phone.number, line.phone.tel) == ("03 555 0100", "+35835550100")
    shown = views.county_helplines(catalogue, "09", "sv", LANGUAGES)
    assert shown == [{"label": "Päijänne-Tavastland: Kriscenter", "number": "03 555 0100",
                      "tel": "+35835550100", "url": "", "hours": "",
                      "source": "https://www.example.org/paijat-hame/kriisikeskus"}]
    assert line.verified == dt.date(2026, 11, 20)


@pytest.mark.parametrize(("verified", "expected"), [
    pytest.param("2026-06-01", "warning: helplines.0.verified: 2026-06-01 is 177 days ago; "
                 "check the number and its hours against the source again (limit 170 days)",
                 id="old-is-warned"),
    pytest.param("2026-06-10", None, id="within-the-limit"),
    pytest.param("2026-11-26", "error: helplines.0.verified: 2026-11-26 is in the future",
                 id="future-is-an-error"),
])
def test_a_county_number_verified_long_ago_is_warned_of(tmp_path: Path, verified: str,
                                                        expected: str | None) -> None:
    """Numbers older than the portal's limit (here 170 days) get a warning at their line."""
    folder = tmp_path / "catalogue" / "regions"
    folder.mkdir(parents=True)
    (folder / "paijat-hame.yml").write_text(
        REGION.replace("2026-11-20", verified), encoding="utf-8")
    problems = Problems(tmp_path)
    load_catalogue(tmp_path / "catalogue",
                   dataclasses.replace(LIMITS, urgent_help_max_age_days=180 - 10), problems)
    shown = [f"{p.path}:{p.line}: {p.severity.value}: {p.message}" for p in problems.sorted()]
    assert shown == ([] if expected is None
                     else [f"catalogue/regions/paijat-hame.yml:6: {expected}"])


@pytest.mark.parametrize(("change", "expected"), [
    pytest.param("    source: https://www.example.org/paijat-hame/kriisikeskus\n", "",
                 id="no-source"),
    pytest.param("https://www.example", "http://www.example", id="not-https"),
])
def test_a_county_number_needs_a_secure_source(tmp_path: Path, change: str,
                                               expected: str) -> None:
    folder = tmp_path / "catalogue" / "regions"
    folder.mkdir(parents=True)
    (folder / "paijat-hame.yml").write_text(REGION.replace(change, expected), encoding="utf-8")
    problems = Problems(tmp_path)
    catalogue = load_catalogue(tmp_path / "catalogue", LIMITS, problems)
    assert [p.path for p in problems.errors] == ["catalogue/regions/paijat-hame.yml"]
    assert "source" in str(problems.errors[0])
    assert catalogue.helplines.get("09", []) == []


# Languages: the reader's, else the site's in order, the default first; never a fixed "fi".

@pytest.mark.parametrize(("text", "lang", "languages", "expected"), [
    pytest.param({"fi": "a", "sv": "b", "en": "c"}, "en", LANGUAGES, ("c", "en"),
                 id="asked-language-there"),
    pytest.param({"fi": "a", "sv": "b"}, "en", LANGUAGES, ("a", "fi"),
                 id="missing-falls-back-to-default"),
    pytest.param({"fi": "a", "sv": "b"}, "en", ("sv", "fi", "en"), ("b", "sv"),
                 id="default-is-the-sites-first-language"),
    pytest.param({"sv": "b"}, "en", LANGUAGES, ("b", "sv"), id="next-language-that-has-it"),
    pytest.param({"fi": "", "sv": "b"}, "fi", LANGUAGES, ("b", "sv"),
                 id="empty-counts-as-missing"),
    pytest.param({}, "sv", LANGUAGES, ("", "sv"), id="none-at-all"),
])
def test_text_falls_back_through_the_sites_languages(
        text: dict[str, str], lang: str, languages: tuple[str, ...],
        expected: tuple[str, str]) -> None:
    assert Text(text).in_language(lang, languages) == expected


@pytest.mark.parametrize(("languages", "shown", "shown_in"), [
    pytest.param(LANGUAGES, "Testipalvelu", "fi", id="default-finnish"),
    pytest.param(("sv", "fi", "en"), "Testtjänst", "sv", id="default-swedish"),
])
def test_a_name_missing_in_english_is_shown_in_the_default_language_and_marked(
        tmp_path: Path, languages: tuple[str, ...], shown: str, shown_in: str) -> None:
    catalogue = load(tmp_path, languages=languages)
    service = only(catalogue)
    view = views.service_view(service, catalogue, "en", TODAY, languages)
    assert (view["name"], view["name_lang"]) == (shown, shown_in)
    item = views.list_item(service, "en", languages, dt.date(2026, 11, 25))
    assert (item["name"], item["name_lang"]) == (shown, shown_in)


def test_text_is_frozen_and_compares_with_what_was_written() -> None:
    text = Text({"fi": "a"})
    assert text == {"fi": "a"} and text.get("sv", "") == ""
    with pytest.raises(AttributeError):
        text._values = {}  # type: ignore[misc]


# Areas: counties and municipalities, less exclusions, resolved once.

@pytest.mark.parametrize(("area", "holds", "lacks"), [
    pytest.param('{counties: ["09"]}', {"398", "560", "781"}, {"091"}, id="county"),
    pytest.param('{counties: ["09"], exclude_municipalities: ["560", "781"]}', {"398"},
                 {"560", "781", "091"}, id="county-less-exclusions"),
    pytest.param('{municipalities: ["398", "091"]}', {"398", "091"}, {"560"},
                 id="single-municipalities"),
    pytest.param('{national: true, exclude_municipalities: ["478"]}', {"091", "398"},
                 {"478"}, id="national-less-aland-town"),
])
def test_an_area_is_resolved_with_its_exclusions(tmp_path: Path, area: str, holds: set[str],
                                                 lacks: set[str]) -> None:
    service = only(load(tmp_path, SERVICE.replace('{counties: ["09"]}', area)))
    assert holds <= service.municipalities
    assert not lacks & service.municipalities
    assert service.municipalities == service.area.municipalities


def test_an_area_keeps_what_was_written_for_the_page(tmp_path: Path) -> None:
    area = '{counties: ["09"], exclude_municipalities: ["560", "781"]}'
    catalogue = load(tmp_path, SERVICE.replace('{counties: ["09"]}', area))
    service = only(catalogue)
    assert (service.area.county_codes, service.area.excluded_codes) == (
        ("09",), ("560", "781"))
    shown = views.area_view(service, "fi", LANGUAGES)
    assert shown == {"text": "Päijät-Häme", "excluded": "ei: Orimattila, Sysmä", "note": "",
                     "note_lang": "fi"}
    assert service.counties == ["09"] and not service.national


# Opening hours: weekly entries and dated exceptions, dates as dates.

def test_hours_are_typed_with_dated_exceptions(tmp_path: Path) -> None:
    hours = only(load(tmp_path, SERVICE, HOURS)).phones[0].hours
    assert hours == Hours(
        weekly=(WeeklyHours(("mo", "tu", "we", "th", "fr"), "08:00", "16:00"),),
        closed_on_public_holidays=True,
        exceptions=(
            HoursException(dt.date(2026, 12, 31), intervals=(Interval("08:00", "12:00"),),
                           note=Text({"fi": "Uudenvuodenaatto"})),
            HoursException(dt.date(2026, 12, 23), closed=True),
            HoursException(dt.date(2026, 1, 2), closed=True),
        ))


def test_coming_exceptions_are_shown_in_date_order_and_past_ones_not(tmp_path: Path) -> None:
    hours = only(load(tmp_path, SERVICE, HOURS)).phones[0].hours
    assert hours is not None
    shown = views.hours_view(hours, "en", TODAY, LANGUAGES)
    assert [(e["date"], e["time"], e["note"]) for e in shown["exceptions"]] == [
        ("23 December 2026", "closed", ""),
        ("31 December 2026", f"8:00{DASH}12:00", "Uudenvuodenaatto"),
    ]
    assert shown["lines"] == [{"days": f"Mon{DASH}Fri", "time": f"8:00{DASH}16:00"}]
    # Open Monday to Friday: Independence Day (Sunday 6 December 2026) closes nothing,
    # Christmas Eve (Thursday) does
    assert shown["holidays"][0]["iso"] == "2026-12-24"


def test_open_data_lists_every_exception_in_the_order_written(tmp_path: Path) -> None:
    service = only(load(tmp_path, SERVICE, HOURS))
    schedules = hsds_service(service, "sv", "https://x.example/", LANGUAGES)["schedules"]
    assert [(s.get("valid_from"), s.get("description")) for s in schedules] == [
        (None, None), ("2026-12-31", "avvikande öppettider"), ("2026-12-23", "stängt"),
        ("2026-01-02", "stängt")]
    assert schedules[0]["notes"] == "Stängt på helgdagar"


# The model travels between processes and is never changed once built.

def test_a_service_survives_pickling_unchanged(tmp_path: Path) -> None:
    service = only(load(tmp_path, SERVICE, HOURS))
    assert pickle.loads(pickle.dumps(service)) == service


def test_a_service_is_frozen(tmp_path: Path) -> None:
    service = only(load(tmp_path))
    with pytest.raises(dataclasses.FrozenInstanceError):
        service.status = "defunct"  # type: ignore[misc]


def test_the_organisation_is_typed(tmp_path: Path) -> None:
    organisation = only(load(tmp_path)).organisation
    assert (organisation.id, organisation.type, organisation.website,
            organisation.business_id) == ("test-org", "public", "https://example.org/",
                                          "0245437-2")
    assert organisation.name.in_language("en", LANGUAGES) == ("Testin hyvinvointialue", "fi")


def test_optional_fields_have_plain_empty_values(tmp_path: Path) -> None:
    service = only(load(tmp_path))
    assert (service.description, service.phones, service.locations, service.chat,
            service.web, service.ptv_id, service.valid_to) == (Text(), (), (), None, "", "",
                                                                None)
    assert (service.age.min, service.age.max) == (None, None)
    (row,) = csv.DictReader(io.StringIO(services_csv([service], LANGUAGES)))
    assert (row["id"], row["valid_from"], row["valid_to"], row["age_min"]) == (
        "test-service", "", "", "")


# Every way in reaches open data and structured data: chat, e-service, every location.

EVERY_CHANNEL = """\
channels:
  chat:
    url: https://chat.example.org/nuoret
    hours:
      weekly:
        - {days: [mo, we], opens: "18:00", closes: "21:00"}
  e_service: {url: "https://asiointi.example.org/", login_required: true}
  locations:
    - name: {fi: Keskusta, sv: Centrum}
      address: {street: Aleksanterinkatu 1, postal_code: "15100", municipality: "398"}
    - name: {fi: Hollola, sv: Hollola}
      address: {street: Virastotie 3, postal_code: "15870", municipality: "098"}
"""


def test_open_data_carries_every_channel(tmp_path: Path) -> None:
    from tests.catalogue.test_open_data import hsds_validator

    (service,) = load(tmp_path, SERVICE + EVERY_CHANNEL).services.values()
    record = hsds_service(service, "sv", "https://x.example/", LANGUAGES)
    assert not [e.message for e in hsds_validator("service").iter_errors(record)]
    places = [at["location"] for at in record["service_at_locations"]]
    assert [(p["location_type"], p.get("url")) for p in places] == [
        ("physical", None), ("physical", None),
        ("virtual", "https://chat.example.org/nuoret"), ("virtual", "https://asiointi.example.org/")]
    assert places[3]["name"] == "E-tjänst (Kräver identifiering)"
    chat_hours = places[2]["schedules"]
    assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in chat_hours] == [
        ("MO,WE", "18:00", "21:00")]
    row = next(csv.DictReader(io.StringIO(services_csv([service], LANGUAGES))))
    assert (row["chat"], row["e_service"]) == ("https://chat.example.org/nuoret",
                                               "https://asiointi.example.org/")


def test_structured_data_carries_every_channel(tmp_path: Path) -> None:
    (service,) = load(tmp_path, SERVICE + EVERY_CHANNEL).services.values()
    data = service_jsonld(service, "fi", "https://x.example/", TODAY, LANGUAGES)
    channels = data["availableChannel"]
    assert [c["serviceLocation"]["address"]["addressLocality"]
            for c in channels if "serviceLocation" in c] == ["Lahti", "Hollola"]
    assert [c["serviceUrl"] for c in channels if "serviceUrl" in c] == [
        "https://chat.example.org/nuoret", "https://asiointi.example.org/"]
    (chat,) = [p for p in data["provider"]["contactPoint"] if p.get("url")]
    assert chat["hoursAvailable"][0]["opens"] == "18:00"
