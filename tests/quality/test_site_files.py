"""Every page of the built site, not samples: valid HTML, no broken internal link, and
phone links that ring the number they show.

Invalid HTML is what assistive technology trips over first (browsers repair it, each
its own way); a broken link strands a reader; a wrong tel: target in a crisis is the
worst defect this site could have.
"""

from __future__ import annotations

from pathlib import Path

from tests.quality.gate import broken_anchors, broken_links, tel_problems, vnu_errors


def test_every_page_is_valid_html(site: Path, gate_tools: None) -> None:
    errors = vnu_errors(site)
    assert not errors, f"{len(errors)} Nu Html Checker error(s):\n" + "\n".join(errors[:60])


def test_no_internal_link_is_broken(site: Path, served_site: str) -> None:
    """From each language's home page and each 404 page (the pages no link leads to)."""
    starts = ["", "sv/", "en/", "404.html", "sv/404.html", "en/404.html"]
    broken = broken_links(served_site, starts)
    assert not broken, f"{len(broken)} broken internal link(s):\n" + "\n".join(broken[:60])


def test_no_link_points_to_a_missing_place_on_a_page(site: Path) -> None:
    broken = broken_anchors(site)
    assert not broken, f"{len(broken)} link(s) to a missing #id:\n" + "\n".join(broken[:60])


def test_phone_links_are_dialable_and_ring_the_number_shown(site: Path) -> None:
    problems = tel_problems(site)
    assert not problems, "\n".join(problems[:60])
