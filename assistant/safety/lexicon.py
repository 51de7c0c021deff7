"""Crisis language, organised by what it means, shared by the NLU component and the voice n-best check.

The patterns, word lists and context phrases are data (``data/lexicon/crisis.yml``, loaded and
checked by :mod:`assistant.safety.lexicon_data`); text is normalised, typo-corrected and
lemmatised by :mod:`assistant.safety.words`, so one pattern covers "wants to die", "wanted to
die" and "wnat to die". This module holds the logic that decides whether a match stands.

A match can be explained away only by its own clause: negation ("I'm not suicidal"), someone
else as the subject ("she wants to die"), an idiom ("die of embarrassment"), risk that is
clearly past and resolved ("years ago ... now I'm well"), a topic rather than the writer's own
state ("research on suicide"), or, for a method question, fiction or research ("for my novel").
Patterns whose meaning already contains a negation ("I don't want to live") are never
cancelled by it.

Each match has a level: ``crisis`` (clear risk: the crisis answer at once) or ``check``
(warning signs without explicit words: a decision, a plan, a time, no way out, hopelessness,
which call for a short, direct question). The assessment's level is the highest that stands.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import FrozenSet, List, Optional, Pattern, Tuple

from assistant.safety.lexicon_data import RiskPattern, Together, lexicon
from assistant.safety.words import lemmatise, normalise, unmask

__all__ = ["Assessment", "Match", "assess", "denies_a_wish", "lemmatise", "meant", "names_means", "normalise", "only_hyperbole",
           "phrase_anywhere", "states_safety"]

CRISIS, CHECK, NONE = "crisis", "check", "none"
# Categories said in jest often enough that a joking frame makes them a question rather than the crisis answer
# (context joking_frame); an overdose, a danger or a goodbye never is.
JOKE_PRONE = frozenset({"ideation"})
NEVER_ASKED_AWAY = frozenset({"overdose", "danger", "preparation", "plan_means"})
"""What a screening question answered no never sets aside: something done or happening, not a thought asked about."""
JOKE_WORDS = 30  # a joking frame is read in messages up to this long; a longer one is a disclosure, not a quip
METHOD = "method"


@dataclass(frozen=True)
class Match:
    category: str
    name: str
    span: str
    cancelled_by: Optional[str] = None
    level: str = CRISIS


@dataclass
class Assessment:
    """What the lexicon found: risk matches that stand, and ones explained away (with why)."""

    matches: List[Match] = field(default_factory=list)

    @property
    def standing(self) -> List[Match]:
        return [m for m in self.matches if m.cancelled_by is None]

    @property
    def level(self) -> str:
        """``crisis``, ``check`` (warning signs only) or ``none``: the highest level that stands."""
        levels = {m.level for m in self.standing}
        return CRISIS if CRISIS in levels else CHECK if CHECK in levels else NONE

    @property
    def risk(self) -> bool:
        """Clear risk: the crisis answer, as before graded levels."""
        return self.level == CRISIS

    @property
    def warning(self) -> bool:
        """Warning signs without explicit risk: ask directly rather than answer as a crisis."""
        return self.level == CHECK

    @property
    def joked(self) -> bool:
        """A wish to die heard in a joking frame ("i'll kms if i have to redo this spreadsheet"): asked about, never a crisis."""
        standing = self.standing  # every sign a joke: beside another ("i'm so tired of everything") it is not asked away
        return bool(standing) and all(m.category in JOKE_PRONE and m.level == CHECK for m in standing)

    @property
    def explained_away(self) -> bool:
        """Risk words were present but every one was cancelled (negated, someone else, past, idiom)."""
        return bool(self.matches) and not self.standing

    @property
    def _top(self) -> Optional[Match]:
        return next((m for m in self.standing if m.level == self.level), None)

    @property
    def category(self) -> Optional[str]:
        top = self._top
        return top.category if top else None

    def reason(self) -> str:
        top = self._top
        if top:
            return f"{top.category}:{top.name}"
        return ",".join(sorted({f"{m.name}({m.cancelled_by})" for m in self.matches}))


CLAUSE_BREAK = re.compile(r"[.!?;\n]+|\bbut\b|\bhowever\b|\balthough\b|\bthough\b")
# "free of self harm", "clean from cutting": the risk is what they are free of.
FREE_OF = re.compile(r"\b(?:free|clean) (?:of|from)$")
# The words just before a risk word make it the writer's own state ("i feel suicidal"), never a topic.
OWN_STATE = re.compile(r"\b(?:i (?:be|am|feel|get|have be|have been|keep feel|start feel)|feel|feeling)(?: so| really| very| quite| pretty| a bit| kind of| fairly)?$")  # noqa: E501
QUESTION = re.compile(r"^(?:what|why|how|is|are|do|does|can|could|should|where|when|which|who|any|anyone)\b")
FIRST_PERSON = re.compile(r"\b(?:i|me|my|myself)\b")


def _context(name: str) -> Pattern[str]:
    """A context phrase from the lexicon file (the loader guarantees every name the code uses)."""
    return lexicon().context[name]


def _clauses(text: str) -> List[Tuple[str, str]]:
    """Each clause as lemmas (meaning) and, where they differ, as normalised words (forms lemmas
    would blur), each paired with both forms together for the context checks."""
    clauses = []
    for part in CLAUSE_BREAK.split(text):
        words = normalise(part)
        if words:
            lemmas, surface = " ".join(lemmatise(words)), " ".join(words)
            both = f"{lemmas} | {surface}"
            clauses += [(lemmas, both)] + ([(surface, both)] if surface != lemmas else [])
    return clauses


def _subject_is_other(before: str) -> bool:
    """Whether the nearest person word before a match is someone else rather than the writer. A comma ends the
    search: "he left, nothing matters now, can't do this anymore" is the writer's own."""
    sets = lexicon().word_sets
    words = before.split()[-8:]
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        if word == "me" and i and words[i - 1] in sets["told_me"]:
            continue  # "my mate texted me ... look after my dog": "me" is who was told, not who speaks
        if word in sets["first"] or word == "," or (i and f"{words[i - 1]} {word}" in sets["writer_in_third_person"]):
            return False
        if word in sets["third"] or (word.endswith("s") and word[:-1] in sets["third"]):  # "the character's"
            if _context("not_knowing").search(" ".join(words[i + 1:])) or _context("aware_of_it").search(" ".join(words[i + 1:])):
                continue  # "my mum doesn't know about / found the fresh cuts": who knows of them, not whose they are
            if i == len(words) - 1 and word in ("his", "her", "their"):
                continue  # "i still have his prescription boxes": whose they were, not who has them
            return True
    return False


