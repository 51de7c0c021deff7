"""Crisis mode's actions in isolation: what ends it, what keeps it, and the answers that depend on what was said
(an overdose taken, someone hurting them, a line already contacted, safety taken back, a friend at risk)."""
import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.friend import ActionFriendGuide, as_if_theirs, friend_risk
from actions.resources import ActionCrisisLines
from actions.safety import ActionCrisisCheck, ActionCrisisReminder, ActionSafetyRetracted
from actions.support import ActionGladSafe
from actions.wording import JUST_TALK
from tests.conftest import tracker_for

TALK = content.safety_talk()
ASKED_IF_SAFE = [{"event": "bot", "text": "Are you safe right now? When you are, tell me \"I'm safe\" and we can go on together."}]


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, {})
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


@pytest.mark.parametrize("said", ["ok i texted them", "i called samaritans", "they haven't answered yet", "i'm on hold with lifeline"])
def test_reaching_out_is_praised_and_crisis_mode_stays(said):
    messages, slots = run(ActionCrisisReminder(), tracker_for("nlu_fallback", said, slots={"country": "AU", "crisis_mode": True}))
    praised = TALK["reached_out"] + TALK["on_hold"]  # on hold: worth staying on, a text line meanwhile (session 24)
    assert any(messages[0]["text"].startswith(v.split("{")[0]) for v in praised) and "000" in messages[0]["text"]
    assert "crisis_mode" not in slots


def test_yes_to_are_you_safe_ends_crisis_mode():
    tracker = tracker_for("affirm", "yes", slots={"country": "AU", "crisis_mode": True}, events=ASKED_IF_SAFE)
    messages, slots = run(ActionCrisisReminder(), tracker)
    assert messages[0]["text"] in TALK["glad_safe"]
    assert slots["crisis_mode"] is False and slots["crisis_answered"] is False


def test_a_yes_to_anything_else_asks_them_to_say_they_are_safe():
    tracker = tracker_for("affirm", "yes", slots={"country": "AU", "crisis_mode": True},
                          events=[{"event": "bot", "text": "Would you like to try a grounding exercise?"}])
    messages, slots = run(ActionCrisisReminder(), tracker)
    assert "I'm safe" in messages[0]["text"] and "crisis_mode" not in slots


def test_an_overdose_gets_medical_help_first_and_is_remembered():
    messages, slots = run(ActionCrisisLines(), tracker_for("crisis", "i took a whole packet of paracetamol an hour ago", slots={"country": "GB"}))
    text = messages[0]["text"]
    assert text.startswith(TALK["overdose_first"][0].split("{")[0]) and text.index("999") < text.index("116 123")
    assert slots["crisis_overdose"] is True and slots["crisis_mode"] is True


def test_someone_hurting_them_is_told_it_is_not_their_fault():
    messages, slots = run(ActionCrisisLines(), tracker_for("crisis", "my stepdad hit me again tonight", slots={"country": "GB"}))
    assert messages[0]["text"].startswith(TALK["danger_first"][0]) and slots["crisis_overdose"] is False


def test_suicidal_thoughts_get_the_lines_with_no_opener():
    messages, _ = run(ActionCrisisLines(), tracker_for("crisis", "i want to end my life", slots={"country": "GB"}))
    assert messages[0]["text"].startswith("In the United Kingdom")


@pytest.mark.parametrize("said", ["i'm safe now", "i feel fine honestly"])
def test_feeling_fine_after_an_overdose_is_not_yet_safe(said):
    tracker = tracker_for("confirm_safe", said, slots={"country": "IE", "crisis_overdose": True})
    messages, slots = run(ActionGladSafe(), tracker)
    assert any(messages[0]["text"].startswith(v.split("{")[0][:40]) for v in TALK["overdose_not_safe_yet"]) and "112" in messages[0]["text"]
    assert slots["crisis_mode"] is True


def test_safe_after_an_overdose_once_medical_help_is_named():
    messages, slots = run(ActionGladSafe(), tracker_for("confirm_safe", "i'm in a&e now, they're looking after me",
                                                        slots={"country": "IE", "crisis_overdose": True}))
    assert messages[0]["text"] in TALK["glad_safe"]
    assert slots["crisis_mode"] is False and slots["crisis_overdose"] is False


def test_after_an_overdose_crisis_mode_keeps_medical_help_in_view_and_offers_no_exercise():
    tracker = tracker_for("need_help", "what do i do", slots={"country": "NZ", "crisis_mode": True, "crisis_overdose": True})
    messages, _ = run(ActionCrisisReminder(), tracker)
    assert "emergency department" in messages[0]["text"] and "111" in messages[0]["text"]
    assert "Do a grounding exercise with me" not in [b["title"] for b in messages[0]["buttons"]]


@pytest.mark.parametrize("said", ["actually no i'm not", "nope i'm really not", "i lied", "nah i still want to do it"])
def test_taking_safety_back_gets_the_urgent_answer(said):
    messages, slots = run(ActionSafetyRetracted(), tracker_for("deny", said, slots={"country": "AU"}))
    assert messages[0]["text"].index("000") < messages[0]["text"].index("13 11 14")
    assert slots["crisis_mode"] is True


def test_a_plain_no_thanks_after_saying_safe_is_only_declined():
    messages, slots = run(ActionSafetyRetracted(), tracker_for("deny", "no thanks", slots={"country": "AU"}))
    assert messages[0]["text"] in JUST_TALK and "crisis_mode" not in slots


@pytest.mark.parametrize("said, category", [
    ("he said last week that everyone would be better off without him", "burden"),
    ("my friend just messaged that she wants to kill herself", "ideation"),
    ("my brother says he has a rope in his car", "plan_means"),
])
def test_what_was_said_of_someone_else_is_read_as_their_risk(said, category):
    assert friend_risk(said) == category


