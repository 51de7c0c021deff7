"""Plain words for a feeling, whatever the NLU read them as (session 24): tension, fear, guilt and anger heard as
such; another person's low mood heard as helping them; asking to vent, a longer exercise, and the background
reminders asked for in words that read as a privacy question."""
import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.conversation import ActionNotUnderstood, ActionOutOfScope, ActionStop
from actions.reminders import ActionReminder
from actions.support import ActionAcceptOffer, ActionFeelingBetter, ActionSupport
from tests.conftest import tracker_for


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, {})
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def situation_validates(name, text):
    return any(v in text for v in content.situations()[name]["validate"])


@pytest.mark.parametrize("action, intent, said, situation", [
    (ActionFeelingBetter(), "feeling_better", "i feel tense", "anxious"),
    (ActionNotUnderstood(), "nlu_fallback", "i'm scared", "anxious"),
    (ActionNotUnderstood(), "nlu_fallback", "im so nervous rn", "anxious"),
    (ActionStop(), "stop", "i keep overthinking", "anxious"),
    (ActionNotUnderstood(), "nlu_fallback", "i feel ashamed", "guilt_or_shame"),
    (ActionSupport(), "resistance_to_compassion", "i feel so guilty", "guilt_or_shame"),
    (ActionNotUnderstood(), "nlu_fallback", "i'm frustrated", "angry"),
    (ActionSupport(), "low_self_esteem", "i'm so mad at him", "angry"),
])
def test_a_plain_feeling_word_is_answered_as_that_feeling_whatever_it_was_read_as(action, intent, said, situation):
    messages, _ = run(action, tracker_for(intent, said))
    assert situation_validates(situation, messages[0]["text"]), messages[0]["text"]


@pytest.mark.parametrize("said", ["i'm not as tense now", "i feel less anxious", "my son is so nervous about school",
                                  "i don't feel guilty about it", "i'm frustrated with myself"])
def test_a_feeling_eased_or_someone_elses_or_turned_on_oneself_is_not_that_situation(said):
    assert not any(content.matches_any(content.situations()[name]["patterns"], said)
                   and not content.matches_any(content.situations()[name].get("not_patterns"), said)
                   for name in ("anxious", "guilt_or_shame", "angry"))


def test_feeling_less_tense_is_feeling_better():
    messages, _ = run(ActionFeelingBetter(), tracker_for("feeling_better", "i'm not as tense now"))
    assert messages[0].get("response") == "utter_glad"


@pytest.mark.parametrize("said", ["can i vent", "mind if i rant for a bit?", "i need to vent"])
def test_asking_to_vent_is_invited_not_stopped(said):
    messages, _ = run(ActionStop(), tracker_for("stop", said))
    assert "go ahead" in messages[0]["text"].lower() or "let it out" in messages[0]["text"].lower()


@pytest.mark.parametrize("said", ["stop", "ok that's enough", "can we pause"])
def test_a_real_stop_still_stops(said):
    messages, slots = run(ActionStop(), tracker_for("stop", said))
    assert "stop" in messages[0]["text"].lower() and slots["offer"] is None


def _relation(text, word):
    start = text.index(word)
    return [{"entity": "relation", "value": word, "start": start, "end": start + len(word)}]


@pytest.mark.parametrize("said, word", [("my boyfriend has been really depressed", "boyfriend"),
                                        ("i think my mum is depressed", "mum"),
                                        ("my little brother seems so down lately", "brother"),
                                        ("my friend jake has been so down lately", "friend"),  # session 25: a name
                                        ("my friend in canada has been really depressed", "friend")])  # session 26: a place
def test_another_persons_low_mood_is_helping_them_not_the_writers_own(said, word):
    messages, slots = run(ActionSupport(), tracker_for("feeling_depressed", said, entities=_relation(said, word)))
    assert "you're feeling this low" not in messages[0]["text"] and slots["topic"] == "support_a_friend"
    assert messages[1]["text"].startswith(content.friend_guide()["steps"][0]["title"])


@pytest.mark.parametrize("said, word", [("my mood has been so low since my dad died", "dad"),
                                        ("my boyfriend has been so down and i feel worthless", "boyfriend"),
                                        ("my mum said i was really depressed", "mum"),
                                        ("my friend and i have been so down", "friend")])
def test_the_writers_own_low_mood_beside_another_person_is_theirs(said, word):
    _, slots = run(ActionSupport(), tracker_for("feeling_depressed", said, entities=_relation(said, word)))
    assert slots.get("topic") != "support_a_friend"


def _exercise_run(exercise_id):
    return [{"event": "user", "text": "let's do it"}, {"event": "slot", "name": "done_exercises", "value": [exercise_id]},
            {"event": "bot", "text": "Box breathing", "data": {"custom": {"exercise": {"id": exercise_id}}}}]


def test_make_it_longer_after_an_exercise_goes_round_once_more():
    tracker = tracker_for("out_of_scope", "can you make it longer?", events=_exercise_run("breathing_box"),
                          slots={"done_exercises": ["breathing_box"]})
    messages, _ = run(ActionOutOfScope(), tracker)
    assert messages[0]["text"] in content.exercise_order()["longer_again"]
    assert messages[1]["custom"]["exercise"]["id"] == "breathing_box"


def test_longer_with_no_exercise_at_hand_or_no_longer_is_not_an_exercise():
    messages, _ = run(ActionOutOfScope(), tracker_for("out_of_scope", "can you make it longer?"))
    assert not messages[0].get("custom")
    tracker = tracker_for("out_of_scope", "i can't do this any longer", events=_exercise_run("breathing_box"),
                          slots={"done_exercises": ["breathing_box"]})
    messages, _ = run(ActionOutOfScope(), tracker)
    assert not any(m.get("custom") for m in messages)


