"""Answering what someone is going through: validate, one piece of guidance, an offer.

The words live in ``data/content/topics.yml`` keyed by intent; the offer is remembered in the ``offer`` slot so that a
later "yes" or "no" means the right thing.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.answers import (
    YES_NO,
    advice_asked,
    answer_situation,
    good_news_reply,
    make_offer,
    named_now,
    remembered,
    send_advice,
    situation_reply,
    support_text,
    warning_sign_told,
)
from actions.at_risk import OWN_NEED, friend_still_at_risk, send_at_risk_follow_up
from actions.exercises import ActionRunExercise, about_an_exercise, ask_which, start_exercise
from actions.friend import ActionFriendGuide, answer_friend_question, send_friend_step, tells_their_feeling
from actions.honest_answers import about_the_talk, honest_answer
from actions.line_in_view import ANSWER_BUTTONS, fill_line
from actions.listening import start_practice
from actions.reminders import reminder_follow_up, turn_service_on
from actions.resources import abuse_lines_text, known_country, latest_text, lowered, send_professional_help
from actions.risk_answers import answer_yes_to_the_question, late_answer, stale_acknowledgement
from actions.safety import ActionCrisisCheck, glad_safe, safety_came_up
from actions.self_harm import asks_about_urges, self_harm_answer
from actions.wording import fresh, latest_events, pick, said_before

NOTHING_OFFERED = (
    "Okay. What would you like to do? You can tell me how you're feeling, or ask for an exercise.",
    "Alright. Where would you like to go from here? Tell me what's on your mind, or ask for an exercise.",
    "Okay. I'm here.",
)
MORE_BUTTONS = [{"title": "Tell me more", "payload": "yes, tell me more"}, {"title": "That's enough", "payload": "no thanks"}]


def help_once(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
    """Professional help, with the long paragraph about routes given in full only once: asked again,
    a short version and "Tell me more" in its place (the country's lines are kept as they are)."""
    collected = CollectingDispatcher()
    events = send_professional_help(collected, tracker)
    routes = " ".join(content.professional_help()["routes"][:3])
    repeated = said_before(routes, tracker)
    for message in collected.messages:
        if repeated and routes in (message.get("text") or ""):
            short = fresh(content.professional_help()["short"], tracker) or content.professional_help()["short"][-1]
            dispatcher.utter_message(text=short, buttons=MORE_BUTTONS)
            return events + [SlotSet("offer", "more:routes")]
        dispatcher.messages.append(message)
    return events


SOMEONE_ELSE = re.compile(r"\b(?:he|she|they|him|her|them|his|their|hes|shes|theyre)\b")
ABOUT_THEM = re.compile(r"^\W*(?:and |but |so |well |i mean )?(?:he|she|they|his|her|their|theyre)\b")
"""A message that opens with the person they are helping ("she cries a lot at night and i just freeze"): more about them,
unless it tells of the writer's own distress too (``OWN_DISTRESS``)."""
OWN_DISTRESS = re.compile(r"\b(?:i(?:'m| am|m)?|i feel|i've been|ive been|i have been|feeling) (?:so |really |just |too |completely |totally )?"
                          r"(?:worthless|low|depressed|falling apart|awful|terrible|hopeless|sad|miserable|a mess|not ok|not okay|broken|"
                          r"exhausted|drained|overwhelmed|lost|alone|lonely|empty|numb|scared|terrified|useless|a failure)\b|\bmyself\b|\bdragging me\b")
"""The writer's own distress beside news of the person they help ("she doesn't see i'm falling apart too"): theirs first."""


def asked_for_exercise(tracker: Tracker) -> Optional[Tuple[str, str]]:
    """A feeling with a request in it ("i'm so hard on myself, is there an exercise to be kinder"):
    offer the exercise they named, or the topic's own when they asked for one without naming it."""
    kind = next(tracker.get_latest_entity_values("exercise"), None)
    choices = content.exercises_in(kind) if kind else []
    if choices:
        chosen = choices[0]
        return f"exercise:{chosen.id}", f"Would you like to try {chosen.title[0].lower() + chosen.title[1:]} with me now?"
    return None


class ActionSupport(Action):
    """Responds to a feeling or a question from the article with warmth, advice and an offer."""

    def name(self) -> Text:
        return "action_support"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        # "i'm so scared, what do i do", "i can't reach him now": while a friend may be at risk, it is about them
        if friend_still_at_risk(tracker) and (intent == "need_help" or SOMEONE_ELSE.search(latest_text(tracker))) \
                and not OWN_NEED.search(latest_text(tracker)):
            return send_at_risk_follow_up(dispatcher, tracker)
        late = late_answer(dispatcher, tracker)  # "it's been on my mind for weeks", a few messages after a no
        if late is not None:
            return late
        urge = self_harm_answer(dispatcher, tracker) if asks_about_urges(tracker) else None
        if urge is not None:  # "how do i handle the urges when they get bad", after their own self-harm, read as a feeling
            return urge
        honest = honest_answer(dispatcher, tracker)  # "what do i say when they pick up?"
        honest = about_the_talk(dispatcher, tracker) if honest is None else honest  # ([] is an answer too)
        if honest is not None:
            return honest
        said = latest_text(tracker).lower()
        if tracker.get_slot("topic") == "support_a_friend" and ABOUT_THEM.search(said) and not OWN_DISTRESS.search(said) \
                and not warning_sign_told(tracker):  # still helping them, not the writer's own low mood
            return ActionFriendGuide().run(dispatcher, tracker, domain)
        if intent != "support_a_friend" and tells_their_feeling(tracker) and not OWN_DISTRESS.search(said):
            return ActionFriendGuide().run(dispatcher, tracker, domain)  # "my boyfriend has been really depressed": helping him
        # "what is loving kindness?" (not "self-compassion vs self-esteem", with its own answer); "what do i actually say though?"
        own_answer = any(content.matches_any(a["when"], said)
                         for a in (content.topics().get(intent or "") or {}).get("answers", []))
        described = (None if own_answer else about_an_exercise(dispatcher, tracker)) or answer_friend_question(dispatcher, tracker)
        if described is not None:
            return described
        about_reminder = reminder_follow_up(dispatcher, tracker)  # "every two hours", asked when to remind them
        if about_reminder is not None:
            return about_reminder
        if str(tracker.get_slot("offer")).startswith("exercise:") and re.search(content.not_understood()["takes_up_offer"], said):  # "ok help me"
            return ActionAcceptOffer().run(dispatcher, tracker, domain)
        topic = content.topics().get(intent) if intent else None
        if topic and "needs_words" in topic and tracker.get_slot("topic") != intent and not content.matches_any(
                topic["needs_words"], latest_text(tracker).lower()):  # "is there research behind any of this?"
            intent, topic = "learn_about_compassion", content.topics()["learn_about_compassion"]
        if topic is None:
            wording = content.not_understood()
            dispatcher.utter_message(text=pick(wording["variants"], tracker), buttons=wording["buttons"])
            return []
        answered = situation_reply(dispatcher, tracker, intent)  # a loss, control, school, money... spoken to first
        if answered is not None:
            return answered
        first = "offer_first" in topic and not any(said_before(v, tracker) for v in topic["validate"]) \
            and not content.matches_any(topic["offer_first"].get("unless"), said)  # a low day, not lasting
        dispatcher.utter_message(text=support_text(topic, tracker))
        requested = asked_for_exercise(tracker)
        if requested is None:
            return [SlotSet("offer", make_offer(dispatcher, tracker, topic["offer_first" if first else "offer"])), SlotSet("topic", intent)]
        dispatcher.utter_message(text=requested[1], buttons=YES_NO)
        return [SlotSet("offer", requested[0]), SlotSet("topic", intent)]


ABOUT_PRIVACY = re.compile(r"\bwhat (?:do|will|would) (?:you|u) do with (?:what i (?:tell|say|write|said|told)|my (?:data|messages|words|info|chats?))|"
                           r"\bwho (?:can|else|else can) (?:see|read)s? (?:this|what i|my)\b|"
                           r"\b(?:is|are) (?:this|my (?:messages|data|chats?|words)) (?:private|saved|stored|recorded|kept)\b")
"""Asking what happens to what they write, read as asking what it can do (session 26): the privacy answer."""


class ActionCapabilities(Action):
    """What the assistant can do; "what should i do" just after a feeling was answered asks for advice instead."""

    def name(self) -> Text:
        return "action_capabilities"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        if friend_still_at_risk(tracker) and not OWN_NEED.search(latest_text(tracker)):  # "what do i do": not the menu
            return send_at_risk_follow_up(dispatcher, tracker)
        # "it's complicated" or "why do you care" straight after the direct question
        # ... and "you gave me a lecture", read as asking what it can do
        for answer in (late_answer, honest_answer, about_the_talk):
            answered = answer(dispatcher, tracker)
            if answered is not None:
                return answered
        asked = advice_asked(tracker)
        if asked is not None:
            return send_advice(dispatcher, tracker, asked)
        if ABOUT_PRIVACY.search(lowered(latest_text(tracker))):  # "what do you do with what i tell you"
            dispatcher.utter_message(response="utter_privacy")
            return []
        dispatcher.utter_message(response="utter_capabilities")
        return []


# Words that say things are better ("good" in "good afternoon" is a greeting, not news); without one, "we were
# married 41 years" read as feeling better is answered as part of the story it belongs to.
BETTER_WORDS = re.compile(r"\b(?:better|good(?! (?:morning|afternoon|evening|night)\b)|great|calm\w*|help\w*|relie\w*|ok|okay|fine|"
                          r"lighter|nice|happ\w+|thank\w*|thanks|thx|"
                          r"glad|easier|peaceful|relaxed|settled|grateful|improv\w*|brighter|hopeful|lovely|amazing|awesome|"
                          r"warm\w*|alright|all right|smil\w*|looking up|upbeat|enjoy\w*|"
                          r"(?:less|not as|not so|no longer) (?:tense|anxious|stressed|wound up|on edge|nervous|scared|worried|panicky|"
                          r"overwhelmed|heavy|tight|shaky|jittery|restless|angry|bad|awful|sad|low|alone|lonely))\b")


class ActionFeelingBetter(Action):
    """Glad to hear it; good news of their own gets congratulations; a message with no word of feeling better, in a
    conversation about a loss or another situation, is more of that story and answered as such."""

    def name(self) -> Text:
        return "action_feeling_better"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        late = late_answer(dispatcher, tracker)  # "actually i lied earlier", a few messages after a no
        if late is not None:
            return late
        if warning_sign_told(tracker):  # after a death, "i wouldn't mind joining him", read as fine: asked about
            return ActionCrisisCheck().run(dispatcher, tracker, domain)
        if about_the_talk(dispatcher, tracker) is not None:  # "oh great, a robot therapist": sarcasm, not relief
            return []
        honest = honest_answer(dispatcher, tracker)  # "should i stop my meds, i feel better now": no advice on medicines
        if honest is not None:
            return honest
        if good_news_reply(dispatcher, tracker):  # "i just got engaged!": congratulations, not "glad you feel better"
            return []
        said = latest_text(tracker)
        better = BETTER_WORDS.search(said)
        if better and re.search(r"\b(?:not|no|nothing|never|isn'?t|aren'?t|won'?t|n't)\b(?: \S+){0,2} ?$", said[:better.start()]):
            better = None  # "nothing is okay without him", "it's not getting any better"
        if not better:
            told = named_now(tracker)  # "my wife of 55 years died in the spring", read as feeling better
            if told is not None:
                return answer_situation(dispatcher, tracker, told, "feeling_better", follow_up=False)
            topic = tracker.get_slot("topic")
            answered = situation_reply(dispatcher, tracker, topic) if topic else None
            if answered is not None:
                return answered
            situation = remembered(tracker)
            if situation is not None:
                return answer_situation(dispatcher, tracker, situation, topic, follow_up=True)
            dispatcher.utter_message(response="utter_tell_me_more")  # "we were together 4 years": no "glad" to that
            return []
        dispatcher.utter_message(response="utter_glad")
        return []


SAFE_WORD = re.compile(r"\bsafe(?:r|ly)?\b")
"""Safety named in so many words: before safety came up, only this is "I'm safe" (the lexicon's wider ``states_safety``,
with "fine", "gone" and "passed", is for crisis mode)."""


class ActionGladSafe(Action):
    """They said they are safe: glad, and crisis mode ends (after an overdose, only once medical help is named). Read as
    "safe" before safety ever came up, with no word of it ("i would not mind joining him", "fine, just not feeling it"),
    it is answered as news of how they are ("i'm ok i think": glad to hear it), never "I'm glad you're safe" (session 25)."""

    def name(self) -> Text:
        return "action_glad_safe"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        if not safety_came_up(tracker) and not SAFE_WORD.search(lowered(latest_text(tracker))):
            return ActionFeelingBetter().run(dispatcher, tracker, domain)
        return glad_safe(dispatcher, tracker)


TAKE_IT_UP = re.compile(r"\b(?:let'?s|lets) (?:try|do)\b|\btry (?:it|that|something|one|the)\b|\bshow me\b|\bgo on then\b|"
                        r"\bi'?ll (?:try|do) it\b|\bwhy not\b|\bchanged my mind\b|\bok fine\b|\bactually (?:yes|yeah|ok|okay|sure)\b")
"""A yes that takes up something offered a little earlier ("actually ok lets try something quick"), not a bare "yes"
that may answer whatever was asked last."""
OFFER_KEPT_FOR = 3
"""How many of the person's messages an exercise offer stays open for after it was declined or passed over."""


def recent_exercise_offer(tracker: Tracker) -> Optional[str]:
    """An exercise offered within the person's last ``OFFER_KEPT_FOR`` messages and since cleared ("nah maybe later",
    then "actually ok lets try something quick"): the yes is to that, as "the offer stays open" promised."""
    for event in latest_events(tracker, OFFER_KEPT_FOR):
        if event.get("event") == "bot" and "exercise" in ((event.get("data") or {}).get("custom") or {}):
            return None  # an exercise has run since: nothing is left open
        elif event.get("event") == "slot" and event.get("name") == "offer" and event.get("value"):
            value = str(event["value"])
            done = value.partition(":")[2] in (tracker.get_slot("done_exercises") or [])
            return value if value.startswith(("exercise:", "choose")) and not done else None
    return None


class ActionAcceptOffer(Action):
    """Carries out whatever was last offered when the user says yes."""

    def name(self) -> Text:
        return "action_accept_offer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        late = late_answer(dispatcher, tracker)  # "yeah i think about it", a few messages after a no
        if late is not None:
            return late
        said = lowered(latest_text(tracker))
        if NOT_SURE.search(said):  # "hmm not sure", read as a yes: the offer kept open, not started
            unsure = unsure_of_the_offer(dispatcher, tracker)
            if unsure is not None:
                return unsure
        if str(tracker.get_slot("offer") or "").startswith(("exercise:", "choose")) and YES_BUT_LATER.search(said):
            dispatcher.utter_message(text=pick(LATER_IS_FINE, tracker))  # "yeah i'll sleep soon": not now
            return [SlotSet("offer", None)]
        offer = tracker.get_slot("offer") or (recent_exercise_offer(tracker) if TAKE_IT_UP.search(said) else None) or ""
        if offer == "risk_check" and stale_acknowledgement(tracker):  # "ok", to the list of what it can do given since
            dispatcher.utter_message(text=fill_line(pick(content.safety_talk()["asked_again"], tracker), tracker), buttons=ANSWER_BUTTONS)
            return []
        if offer == "risk_check":  # "yes", after "why do you ask?" was answered and the question asked again
            return answer_yes_to_the_question(dispatcher, tracker, domain)
        kind, _, detail = offer.partition(":")
        named = next(tracker.get_latest_entity_values("exercise"), None)
        if kind in ("", "exercise", "choose", "practice") and named is not None:
            return ActionRunExercise().run(dispatcher, tracker, domain)  # "ok the boundary one then": the one they named
        if kind == "exercise" and detail in content.exercises():
            return start_exercise(dispatcher, tracker, content.exercises()[detail])
        if kind == "choose":
            return ask_which(dispatcher, tracker)
        if kind == "professional_help":
            return help_once(dispatcher, tracker)
        if kind == "therapy_info":
            info = content.professional_help()
            dispatcher.utter_message(text=info["what_therapy_is_like"], buttons=MORE_BUTTONS)
            return [SlotSet("offer", "more:how_to_ask")]
        if kind == "more" and detail in ("how_to_ask", "routes"):
            info = content.professional_help()
            dispatcher.utter_message(text=info["how_to_ask"] if detail == "how_to_ask" else " ".join(info["routes"]))
            return [SlotSet("offer", None)]
        if kind == "abuse_lines":
            dispatcher.utter_message(text=abuse_lines_text(known_country(tracker)))
            return [SlotSet("offer", None)]
        if kind == "reminder_service":
            return turn_service_on(dispatcher)
        if kind == "friend_guide":
            return send_friend_step(dispatcher, tracker, int(detail or 0))
        if kind == "practice":
            return start_practice(dispatcher, tracker)
        dispatcher.utter_message(text=pick(NOTHING_OFFERED, tracker))
        return [SlotSet("offer", None)]


NOT_SURE = re.compile(r"\b(?:not sure|unsure|idk|dunno|don'?t know|maybe|perhaps)\b")
"""A yes that is not one ("hmm not sure"): only these make a message read as a yes an unsure answer ("i guess" is a yes)."""
YES_BUT_LATER = re.compile(r"^(?!.*\bnow\b)\W*(?:yes|yeah|yea|yep|ok|okay|sure|mm+)\b.*\b(?:(?:i'?ll|i will|gonna|going to) (?:sleep|go to bed|head to bed|"
                           r"rest|lie down|try (?:it )?later|do it later)|later|tomorrow|another time|some other time)\b")
"""A yes to an exercise offer that puts it off ("yeah i'll sleep soon", "ok maybe tomorrow"): not taken up now (session 26)."""
LATER_IS_FINE = ("That's fine. Rest well, and it's here whenever you'd like it.", "Of course. Whenever suits you, just ask.")
UNSURE_BUTTONS = [{"title": "Try it", "payload": "yes"}, {"title": "Just talk", "payload": "no thanks, let's just talk"}]


def unsure_of_the_offer(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """A maybe to an exercise offer ("maybe", "not sure"): the offer stays open, made smaller, once; a second maybe is a no."""
    offer = str(tracker.get_slot("offer") or "")
    order = content.exercise_order()
    if not offer.startswith(("exercise:", "choose")) or not content.matches_any(order["unsure"], lowered(latest_text(tracker))):
        return None
    last: Dict[Text, Any] = next((e for e in reversed(list(tracker.events)) if e.get("event") == "bot"), {})
    if any(line == last.get("text") for line in order["unsure_reply"]):
        return None
    dispatcher.utter_message(text=pick(order["unsure_reply"], tracker), buttons=UNSURE_BUTTONS)
    return []
