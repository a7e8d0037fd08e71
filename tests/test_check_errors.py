"""`jobboard check` on a site with one mistake per file: every problem, in one run, as `path:line: field: message`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import copy_site, run

SITE = "broken-all"
VACANCIES = "content/vacancies/"
NOW = "2026-03-01T09:00"
LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?: (?P<field>[\w.\[\]-]+):)? (?P<message>.*)$")
SUMMARY = re.compile(r"^\d+ errors?, \d+ warnings?; nothing was written$")
BREAK = re.compile(r"\r\n|\r|\n")

# Files made by the test, because they are binary, huge or hold control characters.
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
PNG_LINE = PNG[: PNG.index(b"\x00")].count(b"\n") + 1  # a binary file has no lines: the report points at its first NUL byte
HUGE_FRONT = "---\ntitle: Staff Nurse\ntrust: KMPT\nband: Band 5\nreference: HUGE-1\nposted: 2026-02-01\nclosing: 2026-03-14\n---\n"
CONTROL = "---\ntitle: Staff Nurse\ntrust: KMPT\nband: Band 5\nreference: CONTROL-1\nhours: 37.5\x01 a week\nclosing: 2026-03-14\n---\n\nText.\n"


@dataclass(frozen=True)
class Reported:
    """One line of the report on stderr."""

    path: str
    line: int
    field: str | None
    message: str
    warning: bool


def parse_report(stderr: str) -> tuple[list[Reported], list[str]]:
    """The problems on stderr, and any line that is neither a problem nor the summary."""
    found, stray = [], []
    for text in stderr.splitlines():
        match = LINE.match(text)
        if not match:
            if not SUMMARY.match(text):
                stray.append(text)
            continue
        field, message = match["field"], match["message"]
        if field == "warning":  # `path:line: warning: message`, a warning on no particular field
            field, message = None, f"warning: {message}"
        warning = message.startswith("warning: ")
        found.append(Reported(match["path"], int(match["line"]), field, message.removeprefix("warning: "), warning))
    return found, stray


def mixed_endings(text: str) -> str:
    """The text with CRLF, LF and lone CR line endings in turn (a CR is never put right before an LF)."""
    lines = text.split("\n")
    out = []
    for index, line in enumerate(lines[:-1]):
        ending = ("\r\n", "\n", "\r")[index % 3]
        if ending == "\r" and lines[index + 1] == "":
            ending = "\n"
        out.append(line + ending)
    return "".join(out) + lines[-1]


def prepare(site: Path) -> None:
    """Turn the committed text files into the awkward files they stand for, and add the generated ones."""
    folder = site / VACANCIES
    path = folder / "non-utf8.md"
    path.write_bytes(path.read_text("utf-8").encode("cp1252"))
    path = folder / "bom.md"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    path = folder / "crlf-line-endings.md"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    path = folder / "mixed-line-endings.md"
    path.write_bytes(mixed_endings(path.read_text("utf-8")).encode("utf-8"))
    path = folder / "yaml-python-tag.md"
    path.write_text(path.read_text("utf-8").replace("/tmp/jobboard-pwned", str(site / "pwned")), "utf-8")
    (folder / "binary.md").write_bytes(PNG)
    (folder / "utf16.md").write_bytes(HUGE_FRONT.encode("utf-16"))
    (folder / "huge.md").write_bytes((HUGE_FRONT + "Lorem ipsum dolor sit amet.\n" * 115_000).encode("utf-8"))
    (folder / "control-character.md").write_bytes(CONTROL.encode("utf-8"))


def repair_config(site: Path, keep_unknown_key: bool = False) -> None:
    """Put right the config.yaml mistakes (and drop the unknown key unless asked to keep it)."""
    path = site / "config.yaml"
    text = path.read_text("utf-8")
    fixes = [("base_url: example.github.io/jobs/", "base_url: https://example.github.io/jobs/"), ("per_page: 0\n", "per_page: 20\n")]
    if not keep_unknown_key:
        fixes.append(("feed_item: 50\n", ""))
    for wrong, right in fixes:
        assert wrong in text, f"tests/sites/{SITE}/config.yaml no longer has {wrong!r}"
        text = text.replace(wrong, right)
    path.write_text(text, "utf-8")


def keep_only(site: Path, *names: str) -> None:
    """Delete every vacancy file but the named ones."""
    for file in (site / VACANCIES).iterdir():
        if file.name not in names:
            file.unlink()


def snapshot(folder: Path) -> dict[str, tuple[bytes, int] | None]:
    """Every file (bytes and modification time) and folder under `folder`."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns) if p.is_file() else None
        for p in sorted(folder.rglob("*"))
    }


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """One `check` run over the whole broken site: (site folder, completed process, problems)."""
    site = copy_site(SITE, tmp_path_factory.mktemp("check"))
    prepare(site)
    result = run("check", "--site", site, "--now", NOW, cwd=site)
    problems, _ = parse_report(result.stderr)
    return site, result, problems


