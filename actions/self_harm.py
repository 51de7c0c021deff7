"""Self-harm told by the writer: not a wish to die, and not safety either.

"Not suicidal, it just helps me cope", after "started cutting again", was answered "I'm really glad you're safe", and
"what can i do when the urge hits" got the exercise menu (session 26). Both get an answer of their own, without
judgement: wound care, ways to put time between the urge and acting, the line, and grounding offered
(``safety_talk.yml``: ``self_harm_coping``, ``self_harm_urge``). Never when the message says more than that: a "not yet"
or "for now", new risk words, or a denial the classifier still reads risk beside (session 26's review).
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.line_in_view import crisis_mode_on, fill_line
from actions.resources import latest_text, lowered, risk_said
from actions.wording import pick
from assistant.safety import DESPITE_DENIAL
from assistant.safety.lexicon import names_means

TOLD_WITHIN = 8
"""How many of the writer's recent messages are read for self-harm told of their own."""
SELF_HARM = frozenset({"self_harm", "self_harm_sign"})
GROUNDING = "exercise:grounding_senses"
BUTTONS = [{"title": "Do a grounding exercise with me", "payload": "can we do the grounding through your senses exercise"},
           {"title": "Not now", "payload": "not now"}]
NOT_OVER = re.compile(r"\b(?:yet|for now|anyway|until|till|tonight|way out|at the moment|right now|these days|not today|any ?more|"
                      r"some day|one day|eventually|soon|ready to go|be gone|made a plan|have a plan|goodbye)\b")
"""A denial with a time limit on it, or a leaving beside it ("i'm not going to kill myself. not yet anyway", "not
suicidal, just ready to go"): never the coping answer, nor "glad you're safe for now"."""
SAYS_MORE = re.compile(r"\b(?:but|although|though|as long as|while|if it|if that|unless|except|care if|mind if|took|taken|swallowed|"
                       r"saved|stockpil\w*|box of|neck|face|throat|deeper|deep|worse|blades?|pills?|tablets?|wouldn'?t care|would not care)\b")
"""More than coping said beside it (a "but", means saved up, pills taken, a new place on the body, "wouldn't care if it
happened"): never the coping answer (session 26's second review)."""
COPING_WORDS = 16
"""The coping answer is for a short reply; a longer one says more than that, and the crisis answer reads it."""


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


def answered_this_turn(tracker: Tracker) -> bool:
    """Whether an action earlier in this turn already gave the self-harm answer (a rule runs the crisis reminder after
    an exercise request, and the exercise action answers an urge question itself)."""
    talk = content.safety_talk()
    openings = tuple(line.split("{")[0] for line in talk["self_harm_urge"] + talk["self_harm_coping"])
    for event in reversed(list(tracker.events)):
        if event.get("event") == "user":
            return False
        if event.get("event") == "bot" and (event.get("text") or "").startswith(openings):
            return True
    return False


def self_harm_answer(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """After their own self-harm was told: asking how to get through an urge, or "not suicidal, it helps me cope",
    answered as such; None for anything else, or when the message says more (a time limit, new risk, a denial the
    classifier still reads risk beside). The coping answer keeps crisis mode on, quietly."""
    talk, said = content.safety_talk(), lowered(latest_text(tracker))
    if content.matches_any(talk["self_harm_urge_patterns"], said):
        kind = "self_harm_urge"
    elif content.matches_any(talk["self_harm_coping_patterns"], said):
        kind = "self_harm_coping"
    else:
        return None
    risk = tracker.latest_message.get("crisis") or {}
    says_more = kind == "self_harm_coping" and (NOT_OVER.search(said) or SAYS_MORE.search(said) or len(said.split()) > COPING_WORDS)
    if (says_more or risk_said(said) or names_means(said) or risk.get("level") == "crisis" or risk.get("reason") == DESPITE_DENIAL
            or not self_harm_told(tracker)):
        return None
    dispatcher.utter_message(text=fill_line(pick(talk[kind], tracker), tracker), buttons=BUTTONS)
    keep_on = kind == "self_harm_coping" or tracker.get_slot("crisis_mode")
    return [SlotSet("offer", GROUNDING)] + (crisis_mode_on(quiet=True) if keep_on else [])
