"""The shell loop with a stand-in handler: numbered buttons, JSON lines, empty lines, pacing off."""
import io
import json

from assistant.core.replies import Reply, Turn
from assistant.frontends.shell import piped_lines, run

YES_NO = [{"title": "Yes, please", "payload": "yes please"}, {"title": "Not now", "payload": "no thanks"}]


def echo_handler(seen):
    def handle(text):
        if not text.strip():
            return None
        seen.append(text)
        return Turn(user=text, intent="greet", confidence=0.9, replies=[Reply(text=f"you said {text}", buttons=YES_NO)])
    return handle


def test_typing_a_button_number_sends_its_payload():
    seen = []
    run(echo_handler(seen), ["hello", "2", "7"], io.StringIO())
    assert seen == ["hello", "no thanks", "7"]


def test_json_mode_prints_one_object_per_message():
    out = io.StringIO()
    turns = run(echo_handler([]), ["hello", "", "again"], out, json_mode=True)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert turns == 2
    assert [r["turn"] for r in records] == [1, 2]
    assert records[0]["text"] == "you said hello" and records[0]["buttons"] == YES_NO
    assert "custom" not in records[0]


def test_exercise_steps_print_in_order_without_pacing():
    exercise = {"id": "x", "steps": [{"text": "one", "seconds": 100}, {"text": "two", "seconds": 100, "breath": "in"}], "closing": "How was that?"}

    def handle(text):
        return Turn(user=text, intent="request_exercise", confidence=1.0, replies=[Reply(text="Intro.", custom={"exercise": exercise})])

    out = io.StringIO()
    run(handle, ["breathe"], out, pace=False)
    lines = out.getvalue().splitlines()
    assert lines[0].endswith("Intro.")
    assert "one" in lines[1] and "(in) two" in lines[2]
    assert lines[3].endswith("How was that?")


def test_invalid_utf8_lines_are_decoded_leniently():
    assert list(piped_lines(io.BytesIO(b"ok\n\xff\xfe\n"))) == ["ok", "\ufffd\ufffd"]
