"""Session 26's eighth new user: what follows the direct question, the crisis answer and a disclosure of self-harm.

A yes said as the topic ("about ending it"), a goodbye with the question open, "yes i am" to "are you safe?", a yes
after safety was stated, self-harm that is no wish to die, and a friend at risk in a country the writer named."""
import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.check_declined import ActionCheckDeclined
from actions.conversation import ActionGoodbye
from actions.exercises import ActionRunExercise
from actions.friend import ActionFriendGuide, friend_risk
from actions.resources import ActionProfessionalHelp
from actions.safety import ActionCrisisReminder
from actions.support import ActionAcceptOffer, ActionGladSafe, ActionSupport
from tests.conftest import tracker_for

TALK = content.safety_talk()
QUESTION = [{"event": "bot", "text": TALK["check_question"][0]}]
ASKED_IF_SAFE = [{"event": "bot", "text": "Are you safe right now? When you are, tell me \"I'm safe\" and we can go on together."}]
CUT_AGAIN = [{"event": "user", "text": "started cutting again after 2 years clean"}] + ASKED_IF_SAFE


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, {})
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


@pytest.mark.parametrize("said", ["about ending it", "yeah, killing myself", "suicide", "um ending things i guess"])
def test_naming_what_was_asked_about_is_a_yes_whatever_it_was_read_as(said):
    """"about ending it" was read as "stop asking": "Okay, I won't ask again"."""
    messages, _ = run(ActionCheckDeclined(), tracker_for("stop", said, events=QUESTION, slots={"offer": "risk_check"}))
    assert messages[0].get("response") == "utter_crisis"
    messages, _ = run(ActionAcceptOffer(), tracker_for("affirm", said, events=QUESTION, slots={"offer": "risk_check"}))
    assert messages[0].get("response") == "utter_crisis"


@pytest.mark.parametrize("said", ["not about ending it", "stop asking about suicide"])
def test_a_no_or_stop_asking_that_names_it_is_not_a_yes(said):
    messages, _ = run(ActionCheckDeclined(), tracker_for("stop", said, events=QUESTION, slots={"offer": "risk_check"}))
    assert any(messages[0]["text"].startswith(t.split("{")[0]) for t in TALK["check_stop_asking"]), messages[0]


def test_a_goodbye_with_the_question_open_keeps_the_line():
    """"goodbye", straight after the question, had "Take gentle care of yourself"."""
    messages, _ = run(ActionGoodbye(), tracker_for("goodbye", "goodbye", events=QUESTION, slots={"offer": "risk_check", "country": "GB"}))
    assert any(messages[0]["text"].startswith(t.split("{")[0][:30]) for t in TALK["check_goodbye"]) and "116 123" in messages[0]["text"]
    messages, _ = run(ActionGoodbye(), tracker_for("goodbye", "goodbye", events=[{"event": "user", "text": "long day"}]))
    assert messages[0].get("response") == "utter_goodbye"


def test_safety_stated_closes_the_question_so_a_later_yes_is_not_a_yes_to_it():
    """"I'm safe, just fed up with work", then "yes" to "what would help?", had the whole crisis answer."""
    _, slots = run(ActionGladSafe(), tracker_for("confirm_safe", "I'm safe, just fed up with work", events=QUESTION, slots={"offer": "risk_check"}))
    assert slots["offer"] is None


def test_yes_i_am_to_are_you_safe_is_safety_whatever_it_was_read_as():
    """Read as asking whether it is a bot: "I'm an automated assistant"."""
    messages, slots = run(ActionCrisisReminder(), tracker_for("bot_challenge", "yes I am", events=ASKED_IF_SAFE, slots={"crisis_mode": True}))
    assert messages[0]["text"] in TALK["glad_safe"] and slots["crisis_mode"] is False


def test_self_harm_that_is_no_wish_to_die_is_not_safety():
    """"not suicidal, it just helps me cope", after "started cutting again", had "I'm really glad you're safe"."""
    messages, slots = run(ActionGladSafe(), tracker_for("confirm_safe", "not suicidal, it just helps me cope", events=CUT_AGAIN,
                                                        slots={"crisis_mode": True, "country": "GB"}))
    assert any(messages[0]["text"].startswith(t[:40]) for t in TALK["self_harm_coping"]) and "116 123" in messages[0]["text"]
    assert slots["crisis_mode"] is True and slots["offer"] == "exercise:grounding_senses"
    messages, slots = run(ActionGladSafe(), tracker_for("confirm_safe", "not suicidal, it just helps me cope", slots={"crisis_mode": True}))
    assert not any(messages[0]["text"].startswith(t[:40]) for t in TALK["self_harm_coping"])


