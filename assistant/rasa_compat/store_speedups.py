"""Speed-ups of Rasa's SQL tracker store: a conversation kept between turns and checked once per turn, and one
SQLite connection kept open (while its file stays the same and writable).

Part of :mod:`assistant.rasa_compat.speedups` (applied with them, only on the pinned Rasa): each keeps
Rasa's behaviour and only stops work repeated on every turn.
"""
from __future__ import annotations

import contextvars
import functools
import itertools
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Dict, Optional, Tuple, TypeVar

KEPT_CONVERSATIONS = 64
"""Conversations a process keeps in memory between turns (the most recently used ones)."""



@dataclass
class _Turn:
    """The kept conversations already checked against the database during one turn (by sender), so that the
    turn's second read (Rasa's, after the button check's) needs no query; none count once the turn is over."""

    checked: Dict[str, Any] = field(default_factory=dict)
    over: bool = False


_TURN: "contextvars.ContextVar[Optional[_Turn]]" = contextvars.ContextVar("compassion_turn", default=None)


Result = TypeVar("Result")


def checked_once_per_turn(turn: Callable[..., Awaitable[Result]]) -> Callable[..., Awaitable[Result]]:
    """Decorate the runtime's turn: during it a kept conversation is checked against the database once; afterwards,
    in the caller and in any task the turn left running, every read checks again."""
    @functools.wraps(turn)
    async def run(*args: Any, **kwargs: Any) -> Result:
        current = _Turn()
        token = _TURN.set(current)
        try:
            return await turn(*args, **kwargs)
        finally:
            current.over = True  # tasks started during the turn share this object
            _TURN.reset(token)
    return run


def keep_conversations_between_turns() -> None:
    """Answer the next turn from the conversation kept after the last save, when it is still current.

    Rasa's SQL tracker store reads every event of the session back and replays it at the start
    of each turn (about 5 ms here, growing with the conversation), although the same process
    saved that very tracker at the end of the previous turn. After a save, the tracker is kept
    if it holds exactly what Rasa's ``retrieve`` would read back (events since the latest session
    start); the next ``retrieve`` returns it only if it has not changed since (same number of
    events) and the database still holds the same events for the conversation (count and
    highest id: a write from another process or ``compassion forget`` changes them), checked once
    per turn (:func:`checked_once_per_turn`). Anything else reads from the database as before. A
    save of a kept conversation writes only the events added since, as Rasa's save does, without
    the queries that count what is stored.
    """
    import json
    from collections import OrderedDict

    import sqlalchemy as sa
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.events import SessionStarted
    from rasa.shared.nlu.constants import INTENT_NAME_KEY

    original_retrieve, original_save = SQLTrackerStore.retrieve, SQLTrackerStore.save

    def kept(store: SQLTrackerStore) -> "OrderedDict[str, Tuple[Any, int, tuple]]":
        return store.__dict__.setdefault("_compassion_kept", OrderedDict())

    def stamp(session: Any, store: SQLTrackerStore, sender_id: str) -> tuple:
        """How many events the database holds for a conversation, and the highest id among them."""
        query = store.__dict__.get("_compassion_stamp")
        if query is None:  # built once per store: building it costs more than running it
            table = store.SQLEvent.__table__
            query = sa.select(sa.func.count(table.c.id), sa.func.max(table.c.id)).where(table.c.sender_id == sa.bindparam("sender"))
            store.__dict__["_compassion_stamp"] = query
        return tuple(session.execute(query, {"sender": sender_id}).one())

    def stored(store: SQLTrackerStore, sender_id: str) -> tuple:
        with store.session_scope() as session:
            return stamp(session, store, sender_id)

    def as_read_back(tracker: Any) -> bool:
        starts = [event.timestamp for event in tracker.events if isinstance(event, SessionStarted)]
        return not starts or all(event.timestamp >= max(starts) for event in tracker.events)

    async def retrieve(self: SQLTrackerStore, sender_id: str) -> Any:
        entry = kept(self).pop(sender_id, None)
        if entry is not None:
            tracker, length, database = entry
            current = _TURN.get()
            checked = current.checked if current is not None and not current.over else None
            if len(tracker.events) == length and (
                    (checked is not None and checked.get(sender_id) is tracker) or stored(self, sender_id) == database):
                kept(self)[sender_id] = entry
                if checked is not None:
                    checked[sender_id] = tracker
                return tracker
        return await original_retrieve(self, sender_id)

    def append(store: SQLTrackerStore, tracker: Any, stored_events: int) -> tuple:
        """Rasa's save, minus its counting queries (the kept entry says what is stored), in one insert."""
        rows = []
        for event in itertools.islice(tracker.events, stored_events, None):
            data = event.as_dict()
            rows.append({
                "sender_id": tracker.sender_id, "type_name": event.type_name, "timestamp": data.get("timestamp"),
                "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                "action_name": data.get("name"), "data": json.dumps(data),
            })
        with store.session_scope() as session:
            if rows:
                session.execute(store.SQLEvent.__table__.insert(), rows)
            database = stamp(session, store, tracker.sender_id)
            session.commit()
        return database

    async def save(self: SQLTrackerStore, tracker: Any) -> None:
        entry = kept(self).pop(tracker.sender_id, None)  # a failed save keeps nothing
        if entry is not None and entry[0] is tracker and len(tracker.events) >= entry[1]:
            await self.stream_events(tracker)
            database = append(self, tracker, entry[1])
        else:
            await original_save(self, tracker)
            database = stored(self, tracker.sender_id)
        if tracker.events and as_read_back(tracker):
            conversations = kept(self)
            conversations[tracker.sender_id] = (tracker, len(tracker.events), database)
            while len(conversations) > KEPT_CONVERSATIONS:
                conversations.popitem(last=False)

    SQLTrackerStore.retrieve = retrieve
    SQLTrackerStore.save = save


