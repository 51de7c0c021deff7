"""Deleting what the assistant keeps: every conversation and every reminder on this machine.

Conversations kept elsewhere through an endpoints file (PostgreSQL, say) are deleted there too.
"""
from __future__ import annotations

import sqlite3
from contextlib import closing

from assistant.core import stores
from assistant.core.reminder_service import Service
from assistant.core.reminders import ReminderStore
from assistant.core.settings import Settings


def _conversation_count(settings: Settings) -> int:
    if not settings.tracker_db.exists():
        return 0
    try:
        with closing(sqlite3.connect(settings.tracker_db, timeout=5)) as db:
            return int(db.execute("SELECT COUNT(DISTINCT sender_id) FROM events").fetchone()[0])
    except sqlite3.Error:
        return 0


def _forget_configured_store(settings: Settings) -> tuple[int, str]:
    """Delete every event from an SQL tracker store named by the endpoints file; (conversations, where)."""
    import sqlalchemy as sa

    url = stores.database_url(stores.read_endpoints(settings)) if settings.endpoints_file else None
    if url is None or url.get_backend_name() == "sqlite" and url.database == str(settings.tracker_db):
        return 0, ""
    engine = sa.create_engine(url)
    try:
        with engine.begin() as db:
            if not sa.inspect(db).has_table("events"):
                return 0, ""
            count = int(db.execute(sa.text("SELECT COUNT(DISTINCT sender_id) FROM events")).scalar() or 0)
            db.execute(sa.text("DELETE FROM events"))
    except sa.exc.DBAPIError as error:
        raise stores.StoreError(f"the conversation database {stores.reason(error)}; nothing was deleted there") from None
    finally:
        engine.dispose()
    return count, f" and the conversation database {url.render_as_string(hide_password=True)}"


def forget_everything(settings: Settings) -> str:
    """Remove the conversation database, all reminders and the background reminder service, if it was
    installed; say what was removed and where."""
    elsewhere, where = _forget_configured_store(settings)
    conversations = _conversation_count(settings) + elsewhere
    for suffix in ("", "-journal", "-wal", "-shm"):
        path = settings.tracker_db.with_name(settings.tracker_db.name + suffix)
        if path.exists():
            path.unlink()
    reminders_file = settings.data_dir / "reminders.db"
    reminders = ReminderStore(reminders_file).forget_everything() if reminders_file.exists() else 0
    if reminders_file.exists():
        reminders_file.unlink()
    service = Service(settings)
    unit = f" Removed the background reminder service ({service.path})." if service.uninstall() else ""
    return (
        f"Deleted {conversations} conversation{'s' if conversations != 1 else ''} and "
        f"{reminders} reminder{'s' if reminders != 1 else ''} from {settings.data_dir}{where}.{unit}"
    )
