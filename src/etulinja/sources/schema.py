"""JSON Schema validation that reports problems at the editor's file and line.

Schemas live in ``etulinja/schemas/`` (one per content type, committed, with examples)
and are the single description of what an editor may write.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
from jsonschema import Draft202012Validator

from etulinja.sources.problems import Problems
from etulinja.sources.yamldoc import YamlDocument


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A committed schema by name, e.g. ``article``."""
    text = resources.files("etulinja.schemas").joinpath(f"{name}.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(
        load_schema(name), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def to_json_value(value: Any) -> Any:
    """YAML gives dates as ``datetime.date``; schemas and exports want ISO strings."""
    if isinstance(value, dict):
        return {str(k): to_json_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json_value(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


_KINDS = {
    "string": "some text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "keys with values",
}


def _read_as(value: Any) -> str:
    """What YAML made of an unquoted value, in words: ``the number 900``."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"{str(value).lower()}, a yes/no value"
    return f"the number {value}"


def _describe(error: jsonschema.ValidationError, written: str | None = None) -> str:
    """A message an editor can act on, without JSON Schema vocabulary.

    ``written``: the value as it stands in the file when YAML read it as something
    other than text (``15:00`` is read as 900), so that hints quote the editor's words.
    """
    v = error.validator
    inst: Any = error.instance
    rule: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    expected: Any = error.validator_value
    if v == "required":
        missing = str(error.message).split("'")[1] if "'" in error.message else error.message
        return f"missing required key '{missing}'"
    if v == "additionalProperties":
        allowed = ", ".join(sorted(rule.get("properties", {})))
        extra = sorted(set(inst) - set(rule.get("properties", {})))
        hint = ""
        if any(not str(key).replace("_", "").replace("-", "").isalnum() for key in extra):
            hint = "; text with a comma inside { } must be put in quotes"
        return f"unknown key '{', '.join(extra)}' (allowed keys: {allowed}){hint}"
    if v == "enum":
        options = ", ".join(str(x) for x in expected)
        shown = inst if written is None else written
        return f"'{shown}' is not allowed here; use one of: {options}"
    if v == "maxLength":
        return f"is {len(inst)} characters long; at most {expected} allowed"
    if v == "minLength":
        return f"is too short ({len(inst)} characters); at least {expected} needed"
    if v == "format" and expected == "date":
        return f"'{inst}' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-25"
    if v == "format" and expected == "email":
        return f"'{inst}' is not an e-mail address; write it as name@example.fi"
    if v == "format" and expected == "uuid":
        return (f"'{inst}' is not a PTV id: copy the id from the service's address in "
                "the Suomi.fi Service Catalogue (like 2a9f4c2e-6b1d-4a6e-9c1f-0e8b7d5a3c21)")
    if v == "format" and expected == "uri":
        return f"'{inst}' is not a web address; write it in full, e.g. https://example.fi/"
    if v == "type" and inst is None and not written:
        return f"is empty; write {_KINDS.get(str(expected), expected)} after the colon"
    if v == "type" and expected == "string" and (written or isinstance(inst, (int, float))):
        text = written or str(inst)
        what = written if written and written != str(inst) else "it"
        return (
            f'must be text: put it in quotes, e.g. "{text}" '
            f"(without quotes YAML reads {what} as {_read_as(inst)})"
        )
    if v == "type":
        shown = repr(inst) if written is None else repr(written)
        return f"must be {expected}, not {type(inst).__name__} ({shown})"
    if v == "minItems":
        return f"needs at least {expected} item(s)"
    if v == "uniqueItems":
        return "lists the same value twice"
    if v == "pattern":
        form = _PATTERN_WORDS.get(str(expected), f"the pattern {expected}")
        return f"'{inst}' has the wrong form; write {form}"
    if v == "dependentRequired":
        return str(error.message)
    return str(error.message)


_PATTERN_WORDS = {
    "^https://": "a full web address starting with https://, e.g. https://example.fi/",
    "^https?://[^/?#]+": "the site's full address, e.g. https://mieli.example.fi/",
    "^[0-9]{5}$": "five digits in quotes, e.g. \"15110\"",
    "^[0-9]{3}$": "a three-digit municipality code in quotes, e.g. \"398\" (Lahti)",
    "^[0-9]{2}$": "a two-digit county code in quotes, e.g. \"09\" (Päijät-Häme)",
    "^[0-9]{7}-[0-9]$": "seven digits, a hyphen and a check digit, e.g. 0201256-6",
    "^[a-z]{2}$": "a two-letter language code, e.g. fi, sv or en",
    "^[a-z][a-z0-9-]*$": "lowercase letters a-z, digits and hyphens, starting with a letter",
    "^[a-z0-9][a-z0-9-]*$": "lowercase letters a-z, digits and hyphens",
    "^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$": "a time as HH:MM in quotes, e.g. \"08:00\"",
}
"""What each pattern of the schemas asks for, in words an editor can act on."""


def validate(
    data: Any, schema_name: str, doc: YamlDocument, path: Path, problems: Problems
) -> bool:
    """Validate ``data`` and add one problem per schema error; True when valid.

    A value refused twice (a web address that is neither https nor a URI) gets one
    message, the one that says what to write.
    """
    errors = sorted(
        validator(schema_name).iter_errors(to_json_value(data)),
        key=lambda e: (list(map(str, e.absolute_path)), e.validator != "pattern"),
    )
    seen: set[tuple[Any, ...]] = set()
    for error in errors:
        if error.validator in ("pattern", "format"):
            if tuple(error.absolute_path) in seen:
                continue
            seen.add(tuple(error.absolute_path))
        location = list(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.schema, dict):
            extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
            location = [*location, extra[0]] if extra else location
        key = ".".join(str(p) for p in error.absolute_path)
        label = f"{key}: " if key else ""
        written = doc.raw_of(list(error.absolute_path))
        problems.error(path, doc.line_of(location), f"{label}{_describe(error, written)}")
    return not errors


def refused_paths(data: Any, schema_name: str) -> frozenset[tuple[str | int, ...]]:
    """The paths in ``data`` the schema refuses: where a missing or unknown key is
    concerned, that key's own path, so the rest of its object still counts as sound.

    Loaders keep checking a file past its schema errors wherever the data is sound
    (``sound``), so an editor sees every problem of the file in one run.
    """
    found: set[tuple[str | int, ...]] = set()
    for error in validator(schema_name).iter_errors(to_json_value(data)):
        where = tuple(error.absolute_path)
        if error.validator == "required" and "'" in error.message:
            found.add((*where, error.message.split("'")[1]))
        elif error.validator == "additionalProperties" and isinstance(error.schema, dict):
            allowed = error.schema.get("properties", {})
            found.update((*where, key) for key in error.instance if key not in allowed)
        else:
            found.add(where)
    return frozenset(found)


def sound(refused: frozenset[tuple[str | int, ...]], path: tuple[str | int, ...]) -> bool:
    """True when nothing at, above or below ``path`` was refused by the schema."""
    return not any(bad[:len(path)] == path or path[:len(bad)] == bad for bad in refused)
