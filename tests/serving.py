"""`compassion serve` as the tests use it: a real process on a free 127.0.0.1 port, talked to over HTTP;
and a read-only file, for the fault tests."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Optional

import pytest

from assistant.core.action_server import free_port

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Server:
    process: subprocess.Popen
    url: str
    token: Optional[str]
    stderr_path: Path

    def request(self, method: str, path: str, body: Optional[dict] = None, headers: Optional[Dict[str, str]] = None,
                raw: Optional[bytes] = None, timeout: float = 120):
        """(status, headers, parsed JSON or text); HTTP errors are returned, not raised."""
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        all_headers = {"Content-Type": "application/json", **(headers or {})} if data is not None else dict(headers or {})
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=all_headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as reply:
                status, reply_headers, payload = reply.status, dict(reply.headers), reply.read()
        except urllib.error.HTTPError as error:
            status, reply_headers, payload = error.code, dict(error.headers), error.read()
        try:
            return status, reply_headers, json.loads(payload or b"null")
        except json.JSONDecodeError:
            return status, reply_headers, payload.decode(errors="replace")

    def say(self, message: str, sender: str) -> List[dict]:
        status, _, replies = self.request("POST", "/webhooks/rest/webhook", {"sender": sender, "message": message})
        assert status == 200, replies
        return replies

    def events(self, sender: str) -> List[dict]:
        status, _, tracker = self.request("GET", f"/conversations/{sender}/tracker?token={self.token}")
        assert status == 200, tracker
        return tracker["events"]

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace")

    def action_server_pids(self) -> List[int]:
        """Children of any of the server's threads (a restart may come from another thread than the first start)."""
        pids: List[int] = []
        for children in Path(f"/proc/{self.process.pid}/task").glob("*/children"):
            try:
                pids += [int(pid) for pid in children.read_text().split()]
            except OSError:  # the thread ended meanwhile
                pass
        return sorted(set(pids))

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 60) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()


def launch(data_dir: Path, *args: str, token: Optional[str] = "test-token", env: Optional[Dict[str, str]] = None,
           stderr_dir: Optional[Path] = None) -> Server:
    """Start `compassion serve` on a free port without waiting for it (start several at once).

    Its stderr goes to a file in ``stderr_dir`` (the data directory unless told otherwise: a file
    system that is to be remounted read-only must have no file open for writing)."""
    port = free_port()
    command = [str(Path(sys.executable).parent / "compassion"), "serve", "--port", str(port), *args]
    if token:
        command += ["--auth-token", token]
    data_dir.mkdir(parents=True, exist_ok=True)
    stderr_path = (stderr_dir or data_dir) / f"serve-{port}.stderr"
    with open(stderr_path, "wb") as stderr:
        process = subprocess.Popen(command, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr,
                                   env={**os.environ, "COMPASSION_DATA_DIR": str(data_dir), **(env or {})})
    return Server(process, f"http://127.0.0.1:{port}", token, stderr_path)


def wait_ready(server: Server, timeout: float = 180) -> Server:
    """Wait until the health check answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise AssertionError(f"compassion serve exited with {server.process.returncode}: {server.stderr()[-2000:]}")
        try:
            with urllib.request.urlopen(server.url + "/", timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.stop(signal.SIGKILL)
    raise AssertionError(f"compassion serve did not come up: {server.stderr()[-2000:]}")


def start(data_dir: Path, *args: str, token: Optional[str] = "test-token", env: Optional[Dict[str, str]] = None,
          stderr_dir: Optional[Path] = None) -> Server:
    """Start `compassion serve` and wait until it answers."""
    return wait_ready(launch(data_dir, *args, token=token, env=env, stderr_dir=stderr_dir))


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make a file unwritable even for root (the immutable flag), or by its mode for anyone else."""
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
            pytest.skip("running as root on a filesystem without the immutable flag (chattr +i): cannot make a file read-only")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        mode = path.stat().st_mode
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(mode)
