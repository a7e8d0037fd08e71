"""The example values `jobboard new` writes into a draft, which a published advert must never carry."""

from __future__ import annotations

import re

TITLE = "New vacancy"  # the title `new` writes when it is given none
CONTACT = {"name": "Jane Smith", "email": "jane.smith@example.nhs.uk", "phone": "01234 567890"}
LOCATION = {"site": "Example House", "address": "1 Example Street"}
REFERENCE = "CHANGE-ME"  # the start of the reference `new` makes up when none is given
BODY = ("Write the advert here, in Markdown.", "One duty per line", "A criterion")
# The domains kept for examples (RFC 2606's, and the one `new` writes), in an e-mail address or a web address.
DOMAIN = re.compile(r"(?:^|@|^www\.)example\.(?:com|org|net|nhs\.uk)$", re.IGNORECASE)


def is_example_text(field: str, value: str) -> bool:
    """Whether a contact or location part, or the reference, still holds its example."""
    part = field.rsplit(".", 1)[-1]
    if field == "reference":
        return value.upper().startswith(REFERENCE)
    if field == "title":
        return value.strip().casefold() == TITLE.casefold()
    if field.startswith("contact.") and part == "email":
        return bool(DOMAIN.search(value.strip()))
    if field.startswith("contact.") and part == "phone":
        return re.sub(r"\D", "", value) == re.sub(r"\D", "", CONTACT["phone"])
    examples = CONTACT if field.startswith("contact.") else LOCATION if field.startswith("location") else {}
    return examples.get(part, "").casefold() == value.strip().casefold() != ""
