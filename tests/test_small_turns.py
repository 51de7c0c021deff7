"""Session 27: small turns a new user met that were answered as something else.

A greeting straight after the direct question ("anyway hows your day"), "nvm", a bare "bye" as the very first
message (in voice, a misheard "hi"), going over something again and again ("i keep replaying it"), and kindness
toward another person asked for as an exercise."""
import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.check_declined import ActionCheckDeclined
from actions.conversation import ActionGoodbye
from actions.support import ActionSupport
from tests.conftest import tracker_for

TALK = content.safety_talk()
QUESTION = [{"event": "bot", "text": TALK["check_question"][0]}]


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, {})
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_a_greeting_after_the_direct_question_changes_the_subject_with_the_line_in_view():
    """"anyway hows your day", straight after the question, had the first greeting again."""
    messages, slots = run(ActionCheckDeclined(), tracker_for("greet", "anyway hows your day", events=QUESTION,
                                                             slots={"offer": "risk_check", "country": "GB"}))
    text = messages[0]["text"]
    assert "116 123" in text and "?" in text and slots["offer"] is None and not slots.get("crisis_mode")
    assert any(text.startswith(t.split("{")[0][:25]) for t in TALK["check_deflected"])


@pytest.mark.parametrize("said, first", [("bye", True), ("Goodbye.", True), ("bye bye", True), ("bye for now", False)])
def test_a_bare_bye_as_the_very_first_message_is_answered_as_either(said, first):
    messages, _ = run(ActionGoodbye(), tracker_for("goodbye", said))
    assert (messages[0].get("text") in content.not_understood()["first_bye"]) == first
    assert not first or "automated" in messages[0]["text"]
    earlier = [{"event": "user", "text": "i had a long day"}, {"event": "bot", "text": "That sounds tiring."}]
    messages, _ = run(ActionGoodbye(), tracker_for("goodbye", said, events=earlier))
    assert messages[0].get("response") == "utter_goodbye"


@pytest.mark.parametrize("said, named", [
    ("i keep replaying it", True),
    ("cant stop replaying what he said", True),
    ("my brain wont stop going over the whole argument", True),
    ("i keep going over the budget every month and it's stressing me", False),
    ("she keeps replaying the video", False),
])
def test_going_over_something_again_and_again_is_heard_as_that(said, named):
    messages, _ = run(ActionSupport(), tracker_for("feeling_depressed", said))
    assert any(v in messages[0]["text"] for v in content.situations()["replaying"]["validate"]) == named, messages[0]["text"]


@pytest.mark.model
@pytest.mark.parametrize("said, intent", [("nvm", "stop"), ("i keep replaying it", "feeling_depressed")])
def test_short_turns_are_read_as_what_they_say(engine, said, intent):
    assert engine.parse(said)["intent"]["name"] == intent


@pytest.mark.model
@pytest.mark.parametrize("said, value", [("can we do something about kindness toward my sister", "loving_kindness"),
                                         ("an exercise for kindness towards myself", "self_compassion")])
def test_kindness_toward_someone_is_loving_kindness_and_toward_myself_self_compassion(engine, said, value):
    assert [e["value"] for e in engine.parse(said)["entities"] if e["entity"] == "exercise"] == [value]


def test_the_greeting_after_the_question_has_a_rule():
    """The rule that sends it to action_check_declined, not utter_greet."""
    import yaml

    rules = yaml.safe_load(open("data/rules/crisis.yml"))["rules"]
    steps = [r["steps"] for r in rules if any(s.get("intent") == "greet" for s in r["steps"]) and not r.get("condition")]
    assert [{"action": "action_crisis_check"}, {"slot_was_set": [{"asked_directly": True}]}, {"intent": "greet"},
            {"action": "action_check_declined"}] in steps


@pytest.mark.parametrize("said, sign", [("will, passwords, that kind of thing", True), ("insurance, will, the lot", True),
                                        ("will passwords be saved?", False), ("i will, passwords are hard to remember", False)])
def test_a_will_and_passwords_listed_as_what_was_sorted_is_a_warning_sign_not_a_privacy_question(said, sign):
    """After "been sorting some things out lately", "will, passwords, that kind of thing" had the privacy answer."""
    from assistant.safety.lexicon import assess

    assert any(m.name == "affairs_in_order" for m in assess(said).standing) == sign


@pytest.mark.parametrize("said, situation", [
    ("my wife has started counting the bottles", "drinking_or_gambling"), ("lost 2k on betting again this week", "drinking_or_gambling"),
    ("my husband keeps drinking every night", None), ("i think its a panic attack, my hands are tingling", "panic"),
    ("my son has panic attacks at school", None),
])
def test_drinking_gambling_and_panic_are_heard_as_what_they_are(said, situation):
    from actions.conversation import ActionOutOfScope

    messages, _ = run(ActionOutOfScope(), tracker_for("out_of_scope", said))
    text = messages[0].get("text") or ""
    found = [key for key, entry in content.situations().items() if any(v in text for v in entry["validate"])]
    assert found == ([situation] if situation else []), text


@pytest.mark.parametrize("said, taken", [("ok help me", True), ("yes please guide me", True), ("help me with my boss", False)])
def test_a_yes_in_other_words_takes_up_the_exercise_just_offered(said, taken):
    offered = [{"event": "bot", "text": "Shall we breathe together right now? I'll guide you, one breath at a time."}]
    _, slots = run(ActionSupport(), tracker_for("need_help", said, events=offered, slots={"offer": "exercise:breathing_4_6"}))
    assert ("breathing_4_6" in (slots.get("done_exercises") or [])) == taken


@pytest.mark.parametrize("said, key", [("i feel guilty for wanting a break", "carer"), ("my husband has early alzheimers and i'm 71", "carer")])
def test_a_carers_guilt_and_a_partners_diagnosis_are_answered_as_caring(said, key):
    messages, _ = run(ActionSupport(), tracker_for("feeling_depressed", said))
    assert any(v in messages[0]["text"] for v in content.situations()[key]["validate"]), messages[0]["text"]
    assert " her." not in " ".join(m.get("text") or "" for m in messages), "the offer says nothing of who is cared for"


def test_wanting_only_to_vent_is_listened_to_not_sent_to_a_therapist():
    messages, _ = run(ActionSupport(), tracker_for("need_help", "i dont really want advice i just want to vent"))
    assert "professional" not in " ".join(m.get("text") or "" for m in messages) and "listening" in messages[0]["text"]


@pytest.mark.parametrize("said, lost", [("got made redundant today after 18 years", True), ("i'm 54, who's going to hire me now", True),
                                        ("my husband got laid off last week", False)])
def test_losing_a_job_is_heard_as_that(said, lost):
    from actions.conversation import ActionOutOfScope

    messages, _ = run(ActionOutOfScope(), tracker_for("out_of_scope", said))
    assert any(v in messages[0]["text"] for v in content.situations()["job_loss"]["validate"]) == lost
