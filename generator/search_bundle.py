"""Pagefind's bundle in a fixed order, so that the same site always gives the same bytes.

Pagefind 1.5 writes its filter lists from hash maps whose order changes from run to run: the same
filters, values and pages come out shuffled, under different file names. The bundle's files are gzip
of "pagefind_dcd" and CBOR; this module sorts the shuffled lists by name and renames the files they
are in after their new content. Anything it does not recognise it leaves exactly as Pagefind wrote it.
"""

from __future__ import annotations

import gzip
import hashlib
import json

MAGIC = b"pagefind_dcd"
ARRAY, TEXT = 4, 3


class UnknownFormat(ValueError):
    """The bundle is not laid out as this module expects."""


def _head(data: bytes, at: int) -> tuple[int, int, int]:
    """A CBOR item's major type, its length or value, and where its content starts."""
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        return major, info, at
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
    if size is None:
        raise UnknownFormat("indefinite-length CBOR")
    return major, int.from_bytes(data[at:at + size], "big"), at + size


def _end(data: bytes, at: int) -> int:
    """Where the CBOR item starting at `at` ends."""
    major, value, at = _head(data, at)
    if major in (2, TEXT):
        return at + value
    if major in (ARRAY, 5):
        for _ in range(value * (2 if major == 5 else 1)):
            at = _end(data, at)
    elif major == 6:
        at = _end(data, at)
    return at


def _items(data: bytes, at: int) -> tuple[list[tuple[int, int]], int]:
    """The (start, end) of each item of the array at `at`, and where the array ends."""
    major, count, at = _head(data, at)
    if major != ARRAY:
        raise UnknownFormat("expected an array")
    spans = []
    for _ in range(count):
        end = _end(data, at)
        spans.append((at, end))
        at = end
    return spans, at


def _text(data: bytes, at: int) -> str:
    major, size, at = _head(data, at)
    if major != TEXT:
        raise UnknownFormat("expected text")
    return data[at:at + size].decode("utf-8")


def _array_head(count: int) -> bytes:
    if count < 24:
        return bytes([0x80 | count])
    if count < 256:
        return bytes([0x98, count])
    return bytes([0x99]) + count.to_bytes(2, "big")


def _sorted_by_name(data: bytes, at: int, rename: dict[str, str] | None = None) -> bytes:
    """The array at `at`, whose items are arrays starting with a name, sorted by that name.

    With `rename`, each item is a [name, file] pair whose file is renamed.
    """
    spans, _ = _items(data, at)
    entries = []
    for start, end in spans:
        fields, _ = _items(data, start)
        name = _text(data, fields[0][0])
        raw = data[start:end]
        if rename is not None:
            old = _text(data, fields[1][0])
            new = rename.get(old, old).encode("utf-8")
            raw = data[start:fields[1][0]] + _text_head(len(new)) + new
        entries.append((name, raw))
    return _array_head(len(entries)) + b"".join(raw for _, raw in sorted(entries))


def _text_head(size: int) -> bytes:
    if size < 24:
        return bytes([0x60 | size])
    return bytes([0x78, size])


def _unpack(raw: bytes) -> bytes:
    data = gzip.decompress(raw)
    if not data.startswith(MAGIC):
        raise UnknownFormat("no pagefind_dcd header")
    return data[len(MAGIC):]


def _pack(cbor: bytes) -> bytes:
    return gzip.compress(MAGIC + cbor, mtime=0)


def _name(prefix: str, data: bytes, length: int) -> str:
    return f"{prefix}_{hashlib.sha256(data).hexdigest()[:length]}"


def _filter_file(raw: bytes) -> bytes:
    """A filter's file, [name, [[value, pages], …]], with its values sorted."""
    data = _unpack(raw)
    (name_start, name_end), (values_start, _) = _items(data, 0)[0]
    return _pack(_array_head(2) + data[name_start:name_end] + _sorted_by_name(data, values_start))


def _meta_file(raw: bytes, renamed: dict[str, str]) -> bytes:
    """The language's meta file with its filter list (renamed) and sort list sorted by name."""
    data = _unpack(raw)
    spans, _ = _items(data, 0)
    if len(spans) < 5:
        raise UnknownFormat("meta has fewer parts than expected")
    parts = [data[s:e] for s, e in spans]
    parts[3] = _sorted_by_name(data, spans[3][0], renamed)
    parts[4] = _sorted_by_name(data, spans[4][0])
    return _pack(_array_head(len(parts)) + b"".join(parts))


def canonical(files: dict[str, bytes]) -> dict[str, bytes]:
    """The bundle (paths relative to it) with every shuffled list sorted and the files renamed to match."""
    try:
        return _canonical(files)
    except (UnknownFormat, IndexError, KeyError, OSError, ValueError, UnicodeDecodeError):
        return files  # still a working search, only not byte-identical from run to run


def _canonical(files: dict[str, bytes]) -> dict[str, bytes]:
    out = dict(files)
    renamed: dict[str, str] = {}
    for path in sorted(p for p in files if p.startswith("filter/") and p.endswith(".pf_filter")):
        old = path.removeprefix("filter/").removesuffix(".pf_filter")
        data = _filter_file(files[path])
        new = _name(old.rsplit("_", 1)[0], data, 7)
        renamed[old] = new
        del out[path]
        out[f"filter/{new}.pf_filter"] = data
    entry = json.loads(files["pagefind-entry.json"])
    for language in entry["languages"].values():
        old = language["hash"]
        path = f"pagefind.{old}.pf_meta"
        data = _meta_file(files[path], renamed)
        new = _name(old.rsplit("_", 1)[0], data, 13)
        del out[path]
        out[f"pagefind.{new}.pf_meta"] = data
        language["hash"] = new
    out["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return out
