"""A phone number is shown as written and dialled as shown: one rule for every number."""

from __future__ import annotations

import pytest

from etulinja.reference.phones import PhoneError, parse_phone


@pytest.mark.parametrize(("written", "tel"), [
    ("03 555 0801", "+35835550801"),
    ("03-555-0801", "+35835550801"),
    ("(03) 555 0801", "+35835550801"),
    ("+358 3 555 0801", "+35835550801"),
    ("09 2525 0111", "+358925250111"),
    ("0800 147 111", "+358800147111"),
    ("050 123 4567", "+358501234567"),
    ("112", "112"),
    ("116 117", "116117"),
    ("116111", "116111"),
])
def test_a_valid_number_dials_what_it_shows(written: str, tel: str) -> None:
    assert parse_phone(written).tel == tel


@pytest.mark.parametrize(("written", "words"), [
    ("O3 555 O8O1", "'O' looks like 0"),
    ("03 555 0l01", "'l' looks like 1"),
    ("03 555 0801 ext 2", "may hold only digits"),
    ("03 555 0801#", "may hold only digits"),
    ("+358 (0)3 555 0801", "not the number shown"),
    ("3 555 0801", "lacks its area code"),
    ("03 555", "not a valid Finnish phone number"),
    ("+358 112", "not a valid Finnish phone number"),
])
def test_a_number_that_would_dial_something_else_is_refused(written: str, words: str) -> None:
    with pytest.raises(PhoneError, match=words.replace("(", r"\(").replace(")", r"\)")):
        parse_phone(written)
