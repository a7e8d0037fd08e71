"""How a candidate applies: the advert's address as `apply_url`, and the warning when an advert gives no way to apply."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

from generator.model.problems import Problem
from generator.model.urls import check_url
from generator.model.vacancy import Vacancy
from generator.source.frontmatter import Document

MAX_URL = 2000  # longer than any advert's address; a longer one is a trick, not a link
NO_WAY = ("the advert gives no way to apply: no web address, e-mail address or phone number. Add `apply_url:` with the "
          "advert's address, or `email:` or `phone:` under `contact:`")
APPLY_LINE = re.compile(r"(?m)^apply_url\s*:")


def advert_address(url: str | None) -> str | None:
    """The address, when it is a plain http or https one a candidate can follow (None otherwise)."""
    if not url or len(url) > MAX_URL or not url.isprintable() or not check_url(url, ("http", "https")):
        return None
    return None if "@" in urlsplit(url).netloc else url  # user:password@host shows one site and goes to another


def with_apply_url(file_text: str, url: str) -> str:
    """The vacancy file with `apply_url:` added as the front matter's last line, unless it has one already."""
    head, marker, rest = file_text.partition("\n---\n")
    if not marker or not head.startswith("---") or APPLY_LINE.search(head):
        return file_text
    return f"{head}\napply_url: {json.dumps(url, ensure_ascii=False)}{marker}{rest}"


def can_apply(apply_url: Any, contact: Any) -> bool:
    """Whether an advert gives a candidate a web address, an e-mail address or a phone number."""
    if apply_url:
        return True
    return isinstance(contact, dict) and bool(contact.get("email") or contact.get("phone"))


def no_way_to_apply(vacancy: Vacancy, doc: Document, path: str) -> Problem | None:
    """The warning for an advert that gives no way to apply, at its `apply_url`, `contact` or `title` line."""
    contact = vacancy.contact
    if vacancy.apply_url or (contact and (contact.email or contact.phone)):
        return None
    field = next((key for key in ("contact", "title") if key in doc.data), "")
    return Problem(path, doc.line(field) if field else 1, "apply_url", NO_WAY, warning=True)
