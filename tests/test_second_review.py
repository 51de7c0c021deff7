"""Session 27's second review: the fixes of the first review, checked again in the crisis paths they touch.

A refusal written beside "I'm safe", a means named beside "be here" then "I meant at my job", "nobody can stop me lol",
an overdose taken with "enough to", a plan "how to do it and when" and "the day i picked is friday", a denial with
risk in it read as safe, threats and dose questions, a greeting "yeah i'm ok", and what follows an unclear answer."""
import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.check_declined import ActionCheckDeclined
from actions.safety import ActionCrisisReminder, ActionSafetyRetracted
from actions.support import ActionGladSafe
from assistant.safety.lexicon import assess
from tests.conftest import tracker_for

TALK = content.safety_talk()
QUESTION = [{"event": "bot", "text": TALK["check_question"][0]}]
ASKED_IF_SAFE = {"event": "bot", "text": "Are you safe right now? When you are, tell me \"I'm safe\" and we can go on together."}


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, {})
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def text_of(messages):
    return " ".join(m.get("text") or "" for m in messages)


@pytest.mark.parametrize("means, said", [("i keep my dad's gun by my bed", "yes i'm safe but i'm not giving it up"),
                                         ("i've saved up 40 tablets in my drawer", "im safe, but im keeping them"),
                                         ("i keep my dad's gun by my bed", "safe yeah. not handing it over tho")])
def test_a_refusal_beside_im_safe_is_never_safety(means, said):
    events = [{"event": "user", "text": means}, ASKED_IF_SAFE]
    messages, slots = run(ActionGladSafe(), tracker_for("confirm_safe", said, events=events, slots={"crisis_mode": True, "country": "GB"}))
    assert "glad you're safe" not in text_of(messages) and "999" in text_of(messages) and slots.get("crisis_mode") is not False


def test_a_refusal_after_the_im_safe_button_is_never_safety():
    events = [{"event": "user", "text": "i keep my dad's gun by my bed"}, {"event": "bot", "text": "I'm really glad you're safe."}]
    messages, _ = run(ActionSafetyRetracted(), tracker_for("deny", "no i'm not going to hand it over", events=events, slots={"country": "GB"}))
    assert "999" in text_of(messages)


@pytest.mark.parametrize("first", ["i don't want to be here anymore, i've been saving up my meds",
                                   "i don't want to be here anymore. i've written letters to everyone"])
def test_i_meant_at_my_job_never_sets_aside_a_means_or_preparation_told_with_being_here(first):
    events = [{"event": "user", "text": first}, ASKED_IF_SAFE]
    tracker = tracker_for("out_of_scope", "i meant at my job lol", events=events, slots={"crisis_mode": True})
    messages, slots = run(ActionCrisisReminder(), tracker)
    assert not slots.get("crisis_quiet") and "glad" not in messages[0]["text"].lower()


@pytest.mark.parametrize("said", ["nobody can stop me lol", "nothing can stop me now", "you're not going to stop me"])
def test_defiance_after_a_plan_is_urgent_whatever_it_is_read_as(said):
    events = [{"event": "user", "text": "i'm going to jump off the bridge tonight"}, ASKED_IF_SAFE]
    messages, slots = run(ActionCrisisReminder(), tracker_for("stop", said, events=events, slots={"crisis_mode": True, "country": "GB"}))
    assert not slots.get("crisis_quiet") and "999" in messages[0]["text"]


def test_a_denial_with_risk_in_it_read_as_safe_keeps_crisis_mode():
    events = [{"event": "user", "text": "i want to end it all"}, ASKED_IF_SAFE]
    tracker = tracker_for("confirm_safe", "im not suicidal i just think about it a lot", events=events, slots={"crisis_mode": True, "country": "GB"})
    tracker.latest_message["crisis"] = {"level": "none", "reason": "explained away:suicide_first_person(negated)", "crisis_score": 0.75}
    messages, slots = run(ActionGladSafe(), tracker)
    assert "glad you're safe" not in text_of(messages) and slots.get("crisis_mode") is not False


