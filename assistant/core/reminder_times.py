"""Reading when a reminder is for, from everyday words: a small parser, no new dependency.

"at 3pm", "in 20 minutes", "every two hours", "on friday at 10", "tomorrow morning",
"every weekday at 9", "on 12 june at noon". Whatever it cannot place exactly comes back as
an :class:`Unclear` question for the person: a reminder never fires at a time they did not say.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import List, Optional, Tuple, Union

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45,
    "half": 0.5, "couple": 2, "few": 3,
}
UNIT_SECONDS = {"minute": 60, "min": 60, "hour": 3600, "hr": 3600}
PARTS_OF_DAY = {"morning": 9, "lunchtime": 12, "afternoon": 15, "evening": 19, "night": 21}
PART_ENDS = {"morning": 12, "lunchtime": 14, "afternoon": 18, "evening": 24, "night": 24, "tonight": 24}
"""The hour a part of the day is over: until then, its usual hour having passed only means a later time is wanted."""
MIN_INTERVAL = 5 * 60
THROUGH_THE_DAY = 2 * 3600
"""'during the day' is asked for in so many words: every two hours, said back to the person."""

_DAY = "|".join(DAYS)
_MONTH = "|".join(MONTHS)
_UNIT = r"(minute|min|hour|hr)s?"
INTERVAL = re.compile(rf"\bevery\s+(?:(\S+)\s+(?:of\s+)?)?{_UNIT}\b|\bhourly\b")
WITHIN = re.compile(rf"\bin\s+(?:(half)\s+an?|(\S+))\s+{_UNIT}\b")
THROUGH_DAY = re.compile(r"\b(?:during|through|throughout)\s+the\s+day\b|\ball day\b")
DAILY = re.compile(r"\b(?:every\s*day|each\s+day|daily|(?:every|each)\s+(?=morning|afternoon|evening|night))")
WEEKDAYS = re.compile(r"\b(?:(?:every|each|on)\s+)?week\s*days?\b")
WEEKENDS = re.compile(r"\b(?:every|each|on)\s+(?:the\s+)?weekends?\b")
WEEKLY = re.compile(rf"\b(?:(?:every|each)\s+({_DAY})s?|on\s+({_DAY})s)\b")
ONE_DAY = re.compile(rf"\b(?:(?:on|next|this|coming)\s+)*({_DAY})\b")
RELATIVE_DAY = re.compile(r"\b(?:(the\s+day\s+after\s+tomorrow)|(today)|(tomorrow))\b")
DATE = re.compile(rf"\b(?:on\s+)?(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+({_MONTH})\b"
                  rf"|\b(?:on\s+)?({_MONTH})\s+(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\b")
CLOCK = re.compile(r"\b(?:at\s+|@\s*)?(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)\b|\bat\s+(\d{1,2})(?:[:.](\d{2}))?(?![\d:])\b")
PART = re.compile(r"\b(?:(?:this|in\s+the|tomorrow|at|every|each)\s+)?(morning|lunchtime|afternoon|evening|night)\b|\btonight\b")
VAGUE = re.compile(r"\b(?:later(?:\s+on)?|soon|sometime|some\s+time|at\s+some\s+point|next\s+week|next\s+month|"
                   r"(?:at|on)\s+the\s+weekend|when(?:ever)?\s+i\s+\w+)\b")
TIMING = (INTERVAL, WITHIN, THROUGH_DAY, DAILY, WEEKDAYS, WEEKENDS, WEEKLY, DATE, RELATIVE_DAY, ONE_DAY, CLOCK, PART, VAGUE)

ASK_WHEN = "When would you like the reminder? For example at 3pm, tomorrow morning, on Friday at 10, or every two hours."
ASK_TIME = "What time {day} would you like it? For example {examples}."
EXAMPLES = {"evening": "9pm or 10:30pm", "afternoon": "4pm or 5:30pm", "": "9am or 6:30pm"}
EVENING = re.compile(r"\b(?:tonight|evening|night)\b")
THIS_PART = re.compile(r"\bthis\s+(morning|afternoon|evening)\b")
BARE_TIME = re.compile(r"\s*\d{1,2}(?:[:.]\d{2})?\s*")
ASK_CLOCK = "I didn't quite catch that time. Could you say it like 9am, 3:30pm or 18:00?"
# "push it back an hour", "bring it forward by 15 mins", "delay it ten minutes", or the whole message "an hour later
# please": the set time, moved by an amount. A bare amount inside a longer message ("an hour later i always feel
# worse") or beside "another" ("set another one 2 hours later") is no move.
_AMOUNT = (r"(?:by\s+)?(?:another\s+|a\s+further\s+|an\s+extra\s+)?(?:(?P<half>half)(?:\s+an?)?|an?|(?:a\s+)?(?P<amount>\S+)(?:\s+of)?)"
           r"\s+(?P<unit>minute|min|hour|hr)s?")
SHIFTS = (
    re.compile(rf"\b(?:push|put|move|bump|shift|set)\s+(?:it|that|this|the reminder)\s+(?:(?P<before>back|later|forward|earlier)\s+)?{_AMOUNT}"
               rf"(?:\s+(?P<after>later|earlier|back|forward|sooner))?\b"),
    re.compile(rf"\b(?P<before>delay|postpone|snooze)\s+(?:it|that|this|the reminder)\s+(?:for\s+)?{_AMOUNT}\b"),
    re.compile(rf"\bbring\s+(?:it|that|this|the reminder)\s+(?P<before>forward)\s+{_AMOUNT}\b"),
    re.compile(rf"^\W*(?:(?:actually|ok|okay|no|hmm|um|please|make it|can you make it)\W+)*{_AMOUNT}\s+(?P<after>later|earlier|sooner)"
               rf"(?:\W+(?:please|instead|actually|then|would be better|is better|thanks))*\W*$"),
)
LATER = {"back", "later", "delay", "postpone", "snooze"}


@dataclass(frozen=True)
class Schedule:
    """When a reminder first fires (epoch seconds) and how it repeats: every N seconds, or on
    weekdays (``days``: Monday=0 digits, e.g. "01234") at the first time's clock time; neither: once."""

    first_at: float
    every: Optional[int] = None
    days: Optional[str] = None


