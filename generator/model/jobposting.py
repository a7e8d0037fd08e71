"""A vacancy as schema.org JobPosting data, and the properties Google's job search requires that it lacks."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from generator.model.vacancy import Location, Vacancy

UNIT_TEXT = {"year": "YEAR", "month": "MONTH", "week": "WEEK", "day": "DAY", "hour": "HOUR"}


# Google's employmentType values for the words NHS adverts use in working_pattern and contract.
EMPLOYMENT_TYPES = [
    (re.compile(r"\bfull[\s-]?time\b", re.IGNORECASE), "FULL_TIME"),
    (re.compile(r"\bpart[\s-]?time\b", re.IGNORECASE), "PART_TIME"),
    (re.compile(r"\bfixed[\s-]?term\b|\btemporary\b", re.IGNORECASE), "TEMPORARY"),
    (re.compile(r"\bbank\b", re.IGNORECASE), "PER_DIEM"),
]


# Google's required JobPosting properties (validThrough, only recommended, is always given).
REQUIRED = ("title", "description", "datePosted", "hiringOrganization", "jobLocation")


ADDRESS_PARTS = ("streetAddress", "addressLocality", "addressRegion", "postalCode")


def _number(amount: Decimal) -> int | float:
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def employment_types(vacancy: Vacancy) -> list[str]:
    """The employment types the working pattern and contract name, in a fixed order."""
    words = [*vacancy.working_pattern, vacancy.contract or ""]
    return [kind for pattern, kind in EMPLOYMENT_TYPES if any(pattern.search(w) for w in words)]


def locatable(location: Location) -> bool:
    """Whether a place says where it is (a street, town or postcode), as Google's jobLocation needs, not only a building's name."""
    return bool(location.address or location.town or location.postcode)


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


def direct_apply(apply_url: str | None, page_url: str) -> bool:
    """Whether candidates apply on this site itself: only when `apply_url` is on the page's own host."""
    if not apply_url:
        return False  # the advert says how to apply elsewhere (or not at all): not here
    own = urlsplit(page_url).hostname
    return own is not None and urlsplit(apply_url).hostname == own


def vacancy_posting(vacancy: Vacancy, posted: date, url: str, description: str) -> dict[str, Any]:
    """The JobPosting for a vacancy at `url`: only what the advert states, nothing guessed.

    jobLocation lists only the places that say where they are; with none, the result breaks Google's rules (see gaps).
    """
    v = vacancy
    organisation: dict[str, Any] = {"@type": "Organization", "name": v.trust.name}
    if v.trust.website:
        organisation["sameAs"] = v.trust.website
        organisation["url"] = v.trust.website
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": v.title,
        "description": description,
        "datePosted": posted.isoformat(),
        "validThrough": v.closing.isoformat(),
        "hiringOrganization": organisation,
        "identifier": {"@type": "PropertyValue", "name": v.trust.name, "value": v.reference},
        "url": url,
        "directApply": direct_apply(v.apply_url, url),
    }
    places = [_place(place) for place in v.locations if locatable(place)]
    if places:
        data["jobLocation"] = places[0] if len(places) == 1 else places
    salary = _salary(v)
    if salary:
        data["baseSalary"] = salary
    kinds = employment_types(v)
    if kinds:
        data["employmentType"] = kinds
    return data


def gaps(data: dict[str, Any]) -> list[tuple[str, str]]:
    """Each of Google's required properties that JobPosting data lacks, as (property, what is wrong)."""
    found = [(name, "is missing or empty") for name in REQUIRED if not data.get(name)]
    if not (data.get("hiringOrganization") or {}).get("name"):
        found.append(("hiringOrganization.name", "is missing or empty"))
    given = data.get("jobLocation")
    places = given if isinstance(given, list) else [given] if given else []
    for number, place in enumerate(places):
        address = place.get("address") or {}
        if not address.get("addressCountry") or not any(address.get(part) for part in ADDRESS_PARTS):
            found.append((f"jobLocation[{number}].address", "needs addressCountry and a street, town, region or postcode"))
    return found


