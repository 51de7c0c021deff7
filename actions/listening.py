"""Active-listening practice: the assistant plays a friend, the user answers, feedback follows.

The practice runs as a Rasa form, so the user's answer is captured whatever it says (only a
crisis or a "stop" breaks out). The feedback notices common patterns: reflecting words back,
naming feelings, open questions, offering presence (good); advice, "at least", turning to
oneself, judgement (worth another try).
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text, Union

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.wording import pick

FORM = "listening_practice_form"
PATTERNS = {
    "advice": r"\b(?:you should|you need to|you have to|you must|why don'?t you|have you tried|just (?:try|ignore|go|get|move)|try to|my advice|if i were you|you could always)\b",  # noqa: E501
    "at_least": r"\b(?:at least|look on the bright side|could be worse|everything happens for a reason|plenty more fish|it'?s not that bad|cheer up|don'?t worry)\b",  # noqa: E501 (one pattern per line)
    "about_me": r"\b(?:same (?:thing )?happened to me|when i was|i had that|that happened to me|i know exactly|i went through)\b",
    "judgement": r"\b(?:your (?:own )?fault|you shouldn'?t have|that'?s silly|overreacting|that was stupid|you always|you never)\b",
    "names_feeling": r"\b(?:sounds?|must (?:feel|be)|seems?|feel(?:ing)?s?)\b.{0,30}\b(?:hard|painful|tough|lonely|disappoint\w*|frustrat\w*|upset\w*|sad|awful|hurt\w*|scar\w*|exhaust\w*|overwhelm\w*|embarrass\w*|alone|heartbr\w*|gutted|unseen|invisible|worried|anxious)\b",  # noqa: E501
    "asks_open": r"\b(?:how (?:are|do|did) you feel\w*|how are you (?:doing|holding up)|what (?:was|is) (?:that|it) like|do you want to talk|tell me more|what happened|how has it been|what'?s been)\b",  # noqa: E501
    "stays": r"\b(?:i'?m here|here for you|i'?m with you|i'?m listening|take your time|i'?ve got you|you'?re not alone)\b",
}
GOOD = ("reflects", "names_feeling", "asks_open", "stays")
NEEDS_WORK = ("advice", "at_least", "about_me", "judgement")
STOPWORDS = set("i me my the a an and to of in it is was that this for on with so but just be have had not all up at now again back out keep".split())


REFLECTIVE = re.compile(r"\b(?:(?:it )?sounds? like|so you|you'?re saying|what i'?m hearing|you (?:feel|felt|really|thought|"
                        r"were|had|have been|'ve been|keep|can'?t|didn'?t|don'?t)|you'?ve been|your \w+)\b")


def _stems(text: str) -> set:
    """Content words by their first five letters, so 'looking' meets 'look' and 'hospital' 'hospitalised'."""
    return {w[:5] for w in re.findall(r"[a-z']+", text.lower()) if len(w) > 3 and w not in STOPWORDS}


def reflects(reply: str, friend: str) -> bool:
    """Whether the answer says back what the friend said: two of their own words, or one said the way a
    reflection is said ("it sounds like you're back to square one"). A question alongside does not hide it."""
    shared = _stems(reply) & _stems(friend)
    return len(shared) >= 2 or (len(shared) == 1 and bool(REFLECTIVE.search(reply.lower())))


def assess_reply(reply: str, friend: str) -> List[str]:
    """The patterns found in the answer, good ones first."""
    found = [name for name, pattern in PATTERNS.items() if re.search(pattern, reply.lower())]
    if reflects(reply, friend):
        found.append("reflects")
    return [name for name in GOOD + NEEDS_WORK if name in found]


def scenario_for(tracker: Tracker) -> int:
    done = tracker.get_slot("practice_round") or 0
    return int(done) % len(content.listening_practice()["scenarios"])


class ActionAskListenerReply(Action):
    """The form's question: the friend's message the user should answer."""

    def name(self) -> Text:
        return "action_ask_listener_reply"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        practice = content.listening_practice()
        scenario = practice["scenarios"][scenario_for(tracker)]
        dispatcher.utter_message(text=f"Your friend says: {scenario}")
        return []


class ValidateListeningPracticeForm(FormValidationAction):
    """Accepts any answer; the feedback action does the looking."""

    def name(self) -> Text:
        return "validate_listening_practice_form"

    def validate_listener_reply(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> Dict[Text, Any]:
        return {"listener_reply": (value or "").strip() or None}


class ActionListeningFeedback(Action):
    """Feedback on the answer just given, then an offer of another round."""

    def name(self) -> Text:
        return "action_listening_feedback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        practice = content.listening_practice()
        friend = practice["scenarios"][scenario_for(tracker)]
        reply = tracker.get_slot("listener_reply") or ""
        found = assess_reply(reply, friend)
        notes = [pick(variants(practice["feedback"][name]), tracker) for name in found or ["quiet"]]
        good = [name for name in found if name in GOOD]
        lead = f"{pick(variants(practice['several_good']), tracker)} " if len(good) > 1 else ""
        dispatcher.utter_message(text=lead + " ".join(notes))
        dispatcher.utter_message(
            text=pick(variants(practice["try_next"]), tracker),
            buttons=[{"title": "Another one", "payload": "let's practise active listening again"}, {"title": "That's enough", "payload": "no thanks"}],
        )
        round_done = int(tracker.get_slot("practice_round") or 0) + 1
        return [SlotSet("listener_reply", None), SlotSet("practice_round", round_done), SlotSet("offer", "practice:listening")]


def variants(entry: Union[str, List[str]]) -> List[str]:
    """A content entry as its list of wordings (a single text is a list of one)."""
    return [entry] if isinstance(entry, str) else list(entry)


def start_practice(dispatcher: CollectingDispatcher, tracker: Optional[Tracker] = None) -> List[Dict[Text, Any]]:
    """Introduce the practice (shorter when it was introduced before) and hand over to the form."""
    intro = variants(content.listening_practice()["intro"])
    dispatcher.utter_message(text=pick(intro, tracker) if tracker is not None else intro[0])
    return [SlotSet("offer", None), ActiveLoop(FORM)]