def test_asking_how_to_get_through_an_urge_gets_ways_through_it_and_grounding():
    """"what can i do instead when the urge hits" had the list of exercises."""
    slots = {"crisis_mode": True, "crisis_quiet": True}
    said = "what can I do instead when the urge hits"
    messages, events = run(ActionRunExercise(), tracker_for("request_exercise", said, events=CUT_AGAIN, slots=slots))
    assert any(messages[0]["text"].startswith(t[:40]) for t in TALK["self_harm_urge"]) and events["offer"] == "exercise:grounding_senses"
    answered = tracker_for("request_exercise", said, events=CUT_AGAIN, slots=slots)
    answered.events.append({"event": "bot", "text": messages[0]["text"]})  # the rule's crisis reminder runs after it
    assert run(ActionCrisisReminder(), answered)[0] == []
    messages, events = run(ActionCrisisReminder(), tracker_for("request_exercise", said, events=CUT_AGAIN, slots=slots))
    assert any(messages[0]["text"].startswith(t[:40]) for t in TALK["self_harm_urge"])
    messages, _ = run(ActionCrisisReminder(), tracker_for("affirm", "yes", events=CUT_AGAIN, slots={**slots, "offer": "exercise:grounding_senses"}))
    assert messages[0]["custom"]["exercise"]["id"] == "grounding_senses"


def test_cuts_found_on_a_childs_arm_get_the_steps_for_someone_at_risk_and_denial_its_answer():
    """A parent's "i found some cuts on her arm yesterday" had the guide's "drop off a meal"; "what if she denies it" the next step."""
    assert friend_risk("I found some cuts on her arm yesterday") == "self_harm_sign"
    assert friend_risk("i found cuts on her arm from the cat") is None
    slots = {"country": "GB", "friend_at_risk": "self_harm_sign", "topic": "support_a_friend"}
    messages, _ = run(ActionFriendGuide(), tracker_for("support_a_friend", "what if she denies it", slots=slots))
    assert any(messages[0]["text"].startswith(t.split("{")[0]) for t in content.friend_guide()["at_risk"]["denies"])


@pytest.mark.parametrize("said", ["okay im going to call 999", "ill call the police then"])
def test_saying_they_will_call_for_a_friend_at_risk_is_told_yes_with_the_friends_numbers(said):
    """"she lives in ireland", then "okay im going to call 999", was not understood and given 112 "works in many countries"."""
    country_told = [{"event": "user", "text": "she lives in Ireland", "parse_data": {"their_country": "IE"}},
                    {"event": "slot", "name": "friend_at_risk", "value": "ideation"}]
    slots = {"friend_at_risk": "ideation", "topic": "support_a_friend"}
    messages, _ = run(ActionFriendGuide(), tracker_for("support_a_friend", said, slots=slots, events=country_told))
    assert messages[0]["text"].startswith("Yes") and "112 or 999" in messages[0]["text"] and "116 123" in messages[0]["text"]


def test_a_country_they_moved_from_is_not_where_they_are():
    """"I move here from Brazil 8 months ago. I dont have friends here" had Brazil's CVV and the professional-help block."""
    lonely = content.situations()["lonely"]
    said = "I move here from Brazil 8 months ago. I dont have friends here"
    messages, slots = run(ActionProfessionalHelp(), tracker_for("inform_country", said))
    assert any(v in messages[0]["text"] for v in lonely["validate"]) and "country" not in slots


@pytest.mark.parametrize("said", ["NOT SUICIDAL JUST SO ANGRY", "why do you keep sending me helpline numbers, I'm not in crisis"])
def test_in_crisis_mode_being_misread_stops_the_questions(said):
    messages, _ = run(ActionCrisisReminder(), tracker_for("low_self_esteem", said.lower(), slots={"crisis_mode": True}))
    assert any(messages[0]["text"].startswith(t.split("{")[0]) for t in TALK["stop_asking"])


def test_a_worry_for_someone_else_after_the_question_is_its_no():
    """A carer's "for him I mean, not me. he's suffering" was asked once more."""
    messages, _ = run(ActionCheckDeclined(), tracker_for("deny", "for him I mean, not me. he's suffering", events=QUESTION,
                                                         slots={"offer": "risk_check"}))
    assert messages[0]["text"] in TALK["check_declined"]


def test_a_joke_given_as_the_answer_is_believed_with_the_door_left_open():
    """"haha jk", after the question, had "Thank you for answering me. I'm glad."."""
    messages, slots = run(ActionCheckDeclined(), tracker_for("deny", "haha jk", events=QUESTION, slots={"offer": "risk_check", "country": "US"}))
    assert any(messages[0]["text"].startswith(t.split("{")[0]) for t in TALK["check_joked"]) and "988" in messages[0]["text"]
    assert slots["offer"] is None and not slots.get("crisis_mode")


