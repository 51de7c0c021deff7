"""Custom actions in isolation: Tracker fixtures in, CollectingDispatcher messages and events out."""
import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.conversation import ActionRepeat, ActionStop
from actions.decline_offer import ActionDeclineOffer
from actions.exercises import ActionRunExercise
from actions.friend import ActionFriendGuide
from actions.resources import ActionCrisisLines, ActionProfessionalHelp
from actions.safety import ActionCrisisCheck, ActionCrisisReminder
from actions.support import ActionAcceptOffer, ActionSupport
from tests.conftest import tracker_for


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, {})
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


@pytest.mark.parametrize("intent", sorted(content.topics()))
def test_support_validates_guides_and_offers(intent):
    messages, slots = run(ActionSupport(), tracker_for(intent, "what about magic mushrooms" if intent == "ask_about_psychedelics" else "some words"))
    topic = content.topics()[intent]
    assert any(v in messages[0]["text"] for v in topic["validate"])
    assert any(g in messages[0]["text"] for g in topic["guidance"])
    assert messages[1]["text"] in (topic.get("offer_first") or topic["offer"])["ask"] and messages[1]["buttons"]
    assert slots["offer"] and slots["topic"] == intent


def test_support_does_not_repeat_the_same_wording():
    first, _ = run(ActionSupport(), tracker_for("feeling_drained"))
    said = [{"event": "bot", "text": m["text"]} for m in first]
    second, _ = run(ActionSupport(), tracker_for("feeling_drained", events=said))
    assert first[0]["text"] != second[0]["text"]
    assert first[1]["text"] != second[1]["text"]


def test_yes_to_an_exercise_offer_starts_it_as_a_timed_payload():
    messages, slots = run(ActionAcceptOffer(), tracker_for("affirm", "yes", slots={"offer": "exercise:self_compassion_break"}))
    payload = messages[0]["custom"]["exercise"]
    assert payload["id"] == "self_compassion_break"
    assert all(step["text"] and step["seconds"] > 0 for step in payload["steps"])
    assert slots["offer"] is None and slots["done_exercises"] == ["self_compassion_break"]


def test_yes_with_nothing_offered_asks_what_they_want():
    messages, slots = run(ActionAcceptOffer(), tracker_for("affirm", "yes"))
    assert "What would you like" in messages[0]["text"]


def test_no_gets_the_topic_specific_gentle_question():
    messages, slots = run(ActionDeclineOffer(), tracker_for("deny", "no", slots={"offer": "exercise:boundaries", "topic": "feeling_drained"}))
    assert messages[0]["text"] in content.topics()["feeling_drained"]["decline"]
    assert slots["offer"] is None


def test_breathing_request_starts_the_first_and_offers_the_other_ways():
    entities = [{"entity": "exercise", "value": "breathing"}]
    messages, _ = run(ActionRunExercise(), tracker_for("request_exercise", "a breathing exercise please", entities=entities))
    assert messages[0]["custom"]["exercise"]["id"] == "breathing_4_6"
    assert {b["title"] for b in messages[0]["buttons"]} == {"Box breathing, 4 counts each", "Not the breath, notice your senses"}


def test_named_variant_starts_directly():
    entities = [{"entity": "exercise", "value": "breathing"}]
    messages, _ = run(ActionRunExercise(), tracker_for("request_exercise", "can we do box breathing", entities=entities))
    assert messages[0]["custom"]["exercise"]["id"] == "breathing_box"


def test_alternative_button_payload_picks_that_variant():
    for exercise in content.exercises_in("breathing"):
        entities = [{"entity": "exercise", "value": "breathing"}]
        tracker = tracker_for("request_exercise", f"let's do the {exercise.title.lower()} exercise", entities=entities)
        messages, _ = run(ActionRunExercise(), tracker)
        assert messages[0]["custom"]["exercise"]["id"] == exercise.id


@pytest.mark.parametrize("said, category, action", [("how long does the box breathing take", "breathing", ActionRunExercise),
                                                     ("what's the boundaries exercise like?", "boundaries", ActionRunExercise),
                                                     ("what is loving kindness meditation", "loving_kindness", ActionSupport)])
def test_a_question_about_an_exercise_says_what_it_is_and_how_long_then_offers_it(said, category, action):
    intent = "request_exercise" if action is ActionRunExercise else "learn_about_compassion"
    messages, slots = run(action(), tracker_for(intent, said, entities=[{"entity": "exercise", "value": category}]))
    exercise = content.exercises()[slots["offer"].split(":")[1]]
    assert exercise.category == category and not messages[0]["custom"], "described, not started"
    minutes = round(exercise.seconds / 60)
    assert exercise.summary[1:] in messages[0]["text"]
    assert (f"about {minutes} minutes" if minutes > 1 else "about a minute") in messages[0]["text"]
    assert [b["payload"] for b in messages[0]["buttons"]] == ["yes", "no"]
    if "box" in said:
        assert exercise.id == "breathing_box", "the variant named"


def test_something_shorter_starts_the_shortest_other_exercise():
    longest = max(content.exercises().values(), key=lambda ex: ex.seconds)
    tracker = tracker_for("request_exercise", "do you have something shorter", slots={"offer": f"exercise:{longest.id}"})
    messages, _ = run(ActionRunExercise(), tracker)
    started = content.exercises()[messages[0]["custom"]["exercise"]["id"]]
    assert started.id != longest.id and started.seconds == min(
        ex.seconds for ex in content.exercises().values() if ex.id != longest.id and ex.category != "active_listening")


def test_exercise_without_a_kind_offers_the_categories():
    messages, _ = run(ActionRunExercise(), tracker_for("request_exercise", "can we do an exercise"))
    assert len(messages[0]["buttons"]) == 6


def test_friend_guide_walks_through_every_step():
    guide = content.friend_guide()
    messages, slots = run(ActionFriendGuide(), tracker_for("support_a_friend", "my mum is struggling", slots={"relation": "parent"}))
    assert "your mum" in messages[0]["text"], "their own word for the person, not the relation slot"
    assert messages[1]["text"].startswith(guide["steps"][0]["title"])
    for index in range(1, len(guide["steps"])):
        assert slots["offer"] == f"friend_guide:{index}"
        messages, slots = run(ActionAcceptOffer(), tracker_for("affirm", "yes", slots={"offer": slots["offer"]}))
        assert messages[0]["text"].startswith(guide["steps"][index]["title"])
    assert slots["offer"] is None


