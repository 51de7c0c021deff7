"""Session 28's twelfth new user: medical emergencies (their own and someone else's), an overdose taken and its effects,
a passive plan ("stop eating and let it happen"), the means at hand, someone dangerous at the door, a city given in
crisis read as out of scope, a maybe taken as safety, and reminders moved to the wrong time."""
from datetime import datetime

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.honest_answers import answers as honest_answers
from actions.safety import ActionCrisisReminder
from assistant.safety.lexicon import assess
from tests.conftest import run_action as run
from tests.conftest import tracker_for

TALK = content.safety_talk()
ANSWERS = {a["name"]: a for a in honest_answers()}
IN_CRISIS = [{"event": "user", "text": "i want to die"}, {"event": "bot", "text": "Are you safe right now?"}]


def levels(said):
    return [m.level for m in assess(said).matches if m.cancelled_by is None]


@pytest.mark.parametrize("said, name", [
    ("my chest really hurts and my left arm is numb", "body_emergency"),
    ("I'm 72 and I've got a crushing pain in my chest and I'm sweaty", "body_emergency"),
    ("i cant breathe properly, my inhaler isnt working", "body_emergency"),
    ("my throat is swelling after i ate peanuts", "body_emergency"),
    ("is it a stroke?", "body_emergency"),
    ("my roommate took a bunch of pills and won't wake up", "their_body_emergency"),
    ("shes breathing but really slow", "their_body_emergency"),
    ("my dad's face is drooping on one side and his speech is slurred", "their_body_emergency"),
    ("my dad is having a heart attack what do i do", "their_body_emergency"),
])
def test_medical_emergencies_are_recognised(said, name):
    found = [a["name"] for a in honest_answers() if content.matches_any(a["when"], said.lower())]
    assert found and found[0] == name, found


@pytest.mark.parametrize("said", ["my face is swollen from crying", "i hope i wont wake up", "i cant wake up in the mornings",
                                  "my grandad had a stroke last night", "having a stroke reading this tax form lol"])
def test_everyday_words_and_risk_are_not_a_medical_emergency(said):
    assert not any(content.matches_any(ANSWERS[n]["when"], said) for n in ("body_emergency", "their_body_emergency"))


@pytest.mark.parametrize("said, level", [
    ("i swallowed a bunch of my mum's sleeping pills", "crisis"), ("took way too many of my xanax like 30 min ago", "crisis"),
    ("it's not a big deal but i took a few extra of my sleeping pills tonight", "crisis"),
    ("i took too much ibuprofen for my headache once", None),
    ("No, I won't do anything. I'll just stop eating and let it happen", "crisis"),
    ("im 81 and i have decided to stop taking my heart tablets", "check"), ("i stopped eating sugar and let it happen naturally lol", None),
    ("i have a knife here", "crisis"), ("i have a knife here to cut the cake", None),
    ("i think i might actually do something worse", "check"), ("i mean i've thought about how i'd do it", "check"),
])
def test_signs_heard(said, level):
    found = levels(said)
    assert (level in found) if level else not found, found


def test_someone_dangerous_at_the_door_gets_the_emergency_number_first():
    threatened = [{"event": "user", "text": "my ex said he would kill me if i left him",
                   "parse_data": {"crisis": {"level": "crisis", "reason": "pattern:danger:threat_to_me"}}},
                  {"event": "bot", "text": "Are you safe right now?"}]
    messages, _ = run(ActionCrisisReminder(), tracker_for("support_a_friend", "He's outside my flat right now. What should I do",
                                                           events=threatened, slots={"crisis_mode": True, "country": "GB"}))
    assert messages[0]["text"].startswith(("Please call 999 now", "Call 999 right away")), messages[0]["text"]


@pytest.mark.parametrize("said", ["im getting sleepy", "its fine i just wanna sleep"])
def test_the_effects_of_an_overdose_get_medical_help_first(said):
    slots = {"crisis_mode": True, "crisis_overdose": True, "country": "US"}
    took = [{"event": "user", "text": "i took way too many of my xanax like 30 min ago"}, {"event": "bot", "text": "Are you safe right now?"}]
    messages, _ = run(ActionCrisisReminder(), tracker_for("feeling_drained", said, events=took, slots=slots))
    assert any(messages[0]["text"].startswith(t.split("{")[0][:30]) for t in TALK["overdose_first"]), messages[0]["text"]


