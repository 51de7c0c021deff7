"""Turning reply text into words a synthetic voice says the way a person would.

- Phone numbers are read digit by digit with small pauses between groups ("116 123" ->
  "one one six, one two three"): a number a person may dial must never be heard as "a hundred and sixteen".
- Times are read as times: "15:00" and "3pm" -> "three p.m.", "09:30" -> "nine thirty a.m.".
- Counts are read as words: "130 countries" -> "a hundred and thirty countries", "4 counts" -> "four counts".
- Web addresses are read as words, and symbols a voice would spell out are dropped.

A number of three or more digits is taken for a phone number unless the words around it say it is a
count ("more than 130 countries"): reading a count digit by digit is only awkward, reading a helpline
as a count could cost someone the line.
"""
from __future__ import annotations

import re
from typing import List

_URL = re.compile(r"https?://(?:www\.)?([a-z0-9.-]+)(?:/\S*)?", re.IGNORECASE)
_CLOCK = re.compile(r"(?<![\w:.])([01]?\d|2[0-3]):([0-5]\d)(?:\s*([ap])\.?\s?m\b\.?)?(?![\w:])", re.IGNORECASE)
_HOUR = re.compile(r"(?<![\w:.])(1[0-2]|0?[1-9])\s*([ap])\.?\s?m\b\.?", re.IGNORECASE)
_GROUPED = re.compile(r"(?<![\w.,])\d+(?:[ -]\d+)+(?![\w.,]?\d)")
_THOUSANDS = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\d,]*\d)")
_DECIMAL = re.compile(r"(?<![\w.,])(\d+)\.(\d+)(?![\w.]?\d)")
_PERCENT = re.compile(r"(?<![\w.])(\d+)\s?%")
_ORDINAL = re.compile(r"(?<![\w.])(\d+)(st|nd|rd|th)\b", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\w.])\d+(?![\w])")
PHONE_CUES = {"call", "calls", "calling", "text", "texting", "dial", "ring", "phone", "number", "numbers", "line",
              "lines", "helpline", "hotline", "on", "or", "free", "nhs"}
"""Words that, just before a number, say it is one to dial ("call or text 988", "Samaritans on 116 123")."""
COUNT_CUES = {"than", "about", "over", "around", "nearly", "almost", "some", "least", "to", "every", "for", "of",
              "last", "first", "next", "after", "in", "with"}
"""Words that, just before a number, say it counts something ("more than 130", "every 2 hours")."""
_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORDINALS = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth", "nine": "ninth",
             "twelve": "twelfth"}


def _under_thousand(number: int) -> str:
    hundreds, rest = divmod(number, 100)
    words = []
    if hundreds:
        words.append(f"{_ONES[hundreds]} hundred")
    if rest:
        tens, ones = divmod(rest, 10)
        small = _ONES[rest] if rest < 20 else _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
        words.append(("and " if hundreds else "") + small)
    return " ".join(words)


def number_words(number: int) -> str:
    """A count as it is said: 130 -> "a hundred and thirty", 2024 -> "two thousand and twenty-four"."""
    if number < 0:
        return "minus " + number_words(-number)
    if number == 0:
        return "zero"
    if number >= 10 ** 12:
        return " ".join(_ONES[int(d)] for d in str(number))
    parts: List[str] = []
    for scale, name in ((10 ** 9, "billion"), (10 ** 6, "million"), (1000, "thousand")):
        count, number = divmod(number, scale)
        if count:
            parts.append(f"{_under_thousand(count)} {name}")
    if number:
        parts.append(("and " if parts and number < 100 else "") + _under_thousand(number))
    spoken = " ".join(parts)
    return "a " + spoken[4:] if spoken.startswith("one hundred") or spoken.startswith("one thousand") else spoken


def ordinal_words(number: int) -> str:
    """1 -> "first", 21 -> "twenty-first", 100 -> "a hundredth"."""
    words = number_words(number)
    head, last = re.fullmatch(r"(.*?)([a-z]+)", words).groups()  # type: ignore[union-attr]  # number words end in letters
    if last in _ORDINALS:
        return head + _ORDINALS[last]
    return head + (last[:-1] + "ieth" if last.endswith("y") else last + "th")


def _digits(text: str) -> str:
    """Digit by digit, a short pause (a comma) between groups: "116 123" -> "one one six, one two three"."""
    groups = [g for g in re.split(r"[ -]+", text) if g]
    return ", ".join(" ".join(_ONES[int(d)] for d in group) for group in groups)


def clock_words(hour: int, minute: int, half: str = "") -> str:
    """A time as it is said: (15, 0) -> "three p.m.", (9, 30) -> "nine thirty a.m.", (0, 0) -> "midnight"."""
    if not half:
        if (hour, minute) == (0, 0):
            return "midnight"
        if (hour, minute) == (12, 0):
            return "noon"
        half = "a" if hour < 12 else "p"
    shown = hour % 12 or 12
    spoken = number_words(shown)
    if minute:
        spoken += " " + (f"oh {number_words(minute)}" if minute < 10 else number_words(minute))
    return f"{spoken} {half.lower()}.m."


def _previous_words(text: str, start: int, count: int = 3) -> List[str]:
    return re.findall(r"[a-z]+", text[:start].lower())[-count:]


def _is_count(text: str, start: int, end: int) -> bool:
    """Whether the number at text[start:end] counts something rather than being one to dial."""
    digits = text[start:end]
    if digits.startswith("0") and len(digits) > 1:
        return False
    before = _previous_words(text, start)
    if len(digits) <= 2:
        return not (before and before[-1] in PHONE_CUES - {"or", "on", "free"})
    if any(word in PHONE_CUES for word in before[-2:]):
        return False
    return bool(before) and before[-1] in COUNT_CUES


def _numbers(text: str) -> str:
    def spoken(match: re.Match) -> str:
        if _is_count(text, match.start(), match.end()):
            return number_words(int(match.group(0)))
        return _digits(match.group(0))

    return _NUMBER.sub(spoken, text)


def speakable(text: str) -> str:
    """``text`` as words for a voice: times, counts, phone numbers and addresses as a person says them."""
    text = _URL.sub(lambda m: m.group(1).replace(".", " dot "), text)
    text = _CLOCK.sub(lambda m: clock_words(int(m.group(1)), int(m.group(2)), m.group(3) or ""), text)
    text = _HOUR.sub(lambda m: clock_words(int(m.group(1)) % 12 + (12 if m.group(2).lower() == "p" else 0), 0,
                                           m.group(2)), text)
    text = _GROUPED.sub(lambda m: _digits(m.group(0)), text)
    text = _THOUSANDS.sub(lambda m: number_words(int(m.group(0).replace(",", ""))), text)
    text = _DECIMAL.sub(lambda m: f"{number_words(int(m.group(1)))} point {' '.join(_ONES[int(d)] for d in m.group(2))}", text)
    text = _PERCENT.sub(lambda m: f"{number_words(int(m.group(1)))} percent", text)
    text = _ORDINAL.sub(lambda m: ordinal_words(int(m.group(1))), text)
    text = _numbers(text)
    text = re.sub(r"\b([ap])\.m\.\.", r"\1.m.", text)  # "at 15:00." ends one sentence, not two
    text = text.replace("“", "").replace("”", "").replace("\"", "")
    return re.sub(r"\s+", " ", text).strip()
