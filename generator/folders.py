"""Where a site keeps its vacancy files, named in a module light enough for the command line to read first."""

from pathlib import Path

VACANCIES = Path("content") / "vacancies"
