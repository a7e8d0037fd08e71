"""Places of work in pasted adverts: address blocks and "Town, POSTCODE", with their spelling checked against the text."""

from __future__ import annotations

import difflib
import re

from generator.authoring.draft import Draft
from generator.authoring.paste import POSTCODE, Clipping
from generator.model.fields import normalise_postcode


def split_place(text: str) -> dict[str, str]:
    """A place from the lines of an address block, or from "Town, POSTCODE"."""
    parts = [p.strip() for p in text.split(" | ")] if " | " in text else [p.strip() for p in text.split(",")]
    parts = [p for p in parts if p]
    place: dict[str, str] = {}
    if parts and normalise_postcode(parts[-1]):
        place["postcode"] = normalise_postcode(parts.pop())
    elif parts and POSTCODE.search(parts[-1]):
        match = POSTCODE.search(parts[-1])
        place["postcode"] = normalise_postcode(match.group(1)) or match.group(1)
        parts[-1] = parts[-1][: match.start()].strip(" ,")
        parts = [p for p in parts if p]
    if parts:
        place["town"] = parts.pop()
    if len(parts) >= 2 or (parts and " | " in text):
        place["site"] = parts.pop(0)
    if parts:
        key = "address" if "site" in place or re.search(r"\d", parts[0]) else "site"
        place[key] = ", ".join(parts)
    return place


def places(clip: Clipping, text: str, draft: Draft) -> list[dict[str, str]]:
    """Every place the advert names, the labelled site, town and postcode first."""
    found = [split_place(value) for value in clip.facts.get("location", [])]
    site, town, postcode = clip.first("site"), clip.first("town"), clip.first("postcode")
    if site or town or postcode:
        named = {k: v for k, v in (("site", site), ("town", town), ("postcode", postcode and normalise_postcode(postcode) or postcode)) if v}
        if not any(named.items() <= p.items() for p in found):
            found.insert(0, named)
    if not found and clip.first("address"):
        found = [split_place(clip.first("address"))]
    # "Location: Leeds" in a summary and the full address further down are one place, not two.
    found = [p for i, p in enumerate(found)
             if not any(i != j and p.items() <= q.items() and (p != q or j < i) for j, q in enumerate(found))]
    for place in found:
        check_spelling(place, text, draft)
    return found


def check_spelling(place: dict[str, str], text: str, draft: Draft) -> None:
    """A place name that the advert's own text spells differently, more than once, is corrected with a warning."""
    words = re.findall(r"\b[A-Z][a-z]{3,}\b", text)
    for key in ("town", "site"):
        for word in re.findall(r"\b[A-Z][a-z]{3,}\b", place.get(key, "")):
            if words.count(word) > 1:
                continue
            better = [w for w in difflib.get_close_matches(word, set(words) - {word}, n=3, cutoff=0.85) if words.count(w) >= 2]
            if better:
                place[key] = re.sub(rf"\b{word}\b", better[0], place[key])
                draft.warn(f"location.{key}", f'the advert\'s field says "{word}" but its text says "{better[0]}" {words.count(better[0])} times; used "{better[0]}"')


def put_places(found: list[dict[str, str]], draft: Draft) -> None:
    """The places as a YAML list under `location:`."""
    if not found:
        return
    draft.lines.append("location:")
    for place in found:
        for number, key in enumerate(k for k in ("site", "address", "town", "postcode") if k in place):
            draft.put(key, place[key], indent="  - " if number == 0 else "    ")
