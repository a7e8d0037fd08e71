"""Dates as editors type them: the quick reading of ISO dates agrees with the general one on every input."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model.fields import DATE_FORMATS, ValueProblem, parse_date, parse_date_time


def slow(text: str) -> date | None:
    """The first of the accepted formats strptime reads the text with, or None."""
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-03-01", date(2026, 3, 1)),
    ("2026-3-1", date(2026, 3, 1)),
    ("01/03/2026", date(2026, 3, 1)),
    ("1 March 2026", date(2026, 3, 1)),
    ("Sunday 1st March 2026", date(2026, 3, 1)),
])
def test_dates_in_every_accepted_form(text: str, expected: date):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01", "0000-01-01", "31/02/2026"])
def test_impossible_days_say_so(text: str):
    with pytest.raises(ValueProblem, match="not a day in the calendar"):
        parse_date(text)


@pytest.mark.parametrize("text", ["20260301", "2026-W09-7", "2026-060", "2026-03-01T09:00"])
def test_other_iso_forms_are_not_dates(text: str):
    """Python 3.11's date.fromisoformat reads these; the editor's date field does not."""
    with pytest.raises(ValueProblem):
        parse_date(text)


@settings(max_examples=1000, deadline=None)
@given(st.from_regex(r"\A[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\Z"))
def test_iso_like_text_reads_as_strptime_reads_it(text: str):
    expected = slow(text)
    if expected is None:
        with pytest.raises(ValueProblem):
            parse_date(text)
    else:
        assert parse_date(text) == expected
        assert parse_date_time(text) == (expected, None)