@pytest.mark.parametrize("said, heard", [("she just cries all the time and won't leave her room", True),
                                         ("what else can i do for her?", False), ("my friend again", False)])
def test_more_told_about_the_person_during_the_guide_is_heard_before_the_next_step(said, heard):
    """Session 25's seventh user: the guide moved on to its next step as if nothing had been said."""
    guide = content.friend_guide()
    messages, slots = run(ActionFriendGuide(), tracker_for("support_a_friend", "my friend has been so low", slots={"relation": "friend"}))
    given = [{"event": "bot", "text": m.get("text")} for m in messages]
    messages, _ = run(ActionFriendGuide(), tracker_for("support_a_friend", said, events=given, slots={"topic": "support_a_friend"}))
    texts = [m["text"] for m in messages]
    assert any(t.startswith(guide["steps"][1]["title"]) for t in texts), texts
    heard_lines = {line.format(person="your friend") for line in guide["heard"]}
    assert (texts[0] in heard_lines) == heard, texts[0]


def test_professional_help_for_a_known_country_names_its_services():
    entities = [{"entity": "country", "value": "GB"}]
    messages, slots = run(ActionProfessionalHelp(), tracker_for("find_professional_help", "therapist in the uk", entities=entities))
    text = " ".join(m["text"] for m in messages)
    assert "NHS 111" in text and "116 123" in text
    assert slots["country"] == "GB"


def test_professional_help_without_a_country_asks_and_points_to_the_directory():
    messages, _ = run(ActionProfessionalHelp(), tracker_for("find_professional_help", "i want a therapist"))
    text = " ".join(m["text"] for m in messages)
    assert "findahelpline.com" in text and "country" in text


@pytest.mark.parametrize("code,number", [("US", "988"), ("GB", "116 123"), ("AU", "13 11 14"), ("NZ", "1737"), ("IN", "14416"), ("CA", "988"), ("IE", "116 123")])
def test_crisis_lines_by_country(code, number):
    messages, _ = run(ActionCrisisLines(), tracker_for("crisis", "i want to die", slots={"country": code}))
    assert number in messages[0]["text"]
    assert content.country_lines(code)["emergency"] in messages[0]["text"]


def test_crisis_lines_from_the_country_setting(monkeypatch):
    monkeypatch.setenv("COMPASSION_COUNTRY", "NZ")
    messages, _ = run(ActionCrisisLines(), tracker_for("crisis", "i want to die"))
    assert "111" in messages[0]["text"] and "1737" in messages[0]["text"]


def test_repeat_resends_the_previous_answer_with_its_buttons():
    buttons = [{"title": "Yes, please", "payload": "yes please"}]
    events = [
        {"event": "user", "text": "hi"},
        {"event": "bot", "text": "first", "data": {}},
        {"event": "bot", "text": "second", "data": {"buttons": buttons}},
    ]
    messages, _ = run(ActionRepeat(), tracker_for("repeat", "say that again", events=events))
    assert [m["text"] for m in messages] == ["first", "second"]
    assert messages[1]["buttons"] == buttons


def test_another_one_after_an_exercise_offers_the_exercises_not_a_repeat():
    events = [{"event": "user", "text": "breathing please"}, {"event": "bot", "text": "Let's breathe together.", "data": {}}]
    messages, _ = run(ActionRepeat(), tracker_for("repeat", "that was nice. another one?", events=events))
    titles = " ".join(b["title"].lower() for b in messages[0].get("buttons") or [])
    assert "breath" in titles and "kindness" in titles  # the exercise menu
    other, _ = run(ActionRepeat(), tracker_for("repeat", "i had another one last night", events=events))
    assert "kindness" not in " ".join(b["title"].lower() for b in other[0].get("buttons") or [])


def test_stop_clears_the_offer_and_checks_in():
    messages, slots = run(ActionStop(), tracker_for("stop", "stop", slots={"offer": "exercise:loving_kindness"}))
    assert messages[0]["text"].endswith("?")
    assert slots["offer"] is None


def test_friend_at_risk_gets_the_helper_steps_and_the_line_first():
    tracker = tracker_for("support_a_friend", "my friend says she wants to die, how do i help her", slots={"country": "GB"})
    messages, slots = run(ActionFriendGuide(), tracker)
    at_risk = content.friend_guide()["at_risk"]
    assert messages[0]["text"].startswith(at_risk["intro"])
    assert all(step in messages[0]["text"] for step in at_risk["steps"])
    assert "999" in messages[1]["text"] and "116 123" in messages[1]["text"]
    assert slots["offer"] == "friend_guide:0"


def test_someone_else_in_danger_now_gets_the_emergency_call_before_anything_else():
    """An overdose taken or a plan for tonight is an emergency for the other person: call first, ask later."""
    tracker = tracker_for("support_a_friend", "my brother messaged that he swallowed all his tablets and now he's not picking up",
                          slots={"country": "AU"})
    messages, _ = run(ActionFriendGuide(), tracker)
    assert messages[0]["text"] == content.friend_guide()["at_risk"]["urgent"].format(emergency="000")
    assert messages[1]["text"].startswith(content.friend_guide()["at_risk"]["intro"])


def test_friend_without_risk_gets_the_listening_guide():
    messages, _ = run(ActionFriendGuide(), tracker_for("support_a_friend", "my friend just broke up with her boyfriend"))
    assert messages[1]["text"].startswith(content.friend_guide()["steps"][0]["title"])


@pytest.mark.parametrize("intent", ["thank", "affirm", "feeling_depressed", "bot_challenge"])
def test_crisis_reminder_keeps_the_line_visible(intent):
    messages, _ = run(ActionCrisisReminder(), tracker_for(intent, "ok", slots={"country": "AU"}))
    assert "13 11 14" in messages[0]["text"] and "000" in messages[0]["text"]


@pytest.mark.parametrize("answer", ["no", "Nope.", "not really no", "no, not really", "i'm not", "idk"])
def test_no_to_are_you_safe_gets_the_urgent_answer(answer):
    asked = [{"event": "bot", "text": "Can you tell me if you're safe right now?"}]
    messages, slots = run(ActionCrisisReminder(), tracker_for("deny", answer, slots={"country": "AU", "crisis_mode": True}, events=asked))
    assert messages[0]["text"].index("000") < messages[0]["text"].index("13 11 14"), "the emergency number first"
    assert "okay" not in messages[0]["text"].lower() and slots["crisis_quiet"] is False