def test_at_risk_tonight_or_unreachable_is_urgent():
    assert friend_risk("my friend just messaged that she wants to kill herself tonight") in content.friend_guide()["at_risk"]["urgent_categories"]
    assert friend_risk("my mate is sad about his exams and not answering") is None


def test_her_is_read_as_me_or_my_from_what_follows():
    assert as_if_theirs("she said we would be better off without her") == "i said we would be better off without me"
    assert as_if_theirs("she wants to end her life") == "i wants to end my life"


def test_later_messages_about_a_friend_at_risk_keep_the_number_in_view_without_the_guide_again():
    first, slots = run(ActionFriendGuide(), tracker_for("support_a_friend", "my friend says she wants to die", slots={"country": "CA"}))
    assert slots["friend_at_risk"] == "ideation"
    later, slots = run(ActionFriendGuide(), tracker_for("support_a_friend", "she won't answer my calls now",
                                                        slots={"country": "CA", "friend_at_risk": "ideation", "topic": "support_a_friend"}))
    assert len(later) == 1 and "911" in later[0]["text"] and "988" in later[0]["text"]
    guide = content.friend_guide()
    assert not any(step["title"] in later[0]["text"] for step in guide["steps"])


@pytest.mark.parametrize("said", ["ok", "kinda yeah", "i guess"])
def test_an_unsure_yes_to_are_you_safe_does_not_end_crisis_mode(said):
    tracker = tracker_for("affirm", said, slots={"country": "AU", "crisis_mode": True}, events=ASKED_IF_SAFE)
    _, slots = run(ActionCrisisReminder(), tracker)
    assert "crisis_mode" not in slots


def test_safe_with_a_hedge_stops_the_questions_but_keeps_crisis_mode():
    events = [{"event": "slot", "name": "crisis_mode", "value": True}]
    tracker = tracker_for("confirm_safe", "i'm safe i guess. for tonight", slots={"country": "AU", "crisis_mode": False}, events=events)
    messages, slots = run(ActionGladSafe(), tracker)
    assert "13 11 14" in messages[0]["text"] and slots["crisis_mode"] is True and slots["crisis_quiet"] is True


def test_a_hedged_fine_with_no_crisis_before_is_simply_welcomed():
    messages, slots = run(ActionGladSafe(), tracker_for("confirm_safe", "i'm safe i think", slots={"country": "AU"}))
    assert messages[0]["text"] in TALK["glad_safe"] and slots["crisis_mode"] is False


@pytest.mark.parametrize("said", ["i'm ok i think", "yeah i'm fine just not feeling it",
                                  "My husband is gone and I would not mind terribly joining him."])
def test_read_as_safe_before_safety_came_up_is_never_glad_youre_safe(said):
    """Session 25's seventh user: a widow's wish to join her husband, read as "safe", was told "I'm really glad you're safe"."""
    messages, _ = run(ActionGladSafe(), tracker_for("confirm_safe", said, slots={"country": "AU"}))
    text = messages[0].get("text") or ""
    assert "safe" not in text and (text or messages[0].get("response"))


def test_safe_after_the_direct_question_is_still_glad():
    events = [{"event": "slot", "name": "asked_directly", "value": True}]
    messages, _ = run(ActionGladSafe(), tracker_for("confirm_safe", "i'm ok i think", events=events))
    assert messages[0]["text"] in TALK["glad_safe"]


def test_a_line_contacted_is_recognised_even_when_not_understood():
    from actions.conversation import ActionNotUnderstood

    messages, _ = run(ActionNotUnderstood(), tracker_for("nlu_fallback", "i called 988, i'm on hold", slots={"country": "US"}))
    praised = TALK["reached_out"] + TALK["on_hold"]
    assert any(messages[0]["text"].startswith(v.split("{")[0]) for v in praised) and "911" in messages[0]["text"]
    plain, _ = run(ActionNotUnderstood(), tracker_for("nlu_fallback", "i called my mum"))
    assert plain[0]["text"] in content.not_understood()["variants"] and plain[0]["buttons"]


def test_not_understood_about_a_friend_at_risk_keeps_the_number_in_view():
    from actions.conversation import ActionNotUnderstood

    slots = {"country": "IE", "friend_at_risk": "goodbye", "topic": "support_a_friend"}
    messages, _ = run(ActionNotUnderstood(), tracker_for("nlu_fallback", "it's 2am and i'm scared", slots=slots))
    assert "112" in messages[0]["text"]


def test_not_feeling_safe_alone_is_not_told_someone_is_hurting_them():
    messages, _ = run(ActionCrisisLines(), tracker_for("crisis", "i said i was safe but i'm not really", slots={"country": "GB"}))
    assert messages[0]["text"].startswith("In the United Kingdom")


def test_the_patterns_of_someone_hurting_them_are_in_the_lexicon():
    from assistant.safety.lexicon_data import lexicon

    names = {pattern.name for pattern in lexicon().patterns if pattern.category == "danger"}
    assert set(TALK["someone_hurting_them"]) <= names


def test_a_goodbye_text_from_a_friend_who_then_goes_quiet_is_urgent():
    messages, slots = run(ActionFriendGuide(), tracker_for(
        "support_a_friend", "my mate just messaged me thanks for everything and now he won't answer", slots={"country": "IE"}))
    assert messages[0]["text"] == content.friend_guide()["at_risk"]["urgent"].format(emergency="112 or 999")
    assert slots["friend_at_risk"] == "goodbye"