def test_a_city_given_in_crisis_mode_gets_its_lines_whatever_it_was_read_as():
    entity = [{"entity": "country", "value": "CA", "start": 0, "end": 7}]
    messages, _ = run(ActionCrisisReminder(), tracker_for("out_of_scope", "Calgary", events=IN_CRISIS, entities=entity, slots={"crisis_mode": True}))
    assert "988" in " ".join(m.get("text") or "" for m in messages)


def test_a_no_with_a_maybe_in_crisis_mode_is_not_safety():
    messages, slots = run(ActionCrisisReminder(), tracker_for("deny", "no not like that. well. maybe a bit like that", events=IN_CRISIS,
                                                              slots={"crisis_mode": True, "country": "GB"}))
    assert "glad you're safe" not in messages[0]["text"] and slots.get("crisis_quiet") is not True


@pytest.mark.parametrize("said, name", [("I don't want to call anyone, they'll just section me", "sectioned"),
                                        ("what do i say if i call", "what_to_say"), ("Fine. What would I even say to them?", "what_to_say")])
def test_fears_and_questions_about_calling_get_their_own_answers(said, name):
    found = [a["name"] for a in honest_answers() if content.matches_any(a["when"], said.lower())]
    assert found[:1] == [name], found


@pytest.mark.parametrize("said", ["ok i'm calling lifeline now", "ok i'm talking to someone, thanks"])
def test_calling_the_line_is_heard_as_reaching_out(said):
    from actions.safety import reached_out_reply

    assert reached_out_reply(said, tracker_for("out_of_scope", said, slots={"crisis_mode": True, "country": "AU"}))


def test_each_morning_repeats_as_every_morning_does():
    from assistant.core.reminder_times import Schedule, parse_schedule

    schedule = parse_schedule("remind me to take my vitamins at 8am each morning")
    assert isinstance(schedule, Schedule) and schedule.days == "0123456"
    assert datetime.fromtimestamp(schedule.first_at).hour == 8


def test_a_new_time_replaces_the_time_waiting_for_its_reminder(tmp_path):
    """"every evening" set for 7 p.m.; "8pm" (kept, waiting for what); "actually can you make it 9pm instead" had 8 p.m."""
    from actions.reminders import set_reminder
    from assistant.core.reminders import ReminderStore

    store = ReminderStore(tmp_path / "r.db")
    set_reminder(CollectingDispatcher(), tracker_for("set_reminder", "x"), store, "remind me to do a check in every evening")
    tracker = tracker_for("set_reminder", "actually can you make it 9pm instead", slots={"reminder_pending": "8pm"})
    set_reminder(CollectingDispatcher(), tracker, store, "actually can you make it 9pm instead")
    assert [datetime.fromtimestamp(r.next_at).hour for r in store.list("unit")] == [21]


@pytest.mark.parametrize("said, name", [
    ("i can't wake her up", "their_body_emergency"), ("my mum isn't waking up", "their_body_emergency"),
    ("i can't wake my flatmate up, he took a load of pills earlier", "their_body_emergency"),
    ("i'm having a really bad asthma attack", "body_emergency"), ("my inhaler ran out and i can't breathe", "body_emergency"),
    ("i think i'm going into anaphylaxis", "body_emergency"), ("he's having a seizure what do i do", "their_body_emergency"),
    ("my son is having an asthma attack, what do i do", "their_body_emergency"),
    ("my husband won't wake up for work, so lazy", None), ("his face dropped when he saw the bill", None),
    ("my lips are swollen after filler", None), ("what a stroke of luck", None), ("theyre unconscious of their privilege", None),
])
def test_medical_emergencies_reviewed(said, name):
    """Session 28's second review: close variants missed, and everyday words taken for an emergency."""
    found = [a["name"] for a in honest_answers() if a.get("first") and content.matches_any(a["when"], said.lower())]
    assert found[:1] == ([name] if name else []), found


def test_a_medical_emergency_caused_on_purpose_gets_the_emergency_number_before_the_question():
    from actions.safety import ActionCrisisCheck

    tracker = tracker_for("crisis_check", "my throat is swelling up, i ate the peanuts on purpose so it would end", slots={"country": "GB"})
    tracker.latest_message["crisis"] = {"level": "check", "reason": "classifier", "score": 0.6}
    messages, slots = run(ActionCrisisCheck(), tracker)
    assert "999" in messages[0]["text"].split(".")[0] and slots.get("crisis_mode") is True


