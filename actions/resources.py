"""Professional help and crisis lines for the user's country, from ``data/resources/helplines.yml``."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Sequence, Set, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.wording import pick
from assistant.safety import helplines
from assistant.safety.helplines import describe_line
from assistant.safety.lexicon import assess

__all__ = ["contacted_help", "describe_line", "known_country", "latest_text", "lowered", "risk_said", "ActionProfessionalHelp", "ActionCrisisLines"]


ONLY_US = re.compile(r"^\W*(?:(?:i'?m|i am|im|we'?re|we are)\s+)?(?:in\s+)?(?:the\s+)?(?:us|america|murica)\W*$", re.IGNORECASE)
"""The whole message naming the United States in words the NLU leaves alone ("us" is also a pronoun): session 27, a person
in crisis who answered "US" was asked for their country again."""

US_CORRECTED = re.compile(r"^\W*(?:(?:sorry|oops|no|nope|actually|wait|my bad|ah|oh|ok|okay)\W+)*(?:i meant|i mean|meant|it'?s|make (?:it|that)|"
                          r"(?:i'?m|im|i am|we'?re|we are) (?:actually |really )?in)\s+(?:the\s+)?(?:us|america)\W*$", re.IGNORECASE)
"""A correction to the United States ("sorry i meant us"), which stands even when another country was given before."""


def named_here(tracker: Tracker) -> Optional[str]:
    """The country this message names: an entity, or the United States in words the NLU leaves alone ("US" alone when
    no country is known or the assistant has just asked which, "sorry i meant us" at any time)."""
    latest = next(tracker.get_latest_entity_values("country"), None)
    said = tracker.latest_message.get("text") or ""
    if latest is None and ONLY_US.match(said):
        last = next((e.get("text") or "" for e in reversed(tracker.events) if e.get("event") == "bot"), "")
        if not tracker.get_slot("country") or "which country" in last.lower():  # the answer to "which country?"
            latest = "US"
    if latest is None and US_CORRECTED.match(said):
        latest = "US"
    return latest


def known_country(tracker: Tracker) -> Optional[str]:
    """The country from this message, the conversation, or a valid COMPASSION_COUNTRY setting (the
    runtime warns about an invalid one; here it is only ignored)."""
    code = (named_here(tracker) or tracker.get_slot("country") or "").upper()
    return code if helplines.is_known(code) else helplines.setting_country(warn=False)


# "i'm 14", "im 15 n i failed", "i am 16 years old", "i'm in year 9": someone under 19 speaking of themselves. The age
# must be the whole statement (then the end, a comma, "and", "years old"): "i'm 15 years sober", "im 8 beers in" and
# "i'm 10 floors up" are not ages.
YOUNG = re.compile(r"\b(?:i'?m|i am|im)\s+(?:only\s+|just\s+)?(?:1[0-8]|[89])(?:\s*(?:yo|y/o|years? old|yrs? old))?"
                   r"(?=\s*(?:$|[,.!?;]|(?:and|n|but|so|&|tho|though|lol|btw|from|in (?:the )?(?:uk|us|usa|canada|australia|ireland|nz))\b))"
                   r"|\b(?:i'?m|i am|im) in (?:year|yr) (?:[5-9]|1[0-3])\b|\b(?:i'?m|i am|im) in (?:[6-9]|1[0-2])th grade\b"
                   r"|\b(?:i'?m|i am|im) (?:in|at) (?:middle|high|secondary) school\b")


def is_young(tracker: Tracker) -> bool:
    """Whether they have said, in this conversation, that they are under 19: lines for young people come first."""
    return any(YOUNG.search(lowered(e.get("text") or "")) for e in tracker.events if e.get("event") == "user")


def said_groups(tracker: Tracker) -> List[str]:
    """The groups with lines of their own (veterans, LGBTQ+ people) they have said, in this conversation, they belong to."""
    return helplines.groups_of([lowered(e.get("text") or "") for e in tracker.events if e.get("event") == "user"])


def hurt_by_someone_earlier(tracker: Tracker) -> bool:
    """Whether an earlier message of this conversation told of someone hurting them: the person they now talk about
    may be that one, and the line for that comes first."""
    hurting = content.safety_talk()["someone_hurting_them"]
    reasons = [str((e.get("parse_data") or {}).get("crisis", {}).get("reason") or "")
               for e in tracker.events if e.get("event") == "user"]
    return any(reason.startswith("pattern:danger:") and reason.split(":")[-1] in hurting for reason in reasons[:-1])


def lowered(text: str) -> str:
    """Lower-cased with straight apostrophes, as the content files' patterns expect."""
    return text.lower().replace("’", "'")


