"""Layouts of pasted adverts made readable line by line: run-together facts split, "Band 4: £…" and "Deadline 21 Mar 2026" labelled."""

from __future__ import annotations

import re

from generator.authoring.labels import LABELS

# A date as adverts print it: "Tue 3 Feb 2026", "12th of January 2026", "20/08/2025", "2026-03-14". No nested repeats,
# so a search along a megabyte line takes linear time.
DATE_TEXT = re.compile(
    r"(?:\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?\b(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+"
    r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(\d{4})\b"
    r"|\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b",
    re.IGNORECASE,
)
# "Location: LeedsJob Type: Fixed termPay Band: 5": NHS Jobs' summary copied with no breaks. Longest labels first, so
# that "Pay Band" is found before "Band"; the alternatives are literals, so the search is linear in the line's length.
RUN_TOGETHER = re.compile(
    "(?:" + "|".join(re.escape(k).replace(r"\ ", r"\s?") for k in sorted(LABELS, key=len, reverse=True)) + r")\s*:",
    re.IGNORECASE,
)
BAND_AND_PAY = re.compile(r"^\s*((?:NHS\s+)?(?:AfC\s+)?Band\s*\d[a-dA-D]?)\s*[:|,–—-]\s*(£.*)$")
# A date label printed without its colon: "Deadline 21 Mar 2026", "PUBLISHED TUE 3 FEB 2026", "Closes 14/03/2026".
DATE_LABEL = re.compile(
    r"^\s*(deadline|closing date|closes|closing|apply by|published|published on|posted|posted on|date posted|date published|"
    r"expires|expiry date)\s+(?=\S)",
    re.IGNORECASE,
)
DATE_FACT = {"published": "Date posted", "published on": "Date posted", "posted": "Date posted", "posted on": "Date posted",
             "date posted": "Date posted", "date published": "Date posted"}
# "£13.20 an hour", "From £13.03 an hour - Part-time": pay on a line of its own, as boards print it under the title.
PAY_LINE = re.compile(r"^(?:from |up to )?£\d[\d,.]*(?:k\b)?", re.IGNORECASE)
PAY_WORDS = re.compile(r"\b(?:year|annum|hour|week|month|day|pa|ph)\b|£[\d,.]+\s*(?:-|–|to)\s*£", re.IGNORECASE)
LONGEST_SPLIT = 2000  # a line longer than this is prose or junk, never a run of facts


def split_run_together(line: str) -> list[str]:
    """A line of several "Label: value" facts with no breaks between them, as one line for each."""
    if len(line) > LONGEST_SPLIT or line.count(":") < 2:
        return [line]
    # Only a label glued to the value before it ("LeedsJob Type:") starts a fact: "Nurse Salary: …" stays one value.
    starts = [m.start() for m in RUN_TOGETHER.finditer(line)
              if line[m.start()].isupper() and (m.start() == 0 or not line[m.start() - 1].isspace())]
    if len(starts) < 2 or line[: starts[0]].strip(" -•·*"):
        return [line]
    return [line[a:b].strip() for a, b in zip(starts, starts[1:] + [len(line)])]


def labelled(line: str) -> list[str]:
    """A line that states a fact without its label's colon, written with it; any other line as it is."""
    band = BAND_AND_PAY.match(line)
    if band:
        return [f"Band: {band.group(1)}", f"Salary: {band.group(2)}"]
    if PAY_LINE.match(line.strip()) and len(line) <= 100 and not line.rstrip().endswith(".") and PAY_WORDS.search(line):
        parts = line.strip().split(" - ")
        kept = [parts[0]] + [p for p in (parts[1:2] if len(parts) > 1 and re.search(r"\d", parts[1]) else [])]
        return [f"Salary: {' - '.join(kept)}"]
    label = DATE_LABEL.match(line)
    if label and len(line) < 80:
        rest = line[label.end():].lstrip(" :-–")
        found = DATE_TEXT.search(rest)
        if found and found.start() == 0:
            name = DATE_FACT.get(" ".join(label.group(1).lower().split()), "Closing date")
            return [f"{name}: {rest}"]
    return [line]


def unfold(lines: list[str]) -> list[str]:
    """The pasted lines with run-together facts split and unlabelled dates and pay labelled."""
    out: list[str] = []
    last = ""
    for line in lines:
        for part in split_run_together(line):
            # A value under its label ("Salary", then "£24,937 …") is left for the label to take.
            after_label = " ".join(last.lower().strip(" :-•*").split()) in LABELS
            out.extend([part] if after_label else labelled(part))
            last = part if part.strip() else last
    return out
