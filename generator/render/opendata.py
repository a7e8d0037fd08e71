"""Open data: the open vacancies as /vacancies.json (schema.org JobPosting objects, with its JSON Schema) and /vacancies.csv."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any, Callable

from generator.cache.fingerprint import digest
from generator.config.licence import Licence
from generator.index.site import Entry
from generator.model.jobposting import EMPLOYMENT_TYPES, UNIT_TEXT
from generator.model.urls import Urls
from generator.render.jsonld import posting, script_json

JSON_FILE, SCHEMA_FILE, CSV_FILE = "vacancies.json", "vacancies.schema.json", "vacancies.csv"
OPEN_DATA = (JSON_FILE, SCHEMA_FILE, CSV_FILE)
# Named after NHSBSA's open data vacancy extracts (JOB_REFERENCE, EMPLOYER_NAME, …), in lower case; the README explains each.
COLUMNS = ("job_reference", "employer_name", "job_title", "staff_group", "pay_band", "salary_range_min", "salary_range_max",
           "salary_time_unit", "contract_type", "working_pattern", "postcode", "published_date", "closing_date",
           "closing_time", "url", "contract_length")
# A cell starting with one of these is a formula to a spreadsheet (OWASP, "CSV Injection"): advert text must stay text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "  # between the working patterns, or the postcodes of an advert with several places


def cell(value: str) -> str:
    """Text a spreadsheet shows as it is: a leading apostrophe on anything it would read as a formula."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _amount(amount: Decimal | None) -> str:
    """31049 or 12.45: plain digits, never an exponent."""
    return "" if amount is None else format(amount.normalize(), "f")


def csv_row(entry: Entry, url: str) -> list[str]:
    """One open vacancy as the CSV's cells, in COLUMNS order."""
    v = entry.vacancy
    pay = v.salary if v.salary and (v.salary.minimum is not None or v.salary.maximum is not None) else None
    values = [
        v.reference, v.trust.name, v.title, v.staff_group or "", v.band.name,
        _amount(pay.minimum) if pay else "", _amount(pay.maximum) if pay else "", (pay.period or "year") if pay else "",
        v.contract or "", LIST_SEPARATOR.join(v.working_pattern),
        LIST_SEPARATOR.join(place.postcode for place in v.locations if place.postcode),
        entry.published.date().isoformat(), v.closing.date().isoformat(), f"{v.closing:%H:%M}", url,
        v.contract_detail or "",  # last, so that a reader that counts columns still finds the others where they were
    ]
    return [cell(value) for value in values]


def vacancies_csv(entries: tuple[Entry, ...], urls: Urls) -> bytes:
    """Every open vacancy as a row under a header, quoted by the csv module (RFC 4180, CRLF line ends, UTF-8)."""
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(COLUMNS)
    writer.writerows(csv_row(e, urls.absolute(f"vacancies/{e.vacancy.slug}/")) for e in entries)
    return text.getvalue().encode("utf-8")


def vacancies_json(entries: tuple[Entry, ...], urls: Urls, body: Callable[[Entry], str]) -> bytes:
    """An array of the open vacancies' JobPosting objects, one a line, the same as their pages' but for Google's location rule."""
    if not entries:
        return b"[]\n"
    # A line at a time: at 10,000 adverts the file is tens of megabytes, and is never held more than once.
    data = bytearray(b"[\n")
    for number, entry in enumerate(entries):
        # Escaped as for a <script> element too: a browser that sniffs the file as HTML finds no markup in it.
        line = script_json(posting(entry, urls.absolute(f"vacancies/{entry.vacancy.slug}/"), body(entry)))
        data += b",\n" if number else b""
        data += line.encode("utf-8")
    data += b"\n]\n"
    return bytes(data)


def _text(description: str) -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "description": description}


def _const(value: str) -> dict[str, Any]:
    return {"const": value}


def _place() -> dict[str, Any]:
    """A jobLocation's Place: where it is, with at least one part beside the country."""
    address = {
        "type": "object", "additionalProperties": False, "required": ["@type", "addressCountry"],
        "properties": {"@type": _const("PostalAddress"), "streetAddress": _text("Street address"),
                       "addressLocality": _text("Town or city"), "postalCode": _text("UK postcode, as in ME16 9NW"),
                       "addressCountry": _const("GB")},
        "anyOf": [{"required": [part]} for part in ("streetAddress", "addressLocality", "postalCode")],
    }
    return {"type": "object", "additionalProperties": False, "required": ["@type", "address"],
            "properties": {"@type": _const("Place"), "name": _text("The building or service"), "address": address}}


