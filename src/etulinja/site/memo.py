"""What a long-running ``etulinja serve`` remembers between rebuilds, so that an edit to one
service costs the work of one service.

``mkdocs serve`` rebuilds the whole site after every save. With a national catalogue that
meant validating 10,000 service files, laying out 30,000 service records, comparing
30,000 files on disk and filling 30,000 pages into the frame, all to change one page.
The serve process keeps one ``Memo``: each step looks up what it did last time and redoes
only the items whose inputs changed. Every key holds *all* an item's inputs (a service
file's bytes, the organisation and region files, the date, the settings), so a reused
result is exactly what recomputing would give; tests check that an incremental assembly
equals a cold one.

``etulinja build`` and ``etulinja check`` never use a memo: a cold build computes
everything, so nothing remembered can make a published site differ from its sources.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def digest(data: bytes) -> bytes:
    """A short content digest: 16 bytes of BLAKE2b, fast and collision-safe for our use."""
    return hashlib.blake2b(data, digest_size=16).digest()


@dataclass
class Memo:
    """One serve process's results from its last rebuild, by step."""

    services: dict[Path, tuple[tuple[Any, ...], Any]] = field(default_factory=dict)
    """Service file -> (its inputs, its validated data and problems)."""
    records: dict[str, tuple[tuple[Any, ...], dict[str, bytes]]] = field(default_factory=dict)
    """Service id -> (its inputs, its page records in every language)."""
    written: dict[Path, dict[str, tuple[bytes, int, int]]] = field(default_factory=dict)
    """Assembled tree -> relative path -> (content, size, mtime_ns) as written."""
    filled: dict[Path, tuple[bytes, dict[str, tuple[int, int]]]] = field(default_factory=dict)
    """Framed pages' folder -> (digest of the frame, our templates and their strings,
    page id -> its record's (size, mtime_ns)), stored once every page is written."""
    kinds: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    """Language -> the kinds of framed page (``frames.FrameKind``) last filled in it: a
    kind gone since (a path's last variation removed) has its pages removed."""
    catalogue_pages: tuple[tuple[Any, ...], dict[str, Any]] | None = None
    """(inputs, pages): the catalogue home, county and municipality pages."""
    warm: bool = False
    """True once an assembly has filled the memo: until then a rebuild assembles in full
    even when the tree on disk is current, or the first edit would redo everything."""