@dataclass(frozen=True)
class Unclear:
    """A request whose time could not be placed: the question to ask instead of guessing."""

    question: str


HOURS = {word: n for n, word in enumerate(
    "one two three four five six seven eight nine ten eleven twelve".split(), start=1)}
TENS = {"oh": 0, "ten": 10, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
UNITS = {word: n for n, word in enumerate("one two three four five six seven eight nine".split(), start=1)}
_HOUR = "|".join(HOURS)
_MINUTES = rf"(?:{'|'.join(TENS)})(?:[\s-](?:{'|'.join(UNITS)}))?"
SPOKEN_CLOCK = re.compile(rf"\b(?P<at>at)\s+(?P<hour>{_HOUR})(?:[\s-](?P<minutes>{_MINUTES}))?\b"
                          r"(?!\s+(?:minute|min|hour|hr|day|week|month|year|time|point|of|more|people|thing|person|others?)s?\b)"
                          # "for nine thirty", "by ten fifteen"; never "a table for four", "for two tomorrow", "about two tickets"
                          rf"|\b(?P<at2>by|for|around)\s+(?P<hour3>{_HOUR})[\s-](?P<minutes3>{_MINUTES})\b"
                          rf"|\b(?P<hour2>{_HOUR})(?:[\s-](?P<minutes2>{_MINUTES}))?\s*(?P<suffix>[ap]m\b)")
PAST_TO = {"five": 5, "ten": 10, "quarter": 15, "twenty": 20, "twenty five": 25, "twenty-five": 25, "half": 30}
QUARTER = re.compile(rf"\b(?:at\s+)?(?:a\s+)?({'|'.join(PAST_TO)})\s+(?:minutes\s+)?(past|after|to)\s+(\d{{1,2}}|{_HOUR})\b"
                     r"(?!\s*(?:minute|min|hour|hr|day|week|time)s?\b)")
"""Clock times said in words, as speech recognisers write them ("at nine thirty", "three pm", "quarter to seven")."""


def _minutes(words: Optional[str]) -> int:
    parts = re.split(r"[\s-]", words) if words else []
    return sum(TENS.get(p, 0) if i == 0 else UNITS.get(p, 0) for i, p in enumerate(parts))


def _spoken_clock(lowered: str) -> str:
    """'at nine thirty' -> 'at 9:30', 'three pm' -> '3pm', 'quarter to seven' -> 'at 6:45', 'ten past 8' -> 'at 8:10'."""
    def clock(match: re.Match) -> str:
        hour = HOURS[match["hour"] or match["hour2"] or match["hour3"]]
        minutes = _minutes(match["minutes"] or match["minutes2"] or match["minutes3"])
        said = f"{hour}:{minutes:02d}" if minutes else str(hour)
        return f"at {said}" if match["at"] or match["at2"] else f"{said}{match['suffix']}"  # "for nine thirty": at that time

    def past_to(match: re.Match) -> str:
        hour, minutes = int(match[3]) if match[3].isdigit() else HOURS[match[3]], PAST_TO[match[1]]
        if not 1 <= hour <= 12:
            return match.group(0)
        if match[2] == "to":
            return f"at {(hour - 2) % 12 + 1}:{60 - minutes:02d}"
        return f"at {hour}:{minutes:02d}"

    lowered = re.sub(rf"\bat\s+half\s+({_HOUR})\b", lambda m: f"at half {HOURS[m[1]]}", QUARTER.sub(past_to, lowered))  # "at half seven"
    return SPOKEN_CLOCK.sub(clock, lowered)


SHORT_FORMS = ((r"\b(?:tmrw|tmrrw|tmr|tomoz|tmoz|2moro|2morrow|tomoro|tommorow|tomorow)\b", "tomorrow"), (r"\barvo\b", "afternoon"),
               (r"\b(?:tonite|2nite|2night)\b", "tonight"), (r"\b(\d{1,2}(?::\d{2})?)\s*-?ish\b", r"\1"), (r"\bmins?\b", "minutes"))
"""Spellings people type for times and days, each with the word the parser knows (session 27: "tmrw arvo", "2ish")."""


def normalise(text: str) -> str:
    """Lower case, with 'p.m.', 'noon', 'o'clock', 'half 8', 'make it 9', a bare '23:00' and a clock time said in
    words in one spelling each."""
    lowered = re.sub(r"\s+", " ", text.lower().replace("’", "'"))
    for short, word in SHORT_FORMS:  # "tmrw arvo", "2ish", "tonite": the words the parser reads
        lowered = re.sub(short, word, lowered)
    lowered = re.sub(r"\b([ap])\.\s?m\.?", r"\1m", lowered)
    lowered = re.sub(rf"\b(?:at\s+)?({_HOUR})\s*o'?clock\b", lambda m: f"at {HOURS[m[1]]}", lowered)  # "(at) seven o'clock"
    lowered = _spoken_clock(lowered)
    lowered = re.sub(r"\s*o'?clock\b", "", lowered)
    lowered = re.sub(r"\b(?:at\s+)?half\s+(?:past\s+)?(\d{1,2})\b(?![:.]\d)", r"at \1:30", lowered)  # British "half 8"
    lowered = re.sub(r"\b(make it|change it to|move it to)\s+(\d{1,2})\b(?![:.]\d|\s*[ap]m)", r"\1 at \2", lowered)
    lowered = re.sub(r"(?<!at )(?<!@)\b(\d{1,2}:\d{2})\b", r"at \1", lowered)  # "tonight 23:00"
    lowered = re.sub(r"\b(?:at\s+)?(?:noon|midday)\b", "at 12pm", lowered)
    return re.sub(r"\b(?:at\s+)?midnight\b", "at 12am", lowered)


def timing_spans(lowered: str) -> List[Tuple[int, int]]:
    """Where the timing words are, so that what the reminder is for can be read without them."""
    return [match.span() for pattern in TIMING for match in pattern.finditer(lowered)]


def _number(token: Optional[str]) -> Optional[float]:
    if token is None:
        return 1.0
    if re.fullmatch(r"\d+(?:\.\d+)?", token):
        return float(token)
    return NUMBER_WORDS.get(token)


def shift_of(text: str) -> Optional[int]:
    """Seconds a set reminder is to move by ("push it back an hour": +3600, "15 minutes earlier": -900); None when
    the text asks for no such move, or its amount is not a number."""
    lowered = re.sub(r"\s+", " ", text.lower().replace("’", "'")).strip()  # not normalise: "make it 2 hours" is no clock time
    match = next((found for found in (pattern.search(lowered) for pattern in SHIFTS) if found), None)
    if match is None:
        return None
    parts = match.groupdict()
    number = 0.5 if parts["half"] else _number(parts["amount"])  # "an hour": no amount captured, one
    if number is None or number <= 0:
        return None
    direction = parts.get("before") or parts.get("after") or "later"
    sign = 1 if direction in LATER else -1
    return sign * int(number * UNIT_SECONDS[parts["unit"]])


def clock_of(text: str) -> Optional[Tuple[int, int]]:
    """The clock time a text names ('the 3pm reminder'), if it names one exactly."""
    found = _clock(normalise(text))
    return found if isinstance(found, tuple) else None


def _clock(lowered: str) -> Union[Tuple[int, int], Unclear, None]:
    """(hour, minute) from '3pm', 'at 15:30', 'at 9' or a part of the day; Unclear for an impossible time."""
    match = CLOCK.search(lowered)
    if match:
        if match.group(1):
            hour, minute, suffix = int(match.group(1)), int(match.group(2) or 0), match.group(3)
            if not 1 <= hour <= 12:
                return Unclear(ASK_CLOCK)
            hour = hour % 12 + (12 if suffix == "pm" else 0)
        else:
            hour, minute = int(match.group(4)), int(match.group(5) or 0)
            if hour < 8 or (hour < 12 and EVENING.search(lowered)):
                hour += 12  # "at 3" or "at half 3" during the day means the afternoon; "tonight at 11", 11pm
        return (hour, minute) if hour <= 23 and minute <= 59 else Unclear(ASK_CLOCK)
    part = PART.search(lowered)
    if part:
        return (20, 0) if part.group(0) == "tonight" else (PARTS_OF_DAY[part.group(1)], 0)
    return None


def _day(lowered: str, now: datetime) -> Union[Tuple[datetime, str], Unclear, None]:
    """The one day named ('tomorrow', 'on friday', 'on 12 june'), with how to say it back."""
    relative = RELATIVE_DAY.search(lowered)
    if relative:
        offset = 2 if relative.group(1) else 0 if relative.group(2) else 1
        return now + timedelta(days=offset), ("today", "tomorrow", "the day after tomorrow")[offset]
    if "tonight" in lowered:
        return now, "tonight"
    this_part = THIS_PART.search(lowered)
    if this_part:
        return now, this_part.group(0)
    date = DATE.search(lowered)
    if date:
        day_text, month_text = (date.group(1), date.group(2)) if date.group(1) else (date.group(4), date.group(3))
        month, day = MONTHS.index(month_text) + 1, int(day_text)
        for year in (now.year, now.year + 1):
            try:
                candidate = now.replace(year=year, month=month, day=day)
            except ValueError:
                return Unclear(f"I couldn't find that date. Which day in {month_text.title()} did you mean?")
            if candidate.date() >= now.date():
                return candidate, f"on {day} {month_text.title()}"
    named = ONE_DAY.search(lowered)
    if named:
        ahead = (DAYS.index(named.group(1)) - now.weekday()) % 7
        return now + timedelta(days=ahead), f"on {named.group(1).title()}"
    return None


def _repeat_days(lowered: str) -> Optional[str]:
    if WEEKDAYS.search(lowered):
        return "01234"
    if WEEKENDS.search(lowered):
        return "56"
    weekly = WEEKLY.search(lowered)
    if weekly:
        return str(DAYS.index(weekly.group(1) or weekly.group(2)))
    return "0123456" if DAILY.search(lowered) else None


def next_on_days(days: str, hour: int, minute: int, after: datetime) -> datetime:
    """The first time at hour:minute on one of ``days`` that is later than ``after``."""
    for ahead in range(8):
        candidate = (after + timedelta(days=ahead)).replace(hour=hour, minute=minute, second=0, microsecond=0)
        if str(candidate.weekday()) in days and candidate > after:
            return candidate
    raise ValueError(f"no day in {days!r}")


def parse_schedule(text: str, now: Optional[datetime] = None) -> Union[Schedule, Unclear, None]:
    """The schedule a request asks for; Unclear when it names a time we cannot place; None when it names none."""
    now = now or datetime.now()
    lowered = normalise(text)
    clock = _clock(lowered)
    if isinstance(clock, Unclear):
        return clock
    interval = INTERVAL.search(lowered)
    if interval:
        amount = _number(interval.group(1)) if interval.group(0) != "hourly" else 1.0
        if amount is None:
            return Unclear("How often would you like it? For example every hour, or every two hours.")
        seconds = max(int(amount * UNIT_SECONDS[interval.group(2) or "hour"]), MIN_INTERVAL)
        first = now.replace(hour=clock[0], minute=clock[1], second=0, microsecond=0) if clock else now + timedelta(seconds=seconds)
        return Schedule((first if first > now else first + timedelta(days=1)).timestamp(), seconds)
    within = WITHIN.search(lowered)
    if within:
        amount = 0.5 if within.group(1) else _number(within.group(2))
        if amount is None:
            return Unclear(ASK_WHEN)
        return Schedule((now + timedelta(seconds=amount * UNIT_SECONDS[within.group(3)])).timestamp())
    if THROUGH_DAY.search(lowered):
        return Schedule((now + timedelta(seconds=THROUGH_THE_DAY)).timestamp(), THROUGH_THE_DAY)
    days = _repeat_days(lowered)
    if days:
        if clock is None:
            return Unclear(_ask_time("of day", lowered))
        return Schedule(next_on_days(days, clock[0], clock[1], now).timestamp(), days=days)
    day = _day(lowered, now)
    if isinstance(day, Unclear):
        return day
    if day is not None:
        if clock is None:
            return Unclear(_ask_time(day[1], lowered))
        at = day[0].replace(hour=clock[0], minute=clock[1], second=0, microsecond=0)
        if at <= now and day[1][3:].lower() in DAYS and day[0].date() == now.date():
            at += timedelta(days=7)  # "on friday" said on a Friday evening: next week's (a date is not moved)
        if at <= now and day[0].date() == now.date() and not CLOCK.search(lowered) and now.hour < _part_ends(lowered):
            return Unclear(_ask_time(day[1], lowered))  # "tonight" at 10pm, "this afternoon" at 3:30: still going
        return Schedule(at.timestamp()) if at > now else Unclear(f"That time {day[1]} has already passed. When would you like it instead?")
    if clock is not None:
        at = now.replace(hour=clock[0], minute=clock[1], second=0, microsecond=0)
        return Schedule((at if at > now else at + timedelta(days=1)).timestamp())
    return Unclear(ASK_WHEN) if VAGUE.search(lowered) else None


def _part_ends(lowered: str) -> int:
    """When the part of the day the text names is over (24 when it names none: the day itself)."""
    part = PART.search(lowered)
    return PART_ENDS["tonight" if part and part.group(0) == "tonight" else part.group(1)] if part else 24


def _ask_time(day: str, lowered: str) -> str:
    """What time, with examples that fit the part of the day ("tonight": 9pm, not 9am)."""
    later = "evening" if EVENING.search(lowered) else "afternoon" if "afternoon" in lowered else ""
    return ASK_TIME.format(day=day, examples=EXAMPLES[later])


def as_time_answer(text: str) -> str:
    """A bare "11" or "23:00" given in answer to "what time?" reads as "at 11"; anything else is unchanged."""
    return f"at {text.strip()}" if BARE_TIME.fullmatch(text) else text


HALF_OF_DAY = re.compile(r"\b(?:am|pm|a\.m|p\.m|morning|afternoon|evening|tonight|night|noon|midday|midnight)\b|\b\d{1,2}(?:am|pm)\b"
                         r"|(?<![:.\d])(?:1[3-9]|2[0-3])(?=:\d\d\b|\b)(?!\s*(?:min|minute|hour|hr))")
"""Words that say which half of the day a clock time is in (an hour of 13 to 23 says it too; ":15" minutes do not)."""


def moved_time(old: datetime, new: datetime, text: str, now: datetime) -> datetime:
    """When a reminder moved to a new clock time ("make it 7:30") fires: a clock time said without a.m. or p.m. is the
    one nearer the old time (7:30 for an 8 a.m. reminder is 7:30 a.m.), on the old day when that is still ahead."""
    hour = new.hour
    if not HALF_OF_DAY.search(text.lower()):
        hour = min((new.hour % 12, new.hour % 12 + 12), key=lambda h: min(abs(h - old.hour), 24 - abs(h - old.hour)))
    moment = old.replace(hour=hour, minute=new.minute, second=0, microsecond=0)
    return moment if moment > now else new


def say_time(moment: datetime) -> str:
    """'3 p.m.', '9:30 a.m.': how a person says a time."""
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes} {'a.m.' if moment.hour < 12 else 'p.m.'}"


def say_when(moment: datetime, now: datetime) -> str:
    """'3 p.m.', '3 p.m. tomorrow', '3 p.m. on Friday 27 November': relative to now."""
    days = (moment.date() - now.date()).days
    if days == 0:
        return f"{say_time(moment)} today"
    if days == 1:
        return f"{say_time(moment)} tomorrow"
    if days == -1:
        return f"{say_time(moment)} yesterday"
    if 1 < days < 7:
        return f"{say_time(moment)} on {moment.strftime('%A')}"
    return f"{say_time(moment)} on {moment.strftime('%A')} {moment.day} {moment.strftime('%B')}"


def say_days(days: str) -> str:
    names = {"01234": "every weekday", "56": "every weekend day", "0123456": "every day"}
    return names.get(days) or "every " + " and ".join(DAYS[int(d)].title() for d in days)


def describe_interval(seconds: int) -> str:
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return "hour" if hours == 1 else f"{hours} hours"
    return f"{seconds // 60} minutes"