def _since_last_statement(words: List[str], openers: FrozenSet[str]) -> List[str]:
    """The words of the last statement with its own "i": after a comma with an "i" later ("i'm not sad, i just
    want to die"), or from a fresh "i just ..." / "i really ...". A bare comma ("i don't, honestly, want to die")
    starts nothing, so the negator before it still counts."""
    starts = [i for i, word in enumerate(words)
              if (word == "," and ("i" in words[i + 1:] or words[i + 1:i + 2] in (["he"], ["she"], ["they"])))
              or (word == "i" and i + 1 < len(words) and words[i + 1] in openers)]
    return words[starts[-1] + 1:] if starts else words


WRITER_INSIDE = re.compile(r" i ")
"""The writer as the subject inside a match ("the pills i have been saving"): never someone else's."""


def _negated(before: str, after_match: str) -> bool:
    """A negator among the few words before the match, not one like "can't stop" that intensifies."""
    sets = lexicon().word_sets
    if before.endswith(",") and after_match.split()[:1] in (["he"], ["she"], ["they"], ["i"]):
        return False  # "he didn't hit me, he choked me": a new statement with its own subject
    words = _since_last_statement(before.split()[-5:], sets["new_statement_after_i"])
    if FREE_OF.search(" ".join(words)):
        return True
    following = words[1:] + after_match.split()[:1]
    # "one reason not to end it", "why not just end it": asking for a reason against it is not denying it;
    # "don't try to stop me" tells others what to do, but "i'm not trying to kill myself" says what one is doing
    return any(word in sets["negators"]
               and (following[i] not in sets["not_a_negation_before"]
                    or (i > 0 and words[i - 1] in ("be", "am") and following[i] in sets["said_of_oneself_after_be"]))
               and not (i and words[i - 1] in ("reason", "reasons", "why"))
               and not _someone_unaware(words, i, before.split()[:len(before.split()) - len(words) + i][-4:])
               and not _context("knowing_only").match(" ".join(words[i:]))  # "no idea i want to ...": not a denial
               for i, word in enumerate(words))


def _someone_unaware(words: List[str], i: int, prior: List[str]) -> bool:
    """Whether the negator at ``i`` says someone else does not know of it ("my mum hasn't noticed the fresh cuts",
    "nobody noticed", "my parents have no idea"), which denies nothing; "i can't see myself ..." is the writer's
    own denial. ``prior``: the few words before the negator, wherever the statement began."""
    sets = lexicon().word_sets
    if words[i] in ("nobody", "noone"):
        return bool(_context("aware_of_it").search(" ".join(words[i + 1:])))
    if not any(w in sets["third"] or w[:-1] in sets["third"] for w in prior):
        return False
    return any(_context("not_knowing").search(" ".join(words[start:])) for start in (max(i - 1, 0), i))


