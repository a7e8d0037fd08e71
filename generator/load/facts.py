"""The composite fields of a vacancy file: salary, places, contact, working patterns, contract and aliases."""

from __future__ import annotations

from typing import Any

from generator.load.reader import Reader
from generator.model import patterns
from generator.model.fields import EMAIL, ValueProblem, normalise_postcode, parse_money, parse_period
from generator.model.slug import alias_slug
from generator.model.vacancy import Contact, Location, Salary

SALARY_KEYS = ("min", "max", "period", "note", "text")


LOCATION_KEYS = ("site", "address", "town", "postcode")


CONTACT_KEYS = ("name", "job_title", "email", "phone")


def salary(reader: Reader) -> Salary | None:
    raw = reader.get("salary")
    if raw is None:
        return None
    if isinstance(raw, (str, int, float)) and not isinstance(raw, bool):
        text = reader.text("salary")
        return Salary(text=text) if text else None
    if not isinstance(raw, dict):
        reader.error(("salary",), "expected min, max, period and note (or text), one per line")
        return None
    reader.unknown(("salary",), SALARY_KEYS)
    amounts = {}
    for key in ("min", "max"):
        if raw.get(key) is not None:
            try:
                amounts[key] = parse_money(raw[key])
            except ValueProblem as exc:
                reader.error(("salary", key), str(exc))
    text, note = reader.text("salary", "text"), reader.text("salary", "note")
    if not amounts and not text and reader.ok:
        if raw.get("min") is None and raw.get("max") is None:
            reader.error(("salary",), "give min and max (numbers), or text when the advert states no figures")
        return None
    low, high = amounts.get("min"), amounts.get("max")
    if low is not None and high is not None and low > high:
        reader.error(("salary", "min"), f"min (£{low:,}) is above max (£{high:,})")
    period = None
    if raw.get("period") is not None:
        try:
            period = parse_period(raw["period"])
        except ValueProblem as exc:
            reader.error(("salary", "period"), str(exc))
    elif amounts and min(amounts.values()) < 1000:
        reader.error(("salary", "period"), "give the period (hour, day, week, month or year) for an amount this small")
    elif amounts:
        period = "year"
    return Salary(low, high, period, note, text)


def location(reader: Reader, key: tuple[Any, ...]) -> Location | None:
    raw = reader.get(*key)
    if isinstance(raw, (str, int)) and not isinstance(raw, bool):
        site = reader.text(*key)
        return Location(site=site) if site else None
    if not isinstance(raw, dict):
        reader.error(key, "expected site, address, town and postcode (or a list of such places)")
        return None
    reader.unknown(key, LOCATION_KEYS)
    postcode = reader.text(*key, "postcode")
    if postcode:
        normal = normalise_postcode(postcode)
        if normal is None:
            reader.warn(key + ("postcode",), f'"{postcode}" does not look like a UK postcode')
        postcode = normal or postcode
    place = Location(reader.text(*key, "site"), reader.text(*key, "address"), reader.text(*key, "town"), postcode)
    return place if place.parts else None


def locations(reader: Reader) -> tuple[Location, ...]:
    raw = reader.get("location")
    if raw is None:
        return ()
    keys = [("location", i) for i in range(len(raw))] if isinstance(raw, list) else [("location",)]
    return tuple(place for key in keys if (place := location(reader, key)))


def contact(reader: Reader) -> Contact | None:
    raw = reader.get("contact")
    if raw is None:
        return None
    if not isinstance(raw, dict):
        reader.error(("contact",), "expected name, job_title, email and phone, one per line")
        return None
    reader.unknown(("contact",), CONTACT_KEYS)
    email = reader.text("contact", "email")
    if email:
        email = email.removeprefix("mailto:")
        if not EMAIL.match(email):
            reader.error(("contact", "email"), f'"{email}" is not an e-mail address: give the address alone, '
                                               "such as jane.smith@trust.nhs.uk")
            email = None
    contact = Contact(reader.text("contact", "name"), reader.text("contact", "job_title"), email, reader.text("contact", "phone"))
    return contact if any(vars(contact).values()) else None


def aliases(reader: Reader) -> tuple[str, ...]:
    """The old addresses that redirect to this page, as slugs."""
    raw = reader.get("aliases")
    if raw is None:
        return ()
    found: list[str] = []
    for key in [("aliases", i) for i in range(len(raw))] if isinstance(raw, list) else [("aliases",)]:
        text = reader.text(*key)
        slug = alias_slug(text) if text else None
        if text and slug is None:
            reader.error(key, f'"{text}" is not an old address of a vacancy page: give the part after vacancies/, '
                              "such as staff-nurse-abc-123, or the whole address, such as /vacancies/staff-nurse-abc-123/")
        elif slug and slug not in found:
            found.append(slug)
    return tuple(found)


def working_patterns(reader: Reader) -> tuple[str, ...]:
    raw = reader.get("working_pattern")
    if raw is None:
        return ()
    items = raw if isinstance(raw, list) else [raw]
    found: list[str] = []
    for index, _ in enumerate(items):
        key = ("working_pattern", index) if isinstance(raw, list) else ("working_pattern",)
        text = reader.text(*key)
        if text:
            spelling = patterns.working_pattern(text)
            if not spelling.known:
                reader.warn(key, patterns.advice("working_pattern", spelling))
            if spelling.value not in found:
                found.append(spelling.value)
    return tuple(found)


def contract(reader: Reader) -> dict[str, str | None]:
    """The contract type in its one spelling, and what the advert adds to it (a fixed term's length)."""
    text = reader.text("contract")
    if not text:
        return {"contract": None}
    spelling = patterns.contract(text)
    if not spelling.known:
        reader.warn(("contract",), patterns.advice("contract", spelling))
    return {"contract": spelling.value, "contract_detail": spelling.detail}


