"""The shape checks every content file shares: reading YAML, its regular expressions, required keys.

Kept apart from the loaders (``content.py``, ``safety_content.py``) so each of those holds only what its files mean.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Optional, Pattern, Sequence, Tuple

import yaml

DATA = Path(__file__).resolve().parent.parent / "data"


class ContentError(ValueError):
    """A content file is missing, unreadable or does not match its schema."""


def read_yaml(path: Path) -> Any:
    """A YAML file's contents; unreadable or malformed, a :class:`ContentError` naming the file."""
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except (OSError, yaml.YAMLError) as error:
        raise ContentError(f"{path}: {error}") from error


UNJOINABLE = re.compile(r"\(\?[aiLmsux-]+[:)]|\(\?P[<=]|\\[1-9]")
"""What would change meaning, or fail, once a list's patterns are joined into one alternation (:func:`matches_any`)."""


def check_pattern(source: str, pattern: Any) -> None:
    """A regular expression from a content file: it must compile, and hold no control character, which is what
    "\\b" becomes in a double-quoted YAML string (a backspace that never matches)."""
    if not isinstance(pattern, str) or any(ord(char) < 32 for char in pattern):
        raise ContentError(f"{source}: {pattern!r}: not a pattern (in double quotes, write \\\\b, or use single quotes)")
    if UNJOINABLE.search(pattern):
        raise ContentError(f"{source}: {pattern!r}: no inline flags, named groups or back-references (lists are searched as one alternation)")
    try:
        re.compile(pattern)
    except re.error as error:
        raise ContentError(f"{source}: {pattern!r}: {error}") from error


@lru_cache(maxsize=None)
def _alternation(patterns: Tuple[str, ...]) -> Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))


def matches_any(patterns: Optional[Sequence[str]], text: str) -> bool:
    """Whether any of a content file's patterns is found in ``text`` (the list compiled once, as one alternation)."""
    if not patterns:
        return False
    return _alternation(tuple(patterns)).search(text) is not None


def require(source: str, mapping: Dict[str, Any], key: str, kind: type) -> Any:
    """``mapping[key]``, which must be a non-empty value of ``kind``; otherwise an error naming the file and key."""
    value = mapping.get(key)
    if not isinstance(value, kind) or (isinstance(value, (str, list)) and not value):
        raise ContentError(f"{source}: '{key}' must be a non-empty {kind.__name__}")
    return value
