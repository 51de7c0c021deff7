"""Every crisis turn is answered with numbers within 3 s whatever fails around `compassion serve`.

One server, its data on a small tmpfs of its own when the tests run as root (so the disk can be filled
for real), and in order: the action server killed with -9, then stopped with SIGSTOP, the database
read-only, missing, and on a full disk. After each, nothing saved before is lost and the
server is still up.
"""
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests import serving

SAVED = "saved-before"
CRISIS = "I want to end my life"
LIMIT_SECONDS = 3.0


def try_mount(folder: Path) -> bool:
    """A 16 MB tmpfs at ``folder`` (root only); False when this machine will not mount one."""
    if os.geteuid() != 0:
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m,mode=0755", "tmpfs", str(folder)], capture_output=True).returncode == 0


@pytest.fixture(scope="module")
def faulty(model_path, tmp_path_factory):
    disk = tmp_path_factory.mktemp("faults-disk")
    mounted = try_mount(disk)
    server = serving.start(disk / "data", stderr_dir=tmp_path_factory.mktemp("faults-logs"))
    try:
        for text in ("hello", "i feel so drained from looking after my mum", "yes"):
            server.say(text, SAVED)
        yield {"server": server, "disk": disk, "mounted": mounted, "saved": server.events(SAVED)}
    finally:
        server.stop()
        if mounted:
            subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def key(event):
    return event["event"], event.get("text"), event.get("name"), event["timestamp"]


def crisis_in_time(server: serving.Server, sender: str) -> list:
    """One crisis turn: answered, with the emergency numbers first, within the limit."""
    started = time.monotonic()
    status, _, replies = server.request("POST", "/webhooks/rest/webhook", {"sender": sender, "message": CRISIS}, timeout=30)
    took = time.monotonic() - started
    assert status == 200, replies
    assert took < LIMIT_SECONDS, f"the crisis answer took {took:.1f} s"
    assert "911" in replies[0]["text"] and "999" in replies[0]["text"] and "116 123" in replies[0]["text"]
    assert any("Are you safe right now?" in r.get("text", "") for r in replies)
    return replies


def saved_as_sent(server: serving.Server, sender: str, replies: list, wait: float = 5.0) -> bool:
    """Whether every message sent is among the stored bot events (saved in the background, so wait a little)."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        stored = {e.get("text") for e in server.events(sender) if e["event"] == "bot"}
        if {r["text"] for r in replies} <= stored:
            return True
        time.sleep(0.2)
    return False


def still_whole(faulty) -> None:
    """The server is up and every event saved before the faults is still there, unchanged."""
    server = faulty["server"]
    assert server.process.poll() is None, server.stderr()[-2000:]
    assert [key(e) for e in server.events(SAVED)[: len(faulty["saved"])]] == [key(e) for e in faulty["saved"]]


def test_action_server_killed_with_9(faulty):
    server = faulty["server"]
    for pid in server.action_server_pids():
        os.kill(pid, signal.SIGKILL)
    time.sleep(0.1)
    replies = crisis_in_time(server, "fault-kill")
    assert saved_as_sent(server, "fault-kill", replies), "the answer sent in place of the actions' is what is stored"
    still_whole(faulty)


def test_action_server_stopped_with_sigstop(faulty):
    server = faulty["server"]
    assert server.say("hello", "fault-stop-warm"), "a turn that waits for the restarted action server"
    stopped = server.action_server_pids()
    assert stopped
    try:
        for pid in stopped:
            os.kill(pid, signal.SIGSTOP)
        replies = crisis_in_time(server, "fault-stop")
        assert "findahelpline.com" in replies[1]["text"], "lines for anywhere stand in for the country's"
        assert saved_as_sent(server, "fault-stop", replies)
        started = time.monotonic()
        assert server.say("can we do a breathing exercise", "fault-stop-2")
        assert time.monotonic() - started < 10, "other turns are bounded too"
    finally:
        for pid in stopped:
            try:
                os.kill(pid, signal.SIGCONT)
            except ProcessLookupError:
                pass
    still_whole(faulty)
    assert not set(server.action_server_pids()) & set(stopped), "the hung action server was replaced"


def test_read_only_database(faulty):
    """The database file made unwritable (immutable for root). Its file system is not remounted read-only: the
    kernel refuses that while the server keeps the database open between turns, as it does any database server."""
    server, disk = faulty["server"], faulty["disk"]
    with serving.read_only(disk / "data" / "conversations.db"):
        replies = crisis_in_time(server, "fault-read-only")
    assert "couldn't save" in replies[-1]["text"], "and the person is told it may not be remembered"
    still_whole(faulty)


def test_missing_database(faulty):
    server, data = faulty["server"], faulty["disk"] / "data"
    away = data.with_name("data-away")
    data.rename(away)
    try:
        replies = crisis_in_time(server, "fault-missing")
    finally:
        away.rename(data)
    assert "couldn't save" in replies[-1]["text"]
    still_whole(faulty)


def test_full_disk(faulty):
    if not faulty["mounted"]:
        pytest.skip("needs root and a mountable tmpfs to fill a disk without filling this machine's")
    server, filler = faulty["server"], faulty["disk"] / "filler"
    try:
        with open(filler, "wb") as out:
            try:
                while True:
                    out.write(b"\0" * 65536)
            except OSError:
                pass  # the disk is full
        crisis_in_time(server, "fault-full")
        assert "couldn't save" in crisis_in_time(server, SAVED)[-1]["text"], "the full disk refused the write"
    finally:
        filler.unlink()
    still_whole(faulty)


def test_after_every_fault_turns_are_saved_again(faulty):
    server = faulty["server"]
    before = len(server.events(SAVED))
    assert server.say("thank you", SAVED)
    assert len(server.events(SAVED)) > before
    still_whole(faulty)
    assert "end my life" not in server.stderr() and "drained" not in server.stderr()


def test_the_shell_answers_a_crisis_in_time_with_its_action_server_stopped(engine, sender):
    """The same promise through the runtime every other front end (shell, voice) uses."""
    assert engine.actions.ensure_running()
    stopped = engine.actions.pid
    os.kill(stopped, signal.SIGSTOP)
    try:
        started = time.monotonic()
        turn = engine.handle(CRISIS, sender)
        took = time.monotonic() - started
    finally:
        try:
            os.kill(stopped, signal.SIGCONT)
        except ProcessLookupError:
            pass
    assert turn.intent == "crisis" and took < LIMIT_SECONDS, f"{took:.1f} s"
    assert "911" in turn.replies[0].text and "findahelpline.com" in turn.replies[1].text
    assert engine.handle("thanks", sender), "and the next turn is answered"
