"""Time `jobboard import` on large hostile pastes: `python benchmarks/import_speed.py --size 1000000 --runs 3`.

Each paste is a real advert with a block of one awkward kind added (a million spaces, capitals, nines after "£" …),
piped to `jobboard import --dry-run` as an editor's paste would be. It prints the median seconds of each, and the
exit code and last line the command printed, so that a hang, a traceback or a refusal shows beside the time.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
# A real advert of the project's own kind, used when the seeds are not beside the repository.
FALLBACK = """Staff Nurse
Kent and Medway NHS and Social Care Partnership Trust
Reference number: 380-WK0316
Band 5
Salary: £31,049 - £37,796 a year
Closing date: 14/03/2026

Job overview
Caring for patients on an acute ward.
"""


def pastes(size: int, advert: str) -> dict[str, str]:
    """The awkward pastes, each about `size` characters beside the advert."""
    return {
        "spaces in a line": advert.replace("\n", "\n" + " " * size + "x\n", 1),
        "capitals": advert + "\n" + "A" * size + "\n",
        "capital words": advert + "\n" + "ABCDEFGH " * (size // 9) + "\n",
        "nines after £": "Salary: £" + "9" * size + "\n" + advert,
        "the advert repeated": advert * max(1, size // len(advert)),
        "pounds": advert + "\nSalary: " + "£1,000 " * (size // 7) + "\n",
        "pipes": advert + "\n" + "| " * (size // 2) + "\n",
    }


def run_once(text: str, site: Path) -> tuple[float, int, str]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "generator", "import", "--site", str(site), "--dry-run", "--now", "2026-12-01"],
                          input=text, capture_output=True, text=True, cwd=ROOT, timeout=600)
    last = (done.stderr.strip().splitlines() or [""])[-1][:100]
    return time.perf_counter() - started, done.returncode, last


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="characters of each awkward block (default 1,000,000)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each paste; the median is printed (default 3)")
    args = parser.parse_args()
    seed = sorted(SEEDS.glob("*.txt"))
    advert = seed[1].read_text(encoding="utf-8") if len(seed) > 1 else FALLBACK
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        (site / "config.yaml").write_text((ROOT / "config.yaml").read_text(encoding="utf-8"), encoding="utf-8")
        print(f"| Paste ({args.size:,} characters) | Median (s) | Exit | Last line |")
        print("| --- | ---: | ---: | --- |")
        for name, text in pastes(args.size, advert).items():
            results = [run_once(text, site) for _ in range(args.runs)]
            median = statistics.median(r[0] for r in results)
            print(f"| {name} ({len(text):,} characters) | {median:.2f} | {results[-1][1]} | {results[-1][2]} |", flush=True)


if __name__ == "__main__":
    main()
