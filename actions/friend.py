"""The support-a-friend guide: listening, what to say, practical help, looking after yourself.

One step at a time from ``data/content/friend_guide.yml``; ``friend_guide:<n>``
in the ``offer`` slot says which step a "yes" brings next.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.reflect import person_named
from actions.resources import describe_line, known_country
from actions.wording import person_phrase, pick
from assistant.safety.lexicon import assess

NEXT_BUTTONS = [{"title": "Yes, go on", "payload": "yes go on"}, {"title": "That's enough for now", "payload": "no that's enough for now"}]


def person_for(tracker: Tracker) -> str:
    """Who they want to support, in their words when the conversation named them ("your mum").

    Looks back to the message that began this talk about them: "what do i say to her" goes on from
    "my sister keeps saying she wants to die", so the sister is meant.
    """
    said = [e for e in reversed(list(tracker.events)) if e.get("event") == "user"]
    names_someone = next(tracker.get_latest_entity_values("relation"), None) is not None  # "a mate": someone new
    for number, event in enumerate(said):
        named = person_named(event.get("text") or "")
        if named:
            return named
        if (number or names_someone) and event.get("parse_data", {}).get("intent", {}).get("name") == "support_a_friend":
            break
    return person_phrase(tracker.get_slot("relation"))


def _step_text(step: Dict[str, Any], person: str) -> str:
    say = " ".join(f"“{phrase}”" for phrase in step.get("say", []))
    avoid = " ".join(f"“{phrase}”" for phrase in step.get("avoid", []))
    parts = [f"{step['title']}. {step['text'].format(person=person)}"]
    if say:
        parts.append(f"Things you might say: {say}")
    if avoid:
        parts.append(f"Things to avoid: {avoid}")
    return "\n".join(parts)


def send_friend_step(dispatcher: CollectingDispatcher, tracker: Tracker, index: int) -> List[Dict[Text, Any]]:
    """Send step ``index`` of the guide and offer the next one (or close the guide)."""
    guide = content.friend_guide()
    steps = guide["steps"]
    person = person_for(tracker)
    if index >= len(steps):
        dispatcher.utter_message(text=pick(guide["done"], tracker))
        return [SlotSet("offer", None)]
    dispatcher.utter_message(text=_step_text(steps[index], person))
    if index + 1 < len(steps):
        dispatcher.utter_message(text=pick(guide["next_ask"], tracker), buttons=NEXT_BUTTONS)
        return [SlotSet("offer", f"friend_guide:{index + 1}")]
    dispatcher.utter_message(text=pick(guide["done"], tracker))
    return [SlotSet("offer", None)]


def friend_risk(text: str) -> Optional[str]:
    """Risk language about someone else ("she says she wants to die"), from the crisis lexicon in the
    third person: the category of what was said, the most urgent one first, or ``None``."""
    urgent = set(content.friend_guide()["at_risk"]["urgent_categories"])
    categories = [match.category for match in assess(text).matches if match.cancelled_by == "someone else"]
    return next((c for c in categories if c in urgent), categories[0] if categories else None)


def send_at_risk_steps(dispatcher: CollectingDispatcher, tracker: Tracker, risk: str) -> None:
    """The steps for helping someone at risk, and the crisis line that also supports helpers; when it is
    happening now (``risk`` an overdose taken, a plan, danger), the emergency call comes first."""
    at_risk = content.friend_guide()["at_risk"]
    entry = content.country_lines(known_country(tracker))
    if risk in at_risk["urgent_categories"]:
        dispatcher.utter_message(text=at_risk["urgent"].format(emergency=entry["emergency"]))
    steps = " ".join(f"{n}. {step}" for n, step in enumerate(at_risk["steps"], 1))
    dispatcher.utter_message(text=f"{at_risk['intro']} {steps}")
    lines = " ".join(describe_line(line) for line in entry["crisis"])
    dispatcher.utter_message(
        text=f"If they are in immediate danger, call {entry['emergency']} and stay with them. {lines} {at_risk['closing']}"
    )


class ActionFriendGuide(Action):
    """Starts the guide for someone who wants to support a person who is struggling.

    When the person they are worried about may be at risk, the steps for helping someone at
    risk and the crisis line come first; the general guide is offered after.
    """

    def name(self) -> Text:
        return "action_friend_guide"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        guide = content.friend_guide()
        person = person_for(tracker)
        risk = friend_risk(tracker.latest_message.get("text") or "")
        if risk is not None:
            send_at_risk_steps(dispatcher, tracker, risk)
            dispatcher.utter_message(text="Would you also like some ideas on how to listen and what to say?", buttons=NEXT_BUTTONS)
            return [SlotSet("offer", "friend_guide:0"), SlotSet("topic", "support_a_friend")]
        dispatcher.utter_message(text=pick(guide["intro"], tracker).format(person=person))
        return send_friend_step(dispatcher, tracker, 0) + [SlotSet("topic", "support_a_friend")]
