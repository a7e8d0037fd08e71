#!/usr/bin/env python3
"""Derive generator/data/places.tsv, the place search's table, from GeoNames' GB postal code file.

Usage: scripts/places.py [GB.txt] [OUT]   (defaults: ../shared/data/geonames/GB.txt, generator/data/places.tsv)

Each UK outcode (ME16) and each place name (maidstone) becomes one lowercase key with a latitude and
longitude rounded to 3 decimals. A name found in several counties takes the county where it has the
most outcodes (Newport: the Welsh city, not the Isle of Wight town), averaged over them.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "data" / "geonames" / "GB.txt"
TARGET = ROOT / "generator" / "data" / "places.tsv"
HEADER = """# Place search table: UK postcode districts (outcodes) and place names, with latitude and longitude.
# Source: GeoNames postal codes for GB (download.geonames.org/export/zip/), via symerio/postal-codes-data.
# Licence: Creative Commons Attribution 4.0 (CC BY 4.0), https://creativecommons.org/licenses/by/4.0/
# Credit: "Place data from GeoNames (geonames.org), CC BY 4.0".
# Derived by scripts/places.py on {today}. Columns: key (lowercase), latitude, longitude.
"""


def mean(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The average of some points: close enough for the few kilometres an outcode spans."""
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def derive(rows: list[list[str]]) -> dict[str, tuple[float, float]]:
    """Outcode and place name -> point."""
    outcodes: dict[str, list[tuple[float, float]]] = defaultdict(list)
    names: dict[str, dict[str, list[tuple[float, float]]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        point = (float(row[9]), float(row[10]))
        outcodes[row[1].strip().lower()].append(point)
        names[" ".join(row[2].lower().split())][row[5]].append(point)
    table = {code: mean(points) for code, points in outcodes.items()}
    for name, counties in names.items():
        if name and name not in table:
            table[name] = mean(max(counties.values(), key=len))
    return table


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else SOURCE
    target = Path(argv[1]) if len(argv) > 1 else TARGET
    with source.open(encoding="utf-8", newline="") as f:
        rows = [row for row in csv.reader(f, delimiter="\t") if len(row) >= 11]
    table = derive(rows)
    lines = [f"{key}\t{lat:.3f}\t{lon:.3f}\n" for key, (lat, lon) in sorted(table.items())]
    target.write_text(HEADER.format(today=date.today().isoformat()) + "".join(lines), encoding="utf-8")
    print(f"{target}: {len(lines)} places from {len(rows)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
