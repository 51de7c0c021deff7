"""Reminders through the day, kept in a small SQLite file beside the conversations.

The set/list/cancel actions write here; the running shell (or voice loop) asks the runtime
for what is due and shows it, and the optional background service
(:mod:`assistant.core.reminder_service`) shows it as a desktop notification when the shell
is closed. Times are local wall-clock times; when they are read is
:mod:`assistant.core.reminder_times`.
"""
from __future__ import annotations

import re
import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import List, Optional

from assistant.core import settings as settings_module
from assistant.core.reminder_times import (
    Schedule,
    clock_of,
    describe_interval,
    next_on_days,
    normalise,
    say_days,
    say_time,
    say_when,
    timing_spans,
)

LATE_SECONDS = 120
"""A reminder shown more than this after its time says so: the shell looks every 15 seconds."""
PRONOUNS = {
    "myself": "yourself", "me": "you", "my": "your", "mine": "yours", "i": "you", "i'm": "you're", "im": "you're",
    "i've": "you've", "ive": "you've", "i'll": "you'll", "i'd": "you'd", "am": "are", "we": "you", "us": "you",
    "our": "your", "ours": "yours", "ourselves": "yourselves",
}
WHAT = (
    re.compile(r"\b(?:remind(?:er)?s?|reminded|be reminded)\b(?:\s+me)?(?:\s+\S+){0,8}?\s+to\s+(.+)"),
    re.compile(r"\b(?:nudge|prompt|tell|ping|notify)\s+me\s+(?:\S+\s+){0,6}?to\s+(.+)"),
    re.compile(r"^\W*(?:and\s+also|also|and|plus)\s+(?:one\s+)?to\s+(.+)"),  # "and also to take a walk on sunday", read as a reminder
)
ABOUT = re.compile(r"\bremind(?:er)?s?\b(?:\s+me)?\s+(?:about|of|for)\s+((?:my|our|the|a|an)\s+.+)")
"""A thing rather than a deed: "a reminder for my therapy appointment", "remind me about the bins"."""
ABOUT_PREFIX = "about "
CANCEL = re.compile(r"\b(?:cancel|stop|delete|remove|clear|turn off|switch off|no more|pause|get rid of|drop|forget)\b"
                    r".*\b(?:remind\w*|notifications?|nudges?)\b|\b(?:remind\w*|nudges?)\b.*\b(?:cancel|delete|remove|off)\b")
LIST = re.compile(r"^\W*(?:(?:my|the|all|all my)\s+)?reminders\W*$|\b(?:what|which|show|list|see|any|have i got|do i have|tell me)\b.*\breminders?\b"
                  r"|\breminders?\b.*\b(?:do i have|have i got|are set|set up)\b")
CANCEL_WORDS = set(
    "cancel stop delete remove clear turn off switch no more pause get rid of drop forget reminder reminders reminding remind "
    "nudge nudges notification notifications the my a an to about for one please that this those these i me don't dont do "
    "want need anymore any it number can you could would like just now all every both them everything actually okay of ones".split()
)
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5}


