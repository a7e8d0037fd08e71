"""schema.org JobPosting data for an open vacancy (its page and the open data), checked against Google's rules, as safe JSON."""

from __future__ import annotations

import json
from typing import Any

from generator.index.site import Entry
from generator.model.jobposting import gaps, vacancy_posting

# Inside <script>, "</script>" or "<!--" in a value would end or confuse the element; JSON lets us escape them.
_UNSAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def posting(entry: Entry, url: str, body_html: str) -> dict[str, Any]:
    """The JobPosting of an entry as the open data gives it, whether or not Google would accept it."""
    return vacancy_posting(entry.vacancy, entry.published.date(), url, body_html or entry.vacancy.summary)


def job_posting(entry: Entry, url: str, body_html: str) -> dict[str, Any] | None:
    """The JobPosting for a vacancy page, or None when Google's rules would reject it (no place, no markup)."""
    data = posting(entry, url, body_html)
    return None if gaps(data) else data


def script_json(data: Any) -> str:
    """Strict JSON (no NaN) with <, >, & and line separators escaped, to place inside a <script> element."""
    # No indent: json's C encoder only runs without one, and a page's data need not be pretty.
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, sort_keys=False)
    for unsafe, escaped in _UNSAFE:
        text = text.replace(unsafe, escaped)
    return text