def test_a_no_that_says_more_or_comes_unasked_is_not_read_as_unsafe():
    said_more = tracker_for("deny", "no i'm not thinking of killing myself, just tired", slots={"country": "AU", "crisis_mode": True})
    quiet = tracker_for("deny", "no", slots={"country": "AU", "crisis_mode": True, "crisis_quiet": True})
    for tracker in (said_more, quiet):
        messages, _ = run(ActionCrisisReminder(), tracker)
        assert messages[0]["text"].startswith("That's okay") and "13 11 14" in messages[0]["text"]


@pytest.mark.parametrize("asked", ["what's the samaritans number", "is there a domestic abuse helpline", "what number do i call if i'm struggling"])
def test_asking_for_a_helpline_gets_the_countrys_lines_first(asked):
    messages, _ = run(ActionProfessionalHelp(), tracker_for("find_professional_help", asked, slots={"country": "GB"}))
    assert messages[0]["text"].startswith("In the United Kingdom, the emergency number is 999") and "116 123" in messages[0]["text"]
    assert len(messages) == 1, "the numbers asked for, not the therapy routes"


def test_new_zealands_1737_is_named_once():
    from actions.resources import country_update

    assert country_update("NZ").count("1737 Need to talk") == 1


def test_a_bare_stop_in_crisis_mode_stops_the_questions_not_the_line():
    messages, slots = run(ActionCrisisReminder(), tracker_for("stop", "stop", slots={"country": "AU", "crisis_mode": True}))
    assert slots["crisis_quiet"] is True and slots["crisis_mode"] is True
    assert "13 11 14" in messages[0]["text"] and "?" not in messages[0]["text"]
    assert [b["title"] for b in messages[0]["buttons"]] == ["I'm safe now"]


def test_asking_for_help_in_crisis_mode_is_offered_grounding_with_the_line_in_view():
    messages, _ = run(ActionCrisisReminder(), tracker_for("need_help", "can we do something to help", slots={"country": "AU"}))
    assert "grounding" in messages[0]["text"] and "13 11 14" in messages[0]["text"]
    assert "Do a grounding exercise with me" in [b["title"] for b in messages[0]["buttons"]]


def test_the_friend_in_need_is_the_one_they_called_theirs():
    messages, _ = run(ActionFriendGuide(), tracker_for("support_a_friend", "my best friend just lost her mum and i don't know what to say",
                                                       slots={"relation": "parent"}))
    said = " ".join(m["text"] for m in messages)
    assert "your friend" in said and "your parent" not in said and "your mum" not in said


def test_a_follow_up_question_about_her_means_the_person_named_before():
    def said(text, intent):
        return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}

    earlier = [said("my sister keeps saying she wants to die", "support_a_friend"), said("she's in canada", "inform_country")]
    messages, _ = run(ActionFriendGuide(), tracker_for("support_a_friend", "what do i say to her", events=earlier, slots={"relation": "sibling"}))
    said_back = " ".join(m["text"] for m in messages)
    assert "your sister" in said_back and "brother or sister" not in said_back
    before = [said("my dad won't get out of bed", "support_a_friend"), said("thanks", "thank")]
    messages, _ = run(ActionFriendGuide(), tracker_for("support_a_friend", "how do i help a mate who's struggling", events=before,
                                                       entities=[{"entity": "relation", "value": "friend"}], slots={"relation": "friend"}))
    assert "your dad" not in " ".join(m["text"] for m in messages), "a new friend talk starts afresh"


def test_an_exercise_already_done_is_not_offered_again():
    tracker = tracker_for("fear_of_judgment", "they'll judge me", slots={"done_exercises": ["self_compassion_break"]})
    messages, slots = run(ActionSupport(), tracker)
    assert slots["offer"].startswith("exercise:") and slots["offer"] != "exercise:self_compassion_break"
    assert "something different" in messages[1]["text"]


def test_professional_help_offers_what_therapy_is_like():
    _, slots = run(ActionProfessionalHelp(), tracker_for("find_professional_help", "i want a therapist"))
    assert slots["offer"] == "therapy_info"
    messages, _ = run(ActionAcceptOffer(), tracker_for("affirm", "yes", slots={"offer": "therapy_info"}))
    assert content.professional_help()["what_therapy_is_like"] in messages[0]["text"]


def test_a_long_message_is_answered_with_what_the_person_said():
    text = ("i lost my job last month, my husband and i fight every night about money and my dad is in hospital. "
            "i just feel empty all the time")
    messages, _ = run(ActionSupport(), tracker_for("feeling_depressed", text))
    first = messages[0]["text"]
    assert "work, your husband and the arguments" in first, "in the order they were said, three at most"
    assert "money worries" not in first


def test_a_carer_hears_their_mum_named():
    messages, _ = run(ActionSupport(), tracker_for("feeling_drained", "looking after my mum with dementia is wearing me down"))
    assert "your mum" in messages[0]["text"] and "the dementia" in messages[0]["text"]


def test_other_peoples_relatives_and_plain_words_are_not_reflected():
    from actions.reflect import things_said

    assert things_said("i feel low") == []
    assert things_said("the mother of all headaches") == [], "only 'my ...' people are said back"


def test_a_request_inside_a_feeling_offers_that_exercise():
    tracker = tracker_for("low_self_esteem", "i'm so hard on myself, is there an exercise to be kinder to myself",
                          entities=[{"entity": "exercise", "value": "self_compassion"}])
    messages, slots = run(ActionSupport(), tracker)
    chosen = content.exercises()[slots["offer"].split(":")[1]]
    assert chosen.category == "self_compassion" and "with me now" in messages[-1]["text"]


@pytest.mark.parametrize("reason, key", [("pattern:self_harm:harm_self", "check_question_self_harm"),
                                         ("pattern:self_harm_sign:urges_unnamed", "check_question_self_harm"),
                                         ("pattern:warning:no_way_out", "check_question"), ("classifier", "check_question"),
                                         ("classifier, risk beside a denial", "check_question_denied"),
                                         ("classifier, wish denied", "check_question_denied")])
def test_the_direct_question_fits_what_was_said(reason, key):
    tracker = tracker_for("crisis_check", "words", slots={"country": "GB"})
    tracker.latest_message["crisis"] = {"level": "check", "reason": reason}
    messages, slots = run(ActionCrisisCheck(), tracker)
    assert slots["offer"] == "risk_check" and [b["payload"] for b in messages[0]["buttons"]] == ["yes", "no"]
    assert any(messages[0]["text"].startswith(question) for question in content.safety_talk()[key])
    assert "116 123" in messages[0]["text"], "one line for their country in view"


