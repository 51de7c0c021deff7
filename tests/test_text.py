"""The input boundary: commands, odd characters and huge pastes become plain, bounded text; any sender id
names one conversation. Examples first, then properties over generated text (Hypothesis)."""
import os
import tempfile
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from assistant.core.settings import MAX_MESSAGE_CHARS
from assistant.core.text import SLASHES, clean, conversation_id, decode, sender_problem

set_hypothesis_home_dir(os.path.join(tempfile.gettempdir(), "compassion-hypothesis"))  # its caches stay out of the work tree

EXAMPLES = int(os.environ.get("COMPASSION_HYPOTHESIS_EXAMPLES", "1000"))
"""Generated inputs per property; the issue's target run used 10,000 (COMPASSION_HYPOTHESIS_EXAMPLES=10000)."""

PROBES = ["/ /confirm_safe", "/\t/x", "//  /x", "/\u200b/x", "\uff0f \uff0fx", '/ /inform_country{"country":"<script>alert(1)</script>"}']

# The characters an attacker reaches for: slashes and look-alikes, every kind of space, zero-width and bidi
# marks, controls, lone surrogates, the replacement character, full-width forms; mixed with ordinary text.
HOSTILE = st.sampled_from(list(SLASHES) + list(" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2007\u2028\u2029\u202f\u3000")
                          + list("\u200b\u200c\u200d\u2060\ufeff\u00ad\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
                          + list("\x00\x07\x1b\x7f\x9b\ud800\udbff\udc00\udfff\ufffd\uff0f\ufe68\uff3c{}@\"'")
                          + ["confirm_safe", "inform_country", "crisis", "/greet", "@1.0"])
HOSTILE_TEXT = st.lists(st.one_of(HOSTILE, st.text(max_size=4)), max_size=12).map("".join)
ANY_TEXT = st.one_of(HOSTILE_TEXT, st.text())


def test_rasa_command_is_read_as_words():
    assert clean("/crisis") == "crisis"
    assert clean('  //greet{"country": "US"}') == 'greet{"country": "US"}'


def test_the_issues_probes_never_reach_rasa_as_commands():
    cleaned = [clean(probe) for probe in PROBES]
    assert cleaned[:5] == ["confirm_safe", "x", "x", "x", "x"]
    assert cleaned[5].startswith("inform_country")


def test_half_an_emoji_does_not_hide_a_crisis():
    assert clean("I want to end my life \ud83d") == "I want to end my life"
    assert clean("i want to k\u200bill my\u00adself") == "i want to kill myself"


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
    assert clean("我很难过") == "我很难过"


def test_sender_ids():
    assert sender_problem("") and sender_problem(None) and sender_problem(7) and sender_problem("x" * 129)
    assert sender_problem("x" * 128) is None and sender_problem("\ud800") is None
    assert conversation_id("local-user") == "local-user", "plain ids are stored as they are"
    assert conversation_id("\ud800") != conversation_id("\udc00")
    assert conversation_id("a b").startswith("~") and conversation_id("a b").isascii()


@settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_TEXT)
def test_no_input_reaches_rasa_as_a_command(text):
    cleaned = clean(text)
    assert not cleaned.strip().startswith("/"), "Rasa strips the text and obeys a leading slash"
    assert not cleaned or cleaned[0] not in SLASHES and not cleaned[0].isspace()
    assert not any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp") for c in cleaned)
    assert unicodedata.is_normalized("NFKC", cleaned)
    assert "  " not in cleaned and cleaned == cleaned.strip()
    cleaned.encode("utf-8")  # always storable
    assert clean(cleaned) == cleaned, "cleaning twice changes nothing"


@settings(max_examples=EXAMPLES // 3, deadline=None, database=None)
@given(ANY_TEXT, st.integers(min_value=1, max_value=40))
def test_cleaned_text_is_never_longer_than_the_limit(text, limit):
    assert len(clean(text * 5, limit=limit)) <= limit


@settings(max_examples=EXAMPLES // 3, deadline=None, database=None)
@given(st.text(min_size=1, max_size=128), st.text(min_size=1, max_size=128))
def test_every_sender_id_is_stored_under_a_distinct_ascii_id(first, second):
    stored = conversation_id(first)
    assert stored.isascii() and 0 < len(stored) <= 255 and "/" not in stored
    assert (stored == conversation_id(second)) == (first == second)
