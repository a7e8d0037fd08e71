"""Google's rules for job postings, and a way to apply, checked where an editor can fix them: each is a warning at its field's line.

Whether an advert is open depends on the clock, and its lines only on its file: so the warnings are made when the file is
read (and cached with it), and the build reports them, with the other problems of the input, only for the adverts open at
its clock (`--strict` makes them errors).
"""

from __future__ import annotations

from datetime import date

from generator.load.applying import no_way_to_apply
from generator.model.jobposting import gaps, vacancy_posting
from generator.model.problems import Problem
from generator.model.vacancy import Vacancy
from generator.source.frontmatter import Document

# Each JobPosting property, and the front matter field it comes from.
FIELDS = {"title": "title", "description": "body", "datePosted": "posted", "hiringOrganization": "trust", "jobLocation": "location"}
UNLISTED = "so search engines such as Google leave the advert out of their job search"


def _location_advice(vacancy: Vacancy) -> str:
    """Why an advert's places give Google no jobLocation, and what to add."""
    if not vacancy.locations:
        return (f"the advert gives no place of work, {UNLISTED}: add `location:` with the town and postcode "
                "(for example `town: Maidstone` and `postcode: ME16 9NW` on the lines under it)")
    names = ", ".join(f'"{place}"' for place in vacancy.locations)
    return (f"gives only the building ({names}), not its town or postcode, {UNLISTED}: write the place as "
            "`site:`, `town:` and `postcode:` on the lines under `location:`")


def warnings(vacancy: Vacancy, doc: Document, path: str) -> tuple[Problem, ...]:
    """A warning for each of Google's required JobPosting properties this advert's data would lack while it is open."""
    # datePosted is never missing: an advert with no date is dated by the clock, which content.py warns about.
    posted = vacancy.posted or vacancy.added or date.min
    data = vacancy_posting(vacancy, posted, "", doc.body.strip() or vacancy.summary)
    found: dict[str, Problem] = {}
    for prop, what in gaps(data):
        name = prop.split(".")[0].split("[")[0]
        field = FIELDS.get(name, name)
        line = doc.body_line if field == "body" else doc.line(field)
        message = _location_advice(vacancy) if field == "location" else f"Google's job search needs {prop}, which {what}"
        found.setdefault(field, Problem(path, line, field, message, warning=True))
    unreachable = no_way_to_apply(vacancy, doc, path)  # like Google's rules, it matters only while candidates can apply
    return tuple(found.values()) + ((unreachable,) if unreachable else ())


