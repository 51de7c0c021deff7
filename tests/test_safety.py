"""The crisis lexicon and the detector's decision rule, in isolation (no model needed)."""
import pytest

from assistant.nlu.crisis import decide
from assistant.safety.lexicon import assess, normalise

RISK = {
    "ideation": ["i want to kill myself", "im sucidal tbh", "i wnat to die", "kms", "thinking about ending my life",
                 "parked up by the cliffs after dark. thinking about stepping off", "stood on the bridge tonight wondering about just going over"],
    "passive": ["i wish i could go to sleep and never wake up", "i don't want to exist anymore", "i dont want to live anymore"],
    "self_harm": ["i really want to self harm", "i cut myself again last night", "the urge to hurt myself is so strong", "relapsed after 6 months clean from self harm"],
    "plan_means": ["i've been stockpiling my pills", "how many pills would it take to not wake up", "i bought a rope yesterday",
                   "sat on the windowsill of my 12th floor flat for an hour tonight", "i've got the tablets ready", "one of these nights i may not climb back in",
                   "i keep driving out to the cliff road after dark. worked out when nobody would be around"],
    "preparation": ["i wrote letters to everyone i love", "i've sorted my will and said my goodbyes"],
    "goodbye": ["this is goodbye, thank you for everything", "i won't be around after tonight", "i'm leaving this place for good tonight"],
    "burden": ["everyone would be better off without me", "i'm just a burden to my family", "they wouldn't even notice if i was gone"],
    "overdose": ["i took a whole pack of paracetamol", "i swallowed all my sleeping pills an hour ago"],
    "danger": ["my partner is hitting me and i'm scared he'll kill me", "i'm not safe at home", "he threatened to kill me tonight",
               "not feeling safe tonight", "i'm not sure i'm safe", "i'm in danger", "i won't be safe tonight", "he says he'll kill me if i leave him",
               "he will kill me if i break up with him", "my boyfriend will hurt me if i miss his call",
               "i was safe earlier but not now", "safe? not really", "i cant promise ill be safe", "i'm not safe with him in the house"],
    "buried": [
        "work has been awful, my boss hates me, rent is due and honestly lately i've been thinking everyone would manage "
        "fine if i just wasn't around anymore, anyway sorry for the rant, how do i deal with a boss like that",
    ],
}
NOT_RISK = [
    "this traffic is killing me", "i'd die for a coffee", "i'm dead tired", "how do i kill a process in linux",
    "years ago i was suicidal, now i'm doing well", "my friend says she wants to die, how do i help her",
    "i'm not suicidal, just tired", "what are the signs someone is suicidal", "i nearly died laughing",
    "i want to die of embarrassment", "my phone battery died", "why do people self harm",
    "i used to self harm as a teen but i'm years clean and happy", "i would never hurt myself but i feel so low",
    "i sat at the window of my 3rd floor office all afternoon", "i might not step back into teaching after this year",
    "i will not step down from the committee", "what time is the gym quietest", "the bridge was busy, so we took the ferry",
    "i keep track of my moods and go running when it is quiet", "we built a platform for volunteers, nobody was around to help",
    "we walked along the cliffs and i was thinking about walking off the big lunch",
    "thinking about walking off the job, the roof repairs are endless", "the bridge was shut so i thought about going over by ferry",
    "i keep thinking about jumping off the diving board at the pool",
    "i am in danger of failing my course", "not feeling safe on the road in this snow", "i don't think i'm in danger, just sad",
    "i don't feel safe telling my boss how i feel", "the bridge is not safe for cars", "i feel safe here but not really happy",
    "it's not safe to drive in this snow", "i'm not going to do anything tonight, i'm safe",
    "that's odd, my phone died", "i have a plan for the weekend",
    "my dad will kill me if i fail chemistry", "my prescription is ready to collect", "got my pills ready for the holiday", "mum's going to kill me if i get another detention",
]


