"""What someone is living through (data/content/situations.yml): coercive control named as abuse with a line on
request, school and money pressure, and a loss whose later "i want to be with her again" is asked about."""
import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.conversation import ActionOutOfScope
from actions.friend import ActionFriendGuide
from actions.support import ActionAcceptOffer, ActionCapabilities, ActionFeelingBetter, ActionSupport
from tests.conftest import tracker_for


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, {})
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def said_by_user(*texts):
    return [{"event": "user", "text": text} for text in texts]


@pytest.mark.parametrize("said, control", [
    ("my husband checks my phone every night and takes my wages", True),
    ("she won't let me see my friends anymore and tracks my location", True),
    ("im not allowed to go out without him and he controls all my money", True),
    ("my mum won't let me go to the party and i feel so left out", False),  # a parent's rules
    ("i check my phone all the time and feel low", False),  # one's own habit
    ("my friend's husband takes her money", False),  # someone else's
])
def test_coercive_control_is_named_as_abuse_and_a_line_offered_and_nothing_else_is(said, control):
    messages, slots = run(ActionSupport(), tracker_for("feeling_drained", said))
    assert ("abuse" in messages[0]["text"]) == control and (slots["offer"] == "abuse_lines") == control
    assert "breath" not in messages[1]["text"].lower() or not control


@pytest.mark.parametrize("country,number", [("GB", "0808 2000 247"), ("AU", "1800 737 732"), ("US", "1-800-799-7233")])
def test_yes_to_the_abuse_line_gives_that_countrys_line_and_the_emergency_number(country, number):
    messages, slots = run(ActionAcceptOffer(), tracker_for("affirm", "yes please", slots={"offer": "abuse_lines", "country": country}))
    entry = content.country_lines(country)
    assert number in messages[0]["text"] and entry["emergency"] in messages[0]["text"]
    assert "phone" in messages[0]["text"] and slots["offer"] is None


def test_without_a_country_the_abuse_line_answer_gives_the_directory_and_asks():
    messages, _ = run(ActionAcceptOffer(), tracker_for("affirm", "yes", slots={"offer": "abuse_lines"}))
    assert "which country" in messages[0]["text"]


@pytest.mark.parametrize("said,situation", [
    ("school sucks and i failed my maths exam", "school_or_work"),
    ("my boss yells at me every day and i feel useless", "school_or_work"),
    ("my cat is sick and i can't afford the vet bill", "money"),
    ("work is crushing me, 60 hour weeks and my manager emails at midnight", "overwork"),
    ("i'm feeling really anxious lately, can't stop worrying about my exams", "anxious"),
    ("feeling pretty wound up after work today", "anxious"),
])
def test_school_work_and_money_pressure_are_spoken_to(said, situation):
    messages, _ = run(ActionSupport(), tracker_for("feeling_drained" if situation == "overwork" else "feeling_depressed", said))
    assert any(v in messages[0]["text"] for v in content.situations()[situation]["validate"])
    assert "doctor" not in messages[0]["text"]


def test_wanting_to_be_with_someone_who_died_is_asked_about():
    earlier = said_by_user("my wife died in march")
    messages, slots = run(ActionSupport(), tracker_for("feeling_depressed", "i just want to be with her again", events=earlier))
    assert "suicide" in messages[0]["text"] and slots["offer"] == "risk_check"
    both, _ = run(ActionSupport(), tracker_for("feeling_depressed", "since my dad died i just want to join him"))
    assert "suicide" in both[0]["text"]


@pytest.mark.parametrize("action, intent, said", [
    # session 25's seventh user: an older widow's polite wish, read as "safe", had "I'm really glad you're safe"
    (ActionFeelingBetter(), "confirm_safe", "My husband is gone and I would not mind terribly joining him."),
    (ActionSupport(), "feeling_depressed", "I have been thinking I would like to be with my late husband again soon"),
    (ActionSupport(), "feeling_depressed", "my husband passed last spring. i'd happily join him tomorrow"),
])
def test_a_wish_to_join_someone_who_died_said_politely_is_asked_about(action, intent, said):
    messages, slots = run(action, tracker_for(intent, said))
    assert "suicide" in messages[0]["text"] and slots["offer"] == "risk_check"


@pytest.mark.parametrize("said", ["my husband is gone for the weekend and i would not mind joining him",
                                  "i'd happily join him at the pub later", "my wife died and i'd join her book club in a heartbeat"])
def test_joining_the_living_is_not_asked_about(said):
    messages, slots = run(ActionSupport(), tracker_for("feeling_depressed", said))
    assert "suicide" not in messages[0]["text"] and slots.get("offer") != "risk_check"


