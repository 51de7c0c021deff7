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