@pytest.mark.parametrize("said", ["i don't want to call anyone", "I can't talk on the phone", "i hate phone calls", "i cant bring myself to ring a helpline"])
def test_not_wanting_to_phone_in_crisis_mode_is_not_pushed_to_call(said):
    messages, slots = run(ActionCrisisReminder(), tracker_for("find_professional_help", said, slots={"country": "AU", "crisis_mode": True}))
    text = messages[0]["text"]
    assert "don't have to" in text and ("text" in text.lower() or "chat" in text.lower()) and "13 11 14" in text
    assert not text.startswith("Reaching a professional") and "crisis_quiet" not in slots


def test_a_variant_with_the_persons_line_in_it_is_known_as_said():
    """Variants are templates ("If things change, {line}"): once said filled in, the next pick is another one."""
    from actions.wording import pick

    said = [{"event": "bot", "text": "I hear you, and I'll stop asking. If things change, Lifeline: call 13 11 14."}]
    tracker = tracker_for("stop", "stop", events=said)
    assert pick(["I hear you, and I'll stop asking. If things change, {line}", "Okay. I won't keep asking. {line}"], tracker) \
        == "Okay. I won't keep asking. {line}"
    first, _ = run(ActionCrisisReminder(), tracker_for("find_professional_help", "i don't want to call anyone", slots={"country": "AU", "crisis_mode": True}))
    again, _ = run(ActionCrisisReminder(), tracker_for("need_help", "i can't talk on the phone", slots={"country": "AU", "crisis_mode": True},
                                                      events=[{"event": "bot", "text": first[0]["text"]}]))
    assert first[0]["text"] != again[0]["text"]


def test_professional_help_once_offered_is_not_pressed_again():
    first, slots = run(ActionSupport(), tracker_for("feeling_depressed", "i've felt so low for weeks"))
    assert slots["offer"] == "professional_help"
    said = [{"event": "bot", "text": m["text"]} for m in first]
    second, slots = run(ActionSupport(), tracker_for("feeling_depressed", "still low, everything is grey", events=said))
    assert slots["offer"].startswith("exercise:") and "together" in second[1]["text"]


def test_a_loss_is_answered_as_grief_not_with_a_doctor_for_low_feelings():
    messages, slots = run(ActionSupport(), tracker_for("feeling_depressed", "my mum passed away last week and i can't stop crying"))
    grief = content.situations()["loss"]
    assert any(v in messages[0]["text"] for v in grief["validate"]) and "doctor" not in messages[0]["text"]
    assert slots["offer"] == "exercise:self_compassion_break"


def test_loneliness_is_answered_as_loneliness_and_everyday_deaths_are_not_grief():
    messages, slots = run(ActionSupport(), tracker_for("feeling_drained", "i moved here for work a year ago and i have nobody"))
    assert any(v in messages[0]["text"] for v in content.situations()["lonely"]["validate"])
    assert slots["offer"] == "exercise:loving_kindness"
    for said in ("my phone died and i feel so low today", "i feel dead inside", "i lost my husband's trust and i feel awful"):
        low, _ = run(ActionSupport(), tracker_for("feeling_depressed", said))
        assert not any(v in low[0]["text"] for v in content.situations()["loss"]["validate"]) and "loss" not in low[0]["text"], said



def test_yes_to_which_exercise_starts_a_gentle_one_not_yet_done():
    from actions.exercises import ask_which

    dispatcher = CollectingDispatcher()
    events = ask_which(dispatcher, tracker_for("request_exercise", "i want to do an exercise", slots={"done_exercises": ["breathing_4_6"]}))
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert slots["offer"] == "exercise:self_compassion_break" and dispatcher.messages[0]["buttons"]


@pytest.mark.parametrize("said", ["what's the number", "is there a text option", "who can i talk to at 3am", "is there a line for kids"])
def test_asking_for_a_line_gets_the_lines_for_their_country(said):
    messages, _ = run(ActionProfessionalHelp(), tracker_for("find_professional_help", said, slots={"country": "AU"}))
    assert "13 11 14" in messages[0]["text"] and len(messages) == 1


def test_yes_thank_you_to_an_offer_takes_it_up_and_plain_thanks_is_welcomed():
    from actions.conversation import ActionThank

    offered = {"offer": "exercise:self_compassion_break"}
    messages, slots = run(ActionThank(), tracker_for("thank", "Yes, thank you.", slots=offered))
    assert slots["done_exercises"] == ["self_compassion_break"] and messages[0]["text"].startswith("A self-compassion break")
    for said in ("thank you so much", "yes thanks, maybe later"):
        plain, _ = run(ActionThank(), tracker_for("thank", said, slots=offered))
        assert plain[0]["response"] == "utter_you_are_welcome", said
    leaving, _ = run(ActionThank(), tracker_for("thank", "ok thanks, bye", slots=offered))  # session 26: a goodbye
    assert leaving[0]["response"] == "utter_goodbye"
    asked, _ = run(ActionThank(), tracker_for("thank", "yes, thank you for asking", slots={"offer": "risk_check"}))
    assert asked[0]["response"] == "utter_crisis"


def test_what_else_a_long_message_asked_is_answered_with_how_to_get_it():
    tracker = tracker_for("feeling_drained", "a long message about caring for my mum, and a question")
    tracker.latest_message["also_asked"] = ["find_professional_help", "set_reminder"]
    messages, slots = run(ActionSupport(), tracker)
    lines = content.also_asked()
    assert any(line in messages[0]["text"] for line in lines["find_professional_help"])
    assert any(line in messages[0]["text"] for line in lines["set_reminder"])
    assert slots["offer"], "the topic's own offer still follows"


def test_an_exercise_a_long_message_also_asked_for_becomes_the_offer():
    tracker = tracker_for("feeling_depressed", "a long sad message about feeling low for months, is there an exercise that could help me feel less heavy?")
    tracker.latest_message["also_asked"] = ["request_exercise"]
    messages, slots = run(ActionSupport(), tracker)
    assert slots["offer"].startswith("exercise:") and "exercise you asked about" in messages[1]["text"]
    assert not any(line in messages[0]["text"] for line in content.also_asked()["request_exercise"]), "offered, not pointed to"