@pytest.mark.parametrize("said, intent", [
    ("i could die of embarrassment, i tripped on stage in front of everyone", "out_of_scope"),
    ("i'm so mortified about what i said at the party", "fear_of_judgment"),
    ("i made a complete fool of myself at work", "low_self_esteem"),
])
def test_embarrassment_is_heard_in_proportion(said, intent):
    action = ActionOutOfScope() if intent == "out_of_scope" else ActionSupport()
    messages, _ = run(action, tracker_for(intent, said))
    assert any(v in messages[0]["text"] for v in content.situations()["embarrassed"]["validate"])


@pytest.mark.parametrize("said", ["he posted my nudes in the group chat and i'm so humiliated",
                                  "i'm so embarrassed i can't face anyone ever again"])
def test_pictures_shared_without_consent_or_not_facing_anyone_again_are_never_a_cringe_moment(said):
    """Session 25's review: "it was funny or awkward, and it passes" to image-based abuse."""
    messages, _ = run(ActionSupport(), tracker_for("fear_of_judgment", said))
    assert not any(v in messages[0]["text"] for v in content.situations()["embarrassed"]["validate"])


@pytest.mark.parametrize("said", ["my wife is gone, she left me for my best friend"])
def test_a_partner_who_left_is_not_answered_as_a_death(said):
    messages, _ = run(ActionSupport(), tracker_for("feeling_depressed", said))
    assert not any(v in messages[0]["text"] for v in content.situations()["loss"]["validate"])


@pytest.mark.parametrize("said", ["my dad passed away last week and my mum is falling apart, how do i support her",
                                  "my husband and i lost our baby last month and he won't talk to me, how do i help him"])
def test_the_writers_own_loss_read_as_helping_someone_is_still_their_loss(said):
    messages, _ = run(ActionFriendGuide(), tracker_for("support_a_friend", said))
    assert any(v in messages[0]["text"] for v in content.situations()["loss"]["validate"]), messages[0]["text"]


@pytest.mark.parametrize("said", ["this chem homework is literally killing me lol", "my boss humiliated me in front of the whole team"])
def test_school_and_work_read_as_out_of_scope_still_get_their_answer(said):
    messages, _ = run(ActionOutOfScope(), tracker_for("out_of_scope", said))
    assert any(v in messages[0]["text"] for v in content.situations()["school_or_work"]["validate"])


@pytest.mark.parametrize("said, theirs", [
    # session 25's seventh user: a friend dumped, a dad's dog died: the writer was told to go easy on themselves
    ("my best friend just got dumped and she keeps crying on the phone to me, i never know what to say", True),
    ("what do i say to my dad, his dog of 14 years died yesterday", True),
    ("my girlfriend dumped me, how do i help myself", False), ("my husband died, what do i tell the kids", False),
])
def test_another_persons_situation_read_as_helping_them_is_the_friend_guides(said, theirs):
    messages, _ = run(ActionFriendGuide(), tracker_for("support_a_friend", said))
    comforted = any(v in messages[0]["text"] for situation in content.situations().values() for v in situation["validate"])
    assert comforted != theirs, messages[0]["text"]


@pytest.mark.parametrize("said", ["i just want to be with her again", "what's the point without him"])
def test_the_same_words_without_a_death_are_not_asked_about(said):
    earlier = said_by_user("my girlfriend broke up with me")
    messages, slots = run(ActionSupport(), tracker_for("feeling_depressed", said, events=earlier))
    assert "suicide" not in messages[0]["text"] and slots.get("offer") != "risk_check"


@pytest.mark.parametrize("path, value", [(("loss", "offer", "exercise"), "juggling"), (("controlled", "offer", "action"), "phone_the_police")])
def test_a_situation_file_naming_an_unknown_exercise_or_action_is_refused(tmp_path, monkeypatch, path, value):
    import yaml

    raw = yaml.safe_load((content.DATA / "content" / "situations.yml").read_text())
    situation, key, field = path
    raw["situations"][situation][key][field] = value
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "situations.yml").write_text(yaml.safe_dump(raw))
    monkeypatch.setattr(content, "DATA", tmp_path)
    content.situations.cache_clear()
    try:
        with pytest.raises(content.ContentError, match=value):
            content.situations()
    finally:
        content.situations.cache_clear()


def answered_before(intent, text, answer):
    """A user message read as ``intent`` and the assistant's answer to it, as tracker events."""
    parse = {"intent": {"name": intent, "confidence": 1.0}}
    return [{"event": "user", "text": text, "parse_data": parse}, {"event": "action", "name": "action_support"}] + [
        {"event": "bot", "text": message["text"]} for message in answer]


def told_as_low(text):
    """``text`` read as feeling low and answered by the support action, as the tracker events a follow-up sees."""
    first, _ = run(ActionSupport(), tracker_for("feeling_depressed", text))
    return answered_before("feeling_depressed", text, first)