def test_their_own_fear_while_a_friend_is_at_risk_gets_the_number_not_a_general_answer():
    from actions.support import ActionSupport

    slots = {"country": "IE", "friend_at_risk": "goodbye", "topic": "support_a_friend"}
    messages, _ = run(ActionSupport(), tracker_for("need_help", "i'm really scared, it's 2am", slots=slots))
    assert len(messages) == 1 and "112" in messages[0]["text"]


def test_having_called_for_a_friend_gets_thanks_and_what_to_do_meanwhile():
    slots = {"country": "IE", "friend_at_risk": "goodbye", "topic": "support_a_friend"}
    messages, _ = run(ActionFriendGuide(), tracker_for("support_a_friend", "ok i called 112, they're sending someone", slots=slots))
    assert any(messages[0]["text"].startswith(v.split("{")[0][:30]) for v in content.friend_guide()["at_risk"]["called_for_them"])


def test_another_warning_sign_after_the_question_brings_the_lines_not_the_question_again():
    from actions.check_declined import ActionCheckDeclined
    from actions.safety import ActionCrisisCheck

    asked = [{"event": "bot", "text": TALK["check_question"][0] + " Whatever your answer, Lifeline: call 13 11 14."}]
    tracker = tracker_for("crisis_check", "i've said goodbye to the people who matter", slots={"country": "AU"}, events=asked)
    messages, slots = run(ActionCrisisCheck(), tracker)
    assert "13 11 14" in messages[0]["text"] and "000" in messages[0]["text"] and slots["crisis_mode"] is True
    after, _ = run(ActionCheckDeclined(), tracker_for("deny", "no", slots={"country": "AU", "crisis_mode": True}))
    assert not after[0]["text"].startswith("Thank you for answering")


def test_strangling_gets_a_medical_check_after_not_your_fault():
    messages, _ = run(ActionCrisisLines(), tracker_for("crisis", "my husband choked me last night", slots={"country": "GB"}))
    text = messages[0]["text"]
    assert text.startswith(TALK["danger_first"][0]) and TALK["strangled_first"][0] in text


def test_the_person_who_hurt_them_is_not_a_friend_to_be_coached_on():
    earlier = [{"event": "user", "text": "my dad hit me again",
                "parse_data": {"intent": {"name": "crisis"}, "crisis": {"level": "crisis", "reason": "pattern:danger:being_hurt"}}}]
    messages, _ = run(ActionFriendGuide(), tracker_for("support_a_friend", "i dont want him to get in trouble",
                                                       slots={"country": "GB"}, events=earlier))
    assert len(messages) == 1 and "0808 2000 247" in messages[0]["text"] and "Listen first" not in messages[0]["text"]
    watched, _ = run(ActionFriendGuide(), tracker_for("support_a_friend", "i can't call, he checks my phone", slots={"country": "GB"}, events=earlier))
    assert "phone" in watched[0]["text"] and "0808 2000 247" in watched[0]["text"], "safer ways to reach help, for a checked phone"


def test_someone_who_cannot_phone_is_given_a_line_that_takes_texts():
    messages, _ = run(ActionCrisisReminder(), tracker_for("nlu_fallback", "can i message someone instead of calling",
                                                         slots={"country": "GB", "crisis_mode": True}))
    assert "85258" in messages[0]["text"]


def test_a_no_when_safety_was_not_asked_about_is_not_read_as_unsafe():
    tracker = tracker_for("deny", "no", slots={"country": "AU", "crisis_mode": True},
                          events=[{"event": "bot", "text": TALK["check_again"][0]}])
    messages, slots = run(ActionCrisisReminder(), tracker)
    assert "crisis_quiet" not in slots and messages[0]["text"].startswith("That's okay")


@pytest.mark.parametrize("said", ["not really", "no thanks", "nope"])
def test_a_plain_no_to_the_question_after_saying_safe_is_not_taking_it_back(said):
    messages, slots = run(ActionSafetyRetracted(), tracker_for("deny", said, slots={"country": "AU"}))
    assert messages[0]["text"] in JUST_TALK and "crisis_mode" not in slots


def test_a_no_after_safety_that_did_not_end_crisis_mode_gets_crisis_modes_answer():
    messages, slots = run(ActionSafetyRetracted(), tracker_for("deny", "no", slots={"country": "AU", "crisis_mode": True, "crisis_overdose": True}))
    assert "13 11 14" in messages[0]["text"] and "emergency department" in messages[0]["text"]


@pytest.mark.parametrize("said", ["i'm fine, i don't need a doctor", "i'm safe, i won't go to hospital", "i'm ok, no need for an ambulance"])
def test_refusing_medical_help_after_an_overdose_is_not_safety(said):
    _, slots = run(ActionGladSafe(), tracker_for("confirm_safe", said, slots={"country": "IE", "crisis_overdose": True}))
    assert slots["crisis_mode"] is True


def test_an_overdose_told_in_crisis_mode_gets_medical_help_first_and_is_remembered():
    from actions.safety import ActionCrisisUrgent

    messages, slots = run(ActionCrisisUrgent(), tracker_for("crisis", "i just took 30 paracetamol", slots={"country": "GB", "crisis_mode": True}))
    assert messages[0]["text"].startswith(TALK["overdose_first"][0].split("{")[0]) and slots["crisis_overdose"] is True


def test_a_friend_at_risk_after_an_abuse_disclosure_still_gets_the_emergency_steps():
    earlier = [{"event": "user", "text": "my dad hit me",
                "parse_data": {"intent": {"name": "crisis"}, "crisis": {"level": "crisis", "reason": "pattern:danger:being_hurt"}}}]
    messages, _ = run(ActionFriendGuide(), tracker_for("support_a_friend", "my best friend just texted me she's going to kill herself tonight",
                                                       slots={"country": "GB"}, events=earlier))
    assert "999" in messages[0]["text"]


