"""The offline language check: a message clearly in another language gets an honest answer.

The assistant understands English only, so French or Spanish would otherwise be read as some
English intent ("je me sens très seul" as fear of opening up). Without a network or a language
model, the check counts common words per language from ``data/lexicon/languages.yml``.

It never hides a crisis. It runs after :class:`~assistant.nlu.crisis.CrisisDetector` and never lowers
its decision; and crisis phrases in the languages it knows ("quiero morir",
"suicidio") make the message a crisis, answered in English with the numbers, before the check.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, FrozenSet, List, Mapping, Optional, Pattern, Text, Tuple

import yaml
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.safety import CRISIS_INTENT

PATH = Path(__file__).resolve().parents[2] / "data" / "lexicon" / "languages.yml"
INTENT_OTHER = "other_language"
CRISIS = CRISIS_INTENT
FALLBACK = "nlu_fallback"
WORD = re.compile(r"[a-z]+")


class LanguageFileError(ValueError):
    """languages.yml is missing, unreadable or does not match its shape."""


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    words: FrozenSet[str]  # all its common words
    own: FrozenSet[str]  # those that are not also English
    crisis: Pattern[str]


@dataclass(frozen=True)
class Languages:
    english: FrozenSet[str]
    languages: Tuple[Language, ...]
    min_hits: int
    min_share: float
    max_english_share: float


def fold(text: str) -> str:
    """Lower case without accents, so "très" and "tres", "não" and "nao" are the same word."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ß", "ss")


def _words(source: str, raw: Any) -> List[str]:
    if not isinstance(raw, list) or not raw or not all(isinstance(w, str) and w.strip() for w in raw):
        raise LanguageFileError(f"languages.yml: {source} must be a non-empty list of words")
    return [fold(w.strip()) for w in raw]


def parse(raw: Any) -> Languages:
    """The file, checked: English words, and per language its own words and crisis phrases."""
    if not isinstance(raw, dict) or not isinstance(raw.get("languages"), dict):
        raise LanguageFileError("languages.yml: expected a mapping with 'languages'")
    english = frozenset(_words("english", raw.get("english")))
    found = []
    for code, entry in raw["languages"].items():
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise LanguageFileError(f"languages.yml: {code} needs a name")
        phrases = _words(f"{code}.crisis", entry.get("crisis"))
        clash = [p for p in phrases if set(p.split()) <= english]
        if clash:
            raise LanguageFileError(f"languages.yml: {code}.crisis {clash} are English words, left to the crisis lexicon")
        crisis = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) + r")\b")
        words = frozenset(_words(f"{code}.words", entry.get("words")))
        found.append(Language(str(code), entry["name"], words, words - english, crisis))
    try:
        limits = int(raw["min_hits"]), float(raw["min_share"]), float(raw["max_english_share"])
    except (KeyError, TypeError, ValueError) as error:
        raise LanguageFileError("languages.yml: min_hits, min_share and max_english_share must be numbers") from error
    return Languages(english, tuple(found), *limits)


@lru_cache(maxsize=None)
def load(path: Path = PATH) -> Languages:
    try:
        return parse(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError) as error:
        raise LanguageFileError(f"{path}: {error}") from error


def foreign_crisis(text: str, table: Optional[Languages] = None) -> Optional[Tuple[str, str]]:
    """(language code, phrase) when the message holds a crisis phrase of another language."""
    folded = fold(text)
    for language in (table or load()).languages:
        match = language.crisis.search(folded)
        if match:
            return language.code, match.group(0)
    return None


def detect(text: str, table: Optional[Languages] = None) -> Optional[Language]:
    """The language a message is clearly written in, when it is not English; None otherwise."""
    table = table or load()
    words = WORD.findall(fold(text))
    if not words:
        return None
    best = max(table.languages, key=lambda language: sum(w in language.own for w in words))
    own = sum(w in best.own for w in words)
    share = sum(w in best.words for w in words) / len(words)
    english = sum(w in table.english and w not in best.words for w in words) / len(words)
    if own < table.min_hits or share < table.min_share or english >= table.max_english_share:
        return None
    return best


def _next_best(ranking: List[Mapping[str, Any]], floor: float) -> Dict[str, Any]:
    for entry in ranking:
        name = entry.get(INTENT_NAME_KEY)
        if name not in (INTENT_OTHER, CRISIS, "crisis_check", FALLBACK):
            if float(entry.get(PREDICTED_CONFIDENCE_KEY) or 0.0) >= floor:
                return {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: entry.get(PREDICTED_CONFIDENCE_KEY)}
            break
    return {INTENT_NAME_KEY: FALLBACK, PREDICTED_CONFIDENCE_KEY: 1.0}


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class LanguageCheck(GraphComponent):
    """After the crisis detector: another language's crisis phrase is a crisis; a message clearly in
    another language is ``other_language``; and only this check may say ``other_language``."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"fallback_threshold": 0.3}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.fallback_threshold = float(config.get("fallback_threshold", 0.3))
        self.table = load()

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "LanguageCheck":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._process_one(message)
        return messages

    def _set(self, message: Message, name: str) -> None:
        top = {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: 1.0}
        replaced = {name, "crisis_check"} if name == CRISIS else {name}  # a check raised to a crisis is no longer ranked
        rest = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) not in replaced]
        message.set(INTENT, top, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [top] + rest, add_to_output=True)

    def _process_one(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        decision = message.get(CRISIS) or {}
        level = decision.get("level", "none")
        if level == "crisis":
            return  # the crisis detector has decided: nothing here may change it
        risk = foreign_crisis(text, self.table)  # "ik wil dood" the classifier only half read: a crisis, never less
        if level == "check" and risk is None:
            return
        if risk is not None:
            message.set(CRISIS, {**decision, "level": "crisis", "reason": f"pattern:{risk[0]}:{risk[1]}"}, add_to_output=True)
            self._set(message, CRISIS)
            return
        language = detect(text, self.table)
        if language is not None:
            message.set("language", {"code": language.code, "name": language.name}, add_to_output=True)
            self._set(message, INTENT_OTHER)
        elif (message.get(INTENT) or {}).get(INTENT_NAME_KEY) == INTENT_OTHER:
            message.set(INTENT, _next_best(message.get(INTENT_RANKING_KEY) or [], self.fallback_threshold), add_to_output=True)
