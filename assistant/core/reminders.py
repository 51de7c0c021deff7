"""Reminders through the day, kept in a small SQLite file beside the conversations.

The set/list/cancel actions write here; the running shell (or voice loop) asks the
runtime for what is due and shows it. Times are local wall-clock times.
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

DEFAULT_TEXT = "take a slow breath and be kind to yourself"
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45, "half": 0.5,
}
UNIT_SECONDS = {"minute": 60, "min": 60, "hour": 3600, "hr": 3600, "day": 86400}
PARTS_OF_DAY = {"morning": 9, "lunchtime": 12, "noon": 12, "midday": 12, "afternoon": 15, "evening": 19, "tonight": 20, "night": 21}
MIN_INTERVAL = 5 * 60
DEFAULT_EVERY = 2 * 3600
"""A request with no time in it ("remind me to breathe during the day") repeats every two hours."""


@dataclass(frozen=True)
class Schedule:
    """When a reminder first fires (epoch seconds) and how often it repeats (None: once)."""

    first_at: float
    every: Optional[int] = None


@dataclass(frozen=True)
class Reminder:
    id: int
    text: str
    next_at: float
    every: Optional[int]

    def describe(self) -> str:
        when = datetime.fromtimestamp(self.next_at).strftime("%H:%M")
        if self.every:
            return f"{self.text}, every {describe_interval(self.every)} (next at {when})"
        return f"{self.text}, at {when}"


def describe_interval(seconds: int) -> str:
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return "hour" if hours == 1 else f"{hours} hours"
    minutes = seconds // 60
    return f"{minutes} minutes"


def _number(token: str) -> Optional[float]:
    token = token.lower()
    if re.fullmatch(r"\d+(?:\.\d+)?", token):
        return float(token)
    return NUMBER_WORDS.get(token)


def parse_schedule(text: str, now: Optional[datetime] = None) -> Optional[Schedule]:
    """Read 'every two hours', 'hourly', 'at 3pm', 'in 20 minutes', 'this afternoon' from a request."""
    now = now or datetime.now()
    lowered = text.lower()
    every = re.search(r"\bevery\s+(?:(\S+)\s+)?(minute|min|hour|hr|day)s?\b", lowered)
    if every or re.search(r"\bhourly\b", lowered):
        amount = _number(every.group(1)) if every and every.group(1) else 1.0
        unit = every.group(2) if every else "hour"
        if amount is None:
            return None
        interval = max(int(amount * UNIT_SECONDS[unit]), MIN_INTERVAL)
        at = _clock_time(lowered, now)
        first = at if at else now + timedelta(seconds=interval)
        return Schedule(first.timestamp(), interval)
    within = re.search(r"\bin\s+(\S+)\s+(minute|min|hour|hr)s?\b", lowered)
    if within and _number(within.group(1)) is not None:
        return Schedule((now + timedelta(seconds=_number(within.group(1)) * UNIT_SECONDS[within.group(2)])).timestamp())
    at = _clock_time(lowered, now)
    return Schedule(at.timestamp()) if at else None


def _clock_time(lowered: str, now: datetime) -> Optional[datetime]:
    """The next occurrence of 'at 3pm', 'at 15:30', 'at 9', or a part of the day."""
    match = re.search(r"\bat\s+(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?", lowered)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        suffix = (match.group(3) or "").replace(".", "")
        if suffix == "pm" and hour < 12:
            hour += 12
        elif suffix == "am" and hour == 12:
            hour = 0
        elif not suffix and hour < 8:
            hour += 12  # "at 3" during the day means the afternoon
        if hour > 23 or minute > 59:
            return None
    else:
        part = next((h for word, h in PARTS_OF_DAY.items() if re.search(rf"\b{word}\b", lowered)), None)
        if part is None:
            return None
        hour, minute = part, 0
    candidate = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return candidate if candidate > now else candidate + timedelta(days=1)


def parse_text(text: str) -> str:
    """What to be reminded of: the words after 'to', without the timing, or a kind default."""
    lowered = text.lower().strip(" .!?")
    match = re.search(r"\bremind(?:er)?\s+(?:me\s+)?(?:\S+\s+){0,6}?to\s+(.+)", lowered) or re.search(r"\b(?:nudge|prompt|tell)\s+me\s+to\s+(.+)", lowered)
    if not match:
        return DEFAULT_TEXT
    what = re.sub(r"\b(?:every\s+(?:\S+\s+)?(?:minute|min|hour|hr|day)s?|hourly|at\s+\d{1,2}(?::\d{2})?\s*(?:am|pm)?|in\s+\S+\s+(?:minute|min|hour|hr)s?|this\s+(?:morning|afternoon|evening)|tonight|during the day|through the day|throughout the day)\b", "", match.group(1))
    what = re.sub(r"\s+", " ", what).strip(" ,.")
    return what or DEFAULT_TEXT


def wants_list(text: str) -> bool:
    return bool(re.search(r"\b(?:what|which|show|list|see|any|have i got|do i have)\b.*\breminders?\b|\breminders?\b.*\b(?:do i have|have i got|are set|set up)\b", text.lower()))


def wants_cancel(text: str) -> bool:
    return bool(re.search(r"\b(?:cancel|stop|delete|remove|clear|turn off|switch off|no more|pause|get rid of)\b.*\b(?:remind\w*|notification|nudge)s?\b", text.lower()))


class ReminderStore:
    """Reminders per conversation id, in ``reminders.db`` in the user's data directory."""

    def __init__(self, path: Optional[Path] = None) -> None:
        self.path = path or settings_module.load().data_dir / "reminders.db"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as db, db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS reminders (id INTEGER PRIMARY KEY, sender TEXT NOT NULL, text TEXT NOT NULL,"
                " next_at REAL NOT NULL, every INTEGER, created REAL NOT NULL)"
            )

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=5)

    def add(self, sender: str, text: str, schedule: Schedule) -> Reminder:
        with closing(self._connect()) as db, db:
            cursor = db.execute(
                "INSERT INTO reminders (sender, text, next_at, every, created) VALUES (?, ?, ?, ?, ?)",
                (sender, text, schedule.first_at, schedule.every, time.time()),
            )
            return Reminder(int(cursor.lastrowid), text, schedule.first_at, schedule.every)

    def list(self, sender: str) -> List[Reminder]:
        with closing(self._connect()) as db:
            rows = db.execute("SELECT id, text, next_at, every FROM reminders WHERE sender = ? ORDER BY next_at", (sender,)).fetchall()
        return [Reminder(*row) for row in rows]

    def cancel_all(self, sender: str) -> int:
        with closing(self._connect()) as db, db:
            return db.execute("DELETE FROM reminders WHERE sender = ?", (sender,)).rowcount

    def take_due(self, sender: str, now: Optional[float] = None) -> List[Reminder]:
        """Reminders due now; one-off ones are removed, repeating ones move to their next time."""
        now = now or time.time()
        due = [r for r in self.list(sender) if r.next_at <= now]
        with closing(self._connect()) as db, db:
            for reminder in due:
                if reminder.every:
                    skipped = int((now - reminder.next_at) // reminder.every) + 1
                    db.execute("UPDATE reminders SET next_at = ? WHERE id = ?", (reminder.next_at + skipped * reminder.every, reminder.id))
                else:
                    db.execute("DELETE FROM reminders WHERE id = ?", (reminder.id,))
        return due

    def forget_everything(self) -> int:
        """Delete every reminder of every conversation; returns how many there were."""
        with closing(self._connect()) as db, db:
            return db.execute("DELETE FROM reminders").rowcount
