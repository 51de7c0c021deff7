"""Session 27's eleventh new user, checked against the final code in session 28: a question back to the direct question
("would you care if i did?"), a place picked beside goodbye letters, "i've called 999, they're coming" read as safety,
a named exercise read as a no, a boss who yelled read as out of scope, chest pain with a numb arm, a state named instead
of the country, a correction to the US, and the same answer to every practical question about calling a line."""
import pytest

from actions import content
from actions.check_declined import ActionCheckDeclined
from actions.decline_offer import ActionDeclineOffer, exercise_asked_for
from actions.resources import known_country
from actions.safety import ActionCrisisReminder
from actions.support import ActionGladSafe, ActionSupport
from assistant.safety.lexicon import assess
from tests.conftest import run_action as run
from tests.conftest import tracker_for

TALK = content.safety_talk()
QUESTION = [{"event": "bot", "text": TALK["check_question"][0]}]


@pytest.mark.parametrize("said", ["would you care if i did?", "what if i am", "and if i was?", "so what if i did",
                                  "would anyone notice if i did"])
@pytest.mark.parametrize("action, intent", [(ActionCheckDeclined(), "nlu_fallback"), (ActionSupport(), "fear_of_judgment")])
def test_a_question_back_to_the_direct_question_is_taken_as_a_yes(said, action, intent):
    messages, slots = run(action, tracker_for(intent, said, events=QUESTION, slots={"offer": "risk_check", "country": "GB"}))
    text = " ".join(m.get("text") or "" for m in messages)
    assert "116 123" in text and slots.get("crisis_mode") is True, text


def test_a_question_back_unrelated_to_the_direct_question_is_not_a_yes():
    assert not content.matches_any(TALK["yes_as_a_question"], "would you care if i took a break from work")


@pytest.mark.parametrize("said, caught", [
    ("ive written the letters and picked the bridge", True), ("i have chosen a bridge", True),
    ("i picked the bridge for our wedding photos", False), ("and chose the bridge over the tunnel route", False),
    ("we picked a spot by the river for the picnic", False)])
def test_a_place_picked_is_a_plan(said, caught):
    levels = [m.level for m in assess(said).matches if m.cancelled_by is None]
    assert ("crisis" in levels) == caught, levels


@pytest.mark.parametrize("action, intent", [(ActionGladSafe(), "confirm_safe"), (ActionCrisisReminder(), "inform_country")])
@pytest.mark.parametrize("said", ["ive called 999 theyre coming", "the ambulance is on its way", "i rang 911, help is coming"])
def test_emergency_help_on_the_way_is_not_safety_yet(action, intent, said):
    events = [{"event": "user", "text": "i took all my pills"}, {"event": "bot", "text": "Are you safe right now?"}]
    messages, slots = run(action, tracker_for(intent, said, events=events, slots={"crisis_mode": True, "country": "GB"}))
    text = messages[0]["text"]
    assert "glad you're safe" not in text.lower() and "call 999" not in text, text
    assert any(text.startswith(line.split("{")[0][:30]) for line in TALK["help_on_the_way"])
    assert slots.get("crisis_mode", True) is True


@pytest.mark.parametrize("said, start, wanted", [("maybe a breathing thing", 8, True), ("no, grounding instead", 4, True),
                                                 ("no not breathing", 7, False), ("i dont want the body scan", 15, False)])
def test_a_named_exercise_in_a_no_is_asked_for_unless_it_is_the_one_turned_down(said, start, wanted):
    entity = {"entity": "exercise", "value": "x", "start": start, "end": start + 5}
    assert exercise_asked_for(tracker_for("deny", said, entities=[entity])) == wanted


def test_maybe_a_breathing_thing_starts_breathing():
    entity = {"entity": "exercise", "value": "breathing", "start": 8, "end": 17}
    tracker = tracker_for("deny", "maybe a breathing thing", entities=[entity], slots={"offer": "exercise:self_compassion_break"})
    messages, _ = run(ActionDeclineOffer(), tracker)
    assert messages and (messages[0].get("custom") or {}).get("exercise"), messages


def test_a_boss_who_yelled_is_pressure_at_work_not_out_of_scope():
    from actions.conversation import ActionOutOfScope

    messages, _ = run(ActionOutOfScope(), tracker_for("out_of_scope", "my boss yelled at me in front of everyone"))
    assert "outside what i can help" not in messages[0]["text"].lower()
    assert any(line in messages[0]["text"] for line in content.situations()["school_or_work"]["validate"])


@pytest.mark.parametrize("said, emergency", [("i have chest pain and my left arm is numb", True),
                                             ("my chest feels tight and im sweating and dizzy", True),
                                             ("i think im having a stroke, half my face is drooping", True),
                                             ("this exam is giving me a heart attack lol", False)])
def test_signs_of_a_heart_attack_or_stroke_get_the_emergency_number_first(said, emergency):
    messages, _ = run(ActionSupport(), tracker_for("need_help", said, slots={"country": "GB"}))
    assert messages[0]["text"].startswith("Please treat this as a medical emergency and call 999") == emergency \
        or messages[0]["text"].startswith("That needs a doctor straight away: please call 999") == emergency


@pytest.mark.parametrize("said, slot, code", [("sorry i meant us", "CA", "US"), ("actually im in the us", "GB", "US"),
                                              ("us", "CA", "CA"), ("i meant to tell us both", "CA", "CA")])
def test_a_correction_to_the_us_stands_even_after_another_country(said, slot, code):
    assert known_country(tracker_for("inform_country", said, slots={"country": slot})) == code