def test_every_request_the_pipeline_may_list_has_its_lines():
    import yaml

    from tests.conftest import ROOT

    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    also = next(c for c in config["pipeline"] if c["name"] == "assistant.nlu.also_asked.AlsoAsked")
    assert set(also["intents"]) == set(content.also_asked())


def test_yes_naming_another_exercise_starts_the_one_named():
    tracker = tracker_for("affirm", "ok the boundary one then", slots={"offer": "practice"},
                          entities=[{"entity": "exercise", "value": "boundaries"}])
    messages, _ = run(ActionAcceptOffer(), tracker)
    assert messages[0]["custom"]["exercise"]["id"] == "boundaries"


def test_a_question_about_the_exercise_just_offered_is_answered_whatever_it_was_read_as():
    from actions.conversation import ActionOutOfScope

    offered = [{"event": "slot", "name": "offer", "value": "exercise:loving_kindness"}, {"event": "action", "name": "action_listen"}]
    tracker = tracker_for("out_of_scope", "how long does it take?", slots={"offer": "exercise:loving_kindness"}, events=offered)
    messages, slots = run(ActionOutOfScope(), tracker)
    assert content.exercises()["loving_kindness"].summary[1:] in messages[0]["text"] and slots["offer"] == "exercise:loving_kindness"
    # read as a warning sign by the classifier alone: the exercise's own action answers it, not the direct question
    tracker = tracker_for("crisis_check", "how long does it take?", slots={"offer": "exercise:loving_kindness"}, events=offered)
    tracker.latest_message["crisis"] = {"level": "check", "reason": "classifier"}
    messages, slots = run(ActionCrisisCheck(), tracker)
    assert content.exercises()["loving_kindness"].summary[1:] in messages[0]["text"] and slots["asked_directly"] is False


@pytest.mark.parametrize("said", ["whats the quickest way out", "how long does it take for pills to work", "what is wrong with me"])
def test_a_question_after_an_exercise_offer_that_is_not_about_it_is_not_answered_with_it(said):
    offered = [{"event": "slot", "name": "offer", "value": "exercise:breathing_4_6"}, {"event": "action", "name": "action_listen"}]
    tracker = tracker_for("crisis_check", said, slots={"offer": "exercise:breathing_4_6"}, events=offered)
    tracker.latest_message["crisis"] = {"level": "check", "reason": "classifier"}
    messages, slots = run(ActionCrisisCheck(), tracker)
    assert slots["offer"] == "risk_check", "the direct question"


def test_an_offer_made_turns_ago_is_not_what_a_question_is_about():
    from actions.conversation import ActionOutOfScope as ActionOutOfScope_

    old_offer = [{"event": "slot", "name": "offer", "value": "exercise:breathing_4_6"}, {"event": "user", "text": "hmm"},
                 {"event": "action", "name": "action_support"}]
    messages, _ = run(ActionOutOfScope_(), tracker_for("out_of_scope", "how long does it take?", slots={"offer": "exercise:breathing_4_6"},
                                                       events=old_offer))
    assert not any("minute" in (m.get("text") or "") for m in messages)


def test_risk_words_beside_a_question_about_an_exercise_still_get_the_direct_question():
    tracker = tracker_for("crisis_check", "how long does it take to stop wanting to die", slots={"offer": "exercise:loving_kindness"})
    tracker.latest_message["crisis"] = {"level": "check", "reason": "classifier"}
    messages, slots = run(ActionCrisisCheck(), tracker)
    assert slots["offer"] == "risk_check"


@pytest.mark.parametrize("said, expected", [("how is that different from empathy?", "Empathy is feeling with someone"),
                                            ("whats the difference between self-compassion and self-esteem", "Self-esteem is about judging"),
                                            ("is this compassion fatigue?", "Compassion fatigue is"),
                                            ("is compassion something you can learn or are you born with it?", "It can be learned"),
                                            ("is it normal to find receiving harder than giving?", "receiving harder than giving")])
def test_a_question_about_compassion_gets_its_own_answer(said, expected):
    entities = [{"entity": "exercise", "value": "self_compassion"}] if "self-compassion" in said else []
    messages, _ = run(ActionSupport(), tracker_for("learn_about_compassion", said, entities=entities))
    assert expected in messages[0]["text"]


def test_a_question_read_as_psychedelics_without_a_word_of_them_is_about_compassion():
    messages, slots = run(ActionSupport(), tracker_for("ask_about_psychedelics", "is there actual research behind any of this?"))
    assert "Kristin Neff" in messages[0]["text"] and slots["topic"] == "learn_about_compassion"
    for said in ("just curious what the studies on psilocybin found", "I read psilocybin can help with self-compassion, is that true?"):
        messages, slots = run(ActionSupport(), tracker_for("ask_about_psychedelics", said))
        assert "Clinical trials" in messages[0]["text"] and slots["topic"] == "ask_about_psychedelics"


@pytest.mark.parametrize("said, sarcastic", [("thanks for nothing", True), ("cheers for that, really helpful... not", True),
                                             ("thank you so much", False), ("thanks, that was really helpful", False)])
def test_sarcastic_thanks_get_a_sorry_not_a_welcome(said, sarcastic):
    from actions.conversation import ActionThank

    messages, _ = run(ActionThank(), tracker_for("thank", said))
    assert (messages[0].get("text") in content.not_understood()["sorry_not_helpful"]) is sarcastic


@pytest.mark.parametrize("said, expected", [("work is fine, home is fine, I just feel flat", []),
                                            ("we broke up last month and i can't sleep", ["the break-up", "the sleepless nights"]),
                                            ("i'm broke and the rent is due", ["money worries"])])
def test_only_what_weighs_on_them_is_said_back(said, expected):
    from actions.reflect import things_said

    assert things_said(said) == expected


@pytest.mark.parametrize("said, intent, expected", [("what do I actually say though?", "unsure_how_to_help", "What to say."),
                                                    ("what if he gets angry when I bring it up", "support_a_friend", "gets angry"),
                                                    ("how do I get him to see a doctor? he refuses", "support_a_friend", "can't make"),
                                                    ("should I tell her school?", "out_of_scope", "depends on how safe"),
                                                    ("what can i do from far away", "out_of_scope", "Distance doesn't stop you")])
def test_follow_up_questions_while_helping_someone_get_their_own_answer(said, intent, expected):
    from actions.conversation import ActionOutOfScope
    from actions.friend import ActionFriendGuide

    action = {"unsure_how_to_help": ActionSupport, "support_a_friend": ActionFriendGuide, "out_of_scope": ActionOutOfScope}[intent]()
    tracker = tracker_for(intent, said, slots={"topic": "support_a_friend", "relation": "partner"})
    messages, _ = run(action, tracker)
    assert expected in messages[0]["text"]
    assert not any(m["text"].startswith("Listen first") for m in messages), "not the guide from the start again"


