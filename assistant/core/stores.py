"""Where conversations are kept: one tracker store and one lock store for chat, voice and serve.

By default a SQLite file in the data directory, so a conversation resumes across restarts and
``compassion forget`` can delete it. An endpoints file (``serve --endpoints`` or
``COMPASSION_ENDPOINTS``) can point every front end at PostgreSQL with a Redis lock store instead:
Rasa's own way to let several ``compassion serve`` processes share the conversations.

Rasa wraps every tracker store in a fail-safe that, on a database error, carries on with an empty
in-memory conversation (which the next save then silently drops) and logs the failed SQL with its
parameters, the user's own words. Here a database error stops the turn instead, as a
:class:`StoreError` that says why and never what, so nothing is forgotten quietly and nothing private
reaches the logs.
"""
from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, Optional

from assistant.core.errors import SetupError
from assistant.core.settings import Settings, private_directory
from assistant.rasa_compat import store_fixes

if TYPE_CHECKING:
    from rasa.core.agent import Agent
    from rasa.core.lock_store import LockStore
    from rasa.core.tracker_store import TrackerStore
    from rasa.core.utils import AvailableEndpoints
    from sqlalchemy.engine.url import URL

SQLITE_TIMEOUT_SECONDS = 5.0
"""How long a write waits for another process (a second shell, a server) to finish its own."""


class StoreError(SetupError):
    """The conversation database refused a read or a write; the message says why, never what."""


def read_endpoints(settings: Settings, path: Optional[Path] = None) -> "AvailableEndpoints":
    """The endpoints file's stores, with SQLite in the data directory when it names no tracker store."""
    from rasa.core.utils import AvailableEndpoints
    from rasa.shared.exceptions import RasaException
    from rasa.utils.endpoints import EndpointConfig

    path = path or settings.endpoints_file
    if path is None:
        endpoints = AvailableEndpoints()
    elif not path.is_file():
        raise SetupError(f"cannot read the endpoints file {path}: no such file")
    else:
        try:
            endpoints = AvailableEndpoints.read_endpoints(str(path))
        except (RasaException, ValueError) as error:
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise SetupError(f"cannot read the endpoints file {path}: {first_line}") from None
    if endpoints.tracker_store is None:
        endpoints.tracker_store = EndpointConfig(
            type="sql", dialect="sqlite", db=str(settings.tracker_db), query={"timeout": str(SQLITE_TIMEOUT_SECONDS)}
        )
    return endpoints


def open_tracker_store(endpoints: "AvailableEndpoints") -> "TrackerStore":
    """The configured tracker store, checked now so a read-only or unreachable database is a clear error."""
    from rasa.core.tracker_store import TrackerStore
    from rasa.shared.exceptions import ConnectionException

    url = database_url(endpoints)
    if url is not None:
        login_db = endpoints.tracker_store.kwargs.get("login_db")  # Rasa creates the database through this one
        check_database(url.set(database=login_db) if login_db else url)
    try:
        return TrackerStore.create(endpoints.tracker_store)
    except ConnectionException as error:
        raise StoreError(f"cannot reach the conversation database: {error}") from None


def database_url(endpoints: "AvailableEndpoints") -> "Optional[URL]":
    """The database where an SQL tracker store keeps its events (None for other kinds of store)."""
    import sqlalchemy as sa
    from rasa.core.tracker_store import SQLTrackerStore

    config = endpoints.tracker_store
    if config is None or (config.type or "").lower() != "sql":
        return None
    kwargs = config.kwargs
    url = SQLTrackerStore.get_db_url(
        kwargs.get("dialect", "sqlite"), config.url, kwargs.get("port"), kwargs.get("db", "rasa.db"),
        kwargs.get("username"), kwargs.get("password"), None, kwargs.get("query"),
    )
    return sa.engine.make_url(url)


def open_lock_store(endpoints: "AvailableEndpoints") -> "LockStore":
    """The configured lock store (in memory unless the endpoints name Redis), reachable now."""
    from rasa.core.lock_store import LockStore, RedisLockStore

    store = LockStore.create(endpoints.lock_store)
    if isinstance(store, RedisLockStore):
        import redis

        try:
            store.red.ping()
        except redis.exceptions.RedisError as error:
            raise StoreError(f"cannot reach the Redis lock store: {error}") from None
    return store


def check_database(url: "URL | str") -> None:
    """Fail at start-up, with a reason a person can act on, rather than in the middle of a conversation."""
    import sqlalchemy as sa

    url = sa.engine.make_url(url)
    if url.get_backend_name() == "sqlite" and url.database:
        path = Path(url.database)
        private_directory(path.parent)
        if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
            raise StoreError(f"the conversation database {path} is read-only; make it writable or set COMPASSION_DATA_DIR")
        try:
            with closing(sqlite3.connect(path, timeout=SQLITE_TIMEOUT_SECONDS, isolation_level=None)) as db:
                db.execute("BEGIN IMMEDIATE")
                db.execute("ROLLBACK")
                # Write-ahead logging: readers never wait for the writer, and with the kept connection
                # (rasa_compat.store_speedups) a saved turn needs no sync. `forget` removes the -wal and
                # -shm files with the database.
                db.execute("PRAGMA journal_mode=WAL")
        except sqlite3.Error as error:
            raise StoreError(f"the conversation database {path} {reason(error)}") from None
        return
    engine = sa.create_engine(url)
    try:
        with engine.connect():
            pass
    except sa.exc.DBAPIError as error:
        raise StoreError(f"the conversation database at {url.host or 'localhost'}:{url.port or ''} {reason(error)}") from None
    finally:
        engine.dispose()


def reason(error: BaseException) -> str:
    """Why a database call failed, in words, without the SQL or its parameters (the user's messages)."""
    import sqlalchemy as sa

    original = error.orig if isinstance(error, sa.exc.DBAPIError) else error
    text = str(original).strip().splitlines()[0] if str(original).strip() else ""
    lowered = text.lower()
    if "readonly" in lowered or "read-only" in lowered:
        return "is read-only"
    if "locked" in lowered:
        return "is locked by another program"
    if "full" in lowered:
        return "cannot be written: the disk is full"
    if "unable to open" in lowered:
        return "cannot be opened"
    if isinstance(error, sa.exc.OperationalError) or isinstance(original, sqlite3.OperationalError):
        return f"cannot be used ({text})"  # connection and file errors carry no user data
    return f"failed ({type(original).__name__})"


def _raise_store_error(error: Exception) -> NoReturn:
    raise StoreError(f"the conversation database {reason(error)}") from None


def make_strict(agent: "Agent") -> None:
    """Turn Rasa's fail-safe fallback (forget quietly, log the SQL) into a :class:`StoreError`."""
    store_fixes.on_store_error(agent, _raise_store_error)


def set_session_minutes(agent: "Agent", minutes: Optional[float]) -> None:
    """Override the domain's session expiry (idle minutes before a new session; slots carry over)."""
    if minutes is None:
        return
    from rasa.shared.core.domain import SessionConfig

    config = agent.domain.session_config
    agent.domain.session_config = SessionConfig(minutes, config.carry_over_slots)


def inner(store: Any) -> Any:
    """The tracker store itself, inside Rasa's fail-safe wrapper (for front ends that delete one conversation)."""
    return store_fixes.inner_store(store)


def dispose(store: Any) -> None:
    """Close a tracker store's connections (Rasa's fail-safe wrapper hides the SQL engine one level down)."""
    engine = getattr(store_fixes.inner_store(store), "engine", None)
    if engine is not None:
        engine.dispose()
