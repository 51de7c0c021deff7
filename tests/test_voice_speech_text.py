"""Reply text as a person would say it aloud (assistant/voice/speech_text.py)."""
import pytest

from assistant.voice.speech_text import number_words, ordinal_words, speakable


@pytest.mark.parametrize("number, words", [
    (0, "zero"), (7, "seven"), (13, "thirteen"), (40, "forty"), (42, "forty-two"), (100, "a hundred"),
    (130, "a hundred and thirty"), (999, "nine hundred and ninety-nine"), (1000, "a thousand"),
    (2024, "two thousand and twenty-four"), (1130, "a thousand one hundred and thirty"),
    (250000, "two hundred and fifty thousand"), (3_000_001, "three million and one"),
])
def test_counts_are_words(number, words):
    assert number_words(number) == words


@pytest.mark.parametrize("number, words", [(1, "first"), (2, "second"), (3, "third"), (12, "twelfth"),
                                           (20, "twentieth"), (21, "twenty-first"), (100, "a hundredth")])
def test_ordinals(number, words):
    assert ordinal_words(number) == words


@pytest.mark.parametrize("text, said", [
    ("remind me at 3pm", "remind me at three p.m."),
    ("at 3 PM", "at three p.m."),
    ("at 3:30 p.m. today", "at three thirty p.m. today"),
    ("next at 15:00", "next at three p.m."),
    ("next at 09:05", "next at nine oh five a.m."),
    ("at 21:45", "at nine forty-five p.m."),
    ("at 00:00 or 12:00", "at midnight or noon"),
    ("at 12am", "at twelve a.m."),
    ("be kind to yourself, at 15:00.", "be kind to yourself, at three p.m."),
])
def test_times_are_said_as_times(text, said):
    assert speakable(text) == said


@pytest.mark.parametrize("text, said", [
    ("findahelpline.com lists lines in more than 130 countries",
     "findahelpline.com lists lines in more than a hundred and thirty countries"),
    ("Box breathing, 4 counts each", "Box breathing, four counts each"),
    ("In for 4, out for 6", "In for four, out for six"),
    ("every 2 hours", "every two hours"),
    ("1,000 people", "a thousand people"),
    ("about 70% of people", "about seventy percent of people"),
    ("on the 21st", "on the twenty-first"),
    ("2.5 minutes", "two point five minutes"),
])
def test_counts_are_said_as_words_not_digits(text, said):
    assert speakable(text) == said


@pytest.mark.parametrize("text, said", [
    ("Samaritans free on 116 123 in the UK", "Samaritans free on one one six, one two three in the UK"),
    ("call or text 988 in the US", "call or text nine eight eight in the US"),
    ("1-800-799-7233", "one, eight zero zero, seven nine nine, seven two three three"),
    ("NHS 111", "NHS one one one"),
    ("Text 50808", "Text five zero eight zero eight"),
    ("Lifeline, call 13 11 14", "Lifeline, call one three, one one, one four"),
    ("the local emergency number (112 works from mobile phones)",
     "the local emergency number (one one two works from mobile phones)"),
])
def test_phone_numbers_are_read_digit_by_digit(text, said):
    assert speakable(text) == said


def test_the_crisis_message_keeps_every_number_dialable():
    text = ("Please call your emergency number now: 911 in the US and Canada, 999 in the UK, 112 in Ireland, "
            "India and across Europe, 000 in Australia, 111 in New Zealand.")
    said = speakable(text)
    for digits in ("nine one one", "nine nine nine", "one one two", "zero zero zero", "one one one"):
        assert digits in said
    assert "hundred" not in said and not any(c.isdigit() for c in said)


def test_addresses_and_quotes():
    assert speakable('Visit https://www.findahelpline.com/about and say “hello”') == "Visit findahelpline dot com and say hello"
