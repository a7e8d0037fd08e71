"""What the search page needs to find adverts near a place and by pay: points, grid cells and pay ranges.

The place table (data/places.tsv, from GeoNames under CC BY 4.0, made by scripts/places.py) maps an
outcode (me16) or a place name (maidstone) to a point. Each advert's places become points at build
time; the browser gets the same table split by first letter, so a candidate's place costs one small file.
"""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass
from decimal import Decimal

from generator import DATA
from generator.model.vacancy import Location, Vacancy

TABLE = DATA / "places.tsv"
# The grid the search page filters on before it measures distances: cells of 0.25° of latitude by
# 0.4° of longitude, about 17 by 17 miles in Britain; the browser asks for the cells its circle touches.
CELL_LAT, CELL_LON = 0.25, 0.4
NO_PLACE = "none"  # the cell of an advert whose places are not known, so that a place search can still list it
_OUTCODE = re.compile(r"^([a-z]{1,2}[0-9][0-9a-z]?)\s*(?:[0-9][a-z]{2})?$")
# Annual-equivalent ranges: (filter value, lowest, highest), highest exclusive; None: no limit.
PAY_RANGES = (
    ("Up to £25,000", Decimal(0), Decimal(25000)),
    ("£25,000 to £35,000", Decimal(25000), Decimal(35000)),
    ("£35,000 to £45,000", Decimal(35000), Decimal(45000)),
    ("£45,000 to £60,000", Decimal(45000), Decimal(60000)),
    ("£60,000 and over", Decimal(60000), None),
)
RATE = "Hourly, daily or bank rate"  # kept apart: a rate is not a salary, and annualising it would guess hours
PER_YEAR = {"year": 1, "month": 12, "week": 52}


@dataclass(frozen=True)
class Point:
    """A latitude and longitude in degrees."""

    lat: float
    lon: float

    def __str__(self) -> str:
        return f"{self.lat:.3f},{self.lon:.3f}"

    @property
    def cell(self) -> str:
        """The grid cell this point is in."""
        return f"{math.floor(self.lat / CELL_LAT)}_{math.floor(self.lon / CELL_LON)}"


@functools.cache
def table() -> dict[str, Point]:
    """The place table: lowercase outcode or place name -> point."""
    places: dict[str, Point] = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            key, lat, lon = line.split("\t")
            places[key] = Point(float(lat), float(lon))
    return places


def key(text: str) -> str:
    """A typed place as the table's key: a postcode's outcode, or the name in lowercase with single spaces."""
    words = " ".join(text.lower().replace(",", " ").split())
    postcode = _OUTCODE.match(words)
    return postcode.group(1) if postcode else words


def locate(place: Location) -> Point | None:
    """One place of work as a point: its postcode's outcode, else its town, else None."""
    places = table()
    for text in (place.postcode, place.town):
        if text and (found := places.get(key(text))):
            return found
    return None


def points(vacancy: Vacancy) -> tuple[Point, ...]:
    """The advert's known places as points, each once, in the advert's order."""
    found = (locate(place) for place in vacancy.locations)
    return tuple(dict.fromkeys(p for p in found if p is not None))


def cells(found: tuple[Point, ...]) -> list[str]:
    """The grid cells of an advert's points, or NO_PLACE when none is known."""
    return sorted({p.cell for p in found}) or [NO_PLACE]


def pay_groups(vacancy: Vacancy) -> list[str]:
    """The pay filter's values this advert matches: every annual range its pay overlaps, or the rate group."""
    salary = vacancy.salary
    if salary is None or (salary.minimum is None and salary.maximum is None):
        return []
    if salary.period not in (None, *PER_YEAR) or "bank" in (vacancy.contract or "").lower():
        return [RATE]
    times = PER_YEAR[salary.period or "year"]
    given = [amount for amount in (salary.minimum, salary.maximum) if amount is not None]
    low, high = given[0] * times, given[-1] * times
    return [name for name, lowest, highest in PAY_RANGES if high >= lowest and (highest is None or low < highest)]


def pay_values() -> list[str]:
    """Every pay filter value, lowest pay first and the rates last."""
    return [name for name, _, _ in PAY_RANGES] + [RATE]


def shards() -> list[tuple[str, bytes]]:
    """The place table for the browser, one JSON file per first character: (file name, bytes)."""
    split: dict[str, dict[str, list[float]]] = {}
    for name, point in sorted(table().items()):
        first = name[0] if name[0].isalnum() and name[0].isascii() else "_"
        split.setdefault(first, {})[name] = [round(point.lat, 3), round(point.lon, 3)]
    return [(f"{first}.json", json.dumps(found, separators=(",", ":")).encode("utf-8")) for first, found in sorted(split.items())]