def text_lines(site: Path, rel: str) -> list[str]:
    """A file's lines as an editor numbers them, whatever its line endings and encoding."""
    return BREAK.split((site / rel).read_bytes().decode("utf-8", "replace").removeprefix("\ufeff"))


def line_of(site: Path, rel: str, needle: str) -> int:
    """The number of the one line of the file that contains `needle`."""
    numbers = [n for n, text in enumerate(text_lines(site, rel), start=1) if needle in text]
    assert len(numbers) == 1, f"{needle!r} is on lines {numbers} of {rel}"
    return numbers[0]


@dataclass(frozen=True)
class Case:
    """An expected problem: where (a line number, or text on that line), which field, and words of its message."""

    file: str
    at: int | str
    field: str | None
    words: tuple[str, ...]
    warning: bool = False

    @property
    def rel(self) -> str:
        return self.file if self.file == "config.yaml" else VACANCIES + self.file


def case(file: str, at: int | str, field: str | None, *words: str, warning: bool = False) -> Case:
    return Case(file, at, field, words, warning)


CASES = [
    case("config.yaml", "base_url:", "base_url", "absolute http or https URL", "example.github.io/jobs/"),
    case("config.yaml", "per_page:", "per_page", "from 1 to 1,000", "got 0"),
    case("config.yaml", "feed_item:", "feed_item", "unknown config key", 'did you mean "feed_items"', warning=True),
    case("yaml-syntax.md", "Ward manager: surgery", "title", "put the whole value in quotes", "title: 'Ward manager: surgery'",
         "mapping values are not allowed"),
    case("no-opening-delimiter.md", 1, None, "no front matter", "must start with a line `---`"),
    case("no-closing-delimiter.md", 1, None, "front matter is not closed", "`---`"),
    case("non-utf8.md", "title: Caf", None, "not UTF-8", "0xe9"),
    case("binary.md", PNG_LINE, None, "not a text file", "binary data"),
    case("utf16.md", 1, None, "saved as UTF-16", "save it as UTF-8"),
    case("huge.md", 1, None, "file is 3.", "MB", "at most 2 MB"),
    case("empty.md", 1, None, "the file is empty"),
    case("empty-front-matter.md", 2, None, "the front matter is empty"),
    case("front-matter-list.md", "- title:", None, "must be fields like `title: …`", "not a list"),
    case("missing-required.md", 1, "title", "required field is missing"),
    case("missing-required.md", 1, "trust", "required field is missing"),
    case("missing-required.md", 1, "band", "required field is missing", '"Not stated"'),
    case("missing-required.md", 1, "reference", "required field is missing"),
    case("title-list.md", "title:", "title", "expected text, got a list"),
    case("salary-string-list.md", "salary:", "salary", "expected min, max, period and note"),
    case("working-pattern-mapping.md", "working_pattern:", "working_pattern", "expected text, got a set of fields"),
    case("draft-maybe.md", "draft:", "draft", "expected true or false", "maybe"),
    case("band-10.md", "band:", "band", 'unknown band "Band 10"', '"Band 1" to "Band 9"'),
    case("band-8.md", "band:", "band", '"Band 8" is not a band on its own', "8a, 8b, 8c and 8d"),
    case("date-14th-march.md", "closing:", "closing", "expected a date like 2026-03-14", '"14th March"'),
    case("date-31-february.md", "closing:", "closing", '"31/02/2026" is not a day in the calendar'),
    case("date-wrong-weekday.md", "closing:", "closing", "16 March 2026 is a Monday, not a Friday"),
    case("posted-list.md", "posted:", "posted", "expected text, got a list"),
    case("closing-before-posted.md", "closing:", "closing", "closes on 2026-03-01", "before it was posted on 2026-03-10"),
    case("salary-min-above-max.md", "min: 40000", "salary.min", "min (£40,000) is above max (£30,000)"),
    case("duplicate-reference-b.md", "reference:", "reference", 'reference "dup-ref-1" is also used by', "content/vacancies/duplicate-reference-a.md"),
    case("same-slug-b.md", "slug:", "slug", "writes the same page, vacancies/occupational-therapist/", "content/vacancies/same-slug-a.md",
         "rename one of the files"),
    case("unknown-key.md", "closng:", "closng", "unknown field", 'did you mean "closing"', warning=True),
    # A field name that is not a plain word is quoted in the message, so the line keeps the path:line: shape.
    case("unknown-key-hyphen.md", "apply-url:", "apply-url", "unknown field", 'did you mean "apply_url"', warning=True),
    case("unknown-trust.md", "trust:", "trust", "is not a known trust", 'did you mean "Kent and Medway Mental Health NHS Trust"', warning=True),
    case("apply-url-javascript.md", "apply_url:", "apply_url", "https://", '"javascript:alert(document.cookie)"'),
    case("apply-url-ftp.md", "apply_url:", "apply_url", "https://", '"ftp://files.example.nhs.uk/apply.pdf"'),
    case("bad-email.md", "email:", "contact.email", '"sam.jones at nhs.net" is not an e-mail address'),
    case("yaml-python-tag.md", "hours: !!python", "hours", "YAML tags", "not allowed"),
    case("yaml-anchors.md", "lol2:", "lol2.0", "anchors and aliases", "not allowed"),
    case("yaml-anchors.md", "hours: *lol3", "hours", "anchors and aliases", "not allowed"),
    case("duplicate-key.md", "title: Senior Staff Nurse", "title", "given twice (first on line 2)"),
    case("deeply-nested.md", "location:", "location", "nested more than 20 levels deep"),
    case("★★★.md", 1, None, "file name has no letters or digits", "rename the file", "slug:"),
    case("control-character.md", "hours:", None, "control characters are not allowed", "U+0001"),
    case("bom.md", "salry:", "salry", "unknown field", 'did you mean "salary"', warning=True),
    case("crlf-line-endings.md", "intervew:", "intervew", "unknown field", 'did you mean "interview"', warning=True),
    case("mixed-line-endings.md", "stafff_group:", "stafff_group", "unknown field", 'did you mean "staff_group"', warning=True),
]
ACCEPTED = ["valid.md", "bom.md", "crlf-line-endings.md", "mixed-line-endings.md", "unknown-key.md", "unknown-key-hyphen.md", "unknown-trust.md"]
"""Files with no errors: they are read as they should be, whatever their encoding marks or line endings."""
ONE_PROBLEM = ["posted-list.md", "crlf-line-endings.md", "mixed-line-endings.md", "bom.md", "title-list.md", "band-10.md"]
"""Files whose one mistake must be reported once, with no knock-on problems."""


