"""Comparing folders as a reader of the built site would: by the bytes of each file."""

from __future__ import annotations

import hashlib
from pathlib import Path


def tree_digest(folder: Path) -> dict[str, str]:
    """Each file's path (relative, '/') and the SHA-256 of its bytes: equal digests mean
    a folder was left exactly as it was."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
