"""Where conversations are kept: endpoints, start-up checks, strict failures, session expiry."""
import sqlite3
from contextlib import closing

import pytest

from assistant.core import settings as settings_module
from assistant.core import stores
from assistant.core.errors import SetupError
from tests import serving


def test_sqlite_in_the_data_directory_by_default(private_data_dir):
    config = stores.read_endpoints(settings_module.load()).tracker_store
    assert (config.type, config.kwargs["dialect"], config.kwargs["db"]) == ("sql", "sqlite", str(private_data_dir / "conversations.db"))


def test_an_endpoints_file_can_choose_postgresql_and_redis(tmp_path, monkeypatch):
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text("tracker_store:\n  type: sql\n  dialect: postgresql\n  url: 127.0.0.1\n  db: compassion\n"
                         "lock_store:\n  type: redis\n  url: 127.0.0.1\n")
    monkeypatch.setenv("COMPASSION_ENDPOINTS", str(endpoints))
    read = stores.read_endpoints(settings_module.load())
    assert str(stores.database_url(read)) == "postgresql://127.0.0.1/compassion"
    assert read.lock_store.type == "redis"
    with pytest.raises(SetupError, match="no such file"):
        stores.read_endpoints(settings_module.load(), tmp_path / "missing.yml")


def test_database_errors_name_the_cause_never_the_sql_or_its_words():
    import sqlalchemy as sa

    error = sa.exc.OperationalError("INSERT INTO events (data) VALUES (?)", ('{"text": "my secret words"}',),
                                    sqlite3.OperationalError("database is locked"))
    assert "secret" not in str(stores.StoreError(f"the database {stores.reason(error)}"))
    assert stores.reason(error) == "is locked by another program"
    integrity = sa.exc.IntegrityError("INSERT", ("my secret words",), Exception("duplicate key value my secret words"))
    assert stores.reason(integrity) == "failed (Exception)"


def test_read_only_or_locked_database_is_refused_at_start(tmp_path, monkeypatch):
    database = tmp_path / "conversations.db"
    sqlite3.connect(database).close()
    with serving.read_only(database), pytest.raises(stores.StoreError, match="is read-only"):
        stores.check_database(f"sqlite:///{database}")
    monkeypatch.setattr(stores, "SQLITE_TIMEOUT_SECONDS", 0.1)
    with closing(sqlite3.connect(database, isolation_level=None)) as holder:
        holder.execute("BEGIN EXCLUSIVE")
        with pytest.raises(stores.StoreError, match="locked by another program"):
            stores.check_database(f"sqlite:///{database}")


def test_locked_database_mid_conversation_says_so_and_keeps_what_was_saved(engine, sender):
    engine.handle("hello", sender)
    with closing(sqlite3.connect(engine.settings.tracker_db, isolation_level=None)) as db:
        count = lambda: db.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0]  # noqa: E731
        saved = count()
        db.execute("BEGIN EXCLUSIVE")
        turn = engine.handle("i feel drained", sender)
        db.execute("ROLLBACK")
        assert "couldn't save" in turn.replies[-1].text and "locked by another program" in turn.replies[-1].text
        assert count() == saved, "nothing half-written, nothing lost"
        assert "couldn't save" not in engine.handle("i feel drained", sender).replies[-1].text
        assert count() > saved


def test_session_expiry_is_configurable(engine, monkeypatch):
    monkeypatch.setenv("COMPASSION_SESSION_MINUTES", "soon")
    with pytest.raises(SetupError, match="COMPASSION_SESSION_MINUTES"):
        settings_module.load()
    monkeypatch.setenv("COMPASSION_SESSION_MINUTES", "30")
    original = engine.agent.domain.session_config
    try:
        stores.set_session_minutes(engine.agent, settings_module.load().session_minutes)
        assert engine.agent.processor.domain.session_config.session_expiration_time == 30
        assert engine.agent.domain.session_config.carry_over_slots == original.carry_over_slots
    finally:
        engine.agent.domain.session_config = original


def test_a_kept_conversation_is_used_only_while_the_database_agrees(engine, sender, tmp_path):
    """speedups keeps the tracker saved at the end of a turn; another writer must invalidate it."""
    import asyncio

    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.events import SlotSet, UserUttered

    database = str(tmp_path / "shared.db")
    loop = asyncio.new_event_loop()
    ours, theirs = (SQLTrackerStore(engine.agent.domain, dialect="sqlite", db=database) for _ in range(2))
    try:
        tracker = loop.run_until_complete(ours.get_or_create_tracker(sender))
        tracker.update(UserUttered("hello", {"name": "greet", "confidence": 1.0}))
        loop.run_until_complete(ours.save(tracker))
        assert loop.run_until_complete(ours.retrieve(sender)) is tracker, "unchanged since the save: kept"

        tracker.update(SlotSet("country", "IE"))  # changed in memory but not saved: read back instead
        assert loop.run_until_complete(ours.retrieve(sender)) is not tracker
        loop.run_until_complete(ours.save(tracker))

        elsewhere = loop.run_until_complete(theirs.retrieve(sender))
        elsewhere.update(UserUttered("i feel drained", {"name": "feeling_drained", "confidence": 1.0}))
        loop.run_until_complete(theirs.save(elsewhere))
        read = loop.run_until_complete(ours.retrieve(sender))
        assert read is not tracker and read.latest_message.text == "i feel drained", "another writer's events are seen"
        assert [e.as_dict() for e in read.events] == [e.as_dict() for e in elsewhere.events]

        with closing(sqlite3.connect(database)) as db, db:
            db.execute("DELETE FROM events WHERE sender_id = ?", (sender,))  # what `compassion forget` does
        assert loop.run_until_complete(ours.retrieve(sender)) is None
    finally:
        for store in (ours, theirs):
            store.engine.dispose()
        loop.close()


