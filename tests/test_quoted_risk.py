"""Another person's risk in their own quoted words ("my friend texted me 'goodbye, i'm sorry for everything'"): the
friend guide's at-risk steps, never the writer's own crisis; and what a worried friend asks next (session 24)."""
import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.resources import ActionProfessionalHelp
from actions.support import ActionCapabilities
from assistant.nlu.crisis import decide
from assistant.safety import QUOTED_WORDS
from assistant.safety.others import their_quote
from tests.conftest import tracker_for


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, {})
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


@pytest.mark.parametrize("text", [
    "my friend just texted me 'goodbye, i'm sorry for everything'",
    "my little brother said 'i want to die' 😭 what do i do",  # the second review: a worried question is still only worry
    "worried about my mate, he posted 'this is my last post, love you all' on insta",
    "last night he said 'you'd be better off if I wasn't here'",
    "my sister texted me “i can't do this anymore, i want to die”",
    "i'm so scared, my bf sent me 'i'm going to kill myself tonight' and now he won't answer",
    # session 25: a name, sent to the writer; "she's" after the quote
    "sam texted me 'goodbye, i'm sorry for everything'", "jake just messaged me 'i can't do this anymore, look after my dog'",
    "my friend jake said 'i want to die' what do i do",
    "priya just sent us 'thank you all for everything, goodbye' and now she's not answering",
    # session 26's ninth user: a laugh after it is still theirs
    "my mate said 'honestly whats even the point, you lot would be fine without me' then laughed it off",
])
def test_risk_in_another_persons_quoted_words_is_theirs(text):
    assert their_quote(text) is not None
    assert decide(text, [{"name": "crisis", "confidence": 0.9}], 0.95, 0.4)["reason"] == QUOTED_WORDS


@pytest.mark.parametrize("text", [
    # session 24's review: the writer's own words quoted, words said to the writer, the writer counting themselves in
    "i got so drunk last night and texted him 'i want to die'", "drunk texted my ex 'i want to die'", "my diary says 'i want to die'",
    "my head says 'just end it'", "my therapist said 'you seem suicidal' and she's right",
    "my mum said 'you'd be better off dead' and honestly she's right", "the doctor said 'you took a lot of pills, you're lucky to be alive'",
    "she said 'i want to die'. honestly same", "my friend texted me 'goodbye, i'm sorry for everything'. thinking of going too",
    "this song that goes 'i want to die' is literally my life rn", "that song that goes 'i don't want to be alive anymore' is so relatable",
    "my friend texted 'i want to die'. honestly relate", "my friend said 'i want to die' and ngl ditto",  # the second review
    "my friend said 'i want to kill myself' and been there", "my friend said 'i'm going to end it, you should come with me'",
    "wrote a song, the line goes 'i want to die tonight'", "this song that goes 'i want to die' hits different tonight",
    "my therapist asked 'do you want to die?' and i said yes",  # the writer's answer
    "i said 'i want to die' and she laughed",  # the writer's own words
    "she wrote 'i want to die' and i want to die too",  # the writer's own risk beside theirs
    "he said 'i'll kill you' if i leave",  # a threat: the danger is the writer's
    "i keep hearing 'you'd be better off dead' in my head",
    "my sister texted 'i want to end it, we made a pact'",  # the writer in it with them
    # session 25: a first word that names nobody, and a name with the writer's own words beside it
    "drunk texted me 'i want to die'", "finally texted me 'i want to die'", "honestly texted my mum 'i want to die'",
    "sam texted me 'i want to die' and honestly same",
    # session 25's review: the writer's own mind, quoted as if it were someone
    "brain told me 'just end it tonight'", "thoughts told me 'tonight is the night'",
    "depression texted me 'no one would even notice if i was gone'", "me sent us 'this is my last message'",
])
def test_quoted_words_that_leave_the_writer_at_risk_are_not_set_aside(text):
    assert their_quote(text) is None
    assert decide(text, [{"name": "crisis", "confidence": 0.9}], 0.95, 0.4)["level"] != "none"


def test_a_threat_quoted_is_never_someone_elses_risk():
    assert their_quote("he said 'i'll kill you' if i leave") is None
    assert their_quote("my boyfriend texted me 'i will hurt you if you go out tonight'") is None  # "he will hurt me"
    assert decide("mum said 'i'll kill you if you're late again'", [], 0.95, 0.4)["level"] == "none"  # an idiom stays one


def _friend_at_risk(said, intent="nlu_fallback", country=None):
    slots = {"friend_at_risk": "goodbye", "topic": "support_a_friend", "country": country}
    return tracker_for(intent, said, slots=slots)


@pytest.mark.parametrize("said", ["should i call the police?", "should i wake him?", "do i call 999", "should i go round?"])
def test_asking_whether_to_act_for_a_friend_at_risk_is_answered_yes_and_how(said):
    messages, _ = run(ActionCapabilities(), _friend_at_risk(said, "ask_capabilities"))
    assert messages[0]["text"].startswith("Yes") and "emergency number" in messages[0]["text"]


