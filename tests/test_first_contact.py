"""First contact: the welcome, `help`, and the offline language check (which never hides a crisis)."""
import re

import pytest
import yaml

from assistant.core.local_help import WELCOME
from assistant.nlu import language
from tests.conftest import ROOT

CAN_DO = ("exercise", "friend", "professional help", "crisis line")


def _says_what_it_can_do(text):
    lowered = text.lower()
    return all(word in lowered for word in CAN_DO) and ("not a therapist" in lowered or "not a counsellor" in lowered)


def _no_repeats(turns):
    said = [r.text for t in turns for r in t.replies]
    assert len(said) == len(set(said)), "no message repeated word for word"


def test_the_first_screen_says_what_it_can_do_and_what_it_is_not():
    assert _says_what_it_can_do(WELCOME.text) and "emergency number" in WELCOME.text


def test_every_first_greeting_says_what_it_can_do():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    for variant in domain["responses"]["utter_greet"]:
        if (variant.get("metadata") or {}).get("follow_up"):
            continue  # a short "hello again", said once every full greeting has been
        lowered = variant["text"].lower()
        assert "exercise" in lowered and "crisis lines" in lowered and ("friend" in lowered or "someone" in lowered)
        assert re.search(r"not a (therapist|counsellor)|a program", lowered), variant["text"]


def test_hello_then_help_answer_what_it_can_do_in_other_words(engine, sender):
    hello = engine.handle("hi", sender)
    assert hello.intent == "greet"
    text = hello.replies[0].text.lower()
    assert "exercise" in text and "crisis lines" in text
    helped = engine.handle("help", sender)
    assert helped.intent == "ask_capabilities"
    answer = helped.replies[0].text.lower()
    assert "breathing" in answer and "friend" in answer and "crisis lines" in answer and "not a therapist" in answer
    assert helped.replies[0].buttons, "with choices to start from"
    _no_repeats([hello, helped])


@pytest.mark.parametrize("text", ["what can you do", "how does this work", "help?"])
def test_asking_what_it_can_do(engine, sender, text):
    turn = engine.handle(text, sender)
    assert turn.intent == "ask_capabilities"
    assert "breathing" in turn.replies[0].text.lower()


@pytest.mark.parametrize("text,code", [
    ("je me sens très seul", "fr"),
    ("me siento muy sola y no sé qué hacer", "es"),
    ("ich fühle mich so allein und traurig", "de"),
    ("estou muito triste e sozinho", "pt"),
    ("mi sento molto solo in questi giorni", "it"),
    ("ik voel me zo alleen vandaag", "nl"),
])
def test_another_language_gets_an_apology_in_english_and_the_directory(engine, sender, text, code):
    assert language.detect(text).code == code
    turn = engine.handle(text, sender)
    assert turn.intent == "other_language"
    reply = turn.replies[0].text
    assert "English" in reply and "sorry" in reply.lower() and "findahelpline.com" in reply


@pytest.mark.parametrize("text", ["quiero morir", "je veux me suicider", "eu quero me matar", "ich will nicht mehr leben",
                                  "penso al suicidio", "ik wil dood", "suicide"])
def test_a_crisis_in_any_language_still_gets_the_crisis_answer(engine, sender, text):
    turn = engine.handle(text, sender)
    assert turn.intent == "crisis", text
    assert "911" in turn.replies[0].text and "emergency number" in turn.replies[0].text


def test_another_language_in_crisis_mode_keeps_the_line_in_view(engine, sender):
    crisis = engine.handle("i want to end my life", sender)
    french = engine.handle("je suis toute seule ce soir", sender)
    assert french.intent == "other_language"
    text = " ".join(r.text for r in french.replies)
    assert "English" in text and "findahelpline.com" in text and "safe" in text.lower()
    _no_repeats([crisis, french])


def test_a_whole_first_conversation_has_no_repeats(engine, sender):
    turns = [engine.handle(text, sender) for text in (
        "hello", "help", "je me sens très seul", "sorry, i feel really alone", "i'm in france", "what can you do")]
    assert [t.intent for t in turns][:3] == ["greet", "ask_capabilities", "other_language"]
    _no_repeats(turns)


def test_english_training_sentences_are_never_taken_for_another_language():
    """Every English example the project trains and tests on (thousands, with slang and typos)."""
    english = 0
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")) + sorted((ROOT / "tests" / "nlu").glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if block.get("intent") == language.INTENT_OTHER:
                continue
            for line in str(block.get("examples", "")).splitlines():
                text = line.strip()[2:]
                if text:
                    english += 1
                    assert language.detect(text) is None, (path.name, text)
                    assert language.foreign_crisis(text) is None, (path.name, text)
    assert english > 3000


@pytest.mark.parametrize("text", ["c'est la vie, i guess", "ha ha", "hola amigo", "bonjour", "merci beaucoup",
                                  "I feel so alone today", "déjà vu again, same argument with my mum"])
def test_a_few_borrowed_words_are_still_english(text):
    assert language.detect(text) is None


def test_the_language_file_is_checked():
    raw = yaml.safe_load(language.PATH.read_text(encoding="utf-8"))
    raw["languages"]["fr"]["crisis"] = ["i want to die"]
    with pytest.raises(language.LanguageFileError, match="English words"):
        language.parse(raw)
    raw = yaml.safe_load(language.PATH.read_text(encoding="utf-8"))
    raw["languages"]["fr"]["words"] = []
    with pytest.raises(language.LanguageFileError, match="fr.words"):
        language.parse(raw)


def test_accents_do_not_matter():
    assert language.fold("Très, NÃO, Straße") == "tres, nao, strasse"
    assert language.foreign_crisis("QUIERO MORIR") == ("es", "quiero morir")
