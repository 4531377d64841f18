"""Character sets as one regular expression, for text tests the engine runs at once (issue 15)."""
from __future__ import annotations

import re
from collections.abc import Iterable


def character_set(codes: Iterable[int]) -> re.Pattern[str]:
    """A regular expression matching one of the characters ``codes`` (ascending), written as ranges."""
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return re.compile("[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges) + "]")