def test_a_medical_emergency_in_crisis_mode_comes_before_stay_with_me():
    messages, _ = run(ActionCrisisReminder(), tracker_for("stop", "stay with me please, my throat is swelling up", events=IN_CRISIS,
                                                           slots={"crisis_mode": True, "country": "GB"}))
    assert "999" in messages[0]["text"].split(".")[0], messages[0]["text"]


@pytest.mark.parametrize("said", ["i've got a knife here for the icing", "i'm gonna stop drinking coffee and wait for it to kick in",
                                  "i take extra painkillers on bad days"])
def test_everyday_words_are_not_a_plan_or_an_overdose(said):
    assert "crisis" not in levels(said)


def test_a_passive_plan_in_other_words():
    assert "crisis" in levels("i've stopped eating, i'll let nature take its course")


def test_tiredness_long_after_an_overdose_is_not_an_emergency():
    events = [{"event": "user", "text": "i took an overdose"}] + [{"event": "user", "text": "ok"}] * 7
    slots = {"crisis_mode": True, "crisis_overdose": True, "country": "GB"}
    messages, _ = run(ActionCrisisReminder(), tracker_for("feeling_drained", "im getting sleepy", events=events, slots=slots))
    assert not any(messages[0]["text"].startswith(t.split("{")[0][:30]) for t in TALK["overdose_first"])


@pytest.mark.parametrize("said", ["my mum is coming over now to stay with me", "the police are knocking on the door now",
                                  "i've got a hammer, i'm going to make him pay"])
def test_help_arriving_or_the_writers_own_threat_is_not_someone_at_the_door(said):
    assert not content.matches_any(TALK["danger_near_patterns"], said)


def test_a_place_named_beside_a_plan_gets_the_urgent_answer_not_only_the_lines():
    entity = [{"entity": "country", "value": "GB", "start": 50, "end": 57}]
    messages, _ = run(ActionCrisisReminder(), tracker_for("crisis_check", "i've thought about how i'd do it, there's a bridge in glasgow",
                                                           events=IN_CRISIS, entities=entity, slots={"crisis_mode": True}))
    assert "are you safe" in messages[-1]["text"].lower() or any(messages[0]["text"].startswith(t.split("{")[0][:25]) for t in TALK["urgent"])


@pytest.mark.parametrize("said", ["my husband put away the tablets for me", "she's committed to the gym now"])
def test_putting_away_and_commitment_are_not_fear_of_being_sectioned(said):
    assert not content.matches_any(ANSWERS["sectioned"]["when"], said)


def test_a_time_given_for_a_waiting_reminder_keeps_it_daily(tmp_path):
    from actions.reminders import set_reminder
    from assistant.core.reminders import ReminderStore

    store = ReminderStore(tmp_path / "r.db")
    set_reminder(CollectingDispatcher(), tracker_for("set_reminder", "x"), store, "remind me every evening")
    pending = "remind me every evening"
    asked = [{"event": "bot", "text": "What would you like me to remind you about? You could say, remind me at 3pm to stretch."}]
    set_reminder(CollectingDispatcher(), tracker_for("set_reminder", "8pm", slots={"reminder_pending": pending}, events=asked), store, "8pm")
    reminders = store.list("unit")
    assert reminders and all(r.days == "0123456" for r in reminders), [(r.text, r.days) for r in reminders]


@pytest.mark.parametrize("said, level", [
    ("can i stop taking my blood pressure pills now that i've lost weight?", None),
    ("i've stopped taking my blood pressure tablets, the gp switched me to a new one", None),
    ("i might do something drastic with my hair", None), ("i might do something stupid like text my ex", None),
    ("i'm sitting here with a knife", "crisis"), ("i've been thinking about how i'd do it", "check"),
    ("i popped way too many xanax", "crisis"), ("i took more pills than i'm supposed to", "crisis")])
def test_signs_reviewed(said, level):
    """Session 28's second review, minor findings: questions and everyday plans asked about; other words for the same risk."""
    found = levels(said)
    assert (level in found) if level else not found, found


@pytest.mark.parametrize("said", ["my heart's racing", "i can't stay awake", "i feel like i'm going to pass out", "everything is spinning"])
def test_more_words_for_the_effects_of_an_overdose(said):
    assert content.matches_any(TALK["overdose_worse_patterns"], said)
