"""The frame contract: the slots of a frame page, declared once (see ``frames.py``).

Python fills the slots and templates print their markers (``etulinja.slots.<name>``), both
from this table, so no template spells a marker and a slot's escaping is a property of
the slot, not of whichever code happens to fill it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from markupsafe import Markup

FRAME_ID = "_etulinja-frame"
"""The frame page's own id in its kind's folder: an editor's file name cannot start with
'_' (ids are lowercase letters, digits and hyphens), so it never clashes with a page."""


class Escaping(enum.Enum):
    """How a value is made safe for where its slot's marker stands."""

    TEXT = "text"
    """Plain text, HTML-escaped with quotes: safe in text and in quoted attributes."""
    MARKUP = "markup"
    """Markup made by Etulinja's own templates (which escape what they print): must be
    ``Markup``, and its marker must stand outside any tag."""
    ADDRESS = "address"
    """A page's id inside addresses: only lowercase letters, digits and hyphens."""


@dataclass(frozen=True)
class Slot:
    """One place in the frame that each page fills with its own part."""

    name: str
    marker: str
    escaping: Escaping
    count: int | None = None
    """How many times the frame holds the marker; None: at least once."""


SLOTS: tuple[Slot, ...] = (
    Slot("id", FRAME_ID, Escaping.ADDRESS),
    Slot("title", "etulinja-slot-title-d41c", Escaping.TEXT),
    Slot("description", "etulinja-slot-description-d41c", Escaping.TEXT),
    Slot("head", "<!--etulinja:slot:head-->", Escaping.MARKUP, 1),
    Slot("content", "<!--etulinja:slot:content-->", Escaping.MARKUP, 1),
    Slot("county_first", "<!--etulinja:slot:county-first-->", Escaping.MARKUP, 1),
    Slot("county_all", "<!--etulinja:slot:county-all-->", Escaping.MARKUP, 1),
)
"""The frame contract: what a frame page holds, and how each part is filled."""
MARKER_PARTS = ("etulinja-slot-", "etulinja:slot:", FRAME_ID)
"""Every marker holds one of these (a test checks): frames.py tests a value for them
before it looks for whole markers."""


def slot_markers() -> dict[str, Markup]:
    """What templates print for each slot (``etulinja.slots``): the frame's markers."""
    return {slot.name: Markup(slot.marker) for slot in SLOTS}




def marker(name: str) -> str:
    """The marker of the slot called ``name``."""
    return next(slot.marker for slot in SLOTS if slot.name == name)
