"""Which country a message says the person is in: two-letter codes in context, and one answer.

The entity ruler (``data/lexicon/entities.yml``) finds names, cities and demonyms. Two things it
cannot do are done here, after it:

- **Codes.** "DE" or "in NL" name a country, but "us", "in", "it", "no" are English words and
  "IL" or "CO" are US states, so a code counts only written in capitals, in a message of one or
  two words or after "in"/"from"/"moved to", never in a message written all in capitals, and
  codes that are also words or states never count (people there write the name).
- **One country.** "I'm from India but I live in England", "I moved from Canada to Germany",
  "actually I moved, I'm in Germany now": the place they are now wins over where they are from,
  a nationality, a place they are "not in", "used to" live in or "moved here from", or someone else's ("my
  cousin in Mumbai"). Only that one is kept, so the slot and every action read the same country.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.safety import helplines
from assistant.safety.others import SOMEONE_ELSES

ENTITY = "country"
NEVER = frozenset({"AT", "BE", "IN", "IS", "IT", "MY", "NO", "ID", "AR", "CO", "IL", "MT", "PE", "PH", "PT", "SA", "TH"})
"""Codes that are English words or US state abbreviations ("I work in IT", "I'm in IL")."""
CONTEXT_ONLY = frozenset({"US"})
"""Codes that may be a shouted pronoun alone ("US"), so they need "in"/"from" before them (the dialogue reads "US" alone
as an answer when no country is known: actions/resources.py ``known_country``)."""
BEFORE_CODE = re.compile(r"(?:\b(?:in|from)|\b(?:moved|move|moving|back|going) to)\s+$", re.IGNORECASE)
WORD = re.compile(r"[^\W\d_]+")
NATIONALITY = re.compile(r"^(?:i\s*'?\s*a?m|we\s*'?\s*(?:re|are))\b", re.IGNORECASE)
ORIGIN = re.compile(r"\bfrom\s+(?:the\s+)?$", re.IGNORECASE)
NOT_THERE = re.compile(
    r"(?:\bnot|\bno longer|n't|\bused to|\bleft|\bformerly)\s+(?:\w+\s+){0,3}$"
    # "i moved here from brazil", "we came over from poland": where they were, not where they are (session 26)
    r"|\b(?:moved?|moving|came|come|emigrated|relocated|fled|arrived|immigrated)\s+(?:here\s+|over\s+|to\s+\w+\s+)?(?:\w+\s+){0,2}?from\s+(?:the\s+)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mention:
    """A country named in a message, and how: a place they are, where they are from, a nationality..."""

    code: str
    start: int
    end: int
    kind: str  # place | nationality | origin | not_there | someone_elses

    RANK = {"place": 3, "nationality": 2, "origin": 1}


def code_mentions(text: str, codes: Sequence[str]) -> List[Dict[str, Any]]:
    """Two-letter codes that clearly name a country, as entity dicts (value = the code)."""
    words = WORD.findall(text)
    capitals = [w for w in words if w.isupper() and len(w) > 1]
    if len(words) >= 3 and len(capitals) >= len(words) - 1:
        return []  # shouting: "I'M IN SO MUCH PAIN" names no country
    known = set(codes) - NEVER
    found = []
    for match in re.finditer(r"\b([A-Z]{2})\b", text):
        code = match.group(1)
        if code not in known:
            continue
        in_context = bool(BEFORE_CODE.search(text[: match.start()]))
        if in_context or (len(words) <= 2 and code not in CONTEXT_ONLY):
            found.append({"entity": ENTITY, "value": code, "start": match.start(), "end": match.end(), "confidence": 1.0})
    return found


def classify(text: str, entity: Dict[str, Any]) -> Mention:
    """How a country is named: where they are now unless the words around it say otherwise."""
    before = text[max(0, entity["start"] - 60): entity["start"]]
    said = text[entity["start"]: entity["end"]]
    if NOT_THERE.search(before):
        kind = "not_there"
    elif SOMEONE_ELSES.search(before):
        kind = "someone_elses"  # where a cousin lives is not where the person is
    elif NATIONALITY.match(said):
        kind = "nationality"
    elif ORIGIN.search(before):
        kind = "origin"
    else:
        kind = "place"
    return Mention(str(entity["value"]), int(entity["start"]), int(entity["end"]), kind)


def choose(text: str, entities: List[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    """The one country the message puts the person in: the last place named, else the last
    nationality, else where they are from; none when every mention is a place they are not."""
    mentions = [(classify(text, e), e) for e in entities]
    ranked = [(Mention.RANK[m.kind], m.start, e) for m, e in mentions if m.kind in Mention.RANK]
    return max(ranked, key=lambda r: (r[0], r[1]))[2] if ranked else None


THEIR_COUNTRY = "their_country"
"""Parse-data key: the country another person is in (:func:`theirs`), beside the writer's own ``country`` entity."""


def _all_countries(text: str, entities: List[Dict[str, Any]], codes: Sequence[str]) -> List[Dict[str, Any]]:
    countries = [e for e in entities if e.get("entity") == ENTITY]
    taken = [(e["start"], e["end"]) for e in countries]
    return countries + [c for c in code_mentions(text, codes) if not any(s < c["end"] and c["start"] < t for s, t in taken)]


def resolve(text: str, entities: List[Dict[str, Any]], codes: Sequence[str]) -> List[Dict[str, Any]]:
    """The message's entities with codes added and at most one country left."""
    chosen = choose(text, _all_countries(text, entities, codes))
    return [e for e in entities if e.get("entity") != ENTITY] + ([chosen] if chosen else [])


THERE = re.compile(r"\b(?:in|to|lives? in|living in|moved to|over in|out in|back in|based in)\s+(?:the\s+)?$", re.IGNORECASE)
"""Where another person is, not where they come from ("my brother from canada is staying with me" is here)."""


def theirs(text: str, entities: List[Dict[str, Any]], codes: Sequence[str]) -> Optional[str]:
    """The country another person is in ("she lives in australia, i'm in the uk": AU), the last one named; None when
    the message puts nobody else anywhere. A worried friend far away needs that country's numbers, not their own."""
    mentions = [classify(text, e) for e in _all_countries(text, entities, codes)]
    elsewhere = [m for m in mentions if m.kind == "someone_elses" and THERE.search(text[max(0, m.start - 30): m.start])]
    return max(elsewhere, key=lambda m: m.start).code if elsewhere else None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class CountryResolver(GraphComponent, EntityExtractorMixin):
    """After the entity ruler: adds country codes written in context and keeps one country."""

    def __init__(self, codes: Sequence[str]) -> None:
        self._codes = list(codes)

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "CountryResolver":
        return cls(helplines.codes())

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            entities = list(message.get(ENTITIES) or [])
            resolved = resolve(text, entities, self._codes)
            message.set(THEIR_COUNTRY, theirs(text, entities, self._codes), add_to_output=True)
            for entity in resolved:
                if entity.get("entity") == ENTITY and "extractor" not in entity:
                    entity.update(self.add_extractor_name([dict(entity)])[0])
            message.set(ENTITIES, resolved, add_to_output=True)
        return messages
