"""Real YAML mistakes in front matter: each is told in plain words, with its fix, at the line where the slip is.

Every file below is a valid advert with one mistake an editor makes by hand. `jobboard check` runs once over all of
them; each message must name the file, the line of the mistake and its field, say what to do, and keep the YAML
reader's own words after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from conftest import copy_site, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.model.problems import Problems
from generator.source.frontmatter import parse

NOW = "2026-03-01T09:00"
VALID = """title: Staff Nurse
trust: CNTW
band: Band 5
salary:
  min: 29970
  max: 36483
  period: year
  note: pro rata
location:
  town: Newcastle upon Tyne
  postcode: NE6 4QD
contact:
  name: Sam Lee
  email: sam.lee@cntw.nhs.uk
reference: {reference}
posted: 2026-02-05
closing: 2026-03-10"""


@dataclass(frozen=True)
class Mistake:
    """A vacancy file with one mistake: `old` replaced by `new` in a valid advert, and what check must say."""

    name: str
    old: str
    new: str
    mark: str  # text on the line the message must point at, in the broken file
    field: str | None  # the field the message names (None: none)
    words: tuple[str, ...]  # words of the message, the fix included

    def text(self) -> str:
        valid = VALID.format(reference=self.name.upper())
        assert self.old in valid, self.name
        return f"---\n{valid.replace(self.old, self.new, 1)}\n---\nThe advert.\n"

    def line(self) -> int:
        numbers = [n for n, line in enumerate(self.text().split("\n"), start=1) if self.mark in line]
        assert len(numbers) == 1, f"{self.name}: {self.mark!r} is on lines {numbers}"
        return numbers[0]


READER = "(the YAML reader said: "
MISTAKES = [
    Mistake("colon-in-title", "title: Staff Nurse", "title: Staff Nurse: Acute Wards", "title:", "title",
            ("colon followed by a space", "put the whole value in quotes", "title: 'Staff Nurse: Acute Wards'", READER)),
    Mistake("tab-indent", "  postcode: NE6 4QD", "\tpostcode: NE6 4QD", "\tpostcode", "location.postcode",
            ("indented with a tab", "indent it with spaces", READER)),
    Mistake("indent-one-more", "  postcode: NE6 4QD", "   postcode: NE6 4QD", "postcode:", "location.postcode",
            ("indented by 3 spaces", "line it up", "2 spaces", READER)),
    Mistake("indent-one-less", "  email: sam.lee@cntw.nhs.uk", " email: sam.lee@cntw.nhs.uk", "email:", "contact.email",
            ("indented by 1 space", "line it up", READER)),
    Mistake("field-lost-its-indent", "  period: year", "period: year", "period:", "period",
            ("indented by no spaces", "unlike the fields around it", "2 spaces", "line it up", READER)),
    Mistake("first-field-lost-its-indent", "  min: 29970", "min: 29970", "min:", "min",
            ("indented by no spaces", "unlike the fields around it", "2 spaces", "line it up", READER)),
    Mistake("top-field-indented", "band: Band 5", " band: Band 5", "band:", "band",
            ("indented by 1 space", "line it up", "no spaces", READER)),
    Mistake("unclosed-double-quote", "title: Staff Nurse", 'title: "Staff Nurse', "title:", "title",
            ('the quote (") that starts this value is never closed', 'end the value with "', READER)),
    Mistake("unclosed-single-quote", "  name: Sam Lee", "  name: 'Sam Lee", "name:", "contact.name",
            ("the quote (') that starts this value is never closed", READER)),
    Mistake("quoted-word-then-text", "title: Staff Nurse", 'title: "Senior" Staff Nurse', "title:", "title",
            ("starts with a quote", "put the whole value in quotes", """title: '"Senior" Staff Nurse'""", READER)),
    Mistake("no-space-after-colon", "title: Staff Nurse", "title:Staff Nurse", "title:", "title",
            ("put a space after the colon", "title: Staff Nurse")),
    Mistake("no-colon", "band: Band 5", "band Band 5", "band Band 5", None,
            ("no colon after its field name", "name: value", READER)),
    Mistake("field-name-alone", "band: Band 5", "band", "band", "band",
            ("no colon after its field name", READER)),
    Mistake("list-dash-in-fields", "reference: ", "- reference: ", "- reference:", "reference",
            ("a list item", "remove the dash", READER)),
    Mistake("value-starts-with-at", "  name: Sam Lee", "  name: @SamLee", "name:", "contact.name",
            ("cannot start with @", "put the whole value in quotes", READER)),
    Mistake("value-starts-with-backquote", "title: Staff Nurse", "title: `Staff Nurse`", "title:", "title",
            ("cannot start with a backquote", "put the whole value in quotes", READER)),
    Mistake("value-starts-with-brace", "  name: Sam Lee", "  name: {Sam Lee", "name:", "contact.name",
            ("starts with {", "put the whole value in quotes", READER)),
    Mistake("value-starts-with-bracket", "title: Staff Nurse", "title: [Temporary] Staff Nurse", "title:", "title",
            ("starts with [", "put the whole value in quotes", READER)),
    Mistake("colon-in-a-nested-value", "  note: pro rata", "  note: pro rata: 30 hours", "note:", "salary.note",
            ("colon followed by a space", "note: 'pro rata: 30 hours'", READER)),
    Mistake("url-with-no-space", "closing: 2026-03-10", "closing: 2026-03-10\napply_url:https://jobs.example.nhs.uk/1",
            "apply_url:", "apply_url", ("put a space after the colon", "apply_url: https://jobs.example.nhs.uk/1")),
    Mistake("exclamation-mark-start", "  note: pro rata", "  note: !important", "note:", "salary.note",
            ("YAML tags", "not allowed", "put it in quotes")),
]


@pytest.fixture(scope="module")
def reported(tmp_path_factory) -> list[str]:
    site = copy_site("board", tmp_path_factory.mktemp("yaml-mistakes"))
    folder = site / "content" / "vacancies"
    for old in folder.glob("*.md"):
        old.unlink()
    for mistake in MISTAKES:
        (folder / f"{mistake.name}.md").write_text(mistake.text(), encoding="utf-8")
    result = run("check", "--site", site, "--now", NOW)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    return result.stderr.splitlines()


def test_there_are_at_least_fifteen_real_mistakes():
    assert len({m.name for m in MISTAKES}) == len(MISTAKES) >= 15


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: m.name)
def test_each_mistake_is_told_in_plain_words_at_its_line(reported, mistake):
    where = f"content/vacancies/{mistake.name}.md:{mistake.line()}: " + (f"{mistake.field}: " if mistake.field else "")
    mine = [line for line in reported if line.startswith(f"content/vacancies/{mistake.name}.md:")]
    assert len(mine) == 1, mine
    assert mine[0].startswith(where), f"expected {where!r}, got {mine[0]!r}"
    for words in mistake.words:
        assert words in mine[0], f"{words!r} not in {mine[0]!r}"
    # Plain words come first: the reader's jargon only ever follows them.
    assert not re.match(r"^\S+:\d+: (\w+: )?(YAML syntax error: )?(mapping values|found|did not find|could not)", mine[0])


YAML_BITS = st.sampled_from(["title", "salary", "min", ":", ": ", " ", "  ", "\t", "\n", "\n  ", "- ", '"', "'", "[", "]", "{", "}",
                             ",", "#", "@", "`", "%", "!", "&", "*", "|", ">", "?", "---", "Nurse", "12", "https://x"])


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(YAML_BITS, max_size=30).map("".join))
def test_any_broken_front_matter_gets_a_located_message_never_a_crash(front):
    """Whatever the editor typed, the advice is a message at a line of the front matter, never an exception."""
    problems = Problems()
    lines = front.count("\n") + 1
    document = parse(f"---\n{front}\n---\nText.\n".encode(), "x.md", problems)
    assert (document is None) == bool(problems.errors)
    for problem in problems.errors:
        assert 1 <= problem.line <= lines + 2 and problem.message, problem