def follows_on(action, intent, said, events, situation):
    """Whether ``said`` after ``events`` is answered with ``situation``'s follow-up wording."""
    messages, _ = run(action, tracker_for(intent, said, events=events))
    return any(v in messages[0]["text"] for v in content.situations()[situation]["follow_up"])


def test_a_loss_named_earlier_shapes_later_answers_without_repeating_the_first():
    first, _ = run(ActionSupport(), tracker_for("feeling_depressed", "my husband passed away in march"))
    events = answered_before("feeling_depressed", "my husband passed away in march", first)
    later, _ = run(ActionSupport(), tracker_for("feeling_depressed", "i miss him so much some nights", events=events))
    loss = content.situations()["loss"]
    assert any(v in later[0]["text"] for v in loss["follow_up"]) and "doctor" not in later[0]["text"]
    assert later[0]["text"] != first[0]["text"]


def test_a_loss_read_as_out_of_scope_still_gets_the_grief_answer():
    messages, _ = run(ActionOutOfScope(), tracker_for("out_of_scope", "my partner died in an accident last month"))
    assert any(v in messages[0]["text"] for v in content.situations()["loss"]["validate"])
    other, _ = run(ActionOutOfScope(), tracker_for("out_of_scope", "what's the weather tomorrow"))
    assert other == [{"response": "utter_out_of_scope"}] or other[0].get("response") == "utter_out_of_scope"


def test_control_read_as_a_friend_request_is_answered_as_the_writers_own():
    messages, slots = run(ActionFriendGuide(), tracker_for("support_a_friend", "my girlfriend checks my phone every night"))
    assert "abuse" in messages[0]["text"] and slots["offer"] == "abuse_lines"
    friend, slots = run(ActionFriendGuide(), tracker_for("support_a_friend", "my friend's boyfriend checks her phone every night"))
    assert slots.get("offer") != "abuse_lines"


def test_the_abuse_line_offer_is_asked_again_in_other_words_never_swapped_for_an_exercise():
    first, _ = run(ActionSupport(), tracker_for("feeling_drained", "he takes my wages every friday"))
    events = answered_before("feeling_drained", "he takes my wages every friday", first)
    later, slots = run(ActionSupport(), tracker_for("fear_of_judgment", "i'm scared of him when he drinks", events=events))
    assert slots["offer"] == "abuse_lines" and later[1]["text"] in content.situations()["controlled"]["offer"]["ask_again"]


def test_what_should_i_do_after_an_answer_gives_more_of_that_advice():
    first, _ = run(ActionSupport(), tracker_for("feeling_drained", "my boyfriend won't let me see my friends"))
    events = answered_before("feeling_drained", "my boyfriend won't let me see my friends", first)
    for said in ("what should i do", "is that normal in a relationship?"):
        advice, slots = run(ActionCapabilities(), tracker_for("ask_capabilities", said, events=events))
        assert advice[0]["text"].startswith("Here's one thing") and slots["offer"] == "abuse_lines", said
    plain, _ = run(ActionCapabilities(), tracker_for("ask_capabilities", "what should i do"))
    assert plain == [] or "Here's one thing" not in (plain[0].get("text") or "")


def test_feeling_better_without_a_word_of_it_goes_on_with_the_story():
    first, _ = run(ActionSupport(), tracker_for("feeling_depressed", "my dad died on sunday"))
    events = answered_before("feeling_depressed", "my dad died on sunday", first)
    slots = {"topic": "feeling_depressed"}
    story, _ = run(ActionFeelingBetter(), tracker_for("feeling_better", "we were close, he taught me to fish", slots=slots, events=events))
    assert any(v in story[0]["text"] for v in content.situations()["loss"]["follow_up"])
    glad, _ = run(ActionFeelingBetter(), tracker_for("feeling_better", "that helped, i feel calmer", slots=slots, events=events))
    assert glad[0].get("response") == "utter_glad"


def tracker_read_as(intent, text, confidence, events=None, entities=None):
    tracker = tracker_for(intent, text, events=events, entities=entities)
    tracker.latest_message["intent"]["confidence"] = confidence
    return tracker


def test_a_friends_death_by_suicide_is_grief_not_a_friend_at_risk():
    messages, slots = run(ActionFriendGuide(), tracker_for("support_a_friend", "my best friend killed himself in march"))
    assert any(v in messages[0]["text"] for v in content.situations()["loss"]["validate"])
    assert "friend_at_risk" not in slots or slots["friend_at_risk"] is None
    at_risk, slots = run(ActionFriendGuide(), tracker_for("support_a_friend", "my best friend says he wants to kill himself"))
    assert slots.get("friend_at_risk")


