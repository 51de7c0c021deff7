"""Short messages that the conversation around them explains, which the classifier alone would have asked about.

"How long does it take?" just after an exercise was offered or started, "cancel all of them" just after a reminder
answer: with no risk word in them, they are answered as what they follow, not with the direct question about suicide
(``actions/safety.py``). A story just told (a death, bullying) is no such context: "i wish it was me" or "soon it
won't matter" after it is exactly what the question is for, whatever the classifier's clear-risk score (session 22's
review found both answered as the story by a first version of this module).
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.exercises import about_an_exercise, asks_about_offered
from actions.reminders import about_reminders, reminder_follow_up
from actions.resources import latest_text
from assistant.safety.lexicon import assess

CONTEXT_WORDS = 8
"""A follow-up that the conversation around it explains ("how long does it take?", "cancel all of them") is short."""
CONTEXT_SCORE_BELOW = 0.6
"""...and the classifier reads it as possible risk only weakly: "how do i make it all stop?" after an exercise offer
(0.6) or "what is it all for anyway?" after an exercise (0.94) is asked about (session 23's review)."""


def explained_by_context(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """The answer to a short follow-up, with no risk word, to the exercise just offered or a reminder answer; None when
    the message is longer, names risk, or follows neither (the question is asked)."""
    said, risk = latest_text(tracker), tracker.latest_message.get("crisis") or {}
    if len(said.split()) > CONTEXT_WORDS or assess(said).matches or float(risk.get("score") or 0.0) >= CONTEXT_SCORE_BELOW:
        return None
    if asks_about_offered(tracker):
        return about_an_exercise(dispatcher, tracker)
    if about_reminders(tracker):
        return reminder_follow_up(dispatcher, tracker)
    return None

