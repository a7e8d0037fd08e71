"""The NHS Jobs search XML (`<nhsJobs>` holding `<vacancyDetails>`), read with defusedxml, as advert text the importer reads."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax import SAXException, SAXParseException
from xml.sax.handler import ContentHandler
from xml.sax.xmlreader import Locator

import defusedxml
import defusedxml.sax

from generator.authoring.pagetext import fragment_lines
from generator.authoring.posting import date_text

ROOT, ADVERT = "nhsJobs", "vacancyDetails"
# Each field of an advert, with the label the text importer reads it under.
LABELS = (("title", "Job title"), ("employer", "Employer"), ("salary", "Salary"), ("reference", "Reference number"),
          ("postDate", "Date posted"), ("closeDate", "Closing date"), ("type", "Contract type"))
MAX_DEPTH = 64  # an NHS Jobs feed is four elements deep; far deeper is an attack on the reader, not an advert
MAX_ADVERT = 1_000_000  # characters in one advert: a description is a few thousand


class FeedError(ValueError):
    """The file is not an NHS Jobs feed that can be read safely; the message says why, and the line where there is one."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class FeedAdvert:
    """One `<vacancyDetails>`: the line it starts on, its fields by name, and its places."""

    line: int
    fields: tuple[tuple[str, str], ...]
    locations: tuple[str, ...]

    def get(self, name: str) -> str:
        """A field's text, with its spaces collapsed ("" when the advert has none)."""
        return " ".join(dict(self.fields).get(name, "").split())


class _Reader(ContentHandler):
    """Collects each advert's fields as the parser streams through the file."""

    def __init__(self) -> None:
        super().__init__()
        self.locator: Locator | None = None
        self.adverts: list[FeedAdvert] = []
        self.names: list[str] = []
        self.texts: list[list[str]] = []
        self.advert: dict[str, str] | None = None
        self.places: list[str] = []
        self.start = self.size = 0

    def setDocumentLocator(self, locator: Locator) -> None:
        """Keep the parser's place in the file, to name the line of each advert and mistake."""
        self.locator = locator

    def _line(self) -> int:
        """The line the parser has reached."""
        return self.locator.getLineNumber() if self.locator else 0

    def startElement(self, name: str, attrs: object) -> None:
        """Open an element: an advert starts a new set of fields."""
        name = name.rsplit(":", 1)[-1]
        if not self.names and name != ROOT:
            raise FeedError(self._line(), f"is not an NHS Jobs feed: its root element is <{name}>, not <{ROOT}>")
        if len(self.names) >= MAX_DEPTH:
            raise FeedError(self._line(), f"nests elements more than {MAX_DEPTH} deep, which no NHS Jobs feed does")
        if name == ADVERT:
            self.advert, self.places, self.start, self.size = {}, [], self._line(), 0
        self.names.append(name)
        self.texts.append([])

    def characters(self, content: str) -> None:
        """Text inside an advert, kept for the element it is in."""
        if self.advert is not None and self.texts:
            self.texts[-1].append(content)
            self.size += len(content)
            if self.size > MAX_ADVERT:
                raise FeedError(self._line(), f"has an advert longer than {MAX_ADVERT:,} characters, which no advert is")

    def endElement(self, name: str) -> None:
        """Close an element: its text becomes a field, a place, or part of its parent's text."""
        name, text = self.names.pop(), "".join(self.texts.pop())
        if name == ADVERT and self.advert is not None:
            self.adverts.append(FeedAdvert(self.start, tuple(self.advert.items()), tuple(self.places)))
            self.advert = None
        elif self.advert is not None and self.names and self.names[-1] == ADVERT:
            self.advert[name] = text
        elif self.advert is not None and name == "location" and self.names[-1:] == ["locations"]:
            self.places.append(" ".join(text.split()))
        elif self.advert is not None and self.texts:
            self.texts[-1].append(f"\n{text}\n")  # markup inside a description: its text, block by block


def looks_like_feed(raw: bytes) -> bool:
    """Whether a file is an NHS Jobs feed: its root element, near its start, is `<nhsJobs>`."""
    return f"<{ROOT.lower()}".encode() in raw[:4096].lower()


def read_feed(raw: bytes) -> list[FeedAdvert]:
    """Every advert in the feed; a DTD, an entity or an external reference is refused before anything is read."""
    reader = _Reader()
    try:
        defusedxml.sax.parseString(raw, reader, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except defusedxml.DTDForbidden:
        raise FeedError(1, "declares a DTD (<!DOCTYPE …>), which an NHS Jobs feed never does; "
                           "it is refused, since a DTD can define entities that expand without end") from None
    except (defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden):
        raise FeedError(1, "defines entities or refers to outside files, which an NHS Jobs feed never does; it is refused") from None
    except SAXParseException as exc:
        raise FeedError(exc.getLineNumber(), f"is not well-formed XML: {exc.getMessage()}") from None
    except SAXException as exc:
        raise FeedError(1, f"could not be read as XML: {exc.getMessage()}") from None
    return reader.adverts


def advert_text(advert: FeedAdvert) -> str:
    """The advert as "Label: value" lines, then its description, for the text importer."""
    lines = []
    for name, label in LABELS:
        value = advert.get(name) or (advert.get("id") if name == "reference" else "")
        if name in ("postDate", "closeDate"):
            value = date_text(value) or ""
        if value:
            lines.append(f"{label}: {value.replace('|', '/')}")
    lines += [f"Location: {place.replace('|', '/')}" for place in advert.locations if place]
    description = dict(advert.fields).get("description", "")
    return "\n".join(lines) + "\n\n" + "\n".join(fragment_lines(description.strip())) + "\n"
