"""Loads and checks ``data/lexicon/crisis.yml``: the crisis word lists, patterns and context.

The lexicon is data so that a pattern can be read, reviewed and changed without touching the
logic that decides whether a match stands (that is in :mod:`assistant.safety.lexicon`). A file
that does not match its shape fails loudly, naming the file and the entry, never half-loaded:
a silently dropped pattern would be a crisis nobody is told about.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, FrozenSet, List, Mapping, Optional, Pattern, Tuple

import yaml

PATH = Path(__file__).resolve().parents[2] / "data" / "lexicon" / "crisis.yml"
LEVELS = ("crisis", "check")
FLAGS = ("negation_is_risk", "first_person", "topic_prone", "past_is_enough")
PATTERN_KEYS = frozenset({"name", "category", "regex", "everyday_if_followed_by", *FLAGS})
TOP_KEYS = frozenset({"categories", "words", "replacements", "spelling", "known", "patterns", "context", "together", "word_sets"})
CONTEXT = frozenset({
    "past", "long_past", "recovered", "present_risk_markers", "topic_frame", "topic_words", "contemplating", "idiom_after",
    "safe_but_not", "fiction_or_research", "means", "states_safety", "laughing_after", "media",
    "hyperbole", "hyperbole_unless", "death_words", "same_for_me", "safety_negated",
    "denied_wish", "someone_elses_signs", "found_on_them", "asked_and_denied", "joking_frame", "not_joking", "intensified_before",
    "not_knowing", "aware_of_it", "knowing_only",
})
"""Context phrases the code reads by name; the file may hold others only for its ``together`` checks."""
WORD_SETS = frozenset({"negators", "not_a_negation_before", "said_of_oneself_after_be", "new_statement_after_i", "first", "third",
                       "told_me", "hashtag_short_words", "writer_in_third_person", "laughing_emoji"})
# Categories the code itself names: the whole-message checks' and the method questions' fiction rule.
NAMED_IN_CODE = frozenset({"ideation", "plan_means", "danger", "method", "warning"})
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
WORDS_BETWEEN = re.compile(r"W([1-9])")


class LexiconError(ValueError):
    """The crisis lexicon file is missing, unreadable or does not match its shape."""


@dataclass(frozen=True)
class RiskPattern:
    """One way of putting risk into words, with how its context may explain it away."""

    name: str
    category: str
    level: str
    regex: Pattern[str]
    negation_is_risk: bool = False
    first_person: bool = False
    topic_prone: bool = False
    past_is_enough: bool = False
    """Risk that is only ever immediate (someone hurting you): clearly past is enough to set it aside."""
    everyday_after: Optional[Pattern[str]] = None
    """The words right after a match that make it an everyday phrase ("cut myself some slack")."""


@dataclass(frozen=True)
class Together:
    """A whole-message check: two context meanings anywhere in a message, even sentences apart, are risk together
    (the same name twice: one meaning that spans a sentence break)."""

    name: str
    category: str
    level: str
    first: str
    second: str


@dataclass(frozen=True)
class Lexicon:
    """Everything in the file, checked and compiled: patterns, context phrases and the normaliser's words."""

    levels: Mapping[str, str]
    patterns: Tuple[RiskPattern, ...]
    context: Mapping[str, Pattern[str]]
    together: Tuple[Together, ...]
    word_sets: Mapping[str, FrozenSet[str]]
    replacements: Mapping[str, str]
    spelling: Tuple[str, ...]
    known: FrozenSet[str]


def words_between(n: int) -> str:
    """Up to ``n`` other words, so patterns keep their meaning in long, rambling text."""
    return rf"(?:\S+ ){{0,{n}}}"


def _fail(source: str, message: str) -> LexiconError:
    return LexiconError(f"{source}: {message}")


def _mapping(source: str, raw: Dict[str, Any], key: str) -> Dict[str, Any]:
    value = raw.get(key)
    if not isinstance(value, dict) or not value:
        raise _fail(source, f"'{key}' must be a non-empty mapping")
    return value


