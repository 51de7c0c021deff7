"""Scripted conversations on the real trained model for issue 17, with one shared check: no
assistant message comes twice word for word within a conversation (:func:`talk`)."""
from datetime import datetime, timedelta
from typing import List

import pytest

from actions import content
from assistant.core.reminder_times import Schedule
from assistant.core.reminders import ReminderStore
from assistant.core.text import conversation_id


def talk(engine, sender: str, lines: List[str]) -> List[List[str]]:
    """Say each line in one conversation; every assistant text of each turn. Fails on a word-for-word repeat."""
    turns, seen = [], {}
    for number, line in enumerate(lines, 1):
        turn = engine.handle(line, sender)
        texts = [r.text for r in turn.replies if r.text]
        for text in texts:
            assert text not in seen, f"turn {number} ({line!r}) repeats turn {seen.get(text)} word for word: {text!r}"
            seen[text] = number
        turns.append(texts)
    return turns


def joined(texts: List[str]) -> str:
    return " ".join(texts)


@pytest.fixture(autouse=True)
def private_config(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def test_things_said_often_are_answered_differently(engine, sender):
    turns = talk(engine, sender, ["hello", "hi", "hey there", "hello again", "thanks", "thank you", "thanks a lot",
                                  "cheers", "ok that actually helped a bit", "i feel a lot calmer now thanks",
                                  "feeling lighter after talking", "that was nice"])
    assert all(turns), "every message is answered"


def test_the_approval_answer_does_not_say_the_same_thing_twice(engine, sender):
    first, again = talk(engine, sender, ["i just want everyone to like me", "i need everyone's approval all the time"])
    text = joined(first).lower()
    assert not ("normal" in text and "natural" in text), text
    assert joined(first) != joined(again)


def test_professional_help_once_offered_is_not_pressed_again(engine, sender):
    """Session 14's user study: a doctor or therapist offered on four low turns in a row. Once is enough; after it,
    something small to do together, and the routes come again only when asked for."""
    routes = " ".join(content.professional_help()["routes"][:3])
    turns = talk(engine, sender, ["i need help", "yes please", "no thanks", "i really need some help", "yes please"])
    assert routes in joined(turns[1]), "the full routes the first time"
    assert routes not in joined(turns[3]) + joined(turns[4]) and "together" in joined(turns[3])
    assert any(exercise.title in joined(turns[4]) for exercise in content.exercises().values()), "the small thing, started"


def test_long_therapy_text_is_split_with_tell_me_more(engine, sender):
    info = content.professional_help()
    turns = talk(engine, sender, ["where can i find a therapist", "yes please", "tell me more"])
    assert info["what_therapy_is_like"] in joined(turns[1]) and info["how_to_ask"] not in joined(turns[1])
    assert info["how_to_ask"] in joined(turns[2])


def test_box_breathing_typed_after_breathing_starts_it_and_stale_ones_expire(engine, sender):
    first = engine.handle("can we do a breathing exercise", sender)
    titles = [b["title"] for r in first.replies for b in r.buttons]
    assert "Box breathing, 4 counts each" in titles
    box = engine.handle("Box breathing, 4 counts each", sender)
    assert any((r.exercise or {}).get("id") == "breathing_box" for r in box.replies)
    engine.handle("stop", sender)
    stale = engine.handle("Not the breath, notice your senses", sender)
    assert stale.replies[0].text.startswith("That exercise has finished"), stale.replies[0].text
    again = engine.handle("yes", sender)
    assert any((r.exercise or {}).get("id") == "grounding_senses" for r in again.replies)


def test_listening_practice_credits_both_skills_and_another_one_works(engine, sender):
    practice = content.listening_practice()
    turns = talk(engine, sender, ["can we practise active listening",
                                  "it sounds like you're back to square one. what was that like for you?",
                                  "Another one"])
    feedback = joined(turns[1])
    assert any(v in feedback for v in practice["feedback"]["reflects"]) and any(v in feedback for v in practice["feedback"]["asks_open"])
    assert any(t.startswith("Your friend says:") for t in turns[2]) and practice["scenarios"][1] in joined(turns[2])
    rest = talk(engine, sender, ["that sounds so lonely, i'm here for you", "That's enough", "Another one"])
    assert rest[2][0].startswith("That practice round has finished"), rest[2]


def test_mixed_feelings_are_answered_as_mixed(engine, sender):
    answer = joined(talk(engine, sender, ["a bit warmer, but also a bit sad"])[0])
    assert "That's good to hear" not in answer and "I'm really glad to hear that" not in answer
    assert any(word in answer.lower() for word in ("both", "at the same time", "two things", "still"))


def test_a_carer_hears_about_their_mum(engine, sender):
    answer = joined(talk(engine, sender, ["looking after my mum with dementia is wearing me out"])[0])
    assert "your mum" in answer


def test_reminders_by_day_one_cancelled_by_what_it_is_for(engine, sender):
    turns = talk(engine, sender, [
        "remind me at 3pm to be kind to myself", "remind me on friday to rest", "at 10am",
        "remind me to breathe every two hours", "cancel the breathing reminder", "what reminders do i have",
    ])
    assert "be kind to yourself" in joined(turns[0]) and "myself" not in joined(turns[0])
    assert "What time on Friday" in joined(turns[1]) and "every 2 hours" not in joined(turns[1])
    assert "rest at 10 a.m. on Friday" in joined(turns[2]) or "rest at 10 a.m." in joined(turns[2])
    assert "cancelled the reminder to breathe" in joined(turns[4])
    listed = joined(turns[5])
    assert "be kind to yourself" in listed and "rest" in listed and "breathe" not in listed


def test_reminders_when_the_chat_is_closed_are_explained_and_asked(engine, sender, tmp_path):
    asked, declined = talk(engine, sender, ["send my reminders even when the chat is closed", "no thanks"])
    assert "desktop notifications" in joined(asked) and "Shall I turn it on?" in joined(asked)
    assert not (tmp_path / "config" / "systemd").exists()


def test_a_late_reminder_says_so(engine, sender, private_data_dir):
    store = ReminderStore(private_data_dir / "reminders.db")
    due = datetime.now().replace(second=0, microsecond=0) - timedelta(hours=3)
    store.add(conversation_id(sender), "be kind to yourself", Schedule(due.timestamp()))
    shown = [r.text for r in engine.due_reminders(sender)]
    assert shown and shown[0].startswith("Reminder: be kind to yourself.") and "I couldn't show it then." in shown[0]


def test_a_variant_not_said_comes_first_and_an_introduction_is_made_once():
    from assistant.core.variety import choose

    intros = [{"text": "Hi, I'm Compassion.", "metadata": {"once": True}}, {"text": "Hello, I'm a program.", "metadata": {"once": True}}]
    again = [{"text": "Hello again.", "metadata": {"follow_up": True}}, {"text": "Hi again.", "metadata": {"follow_up": True}}]
    assert choose(intros + again, said=[], mixed=False)["text"] == "Hi, I'm Compassion."
    assert choose(intros + again, said=["Hi, I'm Compassion.", "Something else."], mixed=False)["text"] == "Hello again."
    assert choose(intros + again, said=["Hi, I'm Compassion.", "Hello again."], mixed=False)["text"] == "Hi again."
    plain = [{"text": "Bye."}, {"text": "Take care."}] + again
    assert choose(plain, said=["Bye."], mixed=False)["text"] == "Take care.", "without 'once', every variant comes first"


def test_a_yes_after_a_follow_up_that_was_not_the_direct_question_is_not_taken_as_its_yes(engine, sender):
    """action_crisis_check sometimes answers instead of asking (a question about the exercise just described, a no to
    the question asked before); a "yes" after that answer takes up what it offered, never the crisis answer."""
    crisis = content.safety_talk()["check_question"]
    turns = talk(engine, sender, ["what is box breathing", "how long does it take?", "yes"])
    assert not any(q in joined(turns[1]) for q in crisis) and "I'm taking it seriously" not in joined(turns[2])
    other = sender + "-2"
    turns = talk(engine, other, ["not gonna kill myself but i wouldnt mind if a bus hit me", "no, honestly just tired of everything going wrong",
                                 "yes"])
    assert any(line in joined(turns[1]) for line in content.safety_talk()["check_declined"])
    assert "I'm taking it seriously" not in joined(turns[2])
