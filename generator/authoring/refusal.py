"""Whether pasted text is a job advert at all: a shopping list or a recipe is refused, any advert is read."""

from __future__ import annotations

import re

from generator.authoring.closing import in_sentence
from generator.authoring.headlines import Headline
from generator.authoring.paste import Clipping

# The facts an advert states, in the words the refusal uses for them.
FACT_NAMES = {"title": "a job title", "trust": "an employer", "band": "a band", "salary": "a salary", "salary_extra": "a salary",
              "reference": "a reference", "closing": "a closing date", "posted": "a posted date", "contract": "a contract",
              "hours": "hours"}
# Words that adverts use and shopping lists, recipes and diaries do not.
ADVERT_WORDS = re.compile(
    r"\b(jobs?|role|post|vacanc(?:y|ies)|apply|applications?|applicants?|salary|band|candidates?|experience|responsibilities|"
    r"duties|employer|nhs|trust|interview|contract|recruit\w*|position|qualifications?|patients?|nurs(?:e|es|ing)|clinical|"
    r"staff|team|permanent|full[- ]time|part[- ]time|per annum|hours per week)\b",
    re.IGNORECASE,
)
SAMPLE = 200_000  # the words of a megabyte paste are counted in its first part only
ENOUGH_WORDS = 6


def _stated(clip: Clipping, head: Headline) -> list[str]:
    names = [FACT_NAMES[name] for name in FACT_NAMES if clip.facts.get(name)]
    if clip.heading or head.title:
        names.append(FACT_NAMES["title"])
    if head.employer:
        names.append(FACT_NAMES["trust"])
    if any(in_sentence(line.text[:2000]) for line in clip.body[:500]):
        names.append(FACT_NAMES["closing"])
    return list(dict.fromkeys(names))


def _listed(names: list[str]) -> str:
    if not names:
        return "none"
    if len(names) == 1:
        return f"only {names[0]}"
    return "only " + ", ".join(names[:-1]) + f" and {names[-1]}"


def refuse_unless_advert(clip: Clipping, head: Headline, source: str) -> str | None:
    """The reason to refuse text that is not a job advert, or None for anything that reads as one."""
    stated = _stated(clip, head)
    text = " ".join(line.text for line in clip.body)[:SAMPLE]
    words = {match.group(0).lower() for match in ADVERT_WORDS.finditer(text)}
    if len(stated) >= 3 or (len(stated) >= 1 and len(words) >= 3) or len(words) >= ENOUGH_WORDS:
        return None
    return (f"{source}: this does not look like a job advert: of the facts an advert gives (a job title, an employer, a band, "
            f"a salary, a reference, a closing date) it states {_listed(stated)}, and it has few of the words adverts use; "
            "nothing was written")
