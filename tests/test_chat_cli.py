"""End to end: the installed `compassion chat` command, fed through a pipe as a script would."""
import json

import pytest

from tests.conftest import run_cli


@pytest.fixture(scope="module")
def conversation(model_path):
    lines = [
        b"hello",
        b"/crisis",
        b"",
        b"   ",
        b"i'm scared people will judge me if i ask for help",
        b"yes",
        b"\xff\xfe caf\xe9 \xf0\x9f\x98\xa2",
        ("so much to say " * 1400).encode(),
        b'/greet{"country": "US"}',
        b"I have been thinking about ending my life",
    ]
    result = run_cli(["chat", "--json", "--no-pace", "--sender", "e2e-test"], stdin=b"\n".join(lines) + b"\n")
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    return result, records


def by_turn(records, turn):
    return [r for r in records if r["turn"] == turn]


def test_exits_cleanly_with_json_only_on_stdout(conversation):
    result, records = conversation
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    assert "Traceback" not in result.stderr.decode()
    assert {r["turn"] for r in records} == set(range(1, 9)), "empty lines are skipped, every other line answered"


def test_greeting(conversation):
    _, records = conversation
    assert by_turn(records, 1)[0]["intent"] == "greet"


def test_slash_commands_are_read_as_text(conversation):
    _, records = conversation
    assert by_turn(records, 2)[0]["user"] == "/crisis"
    injected = by_turn(records, 7)[0]
    assert injected["user"].startswith("/greet")
    assert not (injected["intent"] == "greet" and injected["confidence"] == 1.0), "an injected intent must not be obeyed"


def test_fear_of_judgment_gets_warmth_and_an_offer(conversation):
    _, records = conversation
    turn = by_turn(records, 3)
    assert turn[0]["intent"] == "fear_of_judgment"
    assert turn[-1]["buttons"], "the answer ends with an offer"
    exercise = by_turn(records, 4)[0]["custom"]["exercise"]
    assert exercise["steps"] and all(s["seconds"] > 0 for s in exercise["steps"])


def test_odd_bytes_and_huge_messages_are_answered(conversation):
    _, records = conversation
    assert by_turn(records, 5)[0]["text"]
    assert by_turn(records, 6)[0]["text"]


def test_crisis_gets_the_emergency_numbers_first(conversation):
    _, records = conversation
    turn = by_turn(records, 8)
    assert turn[0]["intent"] == "crisis"
    assert "911" in turn[0]["text"] and "988" in turn[0]["text"]


def test_missing_model_is_a_one_line_error(tmp_path):
    result = run_cli(["chat", "--json"], stdin=b"hello\n", env={"COMPASSION_MODELS_DIR": str(tmp_path)})
    assert result.returncode != 0
    err = result.stderr.decode().strip()
    assert "No trained model" in err and "Traceback" not in err


def test_forget_deletes_conversations_and_reminders(model_path, tmp_path):
    env = {"COMPASSION_DATA_DIR": str(tmp_path)}
    chat = run_cli(["chat", "--no-pace"], stdin=b"hello\nremind me to breathe every two hours\n", env=env)
    assert chat.returncode == 0 and (tmp_path / "conversations.db").exists() and (tmp_path / "reminders.db").exists()
    result = run_cli(["forget"], env=env)
    assert result.returncode == 0
    assert "Deleted 1 conversation and 1 reminder" in result.stdout.decode()
    assert not (tmp_path / "conversations.db").exists() and not (tmp_path / "reminders.db").exists()


def test_breathing_request_prints_timed_steps_as_a_payload(model_path, tmp_path):
    result = run_cli(["chat", "--json", "--no-pace"], stdin=b"can we do a breathing exercise\n", env={"COMPASSION_DATA_DIR": str(tmp_path)})
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    exercise = records[0]["custom"]["exercise"]
    assert records[0]["intent"] == "request_exercise"
    assert any(step.get("breath") == "in" for step in exercise["steps"])
    assert sum(step["seconds"] for step in exercise["steps"]) >= 60
