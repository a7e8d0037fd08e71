"""Checks across vacancy files: each reference, page address and alias used once, and no trust page taken over."""

from __future__ import annotations

import dataclasses

from generator.load.vacancies import FileRecord
from generator.model.problems import Problems
from generator.model.slug import comparable
from generator.model.vacancy import Vacancy


def _copy(one: Vacancy, other: Vacancy) -> bool:
    """Whether two vacancies differ only in their file (and so the address it gives): one file copied to another."""
    return dataclasses.replace(one, source="", slug="") == dataclasses.replace(other, source="", slug="")


def check_unique(records: list[FileRecord], problems: Problems) -> None:
    found = [(r, r.vacancy) for r in records if r.vacancy is not None]
    for label, keys in (("reference", [comparable(v.reference).casefold() for _, v in found]),
                        ("slug", [v.slug for _, v in found])):
        if len(set(keys)) == len(keys):
            continue
        seen: dict[str, Vacancy] = {}
        for (record, vacancy), key in zip(found, keys):
            other = seen.setdefault(key, vacancy)
            if other is vacancy:
                continue
            if label == "reference" and _copy(vacancy, other):
                what = f"this looks like a copy of {other.source}: the same advert, word for word; delete one of the two files"
            elif label == "reference":
                what = f'reference "{vacancy.reference}" is also used by {other.source}'
            else:
                what = (f"writes the same page, vacancies/{vacancy.slug}/, as {other.source}; "
                        "rename one of the files, or give one a different `slug:`")
            problems.error(vacancy.source, record.reference_line if label == "reference" else record.slug_line, label, what)
    _check_aliases(found, problems)
    _check_trusts(found, problems)


def _check_trusts(found: list[tuple[FileRecord, Vacancy]], problems: Problems) -> None:
    """Two unknown trusts written differently may not share a page: one would take over the other's."""
    first: dict[str, Vacancy] = {}
    for record, vacancy in found:
        if vacancy.trust.known:
            continue
        other = first.setdefault(vacancy.trust.slug, vacancy)
        if other.trust.name != vacancy.trust.name:
            problems.error(vacancy.source, record.trust_line, "trust",
                           f'"{vacancy.trust.name}" would share the page trusts/{vacancy.trust.slug}/ with "{other.trust.name}" '
                           f"in {other.source}: write the name the same way in both, or add the trust to config.yaml")


def _check_aliases(found: list[tuple[FileRecord, Vacancy]], problems: Problems) -> None:
    """Each alias names an address that no page and no other alias has."""
    aliased = [(record, vacancy) for record, vacancy in found if vacancy.aliases]
    if not aliased:
        return
    owners = {vacancy.slug: vacancy.source for _, vacancy in found}
    for record, vacancy in aliased:
        for alias in vacancy.aliases:
            owner = owners.setdefault(alias, vacancy.source)
            if owner == vacancy.source and alias != vacancy.slug:
                continue
            what = (f"vacancies/{alias}/ is this page's own address; remove it" if owner == vacancy.source
                    else f"vacancies/{alias}/ is also the address of {owner}, or one of its aliases; remove it from one of the two")
            problems.error(vacancy.source, record.aliases_line, "aliases", what)
