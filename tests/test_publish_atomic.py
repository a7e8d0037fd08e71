"""A build killed with SIGKILL at any point leaves the last good output/ exactly as it was, and the next build tidies up;
a build stopped by Ctrl+C or `kill` tidies up after itself."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, run

NOW = "2026-03-01T09:00"
TICKS = os.sysconf("SC_CLK_TCK")


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder under `folder`."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else None for p in sorted(folder.rglob("*"))}


def site_state(site: Path) -> dict[str, bytes | None]:
    """Everything in the site folder (sources and output/) but what a killed build leaves beside output/, and the cache."""
    return {rel: data for rel, data in snapshot(site).items() if not rel.startswith((".output", ".cache"))}


def leftovers(site: Path) -> list[str]:
    """What builds left beside output/ but the spare, which every build that changes the site keeps there."""
    return sorted(p.name for p in site.iterdir() if p.name.startswith(".output") and p.name != ".output.spare")


def files_in(folder: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(folder))


def group_cpu(leader: int) -> float:
    """CPU seconds used so far by a process group: every live member, and the members already waited for."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue  # the process ended while we looked
        if int(fields[2]) == leader:  # its process group
            total += int(fields[11]) + int(fields[12])
            if stat.parent.name == str(leader):
                total += int(fields[13]) + int(fields[14])
    return total / TICKS


