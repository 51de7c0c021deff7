"""Conversation controls: repeat what was said, stop what is going on, and answer what was not understood."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.answers import ASKS_SOMETHING, answer_situation, good_news_reply, remembered, situation_reply, warning_sign_told
from actions.at_risk import friend_still_at_risk, send_at_risk_follow_up
from actions.check_declined import ActionCheckDeclined
from actions.exercises import about_an_exercise, ask_which, longer_answer
from actions.friend import answer_friend_question
from actions.honest_answers import about_the_talk, honest_answer
from actions.line_in_view import ANSWER_BUTTONS, fill_line
from actions.reminders import reminder_follow_up
from actions.resources import contacted_help, latest_text, practical_answer
from actions.risk_answers import answer_yes_to_the_question, answers_no, denies_it, late_answer
from actions.safety import LEAVING, ActionCrisisCheck, ActionCrisisReminder, reached_out_reply
from actions.support import ActionAcceptOffer
from actions.wording import pick

STOPPED = ("Okay, we'll stop there. How are you feeling right now?", "Sure, let's leave it there. How are you doing now?",
           "Stopped. What would you like now?")


def last_bot_turn(tracker: Tracker) -> List[Dict[str, Any]]:
    """The assistant's messages between the previous two user messages."""
    events = list(tracker.events)
    user_positions = [i for i, e in enumerate(events) if e.get("event") == "user"]
    if len(user_positions) < 2:
        return []
    start, end = user_positions[-2], user_positions[-1]
    return [e for e in events[start:end] if e.get("event") == "bot"]


class ActionRepeat(Action):
    """Says the previous answer again, buttons and exercise included."""

    def name(self) -> Text:
        return "action_repeat"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        if not re.search(content.not_understood()["repeat_cues"], latest_text(tracker)):  # "u dont get it"
            if tracker.get_slot("crisis_mode"):
                return ActionCrisisReminder().run(dispatcher, tracker, domain)
            if re.search(content.not_understood()["another_cues"], latest_text(tracker)):
                return ask_which(dispatcher, tracker)  # "that was nice. another one?": the exercises to choose from
            return ActionNotUnderstood().run(dispatcher, tracker, domain)
        previous = last_bot_turn(tracker)
        if not previous:
            dispatcher.utter_message(text="I haven't said anything yet. How are you feeling today?")
            return []
        for event in previous:
            data = event.get("data") or {}
            dispatcher.utter_message(
                text=event.get("text"), buttons=data.get("buttons") or [], json_message=data.get("custom")
            )
        return []


