"""The contact a closed advert's page no longer shows once `contact_retention_days` have passed since it closed.

The contact block goes from the page; the advert's own text may name the same person, e-mail or phone, so those
are taken out of the text too. The rest of the advert stays, so links to the page never break.
"""

from __future__ import annotations

import html
import re

from generator.model.vacancy import Contact

REMOVED = "[contact details removed]"
_TAG = re.compile(r"(<[^>]*>)")
_HREF = re.compile(r'\bhref="([^"]*)"', re.IGNORECASE)
SHORTEST_PHONE = 6  # fewer digits than this could be any number in the text, not the phone


def _phone(phone: str) -> re.Pattern[str] | None:
    """The phone's digits however they are spaced, and with +44 for a leading 0 (UK numbers are written both ways)."""
    digits = [c for c in phone if c.isdigit()]
    if phone.lstrip().startswith("+44"):  # +44 1642 …, or +44 (0)1642 …: 01642 … in the UK form
        rest = digits[2:]
        digits = ["0", *(rest[1:] if rest[:1] == ["0"] else rest)]
    if len(digits) < SHORTEST_PHONE:
        return None
    apart = r"[\s().-]*"
    lead = r"(?:0|\+\s*44\s*(?:\(0\)\s*)?)" if digits[0] == "0" else re.escape(digits[0])
    return re.compile(r"(?<![\d+])" + lead + apart + apart.join(digits[1:]) + r"(?!\d)")


def _patterns(contact: Contact) -> list[re.Pattern[str]]:
    """What to take out of the text: the e-mail, the phone and the name."""
    found = []
    if contact.email:
        found.append(re.compile(re.escape(contact.email), re.IGNORECASE))
    if contact.phone and (phone := _phone(contact.phone)):
        found.append(phone)
    if contact.name and contact.name.split():
        found.append(re.compile(r"\b" + r"\s+".join(map(re.escape, contact.name.split())) + r"\b", re.IGNORECASE))
    return found


def _mails_contact(tag: str, email: str | None) -> bool:
    """Whether a tag is a link that writes to the contact's e-mail address."""
    href = _HREF.search(tag) if tag[:2].lower() == "<a" else None
    if not href or not email:
        return False
    target = html.unescape(href.group(1))
    return target[:7].lower() == "mailto:" and target[7:].split("?")[0].casefold() == email.casefold()


def withhold(body_html: str, contact: Contact) -> str:
    """The advert's HTML without the contact's name, e-mail and phone: links to the e-mail lose their link too."""
    patterns = _patterns(contact)
    kept: list[str] = []
    unlinked = False  # inside a link to the contact's e-mail, whose tags are dropped (links do not nest)
    for piece in _TAG.split(body_html):
        if piece.startswith("<"):
            if _mails_contact(piece, contact.email):
                unlinked = True
            elif unlinked and piece[:3].lower() == "</a":
                unlinked = False
            else:
                kept.append(piece)
            continue
        text = html.unescape(piece)
        changed = text
        for pattern in patterns:
            changed = pattern.sub(REMOVED, changed)
        # Only text that changed is escaped again, so the rest keeps the exact bytes it had.
        kept.append(piece if changed == text else html.escape(changed, quote=False))
    return "".join(kept)
