"""Answering what someone is going through: validate, one piece of guidance, an offer.

The words live in ``data/content/topics.yml`` keyed by intent; the offer is
remembered in the ``offer`` slot so that a later "yes" or "no" means the right thing.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.exercises import ask_which, start_exercise
from actions.friend import send_friend_step
from actions.resources import send_professional_help
from actions.wording import pick

YES_NO = [{"title": "Yes, please", "payload": "yes please"}, {"title": "Not now", "payload": "no thanks"}]


def offer_slot(offer: Dict[str, Any], tracker: Tracker) -> str:
    """What to remember about an offer: 'exercise:<id>' or the action name."""
    if offer.get("action") == "exercise":
        return f"exercise:{offer['exercise']}"
    return str(offer.get("action"))


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
        dispatcher.utter_message(text=f"{pick(topic['validate'], tracker)} {pick(topic['guidance'], tracker)}")
        dispatcher.utter_message(text=pick(topic["offer"]["ask"], tracker), buttons=YES_NO)
        return [SlotSet("offer", offer_slot(topic["offer"], tracker)), SlotSet("topic", intent)]


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
            return ask_which(dispatcher, detail or None)
        if kind == "professional_help":
            return send_professional_help(dispatcher, tracker) + [SlotSet("offer", None)]
        if kind == "friend_guide":
            return send_friend_step(dispatcher, tracker, int(detail or 0))
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
