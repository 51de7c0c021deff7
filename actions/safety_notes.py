"""Notes added to an answer in crisis mode: putting a means of harm out of reach, and a word about a plan named; and
whether an overdose was told lately, which changes what tiredness means.

Each is said once per conversation, before the answer's closing question (``safety_talk.yml``: ``means_away``,
``plan_aside``).
"""
from __future__ import annotations

from rasa_sdk import Tracker

from actions import content
from actions.resources import lowered, risk_said
from actions.wording import pick, said_before
from assistant.safety.lexicon import assess, names_means

PLAN_SIGNS = frozenset({"have_a_plan", "all_ready", "mind_made_up", "calm_after_deciding", "the_night", "ready_for_after",
                        "by_then_over", "giving_things_away", "give_away", "goodbye_ish"})
"""Warning signs that, in a conversation already in crisis mode, mean a plan, a decision or a goodbye: the urgent
answer, not the reminder ("i've made my decision and i feel calm now" is no reason to relax)."""


def means_still_near(tracker: Tracker) -> str:
    """Once per conversation, the suggestion to put a means of harm out of reach, when one was named in what they
    wrote ("the rope is under my bed") and they have not said it is already away; else ""."""
    talk = content.safety_talk()
    said = [lowered(e.get("text") or "") for e in tracker.events if e.get("event") == "user"][-12:]
    # a means in someone else's hands ("he had a knife") is not theirs to put away
    own = [text for text in said if names_means(text) and not any(m.category == "danger" for m in assess(text).standing)]
    if (not own or any(content.matches_any(talk["means_away_done"], text) for text in said)
            or any(said_before(line, tracker) for line in talk["means_away"])):
        return ""
    return pick(talk["means_away"], tracker)


def plan_named(tracker: Tracker) -> str:
    """Once per conversation, a word about the plan, date or decision they named earlier (``PLAN_SIGNS``); else ""."""
    talk = content.safety_talk()
    said = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"][-12:]
    if any(said_before(line, tracker) for line in talk["plan_aside"]) or not any(PLAN_SIGNS & risk_said(t) for t in said):
        return ""
    return pick(talk["plan_aside"], tracker)


def with_means_note(text: str, tracker: Tracker) -> str:
    """``text`` with the means note (:func:`means_still_near`), or else the plan note (:func:`plan_named`),
    before its closing question, if it has one."""
    note = means_still_near(tracker) or plan_named(tracker)
    if not note:
        return text
    head, _, question = text.rpartition(". ")
    if question.endswith("?") and head:
        return f"{head}. {note} {question}"
    return f"{text} {note}"


OVERDOSE_LATELY = 6
"""How many of the person's messages back an overdose told still explains "im getting sleepy"."""


def overdose_lately(tracker: Tracker) -> bool:
    """Whether an overdose was told in the person's last few messages (and crisis mode knows of it): what they feel
    now may be its effects. An overdose long ago in the conversation does not make tiredness an emergency."""
    if not tracker.get_slot("crisis_overdose"):
        return False
    said = [e for e in tracker.events if e.get("event") == "user"][-OVERDOSE_LATELY:]
    return any("overdose" in risk_said(lowered(e.get("text") or "")) for e in said)
