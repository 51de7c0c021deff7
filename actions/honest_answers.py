"""Straight answers to questions about crisis lines and about the assistant itself.

"Will they send the police?", "is it free?", "what do I say when they pick up?", "are you going to report me?",
"can you call someone for me?", "why do you ask that?": people weighing whether to reach out ask these, and a
template or a list of what the assistant can do loses them. The answers are data (``data/content/honest_answers.yml``);
any action a question may be read as asks :func:`honest_answer` first.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.line_in_view import ANSWER_BUTTONS, fill_line
from actions.resources import is_young, known_country, latest_text
from actions.risk_answers import late_answer
from actions.wording import pick, recent_bot_texts
from assistant.safety.helplines import describe_line, young_first

ONLY_AFTER = ("question", "risk", "lines")
"""When an answer may be given: ``question``, only right after the direct question (never in crisis mode or after
"stop asking", where asking again would break a promise); ``risk``, then or in crisis mode; ``lines``, when crisis
lines are the subject: named in the message, given in the assistant's last answer, or in crisis mode. Without it, any
time (the answers about the assistant itself, whose patterns say "you")."""
FILE = content.DATA / "content" / "honest_answers.yml"
LINE_WORDS = re.compile(r"\b(?:988|116 ?123|741741|85258|1737|13 ?11 ?14|samaritans|lifeline|shout|childline|kids help ?(?:line|phone)|"
                        r"crisis (?:line|text line|number)|helpline|hotline|the line|the number|call them|text them|calling them)\b")
"""Words that make crisis lines the subject of a question ("is lifeline free?"), not therapy, A&E or the neighbours."""


@lru_cache(maxsize=None)
def answers(path: Path = FILE) -> List[Dict[str, Any]]:
    """The answers file, checked: every entry has a name, patterns that compile, and at least one text."""
    source = path.name
    raw = content.read_yaml(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("answers"), list):
        raise content.ContentError(f"{source}: expected a list under 'answers'")
    for entry in raw["answers"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise content.ContentError(f"{source}: every answer needs a name")
        where = f"{source}: {entry['name']}"
        if not entry.get("when") or not isinstance(entry["when"], list):
            raise content.ContentError(f"{where}: 'when' must be a list of patterns")
        for pattern in entry["when"]:
            content.check_pattern(where, pattern)
        if not entry.get("text") or not all(isinstance(t, str) for t in entry["text"]):
            raise content.ContentError(f"{where}: 'text' must be a list of variants")
        for text in entry["text"]:
            if content.placeholders(text) - {"line", "emergency"}:
                raise content.ContentError(f"{where}: only {{line}} and {{emergency}} may be filled in: {text!r}")
        if not isinstance(entry.get("first", False), bool):
            raise content.ContentError(f"{where}: first must be true or false")
        if entry.get("only_after") not in (None,) + ONLY_AFTER:
            raise content.ContentError(f"{where}: only_after must be one of {ONLY_AFTER}")
    return list(raw["answers"])


def _allowed(entry: Dict[str, Any], tracker: Tracker, said: str) -> bool:
    question = tracker.get_slot("offer") == "risk_check" and not tracker.get_slot("crisis_mode")
    crisis_mode = bool(tracker.get_slot("crisis_mode"))
    last = " ".join(recent_bot_texts(tracker, 3)).lower()  # the previous answer (a turn may be several messages)
    when = entry.get("only_after")
    return (when is None or (when == "question" and question) or (when == "risk" and (question or crisis_mode))
            or (when == "lines" and (question or crisis_mode or bool(LINE_WORDS.search(said)) or bool(LINE_WORDS.search(last)))))


def honest_entry(tracker: Tracker, only_first: bool = False) -> Optional[Dict[str, Any]]:
    """The answer entry the latest message asks for here, if any (a cheap test: nothing is picked or filled in).
    ``only_first``: only the answers marked ``first`` (a medical emergency), which come before anything else, the friend
    guide included."""
    said = latest_text(tracker)
    ordered = sorted(answers(), key=lambda entry: not entry.get("first"))  # a medical emergency before any question in it
    return next((entry for entry in ordered if content.matches_any(entry["when"], said) and _allowed(entry, tracker, said)
                 and (entry.get("first") or not only_first)), None)


def honest_text(tracker: Tracker, only_first: bool = False) -> Optional[str]:
    """The answer to a question about crisis lines or about the assistant, with their country's line (and the one for
    young people beside it, for someone young); None when the message asks none of them here."""
    found = honest_entry(tracker, only_first)
    if found is None:
        return None
    lines = content.country_lines(known_country(tracker))
    chosen = young_first(lines["crisis"], is_young(tracker))
    shown = " ".join(describe_line(line) for line in chosen[:2]) if chosen[0].get("young") else describe_line(chosen[0])
    return pick(found["text"], tracker).format(line=shown, emergency=lines["emergency"])


def honest_answer(dispatcher: CollectingDispatcher, tracker: Tracker, only_first: bool = False) -> Optional[List[Dict[Text, Any]]]:
    """:func:`honest_text` said, outside crisis mode (which ends its own answers with the check-in); None when there is
    none. Slots are left as they are: a question asked after the direct question leaves it open."""
    text = honest_text(tracker, only_first)
    if text is None:
        return None
    dispatcher.utter_message(text=text)
    return []


def about_the_talk(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """A word about the talk itself ("sorry my english is not good", "sorry for ranting", "you're just a bot, you
    don't care", "oh great, a robot therapist"): its own short answer (not_understood.yml ``about_the_talk``); None
    for anything else."""
    said = latest_text(tracker)
    for entry in content.not_understood().get("about_the_talk") or []:
        if content.matches_any(entry["patterns"], said):
            dispatcher.utter_message(text=pick(entry["replies"], tracker))
            if tracker.get_slot("offer") == "risk_check":  # "u there?", straight after the direct question: asked again
                dispatcher.utter_message(text=fill_line(pick(content.safety_talk()["asked_again"], tracker), tracker), buttons=ANSWER_BUTTONS)
            return []
    return None


class ActionBotChallenge(Action):
    """Honest about being a bot; a question about what it does with what they wrote ("are you going to report me?")
    gets its own straight answer."""

    def name(self) -> Text:
        return "action_bot_challenge"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        # "actually i lied", after a no; "will you tell anyone?"; "this is useless" (each in turn: [] is an answer too)
        for answer in (late_answer, honest_answer, about_the_talk):
            answered = answer(dispatcher, tracker)
            if answered is not None:
                return answered
        from actions.answers import answer_situation, named_now  # answers imports safety, which imports this module

        situation = named_now(tracker)  # "someone made a fake account of me", read as asking about the bot
        if situation is not None:
            return answer_situation(dispatcher, tracker, situation, None)
        dispatcher.utter_message(response="utter_iamabot")
        return []