def test_messaging_a_friend_again_is_not_having_called_for_help():
    slots = {"country": "IE", "friend_at_risk": "goodbye", "topic": "support_a_friend"}
    messages, _ = run(ActionFriendGuide(), tracker_for("support_a_friend", "i messaged my friend again and nothing", slots=slots))
    assert not any(messages[0]["text"].startswith(v[:20]) for v in content.friend_guide()["at_risk"]["called_for_them"])
    assert "112" in messages[0]["text"]


def test_the_affirm_opener_counts_as_asking_if_safe():
    events = [{"event": "bot", "text": "Okay. If you mean you're safe now, tell me \"I'm safe\" and we'll go on together."}]
    messages, _ = run(ActionCrisisReminder(), tracker_for("deny", "no im not", slots={"country": "AU", "crisis_mode": True}, events=events))
    assert messages[0]["text"].index("000") < messages[0]["text"].index("13 11 14")


CRISIS_MODE_BEFORE = [{"event": "slot", "name": "crisis_mode", "value": True}]


@pytest.mark.parametrize("said", ["i'm fine forget it", "i said i'm fine", "ok leave it", "stop asking me if im safe"])
def test_a_brush_off_in_crisis_mode_stops_the_questions_and_keeps_the_line(said):
    """"Fine" or "ok" with no word of safety, or the question quoted back, is not safety: no nagging, line in view."""
    tracker = tracker_for("confirm_safe", said, slots={"country": "AU", "crisis_mode": False}, events=CRISIS_MODE_BEFORE)
    messages, slots = run(ActionGladSafe(), tracker)
    assert "13 11 14" in messages[0]["text"] and "?" not in messages[0]["text"]
    assert slots["crisis_mode"] is True and slots["crisis_quiet"] is True


@pytest.mark.parametrize("said", ["i'm safe now, my sister is here", "i flushed the pills, i'm good now", "i am safe, stop asking",
                                  "my sister is here with me now, i'm okay"])
def test_safe_said_plainly_still_ends_crisis_mode(said):
    tracker = tracker_for("confirm_safe", said, slots={"country": "AU", "crisis_mode": False}, events=CRISIS_MODE_BEFORE)
    messages, slots = run(ActionGladSafe(), tracker)
    assert messages[0]["text"] in TALK["glad_safe"] and slots["crisis_mode"] is False


def test_the_question_quoted_back_is_not_safety_stated():
    from assistant.safety.lexicon import states_safety

    assert not states_safety("stop asking me if i'm safe omg") and not states_safety("why do you keep asking are you ok")
    assert not states_safety("i'm not going to be ok, i'm going to do it")
    assert states_safety("i'm safe, stop asking")


def test_safety_said_again_in_other_words_is_not_taken_back():
    events = [{"event": "action", "name": "action_glad_safe"}]
    messages, _ = run(ActionSafetyRetracted(), tracker_for("deny", "im not gonna do anything ok", slots={"country": "AU"}, events=events))
    assert messages[0]["text"] in JUST_TALK
    for taken_back in ("actually no i'm not", "i lied, i'm not going to be safe tonight"):
        urgent, _ = run(ActionSafetyRetracted(), tracker_for("deny", taken_back, slots={"country": "AU"}, events=events))
        assert "000" in urgent[0]["text"]


def test_a_no_that_tells_more_is_not_answered_with_thats_okay():
    messages, _ = run(ActionCrisisReminder(), tracker_for("deny", "it's not the first time he hit me", slots={"country": "AU", "crisis_mode": True}))
    assert not messages[0]["text"].startswith("That's okay") and "13 11 14" in messages[0]["text"]


def test_stop_asking_after_the_direct_question_is_respected_with_the_line_once():
    from actions.check_declined import ActionCheckDeclined

    messages, slots = run(ActionCheckDeclined(), tracker_for("stop", "omg stop asking me that", slots={"country": "AU"}))
    assert "13 11 14" in messages[0]["text"] and messages[0]["text"] not in TALK["check_declined"]
    assert slots["crisis_mode"] is True and slots["crisis_quiet"] is True  # no answer: the line stays, quietly
    plain, _ = run(ActionCheckDeclined(), tracker_for("deny", "no", slots={"country": "AU"}))
    assert plain[0]["text"] in TALK["check_declined"]


def test_a_friend_at_risk_who_is_not_answering_gets_the_follow_up_not_a_declined_offer():
    from actions.decline_offer import ActionDeclineOffer

    slots = {"country": "AU", "friend_at_risk": "friend", "topic": "support_a_friend", "offer": "listen_tips"}
    messages, _ = run(ActionDeclineOffer(), tracker_for("deny", "he's not picking up", slots=slots))
    assert "000" in messages[0]["text"]
    plain, _ = run(ActionDeclineOffer(), tracker_for("deny", "no", slots=slots))
    assert "000" not in plain[0]["text"]


def test_a_no_that_says_they_will_not_act_is_taken_as_safety_for_now():
    tracker = tracker_for("deny", "im not gonna do anything ok", slots={"country": "AU", "crisis_mode": True})
    messages, slots = run(ActionCrisisReminder(), tracker)
    assert any(messages[0]["text"].startswith(v.split("{")[0]) for v in TALK["glad_safe_for_now"]) and "13 11 14" in messages[0]["text"]
    assert slots == {"crisis_quiet": True}


@pytest.mark.parametrize("said", ["i cant call ppl my phone is monitored", "what if he sees my phone", "he checks my messages every night"])
def test_a_watched_phone_gets_safer_ways_to_reach_help(said):
    messages, slots = run(ActionCrisisReminder(), tracker_for("nlu_fallback", said, slots={"country": "AU", "crisis_mode": True}))
    assert "friend's" in messages[0]["text"] and "000" in messages[0]["text"] and "crisis_mode" not in slots


