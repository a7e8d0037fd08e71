"""Run the jobboard command line as `python -m generator`."""

from generator.cli import run

run()
