"""Choosing among wording variants so the assistant does not repeat itself.

The tracker already holds everything the assistant said in this conversation,
so variety needs no extra state: pick the first variant not said yet, and when
every variant has been said, callers offer a shorter follow-up instead.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Dict, Iterator, List, Optional, Pattern, Sequence

from rasa_sdk import Tracker

RECENT_BOT_MESSAGES = 200
PLACEHOLDER = re.compile(r"\{[A-Za-z_]+\}")
JUST_TALK = ("That's okay. We can just talk. What's on your mind?", "Fair enough. What would you like to talk about?", "Okay.")
"""After a no to an offer or to the direct question: no pressure, an open door."""


@lru_cache(maxsize=4096)
def _template(variant: str) -> Optional[Pattern[str]]:
    """A variant with placeholders ("If things change, {line}") as a pattern for the texts it can become; None
    for a variant without any, which is looked for as it is."""
    if not PLACEHOLDER.search(variant):
        return None
    return re.compile(".*?".join(re.escape(part) for part in PLACEHOLDER.split(variant)), re.S)


def within(variant: str, text: str) -> bool:
    """Whether a variant, filled in any way, is part of a text already said."""
    template = _template(variant)
    return variant in text if template is None else bool(template.search(text))


def latest_events(tracker: Tracker, messages: int) -> Iterator[Dict[str, Any]]:
    """The conversation's events, newest first, back to (not including) the person's ``messages``-th message before
    this one: what happened within their last few messages."""
    users = 0
    for event in reversed(list(tracker.events)):
        if event.get("event") == "user":
            users += 1
            if users > messages + 1:
                return
        yield event


def recent_bot_texts(tracker: Tracker, limit: int = RECENT_BOT_MESSAGES) -> List[str]:
    texts = [e.get("text") or "" for e in tracker.events if e.get("event") == "bot"]
    return texts[-limit:]


def previous_action(tracker: Tracker) -> Optional[str]:
    """The last action the assistant took before the latest message (not counting listening)."""
    events = list(tracker.events)
    if events and events[-1].get("event") == "user":
        events = events[:-1]
    return next((str(e["name"]) for e in reversed(events) if e.get("event") == "action" and e.get("name") not in (None, "action_listen")), None)


def said_before(text: str, tracker: Tracker) -> bool:
    """Whether these words are part of something already said in this conversation."""
    return any(text in said for said in recent_bot_texts(tracker))


def fresh(variants: Sequence[str], tracker: Tracker) -> Optional[str]:
    """The first variant not said yet in this conversation, or None when all have been."""
    said = recent_bot_texts(tracker)
    return next((v for v in variants if not any(within(v, text) for text in said)), None)


def pick(variants: Sequence[str], tracker: Tracker) -> str:
    """The first variant not said in the recent conversation, else the least recent one."""
    unsaid = fresh(variants, tracker)
    if unsaid is not None:
        return unsaid
    said = recent_bot_texts(tracker)
    last_seen: Dict[str, int] = {v: max(i for i, text in enumerate(said) if within(v, text)) for v in variants}
    return min(variants, key=lambda v: last_seen[v])


def ordered(variants: Sequence[str], tracker: Tracker) -> List[str]:
    """The variants, those never said first (in their own order), then from the least recently said."""
    said = recent_bot_texts(tracker)
    last = {v: max((i for i, text in enumerate(said) if within(v, text)), default=-1) for v in variants}
    return sorted(variants, key=lambda v: last[v])


def unsaid_message(candidates: Sequence[str], tracker: Tracker) -> Optional[str]:
    """The first whole message not already sent word for word in this conversation."""
    said = set(recent_bot_texts(tracker))
    return next((c for c in candidates if c not in said), None)


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


def full_stop(text: str) -> str:
    """``text`` ending in one full stop: a time said as "9 a.m." already has it."""
    return text if text.endswith((".", "!", "?")) else text + "."