def test_privacy_words_after_a_reminder_answer_turn_on_the_background_service_or_answer_privacy():
    messages, slots = run(ActionReminder(), tracker_for("ask_privacy", "yes send them even when the chat is closed"))
    assert slots.get("offer") == "reminder_service" or "already" in messages[0]["text"]
    messages, _ = run(ActionReminder(), tracker_for("ask_privacy", "is that stored anywhere?"))
    assert messages[0].get("response") == "utter_privacy"


@pytest.mark.parametrize("said, situation", [
    ("behind on rent again and the landlord sent a letter", "money"), ("this meeting is killing me", "overwork"),
])
def test_money_and_work_read_as_out_of_scope_get_their_answer_not_a_refusal(said, situation):
    messages, _ = run(ActionOutOfScope(), tracker_for("out_of_scope", said))
    assert situation_validates(situation, messages[0]["text"]), messages[0]["text"]


def test_ill_typed_for_i_will_is_not_an_illness():
    from actions.reflect import reflection

    assert "illness" not in (reflection(tracker_for("fear_of_judgment", "everyone says ill get over it but i dont think i will")) or "")
    assert "illness" in (reflection(tracker_for("feeling_depressed", "my dad is ill and i can't cope")) or "")


def _offer_declined(exercise_id="self_compassion_break"):
    return [{"event": "slot", "name": "offer", "value": f"exercise:{exercise_id}"},
            {"event": "bot", "text": "Would a short self-compassion break help?"}, {"event": "user", "text": "nah maybe later"},
            {"event": "slot", "name": "offer", "value": None}, {"event": "bot", "text": "That's alright. The offer stays open."}]


def test_a_yes_soon_after_declining_an_exercise_takes_up_that_offer():
    """Session 25's seventh user: "nah maybe later", then "actually ok lets try something quick" got "What would you like to do?"."""
    messages, _ = run(ActionAcceptOffer(), tracker_for("affirm", "actually ok lets try something quick", events=_offer_declined()))
    assert messages[0]["custom"]["exercise"]["id"] == "self_compassion_break"


def test_a_yes_after_the_offered_exercise_already_ran_does_not_start_it_again():
    ran = _offer_declined() + [{"event": "bot", "text": "Self-compassion break", "data": {"custom": {"exercise": {"id": "self_compassion_break"}}}}]
    messages, _ = run(ActionAcceptOffer(), tracker_for("affirm", "ok", events=ran, slots={"done_exercises": ["self_compassion_break"]}))
    assert not messages[0].get("custom")


def test_a_bare_yes_later_does_not_restart_a_declined_exercise():
    """Session 25's review: a "yes" to another question restarted the breathing the person had declined."""
    messages, _ = run(ActionAcceptOffer(), tracker_for("affirm", "yes", events=_offer_declined()))
    assert not messages[0].get("custom")


@pytest.mark.parametrize("said", ["maybe", "hmm not sure", "i guess maybe"])
def test_a_maybe_to_an_exercise_offer_keeps_it_open_once(said):
    """Session 26: "maybe", after an exercise was offered, was taken as "no thanks"; a second maybe is a no."""
    from actions.decline_offer import ActionDeclineOffer

    slots = {"offer": "exercise:breathing_4_6"}
    messages, events = run(ActionDeclineOffer(), tracker_for("deny", said, slots=slots))
    assert messages[0]["text"] in content.exercise_order()["unsure_reply"] and "offer" not in events
    asked = [{"event": "bot", "text": messages[0]["text"]}]
    messages, events = run(ActionDeclineOffer(), tracker_for("deny", "maybe", slots=slots, events=asked))
    assert messages[0]["text"] not in content.exercise_order()["unsure_reply"] and events["offer"] is None


def test_maybe_later_is_still_a_no():
    from actions.decline_offer import ActionDeclineOffer

    messages, events = run(ActionDeclineOffer(), tracker_for("deny", "maybe later", slots={"offer": "exercise:breathing_4_6"}))
    assert messages[0]["text"] not in content.exercise_order()["unsure_reply"] and events["offer"] is None


def test_not_sure_read_as_a_yes_keeps_the_offer_open_and_i_guess_takes_it():
    """Session 26's eighth user: "hmm not sure" was read as a yes and started the exercise."""
    slots = {"offer": "exercise:breathing_4_6"}
    messages, events = run(ActionAcceptOffer(), tracker_for("affirm", "hmm not sure", slots=slots))
    assert messages[0]["text"] in content.exercise_order()["unsure_reply"] and "offer" not in events
    messages, _ = run(ActionAcceptOffer(), tracker_for("affirm", "i guess", slots=slots))
    assert messages[0]["custom"]["exercise"]["id"] == "breathing_4_6"



@pytest.mark.parametrize("said, started", [("yeah I'll sleep soon", False), ("ok tomorrow maybe", False), ("yes please", True),
                                            ("yeah let's do it now, i'll sleep after", True)])
def test_a_yes_that_puts_an_exercise_off_does_not_start_it(said, started):
    """Session 26's eighth user: "yeah I'll sleep soon", after an offer, started the boundaries exercise."""
    messages, _ = run(ActionAcceptOffer(), tracker_for("affirm", said, slots={"offer": "exercise:breathing_4_6"}))
    assert bool(messages[0].get("custom")) == started, messages[0]
