"""The characters that HTML and XML cannot hold, which no field or advert text may carry into a page or a feed."""

from __future__ import annotations

import re

# Control characters, and the characters XML 1.0 cannot hold at all (U+FFFE, U+FFFF, lone surrogates): any of them
# in a field would make every feed listing the advert unreadable.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def has_controls(text: str) -> bool:
    """Whether text has a control character (NUL included), which HTML and XML cannot hold."""
    return _CONTROL.search(text) is not None


def strip_controls(text: str) -> str:
    """Text without control characters, which are invalid in HTML and XML."""
    return _CONTROL.sub("", text)


