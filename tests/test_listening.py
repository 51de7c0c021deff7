"""Active-listening practice: what the feedback notices, and how the practice starts."""
import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.listening import ActionAskListenerReply, ActionListeningFeedback, assess_reply, start_practice
from tests.conftest import tracker_for

FRIEND = "I didn't get the job. I really thought this one was going to be it, and now I'm back to square one."


@pytest.mark.parametrize(
    "reply,expected",
    [
        ("you should just apply for another one", "advice"),
        ("at least you got an interview", "at_least"),
        ("the same thing happened to me last year", "about_me"),
        ("that sounds really disappointing", "names_feeling"),
        ("how are you feeling about it now?", "asks_open"),
        ("i'm here for you", "stays"),
        ("you really thought this job was it, and now it feels like square one", "reflects"),
    ],
)
def test_feedback_notices_the_pattern(reply, expected):
    assert expected in assess_reply(reply, FRIEND)


def test_good_notes_come_before_the_ones_to_work_on():
    found = assess_reply("that sounds so hard, but you should try again", FRIEND)
    assert found.index("names_feeling") < found.index("advice")


def test_practice_starts_a_form_and_asks_as_the_friend():
    dispatcher = CollectingDispatcher()
    events = start_practice(dispatcher)
    assert any(e["event"] == "active_loop" and e["name"] == "listening_practice_form" for e in events)
    ActionAskListenerReply().run(dispatcher, tracker_for("request_exercise", "practise listening"), {})
    assert dispatcher.messages[-1]["text"].startswith("Your friend says:")


def test_feedback_then_offers_another_round():
    dispatcher = CollectingDispatcher()
    tracker = tracker_for("thank", "that sounds really hard", slots={"listener_reply": "that sounds really hard", "practice_round": 0})
    events = ActionListeningFeedback().run(dispatcher, tracker, {})
    assert any(v in dispatcher.messages[0]["text"] for v in content.listening_practice()["feedback"]["names_feeling"])
    slots = {e["name"]: e["value"] for e in events}
    assert slots["practice_round"] == 1 and slots["offer"] == "practice:listening"


@pytest.mark.parametrize(
    "reply",
    [
        "it sounds like you're back to square one. what was that like for you?",
        "you really thought this job was it. how are you feeling now?",
    ],
)
def test_a_reflection_with_an_open_question_is_credited_for_both(reply):
    found = assess_reply(reply, FRIEND)
    assert "reflects" in found and "asks_open" in found


def test_feedback_names_every_skill_used_and_varies_its_words():
    practice = content.listening_practice()
    reply = "it sounds like you're back to square one. what was that like?"
    slots = {"listener_reply": reply, "practice_round": 0}
    first = CollectingDispatcher()
    ActionListeningFeedback().run(first, tracker_for("thank", reply, slots=slots), {})
    text = first.messages[0]["text"]
    for skill in ("reflects", "asks_open"):
        assert any(v in text for v in practice["feedback"][skill]), skill
    said = [{"event": "bot", "text": m["text"]} for m in first.messages]
    again = CollectingDispatcher()
    ActionListeningFeedback().run(again, tracker_for("thank", reply, slots=slots, events=said), {})
    assert again.messages[0]["text"] != text and again.messages[1]["text"] != first.messages[1]["text"], "not word for word"
