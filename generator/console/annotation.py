"""Problems as a terminal shows them, and as GitHub Actions workflow commands, which GitHub shows on the file and line they name."""

from __future__ import annotations

import sys

from generator.model.problems import Problem, Problems


def escape_data(text: str) -> str:
    """A command's message, escaped as GitHub's toolkit does, so a line break cannot end the command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value, which must also not hold the `,` and `:` that separate properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem) -> str:
    """`::error file=PATH,line=N,title=FIELD::MESSAGE` (or `::warning …`) for one problem."""
    properties = []
    # "--base-url" and the like name an option, not a file in the repository.
    if problem.path and not problem.path.startswith("-"):
        properties.append(f"file={escape_property(problem.path)}")
    if problem.line:
        properties.append(f"line={problem.line}")
    if problem.field:
        properties.append(f"title={escape_property(problem.field)}")
    kind = "warning" if problem.warning else "error"
    return f"::{kind}{' ' if properties else ''}{','.join(properties)}::{escape_data(problem.message)}"


def report(problems: Problems, quiet: bool = False, form: str = "text") -> None:
    """Print every problem, errors and warnings alike, in file order."""
    for problem in problems.sorted():
        if quiet and problem.warning:
            continue
        if form == "github":
            # The runner reads workflow commands from standard output.
            print(annotation(problem), flush=True)
        else:
            print(problem, file=sys.stderr)