def test_outside_the_guide_the_same_words_are_answered_as_before():
    messages, _ = run(ActionSupport(), tracker_for("unsure_how_to_help", "what do I actually say though?"))
    assert not messages[0]["text"].startswith("What to say.")


def test_an_exercise_that_did_not_help_gets_another_kind_offered():
    after = [{"event": "action", "name": "action_run_exercise"},
             {"event": "bot", "text": "Paced breathing.", "data": {"custom": {"exercise": {"id": "breathing_4_6"}}}},
             {"event": "action", "name": "action_listen"}]
    messages, _ = run(ActionDeclineOffer(), tracker_for("deny", "it didn't really help", events=after))
    assert "different kind" in messages[0]["text"] and [b["title"] for b in messages[0]["buttons"]] == ["Try a different kind", "Just talk"]
    messages, _ = run(ActionDeclineOffer(), tracker_for("deny", "no thanks", events=after))
    assert "different kind" not in messages[0]["text"]
    therapy_info = [{"event": "action", "name": "action_accept_offer"}, {"event": "bot", "text": "The first session is mostly ..."},
                    {"event": "action", "name": "action_listen"}]
    messages, _ = run(ActionDeclineOffer(), tracker_for("deny", "not really", events=therapy_info))
    assert "different kind" not in messages[0]["text"], "only after an exercise, not after any offer taken up"


def test_a_follow_up_that_names_someone_to_tell_is_still_about_the_person_being_helped():
    from actions.conversation import ActionOutOfScope

    earlier = [{"event": "slot", "name": "relation", "value": "partner"}, {"event": "user", "text": "my partner is depressed"}]
    tracker = tracker_for("out_of_scope", "should I tell his mum?", slots={"topic": "support_a_friend", "relation": "parent"},
                          entities=[{"entity": "relation", "value": "parent"}], events=earlier)
    messages, _ = run(ActionOutOfScope(), tracker)
    assert "how safe your partner is" in messages[0]["text"]


@pytest.mark.parametrize("said, expected", [("bit tired, I just feel flat. is that depression?", "can't diagnose"),
                                            ("just kinda blah", "Some days are just blah")])
def test_a_diagnosis_question_or_a_mild_low_gets_its_own_answer(said, expected):
    messages, _ = run(ActionSupport(), tracker_for("feeling_depressed", said))
    assert expected in messages[0]["text"]


@pytest.mark.parametrize("said, intent, expected", [("are there sliding scale options for therapy", "out_of_scope", "sliding scale"),
                                                    ("is therapy covered by OHIP?", "find_professional_help", "insurance"),
                                                    ("how long are NHS waiting lists usually?", "out_of_scope", "Waits vary")])
def test_cost_and_waiting_questions_about_therapy_get_their_own_answer(said, intent, expected):
    from actions.conversation import ActionOutOfScope

    action = ActionOutOfScope() if intent == "out_of_scope" else ActionProfessionalHelp()
    messages, _ = run(action, tracker_for(intent, said))
    assert len(messages) == 1 and expected in messages[0]["text"]


def test_a_price_question_about_anything_else_is_not_about_therapy():
    from actions.conversation import ActionOutOfScope

    messages, _ = run(ActionOutOfScope(), tracker_for("out_of_scope", "how much does a flight to lisbon cost"))
    assert not any("sliding scale" in (m.get("text") or "") for m in messages)


def test_a_follow_up_with_risk_in_it_gets_the_steps_for_someone_at_risk():
    tracker = tracker_for("unsure_how_to_help", "what do i even say, she just sent me a goodbye text",
                          slots={"topic": "support_a_friend", "relation": "friend"})
    messages, slots = run(ActionSupport(), tracker)
    assert not messages[0]["text"].startswith("What to say.") and slots.get("friend_at_risk")


def test_yes_to_another_kind_of_offer_naming_an_exercise_still_carries_out_the_offer():
    tracker = tracker_for("affirm", "yes please, and then maybe the breathing exercise", slots={"offer": "abuse_lines", "country": "GB"},
                          entities=[{"entity": "exercise", "value": "breathing"}])
    messages, _ = run(ActionAcceptOffer(), tracker)
    assert "0808 2000 247" in messages[0]["text"]


def test_something_shorter_is_never_longer_and_the_shortest_says_so():
    shortest = min((ex for ex in content.exercises().values() if ex.category != "active_listening"), key=lambda ex: ex.seconds)
    messages, _ = run(ActionRunExercise(), tracker_for("request_exercise", "something shorter", slots={"offer": f"exercise:{shortest.id}"}))
    assert not messages[0].get("custom") and "as short as they come" in messages[0]["text"]


@pytest.mark.parametrize("said", ["what about peyote", "cannabis for my depression", "do magic truffles help with anxiety"])
def test_drugs_named_keep_the_psychedelics_answer(said):
    _, slots = run(ActionSupport(), tracker_for("ask_about_psychedelics", said))
    assert slots["topic"] == "ask_about_psychedelics"


def test_a_second_exercise_offer_in_a_row_becomes_an_open_question_and_the_next_message_is_heard():
    from actions.answers import YES_NO
    from actions.conversation import ActionNotUnderstood

    first, slots = run(ActionSupport(), tracker_for("feeling_drained", "i'm just burnt out"))
    assert first[1]["buttons"] and slots["offer"].startswith("exercise:")
    said = [{"event": "bot", "text": first[0]["text"]}, {"event": "bot", "text": first[1]["text"], "data": {"buttons": YES_NO}}]
    second, slots = run(ActionSupport(), tracker_for("feeling_drained", "my boss keeps piling more on me", events=said, slots=slots))
    between = content.exercise_order()["between_offers"]
    assert second[1]["text"] in between and not second[1].get("buttons") and slots["offer"] is None
    said += [{"event": "user", "text": "my boss keeps piling more on me"}] + [{"event": "bot", "text": m["text"]} for m in second]
    third, slots = run(ActionNotUnderstood(), tracker_for("nlu_fallback", "and i never see my kids anymore", events=said,
                                                          slots={"topic": "feeling_drained"}))
    assert "say it another way" not in third[0]["text"] and third[1]["buttons"] and slots["offer"].startswith("exercise:")
    asked, _ = run(ActionNotUnderstood(), tracker_for("nlu_fallback", "what time is it in tokyo?", events=said, slots={"topic": "feeling_drained"}))
    assert "another way" in asked[0]["text"], "a question is not taken for more of their story"


