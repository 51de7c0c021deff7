"""Short messages that the conversation around them explains, which the classifier alone would have asked about.

"How long does it take?" just after an exercise was offered or started, "cancel all of them" just after a reminder
answer: with no risk word in them, they are answered as what they follow, not with the direct question about suicide
(``actions/safety.py``). A story just told (a death, bullying) is no such context: "i wish it was me" or "soon it
won't matter" after it is exactly what the question is for, whatever the classifier's clear-risk score (session 22's
review found both answered as the story by a first version of this module). A plain question the classifier weakly
reads as risk, in a conversation with no risk and no loss in it so far ("where does this even come from?"), is
answered as not understood rather than with the question (session 23).
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.exercises import about_an_exercise, asks_about_offered
from actions.reminders import about_reminders, reminder_follow_up
from actions.resources import latest_text, lowered
from actions.wording import pick
from assistant.safety.lexicon import assess

CONTEXT_WORDS = 8
"""A follow-up that the conversation around it explains ("how long does it take?", "cancel all of them") is short."""


def explained_by_context(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """The answer to a short follow-up, with no risk word, to the exercise just offered or a reminder answer; None when
    the message is longer, names risk, or follows neither (the question is asked)."""
    said = latest_text(tracker)
    if len(said.split()) > CONTEXT_WORDS or assess(said).matches:
        return None
    if asks_about_offered(tracker):
        return about_an_exercise(dispatcher, tracker)
    if about_reminders(tracker):
        return reminder_follow_up(dispatcher, tracker)
    if calm_question(tracker):  # "where does this even come from?", in a conversation with no risk in it
        wording = content.not_understood()
        dispatcher.utter_message(text=pick(wording["variants"], tracker), buttons=wording["buttons"])
        return []
    return None


QUESTION_BELOW = 0.6
"""A question the classifier alone reads as possible risk with a score below this is not asked about inside a
conversation with no risk in it so far. In the single messages of every evaluation set (sets 1-7, our own files,
session 23), 16 crisis messages were asked about as such questions, every one scoring 0.6 or more; of 18 ordinary
ones, 3 scored below it."""
NOT_PLAIN = re.compile(r"\b(?:why|who|point|worth|matters?|anyone|anybody|notice|miss|care|alive|live|living|die|dying|dead|death|end|gone|"
                       r"left|better off|pills?|tablets?|meds|hurt|pain|disappear|burden|anymore|any more|forever|tired)\b")
"""Words of questions that are often not questions ("why am i even here?", "is there any point?", "would anyone
notice?"): such a question is always asked about."""


def calm_question(tracker: Tracker) -> bool:
    """Whether the message is a plain question, read as possible risk by the classifier alone and weakly, in a
    conversation under way where nothing so far was read as risk and no question about it was asked."""
    said, risk = lowered(latest_text(tracker)).strip(), tracker.latest_message.get("crisis") or {}
    if not said.endswith("?") or NOT_PLAIN.search(said) or float(risk.get("score") or 1.0) >= QUESTION_BELOW:
        return False
    earlier = [e for e in tracker.events if e.get("event") == "user"][:-1]
    levels = [((e.get("parse_data") or {}).get("crisis") or {}).get("level") for e in earlier]
    with_signs = [s["patterns"] for s in content.situations().values() if s.get("warning_signs")]  # a death told
    told = any(content.matches_any(patterns, lowered(e.get("text") or "")) for e in earlier for patterns in with_signs)
    return bool(earlier) and all(level == "none" for level in levels) and not told and not tracker.get_slot("crisis_mode") \
        and not tracker.get_slot("asked_directly")