def test_later_messages_about_a_friend_at_risk_get_the_follow_up_whatever_they_are_read_as():
    from actions.conversation import ActionOutOfScope
    from actions.support import ActionSupport

    slots = {"country": "AU", "friend_at_risk": "brother", "topic": "support_a_friend"}
    for action, intent, said in ((ActionSupport(), "feeling_depressed", "i can't reach him now"),
                                 (ActionOutOfScope(), "out_of_scope", "his phone goes straight to voicemail")):
        messages, _ = run(action, tracker_for(intent, said, slots=slots))
        assert "000" in messages[0]["text"], said
    plain, _ = run(ActionOutOfScope(), tracker_for("out_of_scope", "what's the weather tomorrow"))
    assert plain[0]["response"] == "utter_out_of_scope"


@pytest.mark.parametrize("said, repeats", [("can you say that again", True), ("sorry i didn't catch that", True),
                                           ("u dont get it", False), ("he said he won't be around much longer", False)])
def test_only_a_request_to_hear_it_again_repeats_the_last_answer(said, repeats):
    from actions.conversation import ActionRepeat

    events = [{"event": "user", "text": "hi"}, {"event": "bot", "text": "The last answer.", "data": {}}]
    messages, _ = run(ActionRepeat(), tracker_for("repeat", said, events=events))
    assert (messages[0].get("text") == "The last answer.") is repeats


def test_a_means_named_earlier_gets_one_suggestion_to_put_it_out_of_reach():
    events = CRISIS_MODE_BEFORE + [{"event": "user", "text": "i still have the rope under my bed"}]
    tracker = tracker_for("confirm_safe", "i'm safe tonight", slots={"country": "AU", "crisis_mode": False}, events=events)
    messages, slots = run(ActionGladSafe(), tracker)
    assert TALK["means_away"][0] in messages[0]["text"] and slots["crisis_mode"] is False
    already = [{"event": "user", "text": "i gave the pills to my mum"}]
    messages, _ = run(ActionGladSafe(), tracker_for("confirm_safe", "i'm safe now", slots={"country": "AU"}, events=CRISIS_MODE_BEFORE + already))
    assert TALK["means_away"][0] not in messages[0]["text"]
    threatened = [{"event": "user", "text": "he came at me with a knife"}]
    messages, _ = run(ActionGladSafe(), tracker_for("confirm_safe", "i'm safe now", slots={"country": "AU"}, events=CRISIS_MODE_BEFORE + threatened))
    assert TALK["means_away"][0] not in messages[0]["text"]


@pytest.mark.parametrize("said", ["i have a plan though", "i've been giving my things away to friends"])
def test_a_plan_told_in_crisis_mode_gets_the_urgent_answer_not_the_reminder(said):
    """Also after "stop asking" (quiet): things given away are no reason to stay quiet (session 22)."""
    for quiet in (False, True):
        messages, slots = run(ActionCrisisReminder(), tracker_for("crisis_check", said, slots={"crisis_mode": True, "crisis_quiet": quiet, "country": "GB"}))
        assert messages[0]["text"].startswith(tuple(t.split("{")[0] for t in content.safety_talk()["urgent"]))
        assert "999" in messages[0]["text"] and slots["crisis_mode"] is True


def test_a_question_while_a_friend_may_be_at_risk_is_about_the_friend_unless_they_speak_of_themselves():
    slots = {"friend_at_risk": "goodbye", "topic": "support_a_friend", "country": "GB"}
    tracker = tracker_for("crisis_check", "is that normal or should i be worried?", slots=slots)
    tracker.latest_message["crisis"] = {"level": "check", "reason": "classifier"}
    messages, _ = run(ActionCrisisCheck(), tracker)
    assert "999" in messages[0]["text"] and "Are you?" not in messages[0]["text"]
    own = tracker_for("crisis_check", "i feel like giving up on everything too", slots=slots)
    own.latest_message["crisis"] = {"level": "check", "reason": "pattern:warning:giving_up"}
    asked, _ = run(ActionCrisisCheck(), own)
    assert any(q.split("?")[0] in asked[0]["text"] for q in content.safety_talk()["check_question"])


def test_no_to_the_question_with_a_feeling_besides_is_believed_not_escalated():
    """"No I'm not suicidal, I just feel like a burden" answers the question: carry on gently, no emergency number."""
    from actions.safety import ActionCrisisCheck

    asked = [{"event": "bot", "text": TALK["check_question"][0] + " Whatever your answer, Lifeline: call 13 11 14."}]
    said = "no im not suicidal, i just feel like a burden"
    dispatcher = CollectingDispatcher()
    events = ActionCrisisCheck().run(dispatcher, tracker_for("crisis_check", said, slots={"country": "AU", "offer": "risk_check"}, events=asked), {})
    # marked as not asking, so that a "yes" to "tell me more?" is not a yes to the direct question (data/rules/crisis.yml)
    assert dispatcher.messages[0]["text"] in TALK["check_declined"] and events[-1] == {"event": "slot", "timestamp": None, "name": "asked_directly", "value": False}
    # a decision beside the denial is never its answer
    decided = "no im not suicidal, but ive made up my mind, its sunday"
    messages, slots = run(ActionCrisisCheck(), tracker_for("crisis_check", decided, slots={"country": "AU", "offer": "risk_check"}, events=asked))
    assert "000" in messages[0]["text"] and slots["crisis_mode"] is True


@pytest.mark.parametrize("said, declined", [("no, honestly just tired of everything going wrong", True), ("nah just worn out", True),
                                            ("no. i've made up my mind", False), ("no, i have the pills here", False),
                                            ("i'm not okay, everything is too much", False), ("no, not yet", False),
                                            ("no. not tonight anyway", False), ("no one cares anyway", False),
                                            ("no more. i cant do this", False), ("not really, i just want to disappear", False)])