def test_after_a_question_the_open_question_asks_whether_it_helped_not_what_feels_heaviest():
    from actions.answers import YES_NO

    said = [{"event": "bot", "text": "Would you like to try it?", "data": {"buttons": YES_NO}}]
    messages, _ = run(ActionSupport(), tracker_for("feeling_drained", "is burnout the same as being lazy?", events=said,
                                                   slots={"offer": "exercise:boundaries"}))
    assert messages[-1]["text"] in content.exercise_order()["after_a_question"]


def test_an_offer_they_answered_or_a_line_offer_is_never_held_back():
    from actions.answers import YES_NO

    said = [{"event": "bot", "text": "Would you like to try it?", "data": {"buttons": YES_NO}}]
    messages, slots = run(ActionSupport(), tracker_for("feeling_drained", "my husband checks my phone and takes my wages", events=said,
                                                       slots={"offer": "exercise:boundaries"}))
    assert slots["offer"] == "abuse_lines" and messages[1]["buttons"]
    messages, slots = run(ActionSupport(), tracker_for("feeling_drained", "i'm worn out", events=said, slots={"offer": None}))
    assert slots["offer"].startswith("exercise:") and messages[1]["buttons"]


def test_a_bare_ok_after_another_answer_puts_the_open_question_again_and_a_second_ok_or_a_yes_is_a_yes():
    talk = content.safety_talk()
    question = talk["check_question"][0]
    capabilities = "Here's what I can do. Tell me what's on your mind in your own words."
    asked = [{"event": "bot", "text": question}, {"event": "user", "text": "what else can I do then?"}, {"event": "bot", "text": capabilities}]
    messages, slots = run(ActionAcceptOffer(), tracker_for("affirm", "ok", events=asked, slots={"offer": "risk_check"}))
    assert any(v.split("{")[0] in messages[0]["text"] for v in talk["asked_again"]) and len(messages) == 1 and not slots
    again = asked + [{"event": "user", "text": "ok"}, {"event": "bot", "text": messages[0]["text"]}]
    why = [{"event": "bot", "text": question}, {"event": "user", "text": "why do you ask?"},
           {"event": "bot", "text": "I asked because those words can sometimes carry more. Are you thinking about suicide?"}]
    for said, events in (("ok", again), ("yes", asked), ("ok", [{"event": "bot", "text": question}]), ("ok", why)):
        messages, slots = run(ActionAcceptOffer(), tracker_for("affirm", said, events=events, slots={"offer": "risk_check"}))
        assert messages[0].get("response") == "utter_crisis", f"{said!r} is a yes"


def _guide_said(*titles):
    steps = {step["title"]: step for step in content.friend_guide()["steps"]}
    return [{"event": "bot", "text": f"{title}. {steps[title]['text']}"} for title in titles]


def test_the_friend_guide_goes_on_where_it_was_and_never_starts_again_at_listen_first():
    steps = content.friend_guide()["steps"]
    messages, _ = run(ActionFriendGuide(), tracker_for("support_a_friend", "she seems really low", events=_guide_said(steps[0]["title"])))
    assert messages[0]["text"].startswith(f"{steps[1]['title']}.")
    every = _guide_said(*(step["title"] for step in steps))
    messages, slots = run(ActionFriendGuide(), tracker_for("support_a_friend", "she seems really low", events=every))
    assert any(line.split("{")[0] in messages[0]["text"] for line in content.friend_guide()["again"]) and slots["offer"] is None


def test_what_to_say_asked_after_the_step_was_given_gets_its_phrases_and_a_panic_attack_its_own_answer():
    words = next(step for step in content.friend_guide()["steps"] if step["id"] == "words")
    said = _guide_said(content.friend_guide()["steps"][0]["title"], words["title"])
    messages, _ = run(ActionFriendGuide(), tracker_for("support_a_friend", "what should i actually say to her?", events=said,
                                                       slots={"topic": "feeling_depressed"}))
    assert words["say"][0] in messages[0]["text"] and not messages[0]["text"].startswith(words["title"])
    messages, _ = run(ActionFriendGuide(), tracker_for("support_a_friend", "what do i do in the moment, while she's having one?", events=said,
                                                       slots={"topic": "support_a_friend"}))
    assert "panic attack" in messages[0]["text"] and "emergency number" in messages[0]["text"]


def test_a_message_about_the_person_being_helped_read_as_low_mood_goes_on_with_the_guide():
    said = _guide_said(content.friend_guide()["steps"][0]["title"])
    messages, _ = run(ActionSupport(), tracker_for("feeling_depressed", "she cries a lot at night and i just freeze", events=said,
                                                   slots={"topic": "support_a_friend"}))
    heard = {line.format(person="your friend") for line in content.friend_guide()["heard"]}
    assert messages[0]["text"] in heard and messages[1]["text"].startswith(f"{content.friend_guide()['steps'][1]['title']}.")
    messages, _ = run(ActionSupport(), tracker_for("feeling_depressed", "i cry a lot at night", events=said, slots={"topic": "support_a_friend"}))
    assert not messages[0]["text"].startswith(content.friend_guide()["steps"][1]["title"])


def test_a_question_about_the_exercise_just_started_is_answered_as_about_it():
    started = [{"event": "user", "text": "can i do loving kindness"}, {"event": "action", "name": "action_run_exercise"},
               {"event": "slot", "name": "done_exercises", "value": ["loving_kindness"]}, {"event": "bot", "text": "Loving kindness."}]
    tracker = tracker_for("crisis_check", "how long does it take?", slots={"done_exercises": ["loving_kindness"]}, events=started)
    tracker.latest_message["crisis"] = {"level": "check", "reason": "classifier", "score": 0.5}
    messages, slots = run(ActionCrisisCheck(), tracker)
    assert "about 2 minutes" in messages[0]["text"] and slots["offer"] == "exercise:loving_kindness"


@pytest.mark.parametrize("said, offer, heard", [("not great", None, True), ("meh", None, True), ("not so good tbh", None, True),
                                                ("not great", "exercise:breathing_4_6", False), ("no thanks", None, False)])