def latest_text(tracker: Tracker) -> str:
    """The person's last message, as the data's patterns expect (:func:`lowered`)."""
    return lowered(tracker.latest_message.get("text") or "")


def contacted_help(said: str) -> bool:
    """Whether a message tells of having called or texted a crisis line or emergency services ("i called 988,
    i'm on hold"), not just anyone ("i called my mum")."""
    return bool(re.search(content.not_understood()["line_words"], said)) and content.matches_any(
        content.safety_talk()["reached_out_patterns"], said)


def _directory_line() -> str:
    directory = content.helplines()["directory"]
    return f"{directory['name']} at {directory['url']} is {directory['note']}."


def _no_lines(code: str) -> str:
    """For a country we know only by name and emergency number: the directory, then that number."""
    other = helplines.load()["emergency_only"][code]
    call = f"call {other['emergency']}" if other["emergency"] else "call your local emergency number"
    return (f"I don't have helplines for {other['name']} yet, but {helplines.directory_sentence('there')} "
            f"In an emergency, {call}.")


def _help_lines(entry: Dict[str, Any]) -> str:
    """A country's first crisis line (the one anyone can call, any time), then its services; the line only once when a
    service already is it (New Zealand's 1737)."""
    names = {line["name"] for line in entry["services"]}
    first = [line for line in entry["crisis"][:1] if line["name"] not in names]
    return " ".join(describe_line(line) for line in first + entry["services"])


def country_update(code: str) -> str:
    """Told where they are: say it is noted, and give that country's numbers (or the directory)."""
    entry = content.country_lines(code)
    if helplines.is_listed(code):
        # the emergency number too: a place given after "call your emergency number" wants that number (session 28)
        return (f"Thank you, I'll use the lines for {entry['name']} from now on. In an emergency there, call {entry['emergency']}. "
                f"{_help_lines(entry)}")
    return f"Thank you, I'll remember you're in {entry['name']}. {_no_lines(code)}"


GREETING = re.compile(r"^\W*(?:hello|hi|hey|hiya|heya|howdy|good (?:morning|afternoon|evening)|greetings|hola|ola|ciao|bonjour|hallo)\b")
"""A first message that opens with a hello ("hello, i am from brazil"): greeted, its country kept for later."""


HELLO_PARTS = re.compile(r"\b(?:(?:and |but |so )?(?:i'?m|i am|im|we'?re|we are|i live|we live) (?:from|in|based in|living in) (?:the )?[a-z]+(?: [a-z]+)?|"
                         r"(?:and |but |so )?(?:my|our) english is (?:not |very |quite )?(?:so |very |too |that )?(?:good|great|bad|poor|perfect|"
                         r"weak|broken)|sorry|thanks|thank you|please|nice to meet you|there|everyone|all)\b")


def only_hello_and_place(said: str) -> bool:
    """Whether a message is only a hello and where they are from ("hello, i am from brazil and my english is not so good
    sorry"): greeted; anything more ("hello, i'm from the uk. i don't see the point anymore") gets the lines as before."""
    found = GREETING.search(said)
    rest = HELLO_PARTS.sub(" ", said[found.end():]) if found else said
    return found is not None and not re.findall(r"[a-z]+", rest)


