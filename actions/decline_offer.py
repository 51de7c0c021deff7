"""A no to what was offered: taken gracefully, with the door left open. A "no" that is really a feeling ("ngl im not
ok rn"), an answer to the direct question, or a request for a named exercise ("maybe a breathing thing") is answered
for what it is. Apart from actions/support.py, which makes the offers, so that each stays small."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.at_risk import friend_still_at_risk, send_at_risk_follow_up
from actions.check_declined import ActionCheckDeclined
from actions.exercises import ActionRunExercise
from actions.resources import latest_text
from actions.risk_answers import late_answer
from actions.support import unsure_of_the_offer
from actions.wording import JUST_TALK, pick

DIDNT_HELP = re.compile(r"\b(?:didn'?t|did not|doesn'?t|does not|not) (?:really |much |quite )?(?:help|work|do (?:anything|much))\b|\bnot really\b")
NOT_OK = re.compile(r"\b(?:i'?m|im|i am|i feel|feeling)\s+(?:really |just |so |honestly )?"
                    r"not (?:ok|okay|fine|good|alright|all right|great|doing well)\b")
"""Read as a no, but a feeling: "ngl im not ok rn" is not "no thanks"."""
LOW_ANSWER = re.compile(r"^\W*(?:not (?:so |too |very |that )?(?:great|good|well|ok|okay|fine|amazing|brilliant)|not the best|meh|bad|pretty bad|"
                        r"really bad|rough|awful|terrible|crap|crappy|shit|shite|rubbish|could be better|been better|so so|so-so|ugh)"
                        r"(?: (?:tbh|honestly|ngl|to be honest|really|today|atm|rn|right now|lately))*\W*$")
"""The whole answer to "how are you?" when it is low ("not great", "meh"), with nothing offered: a feeling, not a no."""
NOT_OK_REPLIES = ("I'm sorry you're not okay. I'm here, and there's no rush. Do you want to tell me what's going on?",
                  "Thank you for saying it. Not being okay is allowed here. What's been happening?")
LOW_REPLIES = ("Sorry it's not a good day. I'm here, and there's no rush. What's been going on?",
               "Thanks for being honest about it. What's been weighing on you?")
NOT_FOR_YOU = ("Thanks for giving it a go. Not every exercise suits everyone. Would you like to try a different kind, or just talk for a bit?",
               "That's useful to know, and it's okay. Something else might fit you better: another kind of exercise, or we can simply talk.")


def _exercise_just_given(tracker: Tracker) -> bool:
    """Whether the assistant's last message was an exercise (its steps in the payload), not any other offer taken up."""
    last: Dict[Text, Any] = next((e for e in reversed(list(tracker.events)) if e.get("event") == "bot"), {})
    return "exercise" in ((last.get("data") or {}).get("custom") or {})

CLAUSE_BREAK = re.compile(r"[,.;:!?]|\bbut\b")
REFUSED = re.compile(r"\b(?:no|nah|nope|not|nothing|don'?t|dont|do not|never|can'?t|cant|cannot|won'?t|wont|doesn'?t|doesnt|didn'?t|"
                     r"hate|stupid|pointless|useless|sick of|tired of|anything but|except|without|enough|no more)\b")
ASKED = re.compile(r"\b(?:maybe|perhaps|how about|what about|could|can we|can i|let'?s|lets|i'?d like|i want|i'?ll|try|instead|rather|"
                   r"prefer|please|pls|would be|might|sounds|i guess|i think|i suppose|do (?:the|a)|a quick|a short|more like)\b")
"""In the clause that names an exercise, what makes it a request ("maybe a breathing thing") or a refusal ("no, breathing
never helps me", "nah grounding feels stupid to me", session 28's review): a refusal wins, and without a request word
the message stays a no."""


def exercise_asked_for(tracker: Tracker) -> bool:
    """Whether a message read as a no asks for an exercise it names ("maybe a breathing thing", "no, grounding
    instead"), read in the clause around the name: never one it turns down ("not breathing", "breathing never helps me")."""
    text = latest_text(tracker)
    for entity in tracker.latest_message.get("entities") or []:
        start, end = entity.get("start"), entity.get("end")
        if entity.get("entity") != "exercise" or not isinstance(start, int) or not isinstance(end, int):
            continue
        clause = CLAUSE_BREAK.split(text[:start])[-1] + text[start:end] + CLAUSE_BREAK.split(text[end:])[0]
        if ASKED.search(clause) and not REFUSED.search(clause):
            return True
    return False


class ActionDeclineOffer(Action):
    """Accepts a no gracefully and leaves the door open with a gentle question. Before that, a no that is something
    else: an answer to the direct question (now or a few messages after a no), news of a friend at risk, a request for
    a named exercise, a low feeling, a maybe to the offer, or "it didn't help" straight after an exercise."""

    def name(self) -> Text:
        return "action_decline_offer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        if tracker.get_slot("offer") == "risk_check":  # "i don't know. maybe", after "why do you ask?" was answered
            return ActionCheckDeclined().run(dispatcher, tracker, domain)
        late = late_answer(dispatcher, tracker)  # "ok maybe a little", "well. not today anyway", a few messages after a no
        if late is not None:
            return late
        if friend_still_at_risk(tracker) and len(latest_text(tracker).split()) > 2:  # "he's not picking up", not "no"
            return send_at_risk_follow_up(dispatcher, tracker) + [SlotSet("offer", None)]
        if exercise_asked_for(tracker):  # "maybe a breathing thing", "nah, grounding instead": that one, now
            return ActionRunExercise().run(dispatcher, tracker, domain)
        low = not tracker.get_slot("offer") and LOW_ANSWER.search(latest_text(tracker).lower())  # "not great", to "how are you?"
        if low or NOT_OK.search(latest_text(tracker)):  # "ngl im not ok rn": a feeling, never "That's okay"
            dispatcher.utter_message(text=pick(LOW_REPLIES if low else NOT_OK_REPLIES, tracker))
            return [SlotSet("offer", None)]
        unsure = unsure_of_the_offer(dispatcher, tracker)
        if unsure is not None:
            return unsure
        topic = content.topics().get(tracker.get_slot("topic") or "")
        if _exercise_just_given(tracker) and DIDNT_HELP.search(latest_text(tracker).lower()):
            # "it didn't really help", just after an exercise: another kind, or just talking
            dispatcher.utter_message(text=pick(NOT_FOR_YOU, tracker), buttons=[
                {"title": "Try a different kind", "payload": "show me the exercises"}, {"title": "Just talk", "payload": "no thanks, let's just talk"}])
            return [SlotSet("offer", None)]
        if tracker.get_slot("offer") and topic:
            dispatcher.utter_message(text=pick(topic["decline"], tracker))
        else:
            dispatcher.utter_message(text=pick(JUST_TALK, tracker))
        return [SlotSet("offer", None)]
