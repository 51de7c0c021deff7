"""The custom-action server as a child process on a free loopback port.

The runtime owns it: started before the model loads (so both warm up at once),
health-checked, restarted if it dies or hangs, and stopped when the runtime closes. It runs
in its own session, so a Ctrl-C meant for the assistant does not cut a turn short,
and on Linux it dies with the process that started it, even after a ``kill -9``.

Each start gets a fresh secret (in its environment, never on its command line) that every call
but ``/health`` must carry in the :data:`SECRET_HEADER` header: without it the server answers 401,
so another program on this machine cannot run actions, or create and list reminders, for anyone.
"""
from __future__ import annotations

import ctypes
import hmac
import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Dict, Optional

log = logging.getLogger(__name__)

READY_SECONDS = 10.0
"""Longest a turn waits for a (re)started action server; rasa_sdk starts in 1-3 s here."""

SECRET_HEADER = "X-Compassion-Action-Secret"
SECRET_ENV = "COMPASSION_ACTION_SECRET"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ActionServer:
    """A ``rasa_sdk`` server running ``actions/`` on 127.0.0.1."""

    def __init__(self, root: Path, port: Optional[int] = None, data_dir: Optional[Path] = None) -> None:
        self.root = root
        self.data_dir = data_dir  # where its actions keep reminders (default: the environment's)
        self.port = port or free_port()
        self.secret = secrets.token_urlsafe(32)
        self._process: Optional[subprocess.Popen] = None
        self._ready = False  # the running process has answered its health check
        self._lock = threading.RLock()  # turns on several threads may find it dead at once

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/webhook"

    @property
    def headers(self) -> Dict[str, str]:
        """What Rasa sends with every action call so the server knows it is us."""
        return {SECRET_HEADER: self.secret}

    def start(self) -> None:
        with self._lock:
            self._start()

    def _start(self) -> None:
        path = os.pathsep.join(p for p in (str(self.root), os.environ.get("PYTHONPATH", "")) if p)
        env = dict(os.environ, SANIC_HOST="127.0.0.1", PYTHONPATH=path, COMPASSION_PARENT_PID=str(os.getpid()),
                   **{SECRET_ENV: self.secret})
        if self.data_dir is not None:
            env["COMPASSION_DATA_DIR"] = str(self.data_dir)
        command = [sys.executable, "-m", "assistant.core.action_server", "--actions", "actions", "--port", str(self.port)]
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
        self._ready = False
        log.info("action server starting on port %s (pid %s)", self.port, self._process.pid)

    @property
    def pid(self) -> Optional[int]:
        """The running action server's process id (``None`` when it is not running)."""
        return self._process.pid if self._process is not None else None

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
                self._ready = True
                return True
            time.sleep(0.05)
        return False

    def revive(self) -> None:
        """Start a dead server without waiting for it (a crisis turn goes on without its actions).

        Call it from the thread that owns the runtime: Linux ends the child when the thread that
        started it ends (PR_SET_PDEATHSIG), so it must not be a short-lived worker thread.
        """
        with self._lock:
            if not self.alive():
                log.warning("action server is not running; restarting it")
                self._start()

    def ready(self) -> bool:
        """Running and has answered: the common case, known without waiting or a thread."""
        return self.alive() and self._ready

    def ensure_ready(self, timeout: float = READY_SECONDS) -> bool:
        """Wait (in any thread) until a started server answers; True when it is up.

        One that has not answered in ``timeout`` is hung (or stopped) while starting: it is ended, so the
        turn goes on without it at once and the next :meth:`revive` starts a fresh one.
        """
        if self.ready() or self.wait_ready(timeout):
            return True
        with self._lock:
            if self.alive() and not self._ready:
                log.warning("action server did not answer in %.0f s; replacing it", timeout)
                self._kill()
        return False

    def ensure_running(self) -> bool:
        """Restart a crashed server and wait for it; True when it is up."""
        self.revive()
        return self.ensure_ready()

    def stop_if_hung(self) -> bool:
        """After a failed call, in any thread: end a server that runs but no longer answers (hung, or
        stopped with SIGSTOP), so the next :meth:`revive` replaces it. True when it was ended."""
        with self._lock:
            if self.alive() and self._ready and not self.healthy() and not self.healthy():  # not one still starting
                log.warning("action server stopped answering; replacing it")
                self._kill()
                return True
        return False

    def _kill(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()  # works on a stopped (SIGSTOP) process too
            self._process.wait()
        self._process = None

    def stop(self) -> None:
        with self._lock:
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


def _require_secret(secret: str) -> None:
    """Make rasa_sdk's app refuse every call but ``/health`` that does not carry this process's secret."""
    from rasa_sdk import endpoint
    from sanic import response

    create_app = endpoint.create_app

    def guarded_app(*args: Any, **kwargs: Any) -> Any:
        app = create_app(*args, **kwargs)

        @app.middleware("request")
        async def need_secret(request: Any) -> Any:
            given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "surrogateescape")
            if request.path == "/health" or hmac.compare_digest(given, secret.encode()):
                return None
            return response.json({"error": "this action server only answers the assistant that started it"}, status=401)

        return app

    endpoint.create_app = guarded_app


def send_domain_only_where_read(agent: Any) -> None:
    """Send the domain (12 kB) only with calls to actions that say they read it (``send_domain`` in domain.yml).

    Decided from the loaded model's own domain: a model trained before an action said so keeps Rasa's default
    of sending it with every call, so its form validator still gets the slots it needs.
    """
    endpoint = getattr(agent, "action_endpoint", None)
    domain = agent.domain
    if endpoint is not None and any(domain.does_custom_action_explicitly_need_domain(name) for name in domain.user_actions):
        endpoint.kwargs["enable_selective_domain"] = True


if __name__ == "__main__":
    from assistant.core.settings import prepare_environment

    prepare_environment()
    from rasa_sdk.__main__ import main

    _die_with_parent()
    _secret = os.environ.pop(SECRET_ENV, "")
    if not _secret:
        sys.stderr.write(f"assistant.core.action_server: started without {SECRET_ENV}; refusing to serve\n")
        sys.exit(2)
    _require_secret(_secret)
    from assistant.safety.lexicon import assess

    assess("warming up")  # the lexicon compiles on first use (1-2 s): before the server answers, not in a turn's 2 s
    main()
