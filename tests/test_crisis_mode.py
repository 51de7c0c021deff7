"""Crisis mode's actions in isolation: what ends it, what keeps it, and the answers that depend on what was said
(an overdose taken, someone hurting them, a line already contacted, safety taken back, a friend at risk)."""
import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.friend import ActionFriendGuide, as_if_theirs, friend_risk
from actions.resources import ActionCrisisLines
from actions.safety import ActionCrisisReminder, ActionGladSafe, ActionSafetyRetracted
from actions.support import JUST_TALK
from tests.conftest import tracker_for

TALK = content.safety_talk()
ASKED_IF_SAFE = [{"event": "bot", "text": "Are you safe right now? When you are, tell me, I'm safe, and we can go on together."}]


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, {})
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


@pytest.mark.parametrize("said", ["ok i texted them", "i called samaritans", "they haven't answered yet", "i'm on hold with lifeline"])
def test_reaching_out_is_praised_and_crisis_mode_stays(said):
    messages, slots = run(ActionCrisisReminder(), tracker_for("nlu_fallback", said, slots={"country": "AU", "crisis_mode": True}))
    assert any(messages[0]["text"].startswith(v.split("{")[0]) for v in TALK["reached_out"]) and "000" in messages[0]["text"]
    assert "crisis_mode" not in slots


def test_yes_to_are_you_safe_ends_crisis_mode():
    tracker = tracker_for("affirm", "yes", slots={"country": "AU", "crisis_mode": True}, events=ASKED_IF_SAFE)
    messages, slots = run(ActionCrisisReminder(), tracker)
    assert messages[0]["text"] in TALK["glad_safe"]
    assert slots["crisis_mode"] is False and slots["crisis_answered"] is False


def test_a_yes_to_anything_else_asks_them_to_say_they_are_safe():
    tracker = tracker_for("affirm", "yes", slots={"country": "AU", "crisis_mode": True},
                          events=[{"event": "bot", "text": "Would you like to try a grounding exercise?"}])
    messages, slots = run(ActionCrisisReminder(), tracker)
    assert "I'm safe" in messages[0]["text"] and "crisis_mode" not in slots


def test_an_overdose_gets_medical_help_first_and_is_remembered():
    messages, slots = run(ActionCrisisLines(), tracker_for("crisis", "i took a whole packet of paracetamol an hour ago", slots={"country": "GB"}))
    text = messages[0]["text"]
    assert text.startswith(TALK["overdose_first"][0].split("{")[0]) and text.index("999") < text.index("116 123")
    assert slots["crisis_overdose"] is True and slots["crisis_mode"] is True


def test_someone_hurting_them_is_told_it_is_not_their_fault():
    messages, slots = run(ActionCrisisLines(), tracker_for("crisis", "my stepdad hit me again tonight", slots={"country": "GB"}))
    assert messages[0]["text"].startswith(TALK["danger_first"][0]) and slots["crisis_overdose"] is False


def test_suicidal_thoughts_get_the_lines_with_no_opener():
    messages, _ = run(ActionCrisisLines(), tracker_for("crisis", "i want to end my life", slots={"country": "GB"}))
    assert messages[0]["text"].startswith("In the United Kingdom")


@pytest.mark.parametrize("said", ["i'm safe now", "i feel fine honestly"])
def test_feeling_fine_after_an_overdose_is_not_yet_safe(said):
    tracker = tracker_for("confirm_safe", said, slots={"country": "IE", "crisis_overdose": True})
    messages, slots = run(ActionGladSafe(), tracker)
    assert any(messages[0]["text"].startswith(v.split("{")[0][:40]) for v in TALK["overdose_not_safe_yet"]) and "112" in messages[0]["text"]
    assert slots["crisis_mode"] is True


def test_safe_after_an_overdose_once_medical_help_is_named():
    messages, slots = run(ActionGladSafe(), tracker_for("confirm_safe", "i'm in a&e now, they're looking after me",
                                                        slots={"country": "IE", "crisis_overdose": True}))
    assert messages[0]["text"] in TALK["glad_safe"]
    assert slots["crisis_mode"] is False and slots["crisis_overdose"] is False


def test_after_an_overdose_crisis_mode_keeps_medical_help_in_view_and_offers_no_exercise():
    tracker = tracker_for("need_help", "what do i do", slots={"country": "NZ", "crisis_mode": True, "crisis_overdose": True})
    messages, _ = run(ActionCrisisReminder(), tracker)
    assert "emergency department" in messages[0]["text"] and "111" in messages[0]["text"]
    assert "Do a grounding exercise with me" not in [b["title"] for b in messages[0]["buttons"]]


@pytest.mark.parametrize("said", ["actually no i'm not", "not really", "i lied"])
def test_taking_safety_back_gets_the_urgent_answer(said):
    messages, slots = run(ActionSafetyRetracted(), tracker_for("deny", said, slots={"country": "AU"}))
    assert messages[0]["text"].index("000") < messages[0]["text"].index("13 11 14")
    assert slots["crisis_mode"] is True


def test_a_plain_no_thanks_after_saying_safe_is_only_declined():
    messages, slots = run(ActionSafetyRetracted(), tracker_for("deny", "no thanks", slots={"country": "AU"}))
    assert messages[0]["text"] in JUST_TALK and "crisis_mode" not in slots


@pytest.mark.parametrize("said, category", [
    ("he said last week that everyone would be better off without him", "burden"),
    ("my friend just messaged that she wants to kill herself", "ideation"),
    ("my brother says he has a rope in his car", "plan_means"),
])
def test_what_was_said_of_someone_else_is_read_as_their_risk(said, category):
    assert friend_risk(said) == category


def test_at_risk_tonight_or_unreachable_is_urgent():
    assert friend_risk("my friend just messaged that she wants to kill herself tonight") in content.friend_guide()["at_risk"]["urgent_categories"]
    assert friend_risk("my mate is sad about his exams and not answering") is None


def test_her_is_read_as_me_or_my_from_what_follows():
    assert as_if_theirs("she said we would be better off without her") == "i said we would be better off without me"
    assert as_if_theirs("she wants to end her life") == "i wants to end my life"


def test_later_messages_about_a_friend_at_risk_keep_the_number_in_view_without_the_guide_again():
    first, slots = run(ActionFriendGuide(), tracker_for("support_a_friend", "my friend says she wants to die", slots={"country": "CA"}))
    assert slots["friend_at_risk"] == "ideation"
    later, slots = run(ActionFriendGuide(), tracker_for("support_a_friend", "she won't answer my calls now",
                                                        slots={"country": "CA", "friend_at_risk": "ideation", "topic": "support_a_friend"}))
    assert len(later) == 1 and "911" in later[0]["text"] and "988" in later[0]["text"]
    guide = content.friend_guide()
    assert not any(step["title"] in later[0]["text"] for step in guide["steps"])
