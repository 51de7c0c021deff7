"""`compassion loadtest`: many conversations at once against `compassion serve`, bounded and local only.

Each simulated person sends their turns one after another, waiting for each answer as a person
would, and N people talk at once. Afterwards every conversation is read back through the tracker API
and compared with what was sent and received: a message or an answer missing from the store is a
lost event, one stored twice a duplicate. Given several ``--url`` the turns of each conversation go
round-robin over the servers, so it also checks that servers sharing one database (PostgreSQL with
a Redis lock store) keep every conversation whole. Without ``--url`` it starts its own
``compassion serve`` with SQLite in a temporary directory.

It only talks to 127.0.0.1 (or another loopback address): a load generator must not be pointed at
someone else's server.
"""
from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections import Counter
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple
from urllib.parse import quote, urlsplit

from assistant.core import settings as settings_module
from assistant.core.action_server import free_port
from assistant.core.errors import SetupError
from assistant.core.text import clean
from assistant.frontends.server import is_loopback, new_token

MAX_CONVERSATIONS = 200
MAX_TURNS = 100
REQUEST_TIMEOUT_SECONDS = 120


@dataclass
class LoadReport:
    servers: int
    conversations: int
    turns_per_conversation: int
    turns: int = 0
    failed_turns: int = 0
    seconds: float = 0.0
    turns_per_second: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    lost_events: int = 0
    duplicated_events: int = 0
    hostile_turns: int = 0
    servers_down_after: int = 0
    latencies_ms: List[float] = field(default_factory=list, repr=False)

    def as_dict(self) -> Dict[str, object]:
        return {k: (round(v, 2) if isinstance(v, float) else v) for k, v in asdict(self).items() if k != "latencies_ms"}


@dataclass
class Conversation:
    sender: str
    sent: List[str] = field(default_factory=list)
    received: List[str] = field(default_factory=list)


def _parts(text: Optional[str], custom: Optional[dict]) -> List[str]:
    """What an answer carries, comparable between the REST reply and the stored bot event.

    Rasa stores one bot event with text and payload but sends them as two REST messages.
    """
    return ([f"text:{text}"] if text else []) + ([f"custom:{json.dumps(custom, sort_keys=True)}"] if custom else [])


def messages() -> List[str]:
    """Varied real-sounding turns: the held-out NLU examples (crisis messages included)."""
    from assistant.tools.evaluation import load_examples

    return [text for text, _ in load_examples(settings_module.ROOT / "tests" / "nlu" / "heldout.yml")]


# Inputs a hostile local program would send (issue 16's probes): command injections in disguise, lone
# surrogates, invisible and bidirectional characters, huge text. Mixed into the load with --hostile.
HOSTILE = [
    "/ /confirm_safe", "/\t/restart", "//  /stop", "/\u200b/greet", "\uff0f \uff0fconfirm_safe",
    '/ /inform_country{"country":"<script>alert(1)</script>"}', "I want to end my life \ud83d", "hi \ud800 there",
    "\u202eevil\u202c hello", "i feel low" + " again" * 4000, "\x00\x07 thanks \x1b[31m", "confirm_safe",
]


def check_local(urls: List[str]) -> None:
    for url in urls:
        host = urlsplit(url).hostname or ""
        if not is_loopback(host):
            raise SetupError(f"loadtest only talks to servers on this machine, not {url}")


async def _talk(session, urls: List[str], conversation: Conversation, texts: List[str], latencies: List[float], failures: List[int]) -> None:
    import aiohttp

    for number, text in enumerate(texts):
        url = urls[number % len(urls)].rstrip("/") + "/webhooks/rest/webhook"
        started = time.perf_counter()
        try:
            async with session.post(url, json={"sender": conversation.sender, "message": text}) as reply:
                body = await reply.json() if reply.status == 200 else None
        except (aiohttp.ClientError, asyncio.TimeoutError):
            body = None
        latencies.append((time.perf_counter() - started) * 1000)
        conversation.sent.append(clean(text))  # what the server keeps is the cleaned message
        if body is None:
            failures.append(1)
            continue
        conversation.received += [part for message in body for part in _parts(message.get("text"), message.get("custom"))]


async def _stored(session, url: str, token: str, sender: str) -> Tuple[List[str], List[str]]:
    async with session.get(f"{url.rstrip('/')}/conversations/{quote(sender)}/tracker", params={"token": token}) as reply:
        reply.raise_for_status()
        events = (await reply.json())["events"]
    users = [e.get("text") for e in events if e["event"] == "user"]
    bots = [part for e in events if e["event"] == "bot" for part in _parts(e.get("text"), (e.get("data") or {}).get("custom"))]
    return users, bots


