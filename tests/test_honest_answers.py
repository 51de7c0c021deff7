"""Straight answers to questions about crisis lines and about the assistant (data/content/honest_answers.yml),
whichever action the question was read as."""
import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.conversation import ActionNotUnderstood, ActionOutOfScope, ActionRepeat, ActionThank
from actions.honest_answers import ActionBotChallenge, answers
from actions.resources import ActionProfessionalHelp
from actions.safety import ActionCrisisCheck, ActionCrisisReminder
from actions.support import ActionCapabilities, ActionFeelingBetter, ActionSupport
from tests.conftest import tracker_for

LINES_GIVEN = [{"event": "bot", "text": "Samaritans: call 116 123 (free, any time)."}]
"""The assistant's last answer gave a crisis line: questions about calling are about that line."""


def said(action, intent: str, text: str, slots=None, entities=None, events=None) -> str:
    dispatcher = CollectingDispatcher()
    action.run(dispatcher, tracker_for(intent, text, slots=slots, entities=entities, events=events), {})
    return " ".join(m.get("text") or m.get("response") or "" for m in dispatcher.messages)


@pytest.mark.parametrize("action, intent, text, answer", [
    (ActionOutOfScope(), "out_of_scope", "will they send the police", "Very rarely"),
    (ActionOutOfScope(), "out_of_scope", "do they trace the call", "not to track anyone"),
    (ActionNotUnderstood(), "nlu_fallback", "will my parents find out if i call", "confidential"),
    (ActionProfessionalHelp(), "find_professional_help", "is lifeline free?", "free to call"),
    (ActionProfessionalHelp(), "find_professional_help", "can you call someone for me", "can't make calls"),
    (ActionSupport(), "unsure_how_to_help", "what do i say when they pick up", "no right words"),
    (ActionBotChallenge(), "bot_challenge", "are you going to report me to someone", "can't report you"),
    (ActionNotUnderstood(), "nlu_fallback", "so nobody is actually reading this?", "no person is reading this"),
])
def test_a_question_about_the_lines_or_the_assistant_gets_its_own_answer_with_a_line(action, intent, text, answer):
    reply = said(action, intent, text, events=LINES_GIVEN)
    assert answer in reply and "{" not in reply, reply
    assert any(char.isdigit() for char in reply) or "no person" in reply, "a line with its number comes with it"


@pytest.mark.parametrize("text", ["so like who made you", "who built this app then"])
def test_who_made_it_is_answered_even_when_the_classifier_alone_read_risk_into_it(text):
    """Session 25: "so like who made you", right after "are you chatgpt", was asked the direct question about suicide."""
    reply = asked_about_risk(text)
    assert "developers" in reply and "suicide" not in reply
    assert "developers" in said(ActionOutOfScope(), "out_of_scope", text)


def asked_about_risk(text: str) -> str:
    """What the crisis check says to ``text`` when the classifier alone read possible risk into it."""
    dispatcher = CollectingDispatcher()
    tracker = tracker_for("crisis_check", text)
    tracker.latest_message["crisis"] = {"level": "check", "reason": "classifier", "score": 0.6}
    ActionCrisisCheck().run(dispatcher, tracker, {})
    return " ".join(m.get("text") or "" for m in dispatcher.messages)


@pytest.mark.parametrize("text", ["who made you, i want to die", "who made you? i want to thank them before i go",
                                  "will you remember me when i'm not around anymore", "can you call my mum for me, i took too many tonight",
                                  "are you going to tell anyone what i'm planning"])
def test_a_risk_read_beside_a_question_about_the_assistant_is_still_asked_about(text):
    """Session 25's review: every honest answer had stood in for the direct question when the classifier alone read risk."""
    assert "suicide" in asked_about_risk(text) or "emergency" in asked_about_risk(text)


def test_in_crisis_mode_the_answer_comes_before_the_usual_reminder():
    reply = said(ActionCrisisReminder(), "out_of_scope", "will they send the police though", slots={"crisis_mode": True})
    assert "Very rarely" in reply


def test_why_do_you_ask_is_answered_only_after_the_direct_question():
    asked = said(ActionCapabilities(), "ask_capabilities", "why do you ask that", slots={"offer": "risk_check"})
    assert "I asked because" in asked and asked.rstrip().endswith("Are you thinking about suicide?")
    assert said(ActionCapabilities(), "ask_capabilities", "why do you ask that") == "utter_capabilities"


@pytest.mark.parametrize("text", ["i know the number for my doctor", "what do i say to my friend", "is the gym free on sundays",
                                  "are you a real person?", "no one reads my messages anymore, my friends ignore me"])
def test_ordinary_words_near_those_questions_are_not_taken_for_them(text):
    assert not any(content.matches_any(entry["when"], text) for entry in answers())


@pytest.mark.parametrize("text", ["my neighbours heard us arguing last night, will they call the police?", "is it free?",
                                  "if i go to a&e will my parents find out?"])
def test_questions_about_something_else_than_crisis_lines_are_not_answered_as_if_they_were(text):
    """Session 22's review: with no line named, given just before or in view (crisis mode), these are other questions."""
    assert "crisis line" not in said(ActionOutOfScope(), "out_of_scope", text).lower()