def _strings(where: str, value: Any) -> List[str]:
    """A non-empty list of non-empty strings (YAML reads a bare off/no as a boolean: quote them)."""
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise LexiconError(f"{where} must be a non-empty list of strings (quote words such as 'no' and 'off')")
    return value


def _expand(where: str, raw: Any, words: Dict[str, str]) -> Pattern[str]:
    """A regex (string or list of alternatives) with its placeholders filled in, compiled."""
    if isinstance(raw, str) and raw:
        text = raw
    else:
        text = "|".join(_strings(f"{where}: 'regex'", raw))

    def fill(found: "re.Match[str]") -> str:
        name = found.group(1)
        if name in words:
            return words[name]
        between = WORDS_BETWEEN.fullmatch(name)
        if between:
            return words_between(int(between.group(1)))
        raise LexiconError(f"{where}: unknown placeholder {{{name}}}")

    try:
        return re.compile(PLACEHOLDER.sub(fill, text))
    except re.error as error:
        raise LexiconError(f"{where}: regex does not compile: {error}") from error


def _words(source: str, raw: Dict[str, Any]) -> Dict[str, str]:
    words = {}
    for name, entries in _mapping(source, raw, "words").items():
        where = f"{source}: word list {name}"
        if not isinstance(name, str) or not re.fullmatch(r"[A-Z][A-Z_]*", name):
            raise LexiconError(f"{where}: names are upper case")
        words[name] = "(?:" + "|".join(_strings(where, entries)) + ")"
        try:
            re.compile(words[name])
        except re.error as error:
            raise LexiconError(f"{where}: does not compile: {error}") from error
    return words


def _pattern(source: str, index: int, entry: Any, words: Dict[str, str], levels: Dict[str, str]) -> RiskPattern:
    if not isinstance(entry, dict):
        raise _fail(source, f"pattern {index} must be a mapping")
    name = entry.get("name")
    where = f"{source}: pattern {name!r}" if isinstance(name, str) and name else f"{source}: pattern {index}"
    unknown = sorted(set(entry) - PATTERN_KEYS)
    if unknown:
        raise LexiconError(f"{where}: unknown key(s) {', '.join(map(str, unknown))} (allowed: {', '.join(sorted(PATTERN_KEYS))})")
    if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise LexiconError(f"{where}: 'name' must be a lower-case identifier")
    category = entry.get("category")
    if category not in levels:
        raise LexiconError(f"{where}: unknown category {category!r} (known: {', '.join(levels)})")
    flags = {flag: entry.get(flag, False) for flag in FLAGS}
    for flag, value in flags.items():
        if not isinstance(value, bool):
            raise LexiconError(f"{where}: '{flag}' must be true or false")
    if "regex" not in entry:
        raise LexiconError(f"{where}: 'regex' is missing")
    everyday = None
    if "everyday_if_followed_by" in entry:
        everyday = re.compile("^(?:" + _expand(f"{where} everyday_if_followed_by", entry["everyday_if_followed_by"], words).pattern + ")")
    return RiskPattern(name, category, levels[category], _expand(where, entry["regex"], words), everyday_after=everyday, **flags)


def _levels(source: str, raw: Dict[str, Any]) -> Dict[str, str]:
    levels = _mapping(source, raw, "categories")
    missing = sorted(NAMED_IN_CODE - set(levels))
    if missing:
        raise _fail(source, f"'categories' must include {', '.join(missing)}")
    for category, level in levels.items():
        if level not in LEVELS:
            raise _fail(source, f"category {category!r}: level must be one of {', '.join(LEVELS)}, not {level!r}")
    return levels


def _named(source: str, raw: Dict[str, Any], key: str, required: FrozenSet[str], allowed: FrozenSet[str] = frozenset()) -> Dict[str, Any]:
    section = _mapping(source, raw, key)
    missing, unknown = sorted(required - set(section)), sorted(set(section) - required - allowed)
    if missing or unknown:
        raise _fail(source, f"'{key}': missing {missing or 'nothing'}, unknown {unknown or 'nothing'}")
    return section


