"""Talking around risk: the direct question for possible risk, and crisis mode's short answers.

The first crisis answer is static (domain.yml) so it works without this server; these actions
add what needs the conversation: the person's country, what they just said, and whether
they asked us to stop checking on them. Wording lives in ``data/content/safety_talk.yml``.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.at_risk import friend_still_at_risk, send_at_risk_follow_up
from actions.check_context import explained_by_context
from actions.clarified import defiant, misread, refuses_means
from actions.exercises import start_exercise
from actions.honest_answers import honest_entry, honest_text
from actions.line_in_view import ANSWER_BUTTONS, SAFETY_BUTTONS, crisis_mode_on, fill_line, text_line_known
from actions.reflect import reflection
from actions.resources import ActionCrisisLines, hurt_by_someone_earlier, known_country, latest_text, lowered, named_here, risk_said
from actions.risk_answers import NO_CLEAR_RISK, answer_maybe, answers_no, denies_it
from actions.safety_notes import PLAN_SIGNS, means_still_near, overdose_lately, with_means_note
from actions.self_harm import GROUNDING, NOT_OVER, answered_this_turn, grounding_taken_up, self_harm_answer
from actions.wording import JUST_TALK, pick, recent_bot_texts
from assistant.safety import DESPITE_DENIAL, SAID_TO_THEM, WISH_DENIED
from assistant.safety.lexicon import assess, states_safety

LEAVING = re.compile(r"\b(?:bye|goodbye|good ?night|night night|nite|gotta go|got to go|have to go|going now|i'?m leaving|talk later|cya|ttyl|gtg|g2g|"
                     r"see you|later then|off to (?:bed|sleep|work)|going to (?:bed|sleep)|that'?s all|logging off|signing off|heading off|speak soon)\b")
"""The words of a goodbye, without which a message read as one is answered for what it says."""
NOT_ME = re.compile(r"^\W*(?:(?:no|nah|sorry|oh)\W+)*(?:not (?:for |about )?me\W+(?:i mean |i meant )?(?:for |about )?(?:him|her|them|my \w+)|"
                    r"(?:for|about) (?:him|her|them|my \w+) i mean\W+not (?:for |about )?me)\b")
"""An answer to the direct question that says the worry is for someone else ("not me, my mum"): their risk, if any, is
the friend guide's (session 26's second review: "not me, my mum. she keeps saying she'd be better off gone" was "I'm glad")."""
# A first sentence that answers what the person just said, before the line (else one of `heavy` in safety_talk.yml,
# or what they named, reflected).
OPENERS = {
    "thank": "You're welcome. I'm still here with you.",
    "affirm": "Okay. If you mean you're safe now, tell me \"I'm safe\" and we'll go on together.",
    "deny": "That's okay. I'm still here with you.",
    "greet": "Hi, I'm still here with you.",
    "goodbye": "Before you go, please keep this with you.",
    "bot_challenge": "I'm an automated assistant, not a person, which is why I want you to talk to someone real right now.",
    "ask_capabilities": "Right now the most useful thing I can do is stay with you while you reach a person.",
    "out_of_scope": "We can talk about anything you like, and I'm still here with you.",
    "feeling_better": "I'm glad it feels a little easier.",
    "find_professional_help": "Reaching a professional is a good step, and a crisis line can help you do that tonight.",
    "request_exercise": "Go slowly, and stop whenever you like. I'm still here with you.",
    "need_help": "We can do something together right now: ask me for the grounding exercise and I'll guide you through it.",
    "other_language": "I'm sorry, I only understand English for now, and I'm still here with you.",
    "ask_privacy": "What you write stays where this assistant runs and goes to no outside service. I'm still here with you.",
}
GROUNDING_BUTTON = {"title": "Do a grounding exercise with me", "payload": "can we do the grounding through your senses exercise"}
"""Offered in crisis mode to someone asking what they can do, as the first crisis answer offers it."""


STRONG_CHECK = 0.8
"""In crisis mode, a message the classifier alone would ask about with this risk score or more ("everything will be
sorted by sunday") also gets the urgent answer."""
DENIED_REASONS = frozenset({DESPITE_DENIAL, WISH_DENIED})
ASKED_DIRECTLY = "asked_directly"
"""Whether action_crisis_check asked the direct question (or gave the lines again): only then is a "yes" after it a
yes to that question (the rules in data/rules/crisis.yml read this slot)."""


def _reason(tracker: Tracker) -> str:
    return str((tracker.latest_message.get("crisis") or {}).get("reason") or "")


class ActionCrisisCheck(Action):
    """Possible risk: ask directly whether they are thinking about suicide (or, when the words were about
    self-harm or its signs, hurting themselves), one line in view. Not when the message answers the question
    already asked (a denial, a no first), or is a short follow-up, with no risk word, to the exercise just offered or
    to a reminder answer: those are answered here, with ``asked_directly`` false for the rules that read a yes next."""

    def name(self) -> Text:
        return "action_crisis_check"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        emergency = honest_text(tracker, only_first=True)  # "my throat is swelling up, i ate the peanuts on purpose": 999 first
        if emergency is not None:
            dispatcher.utter_message(text=emergency, buttons=SAFETY_BUTTONS[:1])
            return [SlotSet("offer", None), SlotSet(ASKED_DIRECTLY, False)] + crisis_mode_on(quiet=True)
        answered = self._answered_otherwise(dispatcher, tracker, domain)
        if answered is not None:  # a "yes" next is then not a yes to the direct question (data/rules/crisis.yml)
            return answered + [SlotSet(ASKED_DIRECTLY, False)]
        talk, reason, said = content.safety_talk(), _reason(tracker), latest_text(tracker)
        if _asked_before(tracker):  # several warning signs in one conversation: the lines, not the question again
            dispatcher.utter_message(text=fill_line(pick(talk["check_again"], tracker), tracker), buttons=SAFETY_BUTTONS)
            return [SlotSet("offer", None), SlotSet(ASKED_DIRECTLY, True)] + crisis_mode_on(quiet=False)
        threat = "hyperbole" in reason and content.matches_any(talk["hyperbole_threat_patterns"], said)
        control = ":hiding_to_write" in reason or content.matches_any(talk["control_check_patterns"], said)
        told = reason.startswith(SAID_TO_THEM)  # "he said 'i'm going to kill you'", "she said 'you should kill yourself'"
        kind = ("check_question_threatened" if told and reason.endswith(":danger") else "check_question_told_to" if told
                else "check_question_danger" if threat else "check_question_control" if control
                else "check_question_self_harm" if ":self_harm" in reason
                else "check_question_denied" if reason in DENIED_REASONS else "check_question")
        question = pick(talk[kind], tracker).format(emergency=content.country_lines(known_country(tracker))["emergency"])
        dispatcher.utter_message(
            text=f"{question} {fill_line(pick(talk['check_line'], tracker), tracker)}",
            buttons=ANSWER_BUTTONS,
        )
        return [SlotSet("offer", "risk_check"), SlotSet(ASKED_DIRECTLY, True)]

    @staticmethod
    def _answered_otherwise(dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> Optional[List[Dict[Text, Any]]]:
        """The answer when the message is not a new warning sign to ask about: the friend at risk it is about, an answer
        to the question already asked, or a short follow-up with no risk word to the exercise just offered or to a
        reminder answer (actions/check_context.py); None when the question is to be asked."""
        reason, said = _reason(tracker), latest_text(tracker)
        if friend_still_at_risk(tracker) and not reason.startswith("pattern:"):
            return send_at_risk_follow_up(dispatcher, tracker)  # "should i be worried?" is about the friend at risk
        if tracker.get_slot("offer") == "risk_check" and NOT_ME.search(lowered(said)):
            from actions.friend import ActionFriendGuide, friend_risk  # friend imports this module

            if friend_risk(said) is not None:  # "not me, my mum. she keeps saying she'd be better off gone": her risk
                return ActionFriendGuide().run(dispatcher, tracker, domain)
        if tracker.get_slot("offer") == "risk_check" and (denies_it(said) or answers_no(tracker)):
            from actions.check_declined import ActionCheckDeclined  # it imports this module

            return ActionCheckDeclined().run(dispatcher, tracker, domain)  # "no, just tired of it all"
        if reason != "classifier":
            return None
        if ONLY_WHO_MADE_IT.search(lowered(said)) and not assess(said).matches:  # "so like who made you", and nothing else
            honest = honest_text(tracker)
            if honest is not None:
                dispatcher.utter_message(text=honest)
                return []
        return explained_by_context(dispatcher, tracker)


def _urgent(dispatcher: CollectingDispatcher, tracker: Tracker, means: str = "", overdose: bool = False) -> List[Dict[Text, Any]]:
    """The short urgent answer, with ``means`` (a note to put them out of reach) after it; an overdose told now ("i just
    took 30 tablets"), or its effects after one (``overdose``), also needs medical help first."""
    talk = content.safety_talk()
    overdose = overdose or "overdose" in risk_said(latest_text(tracker))
    first = fill_line(pick(talk["overdose_first"], tracker), tracker) + " " if overdose else ""
    urgent = fill_line(pick(talk["urgent"], tracker), tracker)
    dispatcher.utter_message(text=first + (f"{urgent} {means}" if means else urgent), buttons=SAFETY_BUTTONS)
    return crisis_mode_on(quiet=False) + ([SlotSet("crisis_overdose", True)] if overdose else [])


class ActionCrisisUrgent(Action):
    """Crisis again while in crisis mode ("I'm not safe"): emergency number first, short, stay with them."""

    def name(self) -> Text:
        return "action_crisis_urgent"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        return _urgent(dispatcher, tracker)


class ActionCrisisReminder(Action):
    """In crisis mode: answer briefly, keep the line in view, and check in unless asked not to."""

    def name(self) -> Text:
        return "action_crisis_reminder"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        talk = content.safety_talk()
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        said = latest_text(tracker)
        risk = tracker.latest_message.get("crisis") or {}
        strong = risk.get("level") == "check" and risk.get("reason") == "classifier" and float(risk.get("score") or 0) >= STRONG_CHECK
        if answered_this_turn(tracker):  # the exercise action before it answered an urge question
            return []
        # "it's not about dying, it's how i cope", after self-harm told: the classifier reads risk, the answer is theirs
        # (never beside a plan or other risk words, which self_harm_answer leaves to the urgent answer below)
        coping = self_harm_answer(dispatcher, tracker)
        if coping is not None:
            return coping
        emergency = honest_text(tracker, only_first=True)  # "stay with me please, my throat is swelling up": 999 first
        if emergency is not None:
            dispatcher.utter_message(text=emergency, buttons=SAFETY_BUTTONS[:1])
            return []
        if hurt_by_someone_earlier(tracker) and content.matches_any(talk["danger_near_patterns"], lowered(said)):
            # "he's outside my flat right now", after his threat: the emergency number, and what to do meanwhile
            dispatcher.utter_message(text=fill_line(pick(talk["danger_near"], tracker), tracker), buttons=SAFETY_BUTTONS[:1])
            return crisis_mode_on(quiet=True)
        if (overdose_lately(tracker) and content.matches_any(talk["overdose_worse_patterns"], lowered(said))
                and not content.matches_any(talk["medical_help_patterns"], lowered(said))):
            return _urgent(dispatcher, tracker, overdose=True)  # "im getting sleepy", after pills taken: medical help now
        if PLAN_SIGNS & risk_said(said) or strong:  # "i have a plan though", after thoughts of suicide: the urgent answer
            return _urgent(dispatcher, tracker)
        kept = content.matches_any(talk["keeping_means_patterns"], lowered(said)) and means_still_near(tracker)
        if kept:  # "just in case", of the tablets saved up: kept to be used
            return _urgent(dispatcher, tracker, means=kept)
        if refuses_means(tracker):  # "no i'm not going to hand it over", of the gun by the bed: never safety
            return _urgent(dispatcher, tracker, means=pick(talk["means_refused"], tracker))
        if defiant(tracker):  # "no one can stop me", after a bridge named for tonight (session 27: "I won't keep asking")
            return _urgent(dispatcher, tracker)
        if named_here(tracker) and intent != "inform_country" and len(said.split()) <= 5 and not risk_said(said):
            return ActionCrisisLines().run(dispatcher, tracker, domain)  # "Calgary", read as out of scope: its lines
        if grounding_taken_up(tracker):  # "yes" to the grounding offered with it
            return start_exercise(dispatcher, tracker, content.exercises()[GROUNDING.partition(":")[2]]) + [SlotSet("offer", None)]
        if (not tracker.get_slot("crisis_quiet") and content.matches_any(talk["not_safe_answers"], said.strip(" .!?"))
                and _asked_if_safe(tracker)):
            return _urgent(dispatcher, tracker)  # "no" to "are you safe right now?"
        # a bare "stop" here is "stop asking" too: crisis mode has nothing else running to stop
        stop = intent == "stop" and not defiant(tracker) and honest_entry(tracker) is None  # "can you stay with me?" is no stop
        if stop or content.matches_any(talk["stop_asking_patterns"], said) or misread(tracker):
            return _stop_asking(dispatcher, tracker)  # "lol not literally": the questions stop, crisis mode stays
        plain_yes = content.matches_any(talk["safe_yes_answers"], said.lower().strip(" .!?"))
        if plain_yes and _asked_if_safe(tracker):  # "yes" to "are you safe right now?", "yes i am" read as asking if it is a bot
            return glad_safe(dispatcher, tracker)
        overdose = bool(tracker.get_slot("crisis_overdose"))
        reached_out = reached_out_reply(said, tracker)  # a good step, not yet safety
        if content.matches_any(talk["watched_phone_patterns"], said):
            text = fill_line(pick(talk["watched_phone"], tracker), tracker, by_text=True)  # safer ways in, no pressure
        elif content.matches_any(talk["keep_secret_patterns"], said):
            text = fill_line(pick(talk["keep_secret"], tracker), tracker)  # the honest answer: it can tell no one
        elif content.matches_any(talk["no_answer_patterns"], said):
            text = fill_line(pick(talk["no_answer"], tracker), tracker, by_text=True)  # try again, or write instead
        elif (honest := honest_text(tracker)) is not None:  # "will they send the police?", "what do i say when they answer?"
            text = honest
        elif content.matches_any(talk["cannot_call_patterns"], said):
            wording = talk["cannot_call" if text_line_known(tracker) else "cannot_call_no_text"]
            text = fill_line(pick(wording, tracker), tracker, by_text=True)  # no pressure to phone; other ways in
        elif reached_out and content.matches_any(talk["talking_now_patterns"], said):
            dispatcher.utter_message(text=reached_out)  # on the phone with them: no question to answer here
            return []
        elif reached_out:
            text = reached_out
        elif content.matches_any(talk["change_topic_patterns"], lowered(said)):  # "can we just talk about my day"
            dispatcher.utter_message(text=fill_line(pick(talk["change_topic"], tracker), tracker), buttons=SAFETY_BUTTONS[:1])
            return [SlotSet("crisis_quiet", True)]
        elif intent == "deny" and content.matches_any(talk["hedged_no_answers"], said):  # "no not like that. well. maybe a bit": a maybe
            return answer_maybe(dispatcher, tracker)
        elif intent == "deny" and not overdose and states_safety(said) and not NOT_OVER.search(lowered(said)):  # "im not gonna do anything ok"
            text = with_means_note(fill_line(pick(talk["glad_safe_for_now"], tracker), tracker), tracker)
            dispatcher.utter_message(text=text, buttons=SAFETY_BUTTONS[:1])
            return [SlotSet("crisis_quiet", True)]
        else:
            # "That's okay." answers a "no ...", not "it's not the first time he hit me"; "If you mean you're safe" a
            # short yes, not "yes. i am thinking about it"; "Before you go" a goodbye, not "he's coming home soon"
            plain = intent != "deny" or bool(re.match(r"(?:no+|nope|nah|not really|not at all)\b", said.strip()))
            plain = plain and (intent != "affirm" or len(said.split()) <= 3) and (intent != "goodbye" or bool(LEAVING.search(said)))
            plain = plain and (intent != "feeling_better" or bool(re.search(r"\b(?:better|easier|calmer|helped|helps|lighter)\b", said)))
            opener = (OPENERS.get(intent) if plain else None) or _heard(tracker, talk)
            text = f"{opener} {fill_line(pick(talk['overdose_keep_line' if overdose else 'keep_line'], tracker), tracker)}"
        extra = [GROUNDING_BUTTON] if intent == "need_help" and not overdose else []
        if tracker.get_slot("crisis_quiet"):
            dispatcher.utter_message(text=text, buttons=SAFETY_BUTTONS[:1] + extra)
        elif intent == "affirm":  # its opener already asks whether they are safe
            dispatcher.utter_message(text=text, buttons=SAFETY_BUTTONS)
        else:
            dispatcher.utter_message(text=f"{text} {pick(talk['check_in'], tracker)}", buttons=SAFETY_BUTTONS + extra)
        return []


def _heard(tracker: Tracker, talk: Dict[str, List[str]]) -> str:
    """What they named, reflected ("Thank you for telling me about school and the arguments."), and that we are
    still here; else a short sentence that they were heard."""
    named = reflection(tracker)
    return f"{named} I'm still here with you." if named else pick(talk["heavy"], tracker)


def _only_brushed_off(said: str, talk: Dict[str, List[str]]) -> bool:
    """"Fine", "ok" or "stop asking" with nothing else that speaks of safety ("i said i'm fine", "stop asking me if
    i'm safe"); "i'm safe, stop asking" or "my sister is here, i'm ok" say more."""
    if not content.matches_any(talk["stop_asking_patterns"] + talk["brush_off_patterns"], said):
        return False
    rest = said
    for pattern in talk["brush_off_patterns"]:
        rest = re.sub(pattern, " ", rest)
    return not states_safety(rest)


def _stop_asking(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
    """No more questions, as asked; crisis mode and the line stay."""
    text = with_means_note(fill_line(pick(content.safety_talk()["stop_asking"], tracker), tracker), tracker)
    dispatcher.utter_message(text=text, buttons=SAFETY_BUTTONS[:1])
    return crisis_mode_on(quiet=True)


def _asked_before(tracker: Tracker) -> bool:
    """Whether the direct question about suicide or self-harm was already asked in this conversation."""
    talk = content.safety_talk()
    questions = talk["check_question"] + talk["check_question_self_harm"] + talk["check_question_denied"]
    return any(said.startswith(question) for said in recent_bot_texts(tracker) for question in questions)


def _asked_if_safe(tracker: Tracker) -> bool:
    """Whether the assistant's last message asked if they are safe, so that a "yes" answers it."""
    said = next((e.get("text") or "" for e in reversed(list(tracker.events)) if e.get("event") == "bot"), "")
    return content.matches_any(content.safety_talk()["safety_questions"], lowered(said))


def _in_crisis_mode_before(tracker: Tracker) -> bool:
    """Whether crisis mode was on before this message (its "safe" reading has already switched the slot off)."""
    events = list(tracker.events)
    last_user = max((n for n, e in enumerate(events) if e.get("event") == "user"), default=len(events))
    value = None
    for event in events[:last_user]:
        if event.get("event") == "slot" and event.get("name") == "crisis_mode":
            value = bool(event.get("value"))
    return bool(tracker.get_slot("crisis_mode")) if value is None else value


def glad_safe(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
    """Safety stated: crisis mode ends, unless an overdose was taken and no medical help is named yet."""
    talk = content.safety_talk()
    said = latest_text(tracker)
    helped = said
    for refused in talk["medical_help_refused"]:  # "i don't need a doctor" names no help reached
        helped = re.sub(refused, " ", helped)
    if tracker.get_slot("crisis_overdose") and not content.matches_any(talk["medical_help_patterns"], helped):
        dispatcher.utter_message(text=fill_line(pick(talk["overdose_not_safe_yet"], tracker), tracker), buttons=SAFETY_BUTTONS[1:])
        return [SlotSet("crisis_mode", True), SlotSet("crisis_answered", True)]
    coping = self_harm_answer(dispatcher, tracker)  # "not suicidal, it just helps me cope", after "started cutting again"
    if coping is not None:
        return coping
    if safety_came_up(tracker) and content.matches_any(talk["help_on_the_way_patterns"], said):  # "ive called 999 theyre coming"
        dispatcher.utter_message(text=reached_out_reply(said, tracker), buttons=SAFETY_BUTTONS[:1])
        return crisis_mode_on(quiet=True)
    if refuses_means(tracker):  # "i'm not going to hand it over", read as safe
        return _urgent(dispatcher, tracker, means=pick(talk["means_refused"], tracker))
    risk = tracker.latest_message.get("crisis") or {}
    if _in_crisis_mode_before(tracker) and str(risk.get("reason") or "").startswith("explained away") \
            and float(risk.get("crisis_score") or 0) >= NO_CLEAR_RISK:  # "im not suicidal i just think about it a lot": not safety
        dispatcher.utter_message(text=f"{_heard(tracker, talk)} {fill_line(pick(talk['keep_line'], tracker), tracker)}", buttons=SAFETY_BUTTONS)
        return []
    if _in_crisis_mode_before(tracker) and _only_brushed_off(said, talk):
        return _stop_asking(dispatcher, tracker)  # "i said i'm fine", "stop asking me if i'm safe": no safety stated
    if _in_crisis_mode_before(tracker) and content.matches_any(talk["hedged_no_answers"], said):  # "no not like that. well. maybe a bit"
        return answer_maybe(dispatcher, tracker)
    hedged = content.matches_any(talk["hedged_safety_patterns"], said)  # "safe i guess, for tonight"
    if hedged and _in_crisis_mode_before(tracker):
        text = with_means_note(fill_line(pick(talk["glad_safe_for_now"], tracker), tracker), tracker)
        dispatcher.utter_message(text=text, buttons=SAFETY_BUTTONS)
        return crisis_mode_on(quiet=True)
    dispatcher.utter_message(text=with_means_note(pick(talk["glad_safe"], tracker), tracker))
    # the direct question is answered too: a later "yes" ("what would help?" "yes") is not a yes to it
    return [SlotSet("crisis_mode", False), SlotSet("crisis_answered", False), SlotSet("crisis_quiet", False),
            SlotSet("crisis_overdose", False), SlotSet("friend_at_risk", None), SlotSet("offer", None)]


class ActionSafetyRetracted(Action):
    """A "no" right after "I'm glad you're safe": taking it back ("actually no i'm not") gets the urgent answer;
    a plain "no thanks" to the question that followed is only declined."""

    def name(self) -> Text:
        return "action_safety_retracted"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        if tracker.get_slot("crisis_mode"):  # not over yet (an overdose unchecked, "safe for now"): crisis mode answers
            return ActionCrisisReminder().run(dispatcher, tracker, domain)
        said = latest_text(tracker)
        if refuses_means(tracker):  # "no i'm not going to hand it over", after the "I'm safe now" button: never safety
            return _urgent(dispatcher, tracker, means=pick(content.safety_talk()["means_refused"], tracker))
        # "im not gonna do anything ok" says safety again, in other words
        if content.matches_any(content.safety_talk()["retract_safety_patterns"], said) and not states_safety(said):
            return _urgent(dispatcher, tracker)
        dispatcher.utter_message(text=pick(JUST_TALK, tracker))
        return [SlotSet("offer", None)]


ONLY_WHO_MADE_IT = re.compile(r"^\W*(?:(?:so|like|ok|okay|but|and|hey|um|wait|lol|then)\W+)*who (?:made|built|created|programmed|"
                              r"designed|owns|runs|wrote|coded) (?:you|u|this|this app|this bot|this thing|it)"
                              r"(?:\W+(?:then|lol|tho|though|anyway|exactly|actually))*\W*$")
"""A message that only asks who made the assistant: the one question whose straight answer may stand in for the direct
question when the classifier alone read risk (session 25's review: "who made you? i want to thank them before i go",
"will you remember me when i'm not around" and "can you call my mum, i took too many" must still be asked)."""
SAFETY_SLOTS = ("crisis_mode", "crisis_answered", "crisis_overdose", "friend_at_risk", ASKED_DIRECTLY)
"""Slots that, set once in a conversation, mean safety has come up in it."""


def safety_came_up(tracker: Tracker) -> bool:
    """Whether safety has come up in this conversation (crisis mode, a crisis answer, an overdose, a friend at risk, the
    direct question put), now or earlier: before that, a message read as "I'm safe" that says nothing of safety is not
    told "glad you're safe"."""
    return (any(tracker.get_slot(name) for name in SAFETY_SLOTS)
            or any(e.get("event") == "slot" and e.get("name") in SAFETY_SLOTS and e.get("value") for e in tracker.events))


def reached_out_reply(said: str, tracker: Tracker) -> str:
    """Praise for reaching a line or help, with the emergency number in view, when ``said`` tells of it; else ""."""
    talk = content.safety_talk()
    if content.matches_any(talk["help_on_the_way_patterns"], said):  # "ive called 999 theyre coming": no "call 999"
        return fill_line(pick(talk["help_on_the_way"], tracker), tracker)
    if content.matches_any(talk["talking_now_patterns"], said):  # "i'm talking to them now": no "while you wait"
        return fill_line(pick(talk["talking_now"], tracker), tracker)
    if content.matches_any(talk["on_hold_patterns"], said):  # "they put me on hold": stay on; a text line meanwhile
        return fill_line(pick(talk["on_hold" if text_line_known(tracker) else "on_hold_no_text"], tracker), tracker, by_text=True)
    if content.matches_any(talk["reached_out_patterns"], said):
        return fill_line(pick(talk["reached_out"], tracker), tracker)
    return ""
