"""An advert page saved from a browser: its schema.org JobPosting data (JSON-LD or microdata) and its visible text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import extruct
from lxml import etree, html

from generator.authoring.pagetext import heading, main_part, parse_page, visible_lines
from generator.authoring.posting import Posting, posting_facts


class NotAPage(ValueError):
    """The file is not a web page that can be read."""


@dataclass(frozen=True)
class SavedPage:
    """What a saved page says: its JobPosting facts (empty when it has none), its heading, its text, and its own address."""

    posting: Posting
    heading: str | None
    lines: tuple[str, ...]
    canonical: str | None


MAX_TITLE = 300  # a heading longer than this is no job title
# Nesting in JSON-LD beyond this is no job posting's; the search for one stops there.
MAX_DEPTH = 12


def _postings(item: Any, depth: int = 0) -> list[dict[str, Any]]:
    """Every JobPosting object in extracted data, inside @graph lists and wrappers too."""
    if depth > MAX_DEPTH:
        return []
    if isinstance(item, list):
        return [found for part in item for found in _postings(part, depth + 1)]
    if not isinstance(item, dict):
        return []
    kinds = item.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if any(isinstance(kind, str) and kind.rsplit("/", 1)[-1] == "JobPosting" for kind in kinds):
        return [item]
    return [found for key in ("@graph", "mainEntity", "itemListElement", "item") for found in _postings(item.get(key), depth + 1)]


def _canonical(root: html.HtmlElement) -> str | None:
    """The page's own address from `<link rel="canonical">`, when it gives an absolute one."""
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        href = (link.get("href") or "").strip()
        if "canonical" in rel and href.lower().startswith(("https://", "http://")):
            return href
    return None


def read_page(raw: bytes) -> SavedPage:
    """Read a saved page's JobPosting data, JSON-LD first, then microdata, and its visible text."""
    try:
        root = parse_page(raw)
    except (etree.ParserError, ValueError) as exc:
        raise NotAPage(f"is not a web page that can be read ({exc})") from None
    data = extruct.extract(root, syntaxes=["json-ld", "microdata"], uniform=True, errors="ignore")
    found = _postings(data.get("json-ld", [])) + _postings(data.get("microdata", []))
    posting = posting_facts(found[0]) if found else Posting()
    part = main_part(root)
    title = heading(part)
    text = " ".join(title.text_content().split()) if title is not None else ""
    return SavedPage(posting, text[:MAX_TITLE] or None, tuple(visible_lines(part, skip=title)), _canonical(root))


def looks_like_page(name: str, raw: bytes) -> bool:
    """Whether a file is a saved web page rather than pasted text: by its name, else by how it starts."""
    if name.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    start = raw[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html", b"<?xml version")) and b"<html" in raw[:4096].lower()
