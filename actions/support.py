"""Answering what someone is going through: validate, one piece of guidance, an offer.

The words live in ``data/content/topics.yml`` keyed by intent; the offer is
remembered in the ``offer`` slot so that a later "yes" or "no" means the right thing.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.exercises import ask_which, start_exercise
from actions.friend import friend_still_at_risk, send_at_risk_follow_up, send_friend_step
from actions.listening import start_practice
from actions.reflect import reflection
from actions.reminders import turn_service_on
from actions.resources import latest_text, send_professional_help
from actions.wording import fresh, ordered, pick, said_before, unsaid_message

YES_NO = [{"title": "Yes, please", "payload": "yes please"}, {"title": "Not now", "payload": "no thanks"}]


NOTHING_OFFERED = (
    "Okay. What would you like to do? You can tell me how you're feeling, or ask for an exercise.",
    "Alright. Where would you like to go from here? Tell me what's on your mind, or ask for an exercise.",
    "Okay. I'm here.",
)
JUST_TALK = ("That's okay. We can just talk. What's on your mind?", "Fair enough. What would you like to talk about?", "Okay.")
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


def choose_offer(offer: Dict[str, Any], tracker: Tracker) -> Tuple[str, str]:
    """The offer to make (slot value, question), varied so an exercise already done is not offered again, and
    professional help, once offered in this conversation, is not pressed again: something small instead."""
    done = set(tracker.get_slot("done_exercises") or [])
    if offer.get("action") != "exercise":
        if not any(said_before(ask, tracker) for ask in offer["ask"]):
            return str(offer.get("action")), pick(offer["ask"], tracker)
    elif offer["exercise"] not in done:
        return f"exercise:{offer['exercise']}", pick(offer["ask"], tracker)
    fresh = next((e for e in content.exercise_order()["rotation"] if e not in done), None)
    if fresh is None:
        return "choose:", "Would you like to try one of the exercises again, or something different?"
    title = content.exercises()[fresh].title
    title = title[0].lower() + title[1:]
    if offer.get("action") != "exercise":
        return f"exercise:{fresh}", f"Would something small help right now, like {title}? We can do it together."
    return f"exercise:{fresh}", f"Since we did that one earlier, would you like to try something different: {title}?"


def asked_for_exercise(tracker: Tracker) -> Optional[Tuple[str, str]]:
    """A feeling with a request in it ("i'm so hard on myself, is there an exercise to be kinder"):
    offer the exercise they named, or the topic's own when they asked for one without naming it."""
    kind = next(tracker.get_latest_entity_values("exercise"), None)
    choices = content.exercises_in(kind) if kind else []
    if choices:
        chosen = choices[0]
        return f"exercise:{chosen.id}", f"Would you like to try {chosen.title[0].lower() + chosen.title[1:]} with me now?"
    return None


def living_through(intent: Optional[str], tracker: Tracker) -> Optional[Dict[str, Any]]:
    """The situation (data/content/situations.yml) the latest message names, if it changes this feeling's answer."""
    said = latest_text(tracker)
    for situation in content.situations().values():
        if (intent in situation["applies_to"] and any(re.search(p, said) for p in situation["patterns"])
                and not any(re.search(p, said) for p in situation.get("not_patterns") or [])):
            return situation
    return None


def support_text(topic: Dict[str, Any], tracker: Tracker) -> str:
    """Their own words said back, a validation and one piece of guidance: a combination not sent before,
    so the same feeling told twice is never answered word for word the same."""
    opening = reflection(tracker)
    start = f"{opening} " if opening else ""
    combos = [f"{start}{v} {g}" for v in ordered(topic["validate"], tracker) for g in ordered(topic["guidance"], tracker)]
    return unsaid_message(combos, tracker) or f"{start}{ordered(topic['validate'], tracker)[0]}"


class ActionSupport(Action):
    """Responds to a feeling or a question from the article with warmth, advice and an offer."""

    def name(self) -> Text:
        return "action_support"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        # "i'm so scared, what do i do", "i can't reach him now": while a friend may be at risk, it is about them
        if friend_still_at_risk(tracker) and (intent == "need_help" or SOMEONE_ELSE.search(latest_text(tracker))):
            return send_at_risk_follow_up(dispatcher, tracker)
        topic = content.topics().get(intent) if intent else None
        if topic is None:
            wording = content.not_understood()
            dispatcher.utter_message(text=pick(wording["variants"], tracker), buttons=wording["buttons"])
            return []
        situation = living_through(intent, tracker)  # a loss or loneliness is spoken to first
        dispatcher.utter_message(text=support_text(situation or topic, tracker))
        offer, question = asked_for_exercise(tracker) or choose_offer((situation or topic)["offer"], tracker)
        dispatcher.utter_message(text=question, buttons=YES_NO)
        return [SlotSet("offer", offer), SlotSet("topic", intent)]


class ActionAcceptOffer(Action):
    """Carries out whatever was last offered when the user says yes."""

    def name(self) -> Text:
        return "action_accept_offer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        offer = tracker.get_slot("offer") or ""
        kind, _, detail = offer.partition(":")
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
        if kind == "reminder_service":
            return turn_service_on(dispatcher)
        if kind == "friend_guide":
            return send_friend_step(dispatcher, tracker, int(detail or 0))
        if kind == "practice":
            return start_practice(dispatcher, tracker)
        dispatcher.utter_message(text=pick(NOTHING_OFFERED, tracker))
        return [SlotSet("offer", None)]


class ActionDeclineOffer(Action):
    """Accepts a no gracefully and leaves the door open with a gentle question."""

    def name(self) -> Text:
        return "action_decline_offer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        if friend_still_at_risk(tracker) and len(latest_text(tracker).split()) > 2:  # "he's not picking up", not "no"
            return send_at_risk_follow_up(dispatcher, tracker) + [SlotSet("offer", None)]
        topic = content.topics().get(tracker.get_slot("topic") or "")
        if tracker.get_slot("offer") and topic:
            dispatcher.utter_message(text=pick(topic["decline"], tracker))
        else:
            dispatcher.utter_message(text=pick(JUST_TALK, tracker))
        return [SlotSet("offer", None)]
