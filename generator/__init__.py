"""jobboard: a static site generator for NHS job adverts."""

from pathlib import Path

__version__ = "0.1.0"

PACKAGE = Path(__file__).resolve().parent  # the package's own folder, wherever a module sits inside it
DATA = PACKAGE / "data"  # the data jobboard ships (pay tables, places, the register of employers), each credited
