"""What the search page knows about words, shipped as data: crisis phrasings and everyday
words per topic. Both are read by the reader's browser (``assets/javascripts/search.js``)
from the search page; nothing here searches.

- ``crisis_terms.yml``: clinical content. A query matching one of its phrases shows the
  urgent-help answer above any results.
- ``search_synonyms.yml``: everyday words ("peliriippuvuus", "krapula") mapped to the
  words the site's pages use, searched as well and merged into the results.

A phrase is words separated by spaces; a word ending in ``*`` is a stem that matches any
word beginning with it. Queries and phrases are normalised the same way on both sides
(:func:`normalise` here, ``normalise`` in search.js): NFC, lower case, å/ä/ö kept, any
other character that is not a letter or digit becomes a space.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

CRISIS_TERMS = "crisis_terms.yml"
SYNONYMS = "search_synonyms.yml"

_NOT_WORD = re.compile(r"[^\w*]+")


def normalise(text: str) -> str:
    """A query or phrase as it is compared: NFC, lower case, words split by one space.

    Marks other than those of å, ä and ö (letters of their own in Finnish and Swedish)
    are dropped, so "cafe" and "café" compare equal but "sää" and "saa" do not.
    """
    plain = _strip_marks_keeping_nordic(unicodedata.normalize("NFC", text.casefold()))
    return " ".join(_NOT_WORD.sub(" ", plain.replace("_", " ")).split())


def _strip_marks_keeping_nordic(text: str) -> str:
    out = []
    for char in text:
        if char in "åäö":
            out.append(char)
            continue
        out.append("".join(c for c in unicodedata.normalize("NFD", char)
                           if not unicodedata.combining(c)))
    return unicodedata.normalize("NFC", "".join(out))


GAP = 2
"""Words a reader may put between a phrase's words: "haluan (vaan) kuolla", "en (enää)
jaksa elää", "i (really) want to die"."""


def phrase_matches(phrase: str, query: str) -> bool:
    """Whether a normalised ``phrase`` occurs in a normalised ``query`` as whole words
    (a word ending in ``*``: any word beginning with it), in order, with at most
    :data:`GAP` other words between two of them."""
    return _match_from(phrase.split(), query.split(), 0, first=True)


def _match_from(want: list[str], words: list[str], start: int, *, first: bool) -> bool:
    if not want:
        return True
    end = len(words) if first else min(len(words), start + GAP + 1)
    return any(_word_matches(want[0], words[at]) and _match_from(want[1:], words, at + 1,
                                                                 first=False)
               for at in range(start, end))


def _word_matches(pattern: str, word: str) -> bool:
    if pattern.endswith("*"):
        return word.startswith(pattern[:-1])
    return word == pattern


@dataclass(frozen=True)
class CrisisTerms:
    """The reviewed crisis phrasings ("itsemurh*", "haluan kuolla", "vill dö")."""

    reviewed: str
    reviewer: str
    terms: dict[str, tuple[str, ...]]
    """Language -> normalised phrases."""
    answer: tuple[str, ...]
    """Ids of the urgent-help lines the answer shows; ``{lang}``: the page's language."""

    def answer_lines(self, lang: str) -> tuple[str, ...]:
        """The ids of the lines shown in ``lang``, first occurrence kept."""
        return tuple(dict.fromkeys(line.replace("{lang}", lang) for line in self.answer))

    def matches(self, query: str) -> bool:
        """Whether a query, in any language, says the reader may be in crisis."""
        text = normalise(query)
        return any(phrase_matches(phrase, text)
                   for phrases in self.terms.values() for phrase in phrases)


def _data(name: str) -> Any:
    return yaml.safe_load(resources.files("etulinja.data").joinpath(name).read_text("utf-8"))


def _phrase(value: object, where: str) -> str:
    if not isinstance(value, str) or not normalise(value):
        raise ValueError(f"{where}: a phrase must be non-empty text, not {value!r}")
    return normalise(value)


@cache
def crisis_terms() -> CrisisTerms:
    """The crisis word list, checked: a malformed list stops the build, it never shows
    readers in crisis ordinary results by accident."""
    doc = _data(CRISIS_TERMS)
    where = f"src/etulinja/data/{CRISIS_TERMS}"
    if not isinstance(doc, dict) or not isinstance(doc.get("terms"), dict):
        raise ValueError(f"{where}: terms: expected a mapping of language -> phrases")
    terms = {
        str(lang): tuple(_phrase(value, f"{where}: terms.{lang}") for value in phrases)
        for lang, phrases in doc["terms"].items()
    }
    if not doc.get("reviewed") or not doc.get("reviewer"):
        raise ValueError(f"{where}: reviewed, reviewer: clinical content needs both")
    return CrisisTerms(reviewed=str(doc["reviewed"]), reviewer=str(doc["reviewer"]),
                       terms=terms, answer=tuple(str(line) for line in doc.get("answer") or ()))


@cache
def synonyms() -> dict[str, dict[str, tuple[str, ...]]]:
    """Language -> normalised everyday phrase -> the words searched as well."""
    doc = _data(SYNONYMS)
    where = f"src/etulinja/data/{SYNONYMS}"
    if not isinstance(doc, dict):
        raise ValueError(f"{where}: expected a mapping of language -> phrases")
    return {
        str(lang): {
            _phrase(key, f"{where}: {lang}"): tuple(
                _phrase(word, f"{where}: {lang}.{key}") for word in words)
            for key, words in mapping.items()
        }
        for lang, mapping in doc.items()
    }
