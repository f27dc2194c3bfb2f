"""The frame contract (site/slots.py): a frame that breaks it, or a value that would,
stops the build instead of publishing a page with a slot left in it."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from etulinja.site.frames import SERVICE_PAGES, Frame, FrameError
from etulinja.site.slots import MARKER_PARTS, SLOTS, Escaping, marker


def frame_text(**instead: str) -> str:
    """A frame holding every slot once, where it belongs; ``instead`` replaces a marker."""
    parts = {slot.name: instead.get(slot.name, slot.marker) for slot in SLOTS}
    return (f'<html><head><title>{parts["title"]}</title>'
            f'<meta name="description" content="{parts["description"]}">{parts["head"]}'
            f'<link rel="canonical" href="/catalogue/services/{parts["id"]}/"></head>'
            f'<body><ul>{parts["county_first"]}</ul><ul>{parts["county_all"]}</ul>'
            f'<main>{parts["content"]}</main></body></html>')


VALUES = {"id": "lahti-ipc", "title": "IPC nuorille", "description": "Lyhyt kuvaus",
          "head": Markup('<script type="application/ld+json">{}</script>'),
          "content": Markup("<h1>IPC</h1>"), "county_first": Markup("<li>1</li>"),
          "county_all": Markup("<li>2</li>")}


def test_every_marker_holds_a_part_the_fill_looks_for() -> None:
    assert all(any(part in slot.marker for part in MARKER_PARTS) for slot in SLOTS)


def test_a_whole_frame_is_filled_with_each_value_escaped_as_its_slot_says() -> None:
    page = Frame.parse(frame_text(), SERVICE_PAGES).fill(
        {**VALUES, "title": 'IPC "nuorille" <3 & muut'})
    assert "<title>IPC &quot;nuorille&quot; &lt;3 &amp; muut</title>" in page
    assert 'href="/catalogue/services/lahti-ipc/"' in page
    assert "<main><h1>IPC</h1></main>" in page
    assert "etulinja" not in page


@pytest.mark.parametrize(("name", "instead", "words"), [
    ("content", "", "holds the 'content' slot 0 time(s), not 1 time(s)"),
    ("head", marker("head") * 2, "holds the 'head' slot 2 time(s)"),
    ("title", "", "holds the 'title' slot 0 time(s), not at least once"),
])
def test_a_frame_that_breaks_the_contract_is_refused(name: str, instead: str,
                                                     words: str) -> None:
    with pytest.raises(FrameError, match=words.replace("(", r"\(").replace(")", r"\)")):
        Frame.parse(frame_text(**{name: instead}), SERVICE_PAGES)


def test_a_markup_slot_inside_a_tag_is_refused() -> None:
    text = frame_text().replace('<main>', f'<main data-x="{marker("content")}">').replace(
        f'<main data-x="{marker("content")}">{marker("content")}', f'<main data-x="{marker("content")}">')
    with pytest.raises(FrameError, match="inside a tag"):
        Frame.parse(text, SERVICE_PAGES)


@pytest.mark.parametrize(("name", "value", "words"), [
    ("content", "<h1>not markup</h1>", "takes markup"),
    ("id", "../elsewhere", "cannot stand in an address"),
    ("title", f"Otsikko {marker('title')}", "holds the marker of the 'title' slot"),
    ("content", Markup(f"<p>{marker('county_all')}</p>"), "holds the marker"),
])
def test_a_value_that_would_break_the_page_is_refused(name: str, value: str,
                                                      words: str) -> None:
    frame = Frame.parse(frame_text(), SERVICE_PAGES)
    with pytest.raises(FrameError, match=words):
        frame.fill({**VALUES, name: value})


def test_escaping_is_declared_for_every_slot() -> None:
    assert {slot.escaping for slot in SLOTS} == set(Escaping)