def test_check_fails_with_exit_1_and_no_traceback(checked):
    _, result, problems = checked
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout == ""
    assert problems


def test_every_line_on_stderr_is_a_problem_or_the_summary(checked):
    _, result, _ = checked
    _, stray = parse_report(result.stderr)
    assert not stray, f"lines on stderr that are not `path:line: field: message`: {stray}"


def test_the_summary_counts_every_reported_problem(checked):
    _, result, problems = checked
    errors = sum(not p.warning for p in problems)
    warnings = sum(p.warning for p in problems)
    assert result.stderr.splitlines()[-1] == f"{errors} errors, {warnings} warnings; nothing was written"


@pytest.mark.parametrize("expected", CASES, ids=lambda c: f"{c.file}:{c.field or '-'}")
def test_each_mistake_is_reported_at_its_line_and_field(checked, expected: Case):
    site, _, problems = checked
    line = expected.at if isinstance(expected.at, int) else line_of(site, expected.rel, expected.at)
    here = [p for p in problems if p.path == expected.rel]
    matching = [
        p for p in here
        if p.line == line and p.field == expected.field and p.warning == expected.warning
        and all(word in p.message for word in expected.words)
    ]
    assert matching, f"expected {expected} at line {line}; {expected.rel} got:\n" + "\n".join(map(str, here))


def test_every_broken_file_is_named_in_the_same_run(checked):
    site, _, problems = checked
    named = {p.path for p in problems} | {rel for p in problems for rel in re.findall(r"content/vacancies/[\w.-]+?\.md", p.message)}
    files = {VACANCIES + f.name for f in (site / VACANCIES).iterdir()} | {"config.yaml"}
    assert files - named == {VACANCIES + "valid.md"}
    assert len(files) >= 40


@pytest.mark.parametrize("name", ACCEPTED)
def test_accepted_files_have_no_errors(checked, name: str):
    _, _, problems = checked
    assert [p for p in problems if p.path == VACANCIES + name and not p.warning] == []