@dataclass(frozen=True)
class _Message:
    """What the whole message says, which every clause's decision may need."""

    words: str
    past_and_well: bool
    fiction: bool
    media: bool
    same_for_me: bool  # "... i wrote mine too": what someone else did or said, the writer says of themselves
    asked_and_denied: bool  # "the gp asked about hurting myself and i said no" (and no "but i lied" after it)
    joking: bool  # a joking frame (laughter, cringe, a trivial trigger) and nothing that says it is meant


def _read(text: str) -> _Message:
    """The whole-message facts, read once per message rather than once per match."""
    words = normalise(text)
    lemmas, surface = " ".join(lemmatise(words)), " ".join(words)
    recovered, fiction, media, same, denied = (_context(name) for name in (
        "recovered", "fiction_or_research", "media", "same_for_me", "asked_and_denied"))
    joking = len(words) <= JOKE_WORDS and (any(emoji in text for emoji in lexicon().word_sets["laughing_emoji"])
                                           or any(_context("joking_frame").search(form) for form in (lemmas, surface)))
    return _Message(surface, bool(recovered.search(lemmas) or recovered.search(surface)),
                    bool(fiction.search(lemmas) or fiction.search(surface)), bool(media.search(surface)),
                    bool(same.search(lemmas) or same.search(surface)), bool(denied.search(lemmas) or denied.search(surface)),
                    joking and not _said_to_be_meant(lemmas, surface))


def assess(text: str) -> Assessment:
    """Find risk language in ``text`` and decide, clause by clause, whether each match stands."""
    result = Assessment()
    text = unmask(text)  # "k!ll myself": the "!" must not end a clause
    message = _read(text)
    seen = set()
    for clause, both in _clauses(text):
        for pattern in lexicon().patterns:
            for found in pattern.regex.finditer(clause):
                key = (pattern.name, found.start(), clause[:5])
                if key in seen:
                    continue
                seen.add(key)
                before = clause[: found.start()].strip()
                after = clause[found.end():].strip()
                reason = _cancelled(pattern, clause, both, before, found.group(0), after, message)
                level = pattern.level
                if reason is None and level == CRISIS and (
                        (pattern.category in JOKE_PRONE and message.joking)
                        or (pattern.name == "want_to_die" and _laugh_not_taken_back(after))
                        or (pattern.name == "want_to_die" and "go to die" in found.group(0)
                            and _context("intensified_before").search(before))):
                    # "i want to die lol", "so hot i'm actually going to die": perhaps a joke, so asked about, not set aside
                    level = CHECK
                result.matches.append(Match(pattern.category, pattern.name, found.group(0), reason, level))
    for found_match in _whole_text_matches(message.words):
        if not (message.past_and_well and _context("past").search(message.words)):
            result.matches.append(found_match)
    return result


def meant(text: str) -> bool:
    """Whether the message says anywhere that it is meant ("i'm serious, i want to die lmao", "lol. not a joke"): then a
    laugh or a joking frame does not make it a question."""
    words = normalise(text)
    return _said_to_be_meant(" ".join(lemmatise(words)), " ".join(words))


def _said_to_be_meant(lemmas: str, surface: str) -> bool:
    return any(_context("not_joking").search(form) for form in (lemmas, surface))


def _laugh_not_taken_back(after: str) -> bool:
    """A laugh right after a wish to die ("i want to die lol"), with nothing after it saying it is meant ("lmao i'm
    serious")."""
    laugh = _context("laughing_after").search(after)
    return laugh is not None and not _context("not_joking").search(after[laugh.end():])


def _match(category: str, name: str, span: str) -> Match:
    return Match(category, name, span, None, lexicon().levels[category])


def _together(check: Together, words: str) -> Optional[Match]:
    """A whole-text check of the lexicon's ``together`` list: two meanings anywhere in the message, even sentences
    apart, are risk together."""
    one, other = _context(check.first).search(words), _context(check.second).search(words)
    if not (one and other):
        return None
    span = one.group(0) if check.first == check.second else f"{one.group(0)} … {other.group(0)}"
    return Match(check.category, check.name, span, None, check.level)


def _whole_text_matches(words: str) -> List[Match]:
    """The lexicon's ``together`` checks, then safety taken back across a clause break."""
    found = [_together(check, words) for check in lexicon().together] + [_safe_but_not(words)]
    return [match for match in found if match is not None]


def _safe_but_not(words: str) -> Optional[Match]:
    """Safety taken back within the message ("safe earlier but not now", "safe? not really"), across
    the clause break: the classifier reads any "safe" as being safe."""
    found = _context("safe_but_not").search(" ".join(w for w in words.split() if w != ","))
    return _match("danger", "safe_but_not", found.group(0)) if found else None




