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
from typing import Any

import cbor2

MAGIC = b"pagefind_dcd"


class UnknownFormat(ValueError):
    """The bundle is not laid out as this module expects."""


def _unpack(raw: bytes) -> Any:
    data = gzip.decompress(raw)
    if not data.startswith(MAGIC):
        raise UnknownFormat("no pagefind_dcd header")
    return cbor2.loads(data[len(MAGIC):])


def _pack(value: Any) -> bytes:
    return gzip.compress(MAGIC + cbor2.dumps(value), mtime=0)


def _by_name(items: Any) -> list[Any]:
    """A list of lists that each start with a name, sorted by that name."""
    if not isinstance(items, list) or not all(isinstance(i, list) and i and isinstance(i[0], str) for i in items):
        raise UnknownFormat("expected a list of named entries")
    return sorted(items, key=lambda item: item[0])


def _name(prefix: str, data: bytes, length: int) -> str:
    return f"{prefix}_{hashlib.sha256(data).hexdigest()[:length]}"


def _filter_file(raw: bytes) -> bytes:
    """A filter's file, [name, [[value, pages], …]], with its values sorted."""
    name, values, *rest = _unpack(raw)
    return _pack([name, _by_name(values), *rest])


def _meta_file(raw: bytes, renamed: dict[str, str]) -> bytes:
    """The language's meta file with its filter list ([name, file] pairs, the files renamed) and sort list sorted."""
    parts = _unpack(raw)
    if not isinstance(parts, list) or len(parts) < 5:
        raise UnknownFormat("meta has fewer parts than expected")
    parts[3] = [[name, renamed.get(file, file), *rest] for name, file, *rest in _by_name(parts[3])]
    parts[4] = _by_name(parts[4])
    return _pack(parts)


def canonical(files: dict[str, bytes]) -> dict[str, bytes]:
    """The bundle (paths relative to it) with every shuffled list sorted and the files renamed to match."""
    try:
        return _canonical(files)
    except (UnknownFormat, cbor2.CBORDecodeError, IndexError, KeyError, OSError, TypeError, ValueError):
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