def test_guilt_after_a_death_read_as_helping_someone_goes_on_with_the_grief():
    first, _ = run(ActionSupport(), tracker_for("feeling_depressed", "my mum died three weeks ago"))
    events = answered_before("feeling_depressed", "my mum died three weeks ago", first)
    unsure, _ = run(ActionFriendGuide(), tracker_read_as("support_a_friend", "i should have called her back", 0.33, events))
    assert any(v in unsure[0]["text"] for v in content.situations()["loss"]["follow_up"])
    dad = [{"entity": "relation", "value": "parent", "start": 19, "end": 22}]
    sure, slots = run(ActionFriendGuide(), tracker_read_as("support_a_friend", "how can i help my dad, he's not coping", 0.9, events, dad))
    assert slots.get("topic") == "support_a_friend"


def test_a_memory_read_as_out_of_scope_goes_on_with_the_loss_but_a_question_does_not():
    events = told_as_low("my grandad passed on sunday")
    assert follows_on(ActionOutOfScope(), "out_of_scope", "he taught me to fish and to swear in welsh lol", events, "loss")
    question, _ = run(ActionOutOfScope(), tracker_for("out_of_scope", "what's the weather tomorrow?", events=events))
    assert question[0].get("response") == "utter_out_of_scope"


def test_wanting_to_be_wherever_they_are_after_a_death_is_asked_about():
    earlier = said_by_user("my mum died three weeks ago")
    messages, _ = run(ActionSupport(), tracker_for("feeling_depressed", "sometimes i think i'd like to be wherever she is", events=earlier))
    assert "suicide" in messages[0]["text"]


def test_control_read_as_possible_risk_is_asked_about_fear_not_suicide():
    from actions.safety import ActionCrisisCheck

    crisis = {"level": "check", "reason": "classifier", "score": 0.7}
    tracker = tracker_for("crisis_check", "he took my car keys and my passport and says im not going anywhere")
    tracker.latest_message["crisis"] = crisis
    messages, _ = run(ActionCrisisCheck(), tracker)
    assert messages[0]["text"].split(" Whatever")[0] in content.safety_talk()["check_question_control"]
    hiding = tracker_for("crisis_check", "im in the bathroom typing this, he thinks im in the shower")
    hiding.latest_message["crisis"] = {"level": "check", "reason": "pattern:warning:hiding_to_write", "score": 0.2}
    secret, _ = run(ActionCrisisCheck(), hiding)
    assert secret[0]["text"].split(" Whatever")[0] in content.safety_talk()["check_question_control"]
    plain = tracker_for("crisis_check", "i just want it all to stop")
    plain.latest_message["crisis"] = crisis
    asked, _ = run(ActionCrisisCheck(), plain)
    assert asked[0]["text"].split(" Whatever")[0] in content.safety_talk()["check_question"]


@pytest.mark.parametrize("said, repeats", [("can you say that again", True), ("again?", True), ("repeat that please", True),
                                           ("he's already talking about trying again", False), ("i failed again", False)])
def test_only_words_that_ask_for_it_repeat_the_last_answer(said, repeats):
    import re

    assert bool(re.search(content.not_understood()["repeat_cues"], said)) == repeats


@pytest.mark.parametrize("said, news", [("i got evicted this morning", True), ("the bank froze my account", True),
                                        ("what's the weather tomorrow", False), ("can you book me a table for two", False),
                                        ("i need a recipe for banana bread", False)])
def test_news_of_their_own_life_read_as_out_of_scope_is_met_kindly(said, news):
    messages, _ = run(ActionOutOfScope(), tracker_for("out_of_scope", said))
    assert (messages[0].get("text") in content.not_understood()["life_news"]["replies"]) == news, said


def test_after_a_death_talk_of_them_is_grief_and_following_them_is_asked_about():
    first, _ = run(ActionFriendGuide(), tracker_for("support_a_friend", "my best friend killed himself in march"))
    events = answered_before("support_a_friend", "my best friend killed himself in march", first)
    angry, _ = run(ActionFriendGuide(), tracker_read_as("support_a_friend", "im so angry at him, how could he do that to us", 0.98, events))
    assert any(v in angry[0]["text"] for v in content.situations()["loss"]["follow_up"])
    same, _ = run(ActionSupport(), tracker_for("approval_seeking", "sometimes i wonder if i'd do it the same way he did", events=events))
    assert "suicide" in same[0]["text"]


GOOD_NEWS = content.not_understood()["good_news"]["replies"]