def follow_up_answer(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """A follow-up that the conversation explains, for a message read as out of scope or not understood: a question
    about an exercise ("what's metta?", "how long is it?"), a question while helping someone ("should i tell her
    school?"), cost or waiting for therapy ("how long are waiting lists?"), a word about the talk itself ("sorry for
    ranting"); None for anything else."""
    if tracker.get_slot("offer") == "risk_check" and (denies_it(latest_text(tracker)) or answers_no(tracker)):
        return ActionCheckDeclined().run(dispatcher, tracker, {})  # "no i'm not going to kill myself, relax", not understood
    late = late_answer(dispatcher, tracker)  # "kind of" to the question, "like at night mostly" after a no
    if late is not None:
        return late
    for answer in (honest_answer, about_the_talk, about_an_exercise, longer_answer, answer_friend_question, practical_answer):
        answered = answer(dispatcher, tracker)
        if answered is not None:
            return answered
    return None


YES_FIRST = re.compile(r"^\W*(?:yes|yeah|yea|yep|yup|sure|go on|that would be (?:nice|lovely|good|great))\b"
                       r"(?!.*\b(?:no|not now|later|bye|goodbye|that'?s all|another time)\b)")
"""A yes at the start, and nothing after it that takes it back ("yes thanks, maybe later")."""


GOOD_DAY = re.compile(r"\b(?:(?:have a |and )?good (?:day|evening|afternoon|weekend)|take care|all the best)\W*$")
"""Thanks that ends with a parting wish ("Thank you, and good day"): a goodbye (session 25's seventh user)."""


class ActionThank(Action):
    """You're welcome; but "yes, thank you" to something just offered is a yes, and the offer is carried out."""

    def name(self) -> Text:
        return "action_thank"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        late = late_answer(dispatcher, tracker)  # "thanks. but i lied before", a few messages after a no
        if late is not None:
            return late
        offer = tracker.get_slot("offer")
        if offer and YES_FIRST.match(latest_text(tracker)):
            if offer == "risk_check":  # "yes, thank you for asking", to "are you thinking about suicide?"
                return answer_yes_to_the_question(dispatcher, tracker, domain)
            return ActionAcceptOffer().run(dispatcher, tracker, domain)
        about_it = about_the_talk(dispatcher, tracker)  # "u there?", read as thanks
        if about_it is not None:
            return about_it
        wording = content.not_understood()
        if re.search(wording["sarcastic_thanks"], latest_text(tracker).lower()):  # "thanks for nothing"
            dispatcher.utter_message(text=pick(wording["sorry_not_helpful"], tracker))
            return []
        if LEAVING.search(latest_text(tracker).lower()) or GOOD_DAY.search(latest_text(tracker).lower()):  # "thanks, bye"
            return ActionGoodbye().run(dispatcher, tracker, domain)  # which keeps the line if the question is open
        dispatcher.utter_message(response="utter_you_are_welcome")
        return []


SURE_GOODBYE = 0.6
"""Read as a goodbye at least this surely, it is one ("thank you, i'm off to bed now"); below it and with no word of
leaving, in the middle of a story, it is more of the story ("i dont want to go tomorrow": 0.46)."""


HARD_NIGHT = ("That sounds like a hard night. I'm here, and there's no rush. What's been going on?",
              "I'm sorry it's been a rough one. Do you want to tell me what's been happening?")
HARD_TIME = re.compile(r"\b(?:rough|bad|long|tough|awful|horrible|hard|terrible|shit|shitty|crap|crappy|sleepless|late)\b"
                       r"(?:\W+\w+){0,2}\W+(?:night|nite|evening)\b")
"""A message read as goodbye with no word of leaving that tells of a hard night ("rough night", "bad night"): answered
as that night (as a first message, or after an answer the goodbye rules send here), never "take care"."""
BARE_BYE = re.compile(r"^\W*(?:bye|goodbye|good ?bye|bye bye|buh ?bye)\W*$")
"""A bare "bye" as the very first message: more often a misheard or mistyped "hi" (session 26: in voice, "hi" heard as
"bye") than a goodbye before anything was said, so both are answered."""


class ActionGoodbye(Action):
    """Goodbye; but just after a reminder answer, "an hour later" is about the reminder, in the middle of a story
    ("i dont want to go tomorrow", after being bullied) a message with no word of leaving is more of it, and as the
    first message ("bad night") it tells of the night."""

    def name(self) -> Text:
        return "action_goodbye"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        if tracker.get_slot("crisis_mode"):  # as the crisis-mode rule for a goodbye answers
            return ActionCrisisReminder().run(dispatcher, tracker, domain)
        if warning_sign_told(tracker):  # "goodnight, going to see him again soon", after a death: asked about first
            return ActionCrisisCheck().run(dispatcher, tracker, domain)
        if tracker.get_slot("offer") == "risk_check":  # leaving with the direct question unanswered: the line, gently
            dispatcher.utter_message(text=fill_line(pick(content.safety_talk()["check_goodbye"], tracker), tracker), buttons=ANSWER_BUTTONS)
            return []
        about_reminder = reminder_follow_up(dispatcher, tracker)
        if about_reminder is not None:
            return about_reminder
        if BARE_BYE.match(latest_text(tracker).lower()) and sum(e.get("event") == "user" for e in tracker.events) == 1:
            dispatcher.utter_message(text=pick(content.not_understood()["first_bye"], tracker))
            return []
        leaving = LEAVING.search(latest_text(tracker).lower())
        if not leaving and HARD_TIME.search(latest_text(tracker).lower()):
            dispatcher.utter_message(text=pick(HARD_NIGHT, tracker))  # "bad night" as their first message
            return []
        sure = float((tracker.latest_message.get("intent") or {}).get("confidence") or 0.0) >= SURE_GOODBYE
        situation = None if sure or leaving else remembered(tracker)
        if situation is not None:
            return answer_situation(dispatcher, tracker, situation, tracker.get_slot("topic"), follow_up=True)
        dispatcher.utter_message(response="utter_goodbye")
        return []


STOP_WORDS = re.compile(r"\b(?:stop\w*|enough|pause|quit|cancel|end|finish\w*|done|halt|break|leave it|no more|that'?s it|skip|"
                        r"later|not now|rest|exit)\b")
"""Words that ask to stop; a message read as stop without any ("can i vent") is answered for what it says."""


class ActionStop(Action):
    """Stops whatever was going on and checks in, without judgement; "delete it" just after a reminder was set
    cancels that reminder (reminder_follow_up)."""

    def name(self) -> Text:
        return "action_stop"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        # "delete it" just after a reminder was set; "stop the water one" at any point (a reminder named)
        about_reminder = reminder_follow_up(dispatcher, tracker)
        if about_reminder is not None:
            return about_reminder + [SlotSet("offer", None), ActiveLoop(None)]
        if not STOP_WORDS.search(latest_text(tracker)):  # "can i vent", "i keep overthinking": nothing asks to stop
            answered = about_the_talk(dispatcher, tracker)
            answered = situation_reply(dispatcher, tracker, None) if answered is None else answered
            if answered is not None:
                return answered
        dispatcher.utter_message(text=pick(STOPPED, tracker))
        return [SlotSet("offer", None), ActiveLoop(None)]


class ActionOutOfScope(Action):
    """Something the assistant is not for; while a friend may be at risk ("his phone goes straight to voicemail"),
    it is about them, and gets the follow-up instead; a loss or control read as out of scope gets the answer to that
    situation, and news of their own life ("i got made redundant this morning", "we bought our first house") a kind
    word and a question, not a refusal."""

    def name(self) -> Text:
        return "action_out_of_scope"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        if friend_still_at_risk(tracker):
            return send_at_risk_follow_up(dispatcher, tracker)
        about_reminder = reminder_follow_up(dispatcher, tracker)  # "actually make it 9", "cancel the 3pm one"
        if about_reminder is not None:
            return about_reminder
        described = follow_up_answer(dispatcher, tracker)
        if described is not None:
            return described
        answered = situation_reply(dispatcher, tracker, "out_of_scope")  # "my partner died last month", "rent is due"
        if answered is not None:
            return answered
        if good_news_reply(dispatcher, tracker):  # "we got the keys to our first flat today"
            return []
        said, news = latest_text(tracker), content.not_understood().get("life_news")
        if news and not ASKS_SOMETHING.search(said) and all(content.matches_any(news[key], said) for key in ("patterns", "hardship")) \
                and not content.matches_any(news["not_patterns"], said):  # "i got made redundant this morning"
            dispatcher.utter_message(text=pick(news["replies"], tracker))
            return []
        dispatcher.utter_message(response="utter_out_of_scope")
        return []


class ActionNotUnderstood(Action):
    """A message the NLU could not place: answered for what can still be recognised in it (a crisis line or
    emergency services contacted, a friend who may be at risk), otherwise a request to say it another way."""

    def name(self) -> Text:
        return "action_not_understood"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        said = latest_text(tracker)
        wording = content.not_understood()
        if friend_still_at_risk(tracker):
            return send_at_risk_follow_up(dispatcher, tracker)
        if contacted_help(said):
            dispatcher.utter_message(text=reached_out_reply(said, tracker))
            return []
        about_reminder = reminder_follow_up(dispatcher, tracker)
        if about_reminder is not None:
            return about_reminder
        answered = follow_up_answer(dispatcher, tracker)
        if answered is not None:
            return answered
        answered = situation_reply(dispatcher, tracker, None)  # a warning sign after a loss, advice asked for
        if answered is not None:
            return answered
        situation = remembered(tracker)  # more of what they told a few messages ago, not a question
        if situation is not None and not ASKS_SOMETHING.search(said):
            return answer_situation(dispatcher, tracker, situation, tracker.get_slot("topic"), follow_up=True)
        dispatcher.utter_message(text=pick(wording["variants"], tracker), buttons=wording["buttons"])
        return []
