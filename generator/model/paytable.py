"""Agenda for Change pay tables, kept as data with their source, for reading a band off a salary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

import yaml

from generator import DATA

TABLES = DATA / "afc_pay.yaml"
HCAS_WORDS = ("hcas", "high cost area", "high-cost area", "london weighting", "inner london", "outer london", "fringe")


@dataclass(frozen=True)
class Inference:
    """A band read off a salary, and the sum that shows it."""

    band: str
    pay_year: str
    reason: str


@cache
def _tables() -> dict:
    return yaml.safe_load(TABLES.read_text(encoding="utf-8"))["pay_years"]


def pay_year(day: date) -> str | None:
    """The pay year ("2025/26") a date falls in, if the tables have it."""
    for name, year in _tables().items():
        if year["effective_from"] <= day <= year["effective_to"]:
            return name
    return None


def _pounds(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _with_supplement(pay: int, zone: dict) -> Decimal:
    supplement = min(max(Decimal(pay) * Decimal(zone["percent"]) / 100, Decimal(zone["min"])), Decimal(zone["max"]))
    return _pounds(Decimal(pay) + supplement)


def infer_band(low: Decimal, high: Decimal, day: date, note: str) -> Inference | None:
    """The one band whose range is exactly low–high in the pay year of `day`, or is once a stated HCAS is taken off."""
    name = pay_year(day)
    if name is None:
        return None
    year = _tables()[name]
    hcas = any(word in note.lower() for word in HCAS_WORDS)
    found: dict[str, str] = {}
    for band, pay in year["bands"].items():
        if band == "Band 1":  # closed to new staff, and paid at the Band 2 rate, so it never identifies a post
            continue
        if (Decimal(pay["entry"]), Decimal(pay["top"])) == (low, high):
            found[band] = f"£{low:,} to £{high:,} is exactly {band} in the {name} Agenda for Change pay table"
        elif hcas:
            for zone_name, zone in year["hcas"].items():
                if zone_name in ("source", "confirmed"):
                    continue
                if (_with_supplement(pay["entry"], zone), _with_supplement(pay["top"], zone)) == (low, high):
                    found[band] = (f"£{low:,} to £{high:,} is {band} in the {name} pay table (£{pay['entry']:,} to £{pay['top']:,}) "
                                   f"plus the {zone_name.replace('_', ' ')} high cost area supplement "
                                   f"({zone['percent']}%, at least £{zone['min']:,}, at most £{zone['max']:,})")
    if len(found) != 1:
        return None
    band, reason = next(iter(found.items()))
    return Inference(band, name, reason)