@pytest.mark.parametrize("action, said, congratulated", [
    (ActionFeelingBetter(), "i just got engaged!", True),
    (ActionFeelingBetter(), "passed my driving test first time", True),
    (ActionOutOfScope(), "we got the keys to our first flat today", True),
    (ActionOutOfScope(), "six months sober today", True),
    (ActionFeelingBetter(), "my ex got engaged", False),  # another person's news
    (ActionFeelingBetter(), "i got the job but i'm terrified i'll mess it up", False),  # news with a but
    (ActionOutOfScope(), "did you hear that they got engaged?", False),  # a question
    (ActionFeelingBetter(), "i feel a lot calmer now", False),  # feeling better, not news
    (ActionFeelingBetter(), "my baby was born still", False),  # loss
    (ActionFeelingBetter(), "six months clean and i relapsed", False),
    (ActionOutOfScope(), "we got married and he hits me", False),
    (ActionFeelingBetter(), "i got the job and i still want to die", False),
    (ActionOutOfScope(), "paid off all my debts and wrote my note", False),
    (ActionFeelingBetter(), "1 year clean from self harm today and i feel like cutting", False),
    (ActionFeelingBetter(), "i finally got accepted, now i can end it in peace", False),
    (ActionFeelingBetter(), "i am married to an abuser", False),
    (ActionFeelingBetter(), "he had just got promoted when he died", False),
])
def test_good_news_of_their_own_gets_congratulations_and_a_question(action, said, congratulated):
    messages, _ = run(action, tracker_for("feeling_better", said))
    text = messages[0].get("text") or ""  # otherwise a domain response: "glad you feel better", or out of scope
    assert (text in GOOD_NEWS) == congratulated
    assert "?" in text or not congratulated


def test_good_news_is_not_congratulated_in_a_conversation_about_a_loss():
    tracker = tracker_for("feeling_better", "our little girl was born on this day twenty years ago",
                          events=said_by_user("my daughter died in march"))
    messages, _ = run(ActionFeelingBetter(), tracker)
    assert (messages[0].get("text") or "") not in GOOD_NEWS


def test_a_death_read_as_feeling_better_is_answered_as_a_loss():
    """"Good afternoon ... my wife of 55 years died in the spring" was once "I'm really glad to hear that"."""
    from actions.support import ActionFeelingBetter

    said = "Good afternoon. I am 81 and my wife of 55 years died in the spring. Some days I speak to no one."
    messages, _ = run(ActionFeelingBetter(), tracker_for("feeling_better", said))
    assert any(v in messages[0]["text"] for v in content.situations()["loss"]["validate"])
    glad, _ = run(ActionFeelingBetter(), tracker_for("feeling_better", "good afternoon! feeling much better today"))
    assert glad[0].get("response") == "utter_glad"


def test_sick_of_something_is_not_an_illness_to_reflect():
    from actions.reflect import things_said

    assert "the illness" not in things_said("I AM SO SICK OF EVERYONE TELLING ME TO CALM DOWN")
    assert "the illness" in things_said("my mum is sick and in hospital")


@pytest.mark.parametrize("said", ["we broke up last month and i can't stop crying", "my son is so anxious about school, how do i help"])
def test_a_break_up_is_not_money_and_someone_elses_worry_is_not_the_writers(said):
    messages, _ = run(ActionSupport(), tracker_for("feeling_depressed", said))
    for situation in ("money", "anxious"):
        assert not any(v in messages[0]["text"] for v in content.situations()[situation]["validate"]), situation


@pytest.mark.parametrize("said, situation, expected", [("i broke it off with my girlfriend and feel awful", "money", False),
                                                       ("my mum broke her hip and i'm so low", "money", False),
                                                       ("i'm broke and everything feels pointless", "money", True),
                                                       ("shes really anxious all the time and it is wearing me down", "anxious", False)])
def test_which_words_name_a_situation(said, situation, expected):
    messages, _ = run(ActionSupport(), tracker_for("feeling_depressed", said))
    assert any(v in messages[0]["text"] for v in content.situations()[situation]["validate"]) is expected


def test_news_with_no_word_of_feeling_better_is_never_met_with_glad():
    """Session 22: "we were together 4 years" and "I was widowed last spring", read as feeling better, got "I'm really
    glad to hear that"."""
    from actions.support import ActionFeelingBetter

    told, _ = run(ActionFeelingBetter(), tracker_for("feeling_better", "we were together 4 years"))
    assert told[0].get("response") == "utter_tell_me_more"
    widowed, _ = run(ActionFeelingBetter(), tracker_for("feeling_better", "Good afternoon. I am seventy-three and I was widowed last spring."))
    assert any(v in widowed[0]["text"] for v in content.situations()["loss"]["validate"])