def test_keeping_the_means_just_in_case_gets_the_urgent_answer_and_the_means_note():
    """"just in case", of sleeping tablets saved up, had "Okay. If you mean you're safe now..."."""
    saved = [{"event": "user", "text": "I've been saving up my sleeping tablets for a while now"}] + ASKED_IF_SAFE
    messages, slots = run(ActionCrisisReminder(), tracker_for("affirm", "just in case", events=saved, slots={"crisis_mode": True, "country": "GB"}))
    assert "999" in messages[0]["text"] and any(t in messages[0]["text"] for t in TALK["means_away"]) and slots["crisis_mode"] is True


def test_in_crisis_mode_asking_to_talk_about_something_else_is_granted_with_the_line_in_view():
    """"can we just talk about my day" had "That sounds really heavy" and the check-in again."""
    messages, slots = run(ActionCrisisReminder(), tracker_for("out_of_scope", "can we just talk about my day", slots={"crisis_mode": True, "country": "US"}))
    assert any(messages[0]["text"].startswith(t.split("{")[0]) for t in TALK["change_topic"]) and "988" in messages[0]["text"]
    assert slots["crisis_quiet"] is True and "crisis_mode" not in slots



@pytest.mark.parametrize("said", ["it's not like that, i'm not going to kill myself. not yet anyway",
                                  "not suicidal, it helps me cope. for now anyway, until i find a way out"])
def test_a_denial_with_a_time_limit_after_self_harm_gets_no_coping_answer(said):
    """Session 26's review: "not yet anyway" was told self-harm is "not a wish to die", and the questions stopped."""
    messages, slots = run(ActionCrisisReminder(), tracker_for("deny", said, events=CUT_AGAIN, slots={"crisis_mode": True}))
    assert not any(messages[0]["text"].startswith(t[:40]) for t in TALK["self_harm_coping"] + TALK["stop_asking"])
    assert not slots.get("crisis_quiet")


def test_the_coping_answer_stands_when_the_classifier_reads_risk_strongly():
    """Session 26's review: "it's not about dying, it's the only way i can cope", read as a strong check, had "call now"."""
    tracker = tracker_for("crisis_check", "it's not about dying, it's the only way i can cope", events=CUT_AGAIN, slots={"crisis_mode": True})
    tracker.latest_message["crisis"] = {"level": "check", "reason": "classifier", "score": 0.9}
    messages, _ = run(ActionCrisisReminder(), tracker)
    assert any(messages[0]["text"].startswith(t[:40]) for t in TALK["self_harm_coping"])


def test_an_urge_question_after_crisis_mode_ended_still_gets_ways_through_it():
    """Session 26's review: one "i'm safe" later, "what can i do when the urge hits" had the exercise menu again."""
    cut = [{"event": "user", "text": "i cut myself last night"}, {"event": "user", "text": "i'm safe now"}]
    messages, slots = run(ActionRunExercise(), tracker_for("request_exercise", "what can i do when the urge hits", events=cut))
    assert any(messages[0]["text"].startswith(t[:40]) for t in TALK["self_harm_urge"]) and "crisis_mode" not in slots


@pytest.mark.parametrize("said", ["for my brother i mean, not me. well me too sometimes", "im not suicidal, i just dont care what happens to me anymore",
                                  "why do you keep sending me numbers. nothing is going to help me anyway"])
def test_in_crisis_mode_a_misreading_with_more_after_it_does_not_stop_the_questions(said):
    """Session 26's review: these had "Okay. I won't keep asking"."""
    messages, slots = run(ActionCrisisReminder(), tracker_for("deny", said, slots={"crisis_mode": True}))
    assert not any(messages[0]["text"].startswith(t.split("{")[0]) for t in TALK["stop_asking"]) and not slots.get("crisis_quiet")


def test_cuts_seen_on_a_daughters_arm_are_hers():
    """Session 26's review: "i saw cuts on my daughter's arm" was asked "are you?"."""
    assert friend_risk("i saw cuts on my daughter's arm last night") == "self_harm_sign"



def test_a_word_about_the_talk_straight_after_the_question_asks_it_again():
    """Session 26's review: "u there?", after the direct question, was answered "I'm here" and the question was dropped."""
    from actions.conversation import ActionThank

    messages, _ = run(ActionThank(), tracker_for("thank", "u there?", events=QUESTION, slots={"offer": "risk_check", "country": "GB"}))
    assert "I'm here" in messages[0]["text"] and "suicide" in messages[1]["text"] and "116 123" in messages[1]["text"]



