"""Cleaning user input: commands, odd characters and huge pastes become plain, bounded text."""
from assistant.settings import MAX_MESSAGE_CHARS
from assistant.text import clean, decode


def test_rasa_command_is_read_as_words():
    assert clean("/crisis") == "crisis"
    assert clean('  //greet{"country": "US"}') == 'greet{"country": "US"}'


def test_whitespace_and_control_characters_collapse():
    assert clean("  hello\x00\tthere\u200b \n ") == "hello there"
    assert clean(" \t \n") == ""


def test_huge_message_is_trimmed_on_a_word_boundary():
    text = "word " * 10000
    cleaned = clean(text)
    assert 0 < len(cleaned) <= MAX_MESSAGE_CHARS
    assert cleaned.endswith("word")


def test_invalid_utf8_is_replaced_not_fatal():
    assert clean(decode(b"i feel \xff\xfe alone")) == "i feel alone"


def test_emoji_and_other_scripts_survive():
    assert clean("je suis triste 😢") == "je suis triste 😢"
