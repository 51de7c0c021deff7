"""Faults around `compassion serve`: kill -9 mid-turn, a read-only database, SIGTERM with turns in flight.

The tests share one data directory and run in order: a server is killed, a second one resumes the
conversation, its database turns read-only for a while, and finally it is stopped with SIGTERM.
"""
import os
import signal
import sqlite3
import threading
import time
from contextlib import closing

import pytest

from tests import serving
from tests.conftest import run_cli

SENDER = "crash-test"


def key(event):
    return event["event"], event.get("text"), event.get("name"), event["timestamp"]


def wait_gone(pid: int, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not os.path.exists(f"/proc/{pid}") or " Z " in open(f"/proc/{pid}/stat").read():
            return True
        time.sleep(0.1)
    return False


def attempt(server: serving.Server, sender: str, message: str):
    """Status of one turn, or the error if the server went away first."""
    try:
        return server.request("POST", "/webhooks/rest/webhook", {"sender": sender, "message": message})[0]
    except OSError as error:
        return error


@pytest.fixture(scope="module")
def crashed(model_path, tmp_path_factory):
    """A conversation, a kill -9 while a long turn is being answered, and a new server on the same data."""
    data = tmp_path_factory.mktemp("faults")
    first = serving.start(data)
    for text in ("hello", "i feel so drained from looking after my mum", "yes"):
        first.say(text, SENDER)
    committed = first.events(SENDER)
    action_servers = first.action_server_pids()
    threading.Thread(target=attempt, args=(first, SENDER, "i am so tired of everything " * 600), daemon=True).start()
    time.sleep(0.15)
    first.stop(signal.SIGKILL)
    second = serving.start(data)
    yield {"data": data, "committed": committed, "action_servers": action_servers, "server": second}
    second.stop()


def test_kill_9_keeps_every_committed_event_and_the_conversation_resumes(crashed):
    server, committed = crashed["server"], crashed["committed"]
    after = server.events(SENDER)
    assert [key(e) for e in after[: len(committed)]] == [key(e) for e in committed], "nothing committed was lost"
    extra = after[len(committed):]
    assert not extra or (extra[0]["event"] == "user" and extra[-1].get("name") == "action_listen"), "a turn is saved whole or not at all"
    assert server.say("thank you", SENDER)
    assert len(server.events(SENDER)) > len(after)


def test_action_server_dies_with_a_killed_server(crashed):
    assert all(wait_gone(pid) for pid in crashed["action_servers"])


def test_read_only_database_is_a_clear_message_and_loses_nothing(crashed):
    server, database = crashed["server"], crashed["data"] / "conversations.db"
    before = server.events(SENDER)
    with serving.read_only(database):
        replies = server.say("i feel lonely tonight", SENDER)
        assert "couldn't save" in replies[-1]["text"] and "read-only" in replies[-1]["text"]
        assert len(replies) > 1, "the answer itself still comes"
        chat = run_cli(["chat", "--json"], stdin=b"hello\n", env={"COMPASSION_DATA_DIR": str(crashed["data"])})
    assert chat.returncode != 0 and "Traceback" not in chat.stderr.decode()
    assert chat.stderr.decode().strip().splitlines() == [f"compassion: the conversation database {database} is read-only; "
                                                         "make it writable or set COMPASSION_DATA_DIR"]
    assert [key(e) for e in server.events(SENDER)] == [key(e) for e in before], "nothing stored was lost or half-written"
    assert server.say("i feel lonely tonight", SENDER)[-1]["text"].find("couldn't save") == -1
    assert len(server.events(SENDER)) > len(before)
    assert "lonely" not in server.stderr(), "the failed write's SQL (with the message) is not logged"


def test_sigterm_finishes_turns_in_flight_and_stops_cleanly(crashed):
    server = crashed["server"]
    action_servers = server.action_server_pids()
    answers = {}

    def talk(n: int) -> None:
        answers[n] = attempt(server, f"term-{n}", "i feel anxious all the time " * 700)  # ~0.4 s each to parse

    talkers = [threading.Thread(target=talk, args=(n,)) for n in range(6)]
    for thread in talkers:
        thread.start()
    time.sleep(0.3)
    assert server.stop(signal.SIGTERM) == 0
    for thread in talkers:
        thread.join(timeout=30)
    assert list(answers.values()) == [200] * 6, f"turns sent before SIGTERM are all answered: {answers}"
    with closing(sqlite3.connect(crashed["data"] / "conversations.db")) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        saved = {row[0] for row in db.execute("SELECT DISTINCT sender_id FROM events WHERE type_name = 'user'")}
    assert {f"term-{n}" for n in range(6)} <= saved, "and all of them are stored"
    assert all(wait_gone(pid) for pid in action_servers), "the action server is stopped with the server"