def test_thanks_and_goodbye_with_the_question_open_keeps_the_line():
    from actions.conversation import ActionThank

    messages, _ = run(ActionThank(), tracker_for("thank", "ok thanks, bye", events=QUESTION, slots={"offer": "risk_check", "country": "GB"}))
    assert any(messages[0]["text"].startswith(t.split("{")[0][:30]) for t in TALK["check_goodbye"]) and "116 123" in messages[0]["text"]



@pytest.mark.parametrize("said", ["it's not about dying. although i wouldn't care if it happened",
                                  "never trying to die, it helps me feel something. i've got a whole box of blades saved up",
                                  "it's how i cope. i took some pills too", "not going to end it as long as my dog needs me. it's just how i cope",
                                  "it helps me cope. i did it on my neck this time"])
def test_more_than_coping_said_beside_it_gets_no_coping_answer(said):
    """Session 26's second review: each of these had "...not a wish to die" and the questions went quiet."""
    messages, slots = run(ActionCrisisReminder(), tracker_for("deny", said, events=CUT_AGAIN, slots={"crisis_mode": True}))
    assert not any(messages[0]["text"].startswith(t[:40]) for t in TALK["self_harm_coping"]) and not slots.get("crisis_quiet")


@pytest.mark.parametrize("said", ["what can i do instead when the urge hits tonight", "how do i handle the urges when they get bad"])
def test_urge_questions_with_a_time_or_read_as_a_feeling_get_ways_through_it(said):
    """Session 26's second review: "tonight" blocked the urge answer; read as a feeling, it had a self-compassion offer."""
    messages, _ = run(ActionCrisisReminder(), tracker_for("request_exercise", said, events=CUT_AGAIN, slots={"crisis_mode": True}))
    assert any(messages[0]["text"].startswith(t[:40]) for t in TALK["self_harm_urge"])
    cut = [{"event": "user", "text": "i cut myself last night"}, {"event": "user", "text": "i'm safe now"}]
    messages, _ = run(ActionSupport(), tracker_for("feeling_drained", said, events=cut))
    assert any(messages[0]["text"].startswith(t[:40]) for t in TALK["self_harm_urge"])


@pytest.mark.parametrize("said", ["not suicidal. ill be gone soon", "im not suicidal, just ready to go", "not suicidal. just made a plan",
                                  "why do you keep asking, i already told you im not ok"])
def test_not_suicidal_or_stop_asking_with_a_leaving_or_a_plan_keeps_the_questions(said):
    messages, slots = run(ActionCrisisReminder(), tracker_for("deny", said, slots={"crisis_mode": True}))
    assert not any(messages[0]["text"].startswith(t.split("{")[0]) for t in TALK["stop_asking"]) and not slots.get("crisis_quiet")


@pytest.mark.parametrize("said", ["i found cuts on my son's arm, i used to do the same and i've started again",
                                  "saw cuts on her arm. i have them too", "i saw cuts on my girlfriend's wrist. we both do it"])
def test_cuts_found_on_someone_else_beside_the_writers_own_stay_the_writers(said):
    from assistant.safety.others import found_on_them

    assert not found_on_them(said)


def test_a_friend_far_away_with_another_countrys_number_named_is_told_whom_to_call_there():
    """Session 26's second review: a friend in Australia, "okay im going to call 911", had "Yes, call 000 now"."""
    told = [{"event": "user", "text": "my friend in australia said she wants to end it tonight", "parse_data": {"their_country": "AU"}},
            {"event": "slot", "name": "friend_at_risk", "value": "ideation"}]
    slots = {"friend_at_risk": "ideation", "topic": "support_a_friend"}
    messages, _ = run(ActionFriendGuide(), tracker_for("support_a_friend", "okay im going to call 911", slots=slots, events=told))
    assert "000" in messages[0]["text"] and "someone" in messages[0]["text"] and not messages[0]["text"].startswith("Yes")
    messages, _ = run(ActionFriendGuide(), tracker_for("support_a_friend", "i'll call them tomorrow to check in", slots=slots, events=told))
    assert not messages[0]["text"].startswith("Yes, call")


def test_not_me_but_someone_at_risk_after_the_question_gets_the_steps_for_them():
    """Session 26's second review: "not me, my mum. she keeps saying she'd be better off gone" was "I'm glad"."""
    from actions.safety import ActionCrisisCheck

    tracker = tracker_for("crisis_check", "not me, my mum. she keeps saying she'd be better off gone", events=QUESTION,
                          slots={"offer": "risk_check", "asked_directly": True})
    tracker.latest_message["crisis"] = {"level": "check", "reason": "classifier", "score": 0.6}
    messages, slots = run(ActionCrisisCheck(), tracker)
    assert any(content.friend_guide()["at_risk"]["intro"] in (m.get("text") or "") for m in messages), messages
    assert not any((m.get("text") or "") in TALK["check_declined"] for m in messages)
