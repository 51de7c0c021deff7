"""Deleting what the assistant keeps: every conversation and every reminder on this machine."""
from __future__ import annotations

import sqlite3
from contextlib import closing

from assistant.reminders import ReminderStore
from assistant.settings import Settings


def _conversation_count(settings: Settings) -> int:
    if not settings.tracker_db.exists():
        return 0
    try:
        with closing(sqlite3.connect(settings.tracker_db, timeout=5)) as db:
            return int(db.execute("SELECT COUNT(DISTINCT sender_id) FROM events").fetchone()[0])
    except sqlite3.Error:
        return 0


def forget_everything(settings: Settings) -> str:
    """Remove the conversation database and all reminders; say what was removed and where."""
    conversations = _conversation_count(settings)
    for suffix in ("", "-journal", "-wal", "-shm"):
        path = settings.tracker_db.with_name(settings.tracker_db.name + suffix)
        if path.exists():
            path.unlink()
    reminders_file = settings.data_dir / "reminders.db"
    reminders = ReminderStore(reminders_file).forget_everything() if reminders_file.exists() else 0
    if reminders_file.exists():
        reminders_file.unlink()
    return (
        f"Deleted {conversations} conversation{'s' if conversations != 1 else ''} and "
        f"{reminders} reminder{'s' if reminders != 1 else ''} from {settings.data_dir}."
    )
