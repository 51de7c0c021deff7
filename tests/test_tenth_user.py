"""Session 27's tenth new user: what went wrong once a crisis was under way, and signs not heard.

A relative named in one's own crisis ("my mum wouldnt care") was taken for someone to help; refusing to part with a gun
was "I'm really glad you're safe"; an answer that was no answer got "I'm glad"; a clarification ("I mean in this job")
kept the questions coming; a plan with a time, a date picked, an overdose only thought about, Nigerian Pidgin, Tagalog
and Hindi; a friend's secret about "her mum"; "shes in canada"."""
import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.at_risk import person_for
from actions.check_declined import ActionCheckDeclined
from actions.friend import ActionFriendGuide
from actions.safety import ActionCrisisReminder
from actions.support import ActionGladSafe
from assistant.nlu.language import foreign_crisis
from assistant.safety.lexicon import assess
from tests.conftest import tracker_for

TALK = content.safety_talk()
QUESTION = [{"event": "bot", "text": TALK["check_question"][0]}]
ASKED_IF_SAFE = {"event": "bot", "text": "Are you safe right now? When you are, tell me \"I'm safe\" and we can go on together."}


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, {})
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def starts_with_one_of(text, key):
    return any(text.startswith(t.split("{")[0][:25]) for t in TALK[key])


@pytest.mark.parametrize("said", ["my mum wouldnt care", "i cant tell her"])
def test_a_relative_named_in_ones_own_crisis_is_more_of_it_not_the_friend_guide(said):
    messages, _ = run(ActionFriendGuide(), tracker_for("support_a_friend", said, slots={"crisis_mode": True, "country": "GB"}))
    assert "kind of you to want to be there" not in messages[0]["text"] and "116 123" in messages[0]["text"]


@pytest.mark.parametrize("said, guide", [("how do i help my sister, she's struggling too", True), ("i'm worried about my brother", True),
                                         ("my boyfriend doesnt support me at all", False), ("how do i tell my mum how i feel", False)])
def test_in_ones_own_crisis_only_asking_how_to_help_someone_gets_the_guide(said, guide):
    messages, _ = run(ActionFriendGuide(), tracker_for("support_a_friend", said, slots={"crisis_mode": True, "country": "GB"}))
    text = " ".join(m.get("text") or "" for m in messages)
    assert ("116 123" in text and "are you safe" in text.lower()) != guide, text


@pytest.mark.parametrize("action, intent", [(ActionGladSafe(), "confirm_safe"), (ActionCrisisReminder(), "deny")])
def test_refusing_to_part_with_a_means_named_is_never_safety(action, intent):
    """"no i'm not going to hand it over to anyone", of a pistol by the bed, had "I'm really glad you're safe"."""
    events = [{"event": "user", "text": "keep my service pistol by the bed. some nights i think about using it"}, ASKED_IF_SAFE]
    messages, slots = run(action, tracker_for(intent, "no i'm not going to hand it over to anyone", events=events,
                                              slots={"crisis_mode": True, "country": "US"}))
    text = messages[0]["text"]
    assert "911" in text and "glad you're safe" not in text and slots.get("crisis_mode") is True
    assert any(line in text for line in TALK["means_refused"])


@pytest.mark.parametrize("said, clear", [("nobody go understand", False), ("is that weird", False), ("no", True),
                                         ("nah just tired", True), ("i'm not suicidal", True)])
def test_only_a_clear_no_to_the_direct_question_is_answered_with_im_glad(said, clear):
    messages, slots = run(ActionCheckDeclined(), tracker_for("deny", said, events=QUESTION, slots={"offer": "risk_check"}))
    text = messages[0]["text"]
    assert starts_with_one_of(text, "check_declined") == clear and starts_with_one_of(text, "check_unclear") != clear
    assert ("offer" in slots) == clear, "asked again, the question stays open"


@pytest.mark.parametrize("said", ["I mean in this job lol", "no i'm not suicidal, just exhausted from work and the baby"])
def test_a_clarification_in_crisis_mode_stops_the_questions(said):
    events = [{"event": "user", "text": "i don't want to be here anymore"}, ASKED_IF_SAFE]
    messages, slots = run(ActionCrisisReminder(), tracker_for("out_of_scope", said, events=events, slots={"crisis_mode": True}))
    assert slots.get("crisis_quiet") is True and "are you safe" not in messages[0]["text"].lower()


