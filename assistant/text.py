"""Turning whatever arrives from a user into text the NLU can safely read.

Every channel goes through :func:`clean`, so an odd encoding, a huge paste or a
Rasa command such as ``/intent{...}`` is read as plain words, never obeyed.
"""
from __future__ import annotations

import re
import unicodedata

from assistant.settings import MAX_MESSAGE_CHARS

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_SPACE = re.compile(r"\s+")


def decode(raw: bytes) -> str:
    """Bytes from a pipe or a file, with invalid UTF-8 replaced rather than fatal."""
    return raw.decode("utf-8", errors="replace")


def clean(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """Normalised, single-line, length-limited text that Rasa will not treat as a command.

    Rasa reads a message starting with "/" as an intent and slot injection; a
    user's leading slashes are dropped so the words are understood as words.
    """
    text = unicodedata.normalize("NFKC", text.replace("\ufffd", " "))
    text = _SPACE.sub(" ", _CONTROL.sub(" ", text)).strip()
    text = text.lstrip("/").strip()
    if len(text) > limit:
        cut = text[:limit]
        text = cut[: cut.rfind(" ")] if " " in cut[limit // 2 :] else cut
    return text
