"""In crisis mode, what a message says about the risk told before it: a misreading put right, a means kept, defiance.

Each reads the latest message against the conversation, so that the crisis-mode answer (actions/safety.py) can stop
asking when a first message was only misread ("I mean in this job"), and never when risk was explicit or is told again.
"""
from __future__ import annotations

import re
from typing import List

from rasa_sdk import Tracker

from actions import content
from actions.resources import lowered
from assistant.safety.lexicon import assess, names_means

RECENT = 12
"""How many of the person's latest messages are read for a means they named or the risk crisis mode began with."""
ONLY_A_PLACE = re.compile(r"\b(?:be|being|stay|staying|exist|existing|live|living|around) (?:here|around here|in this place)\b")
"""The words of a first message that a place named after it can explain ("i don't want to be here anymore")."""
PLACE_READABLE = frozenset({"not_want_alive", "not_around"})
"""The lexicon's readings of such a message; any other standing reading (a means, a plan, a goodbye) is not explained."""


def _said(tracker: Tracker) -> List[str]:
    return [lowered(e.get("text") or "") for e in tracker.events if e.get("event") == "user"][-RECENT:]


def _risk_now(tracker: Tracker) -> bool:
    """Whether the NLU reads risk in this very message: then no pattern sets it aside as a misreading."""
    return (tracker.latest_message.get("crisis") or {}).get("level") in ("crisis", "check")


def misread(tracker: Tracker) -> bool:
    """"lol not literally", "not suicidal, just exhausted from work", or a place ("I mean in this job") after a first
    message only about being here: the questions may stop. Never when this message itself reads as risk, nor a place
    after explicit words ("i want to kill myself", then "i meant at school")."""
    talk, said = content.safety_talk(), _said(tracker)
    if not said or _risk_now(tracker):
        return False
    if content.matches_any(talk["misread_patterns"], said[-1]):
        return True
    if not content.matches_any(talk["misread_place_patterns"], said[-1]):
        return False
    readings = [assess(text).standing for text in said[:-1]]
    risky = [(text, found) for text, found in zip(said[:-1], readings) if found]
    return bool(risky) and all(ONLY_A_PLACE.search(text) and {m.name for m in found} <= PLACE_READABLE for text, found in risky)


def refuses_means(tracker: Tracker) -> bool:
    """"no i'm not going to hand it over to anyone", of the gun by the bed they named: never safety."""
    talk, said = content.safety_talk(), _said(tracker)
    if not said or not content.matches_any(talk["refusing_means_patterns"], said[-1]) \
            or content.matches_any(talk["refusing_means_unless"], said[-1]):
        return False
    return any(names_means(text) and not any(m.category == "danger" for m in assess(text).standing) for text in said)


def defiant(tracker: Tracker) -> bool:
    """"no one can stop me", said alone in crisis mode: the urgent answer."""
    return content.matches_any(content.safety_talk()["defiant_patterns"], lowered(tracker.latest_message.get("text") or ""))
