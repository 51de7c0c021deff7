"""Helplines by country, checked once on load, and the first crisis message for a country.

``data/resources/helplines.yml`` is data so that a line can be added or corrected without code;
this module is the one place that knows its shape. A file that does not match fails loudly,
naming the entry: a crisis line silently dropped, or shown without a way to reach it, would be
worse than no file at all. The runtime sends :func:`first_crisis_message` itself, so it must
stay pure and quick: the file is read once, nothing here waits on a server or a database.
"""
from __future__ import annotations

import os
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

import yaml

PATH = Path(__file__).resolve().parents[2] / "data" / "resources" / "helplines.yml"
FALLBACK = "XX"
WAYS = ("call", "text", "url")
LINE_KEYS = frozenset({"name", "call", "text", "keyword", "url", "about", "source", "young"})
"""``young: true`` marks a line for children and young people, put first for someone who says they are under 19."""
LISTS = ("crisis", "domestic_violence", "services")
GROUPS = ("veterans", "lgbtq")
"""People a country may have lines of their own for (``groups`` in a country's entry), added to the crisis lines when
the person says they belong (``group_patterns``)."""
CODE = re.compile(r"^[A-Z]{2}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

OPENING = "I'm really glad you told me, and I'm taking it seriously. You deserve support from a person right now."
CLOSING = "I'm an automated assistant, not a counsellor, but I'll stay here with you while you reach out."
GENERIC = (  # the same words as domain.yml's utter_crisis: for when the country is not known
    f"{OPENING} If you're in danger, or might act on thoughts of hurting yourself, please call your emergency number now: "
    "911 in the US and Canada, 999 in the UK, 112 in Ireland, India and across Europe, 000 in Australia, "
    "111 in New Zealand. You can also reach a crisis line any time: call or text 988 in the US and Canada, "
    f"or call Samaritans free on 116 123 in the UK and Ireland. {CLOSING}"
)


class HelplineError(ValueError):
    """helplines.yml is missing, unreadable or does not match its shape."""


def _fail(where: str, message: str) -> HelplineError:
    return HelplineError(f"helplines.yml: {where}: {message}")


def _text(where: str, entry: Mapping[str, Any], key: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, f"'{key}' must be a non-empty text")
    return value.strip()


def _line(where: str, raw: Any) -> Dict[str, str]:
    if not isinstance(raw, dict):
        raise _fail(where, "each line must be a mapping")
    unknown = set(raw) - LINE_KEYS
    if unknown:
        raise _fail(where, f"unknown keys {sorted(unknown)}")
    if raw.get("young") not in (None, True):
        raise _fail(where, "'young' may only be true")
    line = {key: str(value).strip() for key, value in raw.items() if value is not None}
    _text(where, line, "name")
    if not any(line.get(way) for way in WAYS):
        raise _fail(f"{where} ({line['name']})", "needs a way to reach it: call, text or url")
    if not _text(f"{where} ({line['name']})", line, "source").startswith("https://"):
        raise _fail(f"{where} ({line['name']})", "'source' must be the organisation's https:// page")
    for way in ("call", "text"):
        if line.get(way) and not re.search(r"\d", line[way]):
            raise _fail(f"{where} ({line['name']})", f"'{way}' must contain a number")
    return line


def _country(code: str, raw: Any) -> Dict[str, Any]:
    if not isinstance(raw, dict):
        raise _fail(code, "must be a mapping")
    entry: Dict[str, Any] = {"name": _text(code, raw, "name"), "emergency": _text(code, raw, "emergency")}
    if code != FALLBACK and not re.match(r"^\d", entry["emergency"]):
        raise _fail(code, "'emergency' must start with the number")
    if not DATE.match(str(raw.get("last_checked") or "")):
        raise _fail(code, "'last_checked' must be a date, YYYY-MM-DD")
    entry["last_checked"] = str(raw["last_checked"])
    for key in LISTS:
        lines = raw.get(key) or []
        if not isinstance(lines, list):
            raise _fail(f"{code}.{key}", "must be a list of lines")
        entry[key] = [_line(f"{code}.{key}", line) for line in lines]
    if not entry["crisis"]:
        raise _fail(code, "needs at least one crisis line (or leave the country to emergency_only)")
    groups = raw.get("groups") or {}
    if not isinstance(groups, dict) or set(groups) - set(GROUPS):
        raise _fail(f"{code}.groups", f"must map some of {GROUPS} to lines")
    if not all(isinstance(lines, list) and lines for lines in groups.values()):
        raise _fail(f"{code}.groups", "each group needs a list of at least one line")
    entry["groups"] = {group: [_line(f"{code}.groups.{group}", line) for line in lines] for group, lines in groups.items()}
    return entry


def _group_patterns(raw: Any) -> Dict[str, List[str]]:
    """``group_patterns``: for each group, regular expressions over a lower-cased message in which a person says they
    belong to it; each must compile."""
    if not isinstance(raw, dict) or set(raw) - set(GROUPS):
        raise _fail("group_patterns", f"must map some of {GROUPS} to lists of patterns")
    for group, patterns in raw.items():
        if not isinstance(patterns, list) or not patterns:
            raise _fail(f"group_patterns.{group}", "must be a non-empty list")
        for pattern in patterns:
            try:
                re.compile(str(pattern))
            except re.error as error:
                raise _fail(f"group_patterns.{group}", f"{pattern!r} is not a regular expression: {error}") from error
    return {group: [str(p) for p in patterns] for group, patterns in raw.items()}


def validate(raw: Any) -> Dict[str, Any]:
    """The file's content, checked and with optional lists filled in; raises :class:`HelplineError`."""
    if not isinstance(raw, dict):
        raise _fail("top", "expected a mapping")
    directory = raw.get("directory")
    if not isinstance(directory, dict):
        raise _fail("directory", "must be a mapping")
    directory = {key: _text("directory", directory, key) for key in ("name", "url", "note")}
    countries = raw.get("countries")
    if not isinstance(countries, dict) or FALLBACK not in countries:
        raise _fail("countries", f"must be a mapping that includes the fallback {FALLBACK}")
    others = raw.get("emergency_only") or {}
    if not isinstance(others, dict):
        raise _fail("emergency_only", "must be a mapping")
    for code in list(countries) + list(others):
        if not CODE.match(str(code)):
            raise _fail(str(code), "keys must be upper-case ISO codes (quote NO, it reads as false)")
    both = set(countries) & set(others)
    if both:
        raise _fail("emergency_only", f"{sorted(both)} also listed under countries")
    extra: Dict[str, Dict[str, Optional[str]]] = {}
    for code, entry in others.items():
        if not isinstance(entry, dict):
            raise _fail(code, "must be a mapping")
        number = entry.get("emergency")
        if number is not None and not re.match(r"^\d", str(number)):
            raise _fail(code, "'emergency' must start with the number, or be left out")
        extra[code] = {"name": _text(code, entry, "name"), "emergency": str(number) if number else None}
    checked = {code: _country(code, entry) for code, entry in countries.items()}
    patterns = _group_patterns(raw.get("group_patterns") or {})
    unread = {group for entry in checked.values() for group in entry["groups"]} - set(patterns)
    if unread:  # lines no one could ever be shown
        raise _fail("group_patterns", f"no patterns for {sorted(unread)}, which have lines")
    return {"directory": directory, "countries": checked, "emergency_only": extra, "group_patterns": patterns}


@lru_cache(maxsize=None)
def load(path: Path = PATH) -> Dict[str, Any]:
    """The checked file, read once per process."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise HelplineError(f"{path}: {error}") from error
    return validate(raw)


def is_listed(code: Optional[str]) -> bool:
    """The country has its own lines in the file (not only an emergency number)."""
    return bool(code) and code != FALLBACK and code in load()["countries"]


def is_known(code: Optional[str]) -> bool:
    """The file knows the country: its lines, or at least its name."""
    return is_listed(code) or (bool(code) and code in load()["emergency_only"])


def country_entry(code: Optional[str]) -> Dict[str, Any]:
    """The entry for an ISO code. A country with only an emergency number gets the fallback's
    lines under its own name; one not in the file gets the fallback itself."""
    data = load()
    code = (code or "").upper()
    if is_listed(code):
        return data["countries"][code]
    fallback = data["countries"][FALLBACK]
    other = data["emergency_only"].get(code)
    if other is None:
        return fallback
    return {**fallback, "name": other["name"], "emergency": other["emergency"] or fallback["emergency"]}


def describe_line(line: Mapping[str, str]) -> str:
    """One helpline in a sentence: who, how to call or text, and what it is for."""
    ways = []
    if line.get("call"):
        ways.append(f"call {line['call']}")
    if line.get("text"):
        keyword = f" {line['keyword']} to" if line.get("keyword") else ""
        ways.append(f"text{keyword} {line['text']}")
    if line.get("url"):
        ways.append(f"visit {line['url']}")
    about = f" ({line['about']})" if line.get("about") else ""
    return f"{line['name']}: {' or '.join(ways)}{about}."


def groups_of(texts: Sequence[str]) -> List[str]:
    """The groups with lines of their own that a person, in these lower-cased messages, says they belong to."""
    patterns = load()["group_patterns"]
    return [group for group in GROUPS if any(re.search(p, text) for p in patterns.get(group, []) for text in texts)]


def young_first(lines: Sequence[Mapping[str, str]], young: bool) -> List[Mapping[str, str]]:
    """The lines for children and young people first when the person is young; otherwise as the file lists them."""
    return sorted(lines, key=lambda line: not line.get("young")) if young else list(lines)


def directory_sentence(where: str = "in more than 130 countries") -> str:
    """The international directory, for anywhere the file has no lines."""
    directory = load()["directory"]
    return f"{directory['name']} ({directory['url']}) lists free crisis lines {where}."


def first_crisis_message(country: Optional[str]) -> str:
    """The first crisis answer: that country's emergency number and crisis line first, calmly; the
    multi-country text when the country is not known. Never raises for a code it does not know."""
    code = (country or "").upper()
    if is_listed(code):
        entry = load()["countries"][code]
        line = describe_line(entry["crisis"][0])
        return (f"{OPENING} If you're in danger, or might act on thoughts of hurting yourself, please call the emergency number "
                f"in {entry['name']} now: {entry['emergency']}. You can also talk to someone at {line} {CLOSING}")
    if is_known(code):
        other = load()["emergency_only"][code]
        call = f"call the emergency number in {other['name']} now: {other['emergency']}" if other["emergency"] \
            else "call your local emergency number now"
        return (f"{OPENING} If you're in danger, or might act on thoughts of hurting yourself, please {call}. "
                f"{directory_sentence('in ' + other['name'])} {CLOSING}")
    return GENERIC


def parse_country_setting(value: Optional[str]) -> Tuple[Optional[str], Optional[str]]:
    """``COMPASSION_COUNTRY`` as (ISO code, None), (None, a one-line warning) or (None, None) when unset.

    A code the file knows is used; anything else is ignored with a warning, so a typo never
    silently shows another country's numbers."""
    text = (value or "").strip()
    if not text:
        return None, None
    code = "GB" if text.upper() == "UK" else text.upper()
    if is_known(code):
        return code, None
    return None, (f"compassion: COMPASSION_COUNTRY={text!r} is not a country code I know (use an ISO code such as "
                  "GB, DE or US); ignoring it, so crisis answers ask where you are or give the international directory.")


@lru_cache(maxsize=None)
def _warned(text: str) -> bool:
    sys.stderr.write(text + "\n")
    return True


def setting_country(warn: bool = True) -> Optional[str]:
    """The validated ``COMPASSION_COUNTRY`` (read now), warning on stderr once per value when unknown."""
    code, warning = parse_country_setting(os.environ.get("COMPASSION_COUNTRY"))
    if warning and warn:
        _warned(warning)
    return code


def codes() -> List[str]:
    """Every ISO code the file knows, for recognising codes written in a message."""
    data = load()
    return sorted(set(data["countries"]) - {FALLBACK} | set(data["emergency_only"]))
