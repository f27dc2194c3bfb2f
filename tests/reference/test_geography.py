"""Places: areas resolve to the municipalities they cover, and a municipality's county is
the code list's, so services follow a municipality that changes county."""

from __future__ import annotations

import pytest

from etulinja.reference import geography


def resolve(**area: object) -> frozenset[str]:
    return geography.resolve_area(
        national=bool(area.get("national")),
        county_codes=area.get("counties", ()),  # type: ignore[arg-type]
        municipality_codes=area.get("municipalities", ()),  # type: ignore[arg-type]
        excluded=area.get("excluded", ()))  # type: ignore[arg-type]


@pytest.mark.parametrize(("area", "holds", "lacks"), [
    pytest.param({"national": True}, {"091", "398", "478"}, set(), id="whole-country"),
    pytest.param({"counties": ["09"]}, {"398", "560", "781"}, {"091", "505"}, id="county"),
    pytest.param({"counties": ["09"], "excluded": ["560", "781"]}, {"398"}, {"560", "781"},
                 id="county-less-outsourced"),
    pytest.param({"municipalities": ["398", "091"]}, {"398", "091"}, {"560"},
                 id="municipalities"),
    pytest.param({"municipalities": ["999"]}, set(), {"999"}, id="unknown-covers-nothing"),
])
def test_an_area_covers_exactly_its_municipalities(area: dict[str, object], holds: set[str],
                                                   lacks: set[str]) -> None:
    covered = resolve(**area)
    assert holds <= covered
    assert not lacks & covered


def test_pukkila_and_myrskyla_are_in_ita_uusimaa_since_2023() -> None:
    """Päijät-Häme's area no longer reaches them: they follow their new county."""
    places = geography.municipalities()
    assert places["616"].county_code == places["504"].county_code == "01"  # Itä-Uusimaa
    assert not {"616", "504"} & resolve(counties=["09"])
    assert {"616", "504"} <= resolve(counties=["01"])


def test_merged_municipality_points_to_its_successor() -> None:
    assert geography.MERGED_MUNICIPALITIES["588"] == "507"  # Pertunmaa -> Mäntyharju
    assert "588" not in geography.municipalities()
    assert "507" in geography.municipalities()


def test_names_become_addresses() -> None:
    assert geography.slugify("Mänttä-Vilppula") == "mantta-vilppula"
    assert geography.counties()["09"].slug == "paijat-hame"