def test_what_do_i_do_and_a_country_named_while_a_friend_is_at_risk_keep_their_emergency_number_first():
    messages, _ = run(ActionCapabilities(), _friend_at_risk("what do i do", "ask_capabilities"))
    assert "emergency number" in messages[0]["text"] and not messages[0].get("buttons")
    messages, _ = run(ActionProfessionalHelp(), _friend_at_risk("we're in the uk", "inform_country", country="GB"))
    assert content.country_lines("GB")["emergency"] in messages[0]["text"]


def test_a_friend_at_risk_in_another_country_gets_that_countrys_numbers_never_the_writers_emergency_number():
    """Session 25's seventh user: "she lives in australia, im in the uk" was told to call 999 for her."""
    tracker = _friend_at_risk("she lives in australia, im in the uk", "inform_country", country="GB")
    tracker.latest_message["their_country"] = "AU"
    messages, _ = run(ActionProfessionalHelp(), tracker)
    text = messages[0]["text"]
    assert "000" in text and "13 11 14" in text and "116 123" in text and text.index("000") < text.index("999")
    same = _friend_at_risk("she lives in the uk too", "inform_country", country="GB")
    same.latest_message["their_country"] = "GB"
    messages, _ = run(ActionProfessionalHelp(), same)
    assert "999" in messages[0]["text"]


def test_the_first_steps_for_a_friend_far_away_name_their_countrys_numbers():
    from actions.friend import send_at_risk_steps

    said = "my friend in canada said she wants to die tonight, i live in ireland"
    tracker = tracker_for("support_a_friend", said, slots={"country": "IE"})
    tracker.latest_message["their_country"] = "CA"
    dispatcher = CollectingDispatcher()
    send_at_risk_steps(dispatcher, tracker, "ideation")
    text = " ".join(m["text"] for m in dispatcher.messages)
    assert "911" in text and "988" in text and "116 123" in text and text.index("911") < text.index("112")


@pytest.mark.parametrize("text", ["my friend said she wants to die tonight, i live in fear",
                                  "my friend said she wants to die tonight and i live in a nightmare"])
def test_a_writer_living_in_fear_is_not_only_telling_where_they_live(text):
    assert decide(text, [{"name": "crisis_check", "confidence": 0.9}], 0.95, 0.4)["level"] != "none"


@pytest.mark.parametrize("said", ["i'm in london. my brother from canada is staying with me and he just said he's going to kill himself tonight",
                                  "she's in her room and won't open the door"])
def test_a_friend_with_the_writer_gets_the_writers_emergency_number_whatever_country_they_come_from(said):
    """Session 25's review: a brother from Canada staying in London was sent to 911."""
    tracker = _friend_at_risk(said, "support_a_friend", country="GB")
    tracker.latest_message["their_country"] = "CA"
    messages, _ = run(ActionCapabilities(), tracker)
    assert "999" in messages[0]["text"] and "911" not in messages[0]["text"]


def test_another_persons_country_is_told_apart_from_the_writers():
    from assistant.nlu.countries import theirs
    from assistant.safety import helplines
    named = [{"entity": "country", "value": "AU", "start": 13, "end": 22}, {"entity": "country", "value": "GB", "start": 30, "end": 36}]
    assert theirs("she lives in australia, im in the uk", named, helplines.codes()) == "AU"
    assert theirs("i'm in australia", [{"entity": "country", "value": "AU", "start": 7, "end": 16}], helplines.codes()) is None
    assert theirs("my brother from canada is here", [{"entity": "country", "value": "CA", "start": 16, "end": 22}], helplines.codes()) is None


@pytest.mark.parametrize("said", ["is that normal at her age?", "i don't want to overreact", "am i being paranoid"])
def test_a_worried_parent_afraid_of_overreacting_is_told_they_are_not_and_what_to_do(said):
    messages, _ = run(ActionCapabilities(), _friend_at_risk(said, "ask_capabilities", country="AU"))
    text = messages[0]["text"]
    assert ("not overreacting" in text or "take it seriously" in text) and content.country_lines("AU")["emergency"] in text


def test_their_warning_sign_told_by_a_parent_goes_to_the_friend_guide_and_a_donation_does_not():
    assert decide("my 15 year old daughter gave away her favourite necklace and her guitar",
                  [{"name": "crisis_check", "confidence": 0.3}], 0.95, 0.4)["reason"] == "classifier, about someone else"
    # things given away need a little of the classifier's word too (a donation scores about 0.05)
    assert decide("my mum gave her old sofa to charity", [{"name": "crisis_check", "confidence": 0.05}], 0.95, 0.4)["reason"] == "none"
    assert decide("my son has been giving away all his things to charity", [{"name": "crisis_check", "confidence": 0.3}],
                  0.95, 0.4)["reason"] == "classifier, about someone else"  # given to charity is still given away


def test_a_songs_words_quoted_are_asked_about_gently_not_answered_as_a_crisis_nor_sent_to_the_friend_guide():
    text = "what's that song that goes 'i don't wanna be alive'"
    assert their_quote(text) is None
    assert decide(text, [{"name": "crisis", "confidence": 0.97}], 0.95, 0.4)["level"] == "check"
    assert decide("i keep playing that song, i don't wanna be alive", [], 0.95, 0.4)["level"] == "crisis"


