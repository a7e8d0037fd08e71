"""The build's "now": --now, else SOURCE_DATE_EPOCH, else the current time, in Europe/London."""

from __future__ import annotations

import os
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
LAST_YEAR = 9000  # dates near the year 9999 overflow when a build counts days forward from them


class ClockError(ValueError):
    """The clock given on the command line or in the environment is not a date."""


def parse_now(text: str) -> datetime:
    """An ISO date or date-time as an aware Europe/London time (a bare date is midnight)."""
    try:
        if len(text.strip()) == 10:
            moment = datetime.combine(date.fromisoformat(text.strip()), time(0, 0), LONDON)
        else:
            moment = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise ClockError(f"--now: expected an ISO date or date-time such as 2026-03-14 or 2026-03-14T09:00, got {text!r}") from exc
    if moment.year > LAST_YEAR:
        raise ClockError(f"--now: {text!r} is too far ahead; give a date before the year {LAST_YEAR + 1}")
    if moment.tzinfo is None:
        return moment.replace(tzinfo=LONDON)
    return moment.astimezone(LONDON)


def resolve_now(given: str | None) -> datetime:
    """The clock for this build."""
    if given:
        return parse_now(given)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), timezone.utc).astimezone(LONDON)
        except (ValueError, OverflowError, OSError) as exc:
            raise ClockError(f"SOURCE_DATE_EPOCH: expected whole seconds since 1970, got {epoch!r}") from exc
    return datetime.now(LONDON).replace(microsecond=0)