@dataclass(frozen=True)
class Reminder:
    id: int
    text: str
    next_at: float
    every: Optional[int]
    days: Optional[str] = None

    @property
    def purpose(self) -> str:
        """'to stretch', 'about your therapy appointment': how "I'll remind you ..." goes on."""
        return self.text if self.text.startswith(ABOUT_PREFIX) else f"to {self.text}"

    @property
    def subject(self) -> str:
        """'stretch', 'your therapy appointment': what a due reminder names."""
        return self.text.removeprefix(ABOUT_PREFIX)

    def describe(self, now: Optional[datetime] = None) -> str:
        """'breathe, every 2 hours (next at 3 p.m. today)', 'rest, at 10 a.m. on Friday'."""
        now = now or datetime.now()
        when = say_when(datetime.fromtimestamp(self.next_at), now)
        if self.every:
            return f"{self.subject}, every {describe_interval(self.every)} (next at {when})"
        if self.days:
            return f"{self.subject}, {say_days(self.days)} at {say_time(datetime.fromtimestamp(self.next_at))}"
        return f"{self.subject}, at {when}"

    def following(self, now: float) -> Optional[float]:
        """When it fires next after ``now``; None for a one-off reminder."""
        if self.every:
            following = self.next_at + (int((now - self.next_at) // self.every) + 1) * self.every
            return awake(following) if self.every <= RESTS_AT_NIGHT else following
        if self.days:
            due = datetime.fromtimestamp(self.next_at)
            return next_on_days(self.days, due.hour, due.minute, max(due, datetime.fromtimestamp(now))).timestamp()
        return None


NIGHT = (22, 8)
"""Hours (from, to) in which a frequent reminder ("every two hours") waits for the morning rather than wake anyone."""
RESTS_AT_NIGHT = 4 * 3600
"""Reminders this frequent or more rest at night; "every 12 hours" (medicine) keeps its times."""


def awake(at: float) -> float:
    """``at``, or 8 a.m. after it when it falls in the night: a repeating nudge is for the waking day."""
    when = datetime.fromtimestamp(at)
    if NIGHT[1] <= when.hour < NIGHT[0]:
        return at
    morning = when.replace(hour=NIGHT[1], minute=0, second=0, microsecond=0)
    return (morning if when.hour < NIGHT[1] else morning + timedelta(days=1)).timestamp()


def due_message(reminder: Reminder, now: Optional[float] = None) -> str:
    """What a due reminder says; one that comes late says so, kindly."""
    now = time.time() if now is None else now
    text = f"Reminder: {reminder.subject}."
    if now - reminder.next_at > LATE_SECONDS:
        when = say_when(datetime.fromtimestamp(reminder.next_at), datetime.fromtimestamp(now))
        when = when.removesuffix(" today")
        text += f" This was for {when}; I couldn't show it then."
    return text


def switch_pronouns(text: str) -> str:
    """'be kind to myself' -> 'be kind to yourself': the reminder is said back to the person."""
    words = re.split(r"(\s+)", text)
    out = []
    for index, word in enumerate(words):
        bare = word.lower()
        if bare == "am" and index >= 2 and words[index - 2].lower() != "i":
            out.append(word)
            continue
        out.append(PRONOUNS.get(bare, word))
    return "".join(out)


def parse_text(text: str) -> Optional[str]:
    """What to be reminded of: the words after 'to' ("stretch"), or a thing after 'about' or 'for' ("about your
    therapy appointment"), without the timing, said to the person; None if absent."""
    lowered = normalise(text).strip(" .!?")
    blanked = list(lowered)
    for start, end in timing_spans(lowered):
        blanked[start:end] = " " * (end - start)
    plain = "".join(blanked)
    match = next((m for m in (pattern.search(plain) for pattern in WHAT) if m), None)
    about = ABOUT.search(plain) if not match else None
    found = match or about
    if found is None:
        return None
    what = re.sub(r"\s+", " ", found.group(1)).strip(" ,.;")
    what = re.sub(r"^(?:please\s+)|(?:\s+(?:please|pls|plz|thanks|thank you|and|on|at|from|lol|lmao|haha|i guess|i suppose|"
                  r"or something|or whatever|if you can))+$", "", what).strip(" ,.")
    what = switch_pronouns(what)
    return (ABOUT_PREFIX + what if about else what) or None


def wants_list(text: str) -> bool:
    return bool(LIST.search(text.lower())) and not wants_cancel(text)


def wants_cancel(text: str) -> bool:
    return bool(CANCEL.search(text.lower()))


def cancel_choice(text: str, reminders: List[Reminder]) -> Optional[List[Reminder]]:
    """Which reminders a cancel request means: by number ('number 2', 'the second one'), by what they are
    for ('the breathing reminder'), or all; None when it is not clear which of several."""
    named = named_choice(text, reminders)
    if named is not None:
        return named
    plural = re.search(r"\b(?:all|every|both|everything|them)\b|\breminders\b|\breminding\b|\bnotifications\b", text.lower())
    return list(reminders) if plural or len(reminders) <= 1 else None


def named_choice(text: str, reminders: List[Reminder]) -> Optional[List[Reminder]]:
    """The reminders a text names by number, clock time or what they are for (an empty list when it names one that
    does not exist); None when it names none of these ("stop that one")."""
    lowered = text.lower()
    number = re.search(r"\b(?:number|no\.?|#|reminder)\s*(\d+)\b|\b(\d+)(?:st|nd|rd|th)?\s+(?:one|reminder)\b", lowered)
    ordinal = re.search(rf"\b({'|'.join(ORDINALS)}|last)\b", lowered)
    if number or ordinal:
        if number:
            index = int(number.group(1) or number.group(2))
        else:
            assert ordinal is not None  # one of the two matched
            index = len(reminders) if ordinal.group(1) == "last" else ORDINALS[ordinal.group(1)]
        return [reminders[index - 1]] if 1 <= index <= len(reminders) else []
    clock = clock_of(lowered)
    if clock:  # "delete the 3pm reminder"
        return [r for r in reminders if (datetime.fromtimestamp(r.next_at).hour, datetime.fromtimestamp(r.next_at).minute) == clock]
    plain = normalise(lowered)
    for start, end in timing_spans(plain):
        plain = plain[:start] + " " * (end - start) + plain[end:]
    words = [w for w in re.findall(r"[a-z']+", plain) if w not in CANCEL_WORDS and len(w) > 2]
    return [r for r in reminders if _mentions(r.text, words)] if words else None


def _mentions(reminder_text: str, words: List[str]) -> bool:
    """Whether a reminder is about these words ('breathing' finds 'breathe'): shared stems of 4+ letters."""
    stems = {w[:max(4, min(len(w), 5))] for w in re.findall(r"[a-z']+", reminder_text.lower()) if len(w) > 2}
    return any(w[:max(4, min(len(w), 5))] in stems for w in words)


class ReminderStore:
    """Reminders per conversation id, in ``reminders.db`` in the user's data directory."""

    def __init__(self, path: Optional[Path] = None) -> None:
        self.path = path or settings_module.load().data_dir / "reminders.db"
        settings_module.private_directory(self.path.parent)
        with closing(self._connect()) as db, db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS reminders (id INTEGER PRIMARY KEY, sender TEXT NOT NULL, text TEXT NOT NULL,"
                " next_at REAL NOT NULL, every INTEGER, created REAL NOT NULL)"
            )
            columns = {row[1] for row in db.execute("PRAGMA table_info(reminders)")}
            if "days" not in columns:  # files from before weekday reminders
                db.execute("ALTER TABLE reminders ADD COLUMN days TEXT")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=5, isolation_level=None)

    def add(self, sender: str, text: str, schedule: Schedule) -> Reminder:
        first_at = awake(schedule.first_at) if schedule.every and schedule.every <= RESTS_AT_NIGHT else schedule.first_at
        with closing(self._connect()) as db:
            cursor = db.execute(
                "INSERT INTO reminders (sender, text, next_at, every, days, created) VALUES (?, ?, ?, ?, ?, ?)",
                (sender, text, first_at, schedule.every, schedule.days, time.time()),
            )
            return Reminder(int(cursor.lastrowid or 0), text, first_at, schedule.every, schedule.days)

    def list(self, sender: str) -> List[Reminder]:
        with closing(self._connect()) as db:
            rows = db.execute("SELECT id, text, next_at, every, days FROM reminders WHERE sender = ? ORDER BY next_at, id", (sender,)).fetchall()
        return [Reminder(*row) for row in rows]

    def cancel(self, sender: str, ids: List[int]) -> int:
        """Cancel these reminders of this conversation; returns how many went."""
        with closing(self._connect()) as db:
            return sum(db.execute("DELETE FROM reminders WHERE sender = ? AND id = ?", (sender, i)).rowcount for i in ids)

    def cancel_all(self, sender: str) -> int:
        with closing(self._connect()) as db:
            return db.execute("DELETE FROM reminders WHERE sender = ?", (sender,)).rowcount

    def take_due(self, sender: Optional[str], now: Optional[float] = None) -> List[Reminder]:
        """Reminders due now (of one conversation, or of all with ``None``); one-off ones are removed,
        repeating ones move to their next time. One transaction, so the shell and the background
        service never both show the same reminder."""
        now = time.time() if now is None else now
        where, args = ("sender = ? AND next_at <= ?", (sender, now)) if sender is not None else ("next_at <= ?", (now,))
        with closing(self._connect()) as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                rows = db.execute(f"SELECT id, text, next_at, every, days FROM reminders WHERE {where} ORDER BY next_at, id", args).fetchall()
                due = [Reminder(*row) for row in rows]
                for reminder in due:
                    following = reminder.following(now)
                    if following is None:
                        db.execute("DELETE FROM reminders WHERE id = ?", (reminder.id,))
                    else:
                        db.execute("UPDATE reminders SET next_at = ? WHERE id = ?", (following, reminder.id))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return due

    def forget_everything(self) -> int:
        """Delete every reminder of every conversation; returns how many there were."""
        with closing(self._connect()) as db:
            return db.execute("DELETE FROM reminders").rowcount
