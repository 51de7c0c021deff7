"""Answers to the direct question about suicide that a first reading misses (actions/risk_answers.py late_answer):
a no with a hedge, a guarded reply, a no taken back a few messages later; each with its plain twin (session 24)."""
import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.check_declined import ActionCheckDeclined
from actions.conversation import ActionGoodbye, ActionNotUnderstood
from actions.decline_offer import ActionDeclineOffer
from actions.honest_answers import ActionBotChallenge
from actions.risk_answers import unsure_answer
from actions.support import ActionAcceptOffer, ActionCapabilities, ActionSupport
from tests.conftest import tracker_for

QUESTION = [{"event": "bot", "text": content.safety_talk()["check_question"][0]}]
DECLINED = QUESTION + [{"event": "user", "text": "no"}, {"event": "bot", "text": content.safety_talk()["check_declined"][0]}]


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, {})
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def is_maybe(messages):
    return any(v.split("{")[0] in messages[0]["text"] for v in content.safety_talk()["check_unsure"])


@pytest.mark.parametrize("said, maybe", [
    ("no... well maybe", True), ("no. well. sometimes", True), ("not really... maybe a bit", True),
    ("no, i mean, sometimes i think about it", True), ("not really but", True), ("not right now", True), ("not exactly", True),
    ("i dont want to answer that", True), ("kind of", True), ("no, just sometimes", True), ("nah just at night sometimes", True),
    ("no, probably not", False), ("no, just kind of tired", False), ("no i'm doing well", False), ("no, just a bit tired", False),
    ("nope", False), ("i guess not", False), ("no but i feel really low", False),
    # session 25: an answer ending unsure, a yes with more after it
    ("i mean not like that. idk", True), ("no i don't think so, i'm not sure", True), ("yes just recharge", True),
    # session 26: an answer to why, not to the question
    ("no reason really", True), ("just because", True), ("no, just tired", False),
])
def test_a_no_with_a_hedge_is_a_maybe_and_a_plain_no_is_not(said, maybe):
    assert unsure_answer(said) == maybe
    messages, slots = run(ActionCheckDeclined(), tracker_for("deny", said, events=QUESTION, slots={"offer": "risk_check"}))
    assert is_maybe(messages) == maybe and bool(slots.get("crisis_mode")) == maybe


@pytest.mark.parametrize("action, intent, said", [
    (ActionNotUnderstood(), "nlu_fallback", "kind of"), (ActionCapabilities(), "ask_capabilities", "its complicated"),
])
def test_a_maybe_read_as_anything_straight_after_the_question_is_still_its_answer(action, intent, said):
    messages, slots = run(action, tracker_for(intent, said, events=QUESTION, slots={"offer": "risk_check"}))
    assert is_maybe(messages) and slots["crisis_mode"] is True


@pytest.mark.parametrize("said", ["why do you care", "thats none of your business", "whats it to you"])
def test_a_guarded_reply_keeps_the_question_open_gently(said):
    messages, slots = run(ActionCapabilities(), tracker_for("ask_capabilities", said, events=QUESTION, slots={"offer": "risk_check"}))
    assert "you don't have to answer" in messages[0]["text"].lower() or "fair enough" in messages[0]["text"].lower()
    assert messages[0]["text"].endswith("Are you thinking about suicide?") and "offer" not in slots


@pytest.mark.parametrize("action, intent, said, yes", [
    (ActionBotChallenge(), "bot_challenge", "actually i lied", True),
    (ActionAcceptOffer(), "affirm", "yeah i think about it", True),
    (ActionDeclineOffer(), "deny", "ok maybe a little", False),
    (ActionDeclineOffer(), "deny", "well. not today anyway", False),
    (ActionSupport(), "need_help", "its been on my mind for weeks", False),
    (ActionNotUnderstood(), "nlu_fallback", "like at night mostly", False),
])
def test_a_no_taken_back_a_few_messages_later_is_a_yes_or_a_maybe(action, intent, said, yes):
    messages, slots = run(action, tracker_for(intent, said, events=DECLINED))
    assert (messages[0].get("response") == "utter_crisis") if yes else is_maybe(messages)
    assert slots.get("crisis_mode") is True


@pytest.mark.parametrize("action, intent, said", [
    (ActionAcceptOffer(), "affirm", "yes"),  # a yes to whatever came after, not a retraction
    (ActionDeclineOffer(), "deny", "a little"),
    (ActionSupport(), "need_help", "it's been on my mind for weeks"),  # long after the no
])
def test_without_a_no_just_before_nothing_is_taken_back(action, intent, said):
    later = [e for n in range(4) for e in ({"event": "user", "text": f"message {n}"}, {"event": "bot", "text": f"answer {n}"})]
    events = DECLINED + later if intent == "need_help" else DECLINED
    messages, slots = run(action, tracker_for(intent, said, events=events))
    assert messages[0].get("response") != "utter_crisis" and not is_maybe(messages) and not slots.get("crisis_mode")


