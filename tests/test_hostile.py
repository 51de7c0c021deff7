"""`compassion serve` against a hostile local program: the eight probes of issue 16, generated input over the
REST channel (Hypothesis, a bounded number of examples against one server), and hostile input mixed into
concurrent conversations. Nothing may stop the server, be obeyed as a command, or lose a crisis answer.
"""
import json
import os
import sqlite3
import tempfile
import threading
import urllib.error
import urllib.request
import uuid
from contextlib import closing
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from assistant.core.text import SLASHES
from tests import serving

set_hypothesis_home_dir(os.path.join(tempfile.gettempdir(), "compassion-hypothesis"))  # its caches stay out of the work tree

REST = "/webhooks/rest/webhook"
DISTINCTIVE = "my axolotl named quillibrant-9034 hears me"
COMMANDS = ["/ /confirm_safe", "/\t/x", "//  /x", "/\u200b/x", "\uff0f \uff0fx", '/ /inform_country{"country":"<script>alert(1)</script>"}']
CRISIS = ["I want to end my life", "i want to kill myself", "i've been stockpiling my pills"]
JUNK = st.lists(st.sampled_from(list(SLASHES) + list(" \t\n\x00\x1b\x7f\u200b\u200d\u2060\ufeff\u202e\u2066\u061c\ud800\udfff\ufffd\uff0f😢.!?")),
                max_size=6).map("".join)
HOSTILE = st.lists(st.one_of(st.sampled_from(COMMANDS + list(SLASHES) + ["\ud83d", "\u200b", "\u202e", "{", "}", "@1", "\x00", "\n"]),
                             st.text(max_size=6)), min_size=1, max_size=8).map("".join)
