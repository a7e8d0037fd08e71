"""Adverts as editors copy them from 13 sites: the importer reads what each states and invents nothing.

The corpus is tests/import_corpus/<site>/<name>.txt, with <name>.yaml beside each giving the facts the advert states;
benchmarks/import_accuracy.py prints the same comparison as tables.
"""

from __future__ import annotations

import sys

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import import_accuracy  # benchmarks/import_accuracy.py, importable once its folder is on the path  # noqa: E402

CORPUS = ROOT / "tests" / "import_corpus"


@pytest.fixture(scope="module")
def report():
    return import_accuracy.score_corpus(CORPUS)


def test_the_corpus_is_broad():
    adverts = list(CORPUS.glob("*/*.txt"))
    assert len(adverts) >= 30 and len({p.parent.name for p in adverts}) >= 10
    assert all(p.with_suffix(".yaml").is_file() for p in adverts)


def test_almost_every_stated_fact_is_read_right(report):
    total = report.total
    assert total.stated >= 200
    assert total.right / total.stated >= 0.95, "\n".join(report.misses)


def test_no_fact_is_invented_and_no_advert_refused(report):
    assert report.total.invented == 0, "\n".join(report.misses)
    assert report.total.refused == 0, "\n".join(report.misses)


def test_every_field_and_site_is_counted(report):
    assert all(score.stated for score in report.fields.values())
    assert set(report.sites) == {p.parent.name for p in CORPUS.glob("*/*.txt")}
    assert "| Site |" in import_accuracy.table(report)


ISSUE_FACTS = ("title", "employer", "closing")  # the facts the issue found wrong: the trust as title, "Menu", lost dates


@pytest.mark.parametrize("advert", sorted(CORPUS.glob("*/*.txt")), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_each_advert_gets_its_title_employer_and_closing_date(advert, report):
    name = f"{advert.parent.name}/{advert.name}"
    wrong = [miss for miss in report.misses if miss.startswith(f"{name}: ") and miss.split(": ")[1] in ISSUE_FACTS + ("refused",)]
    assert not wrong, wrong
