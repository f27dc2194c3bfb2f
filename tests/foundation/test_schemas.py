"""The committed JSON Schemas: each content type has one, and its examples are valid.

Editors copy the examples (their editor's completion shows them), so an example that
the schema itself rejects would teach a mistake.
"""

from __future__ import annotations

import json
from importlib import resources

import pytest
from jsonschema import Draft202012Validator

from etulinja.sources.schema import validator

NAMES = sorted(
    entry.name.removesuffix(".schema.json")
    for entry in resources.files("etulinja.schemas").iterdir()
    if entry.name.endswith(".schema.json")
)


def test_every_content_type_has_a_schema() -> None:
    assert set(NAMES) >= {"article", "page", "service", "organisation", "region",
                          "programme", "step"}


@pytest.mark.parametrize("name", NAMES)
def test_schema_is_valid_and_its_examples_pass(name: str) -> None:
    text = resources.files("etulinja.schemas").joinpath(f"{name}.schema.json").read_text()
    schema = json.loads(text)
    Draft202012Validator.check_schema(schema)
    assert schema.get("examples"), f"{name}.schema.json has no examples"
    for example in schema["examples"]:
        errors = [e.message for e in validator(name).iter_errors(example)]
        assert errors == [], f"{name} example: {errors}"


def test_every_pattern_is_explained_in_words() -> None:
    """A value of the wrong form is told what to write, never shown a regular expression."""
    import re

    from etulinja.sources.schema import _PATTERN_WORDS

    patterns = set()
    for name in NAMES:
        text = resources.files("etulinja.schemas").joinpath(f"{name}.schema.json").read_text()
        patterns |= {json.loads(f'"{p}"') for p in re.findall(r'"pattern": "([^"]*)"', text)}
    assert patterns - set(_PATTERN_WORDS) == set()
