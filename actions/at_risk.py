"""Someone else who may be at risk: who they are, in the person's own words, and the short follow-up later
messages about them get (the emergency number and a line; what to do once help is called; why a promise of
secrecy need not be kept; some words to say; what to do next when they are safe for now).

Apart from the friend guide (actions/friend.py) so that the safety actions can use it too.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.reflect import person_named
from actions.resources import contacted_help, describe_line, known_country, latest_text, lowered
from actions.wording import person_phrase, pick


def person_for(tracker: Tracker) -> str:
    """Who they want to support, in their words when the conversation named them ("your mum").

    Looks back to the message that began this talk about them: "what do i say to her" goes on from
    "my sister keeps saying she wants to die", so the sister is meant.
    """
    said = [e for e in reversed(list(tracker.events)) if e.get("event") == "user"]
    names_someone = next(tracker.get_latest_entity_values("relation"), None) is not None  # "a mate": someone new
    to_be_told = content.friend_guide()["to_be_told"]
    told = bool(said) and content.matches_any(to_be_told, lowered(said[0].get("text") or ""))
    for number, event in enumerate(said):
        text = lowered(event.get("text") or "")
        for pattern in to_be_told if told and number == 0 else []:  # "...not to tell our mum": whom to tell, not to help
            text = re.sub(pattern, " ", text)
        named = person_named(text)
        if named:
            return named
        if (number or (names_someone and not told)) and event.get("parse_data", {}).get("intent", {}).get("name") == "support_a_friend":
            break
    return person_phrase(None if told else tracker.get_slot("relation"))


OWN_NEED = re.compile(r"\b(?:(?:therapist|counsell?or|doctor|gp|someone|help|support) (?:for )?myself|for myself|myself too|what about me|"
                      r"i need (?:help|someone|support|to talk) too|i can'?t cope (?:either|too|myself)|i'?m not coping either)\b")
"""The worried person speaking of their own need ("can i see a therapist myself", "what about me, i can't cope"): theirs
to answer, not one more word about the friend."""


def friend_still_at_risk(tracker: Tracker) -> bool:
    """Still talking about someone who may be at risk (another topic in between starts afresh)."""
    return tracker.get_slot("friend_at_risk") is not None and tracker.get_slot("topic") == "support_a_friend"


WITH_THE_WRITER = re.compile(r"\b(?:with me|with us|staying with|here|visiting|next door|downstairs|upstairs|in (?:her|his|their|the) "
                             r"(?:room|bedroom|bathroom|car)|locked (?:herself|himself|themselves|themself) in|roommate|flatmate|housemate|"
                             r"we live|lives with me|live together|in the house)\b")
"""The person at risk is with the writer, whatever country they come from: the writer's own emergency number."""


def their_country(tracker: Tracker) -> Optional[str]:
    """The country the person they worry about is in, as this talk about them named it ("she lives in australia"),
    from the message that began it on; None when it did not, or when any of its messages puts them with the writer
    (the NLU's ``their_country``, assistant/nlu/countries.py)."""
    code, started = tracker.latest_message.get("their_country"), False
    for event in reversed(list(tracker.events)):
        if event.get("event") == "slot" and event.get("name") == "friend_at_risk" and event.get("value"):
            started = True  # set after the message that began the talk: that one is read too, then no further
        elif event.get("event") == "user":
            if WITH_THE_WRITER.search(lowered(event.get("text") or "")):
                return None
            code = code or (event.get("parse_data") or {}).get("their_country")
            if started:
                break
    return str(code) if code else None


def far_away_text(tracker: Tracker) -> Optional[str]:
    """For someone at risk in another country than the writer's (both known): that country's emergency number, to be
    called by someone near them, its crisis line, and the writer's own line (``far_away``); their country known and the
    writer's not, that number whether the writer is there or not (``near_or_far``); None otherwise."""
    where, here = their_country(tracker), known_country(tracker)
    if where is None or where == here:
        return None
    there, entry = content.country_lines(where), content.country_lines(here)
    wording = content.friend_guide()["at_risk"]["far_away" if here else "near_or_far"]  # the writer's own place unknown
    return pick(wording, tracker).format(
        person=person_for(tracker), their_place=there.get("name", "their country"), their_emergency=there["emergency"],
        their_line=describe_line(there["crisis"][0]), line=describe_line(entry["crisis"][0]), emergency=entry["emergency"])


EMERGENCY_NAMED = re.compile(r"\b(?:999|911|112|000|111)\b")
"""An emergency number the writer names ("okay im going to call 911"): not their friend's country's, so they are elsewhere."""


def send_at_risk_follow_up(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
    """A later message about someone who may be at risk: short, with the emergency number and a line; once they
    have called for help, what to do while they wait; about to call, yes and what to say ("911", for a friend in
    australia: whom to ask there); asking whether to call, wake or go round, yes and how; asked to keep it secret, why
    they need not; afraid they will be angry if told, why and whom to tell; asking what to say, some words; afraid of
    overreacting, that they are not and what to do; told the person is safe for now, what next."""
    here, at_risk, said = known_country(tracker), content.friend_guide()["at_risk"], latest_text(tracker)
    kind = "called_for_them" if contacted_help(said) else next(
        (kind for kind in ("calling", "act_now", "secret", "denies", "angry", "what_to_say", "overreacting", "settled")
         if content.matches_any(at_risk[f"{kind}_when"], said)
         and not content.matches_any(at_risk.get(f"{kind}_unless"), said)),
        "follow_up")
    # whom to call, from afar; with the writer's own place unknown, only instead of the plain follow-up
    named = EMERGENCY_NAMED.search(said)
    theirs = their_country(tracker)
    other_number = bool(named and theirs and named.group(0) not in re.findall(r"\d+", content.country_lines(theirs)["emergency"]))
    far = far_away_text(tracker) if kind in ("follow_up", "act_now", "calling") and (here or kind != "calling" or other_number) else None
    # about to call, the writer's place unknown: their country's number ("okay im going to call 999", of a friend in ireland)
    entry = content.country_lines(here or (theirs if kind == "calling" else None))
    if far is not None:
        dispatcher.utter_message(text=far)
        return [SlotSet("topic", "support_a_friend")]
    wording = at_risk[kind]
    dispatcher.utter_message(text=pick(wording, tracker).format(
        person=person_for(tracker), emergency=entry["emergency"], line=describe_line(entry["crisis"][0])))
    return [SlotSet("topic", "support_a_friend")]
