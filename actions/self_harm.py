"""Self-harm told by the writer: not a wish to die, and not safety either.

"Not suicidal, it just helps me cope", after "started cutting again", was answered "I'm really glad you're safe", and
"what can i do when the urge hits" got the exercise menu (session 26). Both get an answer of their own, without
judgement: wound care, ways to put time between the urge and acting, the line, and grounding offered; crisis mode
stays on, quietly (``safety_talk.yml``: ``self_harm_coping``, ``self_harm_urge``).
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.line_in_view import crisis_mode_on, fill_line
from actions.resources import latest_text, lowered, risk_said
from actions.wording import pick

TOLD_WITHIN = 8
"""How many of the writer's recent messages are read for self-harm told of their own."""
SELF_HARM = frozenset({"self_harm", "self_harm_sign"})
GROUNDING = "exercise:grounding_senses"
BUTTONS = [{"title": "Do a grounding exercise with me", "payload": "can we do the grounding through your senses exercise"},
           {"title": "Not now", "payload": "not now"}]


def self_harm_told(tracker: Tracker) -> bool:
    """Whether the writer told of their own self-harm in their last few messages (the lexicon's reading)."""
    said = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"][-TOLD_WITHIN:]
    return any(SELF_HARM & risk_said(text) for text in said)


def asks_about_urges(tracker: Tracker) -> bool:
    """Whether they ask how to get through an urge ("what can i do instead"), after their own self-harm was told."""
    return content.matches_any(content.safety_talk()["self_harm_urge_patterns"], lowered(latest_text(tracker))) and self_harm_told(tracker)


def grounding_taken_up(tracker: Tracker) -> bool:
    """A yes to the grounding just offered after self-harm told ("yes", "ok let's try")."""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    return tracker.get_slot("offer") == GROUNDING and intent == "affirm"


def self_harm_answer(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """After their own self-harm was told: asking how to get through an urge, or "not suicidal, it helps me cope",
    answered as such; None for anything else."""
    talk, said = content.safety_talk(), lowered(latest_text(tracker))
    if content.matches_any(talk["self_harm_urge_patterns"], said):
        kind = "self_harm_urge"
    elif content.matches_any(talk["self_harm_coping_patterns"], said):
        kind = "self_harm_coping"
    else:
        return None
    if not self_harm_told(tracker):
        return None
    dispatcher.utter_message(text=fill_line(pick(talk[kind], tracker), tracker), buttons=BUTTONS)
    return [SlotSet("offer", GROUNDING)] + crisis_mode_on(quiet=True)