@pytest.mark.parametrize("text", [t for group in RISK.values() for t in group])
def test_risk_is_found(text):
    assert assess(text).risk, assess(text).reason()


@pytest.mark.parametrize("text", NOT_RISK)
def test_no_risk_where_there_is_none(text):
    assert not assess(text).risk, assess(text).reason()


EVERYDAY = ["I need to cut myself some slack", "I cut myself off from my friends after the move", "I burned myself cooking dinner",
            "I hurt myself by trusting him again", "I'm killing myself working these hours", "I've been starving myself of sleep",
            "I wrote a letter to my dad that I'll never send"]


@pytest.mark.parametrize("text", EVERYDAY)
def test_everyday_phrases_that_begin_like_risk_are_not_risk(text):
    assert not assess(text).risk, assess(text).reason()


@pytest.mark.parametrize("text", ["i cut myself with a knife last night", "i'm killing myself slowly", "i've been starving myself",
                                  "i burned myself on purpose", "i hurt myself by cutting"])
def test_the_same_words_without_the_everyday_ending_are_still_risk(text):
    assert assess(text).risk, assess(text).reason()


def test_someone_hurting_you_long_ago_is_not_immediate_danger_unless_it_goes_on():
    assert assess("my father beat me as a child, how do i forgive him").reason() == "being_hurt(past)"
    assert not assess("my ex used to hit me when he was drunk").risk
    for text in ["he used to just shout but now he hits me", "he hit me years ago and he has started again", "my dad hit me again tonight"]:
        assert assess(text).risk, text


def test_giving_things_away_asks_rather_than_alarms():
    assert assess("i've been giving all my things away").level == "check"


def test_contractions_and_typos_are_expanded():
    assert normalise("I'm gonna kil myslef") == ["i", "am", "going", "to", "kill", "myself"]
    assert normalise("self-harm") == ["self", "harm"]


def test_friend_at_risk_is_explained_away_not_ignored():
    found = assess("my brother told me he wants to die")
    assert found.explained_away and found.matches[0].cancelled_by == "someone else"


@pytest.mark.parametrize("text", [
    "does therapy work for people who have written a goodbye note? i wrote mine on sunday",
    "my friend wants to die and honestly so do i", "my cousin has been self harming. me too, lately",
    "my sister said she wants to die and honestly same", "my friend keeps saying she wants to die. same tbh",
])
def test_someone_elses_risk_the_writer_claims_too_stands(text):
    assert assess(text).risk, assess(text).reason()


@pytest.mark.parametrize("text", ["my friend wants to die and we go to the same school", "my mum says she wants to die, same as last year"])
def test_the_same_of_something_else_is_not_the_writer_claiming_it(text):
    assert not assess(text).risk, assess(text).reason()


def test_a_kind_word_to_someone_at_risk_is_not_the_same_claim():
    found = assess("my friend says she wants to die, i told her i love her too")
    assert not found.risk and found.explained_away


@pytest.mark.parametrize("text", ["one more bad week and i'm out permanently", "after tonight i'm done for good", "i'm checking out forever"])
def test_being_out_for_good_asks(text):
    assert assess(text).level == "check", assess(text).reason()


@pytest.mark.parametrize("text", ["i'm leaving this town for good in march, new job", "i'm done for good with dating apps"])
def test_leaving_a_place_or_habit_for_good_is_not_a_goodbye(text):
    assert assess(text).level == "none", assess(text).reason()


def ranking(**scores):
    return [{"name": name, "confidence": value} for name, value in sorted(scores.items(), key=lambda kv: -kv[1])]


def test_pattern_wins_over_a_confident_classifier():
    decision = decide("i took all my pills", ranking(feeling_drained=0.9, crisis=0.05), threshold=0.4, check_threshold=0.3)
    assert decision["level"] == "crisis" and decision["reason"].startswith("pattern:overdose")


def test_classifier_alone_can_flag_crisis():
    decision = decide("nothing matters and i have a plan for friday", ranking(crisis=0.7, feeling_depressed=0.2), threshold=0.4, check_threshold=0.3)
    assert decision["level"] == "crisis" and decision["reason"] == "classifier"


