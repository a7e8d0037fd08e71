"""`jobboard import` reads every way an advert says when it closes, and never lets the board's default date stand in for one."""

from __future__ import annotations

import re
from datetime import date

import pytest
import yaml
from conftest import ROOT, run

from generator.authoring.importer import NotAnAdvert, import_advert
from generator.config.settings import load_config
from generator.model.problems import Problems

TODAY = date(2026, 1, 5)
ADVERT = ("Staff Nurse - Acute Admissions\nKent and Medway Mental Health NHS Trust\nBand: Band 5\n"
          "Salary: £31,049 - £37,796 a year\nReference: 380-T-0001\nDate posted: 2 February 2026\n"
          "Location: Maidstone, ME16 9NW\nEmail: jobs@example.nhs.uk\n\nJob overview\nCare for adults on an acute ward.\n")
PHRASINGS = [
    "The closing date is 12 March 2026",
    "Closing date: 12/03/2026",
    "Closing date 12 March 2026",
    "Closes 12 Mar 2026",
    "Closes on Thursday 12 March 2026",
    "Deadline 12 Mar 2026",
    "Deadline: 12th March 2026",
    "Application deadline: 12 March 2026",
    "This advert closes on 12 March 2026",
    "This vacancy will close at midnight on 12 March 2026",
    "Apply by 12/03/2026.",
    "Please apply by 12 March 2026 at 17:00",
    "Applications must be received by 12 March 2026.",
    "We welcome visits to the ward; the closing date for applications is 12 March 2026, and interviews follow soon after.",
]


@pytest.fixture(scope="module")
def config():
    return load_config(ROOT, Problems())


def front(text: str) -> dict:
    """The front matter of an imported file, read as YAML."""
    return yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))


def warnings(imported, field: str) -> list[str]:
    return [message for name, message in imported.warnings if name == field]


@pytest.mark.parametrize("phrase", PHRASINGS)
def test_each_closing_phrasing_is_read(phrase, config):
    imported = import_advert(ADVERT + phrase + "\n", config, TODAY, "advert.txt")
    assert str(front(imported.text)["closing"]).startswith("2026-03-12"), imported.text
    assert not any("will close it" in m for m in warnings(imported, "closing")), imported.warnings


def test_a_line_that_only_states_the_closing_date_leaves_the_body_and_a_sentence_stays(config):
    alone = import_advert(ADVERT + "Deadline 12 Mar 2026\n", config, TODAY, "advert.txt")
    assert "Deadline" not in alone.text.split("\n---\n", 1)[1]
    sentence = PHRASINGS[-1]
    within = import_advert(ADVERT + sentence + "\n", config, TODAY, "advert.txt")
    assert sentence in within.text.split("\n---\n", 1)[1]


def test_a_time_given_with_the_closing_date_is_kept(config):
    imported = import_advert(ADVERT + "Closing date: Monday 16 March 2026 at 12:00 noon\n", config, TODAY, "advert.txt")
    assert front(imported.text)["closing"] == "2026-03-16 12:00"


def test_a_stated_date_that_cannot_be_read_is_written_as_stated_never_the_default(config):
    """The file then fails `jobboard check` until the editor writes the date: the board's 28 days never stand in for it."""
    imported = import_advert(ADVERT + "Closing date: 31 February 2026\n", config, TODAY, "advert.txt")
    assert front(imported.text)["closing"] == "31 February 2026"
    closing = warnings(imported, "closing")
    assert any("could not read the closing date" in m and "31 February 2026" in m for m in closing), imported.warnings
    assert not any("will close it" in m for m in closing)


@pytest.mark.parametrize("extra, used, other", [
    ("Closing date: 14 March 2026\nThis advert closes on Thursday 26 Feb 2026\n", "2026-03-14", "Thursday 26 Feb 2026"),
    ("The closing date is 20 February 2026\nDeadline for applications is 13 February 2026 at 12 noon.\n", "2026-02-20", "13 February 2026"),
])
def test_statements_that_disagree_are_both_quoted_and_the_first_is_used(extra, used, other, config):
    imported = import_advert(ADVERT + extra, config, TODAY, "advert.txt")
    assert str(front(imported.text)["closing"]).startswith(used)
    [conflict] = [m for m in warnings(imported, "closing") if "two closing dates" in m]
    assert used in conflict and other in conflict
    assert f"# the advert gives two closing dates: {used}" in imported.text, "the file says so too, above the field"


def test_no_closing_date_says_when_the_board_will_close_the_advert(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    text = (ROOT / "config.yaml").read_text(encoding="utf-8")
    (site / "config.yaml").write_text(re.sub(r"(?m)^max_open_days: \d+$", "max_open_days: 21", text), encoding="utf-8")
    config = load_config(site, Problems())
    posted = import_advert(ADVERT, config, TODAY, "advert.txt")
    assert "closing" not in front(posted.text)
    assert ("the advert states no closing date, so the board will close it 21 days after it was posted, on 2026-02-23"
            in " ".join(warnings(posted, "closing"))), posted.warnings
    added = import_advert(ADVERT.replace("Date posted: 2 February 2026\n", ""), config, TODAY, "advert.txt")
    assert "will close it 21 days after it was added, on 2026-01-26" in " ".join(warnings(added, "closing"))


@pytest.mark.parametrize("contact, way", [
    ("", None),
    ("To apply, e-mail your CV to ward.manager@example.nhs.uk\n", "email"),
    ("For an informal chat, call the ward on 01622 724100.\n", "phone"),
    ("Apply online at https://jobs.example.nhs.uk/staff-nurse\n", "apply_url"),
])
def test_an_advert_with_no_way_to_apply_is_a_warning(contact, way, empty_site, tmp_path):
    source = tmp_path / "advert.txt"
    source.write_text(ADVERT.replace("Email: jobs@example.nhs.uk\n", "") + contact + "Closes 12 Mar 2026\n", encoding="utf-8")
    result = run("import", "--site", empty_site, "--now", "2026-01-05", "--dry-run", source)
    assert result.returncode == 0, result.stderr
    data = front(result.stdout)
    assert ("no way to apply" in result.stderr) == (way is None), result.stderr
    if way == "apply_url":
        assert data["apply_url"] == "https://jobs.example.nhs.uk/staff-nurse"
    elif way:
        assert data["contact"][way] in contact


@pytest.mark.parametrize("text", [
    "Shopping list\n\nmilk\neggs\nbread\n",
    "Lemon drizzle cake\n\nIngredients\n225g butter\n225g caster sugar\n4 eggs\n\nMethod\nHeat the oven to 180C.\n"
    "Beat the butter and sugar, add the eggs, fold in the flour and bake for 45 minutes.\n",
])
def test_text_that_is_not_an_advert_is_refused_in_plain_words(text, config):
    with pytest.raises(NotAnAdvert) as refused:
        import_advert(text, config, TODAY, "pasted.txt")
    message = str(refused.value)
    assert re.match(r"pasted\.txt: this does not look like a job advert: of the facts an advert gives \(a job title, an employer, "
                    r"a band, a salary, a reference, a closing date\) it states (none|only a job title), and it has few", message), message
    assert message.endswith("nothing was written")


def test_an_advert_that_states_few_facts_is_still_read(config):
    text = ("Healthcare Assistant\n\nWe are recruiting a healthcare assistant to join our friendly ward team. "
            "You will support patients with personal care. Experience is welcome but not essential; apply today.\n")
    imported = import_advert(text, config, TODAY, "advert.txt")
    assert front(imported.text)["title"] == "Healthcare Assistant"
    assert {name for name, _ in imported.warnings} >= {"trust", "reference", "closing"}
