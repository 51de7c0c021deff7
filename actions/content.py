"""Loads and checks the YAML content under ``data/``: topics, exercises, guides, helplines.

Content is data so that adding an exercise or a helpline needs no code; this
module and ``safety_content.py`` (the wording around risk, the friend guide) know
the file shapes, with the checks they share in ``content_files.py``, and they fail
loudly with the file name when a file does not match. Everything is reached as
``content.<name>``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Set

from actions.content_files import DATA as DATA
from actions.content_files import ContentError as ContentError
from actions.content_files import check_pattern as check_pattern
from actions.content_files import matches_any as matches_any
from actions.content_files import read_yaml as read_yaml
from actions.content_files import require
from actions.safety_content import friend_guide as friend_guide
from actions.safety_content import safety_talk as safety_talk
from assistant.safety import helplines as helpline_file

EXERCISE_CATEGORIES = ("breathing", "loving_kindness", "self_compassion", "mindful_awareness", "active_listening", "boundaries", "vulnerability")
SITUATION_OFFERS = ("exercise", "abuse_lines")
"""What a situation may offer: an exercise, or the domestic-abuse lines for their country (actions/support.py)."""
READ_AS_WITHOUT_TOPIC = ("out_of_scope", "support_a_friend")
"""Intents with no topic of their own whose messages may still name a situation (situations.yml also_when_read_as)."""


@dataclass(frozen=True)
class Step:
    """One thing to say, then how long to wait before the next."""

    text: str
    seconds: float
    breath: Optional[str] = None

    def as_payload(self) -> Dict[str, Any]:
        payload: Dict[str, Any] = {"text": self.text, "seconds": self.seconds}
        if self.breath:
            payload["breath"] = self.breath
        return payload


@dataclass(frozen=True)
class Exercise:
    id: str
    category: str
    title: str
    choice_label: str
    summary: str
    intro: str
    closing: str
    steps: List[Step]
    keywords: List[str] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return sum(step.seconds for step in self.steps)

    def as_payload(self) -> Dict[str, Any]:
        """The structured reply front ends perform: steps with their pauses."""
        return {
            "exercise": {
                "id": self.id, "category": self.category, "title": self.title,
                "steps": [step.as_payload() for step in self.steps],
                "closing": self.closing,
            }
        }


def _steps(source: str, raw: Any, depth: int = 0) -> List[Step]:
    if not isinstance(raw, list) or not raw:
        raise ContentError(f"{source}: 'steps' must be a non-empty list")
    steps: List[Step] = []
    for index, item in enumerate(raw, 1):
        where = f"{source}: step {index}"
        if not isinstance(item, dict):
            raise ContentError(f"{where} must be a mapping")
        if "repeat" in item:
            times = item["repeat"]
            if depth or not isinstance(times, int) or not 2 <= times <= 6:
                raise ContentError(f"{where}: 'repeat' must be 2-6 and only one level deep")
            steps.extend(_steps(where, item.get("steps"), depth + 1) * times)
            continue
        text = require(where, item, "say", str).strip()
        pause = item.get("pause")
        if not isinstance(pause, (int, float)) or not 0 < pause <= 30:
            raise ContentError(f"{where}: 'pause' must be a number of seconds between 0 and 30")
        breath = item.get("breath")
        if breath not in (None, "in", "hold", "out"):
            raise ContentError(f"{where}: 'breath' must be in, hold or out")
        steps.append(Step(text=text, seconds=float(pause), breath=breath))
    return steps


def parse_exercise(path: Path) -> Exercise:
    raw = read_yaml(path)
    source = path.name
    if not isinstance(raw, dict):
        raise ContentError(f"{source}: expected a mapping at the top")
    exercise_id = require(source, raw, "id", str)
    if exercise_id != path.stem:
        raise ContentError(f"{source}: id '{exercise_id}' must match the file name")
    category = require(source, raw, "exercise", str)
    if category not in EXERCISE_CATEGORIES:
        raise ContentError(f"{source}: unknown exercise category '{category}'")
    return Exercise(
        id=exercise_id,
        category=category,
        title=require(source, raw, "title", str),
        choice_label=require(source, raw, "choice_label", str),
        summary=require(source, raw, "summary", str),
        intro=require(source, raw, "intro", str),
        closing=require(source, raw, "closing", str),
        steps=_steps(source, raw.get("steps")),
        keywords=[str(k).lower() for k in raw.get("keywords", [])],
    )


@lru_cache(maxsize=None)
def exercises(directory: Path = DATA / "exercises") -> Dict[str, Exercise]:
    """Every exercise file, by id, in file-name order."""
    return {ex.id: ex for ex in map(parse_exercise, sorted(directory.glob("*.yml")))}


def exercises_in(category: str) -> List[Exercise]:
    return [ex for ex in exercises().values() if ex.category == category]


@lru_cache(maxsize=None)
def topics() -> Dict[str, Dict[str, Any]]:
    """Per-intent validation, guidance, offer and decline wording."""
    raw = read_yaml(DATA / "content" / "topics.yml")
    table = raw.get("topics") if isinstance(raw, dict) else None
    if not isinstance(table, dict):
        raise ContentError("topics.yml: expected a 'topics' mapping")
    for name, topic in table.items():
        for key in ("validate", "guidance", "decline"):
            require(f"topics.yml: {name}", topic, key, list)
        # offer_first (optional): made the first time the topic is answered in a conversation, unless its words are said
        for key in ("offer", "offer_first") if "offer_first" in topic else ("offer",):
            offer = require(f"topics.yml: {name}", topic, key, dict)
            require(f"topics.yml: {name}.{key}", offer, "ask", list)
            if offer.get("action") == "exercise" and offer.get("exercise") not in exercises():
                raise ContentError(f"topics.yml: {name} {key} offers unknown exercise {offer.get('exercise')!r}")
            for pattern in offer.get("unless", []):
                check_pattern(f"topics.yml: {name}.{key}.unless", pattern)
        for answer in topic.get("answers", []):  # a question's own answer ("how is it different from empathy?")
            require(f"topics.yml: {name}.answers", answer, "text", str)
            for pattern in require(f"topics.yml: {name}.answers", answer, "when", list):
                check_pattern(f"topics.yml: {name}.answers", pattern)
        for pattern in topic.get("needs_words", []):
            check_pattern(f"topics.yml: {name}.needs_words", pattern)
    return table


@lru_cache(maxsize=None)
def exercise_order() -> Dict[str, List[str]]:
    """Which exercises to suggest when nobody named one, in order (``rotation`` and ``any_one``)."""
    raw = read_yaml(DATA / "content" / "exercise_order.yml")
    if not isinstance(raw, dict):
        raise ContentError("exercise_order.yml: expected a mapping")
    for key in ("rotation", "any_one"):
        if unknown := [e for e in require("exercise_order.yml", raw, key, list) if e not in exercises()]:
            raise ContentError(f"exercise_order.yml: {key} names unknown exercises {unknown}")
    for key in ("asking_about", "shorter", "longer", "unsure"):
        for pattern in require("exercise_order.yml", raw, key, list):
            check_pattern(f"exercise_order.yml {key}", pattern)
    if any(placeholders(line) - {"title", "summary", "length"} for line in require("exercise_order.yml", raw, "describe", list)):
        raise ContentError("exercise_order.yml describe: only {title}, {summary} and {length} can be filled in")
    for key in ("between_offers", "after_a_question", "longer_again", "longer_first", "unsure_reply"):
        if not all(isinstance(line, str) and line.strip() for line in require("exercise_order.yml", raw, key, list)):
            raise ContentError(f"exercise_order.yml {key}: expected one or more texts")
    return raw


def placeholders(line: str) -> Set[str]:
    return set(re.findall(r"\{(\w*)\}", line))


@lru_cache(maxsize=None)
def also_asked() -> Dict[str, List[str]]:
    """How to get each request a long message also asked (``nlu.also_asked``): lines to choose from, per intent."""
    raw = read_yaml(DATA / "content" / "also_asked.yml")
    if not isinstance(raw, dict) or not all(isinstance(lines, list) and lines and not any(map(placeholders, lines)) for lines in raw.values()):
        raise ContentError("also_asked.yml: expected, for each intent, a list of lines without placeholders")
    return raw


@lru_cache(maxsize=None)
def situations() -> Dict[str, Dict[str, Any]]:
    """What someone is living through (a loss, loneliness): the answer to their feeling speaks to it first."""
    raw = read_yaml(DATA / "content" / "situations.yml")
    table = raw.get("situations") if isinstance(raw, dict) else None
    if not isinstance(table, dict):
        raise ContentError("situations.yml: expected a 'situations' mapping")
    for name, situation in table.items():
        source = f"situations.yml: {name}"
        for key in ("patterns", "applies_to", "validate", "guidance"):
            require(source, situation, key, list)
        for key in ("not_patterns", "warning_signs", "follow_up", "also_when_read_as", "stays_when"):
            if not isinstance(situation.get(key) or [], list):
                raise ContentError(f"{source}: {key} must be a list")
        if not isinstance(situation.get("overrides_friend_risk", False), bool):
            raise ContentError(f"{source}: overrides_friend_risk must be true or false")
        if unknown := set(situation.get("also_when_read_as") or []) - set(READ_AS_WITHOUT_TOPIC):
            raise ContentError(f"{source}: also_when_read_as may name only {READ_AS_WITHOUT_TOPIC}, not {sorted(unknown)}")
        for pattern in situation["patterns"] + [p for key in ("not_patterns", "warning_signs", "stays_when") for p in situation.get(key) or []]:
            check_pattern(source, pattern)
        unknown = set(situation["applies_to"]) - set(topics())
        if unknown:
            raise ContentError(f"{source}: applies to intents with no topic: {sorted(unknown)}")
        offer = require(source, situation, "offer", dict)
        require(f"{source}.offer", offer, "ask", list)
        if offer.get("action") not in SITUATION_OFFERS:
            raise ContentError(f"{source} offers unknown action {offer.get('action')!r}; known: {SITUATION_OFFERS}")
        if offer["action"] == "exercise" and offer.get("exercise") not in exercises():
            raise ContentError(f"{source} offers unknown exercise {offer.get('exercise')!r}")
    return table


@lru_cache(maxsize=None)
def listening_practice() -> Dict[str, Any]:
    return read_yaml(DATA / "content" / "listening_practice.yml")


@lru_cache(maxsize=None)
def professional_help() -> Dict[str, Any]:
    raw = read_yaml(DATA / "content" / "professional_help.yml")
    if not isinstance(raw, dict):
        raise ContentError("professional_help.yml: expected a mapping")
    for pattern in require("professional_help.yml", raw, "crisis_line_request", list):
        check_pattern("professional_help.yml: crisis_line_request", pattern)
    for question in require("professional_help.yml", raw, "questions", list):  # cost, waiting lists: their own answer
        require("professional_help.yml questions", question, "text", str)
        for pattern in require("professional_help.yml questions", question, "when", list):
            check_pattern("professional_help.yml questions", pattern)
    return raw


@lru_cache(maxsize=None)
def not_understood() -> Dict[str, Any]:
    """What to say when a message was not understood, and the words that show a line or help was contacted."""
    raw = read_yaml(DATA / "content" / "not_understood.yml")
    if not isinstance(raw, dict):
        raise ContentError("not_understood.yml: expected a mapping")
    variants = require("not_understood.yml", raw, "variants", list)
    buttons = require("not_understood.yml", raw, "buttons", list)
    if not variants or not all(isinstance(v, str) and v.strip() for v in variants):
        raise ContentError("not_understood.yml: variants must be non-empty texts")
    if not all(isinstance(b, dict) and b.get("title") and b.get("payload") for b in buttons):
        raise ContentError("not_understood.yml: each button needs a title and a payload")
    for key in ("line_words", "repeat_cues", "another_cues", "sarcastic_thanks", "takes_up_offer"):
        check_pattern(f"not_understood.yml: {key}", require("not_understood.yml", raw, key, str))
    require("not_understood.yml", raw, "sorry_not_helpful", list)
    if not all(isinstance(v, str) and v.strip() for v in require("not_understood.yml", raw, "first_bye", list)):
        raise ContentError("not_understood.yml: first_bye must be texts")
    for name, keys in (("life_news", ("patterns", "hardship", "not_patterns")), ("good_news", ("patterns", "not_patterns"))):
        news = raw.get(name)
        if news is None:
            continue
        for key in keys:
            for pattern in require(f"not_understood.yml {name}", news, key, list):
                check_pattern(f"not_understood.yml: {name}", pattern)
        if not require(f"not_understood.yml {name}", news, "replies", list):
            raise ContentError(f"not_understood.yml: {name} needs replies")
    for entry in raw.get("about_the_talk") or []:
        for pattern in require("not_understood.yml about_the_talk", entry, "patterns", list):
            check_pattern("not_understood.yml: about_the_talk", pattern)
        if not require("not_understood.yml about_the_talk", entry, "replies", list):
            raise ContentError("not_understood.yml: about_the_talk needs replies")
    return raw


@lru_cache(maxsize=None)
def reflections() -> Dict[str, Any]:
    """Who and what to say back from a message (words and a phrase each, and words after which they mean else)."""
    raw = read_yaml(DATA / "content" / "reflections.yml")
    if not isinstance(raw, dict):
        raise ContentError("reflections.yml: expected a mapping")
    for key in ("who", "what"):
        for row in require("reflections.yml", raw, key, list):
            require(f"reflections.yml: {key}", row, "words", list)
            require(f"reflections.yml: {key}", row, "phrase", str)
            if not isinstance(row.get("not_followed_by", []), list):
                raise ContentError(f"reflections.yml: {key}: not_followed_by must be a list of words")
    openers = require("reflections.yml", raw, "openers", list)
    if not all(isinstance(o, str) and "{things}" in o for o in openers):
        raise ContentError("reflections.yml: every opener needs {things}")
    return raw


def helplines() -> Dict[str, Any]:
    """helplines.yml, checked on load by its schema (assistant/safety/helplines.py, shared with the runtime)."""
    try:
        return helpline_file.load()
    except helpline_file.HelplineError as error:
        raise ContentError(str(error)) from error


def country_lines(code: Optional[str]) -> Dict[str, Any]:
    """The helpline entry for an ISO code; a country with only an emergency number, or none we know, gets the directory."""
    helplines()
    return helpline_file.country_entry(code)
