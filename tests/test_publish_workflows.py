"""The GitHub Actions workflows: they pass actionlint, have the shape the README promises, and call what exists."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from generator.cli import parser

WORKFLOWS = ROOT / ".github" / "workflows"
PAGES, CHECK = WORKFLOWS / "pages.yml", WORKFLOWS / "check.yml"


def actionlint() -> str:
    """The actionlint command installed with the test tools (pyproject.toml's `test` extra)."""
    beside = Path(sys.executable).parent / "actionlint"
    found = str(beside) if beside.exists() else shutil.which("actionlint")
    assert found, "actionlint is not installed: pip install -e '.[test]'"
    return found


def load(file: Path) -> dict:
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def uses(workflow: dict, job: str) -> list[str]:
    return [step["uses"].split("@")[0] for step in steps(workflow, job) if "uses" in step]


def commands(workflow: dict) -> list[list[str]]:
    """Every command line the workflow runs, split as the shell would (before expression substitution)."""
    return [shlex.split(line) for job in workflow["jobs"] for step in steps(workflow, job)
            for line in step.get("run", "").splitlines() if line.strip()]


@pytest.mark.parametrize("file", [PAGES, CHECK], ids=lambda f: f.name)
def test_workflow_passes_actionlint(file):
    result = subprocess.run([actionlint(), "-no-color", str(file)], capture_output=True, text=True, cwd=ROOT)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_actionlint_does_find_mistakes(tmp_path):
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(PAGES.read_text(encoding="utf-8").replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest", 1)
                      .replace("steps.pages.outputs.base_url", "steps.nowhere.outputs.base_url"), encoding="utf-8")
    result = subprocess.run([actionlint(), "-no-color", str(broken)], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 1
    assert "runs_on" in result.stdout and "nowhere" in result.stdout


def test_pages_workflow_deploys_on_push_by_hand_and_daily():
    pages = load(PAGES)
    assert pages["on"]["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in pages["on"]
    [schedule] = pages["on"]["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month, weekday) == ("*", "*", "*") and hour.isdigit() and minute.isdigit(), "once a day"
    assert pages["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert pages["concurrency"]["group"] and pages["concurrency"]["cancel-in-progress"] is False
    assert uses(pages, "build") == ["actions/checkout", "actions/setup-python", "actions/setup-node", "actions/configure-pages",
                                    "actions/cache", "actions/upload-pages-artifact"]
    python = next(s for s in steps(pages, "build") if s.get("uses", "").startswith("actions/setup-python"))
    assert python["with"]["cache"] == "pip" and (ROOT / python["with"]["cache-dependency-path"]).is_file()
    node = next(s for s in steps(pages, "build") if s.get("uses", "").startswith("actions/setup-node"))
    assert (ROOT / node["with"]["cache-dependency-path"]).is_file(), "npm caching needs the lock file the Makefile installs from"
    assert next(s for s in steps(pages, "build") if s.get("uses", "").startswith("actions/configure-pages"))["id"] == "pages"
    build = [c for c in commands(pages) if c[:2] == ["make", "build"]]
    assert build == [["make", "build", "ARGS=--base-url ${{ steps.pages.outputs.base_url }}"]]
    upload = next(s for s in steps(pages, "build") if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"].rstrip("/") == "output"
    deploy = pages["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert uses(pages, "deploy") == ["actions/deploy-pages"]


def test_pages_workflow_restores_the_build_cache_and_the_last_site_before_building():
    """A published build is incremental: the cache and the site it matches come back, keyed so new code starts afresh."""
    pages = load(PAGES)
    names = [s.get("uses", "").split("@")[0] or s.get("run", "") for s in steps(pages, "build")]
    cache = next(s for s in steps(pages, "build") if s.get("uses", "").startswith("actions/cache@"))
    assert names.index("actions/cache") < next(i for i, n in enumerate(names) if n.startswith("make build"))
    assert set(cache["with"]["path"].split()) == {".cache/jobboard", "output"}
    key, restore = cache["with"]["key"], cache["with"]["restore-keys"].strip().splitlines()
    for wanted in ("pyproject.toml", "package-lock.json", "generator/**", "themes/**"):
        assert wanted in key, f"a change of {wanted} must start afresh"
    # Cache keys cannot be overwritten: each run saves under its own, and the next restores the newest by its prefix.
    assert key.endswith("${{ github.run_id }}") and len(restore) == 1 and key.startswith(restore[0])
    assert restore[0] == key.removesuffix("${{ github.run_id }}")


def test_check_workflow_annotates_builds_and_summarises_pull_requests():
    check = load(CHECK)
    assert list(check["on"]) == ["pull_request"]
    assert check["permissions"] == {"contents": "read"}
    checkout = steps(check, "check")[0]
    assert checkout["uses"].startswith("actions/checkout@") and checkout["with"]["fetch-depth"] >= 2, "HEAD^1 must be fetched"
    runs = commands(check)
    assert ["make", "check", "ARGS=--strict --format github"] in runs
    assert any(c[:2] == ["make", "build"] for c in runs)
    summary = next(c for c in runs if "changes" in c)
    assert summary[-2:] == [">>", "$GITHUB_STEP_SUMMARY"] and "--base" in summary


@pytest.mark.parametrize("file", [PAGES, CHECK], ids=lambda f: f.name)
def test_every_command_exists(file):
    """Each make target is in the Makefile, and each jobboard command line is one the program accepts."""
    targets = set(re.findall(r"^([\w.-]+):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.MULTILINE))
    for command in commands(load(file)):
        if command[0] == "make":
            target, args = command[1], [a.removeprefix("ARGS=") for a in command[2:] if a.startswith("ARGS=")]
            assert target in targets, command
            # The expression is replaced by the runner before the shell sees it: stand in a URL like configure-pages gives.
            jobboard = [target, *shlex.split((args[0] if args else "").replace("${{ steps.pages.outputs.base_url }}", "https://example.github.io/jobs"))]
        else:
            assert command[0] == ".venv/bin/jobboard", command  # the Makefile installs it there
            jobboard = command[1:command.index(">>")] if ">>" in command else command[1:]
        parser().parse_args(jobboard)