@pytest.mark.parametrize("said, reading", [
    ("i've taken enough to overdose today", "overdose"), ("i swallowed enough to overdose earlier", "overdose"),
    ("i'm thinking about overdosing tonight", "overdose_intent"), ("i figured out how to do it and when", "have_a_plan"),
    ("the day i picked is friday", "have_a_plan"), ("my ex will find me wherever i go", "threat_to_me"),
    ("he's going to come for me tonight, he said so", "threat_to_me"), ("whats the highest bridge in sydney", "high_place_in_town"),
    ("how much sertraline is too much", "dose_limit"),
])
def test_the_second_reviews_signs_are_read(said, reading):
    assert reading in {m.name for m in assess(said).standing}


@pytest.mark.parametrize("said", ["she's gonna find me, we're playing hide and seek", "my boyfriend will make me pay half the rent",
                                  "the day i picked for the gp is monday", "highest bridge in china for a school project",
                                  "how much is too much screen time", "i sorted out how to do it tonight, the essay"])
def test_and_their_look_alikes_are_not(said):
    assert not {m.category for m in assess(said).standing} - {"warning"} and not any(
        m.name in ("threat_to_me", "have_a_plan", "high_place_in_town", "dose_limit") for m in assess(said).standing)


@pytest.mark.parametrize("said", ["hey yeah i'm ok", "hi yes im fine now"])
def test_a_greeting_with_yes_and_im_ok_is_no_yes(said):
    messages, _ = run(ActionCheckDeclined(), tracker_for("greet", said, events=QUESTION, slots={"offer": "risk_check"}))
    assert messages[0].get("response") != "utter_crisis"


def test_hello_twice_after_the_question_is_taken_as_a_maybe():
    events = QUESTION + [{"event": "user", "text": "hello?"}, {"event": "bot", "text": TALK["check_still_here"][0]}]
    messages, slots = run(ActionCheckDeclined(), tracker_for("greet", "hello??", events=events, slots={"offer": "risk_check"}))
    assert slots.get("crisis_mode") is True


def test_a_stale_unclear_line_makes_no_maybe():
    events = QUESTION + [{"event": "user", "text": "is that weird"}, {"event": "bot", "text": TALK["check_unclear"][0]},
                         {"event": "user", "text": "i dunno"}, {"event": "bot", "text": "Okay."}]
    messages, slots = run(ActionCheckDeclined(), tracker_for("deny", "is it weird though", events=events, slots={"offer": "risk_check"}))
    assert not slots.get("crisis_mode")


@pytest.mark.parametrize("said", ["my chest hurts and my left arm is numb and i cant catch my breath"])
def test_chest_pain_is_never_reassured_as_panic(said):
    from actions.support import ActionSupport

    messages, _ = run(ActionSupport(), tracker_for("need_help", said))
    assert not any(v in text_of(messages) for v in content.situations()["panic"]["validate"])


def test_a_reminder_time_asked_for_in_crisis_mode_is_still_read():
    from actions.reminders import ActionReminder

    events = [{"event": "bot", "text": "When would you like the reminder? For example at 3pm, tomorrow morning, on Friday at 10, or every two hours."}]
    messages, _ = run(ActionReminder(), tracker_for("set_reminder", "8pm", events=events, slots={"crisis_mode": True}))
    assert "heavy" not in text_of(messages).lower()


def test_harm_done_to_them_replayed_is_trauma_and_not_living_with_what_they_did_is_asked_about():
    from actions.support import ActionSupport

    messages, _ = run(ActionSupport(), tracker_for("feeling_depressed", "i keep replaying what my uncle did to me"))
    assert any(v in messages[0]["text"] for v in content.situations()["after_trauma"]["validate"])
    assert "cannot_live_with_it" in {m.name for m in assess("i keep replaying it and i can't live with what i did").standing}
    assert not assess("i couldnt live with the noise").standing


@pytest.mark.parametrize("said, sign", [("I am 81 years old and I have lived long enough", True), ("ive had my time", True),
                                        ("ive lived long enough in london to know the buses", False)])
def test_having_lived_long_enough_is_asked_about(said, sign):
    """Session 27's eleventh new user: an 81-year-old's "I have lived long enough" was not understood."""
    assert ("lived_long_enough" in {m.name for m in assess(said).standing}) == sign


def test_a_child_lost_on_a_shift_is_heard_as_a_hard_shift_not_misunderstood():
    from actions.conversation import ActionOutOfScope

    messages, _ = run(ActionOutOfScope(), tracker_for("out_of_scope", "paramedic, just finished a night shift where we lost a kid"))
    assert any(v in messages[0]["text"] for v in content.situations()["after_trauma"]["validate"])