@pytest.mark.parametrize("first, said, level", [
    ("i don't want to be here anymore", "no i'm not suicidal, just tired of living like this", "none"),
    ("i don't want to be here anymore", "I mean in this job lol but also life", "none"),
    ("i have a plan to end my life tonight", "i meant at my job", "none"),
    ("i want to kill myself", "i meant at my school lol", "none"),
    ("i don't want to be here anymore", "i mean in this relationship, he scares me", "none"),
    ("i want to end it all", "im not suicidal i just feel like a burden to everyone around me", "check"),
    ("i want to end it all", "not suicidal lol just gonna drive my car off the road", "check"),
])
def test_a_clarification_after_explicit_risk_or_with_risk_in_it_does_not(first, said, level):
    """Session 27's review: each of these had "Okay. I won't keep asking"."""
    events = [{"event": "user", "text": first}, ASKED_IF_SAFE]
    tracker = tracker_for("out_of_scope", said, events=events, slots={"crisis_mode": True})
    tracker.latest_message["crisis"] = {"level": level}
    messages, slots = run(ActionCrisisReminder(), tracker)
    assert not slots.get("crisis_quiet") and not starts_with_one_of(messages[0]["text"], "stop_asking")


@pytest.mark.parametrize("said, urgent", [("no one can stop me", True), ("you cant stop me.", True),
                                          ("im going to have chocolate for dinner and you cant stop me", False)])
def test_no_one_can_stop_me_alone_in_crisis_mode_is_urgent(said, urgent):
    events = [{"event": "user", "text": "im going to jump off the bridge tonight"}, ASKED_IF_SAFE]
    messages, _ = run(ActionCrisisReminder(), tracker_for("stop", said, events=events, slots={"crisis_mode": True, "country": "GB"}))
    assert messages[0]["text"].startswith(tuple(t.split("{")[0][:20] for t in TALK["urgent"])) == urgent


@pytest.mark.parametrize("said, yes", [("hey yeah i am", True), ("hi, yes", True), ("hello?", False), ("anyway hows your day", False)])
def test_a_greeting_after_the_direct_question_with_a_yes_in_it_is_a_yes(said, yes):
    messages, _ = run(ActionCheckDeclined(), tracker_for("greet", said, events=QUESTION, slots={"offer": "risk_check", "country": "GB"}))
    assert (messages[0].get("response") == "utter_crisis") == yes
    if said == "hello?":
        assert starts_with_one_of(messages[0]["text"], "check_still_here")


def test_a_second_unclear_answer_is_taken_as_a_maybe():
    unclear = QUESTION + [{"event": "user", "text": "nobody go understand"}, {"event": "bot", "text": TALK["check_unclear"][0]}]
    messages, slots = run(ActionCheckDeclined(), tracker_for("deny", "is that weird", events=unclear, slots={"offer": "risk_check"}))
    assert starts_with_one_of(messages[0]["text"], "check_unsure") and slots.get("crisis_mode") is True


def test_a_pet_kept_as_a_reason_to_live_is_not_a_means_kept():
    events = [{"event": "user", "text": "i've got a rope in my wardrobe"}, ASKED_IF_SAFE]
    messages, _ = run(ActionCrisisReminder(), tracker_for("deny", "my cats are the only reason i'm still here, i'm never giving them away",
                                                          events=events, slots={"crisis_mode": True, "country": "GB"}))
    assert not any(line in messages[0]["text"] for line in TALK["means_refused"])


@pytest.mark.parametrize("said, reason", [
    ("ive worked out how id do it and when. weirdly i feel calm now", "warning:have_a_plan"),
    ("its just a date i picked", "warning:have_a_plan"),
    ("no one can stop me", None), ("i got my licence, no one can stop me now", None),
    ("the date i picked for the wedding is june and my mum hates it", None), ("i sorted out how to do it tonight, the essay", None),
    ("i want die hard on blu ray", None), ("the insurance, will and mortgage paperwork for the new house", None),
    ("had a really bad night, thought about overdosing", "plan_means:overdose_intent"),
    ("abeg i no fit again. I just wan die make everything stop", "ideation:want_to_die"),
    ("i have to figure out how to do it all on my own", None),
    ("nobody can stop me from chasing my dreams", None),
    ("i dont want die", None),
])
def test_signs_the_tenth_user_used_are_heard_and_look_alikes_are_not(said, reason):
    found = assess(said)
    assert (found.reason() if found.standing else None) == reason


