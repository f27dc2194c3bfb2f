"""Pagefind's bundle made the same for the same site: its filter indexes sorted.

Pagefind 1.5.2 writes a filter's values (``type``: article, service, self-care, page) in
hash-map order, which changes from run to run (Pagefind/pagefind#638: "filter/metadata
indexes" still change between builds). The filter file's name is a hash of its bytes and
the language's metadata file names it, and ``pagefind-entry.json`` names that; so one
unordered list changed three files of every language on every build, and a build was no
longer deterministic. Here each filter index is rewritten with its values sorted, renamed
by the hash of its new bytes, and the metadata and entry follow.

The files are gzip-compressed, a signature (``pagefind_dcd``) then CBOR: definite-length
arrays, text and unsigned integers, which is all the small codec below reads and writes.
Anything else means a Pagefind whose format this does not know (its version is pinned):
the indexing fails with that said, rather than publish a bundle nobody checked.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"
FILTER_HASH = 7
"""Hex digits in a filter file's name after the language (``fi_ef6501f``), as Pagefind's."""
META_HASH = 10
"""And in the metadata file's (``fi_d6f34c929a``)."""


class BundleFormatError(ValueError):
    """The bundle is not laid out as Pagefind 1.5.2 lays it out."""


def _decode(data: bytes, at: int) -> tuple[Any, int]:
    head = data[at]
    major, info = head >> 5, head & 31
    at += 1
    if info < 24:
        number = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        number = int.from_bytes(data[at:at + size], "big")
        at += size
    else:
        raise BundleFormatError(f"indefinite or reserved CBOR item at byte {at - 1}")
    if major == 0:
        return number, at
    if major == 3:
        return data[at:at + number].decode("utf-8"), at + number
    if major == 4:
        items = []
        for _ in range(number):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    raise BundleFormatError(f"CBOR major type {major} at byte {at - 1}")


def _head(major: int, number: int) -> bytes:
    if number < 24:
        return bytes([major << 5 | number])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if number < 1 << (8 * size):
            return bytes([major << 5 | info]) + number.to_bytes(size, "big")
    raise BundleFormatError(f"number too large for CBOR: {number}")


def _encode(value: Any) -> bytes:
    if isinstance(value, bool) or not isinstance(value, (int, str, list)):
        raise BundleFormatError(f"cannot write {type(value).__name__} as CBOR here")
    if isinstance(value, int):
        return _head(0, value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    return _head(4, len(value)) + b"".join(_encode(item) for item in value)


def read(path: Path) -> Any:
    """A bundle file's value."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise BundleFormatError(f"{path.name} has no Pagefind signature")
    value, end = _decode(data, len(SIGNATURE))
    if end != len(data):
        raise BundleFormatError(f"{path.name} has {len(data) - end} bytes after its value")
    return value


def _write(folder: Path, stem: str, suffix: str, value: Any, digits: int) -> str:
    """Write ``value`` as ``<stem>_<hash>.<suffix>`` (the same bytes for the same value:
    no time in the gzip header) and return ``<stem>_<hash>``."""
    raw = SIGNATURE + _encode(value)
    name = f"{stem}_{hashlib.sha256(raw).hexdigest()[:digits]}"
    (folder / f"{name}.{suffix}").write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    return name


def sort_filters(bundle: Path) -> None:
    """Rewrite the bundle's filter indexes with their values in order, and the metadata
    and entry files that name them. Unchanged when the bundle has no filters."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for lang, info in entry.get("languages", {}).items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = read(meta_path)
        # [version, pages, index chunks, filters [[name, file]…], sorts, meta fields]
        if not (isinstance(meta, list) and len(meta) == 6 and meta[0] == "1.5.2"
                and isinstance(meta[3], list)):
            raise BundleFormatError(f"{meta_path.name} is not a Pagefind 1.5.2 metadata file")
        filters = meta[3]
        if not filters:
            continue
        for listed in filters:
            if not (isinstance(listed, list) and len(listed) == 2):
                raise BundleFormatError(f"{meta_path.name}: a filter entry is not [name, file]")
            old = bundle / "filter" / f"{listed[1]}.pf_filter"
            index = read(old)
            if not (isinstance(index, list) and len(index) == 2
                    and all(isinstance(v, list) and v and isinstance(v[0], str)
                            for v in index[1])):
                raise BundleFormatError(f"{old.name} is not [filter, [[value, pages]…]]")
            name = _write(old.parent, lang, "pf_filter",
                          [index[0], sorted(index[1], key=lambda v: v[0])], FILTER_HASH)
            if name != listed[1]:
                old.unlink()
                listed[1] = name
        filters.sort(key=lambda listed: listed[0])
        name = _write(bundle, f"pagefind.{lang}", "pf_meta", meta, META_HASH)
        if name != f"pagefind.{info['hash']}":
            meta_path.unlink()
            info["hash"] = name.removeprefix("pagefind.")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, sort_keys=True,
                                     separators=(",", ":")), encoding="utf-8")
