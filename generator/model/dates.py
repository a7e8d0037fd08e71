"""Dates as pages, feeds and calendars write them: English month names, whatever the machine's locale."""

from __future__ import annotations

from typing import Any

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


def when(moment: Any) -> str:
    """14 March 2026 (English month names whatever the machine's locale)."""
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def closes(moment: Any) -> str:
    """14 March 2026 at 23:59: a closing time as every page, feed and calendar gives it."""
    return f"{when(moment)} at {moment:%H:%M}"
