"""Guided self-care ("ohjattu omahoito"): how a professional guides a client through a
programme in one to five contacts — the ``guide:`` part of ``programme.yml``.

Each contact names the programme's steps to go through, what the contact is for and what
to ask; ``step_up`` says when to move on to the next level of care. The steps are checked
against the programme's sections here, at the line of ``programme.yml`` that names them.
"""

from __future__ import annotations

from dataclasses import dataclass

from etulinja.reference.i18n import PerLanguage, Text
from etulinja.sources.problems import Problems
from etulinja.sources.rules import SourceRead

MAX_CONTACTS = 5
"""Guided self-care is one to five contacts (three on average)."""


@dataclass(frozen=True)
class Contact:
    """One meeting or call with the client."""

    steps: tuple[str, ...]
    """Step ids covered at this contact, in the programme's order as written."""
    focus: Text
    """What the contact is for."""
    ask: PerLanguage[tuple[str, ...]]
    """Questions to ask the client, per language."""


@dataclass(frozen=True)
class Guide:
    """The professional's guide to a programme."""

    contacts: tuple[Contact, ...]
    step_up: PerLanguage[tuple[str, ...]]
    """When to step up to the next level of care, per language."""


def _lines(value: dict[str, list[str]]) -> PerLanguage[tuple[str, ...]]:
    return PerLanguage({lang: tuple(lines) for lang, lines in value.items()})


def read_guide(read: SourceRead, step_ids: set[str], problems: Problems) -> Guide | None:
    """The ``guide:`` part of a programme, or None when it has none or it is unsound;
    a contact naming a step that no section lists is an error at that line."""
    if "guide" not in read.data:
        return None
    if not read.sound("guide"):
        return None  # the schema's problems are reported already, at their lines
    data = read.data["guide"]
    for c_index, contact in enumerate(data["contacts"]):
        for s_index, step_id in enumerate(contact["steps"]):
            if step_id not in step_ids:
                problems.error(read.path, read.line("guide", "contacts", c_index, "steps",
                                                    s_index),
                               f"guide.contacts.{c_index}.steps.{s_index}: '{step_id}' is "
                               "no step of this programme; name a step listed under sections")
    contacts = tuple(Contact(steps=tuple(c["steps"]), focus=Text(c["focus"]),
                             ask=_lines(c["ask"])) for c in data["contacts"])
    return Guide(contacts=contacts, step_up=_lines(data["step_up"]))
