"""The crisis line in view around risk: the person's line and emergency number filled into a sentence, the buttons
that go with the direct question and with crisis mode, and the slots of crisis mode going on.

Shared by the safety actions (``actions/safety.py``) and by the reading of answers to the direct question
(``actions/risk_answers.py``), so neither imports the other's module.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions import content
from actions.resources import describe_line, hurt_by_someone_earlier, is_young, known_country, latest_text, risk_said
from assistant.safety.helplines import young_first

SAFETY_BUTTONS = [
    {"title": "I'm safe now", "payload": "I am safe now"},
    {"title": "I'm not safe", "payload": "I am not safe right now"},
]
ANSWER_BUTTONS = [{"title": "Yes, I am", "payload": "yes"}, {"title": "No, I'm not", "payload": "no"}]
OWN_RISK = frozenset({"ideation", "self_harm", "overdose", "plan_means", "method", "preparation", "goodbye", "burden", "warning"})
"""Lexicon categories of the writer's own risk: with one of them now, the crisis line comes first, whatever came before."""


def fill_line(template: str, tracker: Tracker, by_text: bool = False) -> str:
    """The template with the person's crisis line and emergency number; ``by_text``: a line that takes texts or
    web chat first, for someone who cannot or will not phone."""
    entry, said = content.country_lines(known_country(tracker)), latest_text(tracker)
    lines = young_first(entry["crisis"], is_young(tracker))
    if hurt_by_someone_earlier(tracker) and not risk_said(said) & OWN_RISK:
        # "he's coming home soon", after "my husband hit me": a line for that first (one that can be called or texted);
        # never instead of the crisis line when they now speak of their own risk ("i want to kill myself")
        lines = [line for line in entry["domestic_violence"] if line.get("call") or line.get("text")] + lines
    if by_text:  # and a line they named ("i've tried samaritans", "nobody answered at 988") after the others
        lines = sorted([line for line in lines if line.get("text") or line.get("chat")] + lines, key=lambda line: line["name"].lower() in said)
    shown = " ".join(describe_line(line) for line in lines[:2]) if lines[0].get("young") else describe_line(lines[0])
    return template.format(line=shown, emergency=entry["emergency"])  # someone young: the all-ages line beside theirs


def crisis_mode_on(quiet: bool) -> List[Dict[Text, Any]]:
    """The slots of crisis mode going on: ``quiet`` when they asked not to be asked again (the line stays)."""
    return [SlotSet("crisis_mode", True), SlotSet("crisis_answered", True), SlotSet("crisis_quiet", quiet)]


def text_line_known(tracker: Tracker) -> bool:
    """Whether a crisis line for their country (the directory, when it is not known) takes texts or web chat: only
    then is someone who cannot phone told that writing works too."""
    code = known_country(tracker)  # not known: the directory, which lists lines that take texts and chat
    return code is None or any(line.get("text") or line.get("chat") for line in content.country_lines(code)["crisis"])