def send_professional_help(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
    code = known_country(tracker)
    events: List[Dict[Text, Any]] = [SlotSet("country", code)] if code else []
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    if intent == "inform_country" and code:
        said = lowered(latest_text(tracker))
        if only_hello_and_place(said) and not any(e.get("event") == "bot" for e in tracker.events):  # "hello, i'm from brazil"
            dispatcher.utter_message(response="utter_greet")
            name = content.country_lines(code)["name"]
            easy = " Write however it comes; I'll do my best to understand." if re.search(r"\bmy english\b", said) else ""
            dispatcher.utter_message(text=f"I'll remember you're in {name}, so any number I give you will be one for there.{easy}")
            return events
        dispatcher.utter_message(text=country_update(code))
        return events
    help_text = content.professional_help()
    if content.matches_any(help_text["crisis_line_request"], latest_text(tracker)):
        dispatcher.utter_message(text=crisis_lines_text(code, said_groups(tracker)))  # the numbers they asked for, before anything else
        return events
    dispatcher.utter_message(text=f"{pick(help_text['intro'], tracker)} {' '.join(help_text['routes'][:3])}")
    if helplines.is_listed(code):
        entry = content.country_lines(code)
        dispatcher.utter_message(text=f"In {entry['name']}: {_help_lines(entry)}")
    elif code:
        dispatcher.utter_message(text=_no_lines(code))
    else:
        dispatcher.utter_message(text=f"{help_text['ask_country']} Until then, {_directory_line()}")
    dispatcher.utter_message(
        text="Would you like to hear what therapy is usually like, and how to ask for it?",
        buttons=[{"title": "Yes, please", "payload": "yes please"}, {"title": "No thanks", "payload": "no thanks"}],
    )
    return events + [SlotSet("offer", "therapy_info")]


THERAPY_WORDS = re.compile(r"\b(?:therap\w*|counsel\w*|psycholog\w*|psychiatr\w*|doctor|gp|nhs|appointment|sessions?|waiting list|"
                           r"waitlist|insurance|professional|mental health|ohip|medicare)\b")


def practical_answer(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """Cost, insurance or waiting for therapy ("are there sliding scale options?"): a few general sentences
    (professional_help.yml ``questions``) instead of the routes again; None for anything else."""
    said = lowered(latest_text(tracker))
    previous = str(tracker.get_slot("topic") or "") + str(tracker.get_slot("offer") or "")
    if not (THERAPY_WORDS.search(said) or "professional" in previous or "therapy" in previous):
        return None
    found = next((q for q in content.professional_help()["questions"] if content.matches_any(q["when"], said)), None)
    if found is None:
        return None
    dispatcher.utter_message(text=found["text"])
    return []


class ActionProfessionalHelp(Action):
    """Routes to professional help: doctor, therapy, groups, helplines, for the user's country;
    when they only said where they are, a short note with that country's lines."""

    def name(self) -> Text:
        return "action_professional_help"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        from actions.at_risk import OWN_NEED, friend_still_at_risk, send_at_risk_follow_up  # both import this module
        from actions.honest_answers import honest_answer

        if friend_still_at_risk(tracker) and not OWN_NEED.search(latest_text(tracker)):  # "we're in the uk": their emergency number
            return send_at_risk_follow_up(dispatcher, tracker)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent == "inform_country" and named_here(tracker) is None:
            return _no_place_named(dispatcher, tracker)  # "i moved here from brazil 8 months ago": where they were
        answered = honest_answer(dispatcher, tracker)  # "is lifeline free?", "can you call someone for me?"
        answered = practical_answer(dispatcher, tracker) if answered is None else answered
        return answered if answered is not None else send_professional_help(dispatcher, tracker)


def _no_place_named(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
    """Read as saying where they are, but the only country named is one they left ("i moved here from brazil, i dont
    have friends here"): what they live through, if named, else where they live now."""
    from actions.answers import situation_reply  # answers imports this module

    answered = situation_reply(dispatcher, tracker, "feeling_depressed")
    if answered is not None:
        return answered
    dispatcher.utter_message(text=f"Thank you for telling me. {content.professional_help()['ask_country']}")
    return []


def crisis_lines_text(code: Optional[str], groups: Sequence[str] = ()) -> str:
    """After the first crisis message: every crisis and domestic-violence line for that country only (with the lines
    for a group they said they belong to, veterans or LGBTQ+ people), or the directory and a question when the country
    is not known."""
    entry = content.country_lines(code)
    own = [line for group in groups for line in entry.get("groups", {}).get(group, [])]
    lines = " ".join(describe_line(line) for line in entry["crisis"] + own)
    if helplines.is_listed(code):
        danger = " ".join(describe_line(line) for line in entry["domestic_violence"]) or (
            f"{helplines.directory_sentence('for people in danger at home, too')}")
        return (f"In {entry['name']}, the emergency number is {entry['emergency']}. {lines} "
                f"If someone is hurting you or you're not safe at home: {danger}")
    if code and helplines.is_known(code):
        return _no_lines(code)
    return f"{lines} If you tell me which country you're in, I'll give you the right numbers."


def abuse_lines_text(code: Optional[str]) -> str:
    """Asked for after coercive control was named: the domestic-abuse lines for their country, the emergency
    number, and a word on a checked phone; the directory, or a question, where the file has no such line."""
    entry = content.country_lines(code)
    privacy = ("If someone checks your phone, a friend's or a work phone can be safer, and the \"Forget this "
               "conversation\" button or compassion forget clears what you wrote here.")
    if helplines.is_listed(code):
        lines = " ".join(describe_line(line) for line in entry["domestic_violence"]) or (
            helplines.directory_sentence("for people in danger at home, too"))
        return f"In {entry['name']}: {lines} If you're ever in danger right now, call {entry['emergency']}. {privacy}"
    if code and helplines.is_known(code):
        return f"{_no_lines(code)} {privacy}"
    return (f"{helplines.directory_sentence('and services for people in danger at home')} If you tell me which country "
            f"you're in, I'll give you the right number. {privacy}")


class ActionCrisisLines(Action):
    """After the static crisis message: the lines for the user's country (or how to get them)."""

    def name(self) -> Text:
        return "action_crisis_lines"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        code = known_country(tracker)
        said = risk_said(tracker.latest_message.get("text") or "")
        overdose = "overdose" in said or bool(tracker.get_slot("crisis_overdose"))
        talk = content.safety_talk()
        first = ("overdose_first" if "overdose" in said else
                 "danger_first" if said and said <= set(talk["someone_hurting_them"]) else None)
        opener = pick(talk[first], tracker).format(emergency=content.country_lines(code)["emergency"]) + " " if first else ""
        if first == "danger_first" and content.matches_any(talk["strangled_patterns"], latest_text(tracker)):
            opener += pick(talk["strangled_first"], tracker) + " "
        dispatcher.utter_message(text=opener + crisis_lines_text(code, said_groups(tracker)))
        events = [SlotSet("country", code)] if code else []
        crisis_mode = [SlotSet("crisis_mode", True), SlotSet("crisis_answered", True), SlotSet("crisis_quiet", False),
                       SlotSet("crisis_overdose", overdose)]
        return events + [SlotSet("offer", None)] + crisis_mode


def risk_said(text: str) -> Set[str]:
    """The categories and pattern names of the writer's own risk in a message (``overdose``, ``being_hurt``...),
    from the crisis lexicon: an overdose needs medical help first, someone hurting them needs to hear it is not
    their fault."""
    return {name for match in assess(text).standing for name in (match.category, match.name)} - {"danger"}
