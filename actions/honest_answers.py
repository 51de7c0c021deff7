"""Straight answers to questions about crisis lines and about the assistant itself.

"Will they send the police?", "is it free?", "what do I say when they pick up?", "are you going to report me?",
"can you call someone for me?", "why do you ask that?": people weighing whether to reach out ask these, and a
template or a list of what the assistant can do loses them. The answers are data (``data/content/honest_answers.yml``);
any action a question may be read as asks :func:`honest_answer` first.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.resources import is_young, known_country, latest_text
from actions.wording import pick
from assistant.safety.helplines import describe_line, young_first

ONLY_AFTER = ("question",)
FILE = content.DATA / "content" / "honest_answers.yml"


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
        if entry.get("only_after") not in (None,) + ONLY_AFTER:
            raise content.ContentError(f"{where}: only_after must be one of {ONLY_AFTER}")
    return list(raw["answers"])


def _question_open(tracker: Tracker) -> bool:
    """Right after the direct question about suicide, or in crisis mode."""
    return tracker.get_slot("offer") == "risk_check" or bool(tracker.get_slot("crisis_mode"))


def honest_answer(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """The answer to a question about crisis lines or about the assistant, with their country's line; None when the
    message asks none of them. Slots are left as they are: a question asked after the direct question leaves it open."""
    said = latest_text(tracker)
    found = next((entry for entry in answers() if content.matches_any(entry["when"], said)
                  and (entry.get("only_after") != "question" or _question_open(tracker))), None)
    if found is None:
        return None
    lines = content.country_lines(known_country(tracker))
    line = young_first(lines["crisis"], is_young(tracker))[0]
    text = pick(found["text"], tracker).format(line=describe_line(line), emergency=lines["emergency"])
    dispatcher.utter_message(text=text)
    return []


class ActionBotChallenge(Action):
    """Honest about being a bot; a question about what it does with what they wrote ("are you going to report me?")
    gets its own straight answer."""

    def name(self) -> Text:
        return "action_bot_challenge"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        answered = honest_answer(dispatcher, tracker)
        if answered is not None:
            return answered
        dispatcher.utter_message(response="utter_iamabot")
        return []
