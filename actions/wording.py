"""Choosing among wording variants so the assistant does not repeat itself.

The tracker already holds everything the assistant said in this conversation,
so variety needs no extra state: pick the first variant not said recently.
"""
from __future__ import annotations

from typing import List, Sequence

from rasa_sdk import Tracker

RECENT_BOT_MESSAGES = 40


def recent_bot_texts(tracker: Tracker, limit: int = RECENT_BOT_MESSAGES) -> List[str]:
    texts = [e.get("text") or "" for e in tracker.events if e.get("event") == "bot"]
    return texts[-limit:]


def pick(variants: Sequence[str], tracker: Tracker) -> str:
    """The first variant not said in the recent conversation, else the least recent one."""
    said = recent_bot_texts(tracker)
    last_seen = {}
    for variant in variants:
        positions = [i for i, text in enumerate(said) if variant in text]
        if not positions:
            return variant
        last_seen[variant] = positions[-1]
    return min(variants, key=lambda v: last_seen[v])


def person_phrase(relation: str | None) -> str:
    """'your friend', 'your mum'... for the friend guide, from the relation entity."""
    words = {
        "partner": "your partner",
        "parent": "your parent",
        "sibling": "your brother or sister",
        "child": "your child",
        "relative": "your relative",
        "colleague": "your colleague",
        "flatmate": "the person you live with",
    }
    return words.get(relation or "", "your friend")
