"""From a message to the word stream the crisis patterns read: normalised, corrected, lemmatised.

People in distress type fast and on phones, so "i wnat to dissapear forevr" must read as
"i want to disappear forever". Rather than listing each misspelling, a token that is not an
English word and lies within a small spelling distance of one of a few risk words is read as
that word; short coded words and text-speak are listed in the lexicon file.
"""
from __future__ import annotations

import gzip
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, FrozenSet, List, Optional, Tuple

from assistant.safety.lexicon_data import lexicon

APOSTROPHE = {"ll": "will", "re": "are", "ve": "have", "d": "would", "m": "am"}
SHORTEST_CORRECTED = 4
LONG_WORD = 7


def _lookups(name: str) -> Any:
    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / name
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=1)
def _lemma_table() -> Dict[str, str]:
    table: Dict[str, str] = _lookups("en_lemma_lookup.json.gz")
    # Lookup lemmas that would hide meaning here ("dying" -> "dye", "better" -> "well").
    table.update({"dying": "die", "died": "die", "dies": "die", "better": "better", "worse": "worse", "best": "best",
                  "left": "left", "saw": "see", "lying": "lie", "meds": "meds", "born": "born", "cos": "cos", "longer": "longer", "missed": "missed", "well": "well", "deeper": "deeper", "burden": "burden", "gone": "gone",  # noqa: E501 (a table)
                  "clothes": "clothe", "ended": "end", "ending": "end", "kms": "kms", "cutting": "cut", "leaving": "leave"})
    return table


@lru_cache(maxsize=1)
def _known_words() -> FrozenSet[str]:
    """Words never corrected: English (the lemma table's forms and lemmas, and the base forms of the
    lemma index, which hold "overdue" and "alive") and the lexicon's own words."""
    table = _lemma_table()
    data = lexicon()
    base_forms = {word for words in _lookups("en_lemma_index.json.gz").values() for word in words}
    own = {w for words in data.replacements.values() for w in words.split()} | set(data.replacements) | set(data.known)
    return frozenset(table) | frozenset(table.values()) | frozenset(base_forms) | own


def distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (optimal string alignment), or ``limit + 1`` once it is exceeded."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: List[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


@lru_cache(maxsize=8192)
def correct(token: str) -> str:
    """The risk word ``token`` misspells, or ``token`` itself: only unknown words, only close ones
    (same first letter; the first of the closest in the lexicon's order)."""
    if len(token) < SHORTEST_CORRECTED or not token.isalpha() or token in _known_words():
        return token
    limit = 2 if len(token) >= LONG_WORD else 1
    best: Optional[str] = None
    best_distance = limit + 1
    for word in lexicon().spelling:
        # People seldom mistype the first letter; requiring it keeps "binging" from "hanging".
        if word[0] != token[0]:
            continue
        found = distance(token, word, limit)
        if found < best_distance:
            best, best_distance = word, found
    return best or token


LEET = {"1": "i", "!": "i", "|": "i", "3": "e", "0": "o", "4": "a", "@": "a", "$": "s", "5": "s", "7": "t"}
MASKED = re.compile(r"[a-z0-9*!@$|]*[a-z][a-z0-9*!@$|]*")
STRETCHED = re.compile(r"([a-z])\1{2,}")


@lru_cache(maxsize=1)
def _risk_words() -> FrozenSet[str]:
    return frozenset(lexicon().spelling) | {"kill", "die", "cut", "hang", "suicide", "suicidal", "unalive", "unaliving", "myself"}


def _unmasked(token: str) -> str:
    """A risk word written to slip past filters ("k*ll", "su1c1dal", "unal!ve"), or the token as it was:
    digits and symbols are read as the letters they stand for, a * as any vowel, and only a risk word is
    accepted, so "mp3" and "24/7" stay as they are."""
    if token.isalpha():
        return token
    words = _risk_words()
    plain = "".join(LEET.get(c, c) for c in token)
    for vowel in "aeiou" if "*" in plain else "":
        if plain.replace("*", vowel) in words:
            return plain.replace("*", vowel)
    return plain if plain in words else token


def _unstretched(token: str) -> str:
    """ "dieee", "killlll", "sooo": a letter typed three times or more, read as the known word it stretches."""
    if not STRETCHED.search(token):
        return token
    known = _known_words()
    for shortened in (STRETCHED.sub(r"\1\1", token), STRETCHED.sub(r"\1", token)):
        if shortened in known:
            return shortened
    return token


def unmask(text: str) -> str:
    """The text in lower case with masked and stretched risk words written out ("k!ll" -> "kill"), before
    anything splits it at punctuation."""
    return MASKED.sub(lambda m: _unstretched(_unmasked(m.group(0))), text.lower())


HASHTAG = re.compile(r"#([a-z]{5,30})\b")


def split_hashtag(tag: str) -> str:
    """A hashtag's words ("wanttodie" -> "want to die"); the tag itself when it is a word already or nothing covers
    it. Parts of three letters or fewer come only from a short list (`hashtag_short_words` in
    data/lexicon/crisis.yml), longer ones from the English word list; the split with the fewest longer words wins
    ("cant go on", not "cant goon"), then the one with the fewest parts, then longer words first."""
    known, short = _known_words(), lexicon().word_sets["hashtag_short_words"]
    if tag in known:
        return tag

    def cost(parts: List[str]) -> Tuple[int, int, List[int]]:  # then longer words first: "not okay", not "no tokay"
        return sum(part not in short for part in parts), len(parts), [-len(part) for part in parts]

    best: List[Optional[List[str]]] = [[]] + [None] * len(tag)
    for end in range(1, len(tag) + 1):
        for start in range(max(0, end - 20), end):
            part, before = tag[start:end], best[start]
            if before is None or not (part in short or (len(part) > 3 and part in known)):
                continue
            current, candidate = best[end], before + [part]
            if current is None or cost(candidate) < cost(current):
                best[end] = candidate
    found = best[len(tag)]
    return " ".join(found) if found else tag


def normalise(text: str) -> List[str]:
    """Lower-cased words with contractions and text-speak expanded, hashtags split into their words, and risk-word
    typos corrected."""
    text = HASHTAG.sub(lambda m: split_hashtag(m.group(1)), unmask(text)).replace("’", "'").replace("‘", "'")
    text = re.sub(r"\b(\w+)'(ll|re|ve|d|m)\b", lambda m: f"{m.group(1)} {APOSTROPHE[m.group(2)]}", text)
    text = re.sub(r"\b(\w+)'(\w+)\b", r"\1\2", text)
    text = text.replace("-", " ")
    replacements = lexicon().replacements
    out: List[str] = []
    for word in re.findall(r"[a-z0-9]+|,", text):
        replaced = replacements.get(word)
        out.extend(replaced.split() if replaced is not None else [correct(word)])
    return out


def lemmatise(words: List[str]) -> List[str]:
    """spaCy lookup lemmas, so one pattern covers "wanted", "wants" and "want"."""
    table = _lemma_table()
    return [table.get(word, word) for word in words]
