"""Pay in pasted adverts: the salary's figures, period and note, and the band stated (or, exactly, inferred)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from generator.authoring.draft import Draft
from generator.authoring.paste import Clipping
from generator.model.band import MEDICAL, NON_AFC, NOT_STATED, parse_band
from generator.model.fields import ValueProblem, parse_period, parse_salary_text
from generator.model.paytable import infer_band

MEDICAL_GRADE = re.compile(r"\b(consultant|registrar|specialty doctor|specialist|speciality doctor|foundation year|"
                           r"fy[12]|ct[1-3]|st[1-8]|clinical fellow|salaried gp)\b", re.IGNORECASE)
# "5 (£31,049 - £37,796)", "Band 6 - Nursing": the band comes first, whatever follows it.
BAND_FIRST = re.compile(r"^\s*(?:nhs\s+)?(?:afc\s*:?\s*)?(?:pay\s+)?(?:band\s*)?(9|[1-7]|8\s?[a-d])(?![\d.,])"
                        r"(?!\s*(?:[-/–]|or|to)\s*\d)", re.IGNORECASE)  # "Band 5-6" names no one band
BAND_IN_TEXT = re.compile(r"\bband\s?(9|[1-7]|8\s?[a-d])\b(?![.,]?\d)(?!\s*(?:[-/–]|or|to)\s*\d)", re.IGNORECASE)
TEXT_LINES = 400
LONG_NUMBER = re.compile(r"\d{10}")
NO_FIGURES = ("not specified", "not stated", "n/a", "")

Salary = tuple[Decimal | None, Decimal | None, str | None, str, str | None]


def salary(clip: Clipping, draft: Draft) -> Salary:
    """Min, max, period, note and text; "Not specified" never hides figures given elsewhere (even beside the band)."""
    sources = [("salary", t) for t in clip.facts.get("salary", [])] + [("salary_extra", t) for t in clip.facts.get("salary_extra", [])]
    if not any(parse_salary_text(t)[0] is not None for _, t in sources):
        sources += [("band", t) for t in clip.facts.get("band", []) if "£" in t]
    readings = [(source, parse_salary_text(text), text) for source, text in sources]
    with_figures = [r for r in readings if r[1][0] is not None]
    for _, _, text in readings:
        if LONG_NUMBER.search(text):
            draft.warn("salary", f'"{text[:40]}…" is not an amount jobboard can read (a number {sum(c.isdigit() for c in text):,} '
                                 "digits long); check the salary by hand")
    if len({(r[1][0], r[1][1]) for r in with_figures}) > 1:
        draft.warn("salary", f'the advert gives two salaries: "{with_figures[0][2]}" and "{with_figures[1][2]}"; used the first')
    if not with_figures:
        text = next((t for s, _, t in readings if s != "band" and t.lower() not in NO_FIGURES and not LONG_NUMBER.search(t)), None)
        return None, None, None, "", text
    low, high, period, note = with_figures[0][1]
    if with_figures[0][0] == "band":
        note = ""  # what surrounds figures given beside the band is the band, not a note on the pay
    if clip.first("salary_period"):
        try:
            period = parse_period(clip.first("salary_period"))
        except ValueProblem:
            pass
    return low, high, period or "year", note, None


def stated_band(text: str) -> str | None:
    """The band a band field names, also when something follows it ("5 (£31,049 - £37,796)")."""
    band = parse_band(text)
    if band:
        return band.name
    match = BAND_FIRST.match(text[:200])
    found = parse_band(match.group(1).replace(" ", "")) if match else None
    return found.name if found else None


def band_in_text(clip: Clipping) -> tuple[str, str] | None:
    """The one band the advert's text names ("a band 6 practitioner"), with the line naming it; None for none or several."""
    named: dict[str, str] = {}
    for line in clip.body[:TEXT_LINES]:
        for match in BAND_IN_TEXT.finditer(line.text[:5000]):
            found = parse_band(match.group(1).replace(" ", ""))
            if found:
                named.setdefault(found.name, line.text)
    return next(iter(named.items())) if len(named) == 1 else None


def band(clip: Clipping, pay: Salary, day: date, draft: Draft) -> tuple[str, str | None]:
    """The band the advert states; else one its salary identifies exactly, with a comment; else "Not stated"."""
    scheme = (clip.first("pay_scheme") or "").lower()
    for text in clip.facts.get("band", []):
        name = stated_band(text)
        if name:
            return name, None
        if "medical" in scheme or MEDICAL_GRADE.search(text):
            return MEDICAL, None
        draft.warn("band", f'could not read the band "{text}"')
    if scheme and "medical" in scheme:
        return MEDICAL, None
    if scheme and "agenda" not in scheme and "afc" not in scheme:
        return NON_AFC, None
    in_text = band_in_text(clip)
    if in_text:
        band_name, line = in_text
        draft.warn("band", f'the advert has no band field; took {band_name} from its text ("{line[:80]}"); check it')
        return band_name, None
    low, high, period, note, _ = pay
    if low is not None and high is not None and period == "year":
        inferred = infer_band(low, high, day, note)
        if inferred:
            draft.warn("band", f"the advert states no band; wrote {inferred.band}, inferred from its salary "
                               f"({inferred.reason}): check it against the advert")
            return inferred.band, f"band inferred, not stated in the advert: {inferred.reason}"
    draft.warn("band", f'the advert states no band and its salary does not identify one; wrote "{NOT_STATED}"')
    return NOT_STATED, None


def put_salary(pay: Salary, draft: Draft) -> None:
    """The salary block: figures with period and note, or the advert's words when it gives no figures."""
    low, high, period, note, text = pay
    if low is not None:
        draft.lines.append("salary:")
        draft.put("min", low, indent="  ")
        if high is not None and high != low:
            draft.put("max", high, indent="  ")
        draft.put("period", period, indent="  ")
        if note:
            draft.put("note", note, indent="  ")
    elif text:
        draft.lines.append("salary:")
        draft.put("text", text, indent="  ")