def test_a_bad_answers_file_is_one_clear_error(tmp_path):
    path = tmp_path / "honest_answers.yml"
    path.write_text('answers:\n  - name: x\n    when: ["\\\\bfree\\\\b"]\n    text: ["call {nobody}"]\n', encoding="utf-8")
    with pytest.raises(content.ContentError, match="only {line} and {emergency}"):
        answers(path)
    assert said(ActionBotChallenge(), "bot_challenge", "are you a bot") == "utter_iamabot"


def test_what_number_while_the_question_is_open_gets_the_number_for_the_country_named():
    reply = said(ActionOutOfScope(), "out_of_scope", "what number in germany?", slots={"offer": "risk_check"},
                 entities=[{"entity": "country", "value": "DE"}])
    assert "TelefonSeelsorge" in reply and "112" in reply
    assert said(ActionOutOfScope(), "out_of_scope", "what number is the pharmacy") == "utter_out_of_scope"


@pytest.mark.parametrize("action, intent, text", [(ActionOutOfScope(), "out_of_scope", "you don't actually care, you're code"),
                                                  (ActionNotUnderstood(), "nlu_fallback", "sorry for ranting"),
                                                  (ActionNotUnderstood(), "nlu_fallback", "oh great another chatbot that's gonna tell me to breathe"),
                                                  # session 25: sarcasm read as relief, a complaint read as "say it again"
                                                  (ActionFeelingBetter(), "feeling_better", "oh great, a robot therapist. just what i needed"),
                                                  (ActionBotChallenge(), "bot_challenge", "this is useless"),
                                                  (ActionSupport(), "unsure_how_to_help", "wow so you just pretend to care then"),
                                                  (ActionRepeat(), "repeat", "you keep saying the same stuff"),
                                                  # session 26: "u there?" was thanked
                                                  (ActionThank(), "thank", "u there?"),
                                                  (ActionNotUnderstood(), "nlu_fallback", "hello? anyone there"),
                                                  # session 26: anger at the bot had the capabilities list or "I'm a program"
                                                  (ActionCapabilities(), "ask_capabilities", "I asked you a simple question and you gave me a lecture"),
                                                  (ActionBotChallenge(), "bot_challenge", "you're not helping at all"),
                                                  (ActionSupport(), "low_self_esteem", "so you don't actually understand me"),
                                                  (ActionNotUnderstood(), "nlu_fallback", "brb")])
def test_a_word_about_the_talk_itself_gets_its_own_answer_whatever_it_was_read_as(action, intent, text):
    replies = [r for entry in content.not_understood()["about_the_talk"] for r in entry["replies"]]
    assert said(action, intent, text) in replies


@pytest.mark.parametrize("text, answer", [
    ("will you remember this tomorrow?", "kept only on this computer"),
    ("if i tell you my address will you send the police?", "can't report you"),
    ("is there somebody who speak Polish?", "only understand English"),
])
def test_in_crisis_mode_questions_about_memory_the_police_and_language_are_answered(text, answer):
    reply = said(ActionCrisisReminder(), "out_of_scope", text, slots={"crisis_mode": True, "country": "GB"})
    assert answer in reply and "116 123" in reply, reply


def test_a_complaint_about_repeating_with_distress_after_it_is_not_only_the_complaint():
    reply = said(ActionSupport(), "feeling_depressed", "you keep saying that but i haven't eaten in 4 days and i can't stop crying")
    assert "I do repeat myself" not in reply


@pytest.mark.parametrize("text, answer", [
    ("how do I know if a therapist is a good fit", "A good fit"), ("can I switch therapists without it being weird", "Changing therapist"),
    ("what's the difference between a counsellor and a psychologist", "psychiatrists are medical doctors"),
    ("can I see a therapist without my parents knowing? I'm 16", "in confidence"),
    ("what do I even say in the first session", "You don't need the right words"), ("is therapy worth it?", "Many people find therapy helps"),
])
def test_practical_questions_about_therapy_get_their_own_answer(text, answer):
    """Session 26's eighth user: each had the same block of routes, "is therapy worth it?" a definition of compassion."""
    reply = said(ActionProfessionalHelp(), "find_professional_help", text)
    assert answer in reply, reply



def test_what_happens_to_what_they_write_read_as_capabilities_gets_the_privacy_answer():
    """Session 26's eighth user: "what do you do with what I tell you" had the list of what it can do."""
    assert said(ActionCapabilities(), "ask_capabilities", "what do you do with what I tell you") == "utter_privacy"
    assert said(ActionCapabilities(), "ask_capabilities", "what can you do") == "utter_capabilities"



@pytest.mark.parametrize("text, response", [("Thank you, and good day", "utter_goodbye"), ("thanks, take care", "utter_goodbye"),
                                            ("thanks so much", "utter_you_are_welcome")])
def test_thanks_that_ends_with_a_parting_wish_is_a_goodbye(text, response):
    assert said(ActionThank(), "thank", text) == response
