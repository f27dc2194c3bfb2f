"""`etulinja serve` remembers its last rebuild (etulinja/memo.py) so that an edit costs
only what it changed. What it remembers must never show: after every kind of edit, the
tree it writes is exactly the tree a cold assembly writes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from etulinja.config import load_config
from etulinja.site.assemble import assemble
from etulinja.site.memo import Memo
from etulinja.sources.problems import ContentError

SERVICE = "catalogue/services/paijat-hame/ph-guided-self-care.yml"
ORGANISATION = "catalogue/organisations/paijat-hame-county.yml"


def _replace(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, (relative, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _same_as_cold(root: Path) -> None:
    """A cold assembly of the same sources finds nothing to change."""
    report = assemble(load_config(root), force=True)
    assert report.written_paths == [] and report.deleted == 0, report.written_paths


EDITS: dict[str, Callable[[Path], None]] = {
    "service description": lambda root: _replace(
        root, SERVICE, "programmet i egen takt.", "programmet i din egen takt."),
    "service summary, shown in listings": lambda root: _replace(
        root, SERVICE, "vid lindrig depression och ångest.", "vid lindrig nedstämdhet."),
    "provider's name": lambda root: _replace(
        root, ORGANISATION, "Päijänne-Tavastlands välfärdsområde", "Päijänne-Tavastland"),
    "service removed": lambda root: (root / SERVICE).unlink(),
    "service added": lambda root: (root / SERVICE.replace(
        "ph-guided-self-care", "ph-guided-self-care-copy")).write_bytes(
            (root / SERVICE).read_bytes()),
}


@pytest.mark.parametrize("edit", EDITS)
def test_remembered_assembly_after_an_edit_equals_a_cold_one(catalogue_portal: Path,
                                                             edit: str) -> None:
    config = load_config(catalogue_portal)
    memo = Memo()
    assert assemble(config, memo=memo).written > 0
    EDITS[edit](catalogue_portal)
    report = assemble(config, memo=memo)
    assert not report.skipped
    _same_as_cold(catalogue_portal)
    if edit == "service description":
        # The description is on the service's own page only: one record is rewritten.
        assert report.written_paths == ["_services/sv/ph-guided-self-care.json"]


def test_a_warm_memo_still_assembles_once_in_full(catalogue_portal: Path) -> None:
    """The first rebuild of `etulinja serve` must fill the memo even when the tree on
    disk is already current, or the first edit would redo everything."""
    config = load_config(catalogue_portal)
    assemble(config)
    memo = Memo()
    assert not assemble(config, memo=memo).skipped
    assert memo.warm and memo.services and memo.records
    assert assemble(config, memo=memo).skipped


def test_a_broken_edit_is_reported_and_the_fix_is_picked_up(catalogue_portal: Path) -> None:
    config = load_config(catalogue_portal)
    memo = Memo()
    assemble(config, memo=memo)
    _replace(catalogue_portal, SERVICE, "status: active", "status: open")
    with pytest.raises(ContentError) as failure:
        assemble(config, memo=memo)
    assert f"{SERVICE}:" in str(failure.value)
    _replace(catalogue_portal, SERVICE, "status: open", "status: active")
    _replace(catalogue_portal, SERVICE, "programmet i egen takt.", "programmet i din takt.")
    report = assemble(config, memo=memo)
    assert report.written_paths == ["_services/sv/ph-guided-self-care.json"]
    _same_as_cold(catalogue_portal)
