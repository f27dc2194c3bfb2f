"""One safe way to read an editor's file as text.

Editors' mistakes must become problems at a file and line, never tracebacks: a folder
named ``x.fi.md``, a link left pointing nowhere, a file saved as Windows-1252 or UTF-16
from a spreadsheet, or a 300 MB export dropped into the content tree. Every loader reads
through here so that each of these gets the same plain message wherever it happens.
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

from etulinja.sources.problems import Problems

MAX_SOURCE_BYTES = 1_000_000
"""The largest content file read (1 MB). The largest real one is under 10 kB; the limit
keeps a stray export or log file from stalling a build or exhausting memory."""


def read_source(
    path: Path, problems: Problems, *, max_bytes: int = MAX_SOURCE_BYTES
) -> str | None:
    """The text of ``path``, or None after adding a problem for the editor.

    Never raises for an editor's mistake. The text has no byte order mark and only
    ``\\n`` line ends, so line numbers are the same whichever editor saved the file.
    """
    raw = read_source_bytes(path, problems, max_bytes=max_bytes)
    return None if raw is None else decode_source(raw, path, problems, max_bytes=max_bytes)


def read_source_bytes(
    path: Path, problems: Problems, *, max_bytes: int = MAX_SOURCE_BYTES
) -> bytes | None:
    """The bytes of ``path``, or None after adding a problem (whole file, line 0).

    For callers that digest the bytes they parse (the catalogue's memo); they then
    pass the bytes to ``decode_source``.
    """
    try:
        info = path.stat()  # follows links: what would be read
    except FileNotFoundError:
        if path.is_symlink():
            problems.error(
                path, 0, f"is a link to '{os.readlink(path)}', which does not exist; "
                "fix or remove the link"
            )
        else:
            problems.error(path, 0, "does not exist (was it moved or deleted during the build?)")
        return None
    except OSError as error:
        problems.error(path, 0, f"cannot be read: {error.strerror or error}")
        return None
    if stat.S_ISDIR(info.st_mode):
        rename = f": a folder name must not end in '{path.suffix}'" if path.suffix else ""
        problems.error(path, 0, f"is a folder, not a file{rename}; rename or remove it")
        return None
    if not stat.S_ISREG(info.st_mode):  # a pipe would block the build forever
        problems.error(path, 0, "is not an ordinary file (a device, pipe or socket); remove it")
        return None
    if info.st_size > max_bytes:
        problems.error(path, 0, _too_large(info.st_size, max_bytes))
        return None
    try:
        with path.open("rb") as stream:
            raw = stream.read(max_bytes + 1)  # the file may grow after stat()
    except PermissionError:
        problems.error(path, 0, "cannot be read (permission denied); make it readable")
        return None
    except OSError as error:
        problems.error(path, 0, f"cannot be read: {error.strerror or error}")
        return None
    if len(raw) > max_bytes:
        problems.error(path, 0, _too_large(len(raw), max_bytes))
        return None
    return raw


def decode_source(
    raw: bytes, path: Path, problems: Problems, *, max_bytes: int = MAX_SOURCE_BYTES
) -> str | None:
    """``raw`` as text, checked as ``read_source`` checks a file; None after a problem.

    UTF-8 only, since that is what the site is served as; the problem names the line of
    the first byte that is not UTF-8, which is where an editor's Latin-1 "ä" usually is.
    """
    if len(raw) > max_bytes:
        problems.error(path, 0, _too_large(len(raw), max_bytes))
        return None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        problems.error(path, 0, "the file is UTF-16 text; save it as UTF-8")
        return None
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.error(path, _line_at(raw, error.start), _not_utf8(raw[error.start]))
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _line_at(raw: bytes, offset: int) -> int:
    """The 1-based line of byte ``offset``, counting ``\\r\\n``, ``\\n`` and ``\\r`` as ends."""
    before = raw[:offset]
    return before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1


def _not_utf8(byte: int) -> str:
    guess = bytes([byte]).decode("cp1252", errors="replace")
    hint = f" (in Windows-1252 it is '{guess}')" if guess.isprintable() and byte >= 0xA0 else ""
    return (
        f"the file is not UTF-8 text: byte 0x{byte:02X} on this line is not UTF-8{hint}; "
        "save the file as UTF-8"
    )


def _size(count: int) -> str:
    for unit, scale in (("MB", 1_000_000), ("kB", 1_000)):
        if count >= scale:
            return f"{count / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{count} bytes"


def _too_large(size: int, limit: int) -> str:
    shown, allowed = _size(size), _size(limit)
    if shown == allowed:  # 1.04 MB would read as "1 MB; at most 1 MB"
        shown, allowed = f"{size:,} bytes", f"{limit:,} bytes"
    return f"is {shown}; a content file may be at most {allowed}, so split it into smaller files"