def test_being_bullied_is_answered_as_such_even_when_not_understood_and_a_parents_worry_is_not_the_writers():
    from actions.conversation import ActionNotUnderstood

    messages, _ = run(ActionNotUnderstood(), tracker_for("nlu_fallback", "i'm getting bullied at school"))
    assert any(v in messages[0]["text"] for v in content.situations()["bullied"]["validate"])
    assert "teacher" in messages[0]["text"]
    from actions.answers import named_now

    assert named_now(tracker_for("support_a_friend", "my son is being bullied")) is None
    messages, _ = run(ActionSupport(), tracker_for("fear_of_judgment", "people at school keep making fun of me"))
    assert any(v in messages[0]["text"] for v in content.situations()["bullied"]["validate"])
    messages, _ = run(ActionOutOfScope(), tracker_for("out_of_scope", "ppl at school keep making fun of my voice"))
    assert any(v in messages[0]["text"] for v in content.situations()["bullied"]["validate"])


def test_a_break_up_is_met_as_a_loss_not_with_a_doctor_and_a_parents_divorce_is_their_fights_not_a_break_up():
    from actions.answers import named_now

    messages, _ = run(ActionSupport(), tracker_for("feeling_depressed", "my girlfriend dumped me yesterday"))
    assert any(v in messages[0]["text"] for v in content.situations()["breakup"]["validate"]) and "doctor" not in messages[0]["text"]
    assert named_now(tracker_for("out_of_scope", "my parents are getting divorced")) is content.situations()["family_fights"]


def test_anger_named_is_heard_as_anger_and_anger_at_oneself_is_not():
    from actions.answers import named_now

    messages, _ = run(ActionSupport(), tracker_for("low_self_esteem", "i'm so angry at my brother"))
    assert any(v in messages[0]["text"] for v in content.situations()["angry"]["validate"])
    assert named_now(tracker_for("low_self_esteem", "i'm so angry at myself, i hate myself")) is None


def test_a_parents_worry_about_bullying_and_being_left_on_read_are_not_the_writers_situations():
    from actions.answers import named_now

    for said in ("my daughter gets bullied at school and i feel so helpless", "she left me on read again"):
        assert named_now(tracker_for("feeling_depressed", said)) is None, said


def test_tested_positive_is_no_good_news():
    from actions.support import ActionFeelingBetter

    told, _ = run(ActionFeelingBetter(), tracker_for("feeling_better", "i tested positive"))
    assert told[0].get("response") != "utter_glad"


def test_after_a_break_up_her_socials_are_the_writers_story_and_her_risk_is_still_hers():
    from actions.friend import ActionFriendGuide

    events = told_as_low("my girlfriend dumped me yesterday")
    assert follows_on(ActionFriendGuide(), "support_a_friend", "i cant stop checking her instagram", events, "breakup")
    risk, _ = run(ActionFriendGuide(), tracker_for("support_a_friend", "she said she's going to kill herself tonight", events=events))
    assert "emergency" in " ".join(m["text"] for m in risk).lower()


def test_a_carers_guilt_and_nobody_asking_how_they_are_are_understood():
    from actions.conversation import ActionNotUnderstood

    messages, _ = run(ActionNotUnderstood(), tracker_for("nlu_fallback", "I feel guilty for resenting her sometimes"))
    assert any(v in messages[0]["text"] for v in content.situations()["carer"]["validate"])
    lonely, _ = run(ActionSupport(), tracker_for("feeling_depressed", "i feel like nobody asks how i am"))
    assert any(v in lonely[0]["text"] for v in content.situations()["lonely"]["validate"])


def test_not_ok_read_as_a_no_is_answered_as_a_feeling():
    from actions.decline_offer import NOT_OK_REPLIES, ActionDeclineOffer

    messages, _ = run(ActionDeclineOffer(), tracker_for("deny", "ngl im not ok rn"))
    assert messages[0]["text"] in NOT_OK_REPLIES
    plain, _ = run(ActionDeclineOffer(), tracker_for("deny", "no thanks"))
    assert plain[0]["text"] not in NOT_OK_REPLIES


@pytest.mark.parametrize("said, intent", [("can u help me sleep", "need_help"), ("i cant sleep again its 3am", "need_help"),
                                          ("insomnia is wrecking me", "feeling_drained")])
def test_sleeplessness_gets_a_wind_down_answer_and_the_breathing_offer_not_a_therapist(said, intent):
    messages, slots = run(ActionSupport(), tracker_for(intent, said))
    assert any(v in messages[0]["text"] for v in content.situations()["sleepless"]["validate"])
    assert slots["offer"] == "exercise:breathing_4_6" and messages[1]["buttons"]


def test_a_baby_who_wont_sleep_is_not_the_writers_sleeplessness():
    messages, _ = run(ActionSupport(), tracker_for("feeling_drained", "my baby won't sleep and i'm exhausted"))
    assert not any(v in messages[0]["text"] for v in content.situations()["sleepless"]["validate"])