def _salary() -> dict[str, Any]:
    number = {"type": "number", "minimum": 0}
    value = {
        "type": "object", "additionalProperties": False, "required": ["@type", "unitText"],
        "properties": {"@type": _const("QuantitativeValue"), "unitText": {"enum": sorted(set(UNIT_TEXT.values()))},
                       "minValue": number, "maxValue": number},
        "anyOf": [{"required": ["minValue"]}, {"required": ["maxValue"]}],
    }
    return {"type": "object", "additionalProperties": False, "required": ["@type", "currency", "value"],
            "properties": {"@type": _const("MonetaryAmount"), "currency": _const("GBP"), "value": value}}


def _posting() -> dict[str, Any]:
    """The JobPosting objects jsonld.posting makes, property by property."""
    organisation = {"type": "object", "additionalProperties": False, "required": ["@type", "name"],
                    "properties": {"@type": _const("Organization"), "name": _text("The employer (trust)"),
                                   "sameAs": {"type": "string", "format": "uri"}, "url": {"type": "string", "format": "uri"}}}
    identifier = {"type": "object", "additionalProperties": False, "required": ["@type", "name", "value"],
                  "properties": {"@type": _const("PropertyValue"), "name": _text("The employer"),
                                 "value": _text("The employer's own job reference")}}
    kinds = sorted({kind for _, kind in EMPLOYMENT_TYPES})
    properties = {
        "@context": _const("https://schema.org/"), "@type": _const("JobPosting"),
        "title": _text("The job title"), "description": _text("The advert's text as HTML, or a one-line summary when it has none"),
        "datePosted": {"type": "string", "format": "date", "description": "When the employer posted it, else when it was added here"},
        "validThrough": {"type": "string", "format": "date-time", "description": "The closing time, with its UK offset"},
        "hiringOrganization": organisation, "identifier": identifier,
        "url": {"type": "string", "format": "uri", "description": "The vacancy's page"},
        "directApply": {"type": "boolean", "description": "Whether candidates apply on this site itself"},
        "jobLocation": {"oneOf": [{"$ref": "#/$defs/place"}, {"type": "array", "minItems": 2, "items": {"$ref": "#/$defs/place"}}]},
        "baseSalary": _salary(),
        "employmentType": {"type": "array", "minItems": 1, "uniqueItems": True, "items": {"enum": kinds}},
    }
    required = ["@context", "@type", "title", "description", "datePosted", "validThrough", "hiringOrganization",
                "identifier", "url", "directApply"]
    return {"type": "object", "additionalProperties": False, "required": required, "properties": properties}


def schema_json(schema_url: str, title: str, licence: Licence) -> bytes:
    """The JSON Schema (draft 2020-12) of vacancies.json, stating the data's licence."""
    terms = f"{licence.name} ({licence.url})" if licence.url else licence.name
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_url,
        "title": f"{title}: open vacancies",
        "description": f"The open vacancies as an array of schema.org JobPosting objects, one per vacancy, closing soonest "
                       f"first. Published under the {terms}.",
        "type": "array",
        "items": {"$ref": "#/$defs/jobPosting"},
        "$defs": {"jobPosting": _posting(), "place": _place()},
    }
    return (json.dumps(schema, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def file_keys(base: str, fields: list[Any], body_keys: list[str]) -> dict[str, str]:
    """Each file's key: the schema depends on the settings alone, the CSV on the open adverts' fields, the JSON on their texts too."""
    return {SCHEMA_FILE: digest(base, SCHEMA_FILE), CSV_FILE: digest(base, CSV_FILE, fields),
            JSON_FILE: digest(base, JSON_FILE, fields, body_keys)}


def open_file(rel: str, entries: tuple[Entry, ...], urls: Urls, title: str, licence: Licence,
              body: Callable[[Entry], str]) -> bytes:
    """One of the open data files (FILES), for the open vacancies in the index's order."""
    if rel == JSON_FILE:
        return vacancies_json(entries, urls, body)
    if rel == SCHEMA_FILE:
        return schema_json(urls.absolute(SCHEMA_FILE), title, licence)
    return vacancies_csv(entries, urls)
