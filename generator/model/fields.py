"""Parsers for the values editors type: UK dates, money, pay periods, postcodes."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d %b %Y")
TIME_FORMATS = ("%H:%M", "%H:%M:%S", "%H.%M")
PERIODS = {
    "year": ("year", "yearly", "annual", "annually", "annum", "per annum", "a year", "pa", "p.a.", "per year"),
    "month": ("month", "monthly", "a month", "per month", "pcm"),
    "week": ("week", "weekly", "a week", "per week"),
    "day": ("day", "daily", "a day", "per day"),
    "hour": ("hour", "hourly", "an hour", "per hour", "ph"),
}
_WEEKDAY = re.compile(r"^((?:mon|tue|wed|thu|fri|sat|sun)[a-z]*),?\s+", re.IGNORECASE)
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_NUMERIC = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4})$")
_ORDINAL = re.compile(r"(?<=\d)(st|nd|rd|th)\b", re.IGNORECASE)
_SPLIT = re.compile(r"^(.*?\d{4}|\d{4}-\d{2}-\d{2})(?:[T ]|\s+at\s+)(\d{1,2}[:.]\d{2}(?::\d{2})?)$", re.IGNORECASE)
POSTCODE = re.compile(r"^(GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})$")
# A bare address: the name part holds no ?, &, =, % or # that a mailto: link would read as its own parameters.
EMAIL = re.compile(r"^[A-Za-z0-9._+'-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")


class ValueProblem(ValueError):
    """A value that cannot be read; the message says what was expected."""


def _date(text: str) -> date:
    if _ISO.fullmatch(text):
        # The usual form, read as strptime's "%Y-%m-%d" reads it, in a fraction of the time; an impossible day falls
        # through, for the message below.
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    stated_day = _WEEKDAY.match(text)
    plain = _ORDINAL.sub("", _WEEKDAY.sub("", text, count=1)).strip()
    for fmt in DATE_FORMATS:
        try:
            day = datetime.strptime(plain, fmt).date()
        except ValueError:
            continue
        if stated_day and day.strftime("%a").lower()[:3] != stated_day.group(1).lower()[:3]:
            raise ValueProblem(f"{day.day} {day:%B %Y} is a {day:%A}, not a {stated_day.group(1)}")
        return day
    if _NUMERIC.match(plain):
        raise ValueProblem(f'"{text}" is not a day in the calendar (dates are day first: 14/03/2026 is 14 March)')
    raise ValueProblem(f'expected a date like 2026-03-14 or 14/03/2026, got "{text}"')


def parse_date(value: object) -> date:
    """A calendar date from ISO, UK day-first or written-out text."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueProblem(f"expected a date like 2026-03-14, got {value!r}")
    text = " ".join(value.split())
    if _SPLIT.match(text):
        raise ValueProblem(f'expected a date without a time, like 2026-03-14, got "{text}"')
    return _date(text)


def parse_date_time(value: object) -> tuple[date, time | None]:
    """A date with an optional time of day ("2026-03-14 17:00", "14/03/2026 23:59")."""
    if isinstance(value, datetime):
        return value.date(), value.time()
    if isinstance(value, date):
        return value, None
    if not isinstance(value, str):
        raise ValueProblem(f"expected a date like 2026-03-14 or a date and time like 2026-03-14 17:00, got {value!r}")
    text = " ".join(value.split())
    match = _SPLIT.match(text)
    if not match:
        return _date(text), None
    day = _date(match.group(1))
    for fmt in TIME_FORMATS:
        try:
            return day, datetime.strptime(match.group(2), fmt).time()
        except ValueError:
            continue
    raise ValueProblem(f'expected a time of day like 17:00 after the date, got "{match.group(2)}"')


def parse_money(value: object) -> Decimal:
    """An amount in pounds from a number or text such as "£24,937" or "12.45"."""
    if isinstance(value, bool) or value is None:
        raise ValueProblem(f"expected an amount in pounds such as 24937, got {value!r}")
    text = str(value).strip().removeprefix("£").replace(",", "").strip()
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueProblem(f'expected an amount in pounds such as 24937, got "{value}"') from None
    if not amount.is_finite() or amount <= 0:
        raise ValueProblem(f"expected an amount above £0, got {value!r}")
    if amount >= 10_000_000:
        raise ValueProblem(f"£{value} is not a plausible salary")
    return amount


def parse_period(value: object) -> str:
    """The pay period: year, month, week, day or hour."""
    text = " ".join(str(value).lower().split())
    for period, words in PERIODS.items():
        if text in words:
            return period
    raise ValueProblem(f'expected year, month, week, day or hour, got "{value}"')


def normalise_postcode(text: str) -> str | None:
    """A UK postcode in capitals with its single space, or None when it is not one."""
    squashed = "".join(text.upper().split())
    if len(squashed) < 5 or not POSTCODE.match(squashed):
        return None
    return f"{squashed[:-3]} {squashed[-3:]}"


def money(amount: Decimal) -> str:
    """£24,937 or £12.45."""
    if amount == amount.to_integral_value():
        return f"£{int(amount):,}"
    return f"£{amount:,.2f}"


_AMOUNT = re.compile(r"£\s?(\d{1,3}(?:,\d{3})+|\d+)(\.\d{1,2})?\s*(k\b)?", re.IGNORECASE)
_RANGE_JOIN = re.compile(r"^\s*(?:-|–|—|to|and)\s*$", re.IGNORECASE)
_PERIOD_PHRASES = [
    (re.compile(r"\b(?:per annum|a year|per year|p\.?a\.?|yearly|annually|annual|pro rata per annum)\b", re.IGNORECASE), "year"),
    (re.compile(r"\b(?:per hour|an hour|hourly|p/?h)\b", re.IGNORECASE), "hour"),
    (re.compile(r"\b(?:per month|a month|monthly|pcm)\b", re.IGNORECASE), "month"),
    (re.compile(r"\b(?:per week|a week|weekly)\b", re.IGNORECASE), "week"),
    (re.compile(r"\b(?:per day|a day|daily|per session)\b", re.IGNORECASE), "day"),
]


MAX_DIGITS = 9


def parse_salary_text(text: str) -> tuple[Decimal | None, Decimal | None, str | None, str]:
    """Min, max, period and the remaining note from advert text such as "£24,937 - £26,598 per annum, pro rata"."""
    # An "amount" of more than nine digits is no salary (a million nines would overflow the arithmetic): not read.
    amounts = [m for m in _AMOUNT.finditer(text) if sum(c.isdigit() for c in m.group(1)) <= MAX_DIGITS]
    if not amounts:
        return None, None, None, text.strip()
    values = [Decimal(m.group(1).replace(",", "") + (m.group(2) or "")) * (1000 if m.group(3) else 1) for m in amounts]
    low, high = values[0], values[0]
    cut = [(amounts[0].start(), amounts[0].end())]
    if len(amounts) > 1 and _RANGE_JOIN.match(text[amounts[0].end():amounts[1].start()]):
        high = values[1]
        cut = [(amounts[0].start(), amounts[1].end())]
    rest = text[: cut[0][0]] + " " + text[cut[0][1]:]
    period = None
    for pattern, name in _PERIOD_PHRASES:
        if pattern.search(rest):
            period = period or name
            rest = pattern.sub(" ", rest)
    note = " ".join(rest.split()).strip(" ,;-–")
    if note.startswith("(") and ")" in note:
        inner, after = note[1:].split(")", 1)
        if "(" not in inner and (not after.strip() or after.lstrip().startswith(",")):
            note = (inner + after).strip(" ,")
    return low, high, period, note