def test_classifier_crisis_is_overruled_when_every_risk_phrase_is_explained_away():
    decision = decide("years ago i wanted to die, but i'm doing well now", ranking(crisis=0.8, feeling_better=0.15), threshold=0.4, check_threshold=0.3)
    assert decision["level"] == "none" and decision["reason"].startswith("explained away")


@pytest.mark.parametrize("text", ["my friend says she wants to die", "my sister said she's going to end it tonight",
                                  "my coworker said he has a plan to end it this weekend"])
def test_another_persons_risk_told_by_someone_worried_is_the_friend_guide(text):
    """Every risk phrase theirs, and nothing of the writer's own: the friend guide (its at-risk steps), never the
    next-best intent given no risk ("that's outside what I can help with")."""
    from assistant.nlu.crisis import ABOUT_SOMEONE_ELSE

    decision = decide(text, ranking(crisis=0.85, out_of_scope=0.1), threshold=0.95, check_threshold=0.45)
    assert decision["level"] == "none" and decision["reason"] == ABOUT_SOMEONE_ELSE
    mine = decide("my sister said she's going to end it tonight and i want to as well", ranking(crisis=0.9), threshold=0.95, check_threshold=0.45)
    assert mine["level"] != "none"


def test_low_classifier_score_without_patterns_is_not_crisis():
    assert decide("i feel a bit low today", ranking(feeling_depressed=0.8, crisis=0.1), threshold=0.4, check_threshold=0.3)["level"] == "none"


def test_warning_signs_without_explicit_words_ask_rather_than_alarm():
    decision = decide("i've made up my mind, tonight's the night", ranking(confirm_safe=0.85, crisis=0.05), threshold=0.7, check_threshold=0.4)
    assert decision["level"] == "check" and decision["reason"].startswith("pattern:warning")


def test_a_crisis_score_on_a_wish_said_with_not_asks_rather_than_alarms():
    decision = decide("i am not want to kill me, only sad", ranking(crisis=0.97, feeling_depressed=0.02), threshold=0.95, check_threshold=0.45)
    assert decision["level"] == "check" and decision["reason"] == "classifier, wish denied"


def test_a_not_before_anything_but_a_wish_leaves_a_crisis_score_standing():
    decision = decide("i'm never going to wake up again if i take them all", ranking(crisis=0.97), threshold=0.95, check_threshold=0.45)
    assert decision["level"] == "crisis"


def test_warning_signs_with_no_sign_of_another_persons_stay_the_writers():
    decision = decide("he left, nothing matters now, cant do this anymore", ranking(crisis_check=0.7), threshold=0.95, check_threshold=0.45)
    assert decision["level"] == "check"


def test_warning_signs_told_of_another_person_go_to_the_friend_guide():
    decision = decide("my friend texted me goodbye and thanks for everything", ranking(crisis_check=0.7, support_a_friend=0.02),
                      threshold=0.95, check_threshold=0.45)
    assert decision["level"] == "none" and decision["reason"] == "classifier, about someone else"


def test_a_middling_crisis_score_asks_rather_than_alarms():
    decision = decide("everything is grey and pointless", ranking(crisis=0.5, feeling_depressed=0.4), threshold=0.7, check_threshold=0.4)
    assert decision == {"level": "check", "reason": "classifier", "score": 0.5, "crisis_score": 0.5}


def detected(text, **scores):
    """The intent the crisis detector leaves on a message the classifier ranked so."""
    from rasa.shared.nlu.training_data.message import Message

    from assistant.nlu.crisis import CrisisDetector

    ranked = ranking(**scores)
    message = Message(data={"text": text, "intent": dict(ranked[0]), "intent_ranking": ranked})
    CrisisDetector({**CrisisDetector.get_default_config(), "classifier_threshold": 0.9, "check_threshold": 0.6}).process([message])
    return message.get("intent")