@pytest.mark.parametrize("name", ONE_PROBLEM)
def test_one_mistake_gives_one_problem(checked, name: str):
    _, _, problems = checked
    assert len([p for p in problems if p.path == VACANCIES + name]) == 1


def test_no_problem_for_the_valid_file_and_every_line_number_is_real(checked):
    site, _, problems = checked
    assert [p for p in problems if p.path == VACANCIES + "valid.md"] == []
    for p in problems:
        if p.path.endswith((".md", ".yaml")) and not p.path.endswith(("binary.md", "huge.md", "utf16.md")):
            assert 1 <= p.line <= len(text_lines(site, p.path)), p


def test_the_python_tag_runs_nothing(checked):
    site, _, _ = checked
    assert not (site / "pwned").exists()


def test_failed_build_leaves_the_old_output_untouched(tmp_path: Path):
    good = copy_site(SITE, tmp_path / "good")
    keep_only(good, "valid.md")
    repair_config(good)
    bad = copy_site(SITE, tmp_path / "bad")
    prepare(bad)
    output = bad / "output"
    built = run("build", "--site", good, "--now", NOW, "--output", output, cwd=good)
    assert built.returncode == 0, built.stderr
    # The build cache may appear beside output/: it holds what was parsed, never part of the site.
    beside = lambda: sorted(p.name for p in bad.iterdir() if p.name != ".cache")  # noqa: E731
    before, around = snapshot(output), beside()
    assert "index.html" in before

    for extra in ([], ["--strict"], ["--output", output]):
        result = run("build", "--site", bad, "--now", NOW, *extra, cwd=bad)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stdout + result.stderr
        assert result.stderr.rstrip().endswith("nothing was written")
        assert snapshot(output) == before, "a failed build changed output/"
        assert beside() == around, "a failed build left files beside output/"


def test_the_valid_file_alone_builds(tmp_path: Path):
    site = copy_site(SITE, tmp_path)
    keep_only(site, "valid.md")
    repair_config(site)
    checked = run("check", "--site", site, "--now", NOW, cwd=site)
    assert (checked.returncode, checked.stderr) == (0, "")
    assert checked.stdout.startswith("OK: would write")
    built = run("build", "--site", site, "--now", NOW, "--strict", cwd=site)
    assert (built.returncode, built.stderr) == (0, "")
    assert (site / "output" / "index.html").is_file()


def test_warnings_pass_unless_strict(tmp_path: Path):
    site = copy_site(SITE, tmp_path)
    keep_only(site, "valid.md", "unknown-key.md", "unknown-trust.md")
    repair_config(site, keep_unknown_key=True)

    lenient = run("check", "--site", site, "--now", NOW, cwd=site)
    assert lenient.returncode == 0, lenient.stderr
    warnings, stray = parse_report(lenient.stderr)
    assert not stray
    assert {(p.path, p.field) for p in warnings} == {
        ("config.yaml", "feed_item"), (VACANCIES + "unknown-key.md", "closng"), (VACANCIES + "unknown-trust.md", "trust"),
    }
    assert all(p.warning for p in warnings)

    strict = run("check", "--site", site, "--now", NOW, "--strict", cwd=site)
    assert strict.returncode == 1
    assert "Traceback" not in strict.stdout + strict.stderr
    errors, stray = parse_report(strict.stderr)
    assert not stray
    assert [(p.path, p.line, p.field, p.message) for p in errors] == [(p.path, p.line, p.field, p.message) for p in warnings]
    assert not any(p.warning for p in errors)
    assert strict.stderr.splitlines()[-1] == "3 errors, 0 warnings; nothing was written"

    built = run("build", "--site", site, "--now", NOW, "--strict", cwd=site)
    assert built.returncode == 1
    assert not (site / "output").exists()


@pytest.mark.parametrize("depth", [2_000, 1_000_000])
def test_deep_nesting_is_an_error_not_a_crash(tmp_path: Path, depth: int):
    """The YAML composer recurses once per level: 2,000 levels overflowed Python's stack, a million crashed libyaml."""
    site = copy_site(SITE, tmp_path)
    keep_only(site, "valid.md")
    repair_config(site)
    nested = "[" * depth + "x" + "]" * depth
    (site / VACANCIES / "deep.md").write_text(f"---\ntitle: Staff Nurse\nhours: {nested}\n---\n", "utf-8")
    result = run("check", "--site", site, "--now", NOW, cwd=site)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    problems, stray = parse_report(result.stderr)
    assert not stray
    assert [(p.path, p.line, p.field) for p in problems] == [(VACANCIES + "deep.md", 3, "hours")]
    assert "nested more than 20 levels deep" in problems[0].message
