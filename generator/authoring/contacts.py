"""Ways to apply that a pasted advert gives: its contact block, and an address, e-mail or phone number in its text."""

from __future__ import annotations

import re

from generator.authoring.draft import Draft
from generator.authoring.paste import Clipping
from generator.model.fields import EMAIL

URL = re.compile(r"\bhttps?://[^\s<>\"')\]]{3,300}", re.IGNORECASE)
EMAIL_IN_TEXT = re.compile(r"\b[A-Za-z0-9._+'-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,5}\b")
PHONE = re.compile(r"(?:\+44\s?\(?0?\)?\s?|\b0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b")
APPLY_WORDS = re.compile(r"\bappl(?:y|ication)", re.IGNORECASE)
PHONE_WORDS = re.compile(r"\b(?:tel|telephone|phone|call|ring|contact)\b", re.IGNORECASE)
LONGEST_LINE = 2000  # a longer line is junk, not a sentence giving an address


def _lines(clip: Clipping) -> list[str]:
    return [line.text for line in clip.body if line.text and len(line.text) <= LONGEST_LINE]


def apply_url(clip: Clipping) -> str | None:
    """The address the advert says to apply at: an "Apply online" field, or a link in a sentence about applying."""
    for value in clip.facts.get("apply_url", []):
        found = URL.search(value)
        if found:
            return found.group(0).rstrip(".,;")
    for text in _lines(clip):
        found = URL.search(text)
        if found and APPLY_WORDS.search(text):
            return found.group(0).rstrip(".,;")
    return None


def contact(clip: Clipping, draft: Draft) -> list[tuple[str, str]]:
    """The contact's name, job title, e-mail and phone; an e-mail or phone only in the text is taken from there."""
    found = [(k, clip.first(f"contact.{k}")) for k in ("name", "job_title", "email", "phone")]
    kept = []
    for key, value in found:
        if value and key == "email" and not EMAIL.match(value.removeprefix("mailto:")):
            draft.warn("contact.email", f'"{value}" is not an e-mail address (the page hid it when copied); add it by hand')
            continue
        if value:
            kept.append((key, value.removeprefix("mailto:")))
    named = {key for key, _ in kept}
    lines = _lines(clip)
    if "email" not in named and "contact.email" not in clip.facts:
        email = next((m.group(0) for text in lines for m in [EMAIL_IN_TEXT.search(text)] if m and EMAIL.match(m.group(0))), None)
        if email:
            kept.append(("email", email))
    if "phone" not in named:
        phone = next((m.group(0) for text in lines if PHONE_WORDS.search(text) for m in [PHONE.search(text)] if m), None)
        if phone:
            kept.append(("phone", " ".join(phone.split())))
    return kept
