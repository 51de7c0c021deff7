"""Two `compassion serve` processes on one PostgreSQL with a Redis lock store: Rasa's way to scale out.

The test installs PostgreSQL and Redis from Debian when they are missing (as root with apt-get, as in
CI), starts a throwaway cluster and a redis-server on 127.0.0.1, and sends interleaved conversations
to both servers: each conversation's turns alternate between them while ten conversations run at once.
Every conversation read back must hold each message and answer exactly once.
"""
import asyncio
import glob
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

import pytest

from assistant.core.action_server import free_port
from assistant.tools.load import run_load
from tests import serving
from tests.conftest import run_cli

TOKEN = "scale-out-token"


def binaries():
    """(initdb, pg_ctl, redis-server) paths, or None when any is missing."""
    pg_bin = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    initdb = shutil.which("initdb") or (pg_bin and f"{pg_bin[-1]}/initdb")
    pg_ctl = shutil.which("pg_ctl") or (pg_bin and f"{pg_bin[-1]}/pg_ctl")
    redis = shutil.which("redis-server")
    found = [initdb, pg_ctl, redis]
    return found if all(path and os.path.exists(path) for path in found) else None


def install_packages():
    if binaries():
        return binaries()
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip("needs PostgreSQL and Redis: install postgresql and redis-server, or run as root with apt-get (as CI does)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive", "RUNLEVEL": "1"}  # RUNLEVEL=1: install, do not start services
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, capture_output=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "postgresql", "redis-server"],
                   check=True, env=env, capture_output=True)
    assert binaries(), "postgresql and redis-server were installed but their programs are not where expected"
    return binaries()


def as_postgres(command):
    """initdb refuses to run as root: run PostgreSQL's tools as the `postgres` user then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@pytest.fixture(scope="module")
def databases():
    initdb, pg_ctl, redis_server = install_packages()
    folder = Path(tempfile.mkdtemp(prefix="compassion-pg-"))
    cluster = folder / "cluster"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    pg_port, redis_port = free_port(), free_port()
    subprocess.run(as_postgres([initdb, "-D", str(cluster), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]),
                   check=True, capture_output=True)
    options = f"-p {pg_port} -k {folder} -c listen_addresses=127.0.0.1"
    subprocess.run(as_postgres([pg_ctl, "-D", str(cluster), "-l", str(folder / "postgres.log"), "-o", options, "-w", "-t", "60", "start"]),
                   check=True, capture_output=True)
    redis = subprocess.Popen([redis_server, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield pg_port, redis_port
    finally:
        redis.terminate()
        redis.wait(timeout=10)
        subprocess.run(as_postgres([pg_ctl, "-D", str(cluster), "-m", "fast", "-w", "stop"]), capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def servers(model_path, databases, tmp_path_factory):
    pg_port, redis_port = databases
    folder = tmp_path_factory.mktemp("scale-out")
    endpoints = folder / "endpoints.yml"
    endpoints.write_text(
        "tracker_store:\n  type: sql\n  dialect: postgresql\n  url: 127.0.0.1\n"
        f"  port: {pg_port}\n  username: postgres\n  db: compassion\n  login_db: postgres\n"
        f"lock_store:\n  type: redis\n  url: 127.0.0.1\n  port: {redis_port}\n  db: 1\n"
    )
    env = {"COMPASSION_ENDPOINTS": str(endpoints)}
    both = [serving.launch(folder / "data", token=TOKEN, env=env) for _ in range(2)]
    try:
        yield [serving.wait_ready(server) for server in both], env, folder
    finally:
        for server in both:
            server.stop(signal.SIGTERM)


def test_two_servers_share_conversations_without_losing_or_doubling_events(servers, databases):
    import redis
    import sqlalchemy as sa

    (first, second), _, _ = servers
    report = asyncio.run(run_load([first.url, second.url], TOKEN, conversations=10, turns=6, max_seconds=300))
    assert report.turns == 60 and report.failed_turns == 0
    assert report.lost_events == 0 and report.duplicated_events == 0
    engine = sa.create_engine(f"postgresql://postgres@127.0.0.1:{databases[0]}/compassion")
    try:
        with engine.connect() as db:
            rows = db.execute(sa.text("SELECT sender_id, COUNT(*), COUNT(DISTINCT data) FROM events GROUP BY sender_id")).all()
    finally:
        engine.dispose()
    assert len(rows) == 10 and all(total == distinct for _, total, distinct in rows), "every event is stored once"
    for sender, _total, _ in rows[:3]:
        assert first.events(sender) == second.events(sender), "both servers see the same conversation"
    locks = redis.Redis(port=databases[1], db=1).info("commandstats")
    assert locks.get("cmdstat_set", {}).get("calls", 0) >= 60, "turns were serialised through the Redis lock store"


def test_forget_deletes_conversations_from_postgresql(servers, databases):
    import sqlalchemy as sa

    _, env, folder = servers
    result = run_cli(["forget"], env={**env, "COMPASSION_DATA_DIR": str(folder / "data")})
    assert result.returncode == 0, result.stderr.decode()
    assert "Deleted 10 conversations" in result.stdout.decode() and "postgresql://postgres@127.0.0.1" in result.stdout.decode()
    engine = sa.create_engine(f"postgresql://postgres@127.0.0.1:{databases[0]}/compassion")
    try:
        with engine.connect() as db:
            assert db.execute(sa.text("SELECT COUNT(*) FROM events")).scalar() == 0
    finally:
        engine.dispose()
