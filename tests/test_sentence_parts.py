"""A long message's sentences, read beside the whole (assistant/nlu/sentence_parts.py)."""
import json
import re

import pytest
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.sentence_parts import MAX_PARTS, PARTS, parts_of, split, with_parts

STORY = ("Work has been a nightmare since the restructure and my team lead keeps moving the goalposts. "
         "My landlord is putting the rent up again in March, and my car needs a new clutch that I can't afford. "
         "My sister says I should look for another job but I barely have the energy to cook. "
         "I sleep badly and wake up at four every morning with my heart racing. ")


def tokenized(text: str) -> Message:
    """A message with word tokens as the project's tokenizer leaves them (punctuation marks dropped)."""
    message = Message(data={TEXT: text})
    message.set(TOKENS_NAMES[TEXT], [Token(m.group(), m.start()) for m in re.finditer(r"[\w']+", text)])
    return message


def test_a_long_message_is_split_at_its_sentence_ends():
    message = tokenized("One two three. Four five? Six seven! Eight... nine")
    split(message, min_words=3)
    assert [part.get(TEXT) for part in parts_of(message)] == ["One two three", "Four five", "Six seven", "Eight", "nine"]
    assert [t.text for t in parts_of(message)[1].get(TOKENS_NAMES[TEXT])] == ["Four", "five"]


def test_a_very_long_message_is_read_in_groups_of_neighbouring_sentences():
    message = tokenized(" ".join(f"Sentence number {n}." for n in range(100)))
    split(message, min_words=40)
    parts = parts_of(message)
    assert len(parts) <= MAX_PARTS and parts[0].get(TEXT).startswith("Sentence number 0") and parts[-1].get(TEXT).endswith("99")


def test_no_split_where_the_offsets_could_be_wrong_or_there_are_no_tokens():
    dotted = tokenized("İ " + STORY)  # "İ" lower-cases to two characters: spaCy's offsets would not be the text's
    split(dotted, min_words=40)
    empty = Message(data={TEXT: ""})
    split(empty, min_words=0)
    assert parts_of(dotted) == [] and parts_of(empty) == []


@pytest.mark.parametrize("text, min_words", [("one two three. four five", 6), ("one long sentence with no end mark at all", 3)])
def test_a_short_or_single_sentence_message_has_no_parts(text, min_words):
    message = tokenized(text)
    split(message, min_words)
    assert parts_of(message) == [] and with_parts([message]) == [message]


def test_the_parts_follow_their_messages_and_never_reach_the_output():
    long, short = tokenized(STORY), tokenized("hello there")
    split(long, min_words=40)
    split(short, min_words=40)
    assert len(parts_of(long)) == 4
    assert with_parts([long, short]) == [long, short, *parts_of(long)]
    output = long.as_dict(only_output_properties=True)
    assert PARTS not in output and json.dumps(output)


def test_risk_told_in_one_sentence_late_in_a_long_post_is_asked_about(engine):
    """The whole post's scores are those of a hard week; the last sentence alone is a crisis score."""
    crisis = engine.parse(STORY + "Lately I have been thinking about ending things.")["crisis"]
    assert crisis["level"] == "check" and crisis["reason"] == "classifier, one sentence", crisis
    assert engine.intent_of(STORY + "Lately I have been thinking about ending things.") == "crisis_check"


@pytest.mark.parametrize("ending", ["Lately I have been thinking about a proper holiday somewhere warm.",
                                    "My best friend told me she has been thinking about ending things."])
def test_a_long_post_without_the_writers_own_risk_is_not_asked_about(engine, ending):
    parse = engine.parse(STORY + ending)
    assert parse["crisis"]["level"] == "none" and PARTS not in parse, parse["crisis"]


def test_a_hedge_elsewhere_in_a_long_post_does_not_silence_a_risky_sentence(engine):
    """"I'm not suicidal or anything" excuses itself only: the sentences are weighed one by one."""
    hedged = "I'm not suicidal or anything, it has just been a hard year. " + STORY + "Lately I have been thinking about ending things."
    assert engine.parse(hedged)["crisis"]["level"] == "check"


def test_sentences_written_on_separate_lines_are_split_after_the_text_boundary(engine):
    """The real tokenizer after ``core.text.clean`` (which folds new lines): full stops still end the sentences."""
    assert engine.parse(STORY.replace(". ", ".\n") + "\nLately I have been thinking about ending things.")["crisis"]["level"] == "check"


def test_a_sentence_that_ends_with_a_question_mark_is_marked_as_a_question():
    from assistant.nlu.sentence_parts import QUESTION

    message = tokenized("One two three. Four five? Six seven! Eight nine")
    split(message, min_words=3)
    assert [bool(part.get(QUESTION)) for part in parts_of(message)] == [False, True, False, False]


def _asked(main, *sentences):
    """A long message read as ``main`` whose sentences are (text, is it a question, top intent, confidence)."""
    from assistant.nlu.sentence_parts import QUESTION

    message = Message(data={TEXT: "long message", "intent": {"name": main, "confidence": 0.8}})
    parts = []
    for text, question, intent, confidence in sentences:
        part = Message(data={TEXT: text, "intent_ranking": [{"name": intent, "confidence": confidence},
                                                            {"name": "crisis", "confidence": 0.01}]})
        part.set(QUESTION, question)
        parts.append(part)
    message.set(PARTS, parts)
    return message


def test_the_requests_among_a_long_messages_questions_are_listed_once_each_in_order():
    from assistant.nlu.also_asked import ALSO_ASKED, AlsoAsked

    component = AlsoAsked({"intents": ["find_professional_help", "set_reminder"], "min_confidence": 0.5})
    message = _asked("feeling_drained", ("my mum has dementia", False, "feeling_drained", 0.9),
                     ("how do i find a support group", True, "find_professional_help", 0.7),
                     ("can you remind me to rest at 3", True, "set_reminder", 0.8),
                     ("where do i find a counsellor", True, "find_professional_help", 0.9),
                     ("i found a counsellor last year", False, "find_professional_help", 0.9),
                     ("is it normal to feel angry", True, "feeling_drained", 0.9),
                     ("what is compassion anyway", True, "learn_about_compassion", 0.9),
                     ("do i need a therapist", True, "find_professional_help", 0.4))
    component.process([message])
    assert message.get(ALSO_ASKED) == ["find_professional_help", "set_reminder"]
    assert "also_asked" in message.as_dict(only_output_properties=True)


@pytest.mark.parametrize("main", ["crisis", "crisis_check", "find_professional_help"])
def test_nothing_else_is_listed_beside_a_crisis_or_the_same_request(main):
    from assistant.nlu.also_asked import ALSO_ASKED, AlsoAsked

    message = _asked(main, ("how do i find a support group", True, "find_professional_help", 0.9))
    AlsoAsked({"intents": ["find_professional_help"], "min_confidence": 0.5}).process([message])
    assert message.get(ALSO_ASKED) is None