def _cancelled(pattern: RiskPattern, clause: str, both: str, before: str, span: str, after: str,
               message: _Message) -> Optional[str]:
    """Why a match does not stand (None when it does)."""
    # a match that starts with "i" has its own verb: only a negator right before it denies it ("i don't think i've
    # decided"), not one of an earlier phrase ("don't @ me with hotline numbers, i already decided")
    near = " ".join(before.split()[-2:]) if span.startswith("i ") else before
    if not pattern.negation_is_risk and _negated(near, span):
        return "negated"
    if (not pattern.first_person and not span.startswith(("i ", "my ")) and not WRITER_INSIDE.search(span)  # "pills i saved"
            and _subject_is_other(before) and not message.same_for_me):  # "..., i decided"
        return "someone else"
    if message.asked_and_denied and pattern.category not in NEVER_ASKED_AWAY:
        return "asked and said no"
    if pattern.category == METHOD and message.fiction:
        return "fiction or research"
    if pattern.topic_prone and (_about_the_topic(both, before, message.fiction)
                                or (message.media and not FIRST_PERSON.search(clause) and not OWN_STATE.search(before)
                                    and len(clause.split()) - len(span.split()) >= 2)):  # not a bare "suicidal."
        return "about the topic"
    if pattern.name == "want_to_die" and _context("idiom_after").search(after):
        return "idiom"
    if pattern.everyday_after is not None and pattern.everyday_after.search(after):
        return "everyday phrase"
    if pattern.past_is_enough and _context("long_past").search(both) and not _context("present_risk_markers").search(both):
        return "past"  # nothing in the clause says it goes on ("again", "still", "lately")
    if message.past_and_well and _context("past").search(both) and not _context("present_risk_markers").search(_near(clause, span)):
        return "past and resolved"
    return None


def _asks_for_method(clause: str) -> bool:
    """A how-to, how-much or where question about ending a life: never merely a topic."""
    return any(p.regex.search(clause) for p in lexicon().patterns if p.category == METHOD)


def _about_the_topic(clause: str, before: str, fiction: bool) -> bool:
    """Risk words used as a subject of study, a service or someone else's story, not the writer's state."""
    if OWN_STATE.search(before) and not QUESTION.search(clause):
        return False
    if _asks_for_method(clause):
        return fiction
    if _context("topic_frame").search(before) and not _context("contemplating").search(before):
        return True
    topic_words = len(_context("topic_words").findall(clause.split(" | ")[0]))  # once, not in both forms
    if QUESTION.search(clause) and (topic_words or not FIRST_PERSON.search(clause)):
        return True
    return topic_words >= 2 or (topic_words == 1 and not FIRST_PERSON.search(clause))


def _near(clause: str, span: str) -> str:
    """The match with the few words around it, within its comma-delimited part of the clause."""
    start = clause.find(span)
    left = clause.rfind(",", 0, start)
    right = clause.find(",", start + len(span))
    before = clause[left + 1 : start].split()[-4:]
    after = clause[start + len(span) : right if right >= 0 else len(clause)].split()[:3]
    return " ".join(before + [span] + after)


def phrase_anywhere(name: str, text: str) -> bool:
    """Whether a context phrase occurs in the text, as lemmas or as the normalised words."""
    words = normalise(text)
    pattern = _context(name)
    return bool(pattern.search(" ".join(words)) or pattern.search(" ".join(lemmatise(words))))


def states_safety(text: str) -> bool:
    """Whether a message says, in any words, that the writer is safe: the word itself, someone with
    them, help with them, the means put away, the urge passed, the risk words taken back; and not
    only in words that deny it ("not safe", "no one is with me"). A classifier's "safe" needs this."""
    words = normalise(text)
    said = [" ".join(words), " ".join(lemmatise(words))]
    negated, safety = _context("safety_negated"), _context("states_safety")
    return any(safety.search(negated.sub(" ", form)) for form in said)


def only_hyperbole(text: str) -> bool:
    """Whether every death word in a message belongs to an everyday hyperbole ("dying to see it", "killing it
    at work"), so that the classifier's risk score, which counts such words, is not a reason to ask."""
    words = " ".join(normalise(text))
    hyperbole = _context("hyperbole")
    return (bool(hyperbole.search(words)) and not _context("hyperbole_unless").search(words)
            and not names_means(text) and not _context("death_words").search(hyperbole.sub(" ", words)))


def denies_a_wish(text: str) -> bool:
    """Whether a "not" or "never" comes right before a wish or an intention ("i am not want to kill me")."""
    return phrase_anywhere("denied_wish", text)


def names_means(text: str) -> bool:
    """Whether a message names a means of harm (pills, a rope, a blade, a bridge...)."""
    return phrase_anywhere("means", text)