def test_a_no_first_with_no_more_than_a_feeling_answers_the_question(said, declined):
    """The classifier's reason to ask ("tired of everything") is no new sign when it follows a no to the question."""
    from actions.safety import ActionCrisisCheck

    asked = [{"event": "bot", "text": TALK["check_question_denied"][0] + " Whatever your answer, Lifeline: call 13 11 14."}]
    tracker = tracker_for("crisis_check", said, slots={"country": "AU", "offer": "risk_check"}, events=asked)
    tracker.latest_message["crisis"] = {"level": "check", "reason": "classifier", "crisis_score": 0.2}
    dispatcher = CollectingDispatcher()
    events = ActionCrisisCheck().run(dispatcher, tracker, {})
    assert (dispatcher.messages[0]["text"] in TALK["check_declined"]) is declined, dispatcher.messages[0]["text"]
    asked_directly = next(e["value"] for e in events if e.get("name") == "asked_directly")
    assert asked_directly is not declined, "only a question asked (or the lines again) makes a later yes its answer"
    if not declined:
        assert not any(dispatcher.messages[0]["text"].startswith(q) for q in TALK["check_question_denied"]), "never the same question twice"


@pytest.mark.parametrize("said", ["actually ive made my decision and i feel calm now. im at peace with it", "tonight is the night"])
def test_a_decision_in_crisis_mode_gets_the_urgent_answer(said):
    messages, _ = run(ActionCrisisReminder(), tracker_for("crisis_check", said, slots={"country": "GB", "crisis_mode": True}))
    assert "call 999 now" in messages[0]["text"] and not messages[0]["text"].startswith("That sounds")


def test_a_strong_classifier_check_in_crisis_mode_is_urgent_and_a_weak_one_is_not():
    from rasa_sdk import Tracker

    def with_risk(score):
        tracker = tracker_for("crisis_check", "everything will be sorted by sunday", slots={"country": "GB", "crisis_mode": True})
        latest = dict(tracker.latest_message, crisis={"level": "check", "reason": "classifier", "score": score})
        return Tracker(tracker.sender_id, tracker.slots, latest, tracker.events, False, None, {}, "action_listen")

    strong, _ = run(ActionCrisisReminder(), with_risk(0.91))
    weak, _ = run(ActionCrisisReminder(), with_risk(0.5))
    assert "call 999 now" in strong[0]["text"] and "call 999 now" not in weak[0]["text"]


def test_safe_after_naming_a_date_says_a_word_about_the_plan_once():
    named = [{"event": "user", "text": "ive picked a date. the 14th. everything is sorted"}]
    messages, slots = run(ActionGladSafe(), tracker_for("confirm_safe", "im safe", slots={"crisis_mode": True}, events=named))
    assert messages[0]["text"].count(TALK["plan_aside"][0]) == 1 and slots["crisis_mode"] is False
    told = named + [{"event": "bot", "text": TALK["plan_aside"][0]}]
    again, _ = run(ActionGladSafe(), tracker_for("confirm_safe", "im safe", slots={"crisis_mode": True}, events=told))
    assert TALK["plan_aside"][0] not in again[0]["text"]


@pytest.mark.parametrize("said", ["maybe", "idk", "sometimes", "not sure", "i'd rather not say", "does it matter", "a little"])
def test_an_unsure_answer_to_the_direct_question_is_a_possible_yes(said):
    from actions.check_declined import ActionCheckDeclined

    asked = [{"event": "bot", "text": TALK["check_question"][0] + " Whatever your answer, a person is there. Lifeline: call 13 11 14."}]
    intent = "feeling_better" if said == "a little" else "deny"
    messages, slots = run(ActionCheckDeclined(), tracker_for(intent, said, slots={"country": "AU", "offer": "risk_check"}, events=asked))
    assert "000" in messages[0]["text"] and "13 11 14" in messages[0]["text"] and slots["crisis_mode"] is True


def test_a_clear_no_to_the_direct_question_is_still_believed():
    from actions.check_declined import ActionCheckDeclined

    for said in ("no", "no im not", "not really", "nope, just tired"):
        messages, slots = run(ActionCheckDeclined(), tracker_for("deny", said, slots={"country": "AU", "offer": "risk_check"}))
        assert messages[0]["text"] in TALK["check_declined"] and not slots.get("crisis_mode"), said


@pytest.mark.parametrize("said,kind", [
    ("i already called 988 and nobody picked up", "no_answer"),
    ("promise you won't tell anyone about this", "keep_secret"),
    ("i won't call, they'll send police to my house", "cannot_call"),
    ("i dont want to talk to a person", "cannot_call"),
])
def test_in_crisis_mode_what_keeps_them_from_a_line_is_answered(said, kind):
    messages, _ = run(ActionCrisisReminder(), tracker_for("deny", said, slots={"country": "US", "crisis_mode": True}))
    opening = {t.split("{")[0][:40] for t in TALK[kind]}
    assert any(messages[0]["text"].startswith(o) for o in opening), messages[0]["text"]


@pytest.mark.parametrize("said,kind", [
    ("no she's not in danger right now, she's asleep", "settled"),
    ("what do i say to her tomorrow", "what_to_say"),
    ("she made me promise not to tell anyone", "secret"),
    ("she won't answer my calls now", "follow_up"),
    # session 26: a teen afraid her friend will hate her for telling; "what if he gets angry"
    ("but if i tell she'll hate me", "angry"), ("what if she gets mad at me", "angry"),
])
def test_later_messages_about_someone_at_risk_get_what_they_ask_for(said, kind):
    """A parent told of self-harm: "she's asleep" is not a reason to call now, "what do i say" wants words, and a
    promise of secrecy is one they need not keep; still worried gets the number."""
    at_risk = content.friend_guide()["at_risk"]
    slots = {"country": "GB", "friend_at_risk": "self_harm", "topic": "support_a_friend"}
    messages, _ = run(ActionFriendGuide(), tracker_for("support_a_friend", said, slots=slots))
    assert any(messages[0]["text"].startswith(t.split("{")[0]) for t in at_risk[kind]), messages[0]["text"]
    assert "116 123" in messages[0]["text"]