def start_build(site: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    # A session of its own, so that the kill reaches every process the build starts.
    return subprocess.Popen([sys.executable, "-m", "generator", "build", "--site", str(site), "--now", NOW],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True, env=env)


def wait_for(process: subprocess.Popen, ready) -> None:
    """Return as soon as ready() holds; fail if the build finishes first."""
    while not ready():
        if process.poll() is not None:
            pytest.fail(f"the build finished (exit {process.returncode}) before it could be stopped")
        time.sleep(0.002)


def kill_when(process: subprocess.Popen, ready) -> None:
    """SIGKILL the build as soon as ready() holds; fail if the build finishes first."""
    wait_for(process, ready)
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL


def dead_pid() -> int:
    """The id of a process that has ended and been waited for."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def published(site: Path) -> list[Path]:
    """The advert files that are on the site: not drafts, and posted before the clock (the generator quotes ISO dates)."""
    files = sorted((site / "content" / "vacancies").rglob("*.md"))
    return [f for f in files if "draft: true" not in (t := f.read_text(encoding="utf-8")) and re.search(r'\nposted: "2026-02-', t)]


def edit_one(site: Path, words: str) -> None:
    """Put words before the title of the first published advert."""
    file = published(site)[0]
    file.write_text(file.read_text(encoding="utf-8").replace("\ntitle: ", f"\ntitle: {words} ", 1), encoding="utf-8")


def measured_build(site: Path) -> float:
    """Build, and return the CPU time the build used before its writer began."""
    process = start_build(site)
    cpu = None
    while process.poll() is None:
        if cpu is None and list(site.glob(".output.new-*")):
            cpu = group_cpu(process.pid)
        time.sleep(0.002)
    assert process.returncode == 0, process.stderr.read().decode()
    assert cpu, "the writer's folder beside output/ was never seen"
    return cpu


def generated(folder: Path, count: int, seed: int, theme: str = "default") -> Path:
    """A generated site of `count` adverts in `folder`/site, with `theme`."""
    site = folder / "site"
    made = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(count), str(site), "--seed", str(seed),
                           "--theme", theme],
                          capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stderr
    return site


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """A 1,000-advert site, built, then rebuilt after an edit to learn what such a rebuild costs before it writes."""
    site = generated(tmp_path_factory.mktemp("atomic"), 1000, 9)
    measured_build(site)
    edit_one(site, "Reworded")
    return site, measured_build(site)


@pytest.fixture
def built(large, tmp_path):
    """A fresh copy of the built site, with one advert edited and another deleted since the build."""
    source, cpu = large
    site = tmp_path / "site"
    subprocess.run(["cp", "-a", str(source), str(site)], check=True)
    edit_one(site, "Edited")
    published(site)[-1].unlink()
    return site, cpu, site_state(site)


def assert_next_build_recovers(site: Path, before: dict[str, bytes | None]) -> None:
    result = run("build", "--site", site, "--now", NOW)
    assert result.returncode == 0, result.stderr
    assert leftovers(site) == [], "the next build removed what the killed one left"
    after = snapshot(site / "output")
    assert any(b"Edited Reworded " in data for rel, data in after.items() if data and rel.startswith("vacancies/"))
    assert len(after) < len([rel for rel in before if rel.startswith("output/")]), "the deleted advert's page is gone"


@pytest.mark.slow
def test_killed_halfway_through_rendering(built):
    """Killed at half the CPU time a rebuild spends before writing: part way through reading and rendering the adverts."""
    site, cpu, before = built
    process = start_build(site)
    kill_when(process, lambda: group_cpu(process.pid) >= cpu / 2)
    assert leftovers(site) == [], "killed before the writer began"
    assert site_state(site) == before, "output/ and everything else are byte for byte as they were"
    assert_next_build_recovers(site, before)


@pytest.mark.slow
def test_killed_halfway_through_writing(built):
    site, _, before = built
    # With no cache, so no record of what output/ holds, the build writes the whole site beside it: killed half way.
    shutil.rmtree(site / ".cache")
    process = start_build(site)
    half = len([rel for rel, data in before.items() if rel.startswith("output/") and data is not None]) // 2
    kill_when(process, lambda: any(files_in(f) >= half for f in site.glob(".output.new-*")))
    [partial] = leftovers(site)
    assert partial == f".output.new-{process.pid}"
    assert half <= files_in(site / partial) < 2 * half, "killed while writing"
    assert site_state(site) == before, "output/ and everything else are byte for byte as they were"
    assert_next_build_recovers(site, before)


@pytest.mark.slow
@pytest.mark.parametrize("stop", ["Ctrl+C", "kill"])
def test_a_build_stopped_halfway_through_writing_tidies_up_after_itself(built, tmp_path, stop):
    """Ctrl+C reaches every process of the build (the terminal's process group); `kill` reaches the command alone."""
    site, _, before = built
    shutil.rmtree(site / ".cache")  # the whole site is written beside output/, as in the test above
    temp = tmp_path / "tmp"
    temp.mkdir()
    process = start_build(site, env={**os.environ, "TMPDIR": str(temp)})
    half = len([rel for rel, data in before.items() if rel.startswith("output/") and data is not None]) // 2
    wait_for(process, lambda: any(files_in(f) >= half for f in site.glob(".output.new-*")))
    if stop == "Ctrl+C":
        os.killpg(process.pid, signal.SIGINT)
    else:
        process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130
    assert err.decode().strip() == "jobboard: stopped", "one line, no traceback from the command or its workers"
    assert leftovers(site) == [], "the build removed its own half-written folder"
    assert list(temp.iterdir()) == []
    assert site_state(site) == before, "output/ and everything else are byte for byte as they were"
    assert_next_build_recovers(site, before)


BROKEN = "---\ntitle: Broken\ntrust: TEWV\nband: Band 99\nreference: BROKEN-1\nclosing: 2026-03-20\n---\nText.\n"


def test_a_build_killed_between_its_two_renames_loses_nothing(site_copy):
    """Killed after output/ was renamed aside and before the new site took its place, output/ is missing:
    the next build puts the last site back, even when that build fails."""
    site = site_copy("board")
    assert run("build", "--site", site, "--now", NOW).returncode == 0
    before = snapshot(site / "output")
    pid = dead_pid()
    (site / "output").rename(site / f".output.old-{pid}")
    (site / f".output.new-{pid}").mkdir()
    (site / f".output.new-{pid}" / "index.html").write_text("half a site", encoding="utf-8")
    (site / "content" / "vacancies" / "broken.md").write_text(BROKEN, encoding="utf-8")

    failed = run("build", "--site", site, "--now", NOW)
    assert failed.returncode == 1 and failed.stderr.rstrip().endswith("nothing was written")
    assert leftovers(site) == []
    assert snapshot(site / "output") == before

    (site / "content" / "vacancies" / "broken.md").unlink()
    (site / "output").rename(site / f".output.old-{pid}")
    assert run("build", "--site", site, "--now", NOW).returncode == 0
    assert leftovers(site) == []
    assert snapshot(site / "output") == before


def test_the_folders_of_a_build_still_running_are_left_alone(site_copy):
    site = site_copy("board")
    running = site / f".output.new-{os.getpid()}"  # this test's own process is alive
    running.mkdir()
    (running / "index.html").write_text("being written", encoding="utf-8")
    assert run("build", "--site", site, "--now", NOW).returncode == 0
    assert leftovers(site) == [running.name]
    assert (running / "index.html").read_text(encoding="utf-8") == "being written"


# The kill test: a 3,000-advert site in the nhsuk theme, switched between two sets of adverts (A, and B with some
# edited, deleted and added) and killed at many moments of the build that follows each switch.
KILLS = 20


def tree(folder: Path) -> dict[str, str]:
    """Every file under `folder` by its path, with a digest of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


def adverts(site: Path) -> dict[str, bytes]:
    """Every vacancy file by its path, with its bytes."""
    folder = site / "content" / "vacancies"
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.md"))}


def switch(site: Path, to: dict[str, bytes]) -> None:
    """Make the site's vacancy files exactly `to`, writing only the files that differ (as a checkout would)."""
    folder = site / "content" / "vacancies"
    now = adverts(site)
    for rel in now.keys() - to.keys():
        (folder / rel).unlink()
    for rel, data in to.items():
        if now.get(rel) != data:
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_bytes(data)


def second_set(first: dict[str, bytes]) -> dict[str, bytes]:
    """B: ten adverts retitled, five deleted and five new ones (copies under new references)."""
    rels = sorted(first)
    second = dict(first)
    for rel in rels[::300]:
        second[rel] = first[rel].replace(b"\ntitle: ", b"\ntitle: Retitled ", 1)
    for rel in rels[7::600]:
        del second[rel]
    for number, rel in enumerate(rels[3:8]):
        text = first[rel].decode()
        reference = re.search(r"\nreference: (.*)\n", text).group(1)
        second[f"new/added-{number}.md"] = text.replace(reference, f"ADDED-{number}", 1).encode()
    return second


def staged_files(site: Path) -> int:
    return sum(files_in(f) for f in site.glob(".output.new-*"))


def kill_at(site: Path, seconds: float | None) -> tuple[bool, float]:
    """Start a build and SIGKILL it after `seconds`, or (None) once it is moving staged files out in its commit step.

    Returns whether it was killed (False: it finished first), and how long it ran."""
    process = start_build(site)
    started, most = time.monotonic(), 0
    while process.poll() is None:
        if seconds is not None and time.monotonic() - started >= seconds:
            break
        if seconds is None:
            count = staged_files(site)
            most = max(most, count)
            if most and count < most:  # files are leaving the staging folder: the commit has begun
                break
        time.sleep(0.001)
    else:
        assert process.returncode == 0, process.stderr.read().decode()
        return False, time.monotonic() - started
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=60)
    return process.returncode == -signal.SIGKILL, time.monotonic() - started


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """The 3,000-advert nhsuk site built from A, and the clean --no-cache builds of A and of B to compare with."""
    site = generated(tmp_path_factory.mktemp("kill"), 3000, 3, "nhsuk")
    first = adverts(site)
    second = second_set(first)
    clean = {}
    for name, files in (("A", first), ("B", second)):
        switch(site, files)
        result = run("build", "--site", site, "--now", NOW, "--no-cache", "--quiet", "--output", site.parent / name)
        assert result.returncode == 0, result.stderr
        clean[name] = tree(site.parent / name)
        shutil.rmtree(site.parent / name)
    assert clean["A"] != clean["B"]
    switch(site, first)
    assert run("build", "--site", site, "--now", NOW, "--quiet").returncode == 0
    assert tree(site / "output") == clean["A"]
    return site, {"A": first, "B": second}, clean


@pytest.mark.slow
def test_killed_at_any_moment_output_is_the_last_site_or_the_new_one(big):
    """SIGKILLs across the whole build, commit step included: output/ is always exactly one whole site, and the next
    build equals a clean build."""
    site, sets, clean = big
    current, outcomes, took = "A", [], None
    while sum(killed for _, killed, _ in outcomes) < KILLS:
        assert len(outcomes) < 2 * KILLS, f"too many builds finished before their kill: {outcomes}"
        target = "A" if current == "B" else "B"
        switch(site, sets[target])
        # Moments spread over the whole of a build like the last one, in a scattered order, and every fourth one in
        # the commit step itself. The first build runs whole, to measure.
        n = len(outcomes)
        moment = None if n % 4 == 3 else took * ((n * 7) % 19 + 1) / 20 if took else 1e9
        killed, ran = kill_at(site, moment)
        found = tree(site / "output")
        assert found in (clean[current], clean[target]), f"killed at {moment}: output/ is a mix of two sites"
        outcomes.append((moment, killed, "new" if found == clean[target] else "last"))
        if not killed:
            took = ran  # a whole build after a switch
        started = time.monotonic()
        result = run("build", "--site", site, "--now", NOW, "--quiet")
        assert result.returncode == 0, result.stderr
        if killed and found == clean[current]:
            took = time.monotonic() - started  # the next build did all of the switch's work
        assert tree(site / "output") == clean[target], "the build after the kill equals a clean build"
        assert leftovers(site) == []
        current = target
    assert sum(killed for moment, killed, _ in outcomes if moment is None) >= KILLS // 4 - 2, "killed in the commit step"
    print(f"{sum(k for _, k, _ in outcomes)} kills in {len(outcomes)} builds, {sum(k for m, k, _ in outcomes if m is None)} "
          f"in the commit step; output/ was the last site {sum(k and s == 'last' for _, k, s in outcomes)} times and "
          f"the new one {sum(k and s == 'new' for _, k, s in outcomes)} times")


def test_two_builds_at_once_take_turns(site_copy, tmp_path):
    """Two builds of one site started together both succeed, and the site is what a clean build makes."""
    site = site_copy("board")
    assert run("build", "--site", site, "--now", NOW).returncode == 0
    first = sorted((site / "content" / "vacancies").glob("*.md"))[0]
    first.write_text(first.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: Concurrent ", 1), encoding="utf-8")
    builds = [start_build(site) for _ in range(2)]
    for process in builds:
        process.communicate(timeout=300)
        assert process.returncode == 0
    clean = run("build", "--site", site, "--now", NOW, "--no-cache", "--output", tmp_path / "clean")
    assert clean.returncode == 0, clean.stderr
    assert snapshot(site / "output") == snapshot(tmp_path / "clean")
    assert leftovers(site) == []
