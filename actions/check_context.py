"""Short messages that the conversation around them explains, which the classifier alone would have asked about.

"How long does it take?" just after an exercise was offered, "cancel all of them" just after a reminder answer,
"i didn't get to say goodbye" just after a death was told: with no risk word in them, and a low clear-risk score,
they are answered as what they follow, not with the direct question about suicide (``actions/safety.py``).
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
STORY_CRISIS_SCORE = 0.5
"""Below this clear-risk score, such a follow-up just after a loss, an exam or bullying was told goes on with that
story ("i didn't get to say goodbye": 0.42) instead of the question."""


def explained_by_context(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """The answer to a short follow-up, with no risk word, to the exercise just offered, a reminder answer or a story
    just told; None when the message is longer, names risk, or follows none of them (the question is asked)."""
    said = latest_text(tracker)
    if len(said.split()) > CONTEXT_WORDS or assess(said).matches:
        return None
    if asks_about_offered(tracker):
        return about_an_exercise(dispatcher, tracker)
    if about_reminders(tracker):
        return reminder_follow_up(dispatcher, tracker)
    from actions.answers import answer_situation, remembered, warning_sign_told  # answers imports actions.safety

    told = remembered(tracker)
    crisis_score = float((tracker.latest_message.get("crisis") or {}).get("crisis_score") or 1.0)
    if told is not None and crisis_score < STORY_CRISIS_SCORE and not warning_sign_told(tracker):
        return answer_situation(dispatcher, tracker, told, None, follow_up=True)
    return None