@pytest.mark.parametrize("said, lonely", [("how do people even make friends as adults", True),
                                          ("my dad is so lonely since mum died, how can i help him", False),
                                          ("how can i help my lonely gran", False)])
def test_making_friends_read_as_not_knowing_how_to_help_is_the_writers_loneliness_anothers_is_not(said, lonely):
    messages, _ = run(ActionSupport(), tracker_for("unsure_how_to_help", said))
    assert any(v in messages[0]["text"] for v in content.situations()["lonely"]["validate"]) == lonely


def test_being_drained_is_not_answered_as_a_carer_unless_they_care_for_someone():
    for turn in range(4):
        said = [{"event": "bot", "text": text} for text in content.topics()["feeling_drained"]["validate"][:turn]]
        messages, _ = run(ActionSupport(), tracker_for("feeling_drained", "i'm just burnt out", events=said))
        assert "supporting someone" not in messages[0]["text"] and "Caring for others" not in messages[0]["text"]


def test_a_message_read_as_goodbye_in_the_middle_of_a_story_is_more_of_the_story_unless_it_says_bye():
    from actions.conversation import ActionGoodbye

    def unsure(said, events):
        tracker = tracker_for("goodbye", said, events=events)
        tracker.latest_message["intent"]["confidence"] = 0.46
        return tracker

    story = said_by_user("the other kids keep making fun of me at school")
    messages, _ = run(ActionGoodbye(), unsure("i dont want to go tomorrow", story))
    assert any(v in messages[0]["text"] for v in content.situations()["bullied"]["follow_up"])
    for tracker in (unsure("ok bye, thanks", story), unsure("thank you, i'm off to bed now", story), unsure("i dont want to go tomorrow", []),
                    tracker_for("goodbye", "ok that's me for tonight", events=story)):
        messages, _ = run(ActionGoodbye(), tracker)
        assert messages[0].get("response") == "utter_goodbye"
    for said in ("i'm going to see him soon", "goodnight, going to see him again soon"):
        _, slots = run(ActionGoodbye(), tracker_for("goodbye", said, events=said_by_user("my husband died in june")))
        assert slots["offer"] == "risk_check", said


@pytest.mark.parametrize("said, intent, fights", [("my parents r always fighting n its my fault", "low_self_esteem", True),
                                                  ("my mum and dad are getting divorced and i feel like it's because of me", "feeling_depressed", True),
                                                  ("my friend's parents are always fighting", "need_help", False)])
def test_parents_fighting_is_said_to_be_not_their_fault(said, intent, fights):
    messages, _ = run(ActionSupport(), tracker_for(intent, said))
    assert ("not your fault" in messages[0]["text"] or "didn't cause it" in messages[0]["text"]) == fights


@pytest.mark.parametrize("said, intent, ill", [("my dad was just diagnosed with cancer", "feeling_depressed", True),
                                               ("my mum is in hospital again and i can't focus on anything", "need_help", True),
                                               ("my grandad had a stroke last night", "out_of_scope", True),
                                               ("i was just diagnosed with anxiety", "feeling_depressed", False)])
def test_someone_close_falling_ill_is_heard_as_that_not_as_the_writers_low_mood(said, intent, ill):
    action = ActionOutOfScope() if intent == "out_of_scope" else ActionSupport()
    messages, _ = run(action, tracker_for(intent, said))
    assert any(v in messages[0]["text"] for v in content.situations()["loved_one_ill"]["validate"]) == ill
    assert "doctor or a therapist" not in messages[0]["text"] or not ill


@pytest.mark.parametrize("name, said, named", [
    ("loved_one_ill", "my son was just diagnosed with autism and i feel lost", False),
    ("loved_one_ill", "my mum is in hospital visiting my gran", False),
    ("family_fights", "my parents are always arguing with me about my grades", False),
    ("family_fights", "my parents argued with my teacher", False),
    ("family_fights", "my mum and her boyfriend fight all the time", True),
    ("sleepless", "i can't fall asleep, it's 3am again", True),
    ("sleepless", "i've barely slept all week", True),
    ("sleepless", "my baby can't get to sleep", False),
    ("sleepless", "i can't sleep on my left side", False),
    ("lonely", "my life is so lonely since i moved here", True),
    ("lonely", "how can i help myself feel less lonely", True),
])
def test_each_situation_is_named_for_the_writers_own_life_and_not_for_look_alikes(name, said, named):
    situation = content.situations()[name]
    assert (content.matches_any(situation["patterns"], said) and not content.matches_any(situation.get("not_patterns"), said)) == named


