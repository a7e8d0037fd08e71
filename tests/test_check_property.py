"""Any front matter at all either checks clean or gives clean `path:line: field: message` problems, never an exception."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import copy_site
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.config.settings import Config, load_config
from generator.load.facts import CONTACT_KEYS, LOCATION_KEYS, SALARY_KEYS
from generator.load.vacancies import KNOWN, build_vacancy
from generator.model.problems import Problems
from generator.source.frontmatter import parse

PATH = "content/vacancies/generated.md"
LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?: (?P<field>[\w.\[\]-]+):)? (?P<message>.*)$")
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

text = st.text(max_size=30)  # any code point but surrogates: control characters, RTL marks, emoji, line separators
words = st.sampled_from([
    "", " ", "Staff Nurse", "KMPT", "Kent and Medway Mental Health Trust", "Band 5", "band 8A", "Band 8", "Band 10",
    "Not stated", "2026-03-14", "14/03/2026", "31/02/2026", "14th March", "Friday 16 March 2026", "2026-03-14 17:00",
    "14 March 2026 at 25:99", "£24,937", "12.45", "-5", "1e999", "NaN", "per annum", "hour", "ME16 9NW", "not a postcode",
    "https://www.jobs.nhs.uk/x", "javascript:alert(1)", "ftp://x.nhs.uk/", "a@b.nhs.uk", "a at b", "mailto:a@b.uk",
    "full-time", "yes", "no", "maybe", "null", "~", "<script>alert(1)</script>", "occupational-therapist", "Not-A-Slug",
])
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30), st.floats(), words, text,
    st.dates().map(str),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.one_of(st.sampled_from(SALARY_KEYS + LOCATION_KEYS + CONTACT_KEYS), text), inner, max_size=4),
), max_leaves=12)
VALID = {
    "title": "Staff Nurse", "trust": "KMPT", "band": "Band 5", "reference": "VALID-1", "posted": "2026-02-01",
    "closing": "2026-03-14 17:00", "salary": {"min": 31049, "max": 37796, "period": "year"},
    "working_pattern": ["Full-time", "Part-time"], "location": {"site": "Oak House", "town": "Maidstone", "postcode": "ME16 9NW"},
    "contact": {"name": "Sam Jones", "email": "sam.jones@nhs.net"}, "apply_url": "https://www.jobs.nhs.uk/x",
}
plausible = st.one_of(words, words, words, values)
near_valid = st.builds(
    lambda changes, dropped: {**{k: v for k, v in VALID.items() if k not in dropped}, **changes},
    st.dictionaries(st.sampled_from(KNOWN), plausible, max_size=3),
    st.sets(st.sampled_from(KNOWN), max_size=2),
)
keys = st.one_of(st.sampled_from(KNOWN), st.sampled_from(KNOWN).map(lambda k: k[:-1] + "x"), text)
front_matter = st.dictionaries(keys, values, max_size=12)


def naive_yaml(mapping: dict) -> str:
    """Front matter typed by hand: `key: value` with no quoting at all, so any YAML mistake can happen."""
    return "\n".join(f"{key}: {value}" for key, value in mapping.items())


def dump_yaml(mapping: dict, flow: bool) -> str:
    """Front matter written by a YAML library, so that every value arrives with its exact type."""
    return yaml.safe_dump(mapping, allow_unicode=True, default_flow_style=flow, sort_keys=False)


@pytest.fixture(scope="module")
def config(tmp_path_factory) -> Config:
    """The broken-all site's trusts, with its config mistakes put right."""
    site = copy_site("broken-all", tmp_path_factory.mktemp("property"))
    path = site / "config.yaml"
    path.write_text(
        path.read_text("utf-8").replace("base_url: example.github.io/", "base_url: https://example.github.io/")
        .replace("per_page: 0", "per_page: 20").replace("feed_item: 50\n", ""),
        "utf-8",
    )
    problems = Problems()
    loaded = load_config(site, problems)
    assert problems.items == []
    return loaded


def check_file(raw: bytes, config: Config) -> None:
    """Parse and check one vacancy file in process, and hold the outcome to the error-reporting rules."""
    problems = Problems()
    doc = parse(raw, PATH, problems)
    vacancy = build_vacancy(doc, PATH, config, problems) if doc else None
    for problem in problems.items:
        assert problem.path == PATH
        assert problem.line >= 1, problem
        assert problem.message.strip(), problem
        printed = str(problem)
        assert printed.splitlines() == [printed], f"not one line: {printed!r}"
        assert LINE.match(printed), printed
        assert "Traceback" not in printed
    errors = [p for p in problems.items if not p.warning]
    assert (vacancy is None) == bool(errors), f"vacancy: {vacancy!r}; errors: {[str(p) for p in errors]}"


@SETTINGS
@given(mapping=front_matter, style=st.sampled_from(["block", "flow", "naive"]), body=text, crlf=st.booleans())
def test_any_front_matter_checks_clean_or_gives_located_problems(config: Config, mapping: dict, style: str, body: str, crlf: bool):
    front = naive_yaml(mapping) if style == "naive" else dump_yaml(mapping, style == "flow")
    content = f"---\n{front.rstrip()}\n---\n{body}\n"
    if crlf:
        content = content.replace("\n", "\r\n")
    check_file(content.encode("utf-8"), config)


@SETTINGS
@given(mapping=near_valid)
def test_near_valid_adverts_check_clean_or_give_located_problems(config: Config, mapping: dict):
    """A valid advert with a few fields changed or dropped, so that the checks past the parser run too."""
    check_file(f"---\n{dump_yaml(mapping, False)}---\nText.\n".encode("utf-8"), config)


@SETTINGS
@given(raw=st.binary(max_size=200), prefix=st.sampled_from([b"", b"---\n", b"\xef\xbb\xbf---\n", b"---\r\ntitle: "]))
def test_any_bytes_give_located_problems(config: Config, raw: bytes, prefix: bytes):
    check_file(prefix + raw + b"\n---\n", config)


def test_a_clean_example_really_is_clean(config: Config):
    """The property is not met by rejecting everything: the broken-all site's valid advert passes."""
    raw = (Path(__file__).parent / "sites" / "broken-all" / "content" / "vacancies" / "valid.md").read_bytes()
    problems = Problems()
    doc = parse(raw, PATH, problems)
    assert doc and build_vacancy(doc, PATH, config, problems) and problems.items == []