def test_an_unsure_risk_score_leaves_the_next_best_intent_as_if_risk_were_ruled_out():
    # crisis 0.5 is below both thresholds; out_of_scope has 0.25 of the 0.5 left: 0.5 given no risk
    intent = detected("what is the fastest way to kill weeds on a patio", crisis=0.5, out_of_scope=0.25, request_exercise=0.1)
    assert intent["name"] == "out_of_scope" and intent["confidence"] == pytest.approx(0.5)


def test_a_weak_or_tied_next_best_still_asks_what_they_meant():
    assert detected("hmm", crisis=0.55, out_of_scope=0.1, greet=0.09)["name"] == "nlu_fallback"
    assert detected("hmm", crisis=0.4, out_of_scope=0.2, greet=0.19)["name"] == "nlu_fallback"


def test_a_fallback_without_risk_stays_a_fallback():
    assert detected("blue", nlu_fallback=1.0, out_of_scope=0.25, greet=0.2, crisis=0.01)["name"] == "nlu_fallback"


def test_a_safe_reading_of_words_that_state_no_safety_never_stands():
    """The classifier may hear "safe" in pills and plans; without safety said in some words it is
    a direct question when a means is named, else the next-best reading."""
    assert detected("everything's set now, the tablets are on the shelf", confirm_safe=0.6, feeling_better=0.3)["name"] == "crisis_check"
    assert detected("it's all quiet at last", confirm_safe=0.6, feeling_better=0.35)["name"] == "feeling_better"
    assert detected("it's all quiet at last", confirm_safe=0.9, feeling_better=0.05)["name"] == "nlu_fallback"


def test_a_risk_score_set_aside_never_leaves_safety_in_its_place():
    """Crisis just under the threshold with "safe" next: words that state no safety are never read as safety."""
    assert detected("the nights are really bad lately", crisis=0.45, confirm_safe=0.4, feeling_depressed=0.1)["name"] != "confirm_safe"
    assert detected("the nights are really bad lately", crisis=0.45, confirm_safe=0.2, feeling_depressed=0.3)["name"] == "feeling_depressed"
    assert detected("i'm safe, just sad", crisis=0.45, confirm_safe=0.5, feeling_depressed=0.02)["name"] == "confirm_safe"


@pytest.mark.parametrize("text", ["the urges are really bad tonight", "fighting the urges again", "struggling with urges today"])
def test_urges_with_nothing_named_get_the_question_about_hurting_themselves(text):
    assessment = assess(text)
    assert [(m.level, m.category) for m in assessment.matches if m.cancelled_by is None] == [("check", "self_harm_sign")]


@pytest.mark.parametrize("text", ["resisting the urge to buy more shoes", "fighting the urge to text my ex", "my urges to smoke are really bad since i quit"])
def test_urges_for_everyday_things_are_not_risk(text):
    assert not [m for m in assess(text).matches if m.cancelled_by is None]


@pytest.mark.parametrize("text", [
    "im safe now", "my brother is staying with me tonight", "rang the crisis line and i'm ok", "i flushed the pills",
    "the urge has passed", "i'm in a&e and they're looking after me", "i promise i won't do anything",
])
def test_safety_said_in_many_ways_stands(text):
    assert detected(text, confirm_safe=0.8, affirm=0.1)["name"] == "confirm_safe"


@pytest.mark.parametrize("text", ["dying to see the new season", "my feet are killing me after that shift",
                                  "killing it at the gym today", "bored to death in this meeting"])
def test_everyday_hyperbole_alone_is_not_a_reason_to_ask(text):
    decision = decide(text, ranking(crisis=0.3, crisis_check=0.4, out_of_scope=0.3), threshold=0.9, check_threshold=0.5)
    assert decision["level"] == "none" and decision["reason"] == "explained away:everyday hyperbole"


def test_hyperbole_never_silences_a_crisis_level_score():
    decision = decide("dying to see the new season", ranking(crisis=0.96, out_of_scope=0.04), threshold=0.95, check_threshold=0.5)
    assert decision["level"] == "check"


