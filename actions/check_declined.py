"""The answer to the direct question about suicide when it is read as anything but a plain yes: a no believed, "stop
asking" respected, a maybe taken as a possible yes, a joke, a greeting, and an answer that is no answer asked once more.

Apart from actions/safety.py, which asks the question, so that each stays small; the rules in data/rules/crisis.yml
send the answers here.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.line_in_view import ANSWER_BUTTONS, SAFETY_BUTTONS, crisis_mode_on, fill_line
from actions.resources import latest_text, lowered
from actions.risk_answers import answer_maybe, answer_yes_to_the_question, answers_no, denies_it, unsure_answer
from actions.safety import ActionCrisisReminder
from actions.wording import pick, recent_bot_texts


def _just_said(lines: List[str], tracker: Tracker) -> bool:
    """Whether the assistant's last message was one of these content lines (their opening, before any {line})."""
    said = recent_bot_texts(tracker)
    return bool(said) and any(said[-1].startswith(line.split("{")[0][:30]) for line in lines)


def _as_such(dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any], intent: str) -> List[Dict[Text, Any]]:
    """A message the rules sent here after the question was closed (a no believed): answered for what it is."""
    if intent == "greet":
        dispatcher.utter_message(response="utter_greet")
        return []
    from actions.conversation import ActionNotUnderstood  # it imports this module

    return ActionNotUnderstood().run(dispatcher, tracker, domain)


class ActionCheckDeclined(Action):
    """They said they are not thinking about suicide: believe them and carry on gently. "Stop asking" is no answer:
    no more questions, and the line stays in view quietly. "Maybe" or "idk" is not a no: it is taken as a possible
    yes. A greeting with a yes in it is a yes; one that moves on changes the subject; "hello?" is asked again."""

    def name(self) -> Text:
        return "action_check_declined"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        if tracker.get_slot("crisis_mode"):  # the question was not asked again: the lines came instead
            return ActionCrisisReminder().run(dispatcher, tracker, domain)
        talk, said = content.safety_talk(), lowered(latest_text(tracker)).strip()
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if tracker.get_slot("offer") != "risk_check" and intent in ("greet", "nlu_fallback"):  # closed: answered as such
            return _as_such(dispatcher, tracker, domain, intent)
        if content.matches_any(talk["yes_in_other_words"] + talk["yes_as_a_question"], said):  # "about ending it", "what if i am?"
            return answer_yes_to_the_question(dispatcher, tracker, domain)
        if intent == "stop" or content.matches_any(talk["stop_asking_patterns"], said):
            # not an answer: no more questions, but the line stays in view, quietly, as in crisis mode
            dispatcher.utter_message(text=fill_line(pick(talk["check_stop_asking"], tracker), tracker), buttons=SAFETY_BUTTONS[:1])
            return [SlotSet("offer", None)] + crisis_mode_on(quiet=True)
        if unsure_answer(said):  # "maybe", "no... well maybe": a possible yes ("i guess not" is a no)
            return answer_maybe(dispatcher, tracker)
        if content.matches_any(talk["joke_patterns"], said):  # "haha jk": believed, a door left open
            dispatcher.utter_message(text=fill_line(pick(talk["check_joked"], tracker), tracker))
            return [SlotSet("offer", None)]
        if intent == "greet":
            return self._greeting(dispatcher, tracker, domain, said)
        if intent == "feeling_better":  # "that helps" after the question: not an answer to it
            from actions.support import ActionFeelingBetter  # support imports this module

            return ActionFeelingBetter().run(dispatcher, tracker, domain)
        if not (content.matches_any(talk["clear_no_answers"], said) or denies_it(said) or answers_no(tracker)):
            # "nobody go understand", "is that weird": no answer, so never "I'm glad"; asked once more, then a maybe
            if _just_said(talk["check_unclear"] + talk["check_still_here"], tracker):
                return answer_maybe(dispatcher, tracker)
            dispatcher.utter_message(text=fill_line(pick(talk["check_unclear"], tracker), tracker), buttons=ANSWER_BUTTONS)
            return []
        dispatcher.utter_message(text=pick(talk["check_declined"], tracker))
        return [SlotSet("offer", None)]

    @staticmethod
    def _greeting(dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any], said: str) -> List[Dict[Text, Any]]:
        """"hey yeah i am": a yes ("hey yeah i'm ok" is not); "anyway hows your day": the subject changes, the line
        stays; "hello?": still here, and the question once more, then a maybe if it is greeted again."""
        talk = content.safety_talk()
        if content.matches_any(talk["yes_beside_greeting"], said) and not denies_it(said):
            return answer_yes_to_the_question(dispatcher, tracker, domain)
        if content.matches_any(talk["greeting_moves_on"], said):
            dispatcher.utter_message(text=fill_line(pick(talk["check_deflected"], tracker), tracker), buttons=SAFETY_BUTTONS[:1])
            return [SlotSet("offer", None)]
        if _just_said(talk["check_still_here"], tracker):
            return answer_maybe(dispatcher, tracker)  # "hello??" again: no answer twice, taken as a possible yes
        dispatcher.utter_message(text=fill_line(pick(talk["check_still_here"], tracker), tracker), buttons=ANSWER_BUTTONS)
        return []