def test_a_low_answer_to_how_are_you_is_heard_as_a_feeling_not_a_no(said, offer, heard):
    messages, _ = run(ActionDeclineOffer(), tracker_for("deny", said, slots={"offer": offer, "topic": "feeling_drained"}))
    from actions.decline_offer import LOW_REPLIES

    assert (messages[0]["text"] in LOW_REPLIES) == heard


def test_a_first_low_day_is_offered_something_small_and_low_feelings_that_have_lasted_a_doctor():
    topic = content.topics()["feeling_depressed"]
    messages, slots = run(ActionSupport(), tracker_for("feeling_depressed", "i had the worst day"))
    assert slots["offer"] == "exercise:self_compassion_break" and "doctor" not in messages[0]["text"]
    messages, slots = run(ActionSupport(), tracker_for("feeling_depressed", "i've felt empty every day for months"))
    assert slots["offer"] == "professional_help" and "doctor" in messages[0]["text"]
    said = [{"event": "bot", "text": topic["validate"][0]}]
    _, slots = run(ActionSupport(), tracker_for("feeling_depressed", "still feel rubbish", events=said))
    assert slots["offer"] == "professional_help", "the second time, the doctor or therapist"


@pytest.mark.parametrize("said, score", [("what is it all for anyway?", 0.5), ("how long does it take?", 0.7)])
def test_after_an_exercise_only_a_weak_question_about_its_length_is_answered_about_it(said, score):
    started = [{"event": "user", "text": "can i do loving kindness"}, {"event": "action", "name": "action_run_exercise"},
               {"event": "slot", "name": "done_exercises", "value": ["loving_kindness"]}, {"event": "bot", "text": "Loving kindness."}]
    tracker = tracker_for("crisis_check", said, slots={"done_exercises": ["loving_kindness"]}, events=started)
    tracker.latest_message["crisis"] = {"level": "check", "reason": "classifier", "score": score}
    _, slots = run(ActionCrisisCheck(), tracker)
    assert slots["offer"] == "risk_check"


def test_news_of_the_person_being_helped_never_hides_the_writers_own_distress_or_a_warning_sign():
    said = _guide_said(content.friend_guide()["steps"][0]["title"])
    messages, _ = run(ActionSupport(), tracker_for("low_self_esteem", "she doesn't see that i'm falling apart too and i feel worthless", events=said,
                                                   slots={"topic": "support_a_friend"}))
    assert not messages[0]["text"].startswith(content.friend_guide()["steps"][1]["title"])
    death = [{"event": "user", "text": "my gran died last month"}] + said
    for action, intent in ((ActionSupport(), "feeling_depressed"), (ActionFriendGuide(), "support_a_friend")):
        _, slots = run(action, tracker_for(intent, "she passed away in march and i just want to be with her again", events=death,
                                           slots={"topic": "support_a_friend"}))
        assert slots["offer"] == "risk_check", action.name()


def test_the_friend_guide_starts_again_introduced_for_someone_new():
    said = _guide_said(content.friend_guide()["steps"][0]["title"])
    earlier = [{"event": "slot", "name": "relation", "value": "sibling"}] + said
    dad = [{"entity": "relation", "value": "parent"}]
    messages, _ = run(ActionFriendGuide(), tracker_for("support_a_friend", "my dad is struggling too, how do i help him", events=earlier, entities=dad))
    assert any(messages[0]["text"].startswith(line.split("{")[0]) for line in content.friend_guide()["intro"])
    sister = [{"entity": "relation", "value": "sibling"}]
    messages, _ = run(ActionFriendGuide(), tracker_for("support_a_friend", "my sister is still so down", events=earlier, entities=sister))
    heard = {line.format(person="your sister") for line in content.friend_guide()["heard"]}
    assert messages[0]["text"] in heard and messages[1]["text"].startswith(content.friend_guide()["steps"][1]["title"])


def test_a_hello_naming_a_country_is_greeted_and_the_country_kept_not_answered_with_helplines():
    """Session 25's seventh user: "hello, i am from brazil and my english is not so good" got Brazil's suicide line."""
    said = "hello, i am from brazil and my english is not so good sorry"
    messages, slots = run(ActionProfessionalHelp(), tracker_for("inform_country", said, entities=[{"entity": "country", "value": "BR"}]))
    assert messages[0]["response"] == "utter_greet" and "Brazil" in messages[1]["text"] and "however it comes" in messages[1]["text"]
    assert "188" not in " ".join(m.get("text") or "" for m in messages) and slots["country"] == "BR"
    later = [{"event": "bot", "text": "How are you doing today?"}]
    messages, _ = run(ActionProfessionalHelp(), tracker_for("inform_country", "i'm in brazil", events=later,
                                                            entities=[{"entity": "country", "value": "BR"}]))
    assert "188" in messages[0]["text"]


@pytest.mark.parametrize("said", ["hello, i'm from the uk. i don't see the point anymore", "hey im in australia, tired of being here"])
def test_a_hello_and_a_country_with_anything_more_still_gets_the_lines(said):
    """Session 25's review: a greeting had hidden the despair after it, and the lines were gone."""
    code = "GB" if "uk" in said else "AU"
    messages, _ = run(ActionProfessionalHelp(), tracker_for("inform_country", said, entities=[{"entity": "country", "value": code}]))
    assert messages[0].get("response") != "utter_greet" and any(ch.isdigit() for ch in messages[0]["text"])


def test_a_question_of_distress_is_not_asked_whether_the_answer_helped():
    from actions.answers import YES_NO

    said = [{"event": "bot", "text": "Would you like to try it?", "data": {"buttons": YES_NO}}]
    messages, _ = run(ActionSupport(), tracker_for("low_self_esteem", "why can't i just be normal like everyone else?", events=said,
                                                   slots={"offer": "exercise:boundaries"}))
    assert messages[-1]["text"] not in content.exercise_order()["after_a_question"]


def test_helping_from_far_away_and_excitement_are_answered():
    """Session 26's eighth user: "what can i actually do from this far away" and "so excited" had "outside what I can help with"."""
    from actions.conversation import ActionOutOfScope

    messages, _ = run(ActionOutOfScope(), tracker_for("out_of_scope", "what can I actually do from this far away", slots={"topic": "support_a_friend"}))
    assert messages[0]["text"].startswith("Distance doesn't stop you helping")
    messages, _ = run(ActionOutOfScope(), tracker_for("out_of_scope", "ready to end this chapter and move abroad, so excited"))
    assert any(messages[0]["text"] == r for r in content.not_understood()["good_news"]["replies"]), messages[0]["text"]
