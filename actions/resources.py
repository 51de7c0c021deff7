"""Professional help and crisis lines for the user's country, from ``data/resources/helplines.yml``."""
from __future__ import annotations

import os
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.wording import pick


def known_country(tracker: Tracker) -> Optional[str]:
    """The country from this message, the conversation, or the COMPASSION_COUNTRY setting."""
    latest = next(tracker.get_latest_entity_values("country"), None)
    return latest or tracker.get_slot("country") or os.environ.get("COMPASSION_COUNTRY") or None


def describe_line(line: Dict[str, Any]) -> str:
    """One helpline in a sentence: who, how to call or text, and what it is for."""
    ways = []
    if line.get("call"):
        ways.append(f"call {line['call']}")
    if line.get("text"):
        keyword = f" {line['keyword']} to" if line.get("keyword") else ""
        ways.append(f"text{keyword} {line['text']}")
    if line.get("url"):
        ways.append(f"visit {line['url']}")
    about = f" ({line['about']})" if line.get("about") else ""
    return f"{line['name']}: {' or '.join(ways)}{about}."


def send_professional_help(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
    help_text = content.professional_help()
    code = known_country(tracker)
    dispatcher.utter_message(text=f"{pick(help_text['intro'], tracker)} {' '.join(help_text['routes'][:3])}")
    events: List[Dict[Text, Any]] = []
    if code and code.upper() in content.helplines()["countries"]:
        entry = content.country_lines(code)
        lines = [describe_line(line) for line in entry["services"] + entry["crisis"][:1]]
        dispatcher.utter_message(text=f"In {entry['name']}: " + " ".join(lines))
        events.append(SlotSet("country", code.upper()))
    else:
        directory = content.helplines()["directory"]
        dispatcher.utter_message(
            text=f"{help_text['ask_country']} Until then, {directory['name']} at {directory['url']} is {directory['note']}."
        )
    dispatcher.utter_message(
        text="Would you like to hear what therapy is usually like, and how to ask for it?",
        buttons=[{"title": "Yes, please", "payload": "yes please"}, {"title": "No thanks", "payload": "no thanks"}],
    )
    return events + [SlotSet("offer", "therapy_info")]


class ActionProfessionalHelp(Action):
    """Routes to professional help: doctor, therapy, groups, helplines, for the user's country."""

    def name(self) -> Text:
        return "action_professional_help"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        return send_professional_help(dispatcher, tracker)


class ActionCrisisLines(Action):
    """After the static crisis message: the lines for the user's country (or how to get them)."""

    def name(self) -> Text:
        return "action_crisis_lines"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        code = known_country(tracker)
        entry = content.country_lines(code)
        lines = " ".join(describe_line(line) for line in entry["crisis"])
        if code and code.upper() in content.helplines()["countries"]:
            danger = " ".join(describe_line(line) for line in entry["domestic_violence"])
            text = (
                f"In {entry['name']}, the emergency number is {entry['emergency']}. {lines} "
                f"If someone is hurting you or you're not safe at home: {danger}"
            )
        else:
            text = f"{lines} If you tell me which country you're in, I'll give you the right numbers."
        dispatcher.utter_message(text=text)
        return [SlotSet("offer", None), SlotSet("crisis_mode", True), SlotSet("crisis_answered", True), SlotSet("crisis_quiet", False)]