@pytest.mark.parametrize("text", ["these thoughts will be the death of me, i can't fight them much longer",
                                  "i'm scared to death of what i might do to myself tonight",
                                  "this depression is going to be the death of me",
                                  "worried to death, i have the pills in front of me",
                                  "dying to see him again. soon i will be with him",
                                  "i'm dying to know what's on the other side",
                                  "i'm dead tired, i just want to sleep and never wake",
                                  "killing it at work but i want to disappear",
                                  "i would die for this pain to stop",
                                  # session 26: the everyday moments, with risk beside them
                                  "i want to disappear under my duvet forever", "they went out without me, i'm such a burden",
                                  "my ex texted me and i want to die", "i just want to sleep in tomorrow and never wake up",
                                  "i want to disappear under the covers and never come out",
                                  "done with exams and done with life", "i want to crawl into a hole and die",
                                  "i just want to get away from it all, forever",
                                  # session 26's review: risk without a death word beside an everyday moment
                                  "it's not the end of the world, i've made up my mind anyway",
                                  "i've had it up to here with life, i can't keep doing this",
                                  "they went out without me. soon they won't have to worry about me at all",
                                  "i want to sleep in till nothing hurts anymore", "my ex texted me. i'm so tired of fighting to stay",
                                  "i dont want to worry them so im not telling anyone what im planning",
                                  "just needed to vent. i've started writing letters to people"])
def test_hyperbole_does_not_hide_risk_around_it(text):
    """A reviewer's risk messages that contain a hyperbole phrase: a high score still asks or answers."""
    for scores in (dict(crisis=0.3, crisis_check=0.5, out_of_scope=0.2), dict(crisis=0.97, out_of_scope=0.03)):
        assert decide(text, ranking(**scores), threshold=0.95, check_threshold=0.5)["level"] != "none", (text, scores)


@pytest.mark.parametrize("text", ["i finally made my decision and it's like a weight is off", "i've decided. i feel strangely calm",
                                  "wrote letters to my son and my wife last night. just wanted to say thanks before i go"])
def test_a_decision_with_sudden_calm_or_letters_to_loved_ones_asks(text):
    assert assess(text).level == "check", assess(text).reason()


@pytest.mark.parametrize("text", ["we made the decision to sell the house and i'm so relieved", "i feel weirdly calm today",
                                  "i write letters to my daughter at camp every week"])
def test_a_decision_about_something_or_calm_alone_is_not_a_warning(text):
    assert assess(text).level == "none", assess(text).reason()


def test_a_denial_covers_its_own_words_and_a_high_crisis_score_beside_it_asks():
    text = "not gonna kill myself but i wouldnt mind if a bus hit me"
    decision = decide(text, ranking(crisis=0.95, out_of_scope=0.03), threshold=0.95, check_threshold=0.45, denied_threshold=0.8)
    assert decision["level"] == "check" and decision["reason"] == "classifier, risk beside a denial"
    assert decide(text, ranking(crisis=0.95, out_of_scope=0.03), threshold=0.95, check_threshold=0.45)["level"] == "none"


@pytest.mark.parametrize("text", ["im not suicidal or anything, just exhausted from work", "my sister told me she wants to die"])
def test_a_denial_or_another_persons_risk_with_a_low_crisis_score_stays_none(text):
    assert decide(text, ranking(crisis=0.3, feeling_drained=0.6), threshold=0.95, check_threshold=0.45, denied_threshold=0.8)["level"] == "none"


def test_another_persons_risk_is_never_asked_about_as_a_denial():
    decision = decide("my sister told me she wants to die", ranking(crisis=0.9), threshold=0.95, check_threshold=0.45, denied_threshold=0.8)
    assert decision["level"] == "none"


