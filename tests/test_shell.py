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


def test_lines_typed_during_an_exercise_that_only_control_playback():
    from assistant.frontends.shell import player_command

    assert player_command("ok") == "resume" and player_command("Okay.") == "resume"
    assert player_command("sorry can you repeat that last bit") == "repeat"
    assert player_command("slow down a bit please") == "slower" and player_command("that's too fast") == "slower"
    assert player_command("slower please") == "slower" and player_command("can you go a bit slower") == "slower"
    assert player_command("how long is this going to take?") == "time_left"
    for message in ("ok stop", "can you repeat that, i want to stop", "i want to cut again", "say that again, i want to die",
                    "this reminds me how my dad used to slow down before he shouted at us every single night",
                    "how many more pills should i take", "how long until its all over", "how much longer do i have to pretend",
                    "slow down i cant breathe", "too fast, im having a panic attack"):
        assert player_command(message) == message, "a stop, risk words or a long message go to the assistant"


def _performed(typed):
    """An exercise of three 60-second steps with ``typed`` arriving during the first pause."""
    from assistant.frontends.shell import Renderer, player_command

    out = io.StringIO()
    renderer = Renderer(out, pace=True, interactive=True)
    answers = iter([player_command(typed)])
    renderer.wait = lambda seconds: next(answers, None)
    renderer.perform({"id": "x", "steps": [{"text": f"step {n}", "seconds": 60} for n in (1, 2, 3)], "closing": "Done?"})
    return out.getvalue(), renderer.pending_input


def test_an_acknowledgement_goes_on_and_a_question_of_time_is_answered_by_the_player():
    text, pending = _performed("ok")
    assert "Stopping" not in text and "step 3" in text and pending is None
    text, pending = _performed("how much longer?")
    assert "About 2 more minutes." in text and "step 3" in text and pending is None


def test_anything_else_typed_stops_the_exercise_and_becomes_the_next_message():
    text, pending = _performed("actually my chest feels tight")
    assert "Stopping the exercise." in text and "step 2" not in text and pending == "actually my chest feels tight"


def test_ctrl_c_during_an_exercise_stops_the_exercise_not_the_shell():
    from assistant.frontends.shell import Renderer

    def interrupted(seconds):
        raise KeyboardInterrupt

    out = io.StringIO()
    renderer = Renderer(out, pace=True, interactive=True)
    renderer.wait = interrupted
    renderer.perform({"id": "x", "steps": [{"text": "one", "seconds": 60}], "closing": "Done?"})
    assert "Stopping the exercise." in out.getvalue() and "Done?" not in out.getvalue()


def test_a_stopped_exercise_leaves_out_its_other_ways_to_do_it():
    from assistant.frontends.shell import Renderer

    out = io.StringIO()
    renderer = Renderer(out, pace=True, interactive=True)
    renderer.wait = lambda seconds: "stop"
    exercise = {"id": "x", "steps": [{"text": "one", "seconds": 60}, {"text": "two", "seconds": 60}], "closing": "Done?"}
    renderer.render(Reply(text="Intro.", custom={"exercise": exercise}, buttons=[{"title": "Box breathing", "payload": "box"}]))
    assert "Stopping the exercise." in out.getvalue() and "Box breathing" not in out.getvalue()
