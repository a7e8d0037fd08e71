"""How much of each real-looking advert `jobboard import` reads: `python benchmarks/import_accuracy.py [--today 2026-01-05]`.

Every advert in tests/import_corpus/<site>/<name>.txt is imported through `generator.importer.import_advert`, and each
fact it wrote is compared with <name>.yaml beside it, which gives the facts the advert states (a key left out means the
advert does not state it, so the importer must not write it). A band the importer inferred from the salary, and said so
in the file, is neither right nor invented. Prints Markdown tables of accuracy by field and by site, with totals.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.authoring.importer import NotAnAdvert, import_advert  # noqa: E402
from generator.config.settings import load_config  # noqa: E402
from generator.model.problems import Problems  # noqa: E402

CORPUS = ROOT / "tests" / "import_corpus"
FIELDS = ("title", "employer", "band", "salary_min", "salary_max", "posted", "closing", "reference", "postcode")
TODAY = date(2026, 1, 5)
DASHES = str.maketrans({"–": "-", "—": "-", "’": "'"})


@dataclass(frozen=True)
class Score:
    """Facts stated, read right, and invented, and adverts refused, for one field, one advert or one site."""

    stated: int = 0
    right: int = 0
    invented: int = 0
    refused: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(self.stated + other.stated, self.right + other.right, self.invented + other.invented,
                     self.refused + other.refused)

    @property
    def accuracy(self) -> float:
        """The share of stated facts read right (1.0 when none is stated)."""
        return self.right / self.stated if self.stated else 1.0


@dataclass(frozen=True)
class Report:
    """Scores by field and by site, and each wrong or invented fact, to show."""

    fields: dict[str, Score] = field(default_factory=lambda: {name: Score() for name in FIELDS})
    sites: dict[str, Score] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    @property
    def total(self) -> Score:
        """Every site's score together."""
        return sum(self.sites.values(), Score())


def _plain(value: object) -> object:
    """A fact as compared: text without case, extra spaces or dash variants; numbers as decimals; dates as dates."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value)).normalize()
    if isinstance(value, date):
        return value
    text = " ".join(str(value).translate(DASHES).split()).casefold()
    try:
        return date.fromisoformat(text[:10]) if len(text) >= 10 and text[4] == "-" and text[7] == "-" else text
    except ValueError:
        return text


def written_facts(file_text: str) -> dict[str, object]:
    """The facts an imported file's front matter gives, under the corpus's names."""
    head = file_text.split("\n---\n", 1)[0].removeprefix("---\n")
    data = yaml.safe_load(head) or {}
    salary = data.get("salary") or {}
    postcode = next((p.get("postcode") for p in data.get("location") or [] if isinstance(p, dict) and p.get("postcode")), None)
    band = data.get("band")
    if band == "Not stated" or "# band inferred" in head:
        band = None  # not stated by the advert, and the file says so
    facts = {"title": data.get("title"), "employer": data.get("trust"), "band": band, "salary_min": salary.get("min"),
             "salary_max": salary.get("max"), "posted": data.get("posted"), "closing": data.get("closing"),
             "reference": data.get("reference"), "postcode": postcode}
    return {key: _plain(value) for key, value in facts.items()}


def score_advert(text: str, expected: dict[str, object], name: str, config, today: date, report: Report) -> Score:
    """Import one advert and count what it got right, wrong and invented."""
    try:
        got = written_facts(import_advert(text, config, today, name).text)
    except NotAnAdvert:
        report.misses.append(f"{name}: refused")
        return Score(stated=len(expected), refused=1)
    score = Score()
    for key in FIELDS:
        want, have = _plain(expected.get(key)), got.get(key)
        if want is None and have is None:
            continue
        this = Score(stated=int(want is not None), right=int(want is not None and want == have), invented=int(want is None))
        if not this.right:
            report.misses.append(f"{name}: {key}: " + (f"expected {want!r}, got {have!r}" if want is not None
                                                      else f"not stated, but wrote {have!r}"))
        report.fields[key] = report.fields[key] + this
        score = score + this
    return score


def score_corpus(corpus: Path = CORPUS, today: date = TODAY) -> Report:
    """Import every advert in the corpus and compare it with its expected facts."""
    problems = Problems()
    config = load_config(ROOT, problems)
    report = Report()
    for advert in sorted(corpus.glob("*/*.txt")):
        expected = yaml.safe_load(advert.with_suffix(".yaml").read_text(encoding="utf-8")) or {}
        site = advert.parent.name
        score = score_advert(advert.read_text(encoding="utf-8"), expected, f"{site}/{advert.name}", config, today, report)
        report.sites[site] = report.sites.get(site, Score()) + score
    return report


def table(report: Report) -> str:
    """The report as Markdown tables: by field, by site, then totals."""
    lines = ["| Field | Stated | Right | Invented | Accuracy |", "| --- | ---: | ---: | ---: | ---: |"]
    lines += [f"| {name} | {s.stated} | {s.right} | {s.invented} | {s.accuracy:.0%} |" for name, s in report.fields.items()]
    lines += ["", "| Site | Adverts | Stated | Right | Invented | Refused | Accuracy |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    counts = Counter(p.parent.name for p in CORPUS.glob("*/*.txt"))
    lines += [f"| {site} | {counts[site]} | {s.stated} | {s.right} | {s.invented} | {s.refused} | {s.accuracy:.0%} |"
              for site, s in sorted(report.sites.items())]
    total = report.total
    lines += ["", f"**Total:** {total.right} of {total.stated} stated facts right ({total.accuracy:.1%}), "
                  f"{total.invented} invented, {total.refused} adverts refused, {sum(counts.values())} adverts from {len(counts)} sites."]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--today", type=date.fromisoformat, default=TODAY, help="the import date (default %(default)s)")
    parser.add_argument("--misses", action="store_true", help="also list each wrong or invented fact")
    args = parser.parse_args()
    report = score_corpus(today=args.today)
    print(table(report))
    if args.misses and report.misses:
        print("\n" + "\n".join(f"- {miss}" for miss in report.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