def keep_one_sqlite_connection(store: Any) -> None:
    """Keep the SQLite connection open between turns, and commit without waiting for the disk.

    SQLAlchemy 1.4 gives a file database no pool, so every turn opened the file two or three times, and
    closing the last connection checkpointed the write-ahead log to disk: with the synced commit, about
    4 ms of a 15 ms turn. One kept connection (more only while one is busy) and ``synchronous=NORMAL``,
    SQLite's advice for write-ahead logging: a saved turn survives the program crashing, and only a power
    cut or a crash of the operating system can lose the last turns before the next checkpoint.

    A kept connection is used again only while its file is the one it opened, writable then and now;
    otherwise it is replaced by a fresh one, so a database moved, deleted or made read-only fails as it did
    with a connection per turn (and is said so to the person), instead of writing to a file nobody will read.
    """
    import os
    import sqlite3

    import sqlalchemy as sa
    from sqlalchemy.orm import sessionmaker

    engine = getattr(store, "engine", None)
    if (engine is None or engine.url.get_backend_name() != "sqlite" or engine.url.database in (None, "", ":memory:")
            or engine.url.query.get("mode") == "memory"):
        return  # an in-memory database lives in its one connection: Rasa's own pool keeps it
    path = engine.url.database

    def identity() -> Optional[Tuple[int, int]]:
        try:
            found = os.stat(path)
        except OSError:
            return None
        return found.st_dev, found.st_ino

    kept = sa.create_engine(engine.url, poolclass=sa.pool.QueuePool, pool_size=1, max_overflow=8,
                            connect_args={"check_same_thread": False})  # one user at a time, handed out by the pool

    @sa.event.listens_for(kept, "connect")
    def opened(connection: Any, record: Any) -> None:
        try:  # a file recreated while running (`compassion forget`) starts in rollback mode, where NORMAL is unsafe
            connection.execute("PRAGMA journal_mode=WAL")
        except sqlite3.Error:
            pass  # unwritable: the turn's own write fails and says so
        connection.execute("PRAGMA synchronous=NORMAL")
        record.info["opened"] = identity(), os.access(path, os.W_OK)  # a file opened unwritable stays so
        record.info["fresh"] = True

    @sa.event.listens_for(kept, "checkout")
    def still_the_same_file(connection: Any, record: Any, proxy: Any) -> None:
        if record.info.pop("fresh", False):
            return  # just opened: it fails, or not, as a connection per turn would
        if record.info.get("opened") != (identity(), True) or not os.access(path, os.W_OK):
            raise sa.exc.DisconnectionError("the conversation database file changed")  # the pool opens a fresh one

    engine.dispose()
    store.engine = kept
    store.sessionmaker = sessionmaker(bind=kept)


def apply() -> None:
    keep_conversations_between_turns()