def test_one_check_against_the_database_per_turn(engine, sender, tmp_path):
    """Within a turn (the runtime's answer is checked_once_per_turn), a kept conversation read twice costs one
    query; outside it, and in a task the turn left running, every read asks the database."""
    import asyncio

    import sqlalchemy as sa
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.events import UserUttered

    from assistant.rasa_compat.store_speedups import checked_once_per_turn

    loop = asyncio.new_event_loop()
    store = SQLTrackerStore(engine.agent.domain, dialect="sqlite", db=str(tmp_path / "turns.db"))
    queries = []
    sa.event.listen(store.engine, "before_cursor_execute", lambda *args: queries.append(args[2]))
    try:
        tracker = loop.run_until_complete(store.get_or_create_tracker(sender))
        tracker.update(UserUttered("hello", {"name": "greet", "confidence": 1.0}))
        loop.run_until_complete(store.save(tracker))

        async def reads() -> int:
            queries.clear()
            for _ in range(2):
                assert await store.retrieve(sender) is tracker
            return len(queries)

        assert loop.run_until_complete(reads()) == 2, "outside a turn every read asks the database"
        left_running = []

        async def later() -> int:  # started during the turn, reading after it (as a late save does)
            await asyncio.sleep(0.05)
            return await reads()

        @checked_once_per_turn
        async def turn() -> int:
            left_running.append(asyncio.ensure_future(later()))
            return await reads()

        assert loop.run_until_complete(turn()) == 1
        assert loop.run_until_complete(left_running[0]) == 2, "once the turn is over, its checks no longer count"
    finally:
        store.engine.dispose()
        loop.close()


def test_one_sqlite_connection_is_kept_only_while_its_file_is_the_same_and_writable(engine, sender, tmp_path):
    """Turns reuse one connection; a database moved away is not written through the connection still open on it,
    and one made unwritable and then writable again is written again."""
    import asyncio

    import sqlalchemy as sa
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.events import UserUttered

    from assistant import rasa_compat

    folder = tmp_path / "data"
    folder.mkdir()
    loop = asyncio.new_event_loop()
    store = SQLTrackerStore(engine.agent.domain, dialect="sqlite", db=str(folder / "conversations.db"))
    rasa_compat.apply(speed=True)
    assert rasa_compat.tune_tracker_store(store)
    opened = []
    sa.event.listen(store.engine, "connect", lambda *_: opened.append(1))

    def say(text: str) -> None:
        tracker = loop.run_until_complete(store.get_or_create_tracker(sender))
        tracker.update(UserUttered(text, {"name": "greet", "confidence": 1.0}))
        loop.run_until_complete(store.save(tracker))

    def stored() -> list:
        with closing(sqlite3.connect(folder / "conversations.db")) as db:
            return [row[0] for row in db.execute("SELECT intent_name FROM events WHERE type_name = 'user'")]

    try:
        for _ in range(3):
            say("hello")
        assert len(opened) == 1 and len(stored()) == 3
        folder.rename(tmp_path / "away")
        with pytest.raises(sa.exc.OperationalError):
            say("hello again")
        (tmp_path / "away").rename(folder)
        say("back")
        assert len(stored()) == 4
        with serving.read_only(folder / "conversations.db"), pytest.raises(sa.exc.OperationalError, match="readonly"):
            say("not kept")
        say("kept again")
        assert len(stored()) == 5
    finally:
        store.engine.dispose()
        loop.close()


def test_an_in_memory_sqlite_store_keeps_rasas_own_connection(engine):
    from rasa.core.tracker_store import SQLTrackerStore

    from assistant import rasa_compat

    store = SQLTrackerStore(engine.agent.domain, dialect="sqlite", db=":memory:")
    rasa_compat.apply(speed=True)
    assert not rasa_compat.tune_tracker_store(store), "the tables live in that one connection"
    store.engine.dispose()


def test_the_data_directory_is_readable_by_this_account_only(tmp_path):
    from assistant.core.reminders import ReminderStore
    from assistant.core.stores import check_database

    check_database(f"sqlite:///{tmp_path / 'data' / 'conversations.db'}")
    ReminderStore(tmp_path / "other" / "reminders.db")
    for folder in ("data", "other"):
        assert (tmp_path / folder).stat().st_mode & 0o077 == 0, folder
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    check_database(f"sqlite:///{shared / 'conversations.db'}")
    assert shared.stat().st_mode & 0o777 == 0o755, "a folder that was there already keeps its mode"
