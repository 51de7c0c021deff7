"""Answering what someone is going through: validate, one piece of guidance, an offer.

The words live in ``data/content/topics.yml`` keyed by intent; the offer is
remembered in the ``offer`` slot so that a later "yes" or "no" means the right thing.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.exercises import ask_which, start_exercise
from actions.friend import send_friend_step
from actions.listening import start_practice
from actions.reflect import reflection
from actions.resources import send_professional_help
from actions.wording import pick

YES_NO = [{"title": "Yes, please", "payload": "yes please"}, {"title": "Not now", "payload": "no thanks"}]


# Offered instead when the topic's own exercise was already done in this conversation.
ROTATION = ("self_compassion_break", "loving_kindness", "breathing_4_6", "mindful_awareness", "grounding_senses", "boundaries")


def choose_offer(offer: Dict[str, Any], tracker: Tracker) -> Tuple[str, str]:
    """The offer to make (slot value, question), varied so an exercise already done is not offered again."""
    if offer.get("action") != "exercise":
        return str(offer.get("action")), pick(offer["ask"], tracker)
    done = set(tracker.get_slot("done_exercises") or [])
    if offer["exercise"] not in done:
        return f"exercise:{offer['exercise']}", pick(offer["ask"], tracker)
    fresh = next((e for e in ROTATION if e not in done and e in content.exercises()), None)
    if fresh is None:
        return "choose:", "Would you like to try one of the exercises again, or something different?"
    title = content.exercises()[fresh].title
    return f"exercise:{fresh}", f"Since we did that one earlier, would you like to try something different: {title[0].lower() + title[1:]}?"


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
        topic = content.topics().get(intent)
        if topic is None:
            dispatcher.utter_message(response="utter_ask_rephrase")
            return []
        opening = reflection(tracker)
        validate = pick(topic["validate"], tracker)
        dispatcher.utter_message(text=f"{opening + ' ' if opening else ''}{validate} {pick(topic['guidance'], tracker)}")
        offer, question = asked_for_exercise(tracker) or choose_offer(topic["offer"], tracker)
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
            return ask_which(dispatcher)
        if kind == "professional_help":
            return send_professional_help(dispatcher, tracker)
        if kind == "therapy_info":
            info = content.professional_help()
            dispatcher.utter_message(text=f"{info['what_therapy_is_like']} {info['how_to_ask']}")
            return [SlotSet("offer", None)]
        if kind == "friend_guide":
            return send_friend_step(dispatcher, tracker, int(detail or 0))
        if kind == "practice":
            return start_practice(dispatcher)
        dispatcher.utter_message(
            text="Okay. What would you like to do? You can tell me how you're feeling, or ask for an exercise.",
        )
        return [SlotSet("offer", None)]


class ActionDeclineOffer(Action):
    """Accepts a no gracefully and leaves the door open with a gentle question."""

    def name(self) -> Text:
        return "action_decline_offer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        topic = content.topics().get(tracker.get_slot("topic") or "")
        if tracker.get_slot("offer") and topic:
            dispatcher.utter_message(text=pick(topic["decline"], tracker))
        else:
            dispatcher.utter_message(text="That's okay. We can just talk. What's on your mind?")
        return [SlotSet("offer", None)]