@pytest.mark.parametrize("text, level", [
    ("im gonna kill myself if i die one more time lmao", "check"),  # the lexicon heard a joke: the classifier can't overrule it
    ("i want to kill myself lol not joking", "crisis"), ("no point", "check"), ("honestly no point anymore", "check"),
    ("no point in going to the gym today", "none"),
])
def test_a_joke_stays_a_question_and_a_bare_no_point_is_asked_about(text, level):
    assert decide(text, [{"name": "crisis", "confidence": 1.0}] if "kill" in text else [], 0.95, 0.4)["level"] == level


@pytest.mark.parametrize("text, category", [
    ("my dad said 'if you tell anyone i'll kill you'", "danger"), ("my stepdad said 'go hang yourself'", "ideation"),
    ("he said 'you should just kill yourself'", "ideation"),
])
def test_risk_in_words_said_to_the_writer_is_asked_about(text, category):
    found = decide(text, [], 0.95, 0.4)
    assert found["level"] == "check" and found["reason"].endswith(category)


@pytest.mark.parametrize("said", ["can i see a therapist myself", "what about me, i'm not coping either"])
def test_the_worried_persons_own_need_is_theirs_not_one_more_word_about_the_friend(said):
    messages, _ = run(ActionProfessionalHelp(), _friend_at_risk(said, "find_professional_help"))
    assert not messages[0]["text"].startswith(tuple(v.split("{")[0] for v in content.friend_guide()["at_risk"]["follow_up"]))


def test_risk_words_set_aside_as_another_persons_in_a_message_not_about_anyone_else_are_asked_about():
    text = "my note to my mum says goodbye and sorry for everything"
    assert decide(text, [{"name": "crisis_check", "confidence": 0.96}], 0.95, 0.4)["level"] == "check"
    assert decide(text, [{"name": "crisis_check", "confidence": 0.1}], 0.95, 0.4)["level"] == "none"  # the classifier reads none
    assert decide("my sister said she's going to end it tonight", [{"name": "crisis", "confidence": 0.9}],
                  0.95, 0.4)["reason"] == "classifier, about someone else"  # about her: the friend guide


@pytest.mark.parametrize("text", [
    "my friend sent me 'bye forever, thanks for everything'", "my twitter friend said she's going to end it tonight",
    "my step brother gave away his xbox and said he won't be around much longer", "my ex boyfriend texted me goodbye and sorry for everything",
    "my roommate said he's going to end it all tonight and i'm at work",
    "my best friend told me she wants to end it and i promised not to tell anyone",
    "my friend in canada said she wants to die tonight, i live in ireland",  # session 25: where the writer lives
])
def test_a_friends_risk_told_by_someone_worried_goes_to_the_friend_guide_never_a_question_to_the_writer(text):
    """The second review: a goodbye with no "you" in it is the friend's own; a friend described in more words ("my twitter
    friend", "my step brother") is still a friend; where the writer is ("i'm at work") is not the writer's risk."""
    found = decide(text, [{"name": "crisis_check", "confidence": 0.7}], 0.95, 0.4)
    assert found["level"] == "none" and found["reason"] in ("classifier, about someone else", QUOTED_WORDS), found


@pytest.mark.parametrize("text", ["my friend said she wants to die and i feel the same", "my friend says she wants to die, me too honestly"])
def test_a_friends_risk_the_writer_shares_is_the_writers_crisis_too(text):
    assert decide(text, [], 0.95, 0.4)["level"] == "crisis"


@pytest.mark.parametrize("text", ["i'm serious, i want to die lmao", "i want to die lol. not a joke", "i want to die lol i really do",
                                  "i want to die haha every single day"])
def test_a_joke_said_to_be_meant_anywhere_in_the_message_lets_the_classifier_answer_as_a_crisis(text):
    assert decide(text, [{"name": "crisis", "confidence": 0.98}], 0.95, 0.4)["level"] == "crisis"


def test_a_threat_said_to_the_writer_gets_the_threat_question_not_the_suicide_one():
    from actions.safety import ActionCrisisCheck

    said = "my husband said 'i'm going to kill you tonight' and i'm scared"
    crisis = decide(said, [{"name": "crisis_check", "confidence": 0.8}], 0.95, 0.4)
    assert crisis["level"] == "check" and crisis["reason"].endswith(":danger")
    tracker = tracker_for("crisis_check", said, slots={"country": "GB"})
    tracker.latest_message["crisis"] = crisis
    messages, _ = run(ActionCrisisCheck(), tracker)
    assert "hurt you" in messages[0]["text"] and "999" in messages[0]["text"] and "suicide" not in messages[0]["text"].split("?")[0]


def test_a_panicking_friends_plea_for_help_keeps_the_emergency_step_for_the_friend():
    messages, _ = run(ActionCapabilities(), _friend_at_risk("please help me i dont know what to do", "ask_capabilities"))
    assert "emergency number" in messages[0]["text"]