def test_one_sentence_of_a_long_message_alone_at_a_crisis_score_asks():
    from assistant.nlu.crisis import risky_sentence

    sentences = [("work has been hard", ranking(feeling_drained=0.9, crisis=0.05)),
                 ("lately i keep thinking about ending things", ranking(crisis=0.8, crisis_check=0.1))]
    found = risky_sentence(sentences, threshold=0.95, check_threshold=0.45, sentence_threshold=0.7)
    assert found is not None and found["crisis_score"] == pytest.approx(0.8)
    assert risky_sentence(sentences[:1], threshold=0.95, check_threshold=0.45, sentence_threshold=0.7) is None


@pytest.mark.parametrize("text", ["my sister told me she wants to die",
                                  "i have never once wanted to die", "my feet are killing me after that shift"])
def test_a_sentence_explained_away_does_not_ask_however_it_scores(text):
    from assistant.nlu.crisis import risky_sentence

    assert risky_sentence([(text, ranking(crisis=0.8, out_of_scope=0.2))], threshold=0.95, check_threshold=0.45,
                          sentence_threshold=0.7) is None


def test_a_short_message_about_a_feeling_asks_at_a_lower_risk_score():
    """config.yml: the same middling risk score asks when the message's best other reading is a feeling or a need,
    not when it is an everyday question; a long message keeps its own, higher threshold."""
    from rasa.shared.nlu.training_data.message import Message

    from assistant.nlu.crisis import CrisisDetector

    detector = CrisisDetector({**CrisisDetector.get_default_config(), "classifier_threshold": 0.95, "check_threshold": 0.45,
                               "long_check_threshold": 0.6, "feeling_check_threshold": 0.35,
                               "feeling_intents": ["feeling_depressed", "need_help"]})

    def level(text, **scores):
        ranked = ranking(**scores)
        message = Message(data={"text": text, "intent": dict(ranked[0]), "intent_ranking": ranked})
        detector.process([message])
        return message.get("crisis")["level"]

    assert level("everything feels heavy and i'm so tired of it", feeling_depressed=0.55, crisis=0.25, crisis_check=0.15) == "check"
    assert level("everything feels heavy and i'm so tired of it", feeling_depressed=0.65, crisis=0.2, crisis_check=0.1) == "none"
    assert level("what time does the pharmacy close", out_of_scope=0.55, crisis=0.25, crisis_check=0.15) == "none"
    assert level(" ".join(["everything feels heavy"] * 15), feeling_depressed=0.55, crisis=0.25, crisis_check=0.15) == "none"


def test_the_feeling_intents_in_the_config_are_intents_of_the_domain():
    import yaml

    from tests.conftest import ROOT

    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    detector = next(c for c in config["pipeline"] if c["name"] == "assistant.nlu.crisis.CrisisDetector")
    intents = {i if isinstance(i, str) else next(iter(i)) for i in yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["intents"]}
    assert detector["feeling_intents"] and set(detector["feeling_intents"]) <= intents - {"crisis", "crisis_check"}


@pytest.mark.parametrize("text", ["my sister said she's going to end it tonight, we made a pact",
                                  "my dad said he is going to end it all tonight and take us with him"])
def test_another_persons_risk_with_the_writer_in_it_is_a_crisis(text):
    assert decide(text, ranking(crisis=0.5, support_a_friend=0.4), threshold=0.95, check_threshold=0.45)["level"] == "crisis"


@pytest.mark.parametrize("text", ["my ex texted me after 6 months and now i cant stop thinking about it",
                                  "I'm saving up for a holiday, can't wait to get away from it all"])
def test_an_everyday_moment_with_more_beside_it_still_asks(text):
    """Session 26: a list of everyday moments with no death word ("my ex texted me") was tried and taken out after two
    reviews found risk it hid ("not the end of the world. i'm just done"); the classifier's reading stands, and the
    question is the error on the safe side."""
    decision = decide(text, ranking(crisis=0.3, crisis_check=0.4, out_of_scope=0.3), threshold=0.9, check_threshold=0.5)
    assert decision["level"] == "check"
