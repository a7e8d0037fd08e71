"""The checked vacancy and the parts it is made of."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from generator.model.band import Band
from generator.model.dates import closes
from generator.model.fields import money
from generator.model.patterns import shown
from generator.model.trust import Trust

PERIOD_WORDS = {"year": "a year", "month": "a month", "week": "a week", "day": "a day", "hour": "an hour"}


@dataclass(frozen=True)
class Salary:
    """Pay as the advert states it: a range with its period and note, or only text."""

    minimum: Decimal | None = None
    maximum: Decimal | None = None
    period: str | None = None
    note: str | None = None
    text: str | None = None

    def __str__(self) -> str:
        if self.minimum is not None and self.maximum is not None and self.minimum != self.maximum:
            amount: str | None = f"{money(self.minimum)} to {money(self.maximum)}"
        elif self.minimum is not None:
            amount = money(self.minimum)
        elif self.maximum is not None:
            amount = f"up to {money(self.maximum)}"
        else:
            amount = None
        figures = (self.text or "") if amount is None else f"{amount} {PERIOD_WORDS[self.period or 'year']}"
        if amount is not None and self.text:
            figures = f"{figures} ({self.text})"
        return f"{figures}, {self.note}" if self.note else figures


@dataclass(frozen=True)
class Location:
    """One place of work."""

    site: str | None = None
    address: str | None = None
    town: str | None = None
    postcode: str | None = None

    @property
    def parts(self) -> tuple[str, ...]:
        """The stated parts, most specific first."""
        return tuple(p for p in (self.site, self.address, self.town, self.postcode) if p)

    def __str__(self) -> str:
        return ", ".join(self.parts)


@dataclass(frozen=True)
class Contact:
    """Who to ask about the post."""

    name: str | None = None
    job_title: str | None = None
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class Vacancy:
    """One advert, checked and with every value in its final form."""

    source: str
    title: str
    trust: Trust
    band: Band
    reference: str
    slug: str
    body_key: str  # the rendered advert text is looked up by this key, so the index never holds every body
    closing: datetime
    closing_stated: bool
    posted: date | None = None
    added: date | None = None
    interview: date | None = None
    interview_time: time | None = None
    salary: Salary | None = None
    hours: str | None = None
    working_pattern: tuple[str, ...] = ()
    contract: str | None = None  # in its one spelling ("Fixed term"), which filters and open data group by
    contract_detail: str | None = None  # what the advert adds to it, such as a fixed term's length ("12 months")
    locations: tuple[Location, ...] = ()
    staff_group: str | None = None
    contact: Contact | None = None
    apply_url: str | None = None
    draft: bool = False
    aliases: tuple[str, ...] = ()  # old addresses (slugs) that redirect to this page

    @property
    def contract_shown(self) -> str | None:
        """The contract as the advert page shows it: "Fixed term: 12 months"."""
        return shown(self.contract, self.contract_detail) if self.contract else None

    @property
    def summary(self) -> str:
        """Trust, band, salary and closing date in one line, for feeds and cards."""
        parts = [self.trust.name, self.band.name]
        if self.salary:
            parts.append(str(self.salary))
        parts.append(f"Closes {closes(self.closing)}")
        return " · ".join(parts)
