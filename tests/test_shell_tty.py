"""The interactive shell in a real pseudo-terminal: steps come in time, and "stop" ends them at once."""
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT


def read_until(fd, marker, timeout):
    """Read the terminal until ``marker`` shows up; returns everything read."""
    seen, deadline = b"", time.monotonic() + timeout
    while marker.encode() not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 4096)
            except OSError:
                break
    return seen.decode(errors="replace")


def test_stop_typed_mid_exercise_stops_it_within_one_step(model_path, tmp_path):
    master, slave = pty.openpty()
    command = [str(Path(sys.executable).parent / "compassion"), "chat", "--sender", "tty-test"]
    env = {**os.environ, "COMPASSION_DATA_DIR": str(tmp_path), "TERM": "dumb"}
    process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, cwd=ROOT, env=env, close_fds=True)
    os.close(slave)
    try:
        assert "you>" in read_until(master, "you>", 120)
        os.write(master, b"can we do box breathing\n")
        started = time.monotonic()
        first = read_until(master, "[2/", 30)
        assert "[1/" in first and "[2/" in first
        assert time.monotonic() - started >= 3, "steps are paced in real time"
        os.write(master, b"stop\n")
        after = read_until(master, "How are you feeling", 30)
        assert "Stopping the exercise." in after
        assert "[3/" not in after, "no step after the one that was showing"
        os.write(master, b"quit\n")
        process.wait(timeout=30)
        assert process.returncode == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(master)
