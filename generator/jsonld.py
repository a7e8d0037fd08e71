"""schema.org JobPosting data for an open vacancy, as JSON that is safe inside a <script> element."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from generator.site import Entry
from generator.vacancy import Location, Vacancy

UNIT_TEXT = {"year": "YEAR", "month": "MONTH", "week": "WEEK", "day": "DAY", "hour": "HOUR"}
# Google's employmentType values for the words NHS adverts use in working_pattern and contract.
EMPLOYMENT_TYPES = [
    (re.compile(r"\bfull[\s-]?time\b", re.IGNORECASE), "FULL_TIME"),
    (re.compile(r"\bpart[\s-]?time\b", re.IGNORECASE), "PART_TIME"),
    (re.compile(r"\bfixed[\s-]?term\b|\btemporary\b", re.IGNORECASE), "TEMPORARY"),
    (re.compile(r"\bbank\b", re.IGNORECASE), "PER_DIEM"),
]
# Inside <script>, "</script>" or "<!--" in a value would end or confuse the element; JSON lets us escape them.
_UNSAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def _number(amount: Decimal) -> int | float:
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def employment_types(vacancy: Vacancy) -> list[str]:
    """The employment types the working pattern and contract name, in a fixed order."""
    words = [*vacancy.working_pattern, vacancy.contract or ""]
    return [kind for pattern, kind in EMPLOYMENT_TYPES if any(pattern.search(w) for w in words)]


def _place(location: Location) -> dict[str, Any]:
    address: dict[str, Any] = {"@type": "PostalAddress"}
    if location.address:
        address["streetAddress"] = location.address
    if location.town:
        address["addressLocality"] = location.town
    if location.postcode:
        address["postalCode"] = location.postcode
    address["addressCountry"] = "GB"
    place: dict[str, Any] = {"@type": "Place", "address": address}
    if location.site:
        place["name"] = location.site
    return place


def _salary(vacancy: Vacancy) -> dict[str, Any] | None:
    pay = vacancy.salary
    if pay is None or (pay.minimum is None and pay.maximum is None):
        return None
    value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": UNIT_TEXT[pay.period or "year"]}
    if pay.minimum is not None:
        value["minValue"] = _number(pay.minimum)
    if pay.maximum is not None:
        value["maxValue"] = _number(pay.maximum)
    return {"@type": "MonetaryAmount", "currency": "GBP", "value": value}


def job_posting(entry: Entry, url: str, body_html: str) -> dict[str, Any]:
    """The JobPosting for a vacancy page at `url`: only what the advert states, nothing guessed."""
    v = entry.vacancy
    organisation: dict[str, Any] = {"@type": "Organization", "name": v.trust.name}
    if v.trust.website:
        organisation["sameAs"] = v.trust.website
        organisation["url"] = v.trust.website
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": v.title,
        "description": body_html or v.summary,
        "datePosted": entry.published.date().isoformat(),
        "validThrough": v.closing.isoformat(),
        "hiringOrganization": organisation,
        "identifier": {"@type": "PropertyValue", "name": v.trust.name, "value": v.reference},
        "url": url,
    }
    if v.locations:
        places = [_place(place) for place in v.locations]
        data["jobLocation"] = places[0] if len(places) == 1 else places
    salary = _salary(v)
    if salary:
        data["baseSalary"] = salary
    kinds = employment_types(v)
    if kinds:
        data["employmentType"] = kinds
    return data


def script_json(data: dict[str, Any]) -> str:
    """Strict JSON (no NaN) with <, >, & and line separators escaped, to place inside a <script> element."""
    # No indent: json's C encoder only runs without one, and a page's data need not be pretty.
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, sort_keys=False)
    for unsafe, escaped in _UNSAFE:
        text = text.replace(unsafe, escaped)
    return text
