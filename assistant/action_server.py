"""The custom-action server as a child process on a free loopback port.

The runtime owns it: started before the model loads (so both warm up at once),
health-checked, restarted if it dies, and stopped when the runtime closes. It runs
in its own session, so a Ctrl-C meant for the assistant does not cut a turn short,
and on Linux it dies with the process that started it, even after a ``kill -9``.
"""
from __future__ import annotations

import ctypes
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Optional

log = logging.getLogger(__name__)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ActionServer:
    """A ``rasa_sdk`` server running ``actions/`` on 127.0.0.1."""

    def __init__(self, root: Path, port: Optional[int] = None) -> None:
        self.root = root
        self.port = port or free_port()
        self._process: Optional[subprocess.Popen] = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/webhook"

    def start(self) -> None:
        path = os.pathsep.join(p for p in (str(self.root), os.environ.get("PYTHONPATH", "")) if p)
        env = dict(os.environ, SANIC_HOST="127.0.0.1", PYTHONPATH=path, COMPASSION_PARENT_PID=str(os.getpid()))
        command = [sys.executable, "-m", "assistant.action_server", "--actions", "actions", "--port", str(self.port)]
        debug = log.isEnabledFor(logging.DEBUG)
        self._process = subprocess.Popen(
            command,
            cwd=self.root,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=None if debug else subprocess.DEVNULL,
            stderr=None if debug else subprocess.DEVNULL,
            start_new_session=True,
        )
        log.info("action server starting on port %s (pid %s)", self.port, self._process.pid)

    def alive(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=1) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def wait_ready(self, timeout: float = 30.0) -> bool:
        """Poll the health endpoint until it answers, the process dies, or time runs out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                return False
            if self.healthy():
                return True
            time.sleep(0.05)
        return False

    def ensure_running(self) -> bool:
        """Restart a crashed server; True when it is up."""
        if self.alive():
            return True
        log.warning("action server is not running; restarting it")
        self.start()
        return self.wait_ready()

    def stop(self) -> None:
        if self._process is None:
            return
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None


def _die_with_parent() -> None:
    """Ask Linux to send SIGTERM when the parent dies; leave at once if it already has."""
    parent = int(os.environ.get("COMPASSION_PARENT_PID", "0"))
    if sys.platform.startswith("linux"):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None).prctl(pr_set_pdeathsig, int(signal.SIGTERM))
    if parent and os.getppid() != parent:
        sys.exit(0)


if __name__ == "__main__":
    from rasa_sdk.__main__ import main

    _die_with_parent()
    main()