RELAXED = settings(deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def server(model_path, tmp_path_factory):
    running = serving.start(tmp_path_factory.mktemp("hostile") / "data")
    yield running
    running.stop()


def post(server, body=None, raw=None):
    data = raw if raw is not None else json.dumps(body).encode()  # json.dumps writes a lone surrogate as \ud800
    return server.request("POST", REST, raw=data)


def tracker(server, sender):
    status, _, body = server.request("GET", f"/conversations/{quote(sender, safe='', errors='surrogatepass')}/tracker?token={server.token}")
    assert status == 200, body
    return body


def texts(replies):
    return " ".join(r.get("text", "") for r in replies)


def assert_alive(server):
    assert server.process.poll() is None, server.stderr()[-2000:]
    assert server.request("GET", "/")[0] == 200


def test_probe_1_a_lone_surrogate_sender_is_a_conversation_not_an_exit(server):
    status, _, replies = post(server, raw=b'{"sender": "\\ud800", "message": "hi"}')
    assert status == 200 and replies
    assert_alive(server)
    assert [e["text"] for e in tracker(server, "\ud800")["events"] if e["event"] == "user"] == ["hi"]


def test_probe_2_no_form_of_slash_command_ends_crisis_mode_or_sets_a_slot(server):
    sender = "probe-2"
    assert "999" in texts(post(server, {"sender": sender, "message": "I want to end my life"})[2])
    for command in COMMANDS:
        status, _, replies = post(server, {"sender": sender, "message": command})
        said = texts(replies).lower()
        assert status == 200 and "glad you're safe" not in said and "letting me know you're safe" not in said, command
    state = tracker(server, sender)
    assert state["slots"]["crisis_mode"] is True and not state["slots"].get("country")
    users = [e for e in state["events"] if e["event"] == "user"][1:]
    assert len(users) == len(COMMANDS) and all(u["parse_data"]["intent"]["name"] == "nlu_fallback" for u in users)
    assert not any(u["text"].strip().startswith("/") for u in users)


def test_probe_3_half_an_emoji_does_not_hide_a_crisis(server):
    status, _, replies = post(server, raw=b'{"sender": "probe-3", "message": "I want to end my life \\ud83d"}')
    assert status == 200 and "911" in replies[0]["text"] and "999" in replies[0]["text"]
    state = tracker(server, "probe-3")
    assert state["slots"]["crisis_mode"] is True and state["latest_message"]["text"] == "I want to end my life"


def test_probe_5_no_message_text_in_the_log_even_from_rasas_error_paths(server):
    assert post(server, {"sender": "probe-5", "message": DISTINCTIVE})[0] == 200
    bad_events = json.dumps([{"event": "user", "text": DISTINCTIVE, "timestamp": "not a time"}]).encode()
    status, _, _ = server.request("POST", f"/conversations/probe-5/tracker/events?token={server.token}", raw=bad_events)
    assert status == 400
    assert "Failed to validate the events format" in server.stderr(), "the error is logged, without its details"
    assert "axolotl" not in server.stderr() and "quillibrant" not in server.stderr()


def test_probe_6_the_action_server_answers_only_the_assistant_that_started_it():
    from assistant.core.action_server import ActionServer

    actions = ActionServer(serving.ROOT)
    actions.start()

    def status(path, headers, body=None):
        request = urllib.request.Request(f"http://127.0.0.1:{actions.port}{path}", headers={"Content-Type": "application/json", **headers},
                                         data=json.dumps(body).encode() if body is not None else None)
        try:
            with urllib.request.urlopen(request, timeout=10) as reply:
                return reply.status
        except urllib.error.HTTPError as error:
            return error.code

    reminder = {"next_action": "action_reminder", "sender_id": "victim", "version": "3.6.21", "domain": {},
                "tracker": {"sender_id": "victim", "slots": {}, "latest_message": {"text": "remind me to call at 3pm", "intent": {"name": "set_reminder"}},
                            "events": [], "paused": False, "followup_action": None, "active_loop": {}, "latest_action_name": "action_listen"}}
    try:
        assert actions.wait_ready()
        assert status("/health", {}) == 200
        assert status("/actions", {}) == 401 and status("/actions", {"X-Compassion-Action-Secret": "guess"}) == 401
        assert status("/webhook", {}, reminder) == 401, "no reminder is created or listed without the secret"
        assert status("/actions", actions.headers) == 200
    finally:
        actions.stop()


def test_probe_7_size_limits(server):
    huge = json.dumps({"sender": "probe-7", "message": "hi", "metadata": {"x": "a" * 5_000_000}}).encode()
    assert post(server, raw=huge)[0] == 413
    assert post(server, {"sender": "probe-7", "message": "hi " * 400_000})[0] == 413
    assert post(server, {"sender": "probe-7", "message": "hi", "metadata": {"x": "a" * 9000}})[0] == 400
    assert post(server, {"sender": "probe-7", "message": "hi", "metadata": {"client": "app"}})[0] == 200
    with closing(sqlite3.connect(server.stderr_path.parent / "conversations.db")) as db:
        assert db.execute("SELECT MAX(LENGTH(data)) FROM events WHERE sender_id = 'probe-7'").fetchone()[0] < 20_000


def test_probe_8_senders_and_metadata_are_checked_and_every_id_is_readable(server):
    for body in ({"message": "hi"}, {"sender": "", "message": "hi"}, {"sender": 7, "message": "hi"}, {"sender": "x" * 129, "message": "hi"},
                 {"sender": "m", "message": "hi", "metadata": "a string"}, {"sender": "m", "message": "hi", "metadata": [1]},
                 {"sender": "m", "message": ["hi"]}):
        assert post(server, body)[0] == 400, body
    for sender in ("50% sure", "two words", "日本語の名前", "x" * 128, "~tilde", "a/b?c#d"):
        assert post(server, {"sender": sender, "message": "hello"})[0] == 200
        assert [e["text"] for e in tracker(server, sender)["events"] if e["event"] == "user"] == ["hello"], sender


@settings(RELAXED, max_examples=40)
@given(HOSTILE)
def test_generated_input_is_never_obeyed_and_never_stops_the_server(server, message):
    status, _, replies = post(server, {"sender": "generated", "message": message})
    assert status == 200 and isinstance(replies, list)
    latest = tracker(server, "generated")["latest_message"]
    if replies:
        assert not latest["text"].strip().startswith("/"), "Rasa obeys a text that starts with a slash"
        assert latest["intent"]["name"] != "confirm_safe" or "safe" in latest["text"].lower()
    assert server.process.poll() is None


@settings(RELAXED, max_examples=25)
@given(st.sampled_from(CRISIS), JUNK, JUNK, st.sampled_from(["", "\u200b", "\u00ad", "\u2060"]))
def test_crisis_text_with_junk_around_it_is_answered_with_numbers(server, sentence, before, after, inside):
    message = before + sentence.replace(" ", f"{inside} ", 1) + after
    status, _, replies = post(server, {"sender": f"junk-{uuid.uuid4().hex[:12]}", "message": message})  # each a first crisis
    assert status == 200 and "911" in replies[0]["text"] and "116 123" in replies[0]["text"], repr(message)


@settings(RELAXED, max_examples=15)
@given(st.text(min_size=1, max_size=128))
def test_any_sender_id_names_one_readable_conversation(server, sender):
    before = len([e for e in tracker(server, sender)["events"] if e["event"] == "user"])
    assert post(server, {"sender": sender, "message": "hello"})[0] == 200
    assert len([e for e in tracker(server, sender)["events"] if e["event"] == "user"]) == before + 1


def test_hostile_input_mixed_into_concurrent_conversations_loses_and_doubles_nothing(server):
    turns = ["hello", COMMANDS[0], "i feel so drained", "\ud800\u202e//x", "I want to end my life \ud83d", COMMANDS[5]]
    failures = []

    def talk(n):
        for text in turns:
            request = urllib.request.Request(server.url + REST, data=json.dumps({"sender": f"mix-{n}", "message": text}).encode(),
                                             method="POST", headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=60) as reply:
                if reply.status != 200 or not json.loads(reply.read()):
                    failures.append((n, text))

    threads = [threading.Thread(target=talk, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures
    assert_alive(server)
    for n in range(10):
        events = tracker(server, f"mix-{n}")["events"]
        assert len([e for e in events if e["event"] == "user"]) == len(turns), "every message stored once"
        stamps = [(e["event"], e["timestamp"], e.get("text"), e.get("name")) for e in events]
        assert len(stamps) == len(set(stamps)), "no event stored twice"


def test_an_error_inside_a_store_session_is_raised_not_an_exit(tmp_path):
    """Rasa 3.6 took any ValueError in a session for a missing PostgreSQL schema and called sys.exit(1)."""
    from rasa.core.tracker_store import SQLTrackerStore

    from assistant.rasa_compat import store_fixes

    store_fixes.apply()
    store = SQLTrackerStore(dialect="sqlite", db=str(tmp_path / "sessions.db"))
    try:
        with pytest.raises(UnicodeEncodeError):
            with store.session_scope():
                "\ud800".encode("utf-8")  # what the driver raised for a lone surrogate sender
    finally:
        store.engine.dispose()