@pytest.mark.parametrize("said", ["no i guess not", "i suppose not", "no, probably not", "nope just a bit stressed",
                                  "of course not, why do you ask", "whatever, no"])
def test_a_no_with_a_hedge_in_it_is_still_a_no(said):
    from actions.check_declined import ActionCheckDeclined

    messages, slots = run(ActionCheckDeclined(), tracker_for("deny", said, slots={"country": "AU", "offer": "risk_check"}))
    assert messages[0]["text"] in TALK["check_declined"] and not slots.get("crisis_mode"), said


@pytest.mark.parametrize("said", ["she's asleep and i can't wake her up", "she's asleep but she took a lot of pills earlier",
                                  "he's home alone with a bottle of pills", "i don't think she's safe",
                                  "i'm calling 999 now, what do i tell them"])
def test_someone_at_risk_not_yet_safe_keeps_the_emergency_number_first(said):
    from actions.honest_answers import answers

    follow_up = content.friend_guide()["at_risk"]["follow_up"]
    if said == "she's asleep and i can't wake her up":  # since session 28, the medical-emergency answer, also 999 first
        follow_up = next(a["text"] for a in answers() if a["name"] == "their_body_emergency")
    slots = {"country": "GB", "friend_at_risk": "self_harm", "topic": "support_a_friend"}
    messages, _ = run(ActionFriendGuide(), tracker_for("support_a_friend", said, slots=slots))
    assert any(messages[0]["text"].startswith(t.split("{")[0]) for t in follow_up) and "999" in messages[0]["text"], said


@pytest.mark.parametrize("said", ["i can't get through this", "there's no answer to this pain",
                                  "my dad said don't tell anyone what happens at home"])
def test_everyday_words_in_crisis_mode_are_not_read_as_a_line_or_a_secret(said):
    messages, _ = run(ActionCrisisReminder(), tracker_for("feeling_depressed", said, slots={"country": "US", "crisis_mode": True}))
    assert not any(messages[0]["text"].startswith(t.split("{")[0][:30]) for t in TALK["no_answer"] + TALK["keep_secret"])


def test_after_someone_hurting_them_the_line_kept_in_view_is_the_one_for_that():
    """Session 22: "he's coming home soon", after "my husband hit me again", kept the suicide line in view."""
    hurt = [{"event": "user", "text": "my husband hit me again last night",
             "parse_data": {"crisis": {"level": "crisis", "reason": "pattern:danger:being_hurt"}}}]
    messages, _ = run(ActionCrisisReminder(), tracker_for("goodbye", "he's coming home soon", slots={"crisis_mode": True, "country": "US"}, events=hurt))
    assert "Domestic Violence Hotline" in messages[0]["text"] and "Before you go" not in messages[0]["text"]
    plain, _ = run(ActionCrisisReminder(), tracker_for("goodbye", "ok bye for now", slots={"crisis_mode": True, "country": "US"}))
    assert plain[0]["text"].startswith("Before you go") and "Domestic Violence" not in plain[0]["text"]


def test_a_maybe_after_why_do_you_ask_is_still_an_answer_to_the_question():
    from actions.decline_offer import ActionDeclineOffer

    messages, slots = run(ActionDeclineOffer(), tracker_for("deny", "i don't know. maybe", slots={"offer": "risk_check"}))
    assert any(t.split("{")[0] in messages[0]["text"] for t in content.safety_talk()["check_unsure"]) and slots["crisis_mode"] is True


@pytest.mark.parametrize("said", ["i wish it was me", "i'll be with him soon", "i didn't get to say goodbye"])
def test_a_short_line_after_a_death_was_told_is_still_asked_about(said):
    """Session 22's review: a first version answered these as the grief story when the clear-risk score was low."""
    told = [{"event": "user", "text": "my grandad died yesterday"}, {"event": "action", "name": "action_support"},
            {"event": "bot", "text": "I'm so sorry."}]
    tracker = tracker_for("crisis_check", said, events=told)
    tracker.latest_message["crisis"] = {"level": "check", "reason": "classifier", "crisis_score": 0.3}
    messages, slots = run(ActionCrisisCheck(), tracker)
    assert "suicide" in messages[0]["text"] and slots.get("asked_directly") is True


def test_already_talking_to_the_line_gets_no_while_you_wait():
    reply, _ = run(ActionCrisisReminder(), tracker_for("out_of_scope", "i called 988, i'm talking to them now", slots={"crisis_mode": True, "country": "US"}))
    assert "talking to them" in reply[0]["text"] and "while you wait" not in reply[0]["text"]
    waiting, _ = run(ActionCrisisReminder(), tracker_for("out_of_scope", "i called 988, they haven't answered yet", slots={"crisis_mode": True, "country": "US"}))
    assert "while you wait" in waiting[0]["text"] or "until you're talking" in waiting[0]["text"]


def test_a_line_they_refused_or_tried_is_not_the_one_offered_again():
    reply, _ = run(ActionCrisisReminder(), tracker_for("deny", "i don't want to call samaritans, i've tried before", slots={"crisis_mode": True, "country": "GB"}))
    assert "Shout" in reply[0]["text"] and "Samaritans" not in reply[0]["text"]


