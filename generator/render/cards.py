"""A vacancy as pages show it: its card in listings, its facts as a summary list, and its contact block."""

from __future__ import annotations

from typing import Any

from generator.index.site import Entry
from generator.model.dates import when
from generator.model.urls import Urls
from generator.model.vacancy import Vacancy


def card(urls: Urls, entry: Entry) -> dict[str, Any]:
    """A vacancy as a listing shows it."""
    v = entry.vacancy
    closing_date = f"{when(v.closing)} at {v.closing:%H:%M}"
    return {
        "title": v.title,
        "url": urls.path(f"vacancies/{v.slug}/"),
        "trust": {"name": v.trust.name, "url": urls.path(f"trusts/{v.trust.slug}/")},
        "band": {"name": v.band.name, "url": urls.path(f"bands/{v.band.slug}/")},
        "salary": str(v.salary) if v.salary else None,
        "location": "; ".join(str(place) for place in v.locations) or None,
        "closing": f"{'Closes' if entry.is_open else 'Closed'} {closing_date}",
        "closing_date": closing_date,
        "closing_iso": v.closing.isoformat(),
        "closing_timestamp": int(v.closing.timestamp()),
        "is_open": entry.is_open,
        "closing_soon": entry.closing_soon,
        "reference": v.reference,
        "contract": v.contract,  # in its one spelling, for the search filters; contract_shown adds its length
        "contract_shown": v.contract_shown,
        "working_pattern": list(v.working_pattern),
        "staff_group": v.staff_group,
    }


def facts(urls: Urls, max_open_days: int, entry: Entry) -> list[dict[str, Any]]:
    """Every fact the advert gives, as rows of a summary list."""
    v, u = entry.vacancy, urls
    rows: list[tuple[str, list[dict[str, Any]]]] = [
        ("Employer", [{"text": v.trust.name, "href": u.path(f"trusts/{v.trust.slug}/")}]),
        ("Pay band", [{"text": v.band.name, "href": u.path(f"bands/{v.band.slug}/")}]),
    ]
    optional = [
        ("Salary", [str(v.salary)] if v.salary else []),
        ("Hours", [v.hours] if v.hours else []),
        ("Working pattern", [", ".join(v.working_pattern)] if v.working_pattern else []),
        ("Contract", [v.contract_shown] if v.contract else []),
        ("Location" if len(v.locations) < 2 else "Locations", [str(p) for p in v.locations]),
        ("Staff group", [v.staff_group] if v.staff_group else []),
        ("Reference", [v.reference]),
        ("Date posted", [when(v.posted)] if v.posted else []),
        ("Closing date", [f"{when(v.closing)} at {v.closing:%H:%M}" + ("" if v.closing_stated else
                          f" (the advert gives no closing date, so it closes {max_open_days} days after it was {'posted' if v.posted else 'added'})")]),
        ("Interview date", [when(v.interview) + (f" at {v.interview_time:%H:%M}" if v.interview_time else "")] if v.interview else []),
    ]
    rows += [(label, [{"text": t, "href": None} for t in values]) for label, values in optional if values]
    return [{"label": label, "lines": values} for label, values in rows]


def contact(vacancy: Vacancy) -> dict[str, Any] | None:
    """The contact block, with mailto and tel links."""
    c = vacancy.contact
    if c is None:
        return None
    phone = "".join(ch for ch in (c.phone or "") if ch.isdigit() or ch == "+")
    return {"name": c.name, "job_title": c.job_title, "email": c.email,
            "email_href": f"mailto:{c.email}" if c.email else None,
            "phone": c.phone, "phone_href": f"tel:{phone}" if phone else None}
