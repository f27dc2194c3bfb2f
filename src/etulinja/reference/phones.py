"""Phone numbers as shown and as dialled: one rule for every number on the site.

A number is shown as the editor wrote it and dialled through its ``tel:`` link, so the
two must be the same number. phonenumbers would quietly make them differ: it reads
letters as a phone keypad does (``O3 555 O8O1``, letter O for zero, dials +358355581),
drops extensions and a written ``(0)``. So a number may hold only digits, spaces,
hyphens, brackets and a leading ``+``, and its digits must be the digits it dials.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

_ALLOWED = re.compile(r"\+?[0-9 \u00a0()-]+")
_LOOKS_LIKE_DIGIT = {"O": "0", "o": "0", "I": "1", "l": "1"}
EXAMPLE = "e.g. 03 819 2504, +358 3 819 2504 or 116117"


@dataclass(frozen=True)
class Phone:
    """A number as people see it and the ``tel:`` target that rings it."""

    number: str
    """As shown, as dialled in Finland: '03 555 0801'."""
    tel: str
    """E.164 ('+35835550801'), or a national short number as it is dialled ('116117')."""


class PhoneError(ValueError):
    """Why a written number cannot be shown with a link that rings it, in plain words."""


def parse_phone(number: str) -> Phone:
    """The number and its ``tel:`` target; PhoneError when they could differ."""
    text = number.strip()
    if not _ALLOWED.fullmatch(text):
        lookalikes = sorted({ch for ch in text if ch in _LOOKS_LIKE_DIGIT})
        hint = ""
        if lookalikes:
            hint = " (" + ", ".join(f"'{ch}' looks like {_LOOKS_LIKE_DIGIT[ch]}" for ch in
                                    lookalikes) + ": type the digit)"
        raise PhoneError(f"'{number}' is not a phone number: it may hold only digits, spaces, "
                         f"hyphens, brackets and a leading +{hint}; {EXAMPLE}")
    digits = re.sub(r"\D", "", text)
    try:
        parsed = phonenumbers.parse(text, "FI")
    except phonenumbers.NumberParseException:
        raise PhoneError(f"'{number}' is not a valid Finnish phone number; {EXAMPLE}") from None
    if phonenumbers.is_valid_number(parsed):
        tel = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        if text.startswith("+"):
            dialled = digits
        elif digits.startswith("0"):
            dialled = "358" + digits[1:]
        else:
            raise PhoneError(f"'{number}' lacks its area code: write it as dialled in "
                             f"Finland, starting with 0 or +358; {EXAMPLE}")
        if dialled != tel[1:]:
            raise PhoneError(f"'{number}' would ring {tel}, not the number shown: leave out "
                             "a written (0) or anything else not dialled; " + EXAMPLE)
        return Phone(text, tel)
    if (phonenumbers.is_valid_short_number_for_region(parsed, "FI")
            and digits == str(parsed.national_number) and not text.startswith("+")):
        return Phone(text, digits)
    raise PhoneError(f"'{number}' is not a valid Finnish phone number (write it as "
                     f"dialled in Finland; {EXAMPLE})")