def _difference(expected: List, found: List) -> Tuple[int, int]:
    want, have = Counter(expected), Counter(found)
    return sum((want - have).values()), sum((have - want).values())


def _up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/", timeout=10) as reply:
            return reply.status == 200
    except OSError:
        return False


async def run_load(urls: List[str], token: str, conversations: int, turns: int, max_seconds: float, seed: int = 7,
                   hostile: float = 0.0) -> LoadReport:
    """Talk, then read every conversation back and count what is missing or doubled."""
    import aiohttp

    check_local(urls)
    pool = messages()
    rng = random.Random(seed)
    run = uuid.uuid4().hex[:8]
    people = [Conversation(f"load-{run}-{n}") for n in range(conversations)]
    scripts = [[rng.choice(HOSTILE) if rng.random() < hostile else rng.choice(pool) for _ in range(turns)] for _ in people]
    report = LoadReport(servers=len(urls), conversations=conversations, turns_per_conversation=turns)
    failures: List[int] = []
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_SECONDS)
    async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=conversations)) as session:
        started = time.perf_counter()
        talks = [_talk(session, urls, person, script, report.latencies_ms, failures) for person, script in zip(people, scripts)]
        try:
            await asyncio.wait_for(asyncio.gather(*talks), timeout=max_seconds)
        except asyncio.TimeoutError:
            raise SetupError(f"the load test did not finish within {max_seconds:.0f} s") from None
        report.seconds = time.perf_counter() - started
        for person in people:
            users, bots = await _stored(session, urls[0], token, person.sender)
            for expected, found in ((person.sent, users), (person.received, bots)):
                lost, doubled = _difference(expected, found)
                report.lost_events += lost
                report.duplicated_events += doubled
    report.hostile_turns = sum(text in HOSTILE for script in scripts for text in script)
    report.servers_down_after = sum(not _up(url) for url in urls)
    report.turns = len(report.latencies_ms)
    report.failed_turns = len(failures)
    report.turns_per_second = report.turns / report.seconds if report.seconds else 0.0
    report.p50_ms = statistics.median(report.latencies_ms)
    report.p95_ms = statistics.quantiles(report.latencies_ms, n=20)[-1] if report.turns > 1 else report.p50_ms
    return report


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SetupError("compassion serve stopped before it was ready; run it alone to see why")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SetupError(f"compassion serve did not answer at {url} within {timeout:.0f} s")


@contextmanager
def own_server() -> Iterator[Tuple[str, str]]:
    """A `compassion serve` with SQLite in a temporary data directory, stopped (SIGTERM) afterwards."""
    token = new_token()
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="compassion-load-") as data:
        env = {**os.environ, "COMPASSION_DATA_DIR": data, "COMPASSION_AUTH_TOKEN": token}
        command = [str(Path(sys.executable).parent / "compassion"), "serve", "--port", str(port)]
        process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(url + "/", process)
            yield url, token
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def format_report(report: LoadReport) -> str:
    return (
        f"{report.conversations} conversations x {report.turns_per_conversation} turns on {report.servers} server(s): "
        f"{report.turns} turns in {report.seconds:.1f} s, {report.turns_per_second:.1f} turns/s, "
        f"p50 {report.p50_ms:.0f} ms, p95 {report.p95_ms:.0f} ms, failed turns {report.failed_turns}, "
        f"lost events {report.lost_events}, duplicated events {report.duplicated_events}, "
        f"hostile turns {report.hostile_turns}, servers down after {report.servers_down_after}"
    )


def main(urls: List[str], token: Optional[str], conversations: int, turns: int, max_seconds: float, as_json: bool,
         hostile: float = 0.0) -> int:
    if not 1 <= conversations <= MAX_CONVERSATIONS or not 1 <= turns <= MAX_TURNS:
        raise SetupError(f"loadtest is bounded: 1-{MAX_CONVERSATIONS} conversations of 1-{MAX_TURNS} turns")
    check_local(urls)
    if urls:
        if not token:
            raise SetupError("loadtest reads the conversations back through the HTTP API: pass --token (or set COMPASSION_AUTH_TOKEN)")
        report = asyncio.run(run_load(urls, token, conversations, turns, max_seconds, hostile=hostile))
    else:
        with own_server() as (url, own_token):
            report = asyncio.run(run_load([url], own_token, conversations, turns, max_seconds, hostile=hostile))
    print(json.dumps(report.as_dict(), indent=2) if as_json else format_report(report))
    clean_run = not (report.lost_events or report.duplicated_events or report.failed_turns or report.servers_down_after)
    return 0 if clean_run else 1