def test_asking_a_boss_for_something_is_heard_and_how_they_take_it_is_not_the_friend_guide():
    """Session 25's seventh user: "i want to ask for a day off" was out of scope, and "what if he gets mad" then
    started the friend guide for the boss."""
    asking = content.situations()["asking_for_what_i_need"]
    messages, _ = run(ActionOutOfScope(), tracker_for("out_of_scope", "my boss is so demanding, i want to ask for a day off"))
    assert any(v in messages[0]["text"] for v in asking["validate"])
    earlier = said_by_user("my boss is so demanding, i want to ask for a day off")
    messages, _ = run(ActionFriendGuide(), tracker_for("support_a_friend", "what if he gets mad", events=earlier))
    assert any(v in messages[0]["text"] for v in asking["follow_up"])
    messages, _ = run(ActionFriendGuide(), tracker_for("support_a_friend", "what if my sister gets mad", events=earlier,
                                                      entities=[{"entity": "relation", "value": "sibling"}]))
    assert not any(v in messages[0]["text"] for v in asking["follow_up"])


@pytest.mark.parametrize("said, intent, situation", [
    ("I served two tours. Since getting out I can't sleep, keep seeing things I don't want to see", "fear_of_vulnerability", "after_trauma"),
    ("I've had chronic back pain for 9 years. Nothing works.", "feeling_drained", "chronic_pain"),
    ("my mum has dementia and I look after her full time", "feeling_drained", "carer"),
    ("at work people are polite but nobody invite me anything", "resistance_to_compassion", "lonely"),
    ("I'm in my second year at uni and I owe like 40k already", "feeling_depressed", "money"),
    ("I keep snapping at my kids and then hating myself for it", "resistance_to_compassion", "guilt_or_shame"),
    ("the missus left in march", "out_of_scope", "breakup"),
])
def test_what_the_eighth_new_user_lived_through_is_heard(said, intent, situation):
    """Session 26: a veteran's flashbacks read as fear of being seen, years of pain offered a boundary, a carer's
    dementia answered as frightening news, a separation as out of scope."""
    action = ActionOutOfScope() if intent == "out_of_scope" else ActionSupport()
    messages, _ = run(action, tracker_for(intent, said))
    assert any(v in messages[0]["text"] for v in content.situations()[situation]["validate"]), messages[0]["text"]


def test_a_situation_read_as_asking_about_the_bot_is_heard():
    """"someone made a fake account of me and is posting stuff" had "I'm an automated assistant"."""
    from actions.honest_answers import ActionBotChallenge

    messages, _ = run(ActionBotChallenge(), tracker_for("bot_challenge", "someone made a fake account of me and is posting stuff"))
    assert any(v in messages[0]["text"] for v in content.situations()["bullied"]["validate"])
    messages, _ = run(ActionBotChallenge(), tracker_for("bot_challenge", "are you a bot"))
    assert messages[0].get("response") == "utter_iamabot"



def test_harm_by_a_manager_is_not_asking_for_what_i_need_and_a_friend_in_distress_after_it_is_the_guide():
    """Session 26's review: "he cornered me in the storeroom and grabbed me" had "I'd like Friday off"; "she hasn't been
    eating and cries every day, how can i help her", after a boss, had "worrying about how they'll react"."""
    asking = content.situations()["asking_for_what_i_need"]
    messages, _ = run(ActionOutOfScope(), tracker_for("out_of_scope", "my manager is really intimidating, he cornered me in the storeroom and grabbed me"))
    assert not any(v in (messages[0].get("text") or "") for v in asking["validate"])
    earlier = said_by_user("i'm scared to ask my manager for time off")
    messages, _ = run(ActionFriendGuide(), tracker_for("support_a_friend", "she hasn't been eating and cries every day, how can i help her", events=earlier))
    assert not any(v in (m.get("text") or "") for m in messages for v in asking["follow_up"])



@pytest.mark.parametrize("said, intent, situation", [
    ("wife died", "out_of_scope", "loss"), ("really want a drink right now", "need_help", "craving"),
    ("theres a bottle in the cupboard from before", "out_of_scope", "craving"),
    ("business went under last month. 12 years of work gone", "out_of_scope", "school_or_work"),
    ("my partner has cancer and im looking after him", "feeling_drained", "carer"),
    ("I found messages on his phone. We have two kids", "feeling_depressed", "breakup"),
])
def test_what_the_ninth_new_user_lived_through_is_heard(said, intent, situation):
    """Session 26's ninth user: a terse widower, a craving in recovery, a business gone, a carer, an affair."""
    action = ActionOutOfScope() if intent == "out_of_scope" else ActionSupport()
    messages, _ = run(action, tracker_for(intent, said))
    assert any(v in messages[0]["text"] for v in content.situations()[situation]["validate"]), messages[0]["text"]