def _replacements(source: str, raw: Dict[str, Any]) -> Dict[str, str]:
    section = _mapping(source, raw, "replacements")
    for token, words in section.items():
        if not isinstance(token, str) or not isinstance(words, str) or not re.fullmatch(r"[a-z0-9]+", token):
            raise _fail(source, f"replacement {token!r}: a lower-case token mapped to words (quote 'n', 'no', '2')")
    return section


def _spelling(source: str, raw: Dict[str, Any]) -> Tuple[str, ...]:
    vocabulary = _strings(f"{source}: 'spelling'", raw.get("spelling"))
    short = [w for w in vocabulary if not re.fullmatch(r"[a-z]{4,}", w)]
    if short:
        raise _fail(source, f"'spelling' takes lower-case words of 4 letters or more (short ones go in 'replacements'): {short}")
    return tuple(vocabulary)


def _together(source: str, raw: Dict[str, Any], levels: Dict[str, str]) -> Tuple[Together, ...]:
    entries = raw.get("together")
    if not isinstance(entries, list) or not entries:
        raise _fail(source, "'together' must be a non-empty list")
    checks = []
    for i, entry in enumerate(entries, 1):
        where = f"together #{i}"
        if not isinstance(entry, dict) or set(entry) != {"name", "category", "first", "second"}:
            raise _fail(source, f"{where}: needs exactly name, category, first and second")
        if not all(isinstance(entry[key], str) and entry[key] for key in entry):
            raise _fail(source, f"{where}: name, category, first and second are non-empty strings")
        if entry["category"] not in levels:
            raise _fail(source, f"{where} ({entry['name']}): unknown category {entry['category']!r}")
        checks.append(Together(entry["name"], entry["category"], levels[entry["category"]], entry["first"], entry["second"]))
    if len({check.name for check in checks}) != len(checks):
        raise _fail(source, "'together': a name is used twice")
    return tuple(checks)


def parse(raw: Any, source: str) -> Lexicon:
    """Check a loaded lexicon file and compile it; ``source`` names it in errors."""
    if not isinstance(raw, dict):
        raise _fail(source, "expected a mapping at the top")
    unknown = sorted(set(raw) - TOP_KEYS)
    if unknown:
        raise _fail(source, f"unknown section(s) {', '.join(map(str, unknown))}")
    words, levels = _words(source, raw), _levels(source, raw)
    entries = raw.get("patterns")
    if not isinstance(entries, list) or not entries:
        raise _fail(source, "'patterns' must be a non-empty list")
    patterns = [_pattern(source, i, entry, words, levels) for i, entry in enumerate(entries, 1)]
    seen = set()
    for pattern in patterns:
        if pattern.name in seen:
            raise _fail(source, f"pattern {pattern.name!r} is defined twice")
        seen.add(pattern.name)
    together = _together(source, raw, levels)
    named_there = frozenset(name for check in together for name in (check.first, check.second))
    context = {name: _expand(f"{source}: context {name!r}", rx, words)
               for name, rx in _named(source, raw, "context", CONTEXT, named_there).items()}
    missing = sorted(named_there - set(context))
    if missing:
        raise _fail(source, f"'together' names context phrases that are not in 'context': {', '.join(missing)}")
    word_sets = {name: frozenset(_strings(f"{source}: word set {name!r}", value))
                 for name, value in _named(source, raw, "word_sets", WORD_SETS).items()}
    return Lexicon(levels, tuple(patterns), context, together, word_sets, _replacements(source, raw), _spelling(source, raw),
                   frozenset(_strings(f"{source}: 'known'", raw.get("known"))))


def load(path: Path = PATH) -> Lexicon:
    """Read and check a lexicon file; any problem is one :class:`LexiconError` naming the file."""
    try:
        with path.open(encoding="utf-8") as handle:
            raw = yaml.safe_load(handle)
    except (OSError, yaml.YAMLError) as error:
        raise LexiconError(f"{path}: {error}") from error
    return parse(raw, path.name)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The project's lexicon, loaded and checked once per process."""
    return load()
