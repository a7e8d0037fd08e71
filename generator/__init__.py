"""jobboard: a static site generator for NHS job adverts."""

__version__ = "0.1.0"