def test_a_misread_first_message_said_so_stops_the_questions_and_answers_the_direct_question():
    """Session 22: "lol not literally" after "my mum is gonna kill me" kept the check-ins going; "i just meant a plan
    for the weekend lol" after the direct question was asked about again."""
    quiet, slots = run(ActionCrisisReminder(), tracker_for("deny", "lol not literally", slots={"crisis_mode": True, "country": "GB"}))
    assert slots.get("crisis_quiet") is True and "Are you safe" not in quiet[0]["text"] and "116 123" in quiet[0]["text"]
    tracker = tracker_for("crisis_check", "i just meant a plan for the weekend lol", slots={"offer": "risk_check"})
    tracker.latest_message["crisis"] = {"level": "check", "reason": "classifier", "crisis_score": 0.2}
    declined, slots = run(ActionCrisisCheck(), tracker)
    assert "suicide" not in declined[0]["text"] and not slots.get("crisis_mode")


def test_a_yes_after_why_do_you_ask_is_a_yes_to_the_question_and_crisis_mode_never_asks_again():
    """Session 22's review: the question asked again after "why do you ask?" took its "yes" for a yes to nothing."""
    from actions.honest_answers import honest_text
    from actions.support import ActionAcceptOffer

    messages, slots = run(ActionAcceptOffer(), tracker_for("affirm", "yes", slots={"offer": "risk_check", "country": "GB"}))
    assert any(m.get("response") == "utter_crisis" for m in messages) and slots["crisis_mode"] is True
    for quiet in ({"crisis_mode": True}, {"crisis_mode": True, "crisis_quiet": True, "offer": "risk_check"}):
        said = honest_text(tracker_for("nlu_fallback", "why?", slots=quiet))
        assert said is None or "Are you thinking about suicide" not in said


def test_talking_to_the_person_who_hurt_them_is_not_talking_to_a_line():
    hurt = [{"event": "user", "text": "my husband hit me again", "parse_data": {"crisis": {"level": "crisis", "reason": "pattern:danger:being_hurt"}}}]
    reply, _ = run(ActionCrisisReminder(), tracker_for("out_of_scope", "i'm talking to him now", slots={"crisis_mode": True, "country": "GB"}, events=hurt))
    assert "Give them your attention" not in reply[0]["text"] and "999" in reply[0]["text"]


def test_their_own_risk_after_someone_hurt_them_keeps_the_crisis_line_first():
    """Session 22's review: the domestic-abuse line had replaced the suicide line for "i want to kill myself"."""
    hurt = [{"event": "user", "text": "my husband hit me again", "parse_data": {"crisis": {"level": "crisis", "reason": "pattern:danger:being_hurt"}}}]
    own, _ = run(ActionCrisisReminder(), tracker_for("crisis", "i want to kill myself", slots={"crisis_mode": True, "country": "GB"}, events=hurt))
    assert "116 123" in own[0]["text"]
    home, _ = run(ActionCrisisReminder(), tracker_for("out_of_scope", "he'll be home later", slots={"crisis_mode": True, "country": "GB"}, events=hurt))
    assert "0808 2000 247" in home[0]["text"] and "Before you go" not in home[0]["text"]


def test_someone_young_sees_the_line_for_young_people_beside_the_all_ages_line():
    reply, _ = run(ActionCrisisReminder(), tracker_for("deny", "no", slots={"crisis_mode": True, "country": "GB"},
                                                       events=[{"event": "user", "text": "im 14"}]))
    assert "0800 1111" in reply[0]["text"] and "116 123" in reply[0]["text"]


@pytest.mark.parametrize("said", ["haha jk... unless", "i wish i was joking"])
def test_a_joke_taken_back_or_wished_for_is_no_misread(said):
    assert not content.matches_any(content.safety_talk()["misread_patterns"], said)
    assert not content.matches_any(content.safety_talk()["no_first"], said)


def test_a_denial_not_understood_after_the_direct_question_is_taken_as_the_answer():
    """Session 22: "no i'm not going to kill myself, relax", after the question, got "Sorry, I didn't follow that"."""
    from actions.conversation import ActionNotUnderstood

    tracker = tracker_for("nlu_fallback", "no i'm not going to kill myself, relax", slots={"offer": "risk_check"})
    tracker.latest_message["crisis"] = {"level": "none", "reason": "explained away:kill_self(negated)", "crisis_score": 0.3}
    messages, slots = run(ActionNotUnderstood(), tracker)
    assert any(v.split("{")[0][:30] in messages[0]["text"] for v in content.safety_talk()["check_declined"]) and slots.get("offer", "x") is None


def _in_crisis_mode(said, country):
    return tracker_for("need_help", said, slots={"crisis_mode": True, "crisis_answered": True, "country": country})


def test_someone_who_cannot_phone_where_no_line_takes_texts_is_told_so_honestly():
    messages, _ = run(ActionCrisisReminder(), _in_crisis_mode("can i text instead?", "IN"))
    assert "don't" in messages[0]["text"] and "findahelpline" in messages[0]["text"]
    messages, _ = run(ActionCrisisReminder(), _in_crisis_mode("can i text instead?", "US"))
    assert "741741" in messages[0]["text"] or "988" in messages[0]["text"]


def test_on_hold_with_a_line_is_worth_it_and_a_text_line_is_offered_meanwhile_where_there_is_one():
    messages, _ = run(ActionCrisisReminder(), _in_crisis_mode("they put me on hold", "IE"))
    assert "hold" in messages[0]["text"] and "50808" in messages[0]["text"] or "51444" in messages[0]["text"]
    messages, _ = run(ActionCrisisReminder(), _in_crisis_mode("still on hold", "IN"))
    assert "hold" in messages[0]["text"] and "112" in messages[0]["text"]
