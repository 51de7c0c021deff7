"""How an answer to the direct question about suicide is read: a denial in their own words, or a plain no first.

Either, with nothing beside it but a feeling (a plan, a decision, a goodbye or a means never), is their answer,
not a new warning sign; ``actions/safety.py`` then carries on gently instead of asking again. A maybe, a no with a
hedge, or a no taken back later is answered here whatever it was read as (:func:`late_answer`).
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.line_in_view import SAFETY_BUTTONS, crisis_mode_on, fill_line
from actions.resources import ActionCrisisLines, latest_text, lowered
from actions.wording import latest_events, pick, recent_bot_texts, within
from assistant.safety.lexicon import assess, names_means

FEELING_SIGNS = frozenset({"feel_a_burden", "hopeless", "giving_up", "no_future_self", "not_belong_in_world", "want_it_to_stop",
                           "wanting_out", "they_would_be_better_off", "out_of_the_way"})
"""Warning signs that are a feeling, not a step towards acting: beside "I'm not suicidal" they do not outweigh it."""


def denies_it(said: str) -> bool:
    """Whether a message says in its own words that they are not suicidal or hurting themselves ("i'm not
    suicidal", "i don't want to die") and names, besides, no more than a feeling (``FEELING_SIGNS``): a plan, a
    decision, a time, a goodbye or a means beside the denial is never taken as its answer."""
    found = assess(said)
    return (any(m.cancelled_by == "negated" and m.category in ("ideation", "self_harm") for m in found.matches)
            and all(m.name in FEELING_SIGNS for m in found.standing) and not names_means(said))


NO_CLEAR_RISK = 0.5
"""A no first answers the direct question only when the classifier's clear-risk score for the message is below this."""


def answers_no(tracker: Tracker) -> bool:
    """Whether the message opens with a plain no (``no_first``: "no, honestly just tired of everything going wrong")
    with no risk words at all after it, nothing that qualifies it ("not yet", "not tonight") and a low clear-risk
    score: the words that made the classifier ask are then no new sign."""
    said = lowered(latest_text(tracker))
    risk = tracker.latest_message.get("crisis") or {}
    return (content.matches_any(content.safety_talk()["no_first"], said) and not assess(said).matches and not names_means(said)
            and not content.matches_any(content.safety_talk()["unsure_answers"], said)
            and float(risk.get("crisis_score") or 0.0) < NO_CLEAR_RISK)


QUESTIONS = ("check_question", "check_question_self_harm", "check_question_danger", "check_question_denied", "check_question_control",
             "asked_again")
"""The ways the direct question is put (``safety_talk.yml``)."""


ASKED_AGAIN = re.compile(r"\b(?:suicide|ending your life|end your life|hurting yourself|kill yourself)\b[^.!?]*\?")
"""The question put again at the end of another answer (the reply to "why do you ask?")."""


def asked_last(tracker: Tracker) -> bool:
    """Whether the assistant's last message put the direct question, in any of its forms (or put it again at the end
    of another answer, as the reply to "why do you ask?" does)."""
    talk, last = content.safety_talk(), recent_bot_texts(tracker, limit=1)
    return bool(last) and (any(within(question, last[0]) for key in QUESTIONS for question in talk[key])
                           or bool(ASKED_AGAIN.search(last[0])))


def stale_acknowledgement(tracker: Tracker) -> bool:
    """Whether the message is a bare "ok" while the direct question is still open but was not what the assistant
    said last (another answer came in between): an "ok" to that answer, not a yes to the question."""
    acknowledged = content.matches_any(content.safety_talk()["acknowledgements"], lowered(latest_text(tracker)).strip())
    return acknowledged and not asked_last(tracker)


def unsure_answer(said: str) -> bool:
    """Whether an answer to the direct question is a maybe: "idk", "sometimes", "kind of" (not "i guess not"), or a no
    with a hedge after it ("no... well maybe", "not really but", "not right now")."""
    talk = content.safety_talk()
    return ((content.matches_any(talk["unsure_answers"], said) and not content.matches_any(talk["clear_no_answers"], said))
            or content.matches_any(talk["hedged_no_answers"], said))


def answer_yes_to_the_question(dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
    """"Yes" to "are you thinking about suicide?" said in other words ("yes, thank you for asking"): what the rule for a
    plain yes does, the crisis answer, the lines for their country, and whether they are safe."""
    dispatcher.utter_message(response="utter_crisis")
    events = ActionCrisisLines().run(dispatcher, tracker, domain)
    dispatcher.utter_message(response="utter_crisis_check_in")
    return [SlotSet("offer", None)] + list(events)


def answer_maybe(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
    """A maybe to the direct question, taken as a possible yes: the emergency number and a line, whether they are safe,
    and crisis mode on."""
    dispatcher.utter_message(text=fill_line(pick(content.safety_talk()["check_unsure"], tracker), tracker), buttons=SAFETY_BUTTONS)
    return [SlotSet("offer", None)] + crisis_mode_on(quiet=False)


DECLINED_WITHIN = 3
"""How many of the person's messages may separate a no to the direct question from its taking back."""


def late_answer(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """An answer to the direct question whatever the message was read as: a maybe straight after it ("kind of",
    "no... well maybe"), or a no taken back a few messages later ("actually i lied", "it's been on my mind for
    weeks"), as a yes or a maybe. Never in crisis mode, which has its own answers; None for anything else."""
    if tracker.get_slot("crisis_mode"):
        return None
    talk, said = content.safety_talk(), lowered(latest_text(tracker)).strip()
    if tracker.get_slot("offer") == "risk_check" and asked_last(tracker):
        if content.matches_any(talk["yes_with_more"] + talk["yes_in_other_words"] + talk["yes_as_a_question"], said):
            # "yeah just most nights", "about ending it", "would you care if i did?"
            return answer_yes_to_the_question(dispatcher, tracker, {})
        return answer_maybe(dispatcher, tracker) if unsure_answer(said) else None
    if not _declined_lately(tracker, talk["check_declined"]):
        return None
    last = recent_bot_texts(tracker, limit=1)
    asked_something = tracker.get_slot("offer") or (bool(last) and last[0].rstrip().endswith("?"))  # "honestly yes" may answer it
    if content.matches_any(talk["taken_back_yes"], said) or (
            not asked_something and content.matches_any(talk["taken_back_yes_unasked"], said)):
        return answer_yes_to_the_question(dispatcher, tracker, {})
    return answer_maybe(dispatcher, tracker) if content.matches_any(talk["taken_back_maybe"], said) else None


def _declined_lately(tracker: Tracker, declined: List[str]) -> bool:
    """Whether the assistant took a no to the direct question (one of ``declined``) within the person's last
    ``DECLINED_WITHIN`` messages before this one."""
    return any(event.get("event") == "bot" and any(within(text, event.get("text") or "") for text in declined)
               for event in latest_events(tracker, DECLINED_WITHIN))
