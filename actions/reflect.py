"""The first words of an answer: what the person told us, said back in their own terms.

"my mum has dementia and i'm so tired" is answered "Thank you for telling me about your mum and
the dementia." before the advice, so a long, honest message is met as what it is. The word
lists are data (``data/content/reflections.yml``); this module only matches them.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import List, Optional, Pattern, Tuple

from rasa_sdk import Tracker

from actions import content
from actions.wording import pick

MAX_THINGS = 3


@lru_cache(maxsize=None)
def _compiled() -> Tuple[List[Tuple[Pattern[str], str]], List[Tuple[Pattern[str], str]], List[str]]:
    raw = content.reflections()
    tables = []
    for key in ("who", "what"):
        table = []
        for row in raw[key]:
            alternatives = "|".join(re.escape(str(w)).replace(r"\ ", r"\s+") for w in row["words"])
            prefix = r"\bmy\s+(?:\w+\s+)?" if key == "who" else r"\b"  # people: only the person's own ("my mum")
            after = "|".join(re.escape(str(w)).replace(r"\ ", r"\s+") for w in row.get("not_followed_by") or [])
            unless = rf"(?!\s+(?:{after})\b)" if after else ""  # "sick of everyone" is not an illness
            table.append((re.compile(rf"{prefix}(?:{alternatives})\b{unless}", re.IGNORECASE), row["phrase"]))
        tables.append(table)
    return tables[0], tables[1], raw["openers"]


def things_said(text: str) -> List[str]:
    """Who and what the message names, in the order they come, at most three."""
    who, what, _ = _compiled()
    found: List[Tuple[int, str]] = []
    for pattern, phrase in who + what:
        match = pattern.search(text)
        if match and phrase not in (p for _, p in found):
            found.append((match.start(), phrase))
    return [phrase for _, phrase in sorted(found)[:MAX_THINGS]]


def person_named(text: str) -> Optional[str]:
    """The first person the message names as theirs ("my mum" -> "your mum"), for answers about them."""
    who, _, _ = _compiled()
    found = sorted((m.start(), phrase) for pattern, phrase in who for m in [pattern.search(text)] if m)
    return found[0][1] if found else None


def _join(things: List[str]) -> str:
    return things[0] if len(things) == 1 else f"{', '.join(things[:-1])} and {things[-1]}"


def reflection(tracker: Tracker) -> Optional[str]:
    """A sentence reflecting what they said, or None when the message names nothing we know."""
    things = things_said(tracker.latest_message.get("text") or "")
    if not things:
        return None
    return pick(_compiled()[2], tracker).format(things=_join(things))