@pytest.mark.parametrize("said", ["what happens when i call?", "who answers", "what should i say to them"])
def test_practical_questions_about_calling_in_crisis_mode_get_their_own_answers(said):
    events = [{"event": "user", "text": "i want to kill myself"}, {"event": "bot", "text": "Are you safe right now?"}]
    messages, _ = run(ActionCrisisReminder(), tracker_for("out_of_scope", said, events=events, slots={"crisis_mode": True, "country": "US"}))
    text = messages[0]["text"]
    names = {"what_happens", "what_to_say"}
    from actions.honest_answers import answers as honest_answers

    answers = [t for a in honest_answers() if a["name"] in names for t in a["text"]]
    assert any(text.startswith(a.split("{")[0][:40]) for a in answers), text


@pytest.mark.parametrize("said, name", [("are they open at night", "open_hours"), ("can you stay with me", "stay_with_me"),
                                        ("i dont have credit on my phone", "cost")])
def test_more_practical_questions_in_crisis_mode_get_their_own_answers(said, name):
    """Session 28: "are they open at night" had "We can talk about anything you like"; "can you stay with me", read as
    stop, had "Okay. I won't keep asking"."""
    from actions.honest_answers import answers as honest_answers

    events = [{"event": "user", "text": "i want to end it tonight"}, {"event": "bot", "text": "Are you safe right now?"}]
    messages, slots = run(ActionCrisisReminder(), tracker_for("stop", said, events=events, slots={"crisis_mode": True, "country": "GB"}))
    text = messages[0]["text"]
    wanted = next(a for a in honest_answers() if a["name"] == name)["text"]
    assert any(text.startswith(a.split("{")[0][:40]) for a in wanted) and "116 123" in text, text
    assert slots.get("crisis_quiet") is not True


@pytest.mark.parametrize("said, caught", [
    ("i picked the bridge over the road", True), ("i picked the bridge by the train station", True),
    ("i picked the tracks for my playlist tonight", False), ("we picked the rooftop bar for her birthday", False),
    ("i chose the bridge for my engineering essay", False), ("i picked the roof colour", False),
    ("i chose the car park near work, its cheaper", False)])
def test_a_place_picked_reviewed(said, caught):
    """Session 28's review: ordinary choices alarmed, and a place described ("over the road") was missed."""
    levels = [m.level for m in assess(said).matches if m.cancelled_by is None]
    assert ("crisis" in levels) == caught, levels


@pytest.mark.parametrize("said, coming", [
    ("ok ambulance on its way now", True), ("paramedics are here", True), ("i dont think theyre coming", False),
    ("i called 999 but i dont think they believed me", False), ("theyre coming home at 10, my stepdad and mum", False),
    ("im safe, my friends said theyre coming round later", False)])
def test_help_on_the_way_is_only_help_and_only_without_doubt(said, coming):
    assert content.matches_any(TALK["help_on_the_way_patterns"], said) == coming


def test_help_on_the_way_without_any_risk_before_is_not_an_emergency_script():
    messages, slots = run(ActionGladSafe(), tracker_for("confirm_safe", "im safe, the police are outside now"))
    assert not any(messages[0]["text"].startswith(t.split("{")[0][:30]) for t in TALK["help_on_the_way"])
    assert slots.get("crisis_mode") is not True


@pytest.mark.parametrize("said, wanted", [("no, breathing never helps me", False), ("nah grounding feels stupid to me", False),
                                          ("anything but breathing", False), ("breathing", False), ("maybe breathing instead", True)])
def test_an_exercise_turned_down_is_never_started(said, wanted):
    start = said.index("breathing") if "breathing" in said else said.index("grounding")
    entity = {"entity": "exercise", "value": "x", "start": start, "end": start + 9}
    assert exercise_asked_for(tracker_for("deny", said, entities=[entity])) == wanted


@pytest.mark.parametrize("said", ["can you just stay out of it", "please dont go on about the numbers again", "please don't go there",
                                  "the window is open right now", "i cant answer now"])
def test_stop_and_ordinary_words_are_not_practical_questions(said):
    from actions.honest_answers import answers as honest_answers

    names = {"stay_with_me", "open_hours", "what_happens"}
    assert not any(content.matches_any(a["when"], said) for a in honest_answers() if a["name"] in names)


@pytest.mark.parametrize("said, intent", [("my dad is having a heart attack what do i do", "support_a_friend"),
                                          ("my mum has chest pain and her left arm is numb", "support_a_friend")])
def test_someone_elses_heart_attack_gets_the_emergency_number_before_the_friend_guide(said, intent):
    from actions.friend import ActionFriendGuide

    messages, _ = run(ActionFriendGuide(), tracker_for(intent, said, slots={"country": "GB"}))
    assert "999" in messages[0]["text"].split(".")[0] and "Listen" not in messages[0]["text"], messages[0]["text"]


@pytest.mark.parametrize("said", ["having a stroke reading this tax form lol", "im having a heart attack over this price",
                                  "i'm having a heart attack, he broke my heart"])
def test_hyperbole_about_a_heart_attack_is_not_an_emergency(said):
    from actions.honest_answers import answers as honest_answers

    assert not any(content.matches_any(a["when"], said) for a in honest_answers() if a["name"] == "body_emergency")


@pytest.mark.parametrize("said, slot, code", [("US", "GB", "US"), ("US", None, "US")])
def test_us_answers_which_country_even_after_another(said, slot, code):
    asked = [{"event": "bot", "text": "Thank you for telling me. Which country are you in, so I can suggest services there?"}]
    assert known_country(tracker_for("inform_country", said, events=asked, slots={"country": slot} if slot else None)) == code
