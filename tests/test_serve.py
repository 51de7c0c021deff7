"""`compassion serve` end to end: token, REST channel, injection, CORS, privacy, action-server crashes, load.

One server for the module, started without --auth-token (so it makes and prints one) and with an
audit hook in it and in its action server that writes down every socket connect, bind and name lookup.
"""
import ast
import asyncio
import json
import os
import re
import signal
import time
from types import SimpleNamespace

import pytest

from tests import serving
from tests.conftest import run_cli

DISTINCTIVE = "my quokka named zephyrine-4711 makes me feel drained"

AUDIT_HOOK = '''
import os, sys

_log = os.environ.get("COMPASSION_TEST_NETWORK_LOG")
_watched = {"socket.connect": 1, "socket.bind": 1, "socket.sendto": 1, "socket.getaddrinfo": 0}

def _audit(event, args):
    if _log and event in _watched:
        with open(_log, "a") as out:
            out.write(f"{os.getpid()}\\t{event}\\t{args[_watched[event]]!r}\\n")

sys.addaudithook(_audit)
'''


@pytest.fixture(scope="module")
def server(model_path, tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve")
    hook = folder / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(AUDIT_HOOK)
    network_log = folder / "network.log"
    env = {"PYTHONPATH": str(hook), "COMPASSION_TEST_NETWORK_LOG": str(network_log)}
    running = serving.start(folder / "data", token=None, env=env)
    running.token = re.search(r"API token \(shown only now\): (\S+)", running.stderr()).group(1)
    running.network_log = network_log
    yield running
    running.stop()


@pytest.fixture(scope="module")
def conversation(server):
    """A full conversation over the REST channel: feelings, exercises, country, crisis, sticky check-in, help."""
    turns = ["hello", DISTINCTIVE, "yes", "can we do a breathing exercise", "I'm in the UK", "I want to end my life",
             "thanks", "I'm safe now, I called my sister", "where can I find a therapist"]
    return [server.say(text, "rest-conversation") for text in turns]


def test_health_is_open_and_the_api_needs_the_token(server):
    status, _, body = server.request("GET", "/")
    assert status == 200 and "Rasa" in body
    assert server.request("GET", "/status")[0] == 401
    assert server.request("GET", "/status?token=wrong")[0] == 401
    status, _, body = server.request("GET", f"/status?token={server.token}")
    assert status == 200 and body["model_file"].endswith(".tar.gz")
    assert server.stderr().count(server.token) == 1, "the generated token is printed once"


def test_rest_channel_answers_a_whole_conversation(conversation):
    _, _, yes, breathing, _, crisis, thanks, safe, therapist = conversation
    assert all(conversation), "every turn is answered"
    assert any("exercise" in r.get("custom", {}) for r in yes + breathing), "exercises travel as a payload"
    assert "999" in crisis[0]["text"] and "116 123" in crisis[0]["text"], "the crisis answer comes first"
    assert "911" not in crisis[0]["text"], "with the UK's numbers only, once the person said where they are"
    assert "116 123" in thanks[0]["text"] and "are you safe" in thanks[-1]["text"].lower(), "crisis mode is sticky"
    assert "safe" in safe[0]["text"] and therapist[0]["text"]


def test_slash_commands_are_read_as_words(server):
    sender = "injection"
    server.say("/crisis", sender)
    server.say('/greet{"country": "US"}', sender)
    status, _, tracker = server.request("GET", f"/conversations/{sender}/tracker?token={server.token}")
    users = [e for e in tracker["events"] if e["event"] == "user"]
    assert [u["text"] for u in users] == ["crisis", 'greet{"country": "US"}']
    injected = users[1]["parse_data"]["intent"]
    assert not (injected["name"] == "greet" and injected["confidence"] == 1.0), "an injected intent must not be obeyed"
    assert tracker["slots"].get("country") != "US", "an injected slot must not be set"


def test_empty_messages_are_not_turns(server):
    assert server.say("   ", "empty-message") == []


def test_cors_is_closed(server):
    preflight = {"Origin": "http://example.com", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    _, headers, _ = server.request("OPTIONS", "/webhooks/rest/webhook", headers=preflight)
    assert not any(h.lower() == "access-control-allow-origin" for h in headers)
    _, headers, _ = server.request("POST", "/webhooks/rest/webhook", {"sender": "cors", "message": "hi"}, headers={"Origin": "http://example.com"})
    assert not any(h.lower() == "access-control-allow-origin" for h in headers)


def test_rest_channel_refuses_what_a_web_page_could_send(server):
    form = server.request("POST", "/webhooks/rest/webhook", raw=b'{"sender": "x", "message": "hi"}', headers={"Content-Type": "text/plain"})
    assert form[0] == 415
    assert server.request("POST", "/webhooks/rest/webhook", raw=b'["hi"]')[0] == 400
    rebinding = server.request("POST", "/webhooks/rest/webhook", {"sender": "x", "message": "hi"}, headers={"Host": "attacker.example:5005"})
    assert rebinding[0] == 403


def test_rest_channel_needs_the_token_when_not_on_loopback():
    from assistant.frontends.server import CleanRestInput, is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost") and not is_loopback("0.0.0.0")
    channel = CleanRestInput(token="secret", loopback=False)

    def request(**args):
        return SimpleNamespace(args=args, headers={"host": "192.0.2.7:5005"}, method="POST", content_type="application/json",
                               json={"sender": "s", "message": "hi"})

    assert asyncio.run(channel._guard(request())).status == 401
    assert asyncio.run(channel._guard(request(token="wrong"))).status == 401
    assert asyncio.run(channel._guard(request(token="secret"))) is None


def test_failed_or_empty_turns_get_an_apology_not_silence():
    from rasa.core.channels.channel import CollectingOutputChannel

    from assistant.core.runtime import SORRY, answer
    from assistant.core.stores import StoreError

    class Agent:
        domain = None

        def __init__(self, handle, intent="greet"):
            self.handle_message, self.intent = handle, intent

        async def parse_message(self, text):
            return {"intent": {"name": self.intent, "confidence": 1.0}, "entities": [], "text": text}

    async def texts(handler, intent="greet"):
        messages, _ = await answer(Agent(handler, intent), "hello", "s", CollectingOutputChannel())
        return [m["text"] for m in messages]

    async def silent(message):
        return None

    async def broken(message):
        raise RuntimeError("simulated failure")

    async def read_only(message):
        await message.output_channel.send_text_message("s", "an answer")
        raise StoreError("the conversation database is read-only")

    assert asyncio.run(texts(silent)) == [SORRY.text]
    assert asyncio.run(texts(broken)) == [SORRY.text]
    kept = asyncio.run(texts(read_only))
    assert kept[0] == "an answer" and "couldn't save" in kept[1] and "read-only" in kept[1]
    crisis = asyncio.run(texts(broken, intent="crisis"))
    assert "911" in crisis[0] and "findahelpline.com" in crisis[1] and "Are you safe" in crisis[2], "a crisis never gets the apology"


def test_no_connection_leaves_this_machine(server, conversation):
    records = [line.split("\t") for line in server.network_log.read_text().splitlines()]
    assert len({pid for pid, _, _ in records}) >= 2, "both the server and its action server were watched"
    assert any(event == "socket.connect" for _, event, _ in records), "the hook saw the server call its action server"
    for _, event, address in records:
        value = ast.literal_eval(address)  # a host name, a socket path or an (address, port, ...) tuple
        host = value[0] if isinstance(value, tuple) else value
        if event == "socket.getaddrinfo" or isinstance(value, tuple):
            assert host in ("127.0.0.1", "::1", "localhost", "", None), f"{event} to {value!r}"


def test_logs_never_carry_message_text(server, conversation):
    stderr = server.stderr()
    assert "zephyrine" not in stderr and "quokka" not in stderr
    assert "end my life" not in stderr and "called my sister" not in stderr


def test_killed_action_server_is_restarted_and_the_crisis_answer_stays(server):
    before = server.action_server_pids()
    assert before
    for pid in before:
        os.kill(pid, signal.SIGKILL)
    time.sleep(0.2)
    crisis = server.say("i want to kill myself", "action-crash")
    assert "999" in crisis[0]["text"]
    exercise = server.say("can we do a breathing exercise", "action-crash-2")
    assert any("exercise" in r.get("custom", {}) for r in exercise), "custom actions work again"
    after = server.action_server_pids()
    assert after and not set(after) & set(before)


def test_load_loses_no_events(server):
    result = run_cli(["loadtest", "--url", server.url, "--token", server.token, "--conversations", "8", "--turns", "5", "--json"])
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    report = json.loads(result.stdout)
    assert report["turns"] == 40 and report["failed_turns"] == 0
    assert report["lost_events"] == 0 and report["duplicated_events"] == 0


def test_a_generated_token_can_follow_token_on_a_command_line():
    """A token_urlsafe string starts with "-" one time in 64, and argparse then reads it as an option."""
    from assistant.frontends.server import new_token

    tokens = {new_token() for _ in range(500)}
    assert len(tokens) == 500 and not any(token.startswith("-") for token in tokens)