@pytest.mark.parametrize("said, first", [("bad night", True), ("rough night", True), ("late night again", True), ("goodnight", False),
                                         ("bye for now", False), ("an hour later", False), ("had a long night, goodnight", False)])
def test_a_first_message_read_as_goodbye_with_no_word_of_leaving_is_the_night_it_tells_of(said, first):
    messages, _ = run(ActionGoodbye(), tracker_for("goodbye", said))
    text = messages[0].get("text") or ""
    assert ("hard night" in text or "rough one" in text) == first and (messages[0].get("response") == "utter_goodbye") != first


def test_a_joke_taken_back_only_partly_is_a_maybe_wherever_it_lands():
    from actions.friend import ActionFriendGuide

    messages, slots = run(ActionFriendGuide(), tracker_for("support_a_friend", "relax, it's a joke. mostly.", events=QUESTION,
                                                           slots={"offer": "risk_check"}))
    assert is_maybe(messages) and slots["crisis_mode"] is True
    assert not unsure_answer("i was joking") and not unsure_answer("just kidding lol")


@pytest.mark.parametrize("action, intent, said", [
    (ActionDeclineOffer(), "deny", "honestly i am just exhausted from work"), (ActionAcceptOffer(), "affirm", "tbh yes i would like that"),
    (ActionSupport(), "need_help", "the exam has been on my mind for weeks"), (ActionAcceptOffer(), "affirm", "honestly yes"),
])
def test_ordinary_answers_after_a_no_are_not_taken_as_its_taking_back(action, intent, said):
    """The last variant of the declined answer asks "would you like to tell me more?": "honestly yes" answers that."""
    messages, slots = run(action, tracker_for(intent, said, events=DECLINED))
    assert messages[0].get("response") != "utter_crisis" and not is_maybe(messages) and not slots.get("crisis_mode")


@pytest.mark.parametrize("said", ["actually i lied earlier", "thanks. but i lied before"])
def test_a_no_taken_back_read_as_feeling_better_or_thanks_is_still_heard(said):
    from actions.conversation import ActionThank
    from actions.support import ActionFeelingBetter

    for action, intent in ((ActionFeelingBetter(), "feeling_better"), (ActionThank(), "thank")):
        messages, slots = run(action, tracker_for(intent, said, events=DECLINED))
        assert messages[0].get("response") == "utter_crisis" and slots["crisis_mode"] is True


@pytest.mark.parametrize("action, intent, said, yes", [
    (ActionAcceptOffer(), "affirm", "i lied, yes", True), (ActionNotUnderstood(), "nlu_fallback", "i lied. i do think about it", True),
    (ActionSupport(), "feeling_better", "yeah i think about it every night", True),
    (ActionSupport(), "need_help", "it's been on my mind for a while tbh", False),
])
def test_retractions_with_more_words_after_them_are_still_heard(action, intent, said, yes):
    """The second review: anchoring to whole answers had lost these."""
    messages, slots = run(action, tracker_for(intent, said, events=DECLINED))
    assert (messages[0].get("response") == "utter_crisis") if yes else is_maybe(messages)


def test_i_lied_is_heard_even_over_an_open_offer():
    messages, _ = run(ActionSupport(), tracker_for("low_self_esteem", "i lied earlier", events=DECLINED,
                                                   slots={"offer": "exercise:breathing_4_6"}))
    assert messages[0].get("response") == "utter_crisis"


@pytest.mark.parametrize("said", ["yeah just most nights", "yes only the thoughts", "yeah but i'm scared to tell anyone"])
def test_a_yes_that_says_how_often_is_a_yes_wherever_it_lands(said):
    """Session 25's review: these were answered "when it's a maybe", or not at all."""
    messages, _ = run(ActionNotUnderstood(), tracker_for("nlu_fallback", said, events=QUESTION, slots={"offer": "risk_check"}))
    assert messages[0].get("response") == "utter_crisis"



@pytest.mark.parametrize("said, yes", [("actually yes sometimes", True), ("ok actually i lied. i do think about it", True),
                                       ("well maybe sometimes", False), ("...well sometimes I think about it", False)])
def test_coming_back_after_a_no_is_heard(said, yes):
    """Session 26's ninth user: each had "I'm not sure I understood", a therapist offer or "We can just talk"."""
    messages, slots = run(ActionNotUnderstood(), tracker_for("nlu_fallback", said, events=DECLINED))
    assert messages[0].get("response") == "utter_crisis" if yes else is_maybe(messages), messages[0]
