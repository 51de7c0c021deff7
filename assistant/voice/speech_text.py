"""Turning reply text into words a synthetic voice says well.

Phone numbers are read digit by digit with small pauses between groups ("116 123" ->
"1 1 6, 1 2 3"), web addresses are read as words, and symbols a voice would spell out
are dropped.
"""
from __future__ import annotations

import re

_URL = re.compile(r"https?://(?:www\.)?([a-z0-9.-]+)(?:/\S*)?", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\w.])(\d[\d -]*\d|\d)(?![\w])")


def _digits(match: re.Match) -> str:
    groups = [g for g in re.split(r"[ -]+", match.group(1)) if g]
    return ", ".join(" ".join(group) for group in groups)


def speakable(text: str) -> str:
    text = _URL.sub(lambda m: m.group(1).replace(".", " dot "), text)
    text = _NUMBER.sub(_digits, text)
    text = text.replace("“", "").replace("”", "").replace("\"", "")
    return re.sub(r"\s+", " ", text).strip()