def test_an_overdose_only_thought_about_is_not_one_taken():
    """"thought about overdosing" was told three times to go to the emergency department."""
    assert not any(m.category == "overdose" for m in assess("had a really bad night, thought about overdosing").standing)
    assert not any(m.category == "overdose" for m in assess("i'm thinking about overdosing tonight").standing)
    assert any(m.category == "overdose" for m in assess("i took an overdose an hour ago").standing)


@pytest.mark.parametrize("said, code", [("gusto ko nang mamatay", "tl"), ("ayoko nang mabuhay", "tl"), ("main marna chahta hoon", "hi"),
                                        ("marna chahta hu", "hi"), ("mujhe marna hai", "hi"), ("gusto ko na lang mamatay", "tl"),
                                        ("jeena nahi chahti", "hi"), ("the main thing is my boss", None)])
def test_crisis_phrases_in_tagalog_and_hindi(said, code):
    found = foreign_crisis(said)
    assert (found[0] if found else None) == code


def test_someone_named_beside_whom_to_tell_is_still_the_one_to_help():
    tracker = tracker_for("support_a_friend", "my sister cuts herself and made me promise not to tell our mum")
    assert person_for(tracker) == "your sister"


def test_the_one_to_be_told_is_not_the_one_to_help():
    events = [{"event": "user", "text": "my friend cuts herself and showed me her arm today"}, {"event": "bot", "text": "..."}]
    tracker = tracker_for("support_a_friend", "she made me promise not to tell her mum", events=events, slots={"relation": "parent"},
                          entities=[{"entity": "relation", "value": "parent"}])
    assert person_for(tracker) == "your friend"


@pytest.mark.parametrize("said, reason", [
    ("my ex is parked outside my house again and texting that he'll make me pay", "danger:threat_to_me"),
    ("which bridge in sydney is the highest", "warning:high_place_in_town"),
    ("tallest bridge in china for a school project", None),
    ("my boyfriend will make me pay half the rent and i'm annoyed", None), ("they will come for me at 6 to pick me up", None),
    ("my ex is outside my house", None),
    ("what is the tallest bridge in the world", None),
    ("my mum will kill me for this", None),
])
def test_a_threat_from_an_ex_is_danger_and_the_highest_bridge_in_town_is_asked_about(said, reason):
    found = assess(said)
    assert (found.reason() if found.standing else None) == reason


@pytest.mark.parametrize("said, controlled", [
    ("my partner checks all my bank statements and gives me an allowance. i'm not allowed my own card", True),
    ("my son takes my pension every month and shouts if I ask for it back", True),
    ("my son takes my car to work on fridays", False),
    ("im 12 and im not allowed a phone, everyone at school has one and i feel left out", False),
    ("my daughter uses my bank card to do my shopping since my hip op, i feel useless", False),
    # session 27's second review: the abuser's excuse quoted ("for me") hid every pattern
    ("my husband keeps my passport, he says he's keeping it safe for me", True),
    ("my husband controls all the money, he says it's better for me", True),
    ("my carer uses my card for herself and i can't stop her", True),
])
def test_money_kept_from_them_is_named_as_control(said, controlled):
    from actions.support import ActionSupport

    messages, _ = run(ActionSupport(), tracker_for("feeling_depressed", said))
    assert any(v in messages[0]["text"] for v in content.situations()["controlled"]["validate"]) == controlled


@pytest.mark.parametrize("said, intent", [("is sertraline good", "learn_about_compassion"), ("should i stop my meds, i feel better now", "feeling_better"),
                                          ("are antidepressants addictive", "out_of_scope")])
def test_a_question_about_a_medicine_is_never_advised_on(said, intent):
    from actions.conversation import ActionOutOfScope
    from actions.honest_answers import answers
    from actions.support import ActionFeelingBetter, ActionSupport

    action = {"learn_about_compassion": ActionSupport(), "feeling_better": ActionFeelingBetter(), "out_of_scope": ActionOutOfScope()}[intent]
    messages, _ = run(action, tracker_for(intent, said))
    medication = next(a for a in answers() if a["name"] == "medication")
    assert messages[0]["text"] in medication["text"]


def test_wanting_to_take_all_of_a_medicine_is_still_a_crisis_not_a_medicine_question():
    assert assess("i want to take all my sertraline at once").risk


def test_a_statement_about_a_battery_is_not_a_medicine_question():
    import re

    from actions.honest_answers import answers

    medication = next(a for a in answers() if a["name"] == "medication")
    assert not any(re.search(p, "my phone's lithium battery is so bad it died again and i'm stressed") for p in medication["when"])
