"""Front matter values: built directly for plain text, maps and lists, and still exactly what PyYAML's safe loader gives.

The stock constructor is the reference: for any front matter, the fields read are the same values of the same types,
and where the stock constructor fails, the same first mistake is reported at the same line.
"""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.model.problems import Problems
from generator.source.frontmatter import read_mapping
from generator.source.yamlcheck import Loader

OFFSET = 2  # the front matter's first line in its file
SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.sampled_from([
    "Staff Nurse", '"quoted: text"', "'single'", "12", "012", "0x1F", "0o17", "1_000", "-5", "3.5", "1e3", ".inf", "-.Inf",
    ".nan", "~", "null", "Null", "", "true", "False", "yes", "no", "on", "off", "2026-03-14", "14/03/2026", "2026-03-14 17:00",
    "!!str 12", "!!int \"7\"", "!!float 1", "!!bool yes", "!!null ''", "!!binary aGVsbG8=", "!!timestamp 2026-03-14",
    "!!python/object:os.system x", "!custom x", "!!int nope", "!!float nope", "!!bool maybe", "!!timestamp soon", "|\n    two\n    lines", ">-\n    folded\n    text",
    "[a, 1, null]", "{a: 1, b: [x, y]}", "!!set {a, b}", "!!omap [a: 1, b: 2]", "!!pairs [a: 1]", "[!!int x]", "{<<: {a: 1}}",
])
keys = st.sampled_from(["title", "salary", "min", "band", "note", "1", "true", "null", "=", "<<", "\"quoted key\"", "x y", "!!str 5"])


def block(depth: int) -> st.SearchStrategy[str]:
    """A block mapping's lines at this indentation: plain, tagged and nested values, lists, merges."""
    pad = "  " * depth
    item = st.one_of(
        st.builds(lambda k, v: f"{pad}{k}: {v}", keys, scalars),
        st.builds(lambda k, vs: f"{pad}{k}:\n" + "\n".join(f"{pad}  - {v}" for v in vs), keys, st.lists(scalars, min_size=1, max_size=3)),
        st.builds(lambda v: f"{pad}<<: {v}", st.sampled_from(["{a: 1}", "[{a: 1}, {b: 2}]", "x"])),
    )
    if depth < 2:
        item = st.one_of(item, st.builds(lambda k, inner: f"{pad}{k}:\n{inner}", keys, st.deferred(lambda: block(depth + 1))))
    return st.lists(item, min_size=1, max_size=5).map("\n".join)


def shape(value: Any) -> Any:
    """A value with the type of every part, so that 1, 1.0 and True differ, and NaN equals NaN."""
    if isinstance(value, dict):
        return ("dict", [(shape(k), shape(v)) for k, v in value.items()])
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [shape(v) for v in value])
    return (type(value).__name__, repr(value))


@SETTINGS
@given(block(0))
@example("title: Staff Nurse\nsalary:\n  min: 12\n  <<: {max: 14}\n  =: x")
@example("a: !!python/object:os.system x\nb:\n  c: !custom y\nd: !!int nope")
@example("title: Nurse\nhours: !!int nope")  # a traceback before: int("nope") raised ValueError, not a YAML error
@example("title: !!bool maybe")
def test_fields_are_what_the_stock_safe_loader_gives(text):
    problems = Problems()
    read = read_mapping(text, OFFSET, "f.md", problems, "the front matter")
    try:
        stock, failure = yaml.load(text, Loader=Loader), None
    except yaml.YAMLError as exc:
        stock, failure = None, exc
    if failure is None:
        # A document the stock loader reads is read alike, unless a check on its keys refused it.
        if read is not None:
            assert shape(read[0]) == shape(stock)
        else:
            assert problems.errors and all("YAML syntax error" not in p.message for p in problems.errors)
        return
    assert read is None and problems.errors
    if isinstance(failure, yaml.MarkedYAMLError) and not any("YAML syntax error" not in p.message for p in problems.errors):
        mark = failure.problem_mark or failure.context_mark
        assert [p.line for p in problems.errors] == [mark.line + OFFSET], "not the stock loader's first mistake"
